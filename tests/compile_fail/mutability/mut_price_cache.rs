include!("../../../exercises/mutability/mut_price_cache.rs");
