// The user service's handlers return `Result<User, ApiError>`, and `respond` turns each error
// into its HTTP status. `create_user` doesn't compile. Make a body that isn't a valid
// sign-up come back as a 400 that tells the client what is wrong with it.

use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
struct User {
    id: u64,
    email: String,
    suspended: bool,
}

#[derive(Deserialize)]
struct NewUser {
    email: String,
}

#[derive(Debug, PartialEq)]
enum ApiError {
    BadRequest(String),
    Forbidden(u64),
    NotFound(u64),
    Conflict(String),
}

impl ApiError {
    fn status(&self) -> u16 {
        match self {
            ApiError::BadRequest(_) => 400,
            ApiError::Forbidden(_) => 403,
            ApiError::NotFound(_) => 404,
            ApiError::Conflict(_) => 409,
        }
    }
}

// `?` hands an error to the caller after passing it through `From::from`, so this impl is
// what lets every handler that reads a body write `serde_json::from_str(body)?`. serde's
// message ("missing field `email` at line 1 column 26") goes into the 400, so the client
// learns what to fix. The tempting `.unwrap()` would panic on the first bad body: the
// client gets a dropped connection or a 500 instead of a 400, and the service logs a crash
// for what is the client's mistake. (If one handler needed a different status for a JSON
// error, it would say so at that call: `.map_err(|err| ...)?`.)
impl From<serde_json::Error> for ApiError {
    fn from(err: serde_json::Error) -> Self {
        ApiError::BadRequest(err.to_string())
    }
}

#[derive(Default)]
struct Store {
    users: HashMap<u64, User>,
    last_id: u64,
}

// GET /users/{id}
fn get_user(store: &Store, id: u64) -> Result<User, ApiError> {
    let user = store.users.get(&id).ok_or(ApiError::NotFound(id))?;
    if user.suspended {
        return Err(ApiError::Forbidden(id));
    }
    Ok(user.clone())
}

// POST /users with a body like {"email":"ada@example.com"}
fn create_user(store: &mut Store, body: &str) -> Result<User, ApiError> {
    let new_user: NewUser = serde_json::from_str(body)?;
    if store.users.values().any(|u| u.email == new_user.email) {
        return Err(ApiError::Conflict(new_user.email));
    }
    store.last_id += 1;
    let user = User {
        id: store.last_id,
        email: new_user.email,
        suspended: false,
    };
    store.users.insert(user.id, user.clone());
    Ok(user)
}

// The status code and body the client receives.
fn respond(result: Result<User, ApiError>) -> (u16, String) {
    match result {
        Ok(user) => (200, format!("user {} <{}>", user.id, user.email)),
        Err(err) => (err.status(), format!("{err:?}")),
    }
}

fn main() {
    let mut store = Store::default();
    println!(
        "{:?}",
        respond(create_user(&mut store, r#"{"email":"ada@example.com"}"#))
    );
    println!("{:?}", respond(get_user(&store, 1)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> Store {
        let mut store = Store::default();
        create_user(&mut store, r#"{"email":"ada@example.com"}"#).expect("valid sign-up");
        create_user(&mut store, r#"{"email":"mallory@example.com"}"#).expect("valid sign-up");
        store.users.get_mut(&2).expect("user 2 exists").suspended = true;
        store
    }

    #[test]
    fn creates_and_gets_a_user() {
        let mut store = store();
        let grace = create_user(&mut store, r#"{"email":"grace@example.com"}"#);
        assert_eq!(
            respond(grace),
            (200, "user 3 <grace@example.com>".to_string())
        );
        assert_eq!(
            respond(get_user(&store, 1)),
            (200, "user 1 <ada@example.com>".to_string())
        );
    }

    #[test]
    fn unknown_and_suspended_users() {
        let store = store();
        assert_eq!(get_user(&store, 42), Err(ApiError::NotFound(42)));
        assert_eq!(respond(get_user(&store, 42)).0, 404);
        assert_eq!(get_user(&store, 2), Err(ApiError::Forbidden(2)));
        assert_eq!(respond(get_user(&store, 2)).0, 403);
    }

    #[test]
    fn an_email_can_sign_up_only_once() {
        let mut store = store();
        let again = create_user(&mut store, r#"{"email":"ada@example.com"}"#);
        assert_eq!(
            again,
            Err(ApiError::Conflict("ada@example.com".to_string()))
        );
        assert_eq!(respond(again).0, 409);
        assert_eq!(store.users.len(), 2);
    }

    #[test]
    fn a_bad_body_is_a_400_that_says_why() {
        let mut store = store();
        for (body, reason) in [
            (r#"{"mail":"ada@example.com"}"#, "missing field `email`"),
            (r#"{"email":42}"#, "invalid type: integer `42`"),
            ("email=ada@example.com", "expected value"),
        ] {
            let (status, message) = respond(create_user(&mut store, body));
            assert_eq!(status, 400, "{body}");
            assert!(
                message.contains(reason),
                "{message:?} should say {reason:?}"
            );
        }
        assert_eq!(store.users.len(), 2);
    }
}
