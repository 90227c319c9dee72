// Predict first: a newsletter service personalises the weekly digest for every subscriber.
// Before changing any code, read it and predict the compiler's error: its code, and the line
// rustc points at. Write both on the ANSWER line below and save; ferry then shows the real
// error and grades your prediction. Then fix the code.
// ANSWER: E0382 line 21

struct Template {
    subject: String,
    body: String,
}

// Rendering only reads the template, so it borrows it.
fn render(template: &Template, name: &str) -> String {
    let body = template.body.replace("{name}", name);
    format!("Subject: {}\n\n{body}", template.subject)
}

fn send_digest(template: Template, subscribers: &[&str]) -> Vec<String> {
    // With `render(template, name)` the closure's body gave `template` away, so the closure
    // had to capture it by value (no `move` needed for that) and could run only once: it was
    // `FnOnce`, and calling it consumed it. rustc points at the call in the loop (line 21),
    // where the closure itself is used after the first call moved it. Lending the template
    // makes the closure `Fn`, callable for every subscriber. Cloning the template on every
    // call (`render(template.clone(), name)`) would also compile, but copies the subject and
    // body once per subscriber, only for `render` to throw the copy away.
    let personalise = |name: &str| render(&template, name);
    let mut outbox = Vec::new();
    for name in subscribers {
        outbox.push(personalise(name));
    }
    outbox
}

fn main() {
    let template = Template {
        subject: "Your weekly digest".to_string(),
        body: "Hi {name}, here is what happened this week.".to_string(),
    };
    for email in send_digest(template, &["Ada", "Grace"]) {
        println!("{email}\n---");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template() -> Template {
        Template {
            subject: "Weekly digest".to_string(),
            body: "Hi {name}!".to_string(),
        }
    }

    #[test]
    fn every_subscriber_gets_a_personal_copy() {
        let outbox = send_digest(template(), &["Ada", "Grace", "Linus"]);
        assert_eq!(
            outbox,
            [
                "Subject: Weekly digest\n\nHi Ada!",
                "Subject: Weekly digest\n\nHi Grace!",
                "Subject: Weekly digest\n\nHi Linus!",
            ]
        );
    }

    #[test]
    fn no_subscribers_no_emails() {
        assert!(send_digest(template(), &[]).is_empty());
    }
}
