// A user directory answers GET /users/{id}: "200 OK" with the profile, or "404 Not Found".
// `find_user` doesn't compile: its signature promises a user for every id, a promise the
// directory can't keep. Make the types tell the truth, then follow the compiler.

struct User {
    id: u64,
    name: String,
    email: String,
}

struct Directory {
    users: Vec<User>,
}

impl Directory {
    fn find_user(&self, id: u64) -> &User {
        self.users.iter().find(|user| user.id == id)
    }
}

// GET /users/{id}: "200 OK: <name> <<email>>", or "404 Not Found: no user <id>".
fn get_profile(directory: &Directory, id: u64) -> String {
    let user = directory.find_user(id);
    format!("200 OK: {} <{}>", user.name, user.email)
}

fn main() {
    let directory = Directory {
        users: vec![User {
            id: 1,
            name: "Ada Lovelace".to_string(),
            email: "ada@example.com".to_string(),
        }],
    };
    println!("{}", get_profile(&directory, 1));
    println!("{}", get_profile(&directory, 2));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directory() -> Directory {
        Directory {
            users: vec![
                User {
                    id: 1,
                    name: "Ada Lovelace".to_string(),
                    email: "ada@example.com".to_string(),
                },
                User {
                    id: 2,
                    name: "Grace Hopper".to_string(),
                    email: "grace@example.com".to_string(),
                },
            ],
        }
    }

    #[test]
    fn known_ids_get_their_profile() {
        let directory = directory();
        assert_eq!(
            get_profile(&directory, 1),
            "200 OK: Ada Lovelace <ada@example.com>"
        );
        assert_eq!(
            get_profile(&directory, 2),
            "200 OK: Grace Hopper <grace@example.com>"
        );
    }

    #[test]
    fn an_unknown_id_is_a_404_not_a_crash() {
        let directory = directory();
        assert_eq!(get_profile(&directory, 99), "404 Not Found: no user 99");
    }
}
