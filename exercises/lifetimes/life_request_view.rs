// A web server parses each raw HTTP request into a view that points into the request text
// instead of copying it, so handlers can look at requests cheaply. It doesn't compile: add the
// lifetime annotations it needs, so that the handler helper `user_id` works too.

struct RequestView {
    method: &str,
    path: &str,
    query: Option<&str>,
}

impl RequestView {
    // Reads the request line, e.g. "GET /orders?user=7&page=2 HTTP/1.1".
    fn parse(raw: &str) -> Option<RequestView> {
        let line = raw.lines().next()?;
        let mut parts = line.split(' ');
        let method = parts.next()?;
        let target = parts.next()?;
        let (path, query) = match target.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (target, None),
        };
        Some(RequestView {
            method,
            path,
            query,
        })
    }

    fn query_param(&self, key: &str) -> Option<&str> {
        self.query?
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(name, _)| *name == key)
            .map(|(_, value)| value)
    }
}

// Which user is this request about? Handlers call this before anything else.
fn user_id(raw: &str) -> Option<&str> {
    RequestView::parse(raw)?.query_param("user")
}

fn main() {
    let raw = String::from("GET /orders?user=7&page=2 HTTP/1.1\r\nHost: shop.example\r\n\r\n");
    if let Some(view) = RequestView::parse(&raw) {
        println!("{} {} for user {:?}", view.method, view.path, user_id(&raw));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // True if `part` is a view into `whole`'s text rather than a copy of it.
    fn points_into(whole: &str, part: &str) -> bool {
        whole.as_bytes().as_ptr_range().contains(&part.as_ptr())
    }

    const RAW: &str = "GET /orders?user=7&page=2 HTTP/1.1\r\nHost: shop.example\r\n\r\n";

    #[test]
    fn parses_the_request_line_without_copying() {
        let raw = String::from(RAW);
        let view = RequestView::parse(&raw).unwrap();
        assert_eq!((view.method, view.path), ("GET", "/orders"));
        assert_eq!(view.query, Some("user=7&page=2"));
        assert!(points_into(&raw, view.method) && points_into(&raw, view.path));
    }

    #[test]
    fn finds_query_parameters() {
        let raw = String::from(RAW);
        let view = RequestView::parse(&raw).unwrap();
        assert_eq!(view.query_param("page"), Some("2"));
        assert_eq!(view.query_param("sort"), None);
    }

    #[test]
    fn user_id_points_into_the_request() {
        let raw = String::from(RAW);
        let id: &str = user_id(&raw).unwrap();
        assert_eq!(id, "7");
        assert!(points_into(&raw, id));
        assert_eq!(user_id("GET /health HTTP/1.1"), None);
    }
}
