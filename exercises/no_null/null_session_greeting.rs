// A web app greets a visitor by name when their session token is known. An unknown or expired
// token gets "Welcome, guest. Please sign in." instead. `greeting` doesn't compile: fix it.

use std::collections::HashMap;

struct User {
    name: String,
    is_admin: bool,
}

struct Sessions {
    by_token: HashMap<String, User>,
}

impl Sessions {
    fn greeting(&self, token: &str) -> String {
        let user: &User = self.by_token.get(token);
        if user.is_admin {
            format!("Welcome back, {} (admin)", user.name)
        } else {
            format!("Welcome back, {}", user.name)
        }
    }
}

fn main() {
    let mut sessions = Sessions {
        by_token: HashMap::new(),
    };
    let ada = User {
        name: "Ada".to_string(),
        is_admin: true,
    };
    sessions.by_token.insert("tok-ada".to_string(), ada);
    println!("{}", sessions.greeting("tok-ada"));
    println!("{}", sessions.greeting("tok-expired"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sessions() -> Sessions {
        let mut by_token = HashMap::new();
        let ada = User {
            name: "Ada".to_string(),
            is_admin: true,
        };
        let grace = User {
            name: "Grace".to_string(),
            is_admin: false,
        };
        by_token.insert("tok-ada".to_string(), ada);
        by_token.insert("tok-grace".to_string(), grace);
        Sessions { by_token }
    }

    #[test]
    fn greets_known_users_by_name() {
        let sessions = sessions();
        assert_eq!(sessions.greeting("tok-ada"), "Welcome back, Ada (admin)");
        assert_eq!(sessions.greeting("tok-grace"), "Welcome back, Grace");
    }

    #[test]
    fn an_unknown_token_gets_the_guest_greeting() {
        let sessions = sessions();
        assert_eq!(
            sessions.greeting("tok-expired"),
            "Welcome, guest. Please sign in."
        );
        assert_eq!(sessions.greeting(""), "Welcome, guest. Please sign in.");
    }
}
