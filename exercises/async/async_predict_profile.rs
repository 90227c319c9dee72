// Predict first: a profile page handler looks the user up in the user store, then renders them.
// Before changing any code, read it and predict the compiler's error: its code, and the line
// rustc points at. Write both on the ANSWER line below and save; ferry then shows the real
// error and grades your prediction. Then fix the code.
// ANSWER: E____ line __

use std::collections::HashMap;
use std::time::Duration;

struct User {
    name: String,
    email: String,
}

struct UserStore {
    users: HashMap<u32, User>,
}

impl UserStore {
    // A lookup is a round trip to the database.
    async fn find(&self, id: u32) -> Option<&User> {
        tokio::time::sleep(Duration::from_millis(20)).await;
        self.users.get(&id)
    }
}

async fn profile_page(store: &UserStore, id: u32) -> String {
    let user = store.find(id);
    if let Some(user) = user {
        format!("<h1>{}</h1><p>{}</p>", user.name, user.email)
    } else {
        "404 Not Found".to_string()
    }
}

fn store() -> UserStore {
    let ada = User {
        name: "Ada Lovelace".to_string(),
        email: "ada@example.com".to_string(),
    };
    UserStore {
        users: HashMap::from([(1, ada)]),
    }
}

#[tokio::main]
async fn main() {
    println!("{}", profile_page(&store(), 1).await);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn renders_a_known_user() {
        assert_eq!(
            profile_page(&store(), 1).await,
            "<h1>Ada Lovelace</h1><p>ada@example.com</p>"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn unknown_user_is_not_found() {
        assert_eq!(profile_page(&store(), 2).await, "404 Not Found");
    }
}
