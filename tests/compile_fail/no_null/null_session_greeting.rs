include!("../../../exercises/no_null/null_session_greeting.rs");
