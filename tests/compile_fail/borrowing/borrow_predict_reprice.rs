include!("../../../exercises/borrowing/borrow_predict_reprice.rs");
