// An API handler greets the signed-in user and turns away everyone else. The client sends its
// session token in the `authorization` header; the session table maps tokens to user names.
// `handle` doesn't compile: fix it.

use std::collections::HashMap;

struct Request {
    path: String,
    headers: HashMap<String, String>,
}

struct Response {
    status: u16,
    body: String,
}

fn handle(req: &Request, sessions: &HashMap<String, String>) -> Response {
    let user: &str;
    if let Some(token) = req.headers.get("authorization") {
        if let Some(name) = sessions.get(token) {
            user = name;
        }
    }
    Response {
        status: 200,
        body: format!("{}: hello, {user}", req.path),
    }
}

fn main() {
    let sessions = HashMap::from([("tok-7f3a".to_string(), "ada".to_string())]);
    let req = Request {
        path: "/me".to_string(),
        headers: HashMap::from([("authorization".to_string(), "tok-7f3a".to_string())]),
    };
    let response = handle(&req, &sessions);
    println!("{} {}", response.status, response.body);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(headers: &[(&str, &str)]) -> Request {
        Request {
            path: "/me".to_string(),
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    fn sessions() -> HashMap<String, String> {
        HashMap::from([("tok-7f3a".to_string(), "ada".to_string())])
    }

    #[test]
    fn greets_the_user_of_a_valid_session() {
        let response = handle(&request(&[("authorization", "tok-7f3a")]), &sessions());
        assert_eq!(response.status, 200);
        assert_eq!(response.body, "/me: hello, ada");
    }

    #[test]
    fn rejects_a_request_without_a_token() {
        let response = handle(&request(&[]), &sessions());
        assert_eq!(response.status, 401);
        assert_eq!(response.body, "/me: please sign in");
    }

    #[test]
    fn rejects_an_unknown_token() {
        let response = handle(&request(&[("authorization", "tok-forged")]), &sessions());
        assert_eq!(response.status, 401);
        assert_eq!(response.body, "/me: please sign in");
    }
}
