include!("../../../exercises/lifetimes/life_rate_limiter.rs");
