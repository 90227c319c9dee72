// An incident report counts the server errors (status 5xx) in a large slice of access-log
// records, split across worker threads. It gives the right answer, but a test fails: it copies
// the whole log before the workers may read it. Make the workers read the caller's records.

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
        LogRecord {
            path: self.path.clone(),
            status: self.status,
        }
    }
}

fn count_server_errors(log: &[LogRecord], workers: usize) -> usize {
    // `thread::spawn` only takes data the thread owns, so give the workers a shared copy.
    let shared = Arc::new(log.to_vec());
    let chunk_len = log.len().div_ceil(workers).max(1);
    let mut handles = Vec::new();
    for start in (0..log.len()).step_by(chunk_len) {
        let shared = Arc::clone(&shared);
        handles.push(thread::spawn(move || {
            let end = (start + chunk_len).min(shared.len());
            let chunk = &shared[start..end];
            chunk.iter().filter(|record| record.status >= 500).count()
        }));
    }
    handles
        .into_iter()
        .map(|handle| handle.join().expect("scan worker panicked"))
        .sum()
}

fn main() {
    let log = vec![
        LogRecord {
            path: "/orders".to_string(),
            status: 502,
        },
        LogRecord {
            path: "/health".to_string(),
            status: 200,
        },
    ];
    println!("{} server errors", count_server_errors(&log, 2));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn access_log(size: usize) -> Vec<LogRecord> {
        (0..size)
            .map(|i| LogRecord {
                path: format!("/orders/{i}"),
                status: if i % 10 == 3 { 503 } else { 200 },
            })
            .collect()
    }

    #[test]
    fn counts_server_errors_with_any_number_of_workers() {
        let log = access_log(1000);
        for workers in [1, 3, 4, 16] {
            assert_eq!(count_server_errors(&log, workers), 100);
        }
        assert_eq!(count_server_errors(&[], 4), 0);
    }

    #[test]
    fn reads_the_log_in_place_without_copying_it() {
        let log = access_log(10_000);
        let copies_before = RECORD_COPIES.load(Ordering::SeqCst);
        assert_eq!(count_server_errors(&log, 4), 1000);
        let copies = RECORD_COPIES.load(Ordering::SeqCst) - copies_before;
        assert_eq!(copies, 0, "log records were copied while this test ran");
        assert_eq!(log[9_999].path, "/orders/9999");
    }
}
