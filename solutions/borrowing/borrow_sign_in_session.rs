// Sign-in: each user has one session. Signing in again starts a fresh session, signs the old
// one out, and the welcome page says which device was signed out. `sign_in` doesn't compile:
// fix it.

use std::collections::HashMap;

struct Session {
    device: String,
    started_at: u64,
}

#[derive(Default)]
struct SessionStore {
    by_user: HashMap<String, Session>,
}

impl SessionStore {
    fn current(&self, user: &str) -> Option<&Session> {
        self.by_user.get(user)
    }

    // Starts a new session for `user`; returns the one it replaced, if any.
    fn start(&mut self, user: &str, device: &str, now: u64) -> Option<Session> {
        let device = device.to_string();
        let session = Session {
            device,
            started_at: now,
        };
        self.by_user.insert(user.to_string(), session)
    }
}

fn sign_in(store: &mut SessionStore, user: &str, device: &str, now: u64) -> String {
    // `previous` pointed at the session stored in the map, and `start` replaces that very session:
    // the old `start` dropped what `insert` handed back, freeing its device name (and an insert may
    // grow the map, moving every session to a new table). A `&Session` kept across `start` would
    // read freed memory, and the checker sees only `&mut self`: no `&mut self` call while a `&`
    // into the store is still going to be used. `start` holds the replaced session for a moment
    // anyway (`HashMap::insert` returns it), so let it hand it back: the old session moves to us,
    // nothing is copied, and it is dropped once the message is written. Building the message from
    // `store.current(user)` before calling `start`, or taking the old session out with
    // `store.by_user.remove(user)`, works too. Cloning the session (or its device) copies it only
    // to outlive the borrow; on the JVM the GC would keep the old object alive, here the map owned
    // it.
    match store.start(user, device, now) {
        Some(old) => format!(
            "Welcome, {user}. Signed out {} (since {}).",
            old.device, old.started_at
        ),
        None => format!("Welcome, {user}."),
    }
}

fn main() {
    let mut store = SessionStore::default();
    println!("{}", sign_in(&mut store, "ada", "laptop", 100));
    println!("{}", sign_in(&mut store, "ada", "phone", 160));
    println!("now on: {:?}", store.current("ada").map(|s| &s.device));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sign_in_has_nothing_to_sign_out() {
        let mut store = SessionStore::default();
        assert_eq!(sign_in(&mut store, "ada", "laptop", 100), "Welcome, ada.");
        assert_eq!(store.current("ada").unwrap().device, "laptop");
    }

    #[test]
    fn signing_in_again_replaces_the_old_session() {
        let mut store = SessionStore::default();
        sign_in(&mut store, "ada", "laptop", 100);
        assert_eq!(
            sign_in(&mut store, "ada", "phone", 160),
            "Welcome, ada. Signed out laptop (since 100)."
        );
        let current = store.current("ada").expect("ada is signed in");
        assert_eq!(
            (current.device.as_str(), current.started_at),
            ("phone", 160)
        );
        assert_eq!(store.by_user.len(), 1, "one session per user");
    }

    #[test]
    fn other_users_stay_signed_in() {
        let mut store = SessionStore::default();
        sign_in(&mut store, "ada", "laptop", 100);
        assert_eq!(
            sign_in(&mut store, "grace", "phone", 120),
            "Welcome, grace."
        );
        assert_eq!(store.current("ada").unwrap().device, "laptop");
    }
}
