// A web server hands each batch of requests to a worker thread, and all workers record into one
// set of statistics for the /metrics page. It doesn't compile: let the workers share the stats.

use std::sync::{Arc, Mutex};
use std::thread;

// Requests slower than this are listed on the metrics page.
const SLOW_MS: u64 = 500;

#[derive(Default)]
struct Stats {
    requests: u64,
    slow_paths: Vec<String>,
}

struct Request {
    path: String,
    latency_ms: u64,
}

// Serves every batch on its own worker thread; returns the request count and the slow paths.
fn serve(batches: Vec<Vec<Request>>) -> (u64, Vec<String>) {
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
            for request in batch {
                // One guard per request: both updates happen together, and the lock is
                // released at the end of each iteration so the other workers get their turn.
                let mut stats = stats.lock().unwrap();
                stats.requests += 1;
                if request.latency_ms > SLOW_MS {
                    stats.slow_paths.push(request.path);
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
    (stats.requests, slow_paths)
}

fn main() {
    let batches = vec![
        vec![Request {
            path: "/login".to_string(),
            latency_ms: 40,
        }],
        vec![Request {
            path: "/export".to_string(),
            latency_ms: 2300,
        }],
    ];
    let (requests, slow) = serve(batches);
    println!("{requests} requests, slow: {slow:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(path: &str, latency_ms: u64) -> Request {
        Request {
            path: path.to_string(),
            latency_ms,
        }
    }

    #[test]
    fn every_worker_counts_into_the_same_stats() {
        let batches = vec![
            vec![request("/login", 40), request("/cart", 90)],
            vec![request("/search", 120)],
            vec![
                request("/login", 35),
                request("/health", 1),
                request("/cart", 80),
            ],
        ];
        assert_eq!(serve(batches), (6, vec![]));
    }

    #[test]
    fn slow_requests_from_all_workers_are_listed() {
        let batches = vec![
            vec![request("/export", 2300), request("/login", 40)],
            vec![request("/report", 900)],
            vec![request("/health", 1), request("/export", 1800)],
        ];
        let expected = ["/export", "/export", "/report"].map(String::from).to_vec();
        assert_eq!(serve(batches), (5, expected));
    }
}
