include!("../../../exercises/shared_state/shared_gateway_hits.rs");
