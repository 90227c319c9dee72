include!("../../../exercises/channels/chan_worker_pool.rs");
