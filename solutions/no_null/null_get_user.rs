// GET /users/{id}: parse the id from the path, load the user, and refuse suspended accounts.
// `get_user` doesn't compile. Every failure must come back as an `Err` with the message the
// client will see (listed above `get_user`), not as a panic.

use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
struct User {
    id: u64,
    name: String,
    suspended: bool,
}

// Stands in for a database: `find_user` returns a fresh row, or None if there is none.
struct UserStore {
    rows: HashMap<u64, User>,
}

impl UserStore {
    fn find_user(&self, id: u64) -> Option<User> {
        self.rows.get(&id).cloned()
    }
}

// Errors, as the client sees them:
//   "invalid user id 'abc'"   the id in the path isn't a number
//   "no user with id 42"      nobody has that id
//   "user 7 is suspended"     the account exists but is suspended
fn get_user(store: &UserStore, raw_id: &str) -> Result<User, String> {
    // `?` returns early with the error, so each step's failure must already be a `String`.
    // `map_err` turns the `ParseIntError` into the client's message; `ok_or_else` turns
    // "no row" (a None, which carries no reason at all) into one. Then every step reads as a
    // straight line, like a chain of Kotlin `?: return Err(..)`. `.unwrap()` on either step
    // would turn a typo in a URL into a crashed request instead of a 400 or 404.
    let id: u64 = raw_id
        .parse()
        .map_err(|_| format!("invalid user id '{raw_id}'"))?;
    let user = store
        .find_user(id)
        .ok_or_else(|| format!("no user with id {id}"))?;
    if user.suspended {
        return Err(format!("user {id} is suspended"));
    }
    Ok(user)
}

fn main() {
    let mut store = UserStore {
        rows: HashMap::new(),
    };
    let ada = User {
        id: 1,
        name: "Ada".to_string(),
        suspended: false,
    };
    store.rows.insert(1, ada);
    println!("{:?}", get_user(&store, "1"));
    println!("{:?}", get_user(&store, "me"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: u64, name: &str, suspended: bool) -> User {
        User {
            id,
            name: name.to_string(),
            suspended,
        }
    }

    fn store() -> UserStore {
        let mut rows = HashMap::new();
        rows.insert(1, user(1, "Ada", false));
        rows.insert(7, user(7, "Mallory", true));
        UserStore { rows }
    }

    #[test]
    fn returns_an_active_user() {
        assert_eq!(get_user(&store(), "1"), Ok(user(1, "Ada", false)));
    }

    #[test]
    fn rejects_an_id_that_is_not_a_number() {
        assert_eq!(
            get_user(&store(), "abc"),
            Err("invalid user id 'abc'".to_string())
        );
        assert_eq!(
            get_user(&store(), "-1"),
            Err("invalid user id '-1'".to_string())
        );
    }

    #[test]
    fn reports_an_unknown_id() {
        assert_eq!(
            get_user(&store(), "42"),
            Err("no user with id 42".to_string())
        );
    }

    #[test]
    fn refuses_a_suspended_user() {
        assert_eq!(
            get_user(&store(), "7"),
            Err("user 7 is suspended".to_string())
        );
    }
}
