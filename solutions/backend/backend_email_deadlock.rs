// PUT /users/{id}/email: change a user's email, unless another user already has it.
// The tests never finish: ferry stops them after 3 seconds. Find where `change_email` waits
// forever, and fix it so that no other request can get between the check and the change.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

#[derive(Debug, Clone, PartialEq)]
struct User {
    id: u64,
    email: String,
}

#[derive(Debug, PartialEq)]
enum ApiError {
    NotFound(u64),
    Conflict(String),
}

type Store = Arc<RwLock<HashMap<u64, User>>>;

fn change_email(store: &Store, id: u64, email: &str) -> Result<User, ApiError> {
    // The read guard lived to the end of the function, so `write()` waited for this very
    // thread to let go of its read lock: forever. One write guard for the check *and* the
    // change fixes that, and makes the two one atomic step: no other request can take the
    // email in between. The tempting `drop(users)` before `write()` stops the hang but opens
    // exactly that window: two requests both see "nobody has it" under their read locks,
    // then both write, and two users share one email. (Kotlin's version of the bug is a
    // `ConcurrentHashMap` checked with `containsValue` and then updated: a race that
    // compiles and passes every single-threaded test.)
    let mut users = store.write().unwrap();
    if users.values().any(|u| u.id != id && u.email == email) {
        return Err(ApiError::Conflict(email.to_string()));
    }
    let user = users.get_mut(&id).ok_or(ApiError::NotFound(id))?;
    user.email = email.to_string();
    Ok(user.clone())
}

fn store_with(users: &[(u64, &str)]) -> Store {
    let users = users
        .iter()
        .map(|&(id, email)| {
            let email = email.to_string();
            (id, User { id, email })
        })
        .collect();
    Arc::new(RwLock::new(users))
}

fn main() {
    let store = store_with(&[(1, "ada@example.com"), (2, "grace@example.com")]);
    println!("{:?}", change_email(&store, 1, "ada@lovelace.dev"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email_of(store: &Store, id: u64) -> String {
        store.read().unwrap()[&id].email.clone()
    }

    #[test]
    fn changes_the_email() {
        let store = store_with(&[(1, "ada@example.com"), (2, "grace@example.com")]);
        let changed = change_email(&store, 1, "ada@lovelace.dev");
        assert_eq!(
            changed,
            Ok(User {
                id: 1,
                email: "ada@lovelace.dev".to_string()
            })
        );
        assert_eq!(email_of(&store, 1), "ada@lovelace.dev");
    }

    #[test]
    fn keeping_your_own_email_is_fine() {
        let store = store_with(&[(1, "ada@example.com")]);
        assert!(change_email(&store, 1, "ada@example.com").is_ok());
    }

    #[test]
    fn an_email_belongs_to_one_user() {
        let store = store_with(&[(1, "ada@example.com"), (2, "grace@example.com")]);
        assert_eq!(
            change_email(&store, 2, "ada@example.com"),
            Err(ApiError::Conflict("ada@example.com".to_string()))
        );
        assert_eq!(email_of(&store, 2), "grace@example.com");
    }

    #[test]
    fn unknown_user() {
        let store = store_with(&[(1, "ada@example.com")]);
        assert_eq!(
            change_email(&store, 9, "eve@example.com"),
            Err(ApiError::NotFound(9))
        );
    }
}
