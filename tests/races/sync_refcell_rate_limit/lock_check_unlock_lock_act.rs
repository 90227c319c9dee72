// race: reads the count under one lock, then locks again to add 1: two requests can both take the last slot
// A rate limiter: each client may make as many requests as its plan allows, and requests arrive
// on several worker threads at once, so the workers share one limiter. It doesn't compile: make
// the workers share it safely.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::thread;

// `RefCell` keeps its "borrowed?" flag in a plain integer. Two workers calling `borrow_mut()` at
// the same moment could both see "free" and both get `&mut` to the map: two inserts at once can
// corrupt it. So `RefCell` is not `Sync`, and `Arc<T>` is only `Send` if `T` is `Sync` (every
// clone reaches the same `T` through `&`). A `Mutex` makes the second worker wait. rustc's note
// suggests `RwLock`, which works too, but every access here writes. `unsafe impl Sync` would
// silence the error and keep the race.
struct RateLimiter {
    // How many requests each client has been allowed so far.
    used: Mutex<HashMap<String, u32>>,
    // Asks the billing service how many requests the client's plan allows. Tests pass in fakes.
    plan_limit: fn(&str) -> u32,
}

impl RateLimiter {
    fn new(plan_limit: fn(&str) -> u32) -> RateLimiter {
        let used = Mutex::default();
        RateLimiter { used, plan_limit }
    }

    // Counts the request and returns true if `client` is still within its plan.
    fn admit(&self, client: &str) -> bool {
        let count = *self.used.lock().unwrap().get(client).unwrap_or(&0);
        if count >= (self.plan_limit)(client) {
            return false;
        }
        self.used.lock().unwrap().insert(client.to_string(), count + 1);
        true
    }
}

// Handles each batch of requests (client ids) on its own worker thread; returns how many
// requests were rejected.
fn serve(limiter: &Arc<RateLimiter>, batches: Vec<Vec<&'static str>>) -> usize {
    let mut workers = Vec::new();
    for batch in batches {
        let limiter = Arc::clone(limiter);
        let run = move || batch.iter().filter(|client| !limiter.admit(client)).count();
        workers.push(thread::spawn(run));
    }
    workers.into_iter().map(|w| w.join().unwrap()).sum()
}

fn main() {
    let limiter = Arc::new(RateLimiter::new(|_| 2));
    let rejected = serve(&limiter, vec![vec!["ada", "ada"], vec!["ada", "bob"]]);
    println!("rejected {rejected}");
}
