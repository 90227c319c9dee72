include!("../../../exercises/async/async_timeout_upstream.rs");
