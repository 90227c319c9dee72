include!("../../../exercises/backend/backend_signup_burst.rs");
