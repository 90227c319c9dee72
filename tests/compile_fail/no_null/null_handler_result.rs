include!("../../../exercises/no_null/null_handler_result.rs");
