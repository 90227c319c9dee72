// An email queue: every outgoing email is recorded in the audit trail, then sent.
// `queue_email` doesn't compile. Fix it so the email is both audited and sent.

struct Email {
    to: String,
    subject: String,
    body: String,
}

impl Email {
    // `self` by value means "this method uses the email up", which suits `send`, not a
    // summary that only reads it. With `&self`, the email is still there to be sent.
    // Cloning the email to summarize the copy would duplicate the whole body for one line of log.
    fn summary(&self) -> String {
        format!("to={} subject={:?}", self.to, self.subject)
    }

    // Sending hands the email over to the outbox.
    fn send(self, outbox: &mut Vec<Email>) {
        outbox.push(self);
    }
}

fn queue_email(email: Email, outbox: &mut Vec<Email>, audit: &mut Vec<String>) {
    audit.push(email.summary());
    email.send(outbox);
}

fn main() {
    let (mut outbox, mut audit) = (Vec::new(), Vec::new());
    let email = Email {
        to: "ada@example.com".to_string(),
        subject: "Your order shipped".to_string(),
        body: "Order 7 is on its way.".to_string(),
    };
    queue_email(email, &mut outbox, &mut audit);
    println!(
        "{audit:?}; outbox holds {} email(s): {}",
        outbox.len(),
        outbox[0].body
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(to: &str, subject: &str) -> Email {
        Email {
            to: to.to_string(),
            subject: subject.to_string(),
            body: "Hello!".to_string(),
        }
    }

    #[test]
    fn audits_then_sends() {
        let (mut outbox, mut audit) = (Vec::new(), Vec::new());
        queue_email(email("ada@example.com", "Welcome"), &mut outbox, &mut audit);
        assert_eq!(audit, [r#"to=ada@example.com subject="Welcome""#]);
        assert_eq!(outbox.len(), 1);
        assert_eq!(outbox[0].to, "ada@example.com");
        assert_eq!(outbox[0].body, "Hello!");
    }

    #[test]
    fn keeps_order_across_emails() {
        let (mut outbox, mut audit) = (Vec::new(), Vec::new());
        queue_email(email("ada@example.com", "Welcome"), &mut outbox, &mut audit);
        queue_email(
            email("grace@example.com", "Invoice"),
            &mut outbox,
            &mut audit,
        );
        assert_eq!(audit.len(), 2);
        assert_eq!(outbox[1].subject, "Invoice");
    }
}
