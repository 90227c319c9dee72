include!("../../../exercises/borrowing/borrow_sign_in_session.rs");
