// race: drop(users) before write(): the hang is gone, but check and change are two critical sections
// PUT /users/{id}/email: change a user's email, unless another user already has it.
// The tests never finish: ferry stops them after 3 seconds. Find where `change_email` waits
// forever, and fix it so that no other request can get between the check and the change.

use std::collections::HashMap;
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

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

// The users behind one lock. `before_write` does nothing in the server; the tests use it to
// make two requests ask for the write lock at the same moment.
struct Store {
    users: RwLock<HashMap<u64, User>>,
    before_write: fn(),
}

impl Store {
    fn read(&self) -> RwLockReadGuard<'_, HashMap<u64, User>> {
        self.users.read().unwrap()
    }

    fn write(&self) -> RwLockWriteGuard<'_, HashMap<u64, User>> {
        (self.before_write)();
        self.users.write().unwrap()
    }
}

fn change_email(store: &Store, id: u64, email: &str) -> Result<User, ApiError> {
    let users = store.read();
    if users.values().any(|u| u.id != id && u.email == email) {
        return Err(ApiError::Conflict(email.to_string()));
    }

    drop(users);
    let mut users_to_change = store.write();
    let user = users_to_change.get_mut(&id).ok_or(ApiError::NotFound(id))?;
    user.email = email.to_string();
    Ok(user.clone())
}

// The users get ids 1, 2, 3... in the order given.
fn store_with(emails: &[&str], before_write: fn()) -> Store {
    let users = (1..).zip(emails).map(|(id, email)| {
        let email = email.to_string();
        (id, User { id, email })
    });
    let users = RwLock::new(users.collect());
    Store {
        users,
        before_write,
    }
}

fn main() {
    let store = store_with(&["ada@example.com", "grace@example.com"], || {});
    println!("{:?}", change_email(&store, 1, "ada@lovelace.dev"));
}
