// An API gateway admits only requests from the configured origin that fit the body limit,
// then writes a summary naming the policy it applied. `admit` doesn't compile: fix it.

struct GatewayConfig {
    allowed_origin: String,
    max_body_bytes: usize,
}

struct Request {
    origin: String,
    body_bytes: usize,
}

fn admit(config: GatewayConfig, requests: Vec<Request>) -> (Vec<Request>, String) {
    let accepts = move |req: &Request| {
        req.origin == config.allowed_origin && req.body_bytes <= config.max_body_bytes
    };
    let (admitted, rejected): (Vec<Request>, Vec<Request>) =
        requests.into_iter().partition(accepts);

    let summary = format!(
        "{} admitted, {} rejected (origin {}, max {} bytes)",
        admitted.len(),
        rejected.len(),
        config.allowed_origin,
        config.max_body_bytes
    );
    (admitted, summary)
}

fn main() {
    let config = GatewayConfig {
        allowed_origin: "https://shop.example".to_string(),
        max_body_bytes: 1024,
    };
    let requests = vec![Request {
        origin: "https://evil.example".to_string(),
        body_bytes: 10,
    }];
    let (_, summary) = admit(config, requests);
    println!("{summary}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(origin: &str, body_bytes: usize) -> Request {
        Request {
            origin: origin.to_string(),
            body_bytes,
        }
    }

    fn config() -> GatewayConfig {
        GatewayConfig {
            allowed_origin: "https://shop.example".to_string(),
            max_body_bytes: 1024,
        }
    }

    #[test]
    fn admits_only_matching_requests() {
        let requests = vec![
            request("https://shop.example", 200),
            request("https://evil.example", 10),
            request("https://shop.example", 5000),
        ];
        let (admitted, _) = admit(config(), requests);
        assert_eq!(admitted.len(), 1);
        assert_eq!(admitted[0].origin, "https://shop.example");
        assert_eq!(admitted[0].body_bytes, 200);
    }

    #[test]
    fn summary_names_the_policy() {
        let (_, summary) = admit(config(), vec![request("https://evil.example", 10)]);
        assert_eq!(
            summary,
            "0 admitted, 1 rejected (origin https://shop.example, max 1024 bytes)"
        );
    }
}
