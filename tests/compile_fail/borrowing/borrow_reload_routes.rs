include!("../../../exercises/borrowing/borrow_reload_routes.rs");
