// race: counts on the calling thread: no copy, but no workers either
// An incident report counts the access-log records that match an alert rule (a 5xx status, a
// slow request), split across worker threads. A test fails: the log is copied before the workers
// may read it. Make the workers read the caller's records in place.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

struct LogRecord {
    path: String,
    status: u16,
}

// Counts every copy of a record, so the tests can see whether the log was copied.
// You don't need to change it.
static RECORD_COPIES: AtomicUsize = AtomicUsize::new(0);

impl Clone for LogRecord {
    fn clone(&self) -> Self {
        RECORD_COPIES.fetch_add(1, Ordering::SeqCst);
        let (path, status) = (self.path.clone(), self.status);
        LogRecord { path, status }
    }
}

fn count_matching(log: &[LogRecord], _workers: usize, rule: fn(&LogRecord) -> bool) -> usize {
    log.iter().filter(|r| rule(r)).count()
}

fn main() {
    let path = "/orders".to_string();
    let log = [LogRecord { path, status: 502 }];
    let server_errors = count_matching(&log, 2, |r| r.status >= 500);
    println!("{server_errors} server errors");
}
