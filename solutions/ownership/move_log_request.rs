// An HTTP front end: `handle` writes every request to the access log, then answers it.
// It doesn't compile. Make the handler log the request and still be able to answer it.

use std::io::Read;

struct Request {
    method: String,
    path: String,
    // The body is a stream, like a JVM InputStream: it can be read once and cannot be copied.
    body: Box<dyn Read>,
}

// Logging only needs to read the request, so it borrows it. Taking `Request` by value made
// logging consume the request, the body stream with it. `.clone()` isn't a way out: a stream
// can't be cloned, and buffering a large body just to log two header fields would be waste.
fn access_log_line(req: &Request) -> String {
    format!("{} {}", req.method, req.path)
}

fn handle(mut req: Request, access_log: &mut Vec<String>) -> String {
    access_log.push(access_log_line(&req));

    let mut body = String::new();
    req.body
        .read_to_string(&mut body)
        .expect("request body is readable");
    format!("200 OK: {} bytes for {}", body.len(), req.path)
}

fn main() {
    let mut access_log = Vec::new();
    let req = Request {
        method: "POST".to_string(),
        path: "/orders".to_string(),
        body: Box::new(r#"{"sku": 42}"#.as_bytes()),
    };
    println!("{}", handle(req, &mut access_log));
    println!("access log: {access_log:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: &str, path: &str, body: &'static str) -> Request {
        Request {
            method: method.to_string(),
            path: path.to_string(),
            body: Box::new(body.as_bytes()),
        }
    }

    #[test]
    fn answers_with_the_body_size() {
        let mut access_log = Vec::new();
        let reply = handle(
            request("POST", "/orders", r#"{"sku": 42}"#),
            &mut access_log,
        );
        assert_eq!(reply, "200 OK: 11 bytes for /orders");
    }

    #[test]
    fn logs_every_request_in_order() {
        let mut access_log = Vec::new();
        handle(request("GET", "/health", ""), &mut access_log);
        handle(request("POST", "/orders", "{}"), &mut access_log);
        assert_eq!(access_log, ["GET /health", "POST /orders"]);
    }
}
