include!("../../../exercises/channels/chan_predict_fan_out.rs");
