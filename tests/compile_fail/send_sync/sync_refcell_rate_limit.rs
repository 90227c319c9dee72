include!("../../../exercises/send_sync/sync_refcell_rate_limit.rs");
