// An incident report counts the server errors (status 5xx) in a large slice of access-log
// records, split across worker threads. It gives the right answer, but a test fails: it copies
// the whole log before the workers may read it. Make the workers read the caller's records.

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
    // `thread::spawn` can't borrow `log`: its threads may outlive this call, so it demands data
    // they own. That's why the log was copied into an `Arc`, every record and its String. A
    // scope guarantees that every thread spawned in it has finished before `scope` returns, even
    // if something panics, so its threads may borrow anything that outlives the scope, such as
    // the caller's slice. `move` gives each worker its own `chunk`: a copied reference, not
    // copied records. An `Arc` is for data that must outlive the function; this doesn't.
    let chunk_len = log.len().div_ceil(workers).max(1);
    thread::scope(|scope| {
        let handles: Vec<_> = log
            .chunks(chunk_len)
            .map(|chunk| {
                scope.spawn(move || chunk.iter().filter(|record| record.status >= 500).count())
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("scan worker panicked"))
            .sum()
    })
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
