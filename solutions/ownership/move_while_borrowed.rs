// Sign-up: a new user is stored in the registry and greeted by first name.
// `register` doesn't compile. Make it store the user and return the greeting.

struct User {
    full_name: String,
    email: String,
}

fn first_name(user: &User) -> &str {
    user.full_name.split(' ').next().unwrap_or_default()
}

fn register(registry: &mut Vec<User>, user: User) -> String {
    // `name` points into `user`'s heap data. Once `user` moves into the registry, the registry
    // owns that data and may drop it (`registry.clear()`), leaving `name` dangling. So finish
    // with the borrow first, then hand the user over. Copying the name out
    // (`first_name(&user).to_string()`) or cloning the user (once it derives `Clone`) would
    // also compile, but it copies data just to keep a borrow alive a line longer.
    let greeting = format!(
        "Welcome, {}! We sent a confirmation link.",
        first_name(&user)
    );
    registry.push(user);
    greeting
}

fn main() {
    let mut registry = Vec::new();
    let ada = User {
        full_name: "Ada Lovelace".to_string(),
        email: "ada@example.com".to_string(),
    };
    println!("{}", register(&mut registry, ada));
    println!("confirmation link goes to {}", registry[0].email);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(full_name: &str, email: &str) -> User {
        User {
            full_name: full_name.to_string(),
            email: email.to_string(),
        }
    }

    #[test]
    fn greets_by_first_name() {
        let mut registry = Vec::new();
        let greeting = register(&mut registry, user("Grace Hopper", "grace@example.com"));
        assert_eq!(greeting, "Welcome, Grace! We sent a confirmation link.");
    }

    #[test]
    fn stores_the_user() {
        let mut registry = Vec::new();
        register(&mut registry, user("Ada Lovelace", "ada@example.com"));
        register(&mut registry, user("Grace Hopper", "grace@example.com"));
        assert_eq!(registry.len(), 2);
        assert_eq!(registry[1].full_name, "Grace Hopper");
        assert_eq!(registry[1].email, "grace@example.com");
    }
}
