// A user service puts a user's handle in profile URLs and shows their display name on the page.
// `display_name` doesn't compile. Fix it, and keep `handle` as it is.

struct User {
    handle: String,
    first_name: String,
    last_name: String,
    nickname: Option<String>,
}

impl User {
    fn handle(&self) -> &str {
        &self.handle
    }

    // "Grace Hopper", or "Grace \"Amazing Grace\" Hopper" when the user has a nickname.
    fn display_name(&self) -> &str {
        let name = match &self.nickname {
            Some(nick) => format!("{} \"{nick}\" {}", self.first_name, self.last_name),
            None => format!("{} {}", self.first_name, self.last_name),
        };
        &name
    }
}

fn profile_header(user: &User) -> String {
    format!(
        "<h1>{}</h1> <a href=\"/u/{}\">",
        user.display_name(),
        user.handle()
    )
}

fn main() {
    let grace = User {
        handle: "grace".to_string(),
        first_name: "Grace".to_string(),
        last_name: "Hopper".to_string(),
        nickname: Some("Amazing Grace".to_string()),
    };
    println!("{}", profile_header(&grace));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(nickname: Option<&str>) -> User {
        User {
            handle: "ada".to_string(),
            first_name: "Ada".to_string(),
            last_name: "Lovelace".to_string(),
            nickname: nickname.map(str::to_string),
        }
    }

    #[test]
    fn display_name_without_nickname() {
        assert_eq!(user(None).display_name(), "Ada Lovelace");
    }

    #[test]
    fn display_name_with_nickname() {
        let ada = user(Some("Enchantress of Numbers"));
        assert_eq!(
            ada.display_name(),
            "Ada \"Enchantress of Numbers\" Lovelace"
        );
    }

    #[test]
    fn handle_is_still_a_borrow_of_the_stored_field() {
        let ada = user(None);
        let handle: &str = ada.handle();
        assert!(std::ptr::eq(handle, ada.handle.as_str()));
        assert_eq!(
            profile_header(&ada),
            "<h1>Ada Lovelace</h1> <a href=\"/u/ada\">"
        );
    }
}
