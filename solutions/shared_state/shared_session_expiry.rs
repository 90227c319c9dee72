// Sessions expire after 30 idle minutes. Every request calls `touch`: it renews a live session
// and deletes an expired one, so the store doesn't fill up with dead sessions.
// A test never finishes: find out what `touch` is waiting for, and fix it.

use std::collections::HashMap;
use std::sync::Mutex;

const IDLE_LIMIT_SECS: u64 = 30 * 60;

struct Session {
    user: String,
    last_seen: u64,
}

#[derive(Default)]
struct SessionStore {
    sessions: Mutex<HashMap<String, Session>>,
}

impl SessionStore {
    fn login(&self, token: &str, user: &str, now: u64) {
        let session = Session {
            user: user.to_string(),
            last_seen: now,
        };
        let mut sessions = self.sessions.lock().unwrap();
        sessions.insert(token.to_string(), session);
    }

    fn logout(&self, token: &str) -> bool {
        self.sessions.lock().unwrap().remove(token).is_some()
    }

    // Returns the session's user if it is still live.
    fn touch(&self, token: &str, now: u64) -> Option<String> {
        let mut sessions = self.sessions.lock().unwrap();
        let session = sessions.get_mut(token)?;
        if now - session.last_seen > IDLE_LIMIT_SECS {
            // We already hold the lock: use the guard we have. Calling `self.logout` asked for
            // the same Mutex again, and a std Mutex is not re-entrant (unlike Java's
            // `synchronized`): the second `lock()` waits for this thread to unlock, forever. It
            // can't be re-entrant, because each guard hands out a `&mut HashMap`, and two of
            // them would be two mutable references to one map. When methods need to share
            // logic, give them a helper that takes the locked `&mut HashMap` instead of `&self`.
            sessions.remove(token);
            return None;
        }
        session.last_seen = now;
        Some(session.user.clone())
    }

    fn active(&self) -> usize {
        self.sessions.lock().unwrap().len()
    }
}

fn main() {
    let store = SessionStore::default();
    store.login("t-1", "ana", 0);
    println!("{:?}", store.touch("t-1", 60));
    println!("{} active", store.active());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_session_is_renewed() {
        let store = SessionStore::default();
        store.login("t-1", "ana", 0);
        assert_eq!(store.touch("t-1", 1_000).as_deref(), Some("ana"));
        // Renewed at 1000, so still live 29 minutes later.
        assert_eq!(store.touch("t-1", 1_000 + 29 * 60).as_deref(), Some("ana"));
    }

    #[test]
    fn an_expired_session_is_deleted() {
        let store = SessionStore::default();
        store.login("t-1", "ana", 0);
        store.login("t-2", "ben", 0);
        assert_eq!(store.touch("t-1", 31 * 60), None);
        assert_eq!(store.active(), 1);
        assert!(!store.logout("t-1"));
    }

    #[test]
    fn logging_out_ends_a_session() {
        let store = SessionStore::default();
        store.login("t-1", "ana", 0);
        assert!(store.logout("t-1"));
        assert_eq!(store.touch("t-1", 10), None);
        assert_eq!(store.active(), 0);
    }
}
