// Predict first: request handlers on several threads look up sessions in a shared cache.
// Before changing any code, read it and predict the compiler's error: its code, and the line
// rustc points at. Write both on the ANSWER line below and save; ferry then shows the real
// error and grades your prediction. Then fix the code.
// ANSWER: E0277 line 30

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::thread;

struct Session {
    user: String,
}

// A `Mutex` does not make everything inside it thread-safe. It guards the map, but each handler
// takes a clone of the session pointer out of the lock and drops it later, unlocked, while
// other handlers clone and drop theirs: with `Rc`'s plain counter, two of those at once can
// lose an update and free a session that is still in use. So `Mutex<T>` is `Sync` only if
// `T` is `Send`. rustc reports the whole chain at the spawn (line 30 of the untouched file),
// where the cache crosses to another thread, not where the `Rc` is created or cloned. `Arc`'s
// atomic count makes those clones safe. (Storing `Session` by value and copying `user` out
// while locked works too; `Arc` lets a handler keep the whole session after unlocking.)
type SessionCache = Arc<Mutex<HashMap<u64, Arc<Session>>>>;

fn log_in(cache: &SessionCache, session_id: u64, user: &str) {
    let session = Arc::new(Session {
        user: user.to_string(),
    });
    cache.lock().unwrap().insert(session_id, session);
}

// Answers one request per session id, each on its own handler thread.
fn handle_requests(cache: &SessionCache, session_ids: Vec<u64>) -> Vec<String> {
    let mut handlers = Vec::new();
    for id in session_ids {
        let cache = Arc::clone(cache);
        handlers.push(thread::spawn(move || {
            let session = cache.lock().unwrap().get(&id).cloned();
            match session {
                Some(session) => format!("200 hello {}", session.user),
                None => "401 please log in".to_string(),
            }
        }));
    }
    handlers.into_iter().map(|h| h.join().unwrap()).collect()
}

fn main() {
    let cache = SessionCache::default();
    log_in(&cache, 17, "ada");
    println!("{:?}", handle_requests(&cache, vec![17, 99]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handlers_find_logged_in_users() {
        let cache = SessionCache::default();
        log_in(&cache, 17, "ada");
        log_in(&cache, 23, "grace");
        assert_eq!(
            handle_requests(&cache, vec![23, 99, 17]),
            ["200 hello grace", "401 please log in", "200 hello ada"]
        );
    }
}
