include!("../../../exercises/ownership/move_self_method.rs");
