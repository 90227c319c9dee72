include!("../../../exercises/borrowing/borrow_touch_session.rs");
