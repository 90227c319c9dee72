include!("../../../exercises/async/async_predict_profile.rs");
