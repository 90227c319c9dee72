include!("../../../exercises/lifetimes/life_normalize_tags.rs");
