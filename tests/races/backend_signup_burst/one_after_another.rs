// race: no spawn: each sign-up, welcome email included, waits for the one before
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
        tasks.push(create_user(store, email).await);
    }
    tasks
}

#[tokio::main]
async fn main() {
    let store = Store::default();
    let created = signup_burst(&store, vec!["ada@example.com".to_string()]).await;
    println!("created {created:?}; store holds {:?}", store.read().await);
}
