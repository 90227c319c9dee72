// GET /dashboard: count the user's visit, then load their widgets from the database.
// It compiles and its test passes, but clippy objects, and ferry treats clippy's warnings as
// errors, as a CI job running `cargo clippy -- -D warnings` would. Find out why clippy is right.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

struct AppState {
    visits: Mutex<HashMap<u64, u32>>,
}

async fn load_widgets(user: u64) -> Vec<String> {
    tokio::time::sleep(Duration::from_millis(10)).await; // the database round trip
    vec![format!("inbox:{user}"), format!("calendar:{user}")]
}

async fn dashboard(state: &AppState, user: u64) -> (u32, Vec<String>) {
    // The visit is counted in a block of its own: the guard is dropped at its `}`, before the
    // `.await`. Held across the `.await` (as before), the lock stayed taken for the whole
    // database round trip. A std guard can't move to another thread, so that future isn't
    // `Send`: `tokio::spawn` (and a web framework, which spawns every request) rejects it, and
    // two such requests can only run side by side on one thread (a current-thread runtime, or
    // `join!` in one task). There the second request's `lock()` blocks that thread, and the
    // first can never resume to let go: a deadlock, on any runtime. A test with one request at
    // a time can't see that; clippy's `await_holding_lock` can, which is why CI runs it with
    // warnings as errors. tokio's `Mutex` would silence clippy too, but still holds the lock
    // across the round trip, so every dashboard waits for the one before it: the counter needs
    // the lock for one line, so take it for one line.
    let visits = {
        let mut visits = state.visits.lock().unwrap();
        let count = visits.entry(user).or_insert(0);
        *count += 1;
        *count
    };
    let widgets = load_widgets(user).await;
    (visits, widgets)
}

#[tokio::main]
async fn main() {
    let state = AppState {
        visits: Mutex::new(HashMap::new()),
    };
    println!("{:?}", dashboard(&state, 7).await);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn counts_each_visit_and_loads_the_widgets() {
        let state = AppState {
            visits: Mutex::new(HashMap::new()),
        };
        let (visits, widgets) = dashboard(&state, 7).await;
        assert_eq!(visits, 1);
        assert_eq!(widgets, ["inbox:7", "calendar:7"]);
        let (again, _) = dashboard(&state, 7).await;
        assert_eq!(again, 2, "the second visit counts as 2");
        let (other, _) = dashboard(&state, 8).await;
        assert_eq!(other, 1, "each user has their own count");
    }
}
