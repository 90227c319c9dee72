// A rate limiter: each client may make at most `limit` requests, and requests arrive on several
// worker threads at once, so the workers share one table of counts. It doesn't compile: make
// the workers share the table safely.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::thread;

// Handles each batch of requests (client ids) on its own worker thread. Returns how many
// requests each client was allowed, and how many requests were rejected in total.
fn admit(batches: Vec<Vec<&'static str>>, limit: u32) -> (HashMap<&'static str, u32>, u32) {
    // `RefCell` keeps its "borrowed?" flag in a plain integer. Two workers calling
    // `borrow_mut()` at the same moment could both see "free" and both get `&mut` to the map:
    // two inserts at once can corrupt it, and both could admit a client's last allowed request.
    // So `RefCell` is not `Sync`, and `Arc<T>` is only `Send` if `T` is `Sync` (every clone
    // reaches the same `T` through a shared reference). A `Mutex` makes the second worker
    // wait. rustc's note suggests `RwLock`, which works too, but it pays for telling readers
    // from writers, and every access here writes. Keep the check and the increment under one
    // guard: reading the count, unlocking, then locking again to add 1 would let two workers
    // both admit the last request.
    let allowed = Arc::new(Mutex::new(HashMap::new()));
    let mut workers = Vec::new();
    for batch in batches {
        let allowed = Arc::clone(&allowed);
        workers.push(thread::spawn(move || {
            let mut rejected = 0;
            for client in batch {
                let mut allowed = allowed.lock().unwrap();
                let used = allowed.entry(client).or_insert(0);
                if *used < limit {
                    *used += 1;
                } else {
                    rejected += 1;
                }
            }
            rejected
        }));
    }
    let rejected = workers.into_iter().map(|w| w.join().unwrap()).sum();
    let allowed = allowed.lock().unwrap().clone();
    (allowed, rejected)
}

fn main() {
    let (allowed, rejected) = admit(vec![vec!["ada", "ada"], vec!["ada", "bob"]], 2);
    println!("allowed {allowed:?}, rejected {rejected}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_client_gets_more_than_the_limit() {
        let batches = vec![
            vec!["ada", "ada", "bob", "ada"],
            vec!["ada", "ada", "bob"],
            vec!["ada", "carol"],
        ];
        let (allowed, rejected) = admit(batches, 3);
        assert_eq!(allowed["ada"], 3);
        assert_eq!(allowed["bob"], 2);
        assert_eq!(allowed["carol"], 1);
        assert_eq!(rejected, 3);
    }

    #[test]
    fn every_request_counts_across_many_workers() {
        let batches = vec![vec!["ada"; 250]; 8];
        let (allowed, rejected) = admit(batches, 1_000);
        assert_eq!(allowed["ada"], 1_000);
        assert_eq!(rejected, 1_000);
    }
}
