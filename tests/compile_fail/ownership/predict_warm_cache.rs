include!("../../../exercises/ownership/predict_warm_cache.rs");
