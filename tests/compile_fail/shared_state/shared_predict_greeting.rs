include!("../../../exercises/shared_state/shared_predict_greeting.rs");
