include!("../../../exercises/backend/backend_user_json.rs");
