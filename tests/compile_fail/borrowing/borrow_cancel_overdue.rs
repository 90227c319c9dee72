include!("../../../exercises/borrowing/borrow_cancel_overdue.rs");
