include!("../../../exercises/lifetimes/life_header_fallback.rs");
