include!("../../../exercises/lifetimes/life_route_mounts.rs");
