include!("../../../exercises/closures/closure_pool_connection.rs");
