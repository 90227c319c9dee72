include!("../../../exercises/borrowing/borrow_follow_up_jobs.rs");
