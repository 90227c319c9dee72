include!("../../../exercises/borrowing/borrow_optional_metrics.rs");
