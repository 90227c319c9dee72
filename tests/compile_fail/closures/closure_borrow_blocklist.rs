include!("../../../exercises/closures/closure_borrow_blocklist.rs");
