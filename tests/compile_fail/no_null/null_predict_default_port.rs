include!("../../../exercises/no_null/null_predict_default_port.rs");
