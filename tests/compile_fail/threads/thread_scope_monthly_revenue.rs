include!("../../../exercises/threads/thread_scope_monthly_revenue.rs");
