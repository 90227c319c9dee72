// Each request bumps its session's visit counter, then reports the visit to the audit service.
// Requests are handled in spawned tasks. `serve` doesn't compile: make `record_visit` fit to
// be spawned, without changing how the state is stored.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::task::JoinHandle;

#[derive(Default)]
struct AppState {
    visits: Mutex<HashMap<String, u32>>,
    audit_log: Mutex<Vec<String>>,
}

// A call to the audit service: a network round trip.
async fn audit(state: &AppState, line: String) {
    tokio::time::sleep(Duration::from_millis(50)).await;
    state.audit_log.lock().unwrap().push(line);
}

async fn record_visit(state: Arc<AppState>, session: String) -> u32 {
    // At an `.await` the task may be suspended and later resumed on another worker thread.
    // A std MutexGuard must be unlocked by the thread that locked it, so it is not `Send`, and
    // holding it across the await made the whole future not `Send`. Worse, every other request
    // for this lock would block its worker thread while we wait for the audit service. So copy
    // the count out in a block: the guard is dropped at its `}`, before the await. Switching to
    // tokio's async Mutex would compile too, but it is slower and would keep the counters
    // locked for the whole audit call, which nothing here needs.
    let count = {
        let mut visits = state.visits.lock().unwrap();
        let count = visits.entry(session.clone()).or_insert(0);
        *count += 1;
        *count
    };
    audit(&state, format!("{session}: visit {count}")).await;
    count
}

fn serve(state: &Arc<AppState>, sessions: Vec<String>) -> Vec<JoinHandle<u32>> {
    sessions
        .into_iter()
        .map(|session| tokio::spawn(record_visit(Arc::clone(state), session)))
        .collect()
}

#[tokio::main]
async fn main() {
    let state = Arc::new(AppState::default());
    for task in serve(&state, vec!["s-ada".to_string(), "s-ada".to_string()]) {
        println!(
            "visit number {}",
            task.await.expect("request task panicked")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn finish(tasks: Vec<JoinHandle<u32>>) -> Vec<u32> {
        let mut counts = Vec::new();
        for task in tasks {
            counts.push(task.await.expect("request task panicked"));
        }
        counts.sort();
        counts
    }

    #[tokio::test(start_paused = true)]
    async fn counts_every_visit_of_a_session() {
        let state = Arc::new(AppState::default());
        let sessions = vec![
            "s-ada".to_string(),
            "s-ada".to_string(),
            "s-bob".to_string(),
        ];
        assert_eq!(finish(serve(&state, sessions)).await, [1, 1, 2]);
        let visits = state.visits.lock().unwrap();
        assert_eq!((visits["s-ada"], visits["s-bob"]), (2, 1));
    }

    #[tokio::test(start_paused = true)]
    async fn audits_every_visit() {
        let state = Arc::new(AppState::default());
        finish(serve(
            &state,
            vec!["s-ada".to_string(), "s-ada".to_string()],
        ))
        .await;
        let mut log = state.audit_log.lock().unwrap().clone();
        log.sort();
        assert_eq!(log, ["s-ada: visit 1", "s-ada: visit 2"]);
    }
}
