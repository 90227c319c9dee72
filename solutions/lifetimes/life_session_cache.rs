// An auth middleware looks up the session behind each request's token. Reading from the session
// store is a network round trip, so `SessionCache` keeps every session it has read. `session`
// doesn't compile, yet it is safe: a limit of the checker's analysis. Restructure it.

use std::collections::HashMap;

// A session holds the user's permissions as the store knew them. It is deliberately not `Clone`:
// the cache hands out the one copy it keeps.
struct Session {
    user: String,
    admin: bool,
}

// Stands in for the session store: "t-ada" is Ada's token, an admin; everyone else is a guest.
fn read_from_store(token: &str) -> Session {
    let user = token.trim_start_matches("t-").to_string();
    Session {
        admin: user == "ada",
        user,
    }
}

struct SessionCache {
    sessions: HashMap<String, Session>,
    store_reads: u32,
}

impl SessionCache {
    // The session for `token`, read from the store only the first time it is asked for.
    //
    // This is safe as first written: the early return happens only when the session is there,
    // and the `insert` only runs when it isn't. But a returned reference must stay valid for as
    // long as the caller's borrow of the cache lasts, so the checker makes the `get` borrow that
    // long on *every* path, including the one that goes on to `insert`. It doesn't track that
    // this borrow is only returned when `get` found something. (This is the known case #3 of
    // the NLL RFC; Polonius, the borrow checker in development, accepts it.) So decide first,
    // then borrow once: after the `if`, nothing else is borrowed, and the reference returned
    // is taken after the last change. `entry(token.to_string()).or_insert_with(..)` works too,
    // in one lookup, but it allocates a key on every call, hits included. Returning an owned
    // `Session` or an `Rc<Session>` would dodge the borrow by copying or sharing what the
    // cache should hand out, and `Box::leak` would leak a session per request.
    fn session(&mut self, token: &str) -> &Session {
        if !self.sessions.contains_key(token) {
            self.store_reads += 1;
            self.sessions
                .insert(token.to_string(), read_from_store(token));
        }
        &self.sessions[token]
    }
}

fn main() {
    let mut cache = SessionCache {
        sessions: HashMap::new(),
        store_reads: 0,
    };
    for token in ["t-ada", "t-grace", "t-ada"] {
        let session = cache.session(token);
        println!("{token}: {} (admin: {})", session.user, session.admin);
    }
    println!("{} store reads", cache.store_reads);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache() -> SessionCache {
        SessionCache {
            sessions: HashMap::new(),
            store_reads: 0,
        }
    }

    #[test]
    fn reads_each_session_from_the_store_once() {
        let mut cache = cache();
        assert_eq!(cache.session("t-ada").user, "ada");
        assert!(cache.session("t-ada").admin);
        assert!(!cache.session("t-grace").admin);
        assert_eq!(
            cache.store_reads, 2,
            "each token should be read from the store once, then served from the cache"
        );
    }

    #[test]
    fn hands_out_the_cached_session_itself() {
        let mut cache = cache();
        let first: *const Session = cache.session("t-ada");
        let again: *const Session = cache.session("t-ada");
        let stored: *const Session = cache
            .sessions
            .get("t-ada")
            .expect("the session should be cached");
        assert!(
            std::ptr::eq(first, stored) && std::ptr::eq(again, stored),
            "session() should return the session kept in the cache, not a copy or a leaked one"
        );
    }
}
