include!("../../../exercises/send_sync/sync_rc_worker_config.rs");
