include!("../../../exercises/mutability/mut_login_lockout.rs");
