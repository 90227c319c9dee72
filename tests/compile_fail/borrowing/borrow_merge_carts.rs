include!("../../../exercises/borrowing/borrow_merge_carts.rs");
