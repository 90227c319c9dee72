// Each signed-in device has a session, which expires after 30 idle minutes. Every request calls
// `touch`: it renews a live session and deletes an expired one; signing in again starts a new one.
// A test never finishes: find out what `touch` is waiting for, and fix it.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

const IDLE_LIMIT_SECS: u64 = 30 * 60;

#[derive(Default)]
struct SessionStore {
    // When each device's session was last seen.
    sessions: Mutex<HashMap<String, u64>>,
    // Runs before every lock of the sessions: the lock-wait metrics plug in here (and the tests).
    // You don't need to change it.
    before_lock: Option<fn(&SessionStore)>,
}

impl SessionStore {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, u64>> {
        if let Some(hook) = self.before_lock {
            hook(self);
        }
        self.sessions.lock().unwrap()
    }

    fn sign_in(&self, device: &str, now: u64) {
        self.lock().insert(device.to_string(), now);
    }

    fn sign_out(&self, device: &str) -> bool {
        self.lock().remove(device).is_some()
    }

    // Returns whether the device's session is live.
    fn touch(&self, device: &str, now: u64) -> bool {
        let mut sessions = self.lock();
        let Some(last_seen) = sessions.get_mut(device) else {
            return false;
        };
        if now - *last_seen > IDLE_LIMIT_SECS {
            // We already hold the lock: delete through the guard we have. Calling
            // `self.sign_out` asked for the same Mutex again, and a std Mutex is not re-entrant
            // (unlike Java's `synchronized`): locking it again on the thread that holds it never
            // returns (std leaves it unspecified whether it deadlocks or panics). It can't be
            // re-entrant, because each guard hands out a `&mut HashMap`, and two of them would
            // be two mutable references to one map. Dropping the guard before `sign_out` ends
            // the hang but splits the check from the delete: a new sign-in can land in between
            // and be deleted with the old session. Check and act under one guard; to share
            // logic between locking methods, write helpers that take the locked `&mut HashMap`.
            sessions.remove(device);
            return false;
        }
        *last_seen = now;
        true
    }
}

fn main() {
    let store = SessionStore::default();
    store.sign_in("laptop", 0);
    println!("live: {}", store.touch("laptop", 60));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::thread;

    #[test]
    fn a_live_session_is_renewed() {
        let store = SessionStore::default();
        store.sign_in("laptop", 0);
        assert!(store.touch("laptop", 1_000));
        // Renewed at 1000, so still live 29 minutes later.
        assert!(store.touch("laptop", 1_000 + 29 * 60));
    }

    #[test]
    fn an_expired_session_is_deleted() {
        let store = SessionStore::default();
        store.sign_in("laptop", 0);
        store.sign_in("phone", 0);
        assert!(!store.touch("laptop", 31 * 60));
        assert!(
            !store.sign_out("laptop"),
            "the expired session is still stored"
        );
        assert!(store.sign_out("phone"));
    }

    #[test]
    fn signing_out_ends_a_session() {
        let store = SessionStore::default();
        store.sign_in("laptop", 0);
        assert!(store.sign_out("laptop"));
        assert!(!store.touch("laptop", 10));
    }

    thread_local! {
        // How often this thread has asked for the sessions' lock, and whether Ana signed in anew.
        static LOCKS: Cell<u32> = const { Cell::new(0) };
        static SIGNED_IN_AGAIN: Cell<bool> = const { Cell::new(false) };
    }

    // Whenever `touch` asks for the lock a second time, Ana signs in again on her laptop, on
    // another thread, before `touch` gets it back. That can happen any time the lock is free.
    fn sign_in_again_before_a_second_lock(store: &SessionStore) {
        LOCKS.set(LOCKS.get() + 1);
        if LOCKS.get() == 2 && !SIGNED_IN_AGAIN.replace(true) {
            thread::scope(|s| s.spawn(|| store.sign_in("laptop", 31 * 60)).join().unwrap());
        }
    }

    #[test]
    fn a_new_sign_in_survives_the_old_session_expiring() {
        let store = SessionStore {
            before_lock: Some(sign_in_again_before_a_second_lock),
            ..SessionStore::default()
        };
        store.sign_in("laptop", 0);
        LOCKS.set(0);
        // A request from a tab left open overnight finds the old session expired...
        assert!(!store.touch("laptop", 31 * 60));
        // ...while Ana signs in again. If that didn't land in the middle of `touch`, it lands now.
        if !SIGNED_IN_AGAIN.replace(true) {
            store.sign_in("laptop", 31 * 60);
        }
        assert!(
            store.sessions.lock().unwrap().contains_key("laptop"),
            "Ana's new session was deleted: `touch` let go of the lock between finding the old \
             session expired and deleting it, and her new sign-in landed in between"
        );
    }
}
