// An API gateway hot-reloads its routing table. `reload` swaps in the new config and lists the
// routes it no longer has, so a bad deploy is easy to spot. It doesn't compile: fix it.

struct Route {
    path: String,
    upstream: String,
}

struct GatewayConfig {
    version: u32,
    routes: Vec<Route>,
}

fn reload(current: &mut GatewayConfig, fresh: GatewayConfig) -> Vec<String> {
    // Assigning to `*current` drops the old config, routes and all, so `old_routes` would
    // point at freed memory. `mem::replace` moves the new config in and hands the old one back
    // whole, copying nothing; it is dropped at the end of this function, when nothing looks at
    // it any more. (Computing the list from `current` and `fresh` before assigning works too.)
    // Cloning the old routes first would copy every route, and make `Route` `Clone`, only to
    // read them once. On the JVM the GC would keep the old list alive; here it's dropped.
    let previous = std::mem::replace(current, fresh);
    previous
        .routes
        .iter()
        .filter(|old| !current.routes.iter().any(|new| new.path == old.path))
        .map(|old| format!("dropped {} (was {})", old.path, old.upstream))
        .collect()
}

fn route(path: &str, upstream: &str) -> Route {
    Route {
        path: path.to_string(),
        upstream: upstream.to_string(),
    }
}

fn main() {
    let mut config = GatewayConfig {
        version: 1,
        routes: vec![
            route("/orders", "orders:8080"),
            route("/users", "users:8080"),
        ],
    };
    let fresh = GatewayConfig {
        version: 2,
        routes: vec![route("/orders", "orders-v2:8080")],
    };
    for warning in reload(&mut config, fresh) {
        println!("{warning}");
    }
    println!("v{}: {} route(s)", config.version, config.routes.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_the_dropped_routes_and_applies_the_new_config() {
        let mut config = GatewayConfig {
            version: 4,
            routes: vec![
                route("/orders", "orders:8080"),
                route("/users", "users:8080"),
                route("/search", "search:9200"),
            ],
        };
        let fresh = GatewayConfig {
            version: 5,
            routes: vec![route("/search", "search:9200"), route("/cart", "cart:8080")],
        };
        assert_eq!(
            reload(&mut config, fresh),
            [
                "dropped /orders (was orders:8080)",
                "dropped /users (was users:8080)",
            ]
        );
        assert_eq!(config.version, 5);
        let paths: Vec<&str> = config.routes.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, ["/search", "/cart"]);
    }

    #[test]
    fn moving_a_route_to_a_new_upstream_is_not_a_drop() {
        let mut config = GatewayConfig {
            version: 1,
            routes: vec![route("/orders", "orders:8080")],
        };
        let fresh = GatewayConfig {
            version: 2,
            routes: vec![route("/orders", "orders-v2:8080")],
        };
        assert!(reload(&mut config, fresh).is_empty());
        assert_eq!(config.routes[0].upstream, "orders-v2:8080");
    }
}
