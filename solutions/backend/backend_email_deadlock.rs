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
    // The read guard lived to the end of the function, so `write()` waited for this very thread to
    // let go of its read lock: forever (std's docs allow a panic instead; on Linux it hangs). One
    // write guard for the check *and* the change fixes that, and makes the two one atomic step: no
    // other request can take the email in between. The tempting `drop(users)` before `write()`
    // stops the hang but opens exactly that window: two requests both see "nobody has it" under
    // their read locks, then both write, and two users share one email (a test lines two requests
    // up at `store.write()`, so it happens on every run). Checking again under the write guard
    // would be correct too, but then the first check under the read guard buys nothing.
    // (Kotlin's version of the bug is a `ConcurrentHashMap` checked with `containsValue` and then
    // updated: a race that compiles and passes every single-threaded test.)
    let mut users = store.write();
    if users.values().any(|u| u.id != id && u.email == email) {
        return Err(ApiError::Conflict(email.to_string()));
    }
    let user = users.get_mut(&id).ok_or(ApiError::NotFound(id))?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Condvar, Mutex};
    use std::thread;
    use std::time::Duration;

    fn email_of(store: &Store, id: u64) -> String {
        store.read()[&id].email.clone()
    }

    fn store_of(emails: &[&str]) -> Store {
        store_with(emails, || {})
    }

    #[test]
    fn changes_the_email() {
        let store = store_of(&["ada@example.com", "grace@example.com"]);
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
        let store = store_of(&["ada@example.com"]);
        assert!(change_email(&store, 1, "ada@example.com").is_ok());
    }

    #[test]
    fn an_email_belongs_to_one_user() {
        let store = store_of(&["ada@example.com", "grace@example.com"]);
        assert_eq!(
            change_email(&store, 2, "ada@example.com"),
            Err(ApiError::Conflict("ada@example.com".to_string()))
        );
        assert_eq!(email_of(&store, 2), "grace@example.com");
    }

    #[test]
    fn unknown_user() {
        let store = store_of(&["ada@example.com"]);
        assert_eq!(
            change_email(&store, 9, "eve@example.com"),
            Err(ApiError::NotFound(9))
        );
    }

    // How many times a request has called `store.write()` in the test below.
    static ASKED: Mutex<usize> = Mutex::new(0);
    static ARRIVED: Condvar = Condvar::new();

    // Requests pass `store.write()` in pairs: neither gets the write lock before the other
    // request has asked for it too (like a `Barrier` of two, but it gives up after 2 s).
    fn line_up() {
        let mut asked = ASKED.lock().unwrap();
        *asked += 1;
        let pair = asked.next_multiple_of(2);
        ARRIVED.notify_all();
        let (asked, wait) = ARRIVED
            .wait_timeout_while(asked, Duration::from_secs(2), |asked| *asked < pair)
            .unwrap();
        drop(asked);
        assert!(
            !wait.timed_out(),
            "only one of two requests asked for the write lock; the other never did"
        );
    }

    #[test]
    fn two_requests_for_one_email_cannot_both_get_it() {
        let store = store_with(&["ada@example.com", "grace@example.com"], line_up);
        let (first, second) = thread::scope(|s| {
            let first = s.spawn(|| change_email(&store, 1, "hopper@example.com"));
            let second = s.spawn(|| change_email(&store, 2, "hopper@example.com"));
            (first.join().unwrap(), second.join().unwrap())
        });
        assert!(
            *ASKED.lock().unwrap() >= 2,
            "the requests changed the users without `store.write()`"
        );
        let changed = [&first, &second].iter().filter(|r| r.is_ok()).count();
        assert_eq!(
            changed, 1,
            "both requests checked that hopper@example.com was free before either one took it, \
             then both took it ({first:?}, {second:?}): check and change must happen under one \
             write guard"
        );
        assert_ne!(email_of(&store, 1), email_of(&store, 2));
    }
}
