// Predict first: the home page greets a signed-in user by name and counts the visit, in a user
// table that all request threads share. Before changing any code, predict the compiler's error:
// its code, and the line rustc points at. Write both on the ANSWER line below and save.
// ANSWER: E0716 line 15

use std::collections::HashMap;
use std::sync::Mutex;

struct User {
    name: String,
    visits: u32,
}

fn greeting(users: &Mutex<HashMap<u64, User>>, user_id: u64) -> String {
    // `users.lock().unwrap()` is a temporary MutexGuard, dropped (unlocking the table) at the
    // end of its statement. A `&User` into the table can't outlive it, or it would read a user
    // that another thread may be changing. rustc points at the temporary (line 15), not at the
    // later use. Its suggestion, a named guard, compiles, but that guard then lives to the end
    // of the function, and the second `lock()` below, on the same thread, never returns (std
    // leaves open whether it deadlocks or panics). One guard for the whole read-and-update is
    // right: one lock, and the user can't change in between. Cloning the name out
    // (`.map(|user| user.name.clone())`) would also work, at the cost of a String and a second
    // lock.
    let mut users = users.lock().unwrap();
    match users.get_mut(&user_id) {
        Some(user) => {
            user.visits += 1;
            format!("Welcome back, {}!", user.name)
        }
        None => "Welcome, guest!".to_string(),
    }
}

fn main() {
    let users = Mutex::new(HashMap::from([(
        7,
        User {
            name: "Ana".to_string(),
            visits: 0,
        },
    )]));
    println!("{}", greeting(&users, 7));
    println!("visits: {}", users.lock().unwrap()[&7].visits);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn users() -> Mutex<HashMap<u64, User>> {
        let ana = User {
            name: "Ana".to_string(),
            visits: 0,
        };
        Mutex::new(HashMap::from([(7, ana)]))
    }

    #[test]
    fn greets_a_known_user_by_name() {
        assert_eq!(greeting(&users(), 7), "Welcome back, Ana!");
    }

    #[test]
    fn counts_every_visit() {
        let users = users();
        greeting(&users, 7);
        greeting(&users, 7);
        assert_eq!(users.lock().unwrap()[&7].visits, 2);
    }

    #[test]
    fn greets_an_unknown_user_as_guest() {
        let users = users();
        assert_eq!(greeting(&users, 99), "Welcome, guest!");
        assert_eq!(users.lock().unwrap()[&7].visits, 0);
    }
}
