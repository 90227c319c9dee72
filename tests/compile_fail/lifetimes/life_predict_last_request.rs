include!("../../../exercises/lifetimes/life_predict_last_request.rs");
