include!("../../../exercises/ownership/move_log_request.rs");
