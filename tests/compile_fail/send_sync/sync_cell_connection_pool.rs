include!("../../../exercises/send_sync/sync_cell_connection_pool.rs");
