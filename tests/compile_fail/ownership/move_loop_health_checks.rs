include!("../../../exercises/ownership/move_loop_health_checks.rs");
