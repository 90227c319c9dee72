// An incident report counts the access-log records that match an alert rule (a 5xx status, a
// slow request), split across worker threads. A test fails: the log is copied before the workers
// may read it. Make the workers read the caller's records in place.

use std::sync::Arc;
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

fn count_matching(log: &[LogRecord], workers: usize, rule: fn(&LogRecord) -> bool) -> usize {
    // `thread::spawn` only takes data the thread owns, so give the workers a shared copy.
    let shared = Arc::new(log.to_vec());
    let chunk_len = log.len().div_ceil(workers).max(1);
    let mut handles = Vec::new();
    for start in (0..log.len()).step_by(chunk_len) {
        let shared = Arc::clone(&shared);
        handles.push(thread::spawn(move || {
            let end = (start + chunk_len).min(shared.len());
            shared[start..end].iter().filter(|r| rule(r)).count()
        }));
    }
    let counts = handles.into_iter().map(|handle| handle.join().unwrap());
    counts.sum()
}

fn main() {
    let path = "/orders".to_string();
    let log = [LogRecord { path, status: 502 }];
    let server_errors = count_matching(&log, 2, |r| r.status >= 500);
    println!("{server_errors} server errors");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Barrier, mpsc};
    use std::time::Duration;

    fn access_log(size: usize) -> Vec<LogRecord> {
        (0..size)
            .map(|i| LogRecord {
                path: format!("/orders/{i}"),
                status: if i % 10 == 3 { 503 } else { 200 },
            })
            .collect()
    }

    fn server_error(record: &LogRecord) -> bool {
        record.status >= 500
    }

    #[test]
    fn counts_matching_records_with_any_number_of_workers() {
        let log = access_log(1000);
        for workers in [1, 3, 4, 16] {
            assert_eq!(count_matching(&log, workers, server_error), 100);
        }
        assert_eq!(count_matching(&[], 4, server_error), 0);
    }

    #[test]
    fn reads_the_log_in_place_without_copying_it() {
        let log = access_log(10_000);
        let copies_before = RECORD_COPIES.load(Ordering::SeqCst);
        assert_eq!(count_matching(&log, 4, server_error), 1000);
        let copies = RECORD_COPIES.load(Ordering::SeqCst) - copies_before;
        assert_eq!(
            copies, 0,
            "log records were copied while this test ran: lend them instead"
        );
        assert_eq!(log[9_999].path, "/orders/9999");
    }

    // A slow rule (say, it looks the path up in the deploy history): no record is judged until
    // all four workers are judging one. Scanned on one thread, the first record would wait
    // forever; after 2 s it gives up instead.
    static ALL_SCANNING: Barrier = Barrier::new(4);

    fn slow_rule(record: &LogRecord) -> bool {
        let (arrived, all_arrived) = mpsc::channel();
        thread::spawn(move || {
            ALL_SCANNING.wait();
            arrived.send(()).ok();
        });
        all_arrived.recv_timeout(Duration::from_secs(2)).expect(
            "only one record was being judged at a time: the scan ran on one thread, or each \
             worker was joined before the next was spawned. Spawn them all, then join them",
        );
        server_error(record)
    }

    #[test]
    fn the_workers_scan_in_parallel() {
        let log = access_log(4);
        assert_eq!(count_matching(&log, 4, slow_rule), 1);
    }
}
