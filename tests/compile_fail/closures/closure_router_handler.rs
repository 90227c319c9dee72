include!("../../../exercises/closures/closure_router_handler.rs");
