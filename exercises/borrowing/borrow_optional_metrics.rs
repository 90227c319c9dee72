// A request handler counts what it serves when a metrics sink is plugged in (in production),
// and runs without one in unit tests. `handle_batch` doesn't compile: fix it so every request
// in the batch is counted in the caller's metrics.

#[derive(Default)]
struct Metrics {
    served: u32,
    bytes: usize,
}

fn handle(path: &str, metrics: Option<&mut Metrics>) -> String {
    let body = format!("200 OK {path}");
    if let Some(m) = metrics {
        m.served += 1;
        m.bytes += body.len();
    }
    body
}

fn handle_batch(paths: &[&str], metrics: Option<&mut Metrics>) -> Vec<String> {
    let mut replies = Vec::new();
    for path in paths {
        replies.push(handle(path, metrics));
    }
    replies
}

fn main() {
    let mut metrics = Metrics::default();
    let replies = handle_batch(&["/health", "/orders"], Some(&mut metrics));
    println!("{replies:?}");
    println!("served {}, {} bytes", metrics.served, metrics.bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_request_with_and_without_metrics() {
        let mut metrics = Metrics::default();
        assert_eq!(handle("/health", Some(&mut metrics)), "200 OK /health");
        assert_eq!(handle("/health", None), "200 OK /health");
        assert_eq!((metrics.served, metrics.bytes), (1, 14));
    }

    #[test]
    fn every_request_in_a_batch_is_counted() {
        let mut metrics = Metrics::default();
        let replies = handle_batch(&["/health", "/orders", "/users/7"], Some(&mut metrics));
        assert_eq!(
            replies,
            ["200 OK /health", "200 OK /orders", "200 OK /users/7"]
        );
        assert_eq!((metrics.served, metrics.bytes), (3, 14 + 14 + 15));
    }

    #[test]
    fn a_batch_runs_without_metrics() {
        assert_eq!(handle_batch(&["/health"], None), ["200 OK /health"]);
    }
}
