include!("../../../exercises/send_sync/sync_job_notifier.rs");
