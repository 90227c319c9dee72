// Metrics: the dashboard shows the median (p50) latency of the requests in the log.
// `p50_latency` doesn't compile: fix it. Other reports read the same log, in arrival order.

struct Request {
    path: String,
    latency_ms: u32,
}

// The middle latency once sorted (the upper middle one for an even count), or None if the
// log is empty.
fn p50_latency(log: &[Request]) -> Option<u32> {
    // `&[Request]` is a promise to the caller: we only read the log, nobody changes it while we
    // hold it. So sort a list of our own that holds just the numbers, one u32 per request.
    // rustc suggests taking `&mut [Request]`. That doesn't compile here: `main` and the tests
    // lend the log with `&log` (E0308, "types differ in mutability"), and rightly so. A report
    // that only reads shouldn't need write access, and sorting in place would reorder the
    // shared log under every other report. Copying the requests themselves (`log.to_vec()`,
    // after deriving `Clone`) would duplicate every path to sort some integers.
    let mut latencies: Vec<u32> = log.iter().map(|r| r.latency_ms).collect();
    latencies.sort_unstable();
    latencies.get(latencies.len() / 2).copied()
}

fn main() {
    let log = vec![
        Request {
            path: "/orders".to_string(),
            latency_ms: 120,
        },
        Request {
            path: "/health".to_string(),
            latency_ms: 3,
        },
    ];
    println!("p50: {:?} ms", p50_latency(&log));
    println!("first request: {}", log[0].path);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(path: &str, latency_ms: u32) -> Request {
        Request {
            path: path.to_string(),
            latency_ms,
        }
    }

    fn log() -> Vec<Request> {
        vec![
            request("/orders", 120),
            request("/health", 3),
            request("/users/7", 45),
            request("/search", 800),
            request("/cart", 60),
        ]
    }

    #[test]
    fn median_latency() {
        let log = log();
        assert_eq!(p50_latency(&log), Some(60));
        assert_eq!(p50_latency(&log[..2]), Some(120));
        assert_eq!(p50_latency(&[]), None);
    }

    #[test]
    fn the_log_stays_in_arrival_order() {
        let log = log();
        p50_latency(&log);
        let paths: Vec<&str> = log.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(
            paths,
            ["/orders", "/health", "/users/7", "/search", "/cart"]
        );
    }
}
