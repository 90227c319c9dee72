// Capstone: PATCH /users/{id} renames a user once the moderation service has approved the new
// name; POST /users/{id}/login counts a login. Requests run concurrently, and a login that
// arrives during a rename gets lost. Fix `rename_user`; done means clippy is happy too.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct User {
    id: u64,
    display_name: String,
    logins: u32,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Rename {
    display_name: String,
}

#[derive(Debug, PartialEq)]
enum ApiError {
    BadRequest(String),
    NotFound(u64),
    Unprocessable(String),
}

impl ApiError {
    fn status(&self) -> u16 {
        match self {
            ApiError::BadRequest(_) => 400,
            ApiError::NotFound(_) => 404,
            ApiError::Unprocessable(_) => 422,
        }
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(err: serde_json::Error) -> Self {
        ApiError::BadRequest(err.to_string())
    }
}

type Store = Arc<RwLock<HashMap<u64, User>>>;

// Stands in for the moderation service: a network call that takes 50 ms.
async fn moderate(name: &str) -> Result<(), ApiError> {
    tokio::time::sleep(Duration::from_millis(50)).await;
    if name.trim().is_empty() || name.to_lowercase().contains("admin") {
        return Err(ApiError::Unprocessable(format!("{name:?} is not allowed")));
    }
    Ok(())
}

// GET /users/{id}
fn get_user(store: &Store, id: u64) -> Result<User, ApiError> {
    let users = store.read().unwrap();
    users.get(&id).cloned().ok_or(ApiError::NotFound(id))
}

// POST /users/{id}/login
async fn record_login(store: &Store, id: u64) -> Result<User, ApiError> {
    let mut users = store.write().unwrap();
    let user = users.get_mut(&id).ok_or(ApiError::NotFound(id))?;
    user.logins += 1;
    Ok(user.clone())
}

// PATCH /users/{id} with a body like {"displayName":"Ada L."}
async fn rename_user(store: &Store, id: u64, body: &str) -> Result<User, ApiError> {
    let rename: Rename = serde_json::from_str(body)?;
    let mut user = get_user(store, id)?;
    moderate(&rename.display_name).await?;
    user.display_name = rename.display_name;
    store.write().unwrap().insert(id, user.clone());
    Ok(user)
}

// The status code and JSON body the client receives.
fn respond(result: Result<User, ApiError>) -> (u16, String) {
    match result {
        Ok(user) => (
            200,
            serde_json::to_string(&user).expect("a User serializes"),
        ),
        Err(err) => (err.status(), format!("{err:?}")),
    }
}

fn store_with_ada() -> Store {
    let ada = User {
        id: 1,
        display_name: "Ada".to_string(),
        logins: 0,
    };
    Arc::new(RwLock::new(HashMap::from([(1, ada)])))
}

#[tokio::main]
async fn main() {
    let store = store_with_ada();
    let (renamed, login) = tokio::join!(
        rename_user(&store, 1, r#"{"displayName":"Ada L."}"#),
        record_login(&store, 1),
    );
    println!("{:?} {:?}", respond(renamed), respond(login));
    println!("{:?}", respond(get_user(&store, 1)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    const RENAME: &str = r#"{"displayName":"Ada L."}"#;

    // Every test runs on a paused clock: the 50 ms "network call" takes no real time, and
    // the order in which requests finish is always the same.
    #[tokio::test(start_paused = true)]
    async fn renames_a_user() {
        let store = store_with_ada();
        let (status, body) = respond(rename_user(&store, 1, RENAME).await);
        assert_eq!(status, 200);
        assert_eq!(body, r#"{"id":1,"displayName":"Ada L.","logins":0}"#);
        assert_eq!(get_user(&store, 1).unwrap().display_name, "Ada L.");
    }

    #[tokio::test(start_paused = true)]
    async fn each_failure_has_its_status() {
        let store = store_with_ada();
        let not_json = rename_user(&store, 1, "displayName=Ada").await;
        assert_eq!(respond(not_json).0, 400);
        assert_eq!(respond(rename_user(&store, 7, RENAME).await).0, 404);
        let refused = rename_user(&store, 1, r#"{"displayName":"Admin"}"#).await;
        assert_eq!(respond(refused).0, 422);
        assert_eq!(get_user(&store, 1).unwrap().display_name, "Ada");
    }

    #[tokio::test(start_paused = true)]
    async fn a_login_during_a_rename_is_kept() {
        let store = store_with_ada();
        let (renamed, login) =
            tokio::join!(rename_user(&store, 1, RENAME), record_login(&store, 1),);
        assert_eq!(login.unwrap().logins, 1);
        assert_eq!(renamed.unwrap().display_name, "Ada L.");
        let ada = get_user(&store, 1).unwrap();
        assert_eq!((ada.display_name.as_str(), ada.logins), ("Ada L.", 1));
    }

    #[tokio::test(start_paused = true)]
    async fn a_login_does_not_wait_for_the_moderation_service() {
        let store = store_with_ada();
        let started = Instant::now();
        let (_, login_took) = tokio::join!(rename_user(&store, 1, RENAME), async {
            record_login(&store, 1).await.unwrap();
            started.elapsed()
        });
        assert!(
            login_took < Duration::from_millis(50),
            "the login waited {login_took:?} for a rename's moderation check"
        );
    }
}
