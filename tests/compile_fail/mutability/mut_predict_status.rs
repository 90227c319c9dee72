include!("../../../exercises/mutability/mut_predict_status.rs");
