include!("../../../exercises/backend/backend_api_error.rs");
