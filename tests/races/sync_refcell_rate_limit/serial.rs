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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Condvar, Mutex};
    use std::thread::ThreadId;
    use std::time::Duration;

    fn three_each(_client: &str) -> u32 {
        3
    }

    #[test]
    fn no_client_gets_more_than_its_plan() {
        let limiter = Arc::new(RateLimiter::new(three_each));
        let batches = vec![
            vec!["ada", "ada", "bob", "ada"],
            vec!["ada", "ada", "bob"],
            vec!["ada", "carol"],
        ];
        assert_eq!(serve(&limiter, batches), 3, "ada made 3 requests too many");
        assert!(!limiter.admit("ada"), "ada has used up her plan");
        assert!(limiter.admit("bob"), "bob has one request left");
    }

    #[test]
    fn every_request_counts_across_many_workers() {
        let limiter = Arc::new(RateLimiter::new(|_| 1_000));
        let rejected = serve(&limiter, vec![vec!["ada"; 250]; 8]);
        assert_eq!(
            rejected, 1_000,
            "ada's requests got lost between the workers"
        );
    }

    // Every thread that asked the billing service, so a test can see how many there were.
    static ASKED_BY: Mutex<Vec<ThreadId>> = Mutex::new(Vec::new());

    fn recording_plan(_client: &str) -> u32 {
        let mut asked_by = ASKED_BY.lock().unwrap();
        let me = thread::current().id();
        if !asked_by.contains(&me) {
            asked_by.push(me);
        }
        10
    }

    #[test]
    fn each_batch_is_served_on_its_own_worker() {
        let limiter = Arc::new(RateLimiter::new(recording_plan));
        serve(&limiter, vec![vec!["ada"], vec!["bob"], vec!["carol"]]);
        let threads = ASKED_BY.lock().unwrap().len();
        assert_eq!(
            threads, 3,
            "the batches were served on one thread: give each its own worker"
        );
    }

    // A slow billing service: it answers only once a second request is being checked at the
    // same moment (the timing a busy server hits now and then; here it happens every time it
    // can), or after 1 s if no second request can get that far meanwhile.
    static CHECKING: Mutex<u32> = Mutex::new(0);
    static BOTH_CHECKING: Condvar = Condvar::new();

    fn slow_plan_of_one(_client: &str) -> u32 {
        let mut checking = CHECKING.lock().unwrap();
        *checking += 1;
        BOTH_CHECKING.notify_all();
        let patience = Duration::from_secs(1);
        let _ = BOTH_CHECKING.wait_timeout_while(checking, patience, |n| *n < 2);
        1
    }

    #[test]
    fn two_requests_at_once_cannot_both_take_the_last_slot() {
        let limiter = Arc::new(RateLimiter::new(slow_plan_of_one));
        let rejected = serve(&limiter, vec![vec!["ada"], vec!["ada"]]);
        assert_eq!(
            rejected, 1,
            "ada's plan allows 1 request, and both were admitted: each worker read her count \
             before the other had added to it. Check the count and add to it in one step, \
             under one lock"
        );
    }
}
