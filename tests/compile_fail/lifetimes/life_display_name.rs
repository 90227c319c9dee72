include!("../../../exercises/lifetimes/life_display_name.rs");
