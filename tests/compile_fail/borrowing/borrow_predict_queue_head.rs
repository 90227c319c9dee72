include!("../../../exercises/borrowing/borrow_predict_queue_head.rs");
