include!("../../../exercises/ownership/move_closure_config.rs");
