// A web server hands each batch of requests to a worker thread, and all workers record into one
// set of statistics for the /metrics page. It doesn't compile: let the workers share the stats.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::thread::{self, ThreadId};

// Requests slower than this are listed on the metrics page.
const SLOW_MS: u64 = 500;

#[derive(Default)]
struct Stats {
    requests: u64,
    slow_paths: Vec<String>,
    // The threads that served a batch, for the page's "workers" line.
    workers: HashSet<ThreadId>,
}

// A request's path and how long it took to answer, in milliseconds.
type Request = (&'static str, u64);

// Serves every batch on its own worker thread; returns the request count, the slow paths and
// how many workers served.
fn serve(batches: Vec<Vec<Request>>) -> (u64, Vec<String>, usize) {
    // An `Arc` gives every worker shared, read-only access: if two threads could do
    // `requests += 1` on the same field at once, both would read 41 and write 42 (a lost
    // update), and two `push`es could both reallocate the Vec (a use-after-free). The Mutex lets
    // one worker at a time in. Cloning the Stats out of the Arc (`(*stats).clone()`,
    // `Arc::make_mut`) compiles too, but then every worker counts into a private copy and the
    // metrics page shows nothing. A bare counter alone could be an `AtomicU64`; a count and a
    // list that change together belong under one lock.
    let stats = Arc::new(Mutex::new(Stats::default()));
    let mut workers = Vec::new();
    for batch in batches {
        let stats = Arc::clone(&stats);
        workers.push(thread::spawn(move || {
            stats.lock().unwrap().workers.insert(thread::current().id());
            for (path, latency_ms) in batch {
                // One guard per request: both updates happen together, and the lock is
                // released at the end of each iteration so the other workers get their turn.
                let mut stats = stats.lock().unwrap();
                stats.requests += 1;
                if latency_ms > SLOW_MS {
                    stats.slow_paths.push(path.to_string());
                }
            }
        }));
    }
    for worker in workers {
        worker.join().unwrap();
    }

    let mut stats = stats.lock().unwrap();
    let mut slow_paths = std::mem::take(&mut stats.slow_paths);
    slow_paths.sort();
    (stats.requests, slow_paths, stats.workers.len())
}

fn main() {
    let (requests, slow, workers) = serve(vec![vec![("/login", 40)], vec![("/export", 2300)]]);
    println!("{requests} requests on {workers} workers, slow: {slow:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_worker_counts_into_the_same_stats() {
        let batches = vec![
            vec![("/login", 40), ("/cart", 90)],
            vec![("/search", 120)],
            vec![("/login", 35), ("/health", 1), ("/cart", 80)],
        ];
        assert_eq!(
            serve(batches),
            (6, vec![], 3),
            "every worker should record into the one shared Stats, not into a copy of its own"
        );
    }

    #[test]
    fn slow_requests_from_all_workers_are_listed() {
        let batches = vec![
            vec![("/export", 2300), ("/login", 40)],
            vec![("/report", 900)],
            vec![("/health", 1), ("/export", 1800)],
        ];
        let expected = ["/export", "/export", "/report"].map(String::from).to_vec();
        assert_eq!(
            serve(batches),
            (5, expected, 3),
            "every worker's slow requests should be listed in the one shared Stats"
        );
    }

    #[test]
    fn each_batch_is_served_on_a_worker_thread_of_its_own() {
        let batches = vec![
            vec![("/a", 1)],
            vec![("/b", 2)],
            vec![("/c", 3)],
            vec![("/d", 4)],
        ];
        let (requests, _, workers) = serve(batches);
        assert_eq!(requests, 4);
        assert_eq!(
            workers, 4,
            "each batch should be served by a worker thread of its own, every worker recording \
             into the one shared Stats: serving the batches one after another on the calling \
             thread makes every batch wait for all the batches before it"
        );
    }
}
