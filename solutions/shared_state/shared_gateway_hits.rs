// An API gateway: all request threads share one `Gateway`. It reads the route table on every
// request (the admin API replaces it now and then) and counts every request for /metrics.
// It doesn't compile: make the hit counter work with the gateway shared between threads.

use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

#[derive(Default)]
struct Gateway {
    // (path prefix, upstream service), first match wins.
    routes: RwLock<Vec<(String, String)>>,
    // Many threads bump this through a shared `&Gateway`, so it needs interior mutability that
    // is safe across threads. rustc's `&mut self` would demand exclusive access to the whole
    // gateway for every request: `serve` could then not share it at all. A `Cell<u64>` isn't
    // `Sync`, and a plain `+= 1` from two threads is a lost update (both read 41, both write 42).
    // An atomic does the read-modify-write as one indivisible step, without a lock: nothing to
    // wait for, nothing to poison or deadlock. `Mutex<u64>` would work but is heavier, and
    // putting the counter inside the route table's RwLock would make every request take the
    // write lock, so requests would queue behind each other and behind admin readers.
    hits: AtomicU64,
}

impl Gateway {
    // Picks the upstream service for a request path.
    fn route(&self, path: &str) -> Option<String> {
        // Relaxed is enough for a counter: we need no ordering with other memory, only that no
        // increment is lost. `serve` joins its threads, which makes every count visible.
        self.hits.fetch_add(1, Ordering::Relaxed);
        let routes = self.routes.read().unwrap();
        let (_, upstream) = routes.iter().find(|(prefix, _)| path.starts_with(prefix))?;
        Some(upstream.clone())
    }

    fn replace_routes(&self, routes: Vec<(String, String)>) {
        *self.routes.write().unwrap() = routes;
    }

    fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }
}

// Serves `per_thread` requests for `path` on each of `threads` threads, all sharing `gateway`.
fn serve(gateway: &Gateway, path: &str, threads: usize, per_thread: usize) {
    thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                for _ in 0..per_thread {
                    gateway.route(path);
                }
            });
        }
    });
}

fn main() {
    let gateway = Gateway::default();
    gateway.replace_routes(vec![("/api/users".to_string(), "users-svc".to_string())]);
    serve(&gateway, "/api/users/7", 4, 1000);
    println!("{} requests", gateway.hits());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gateway() -> Gateway {
        let gateway = Gateway::default();
        gateway.replace_routes(vec![
            ("/api/users".to_string(), "users-svc".to_string()),
            ("/api".to_string(), "monolith".to_string()),
        ]);
        gateway
    }

    #[test]
    fn routes_by_the_first_matching_prefix() {
        let gateway = gateway();
        assert_eq!(gateway.route("/api/users/7").as_deref(), Some("users-svc"));
        assert_eq!(gateway.route("/api/orders/3").as_deref(), Some("monolith"));
        assert_eq!(gateway.route("/favicon.ico"), None);
        gateway.replace_routes(vec![("/api".to_string(), "api-v2".to_string())]);
        assert_eq!(gateway.route("/api/users/7").as_deref(), Some("api-v2"));
        assert_eq!(gateway.hits(), 4);
    }

    #[test]
    fn counts_every_request_from_every_thread() {
        let gateway = gateway();
        serve(&gateway, "/api/users/7", 8, 2_500);
        assert_eq!(gateway.hits(), 20_000);
    }

    #[test]
    fn requests_are_served_while_an_admin_reads_the_route_table() {
        let gateway = gateway();
        // The admin API is streaming the route table to a slow client, holding a read lock.
        let listing = gateway.routes.read().unwrap();
        serve(&gateway, "/api/orders/3", 2, 10);
        assert_eq!(listing.len(), 2);
        drop(listing);
        assert_eq!(gateway.hits(), 20);
    }
}
