include!("../../../exercises/lifetimes/life_session_cache.rs");
