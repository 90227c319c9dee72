include!("../../../exercises/closures/closure_predict_digest.rs");
