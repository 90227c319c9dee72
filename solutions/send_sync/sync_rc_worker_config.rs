// An API gateway starts one worker thread per batch of requests and returns right away; the
// caller collects each batch's answers later. Every worker routes by the same gateway config.
// It doesn't compile: fix `start_workers`.

use std::sync::Arc;
use std::thread::{self, JoinHandle};

// Loaded once at startup. In production the blocklist holds thousands of IPs, so the config
// is deliberately not `Clone`: every worker reads the one copy.
struct GatewayConfig {
    upstream: String,
    max_body_bytes: usize,
    blocked_ips: Vec<String>,
}

struct Request {
    ip: String,
    body_bytes: usize,
}

fn route(config: &GatewayConfig, req: &Request) -> String {
    if config.blocked_ips.contains(&req.ip) {
        "403 blocked".to_string()
    } else if req.body_bytes > config.max_body_bytes {
        "413 too large".to_string()
    } else {
        format!("200 via {}", config.upstream)
    }
}

fn start_workers(
    config: GatewayConfig,
    batches: Vec<Vec<Request>>,
) -> Vec<JoinHandle<Vec<String>>> {
    // `Rc` counts its owners with a plain integer. Here the loop clones while an early worker
    // may already be dropping its clone: both read 2, the clone writes 3, the drop writes 1.
    // The count now says 1 while two owners remain, and the config is freed while a worker
    // still reads it. So `Rc` is not `Send`. `Arc` is the same shared pointer with an atomic
    // count, and the last worker to finish frees the config. Deriving `Clone` and giving each
    // worker its own copy would compile too, but copies the whole blocklist per batch; an
    // `unsafe impl Send` wrapper would bring the race back. (`thread::scope` and a plain
    // `&GatewayConfig` can't work here: the workers outlive this function.)
    let config = Arc::new(config);
    let mut workers = Vec::new();
    for batch in batches {
        let config = Arc::clone(&config);
        workers.push(thread::spawn(move || {
            batch.iter().map(|req| route(&config, req)).collect()
        }));
    }
    workers
}

fn main() {
    let config = GatewayConfig {
        upstream: "orders-svc:8080".to_string(),
        max_body_bytes: 1024,
        blocked_ips: vec!["10.0.0.66".to_string()],
    };
    let batch = vec![Request {
        ip: "10.0.0.1".to_string(),
        body_bytes: 200,
    }];
    for worker in start_workers(config, vec![batch]) {
        println!("{:?}", worker.join().unwrap());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> GatewayConfig {
        GatewayConfig {
            upstream: "orders-svc:8080".to_string(),
            max_body_bytes: 1024,
            blocked_ips: vec!["10.0.0.66".to_string()],
        }
    }

    fn request(ip: &str, body_bytes: usize) -> Request {
        Request {
            ip: ip.to_string(),
            body_bytes,
        }
    }

    #[test]
    fn every_worker_routes_by_the_config() {
        let batches = vec![
            vec![request("10.0.0.1", 200), request("10.0.0.66", 10)],
            vec![request("10.0.0.2", 5000)],
        ];
        let answers: Vec<Vec<String>> = start_workers(config(), batches)
            .into_iter()
            .map(|worker| worker.join().unwrap())
            .collect();
        assert_eq!(
            answers,
            [
                vec!["200 via orders-svc:8080", "403 blocked"],
                vec!["413 too large"],
            ]
        );
    }

    #[test]
    fn no_batches_start_no_workers() {
        assert!(start_workers(config(), Vec::new()).is_empty());
    }
}
