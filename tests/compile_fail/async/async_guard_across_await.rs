include!("../../../exercises/async/async_guard_across_await.rs");
