// race: keeps the RefCell and serves every batch on the calling thread
// A rate limiter: each client may make as many requests as its plan allows, and requests arrive
// on several worker threads at once, so the workers share one limiter. It doesn't compile: make
// the workers share it safely.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;
use std::thread;

struct RateLimiter {
    // How many requests each client has been allowed so far.
    used: RefCell<HashMap<String, u32>>,
    // Asks the billing service how many requests the client's plan allows. Tests pass in fakes.
    plan_limit: fn(&str) -> u32,
}

impl RateLimiter {
    fn new(plan_limit: fn(&str) -> u32) -> RateLimiter {
        let used = RefCell::default();
        RateLimiter { used, plan_limit }
    }

    // Counts the request and returns true if `client` is still within its plan.
    fn admit(&self, client: &str) -> bool {
        let mut used = self.used.borrow_mut();
        let count = used.entry(client.to_string()).or_insert(0);
        if *count >= (self.plan_limit)(client) {
            return false;
        }
        *count += 1;
        true
    }
}

// Handles each batch of requests (client ids) on its own worker thread; returns how many
// requests were rejected.
fn serve(limiter: &Arc<RateLimiter>, batches: Vec<Vec<&'static str>>) -> usize {
    let requests = batches.iter().flatten();
    requests.filter(|client| !limiter.admit(client)).count()
}

fn main() {
    let limiter = Arc::new(RateLimiter::new(|_| 2));
    let rejected = serve(&limiter, vec![vec!["ada", "ada"], vec!["ada", "bob"]]);
    println!("rejected {rejected}");
}
