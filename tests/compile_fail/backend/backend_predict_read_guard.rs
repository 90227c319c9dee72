include!("../../../exercises/backend/backend_predict_read_guard.rs");
