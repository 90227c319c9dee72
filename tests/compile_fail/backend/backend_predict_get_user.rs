include!("../../../exercises/backend/backend_predict_get_user.rs");
