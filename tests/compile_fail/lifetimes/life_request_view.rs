include!("../../../exercises/lifetimes/life_request_view.rs");
