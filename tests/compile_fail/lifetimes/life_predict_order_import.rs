include!("../../../exercises/lifetimes/life_predict_order_import.rs");
