include!("../../../exercises/send_sync/sync_predict_session_cache.rs");
