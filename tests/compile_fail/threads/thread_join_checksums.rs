include!("../../../exercises/threads/thread_join_checksums.rs");
