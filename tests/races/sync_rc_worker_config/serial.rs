// race: keeps the Rc and routes every batch on the calling thread; the workers only hand back the answers
// An API gateway starts one worker thread per batch of requests and returns right away; the
// caller collects each batch's answers later. Every worker routes by the same gateway config.
// It doesn't compile: fix `start_workers`.

use std::rc::Rc;
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
    let config = Rc::new(config);
    let mut workers = Vec::new();
    for batch in batches {
        let answers: Vec<String> = batch.iter().map(|ip| route(&config, ip)).collect();
        workers.push(thread::spawn(move || answers));
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
