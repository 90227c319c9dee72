include!("../../../exercises/closures/closure_alert_registry.rs");
