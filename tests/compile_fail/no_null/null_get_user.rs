include!("../../../exercises/no_null/null_get_user.rs");
