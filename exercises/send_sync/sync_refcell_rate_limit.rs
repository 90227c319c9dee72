// A rate limiter: each client may make at most `limit` requests, and requests arrive on several
// worker threads at once, so the workers share one table of counts. It doesn't compile: make
// the workers share the table safely.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;
use std::thread;

// Handles each batch of requests (client ids) on its own worker thread. Returns how many
// requests each client was allowed, and how many requests were rejected in total.
fn admit(batches: Vec<Vec<&'static str>>, limit: u32) -> (HashMap<&'static str, u32>, u32) {
    let allowed = Arc::new(RefCell::new(HashMap::new()));
    let mut workers = Vec::new();
    for batch in batches {
        let allowed = Arc::clone(&allowed);
        workers.push(thread::spawn(move || {
            let mut rejected = 0;
            for client in batch {
                let mut allowed = allowed.borrow_mut();
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
    let allowed = allowed.borrow().clone();
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
