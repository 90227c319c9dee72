// Predict first: GET /users/{id} answers 200 with the user as JSON, or 404 with a message the
// client can read. `get_user` doesn't compile. Predict the compiler's error: its code, and the
// line rustc points at. Write both on the ANSWER line below and save. Then fix the code.
// ANSWER: E0277 line 29

use serde::{Deserialize, Serialize};
use std::time::Duration;

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct User {
    id: u64,
    display_name: String,
}

// The database query: the row with this id, if there is one.
async fn find_user(id: u64) -> Option<User> {
    tokio::time::sleep(Duration::from_millis(20)).await;
    let display_name = match id {
        1 => "Ada",
        2 => "Grace",
        _ => return None,
    };
    let display_name = display_name.to_string();
    Some(User { id, display_name })
}

async fn get_user(id: u64) -> Result<User, String> {
    // `?` passes on an error, and a `None` isn't one: it says nothing about what went wrong,
    // and there is no `String` in it for the client. `ok_or_else` makes the missing user an
    // `Err` with a message (the closure only builds it when the user is missing; `match`
    // would do the same). The tempting `.unwrap()` is Kotlin's `!!`: any unknown id crashes
    // the request, and the client gets a dropped connection or a 500 instead of a 404.
    let user = find_user(id)
        .await
        .ok_or_else(|| format!("no user with id {id}"))?;
    Ok(user)
}

// What the web framework sends back: a status and a JSON body.
fn respond(result: Result<User, String>) -> (u16, String) {
    match result {
        // A struct of numbers and strings always serializes.
        Ok(user) => (
            200,
            serde_json::to_string(&user).expect("a User serializes"),
        ),
        Err(message) => (404, serde_json::json!({ "error": message }).to_string()),
    }
}

#[tokio::main]
async fn main() {
    for id in [1, 7] {
        let (status, body) = respond(get_user(id).await);
        println!("GET /users/{id} -> {status} {body}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_known_user_comes_back_as_json() {
        let (status, body) = respond(get_user(1).await);
        assert_eq!(
            (status, body.as_str()),
            (200, r#"{"id":1,"displayName":"Ada"}"#)
        );
        let user: User = serde_json::from_str(&body).expect("the body reads back as a User");
        assert_eq!(user.display_name, "Ada");
    }

    #[tokio::test(start_paused = true)]
    async fn an_unknown_user_is_a_404_not_a_crash() {
        // The handler runs in a task of its own, as a web server runs each request: if it
        // panics, the test gets an Err here instead of the 404 the client should get.
        let answer = tokio::spawn(get_user(7)).await.expect(
            "get_user(7) panicked: a user that doesn't exist is an answer for the client (404), \
             not a reason to crash the request. Turn the missing user into an Err",
        );
        let (status, body) = respond(answer);
        assert_eq!(status, 404, "{body}");
        assert!(
            body.contains('7'),
            "the 404 should tell the client which id it didn't find: {body}"
        );
    }
}
