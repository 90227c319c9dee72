// POST /users: the mobile app sends a new user as JSON; the service reads it into a `User`
// and echoes it back as JSON. `parse_user` doesn't compile. Make it read the body.

use serde::Serialize;

#[derive(Debug, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Role {
    Admin,
    Member,
}

#[derive(Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct User {
    id: u64,
    display_name: String,
    email: String,
    role: Role,
}

// e.g. {"id":1,"displayName":"Ada","email":"ada@example.com","role":"admin"}
// The app leaves "role" out for ordinary sign-ups: those users are members.
fn parse_user(body: &str) -> Result<User, serde_json::Error> {
    serde_json::from_str(body)
}

fn to_json(user: &User) -> String {
    // A struct of strings, numbers and unit enums always serializes: this can't fail.
    serde_json::to_string(user).expect("a User serializes")
}

fn main() {
    let body = r#"{"id":1,"displayName":"Ada","email":"ada@example.com","role":"admin"}"#;
    match parse_user(body) {
        Ok(user) => println!("201 Created: {}", to_json(&user)),
        Err(err) => println!("400 Bad Request: {err}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADA: &str = r#"{"id":1,"displayName":"Ada","email":"ada@example.com","role":"admin"}"#;

    #[test]
    fn reads_a_user_from_the_body() {
        let user = parse_user(ADA).expect("a valid body");
        assert_eq!(
            user,
            User {
                id: 1,
                display_name: "Ada".to_string(),
                email: "ada@example.com".to_string(),
                role: Role::Admin,
            }
        );
    }

    #[test]
    fn json_round_trip_gives_back_the_same_body() {
        let member =
            r#"{"id":2,"displayName":"Grace","email":"grace@example.com","role":"member"}"#;
        assert_eq!(to_json(&parse_user(member).expect("a valid body")), member);
        assert_eq!(to_json(&parse_user(ADA).expect("a valid body")), ADA);
    }

    #[test]
    fn a_user_without_a_role_is_a_member() {
        let body = r#"{"id":3,"displayName":"Linus","email":"linus@example.com"}"#;
        let user = parse_user(body).expect("role is optional");
        assert_eq!(user.role, Role::Member);
        assert_eq!(
            to_json(&user),
            r#"{"id":3,"displayName":"Linus","email":"linus@example.com","role":"member"}"#
        );
    }

    #[test]
    fn rejects_bodies_that_are_not_a_user() {
        let unknown_role = r#"{"id":1,"displayName":"Ada","email":"a@b.c","role":"root"}"#;
        let missing_email = r#"{"id":1,"displayName":"Ada","role":"admin"}"#;
        assert!(parse_user(unknown_role).is_err());
        assert!(parse_user(missing_email).is_err());
        assert!(parse_user("not json").is_err());
    }
}
