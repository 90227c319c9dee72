include!("../../../exercises/threads/thread_predict_export.rs");
