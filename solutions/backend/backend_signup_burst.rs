// A launch-day load test: a burst of sign-ups arrives at once, and each one is handled in its
// own tokio task against the shared store, as a web server would. `signup_burst` doesn't
// compile. Make every task work on the same store, then collect what they created.

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::RwLock;

#[derive(Debug, Clone, PartialEq)]
struct User {
    id: u64,
    email: String,
}

// The users, in the order they signed up: user n has id n.
type Store = Arc<RwLock<Vec<User>>>;

// POST /users: store the user, then send the welcome email.
async fn create_user(store: &Store, email: String) -> User {
    let user = {
        let mut users = store.write().await;
        let id = users.len() as u64 + 1;
        users.push(User { id, email });
        users[users.len() - 1].clone()
    };
    send_welcome_email(&user.email).await;
    user
}

// Stands in for the mail service: a network call that takes 100 ms.
async fn send_welcome_email(_to: &str) {
    tokio::time::sleep(Duration::from_millis(100)).await;
}

async fn signup_burst(store: &Store, emails: Vec<String>) -> Vec<User> {
    let mut tasks = Vec::new();
    for email in emails {
        // `tokio::spawn` requires a `'static` future: the task may outlive this function (a
        // caller may stop awaiting us, and the runtime keeps running the task), so it can't
        // borrow the caller's `store`. Each task gets its own `Arc` handle instead: a counter
        // bump, not a copy of the users, and all handles point to the same store. The
        // tempting `store: &'static Store` would only accept a leaked or global store, and
        // handling the sign-ups one after another without `spawn` makes the burst wait for
        // every welcome email in turn.
        let store = Arc::clone(store);
        tasks.push(tokio::spawn(
            async move { create_user(&store, email).await },
        ));
    }
    let mut created = Vec::new();
    for task in tasks {
        created.push(task.await.expect("a sign-up task panicked"));
    }
    created
}

#[tokio::main]
async fn main() {
    let store = Store::default();
    let created = signup_burst(&store, vec!["ada@example.com".to_string()]).await;
    println!("created {created:?}; store holds {:?}", store.read().await);
}

#[cfg(test)]
mod tests {
    use super::*;

    // Four worker threads: the tasks really run in parallel.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn every_sign_up_gets_its_own_id() {
        let store = Store::default();
        let emails: Vec<String> = (1..=40).map(|n| format!("user{n}@example.com")).collect();

        let mut created = signup_burst(&store, emails.clone()).await;

        // The tasks take the lock in any order, so sort by id: the ids must be exactly 1..=40.
        created.sort_by_key(|user| user.id);
        let ids: Vec<u64> = created.iter().map(|user| user.id).collect();
        assert_eq!(
            ids,
            (1..=40).collect::<Vec<u64>>(),
            "the 40 tasks must sign up into one store, one after another: did they get copies?"
        );

        let users = store.read().await;
        assert_eq!(users.len(), 40);
        let mut stored: Vec<String> = users.iter().map(|u| u.email.clone()).collect();
        stored.sort();
        let mut expected = emails;
        expected.sort();
        assert_eq!(stored, expected);
    }

    // A paused clock: `sleep` takes no real time, and the elapsed time is exact.
    #[tokio::test(start_paused = true)]
    async fn sign_ups_wait_for_the_mail_service_together() {
        let store = Store::default();
        let emails = (1..=50).map(|n| format!("user{n}@example.com")).collect();
        let started = tokio::time::Instant::now();

        let created = signup_burst(&store, emails).await;

        assert_eq!(created.len(), 50);
        let took = started.elapsed();
        assert!(
            took < Duration::from_secs(1),
            "50 sign-ups took {took:?}: were they handled one after another?"
        );
    }
}
