// A rate limiter lives as long as the server and counts requests per client. Each request
// arrives as a fresh String, which is freed as soon as the request has been handled.
// `allow` doesn't compile. Fix the limiter so that `serve` works, batch after batch.

use std::collections::HashMap;

struct RateLimiter<'a> {
    limit: u32,
    counts: HashMap<&'a str, u32>,
}

impl<'a> RateLimiter<'a> {
    fn new(limit: u32) -> Self {
        RateLimiter {
            limit,
            counts: HashMap::new(),
        }
    }

    // Counts one request from `client`; false once the client is over its limit.
    fn allow<'b>(&mut self, client: &'b str) -> bool {
        let count = self.counts.entry(client).or_insert(0);
        *count += 1;
        *count <= self.limit
    }

    fn requests_from(&self, client: &str) -> u32 {
        self.counts.get(client).copied().unwrap_or(0)
    }
}

// "GET /orders?client=ada" -> "ada"
fn client_id(req: &str) -> &str {
    req.split_once("client=").map_or("anonymous", |(_, id)| id)
}

// Handles one batch of requests read from the network; each is dropped after its turn.
fn serve(limiter: &mut RateLimiter, requests: Vec<String>) -> Vec<bool> {
    let mut decisions = Vec::new();
    for request in requests {
        decisions.push(limiter.allow(client_id(&request)));
    }
    decisions
}

fn main() {
    let mut limiter = RateLimiter::new(2);
    for batch in 1..=2 {
        let requests = vec!["GET /orders?client=ada".to_string(); 2];
        println!("batch {batch}: {:?}", serve(&mut limiter, requests));
    }
    println!("ada sent {} requests", limiter.requests_from("ada"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn requests(clients: &[&str]) -> Vec<String> {
        clients
            .iter()
            .map(|client| format!("GET /orders?client={client}"))
            .collect()
    }

    #[test]
    fn allows_up_to_the_limit_per_client() {
        let mut limiter = RateLimiter::new(2);
        let decisions = serve(&mut limiter, requests(&["ada", "ada", "grace", "ada"]));
        assert_eq!(decisions, [true, true, true, false]);
    }

    #[test]
    fn counts_carry_over_between_batches() {
        let mut limiter = RateLimiter::new(2);
        assert_eq!(serve(&mut limiter, requests(&["ada"])), [true]);
        assert_eq!(
            serve(&mut limiter, requests(&["ada", "ada"])),
            [true, false]
        );
        assert_eq!(limiter.requests_from("ada"), 3);
        assert_eq!(limiter.requests_from("grace"), 0);
    }
}
