include!("../../../exercises/async/async_spawn_welcome.rs");
