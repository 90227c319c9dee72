include!("../../../exercises/no_null/null_find_user_signature.rs");
