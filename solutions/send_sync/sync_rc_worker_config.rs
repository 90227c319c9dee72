// An API gateway starts one worker thread per batch of requests and returns right away; the
// caller collects each batch's answers later. Every worker routes by the same gateway config.
// It doesn't compile: fix `start_workers`.

use std::sync::Arc;
use std::thread::{self, JoinHandle};

// Loaded once at startup. In production the blocklist holds thousands of IPs, so the config
// is deliberately not `Clone`: every worker reads the one copy.
struct GatewayConfig {
    blocked_ips: Vec<String>,
    // Forwards a request to the upstream service and returns its answer. Tests pass in fakes.
    upstream: fn(&str) -> String,
}

// The answer to a request from the client at `ip`.
fn route(config: &GatewayConfig, ip: &str) -> String {
    if config.blocked_ips.iter().any(|blocked| blocked == ip) {
        "403 blocked".to_string()
    } else {
        (config.upstream)(ip)
    }
}

// Each batch holds the client IPs of its requests.
fn start_workers(config: GatewayConfig, batches: Vec<Vec<String>>) -> Vec<JoinHandle<Vec<String>>> {
    // `Rc` counts its owners with a plain integer. Here the loop clones while an early worker
    // may already be dropping its clone: both read 2, the clone writes 3, the drop writes 1.
    // The count now says 1 while two owners remain, and the config is freed while a worker
    // still reads it. So `Rc` is not `Send`. `Arc` is the same shared pointer with an atomic
    // count, and the last worker to finish frees the config. Deriving `Clone` to give each
    // worker a copy would copy the whole blocklist per batch; an `unsafe impl Send` wrapper
    // would bring the race back; routing on this thread would make the caller wait. (And
    // `thread::scope` with a plain `&GatewayConfig` can't work: the workers outlive this call.)
    let config = Arc::new(config);
    let mut workers = Vec::new();
    for batch in batches {
        let config = Arc::clone(&config);
        workers.push(thread::spawn(move || {
            batch.iter().map(|ip| route(&config, ip)).collect()
        }));
    }
    workers
}

fn main() {
    let config = GatewayConfig {
        blocked_ips: vec!["10.0.0.66".to_string()],
        upstream: |ip| format!("200 for {ip}"),
    };
    for worker in start_workers(config, vec![vec!["10.0.0.1".to_string()]]) {
        println!("{:?}", worker.join().unwrap());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Barrier, mpsc};
    use std::time::Duration;

    fn config(upstream: fn(&str) -> String) -> GatewayConfig {
        let blocked_ips = vec!["10.0.0.66".to_string()];
        GatewayConfig {
            blocked_ips,
            upstream,
        }
    }

    fn orders_service(ip: &str) -> String {
        format!("200 from orders-svc for {ip}")
    }

    fn batch(ips: &[&str]) -> Vec<String> {
        ips.iter().map(|ip| ip.to_string()).collect()
    }

    fn answers(workers: Vec<JoinHandle<Vec<String>>>) -> Vec<Vec<String>> {
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    }

    #[test]
    fn every_worker_routes_by_the_config() {
        let batches = vec![batch(&["10.0.0.1", "10.0.0.66"]), batch(&["10.0.0.2"])];
        assert_eq!(
            answers(start_workers(config(orders_service), batches)),
            [
                vec!["200 from orders-svc for 10.0.0.1", "403 blocked"],
                vec!["200 from orders-svc for 10.0.0.2"],
            ]
        );
    }

    #[test]
    fn no_batches_start_no_workers() {
        assert!(start_workers(config(orders_service), Vec::new()).is_empty());
    }

    // A slow upstream: it answers no request until three are in flight at once. Routed one
    // batch after another, the first request would wait forever; after 2 s it gives up instead.
    static THREE_IN_FLIGHT: Barrier = Barrier::new(3);

    fn slow_service(ip: &str) -> String {
        let (arrived, all_arrived) = mpsc::channel();
        thread::spawn(move || {
            THREE_IN_FLIGHT.wait();
            arrived.send(()).ok();
        });
        all_arrived.recv_timeout(Duration::from_secs(2)).expect(
            "only one request was in flight at a time: the batches were routed on one thread. \
             Route each batch on its own worker thread",
        );
        orders_service(ip)
    }

    #[test]
    fn the_workers_route_at_the_same_time() {
        let batches = vec![
            batch(&["10.0.0.1"]),
            batch(&["10.0.0.2"]),
            batch(&["10.0.0.3"]),
        ];
        let answers = answers(start_workers(config(slow_service), batches));
        assert_eq!(answers[2], ["200 from orders-svc for 10.0.0.3"]);
    }
}
