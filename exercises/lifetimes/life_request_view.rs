// A web server parses each raw HTTP request into a view that points into the request text
// instead of copying it, so handlers can look at requests cheaply. `RequestView` doesn't
// compile: give it the annotations it needs, and keep its fields views into the request.

struct RequestView {
    method: &str,
    path: &str,
    query: Option<&str>,
}

impl RequestView {
    // Reads the request line, e.g. "GET /orders?user=7&page=2 HTTP/1.1".
    fn parse(raw: &str) -> Option<RequestView> {
        let mut parts = raw.lines().next()?.split(' ');
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

fn main() {
    let raw = String::from("GET /orders?user=7&page=2 HTTP/1.1\r\nHost: shop.example\r\n\r\n");
    if let Some(view) = RequestView::parse(&raw) {
        println!(
            "{} {} for user {:?}",
            view.method,
            view.path,
            view.query_param("user")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // True if the text at `part` is inside `whole`'s text: a view of it rather than a copy.
    fn points_into(whole: &str, part: *const u8) -> bool {
        whole.as_bytes().as_ptr_range().contains(&part)
    }

    const RAW: &str = "GET /orders?user=7&page=2 HTTP/1.1\r\nHost: shop.example\r\n\r\n";

    #[test]
    fn parses_the_request_line() {
        let raw = String::from(RAW);
        let view = RequestView::parse(&raw).unwrap();
        assert_eq!(view.method, "GET");
        assert_eq!(view.path, "/orders");
        assert_eq!(view.query_param("page"), Some("2"));
        assert_eq!(view.query_param("sort"), None);
        assert!(RequestView::parse("").is_none());
    }

    #[test]
    fn the_view_points_into_the_request_text() {
        let raw = String::from(RAW);
        let view = RequestView::parse(&raw).unwrap();
        let user = view.query_param("user").unwrap();
        assert!(
            points_into(&raw, view.method.as_ptr())
                && points_into(&raw, view.path.as_ptr())
                && points_into(&raw, user.as_ptr()),
            "the fields should point into the request text: a view exists to avoid copying it"
        );
    }
}
