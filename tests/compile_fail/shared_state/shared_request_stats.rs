include!("../../../exercises/shared_state/shared_request_stats.rs");
