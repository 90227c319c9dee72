// A session store: every authenticated request refreshes its session's `last_seen`, so users
// who are active don't get logged out. `touch` doesn't compile: fix it.

struct Session {
    token: String,
    user: String,
    last_seen: u64,
}

struct SessionStore {
    sessions: Vec<Session>,
}

impl SessionStore {
    fn find(&self, token: &str) -> Option<&Session> {
        self.sessions.iter().find(|s| s.token == token)
    }

    // `find` hands out `&Session`, a read-only view: whoever holds a shared reference may
    // assume the value doesn't change under it, and other shared references to the same
    // session may exist. Writing needs a `&mut` path, so add the mutable twin of `find`, as
    // `Vec` has `iter_mut` next to `iter` and `get_mut` next to `get`. Turning `find` itself
    // into `&mut self` doesn't compile against the tests (the last one calls it on a store
    // that isn't `mut`, E0596), and rightly: every read (a logged-in check, a log line) would
    // need exclusive access to the whole store. A `Cell`/`RefCell` for `last_seen` would hide
    // the write from the type.
    fn find_mut(&mut self, token: &str) -> Option<&mut Session> {
        self.sessions.iter_mut().find(|s| s.token == token)
    }

    // Marks the session as seen at `now`. Returns false if the token is unknown.
    fn touch(&mut self, token: &str, now: u64) -> bool {
        match self.find_mut(token) {
            Some(session) => {
                session.last_seen = now;
                true
            }
            None => false,
        }
    }
}

fn main() {
    let mut store = SessionStore {
        sessions: vec![Session {
            token: "tok-ada".to_string(),
            user: "ada".to_string(),
            last_seen: 100,
        }],
    };
    store.touch("tok-ada", 160);
    if let Some(session) = store.find("tok-ada") {
        println!("{} last seen at {}", session.user, session.last_seen);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> SessionStore {
        let session = |token: &str, user: &str| Session {
            token: token.to_string(),
            user: user.to_string(),
            last_seen: 100,
        };
        SessionStore {
            sessions: vec![session("tok-ada", "ada"), session("tok-grace", "grace")],
        }
    }

    #[test]
    fn touch_refreshes_only_that_session() {
        let mut store = store();
        assert!(store.touch("tok-grace", 160));
        assert_eq!(store.sessions[0].last_seen, 100);
        assert_eq!(store.sessions[1].last_seen, 160);
    }

    #[test]
    fn unknown_token_is_rejected() {
        let mut store = store();
        assert!(!store.touch("tok-mallory", 160));
    }

    #[test]
    fn find_only_needs_to_read_the_store() {
        let store = store();
        let session = store.find("tok-ada").expect("ada is logged in");
        assert_eq!(session.user, "ada");
        assert!(store.find("tok-mallory").is_none());
    }
}
