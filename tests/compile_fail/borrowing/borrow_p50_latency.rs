include!("../../../exercises/borrowing/borrow_p50_latency.rs");
