include!("../../../exercises/channels/chan_shard_scanners.rs");
