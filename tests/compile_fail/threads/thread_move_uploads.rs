include!("../../../exercises/threads/thread_move_uploads.rs");
