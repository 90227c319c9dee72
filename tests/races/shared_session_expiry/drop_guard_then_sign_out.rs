// race: drops the guard before `sign_out` locks again, so a sign-in can land between the check and the delete
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
            drop(sessions);
            self.sign_out(device);
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
