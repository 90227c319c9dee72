include!("../../../exercises/channels/chan_inventory_actor.rs");
