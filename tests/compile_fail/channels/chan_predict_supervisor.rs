include!("../../../exercises/channels/chan_predict_supervisor.rs");
