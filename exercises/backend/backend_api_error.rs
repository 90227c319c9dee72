// The user service's handlers return `Result<User, ApiError>`, and `respond` turns each error
// into its HTTP status. `create_user` doesn't compile. Make a body that isn't a valid
// sign-up come back as a 400 that tells the client what is wrong with it.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq)]
struct User {
    id: u64,
    email: String,
}

#[derive(Deserialize)]
struct NewUser {
    email: String,
}

#[derive(Debug, PartialEq)]
enum ApiError {
    BadRequest(String),
    Conflict(String),
}

// POST /users with a body like {"email":"ada@example.com"}
fn create_user(users: &mut Vec<User>, body: &str) -> Result<User, ApiError> {
    let new_user: NewUser = serde_json::from_str(body)?;
    if users.iter().any(|u| u.email == new_user.email) {
        return Err(ApiError::Conflict(new_user.email));
    }
    let user = User {
        id: users.len() as u64 + 1,
        email: new_user.email,
    };
    users.push(user.clone());
    Ok(user)
}

// The status code and body the client receives.
fn respond(result: Result<User, ApiError>) -> (u16, String) {
    match result {
        Ok(user) => (201, format!("user {} <{}>", user.id, user.email)),
        Err(ApiError::BadRequest(why)) => (400, why),
        Err(ApiError::Conflict(email)) => (409, format!("{email} is already signed up")),
    }
}

fn main() {
    let mut users = Vec::new();
    let typo = create_user(&mut users, r#"{"mail":"ada@example.com"}"#);
    println!("{:?}", respond(typo));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn users() -> Vec<User> {
        let mut users = Vec::new();
        create_user(&mut users, r#"{"email":"ada@example.com"}"#).expect("valid sign-up");
        users
    }

    #[test]
    fn creates_a_user() {
        let mut users = users();
        let grace = create_user(&mut users, r#"{"email":"grace@example.com"}"#);
        assert_eq!(
            respond(grace),
            (201, "user 2 <grace@example.com>".to_string())
        );
        assert_eq!(users.len(), 2);
    }

    #[test]
    fn an_email_can_sign_up_only_once() {
        let mut users = users();
        let again = create_user(&mut users, r#"{"email":"ada@example.com"}"#);
        assert_eq!(
            again,
            Err(ApiError::Conflict("ada@example.com".to_string()))
        );
        assert_eq!(respond(again).0, 409);
        assert_eq!(users.len(), 1);
    }

    #[test]
    fn a_bad_body_is_a_400_that_says_why() {
        let mut users = users();
        for (body, reason) in [
            (r#"{"mail":"ada@example.com"}"#, "missing field `email`"),
            (r#"{"email":42}"#, "invalid type: integer `42`"),
            ("email=ada@example.com", "expected value"),
        ] {
            // The request runs on a thread of its own, as in a web server: a panic there
            // comes back as an Err here instead of ending the test.
            let answer = std::thread::scope(|s| s.spawn(|| create_user(&mut users, body)).join());
            let answer = answer.unwrap_or_else(|_| {
                panic!("create_user panicked on {body}: a client's mistake is a 400, not a crash")
            });
            let (status, message) = respond(answer);
            assert_eq!(status, 400, "{body}");
            assert!(
                message.contains(reason),
                "{message:?} should say {reason:?}"
            );
        }
        assert_eq!(users.len(), 1);
    }
}
