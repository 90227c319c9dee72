// A small HTTP router: each path has a handler, called once for every request to that path.
// During maintenance, `/orders` answers 503 with the operator's notice, every time it is asked.
// `maintenance_router` doesn't compile: fix it.

struct Response {
    status: u16,
    body: String,
}

// A handler gets the request's path and answers it.
type Handler = Box<dyn Fn(&str) -> Response>;

#[derive(Default)]
struct Router {
    routes: Vec<(String, Handler)>,
}

impl Router {
    fn route(&mut self, path: &str, handler: impl Fn(&str) -> Response + 'static) {
        self.routes.push((path.to_string(), Box::new(handler)));
    }

    fn handle(&self, path: &str) -> Response {
        match self.routes.iter().find(|(route, _)| route == path) {
            Some((_, handler)) => handler(path),
            None => Response {
                status: 404,
                body: format!("no route for {path}"),
            },
        }
    }
}

fn maintenance_router(notice: String) -> Router {
    let mut router = Router::default();
    // The router calls a handler once per request, so it asks for `Fn`. With `body: notice`
    // the first call would hand the closure's only String to the response, which is sent and
    // freed; the second call would hand out that freed String again. So that closure was only
    // `FnOnce`. Each response must own its body, so the closure keeps `notice` and gives each
    // response its own copy. The copy has to be made inside the closure, on every call:
    // cloning `notice` once before `move` only changes which String the first call gives away.
    // (For large bodies, a `Response` holding an `Arc<str>` would make each copy a
    // reference-count increment.) Wrapping `notice` in an `Option` and `take()`-ing it
    // compiles too, but the second request finds nothing: the same "only once" bug, moved to
    // run time.
    let maintenance = move |_path: &str| Response {
        status: 503,
        body: notice.clone(),
    };
    router.route("/orders", maintenance);
    router
}

fn main() {
    let router = maintenance_router("Back at 14:00 UTC".to_string());
    for path in ["/orders", "/orders", "/admin"] {
        let response = router.handle(path);
        println!("{path}: {} {}", response.status, response.body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(router: &Router, path: &str) -> (u16, String) {
        let response = router.handle(path);
        (response.status, response.body)
    }

    #[test]
    fn orders_answer_with_the_notice() {
        let router = maintenance_router("Back at 14:00 UTC".to_string());
        assert_eq!(
            get(&router, "/orders"),
            (503, "Back at 14:00 UTC".to_string())
        );
    }

    #[test]
    fn every_request_gets_the_notice() {
        let router = maintenance_router("Back soon".to_string());
        for _ in 0..3 {
            assert_eq!(get(&router, "/orders"), (503, "Back soon".to_string()));
        }
    }

    #[test]
    fn unknown_paths_are_not_found() {
        let router = maintenance_router("Back soon".to_string());
        assert_eq!(
            get(&router, "/admin"),
            (404, "no route for /admin".to_string())
        );
    }
}
