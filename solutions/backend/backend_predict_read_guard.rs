// Predict first: the user service now keeps its users in one store that every request
// handler shares. Before changing any code, predict the compiler's error: its code, and the
// line rustc points at. Write both on the ANSWER line below and save. Then fix the code.
// ANSWER: E0596 line 35

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

#[derive(Debug, Clone, PartialEq)]
struct User {
    id: u64,
    email: String,
}

type Store = Arc<RwLock<HashMap<u64, User>>>;

// POST /users
fn create_user(store: &Store, id: u64, email: &str) -> User {
    let user = User {
        id,
        email: email.to_string(),
    };
    store.write().unwrap().insert(id, user.clone());
    user
}

// GET /users/{id}
fn get_user(store: &Store, id: u64) -> Option<User> {
    store.read().unwrap().get(&id).cloned()
}

// PUT /users/{id}/email
fn update_email(store: &Store, id: u64, email: &str) -> Option<User> {
    // A read guard derefs only to `&HashMap`: many requests may hold one at once, so none
    // of them may change the map under the others' feet. Changing needs the write guard,
    // which waits until it is the only one and then derefs to `&mut HashMap`. (Unlike
    // E0596 on a plain `let`, `let mut users = store.read()` doesn't help.) The tempting
    // `store.read().unwrap().clone()` compiles too, and updates a private copy of every user
    // that the next request never sees.
    let mut users = store.write().unwrap();
    let user = users.get_mut(&id)?;
    user.email = email.to_string();
    Some(user.clone())
}

fn main() {
    let store = Store::default();
    create_user(&store, 1, "ada@example.com");
    update_email(&store, 1, "ada@lovelace.dev");
    println!("{:?}", get_user(&store, 1));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_is_seen_by_the_next_request() {
        let store = Store::default();
        create_user(&store, 1, "ada@example.com");
        let handler_view = Arc::clone(&store);
        let updated = update_email(&handler_view, 1, "ada@lovelace.dev");
        assert_eq!(
            updated.as_ref().map(|u| u.email.as_str()),
            Some("ada@lovelace.dev")
        );
        assert_eq!(get_user(&store, 1), updated);
    }

    #[test]
    fn updating_an_unknown_user_changes_nothing() {
        let store = Store::default();
        create_user(&store, 1, "ada@example.com");
        assert_eq!(update_email(&store, 2, "eve@example.com"), None);
        assert_eq!(store.read().unwrap().len(), 1);
    }
}
