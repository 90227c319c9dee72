// race: every batch served on the calling thread, one after another (no threads, no lock)
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
    // Everything on the calling thread: no Arc, no Mutex, no workers.
    let mut stats = Stats::default();
    for batch in batches {
        stats.workers.insert(thread::current().id());
        for (path, latency_ms) in batch {
            stats.requests += 1;
            if latency_ms > SLOW_MS {
                stats.slow_paths.push(path.to_string());
            }
        }
    }
    stats.slow_paths.sort();
    (stats.requests, stats.slow_paths, stats.workers.len())
}

fn main() {
    let (requests, slow, workers) = serve(vec![vec![("/login", 40)], vec![("/export", 2300)]]);
    println!("{requests} requests on {workers} workers, slow: {slow:?}");
}
