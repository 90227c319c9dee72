// A request's headers, looked up case-insensitively. Handlers ask for a header and give a
// fallback, usually a default from the server config. `get_or` doesn't compile: fix its
// signature so that it, and `api_version`, work.

struct Headers {
    entries: Vec<(String, String)>,
}

impl Headers {
    // The value of header `name`, or `fallback` if the request doesn't have it.
    //
    // Elided, this signature tied the result to `&self`'s lifetime: with `&self` among the
    // inputs, elision gives the result that one. So callers were told "the result lives as long
    // as the headers", and could drop `fallback` right after the call while still using the
    // result, which may *be* `fallback`: a dangling read. The result really comes from `self`
    // or from `fallback`, so both get `'a`. `name` is only read during the call, so it keeps
    // its own lifetime, and callers may pass a temporary like `&format!(...)`. Putting `'a` on
    // `name` too breaks `api_version`; making `fallback` `&'static str` rules out config
    // defaults; returning `String` copies a header value on every lookup.
    fn get_or<'a>(&'a self, name: &str, fallback: &'a str) -> &'a str {
        for (header, value) in &self.entries {
            if header.eq_ignore_ascii_case(name) {
                return value;
            }
        }
        fallback
    }
}

struct ServerConfig {
    default_version: String,
}

// Which version of `service`'s API does the client want? e.g. "X-Billing-Version: 2".
fn api_version<'a>(headers: &'a Headers, config: &'a ServerConfig, service: &str) -> &'a str {
    headers.get_or(&format!("x-{service}-version"), &config.default_version)
}

fn main() {
    let headers = Headers {
        entries: vec![("X-Billing-Version".to_string(), "2".to_string())],
    };
    let config = ServerConfig {
        default_version: "1".to_string(),
    };
    let billing = api_version(&headers, &config, "billing");
    let search = api_version(&headers, &config, "search");
    println!("billing v{billing}, search v{search}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers() -> Headers {
        Headers {
            entries: vec![
                ("Content-Type".to_string(), "application/json".to_string()),
                ("X-Billing-Version".to_string(), "2".to_string()),
            ],
        }
    }

    #[test]
    fn finds_a_header_whatever_its_case() {
        let headers = headers();
        let value = headers.get_or("content-type", "text/plain");
        assert_eq!(value, "application/json");
        assert!(
            std::ptr::eq(value, headers.entries[0].1.as_str()),
            "get_or should return a borrow of the header's value, not a copy"
        );
    }

    #[test]
    fn falls_back_to_a_default_from_the_config() {
        let headers = headers();
        let default_type = String::from("text/plain");
        let accept: &str = headers.get_or(&"Accept".to_lowercase(), &default_type);
        assert_eq!(accept, "text/plain");
        assert!(
            std::ptr::eq(accept, default_type.as_str()),
            "get_or should return the caller's fallback itself, not a copy: it lives as long as the caller keeps it"
        );
    }

    #[test]
    fn api_version_uses_the_header_or_the_config() {
        let (headers, config) = (
            headers(),
            ServerConfig {
                default_version: "1".to_string(),
            },
        );
        assert_eq!(api_version(&headers, &config, "billing"), "2");
        assert_eq!(api_version(&headers, &config, "search"), "1");
    }
}
