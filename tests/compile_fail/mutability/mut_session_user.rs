include!("../../../exercises/mutability/mut_session_user.rs");
