include!("../../../exercises/async/async_await_in_closure.rs");
