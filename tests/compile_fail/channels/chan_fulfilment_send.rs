include!("../../../exercises/channels/chan_fulfilment_send.rs");
