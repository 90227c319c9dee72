// After a bulk sign-up, the mailer sends every new user a welcome email, each in its own task so
// that one slow mail server delays nobody else. `welcome_all` doesn't compile. Fix it, keeping
// one task per email and one mailer (it numbers the emails it has sent).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

struct Mailer {
    from: String,
    sent: AtomicUsize,
}

impl Mailer {
    // An SMTP round trip; returns a receipt numbered by this mailer.
    async fn send_welcome(&self, to: &str) -> String {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let number = self.sent.fetch_add(1, Ordering::SeqCst) + 1;
        format!("#{number} from {} to {to}", self.from)
    }
}

async fn welcome_all(mailer: Mailer, emails: Vec<String>) -> Vec<String> {
    let mut tasks = Vec::new();
    for email in emails {
        tasks.push(tokio::spawn(async { mailer.send_welcome(&email).await }));
    }
    let mut receipts = Vec::new();
    for task in tasks {
        receipts.push(task.await.expect("email task panicked"));
    }
    receipts
}

fn mailer() -> Mailer {
    Mailer {
        from: "hello@shop.example".to_string(),
        sent: AtomicUsize::new(0),
    }
}

#[tokio::main]
async fn main() {
    let emails = vec!["ada@example.com".to_string()];
    println!("{:?}", welcome_all(mailer(), emails).await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    fn emails() -> Vec<String> {
        ["ada@example.com", "grace@example.com", "linus@example.com"]
            .map(String::from)
            .to_vec()
    }

    #[tokio::test(start_paused = true)]
    async fn one_mailer_numbers_every_email() {
        let receipts = welcome_all(mailer(), emails()).await;
        for (receipt, email) in receipts.iter().zip(emails()) {
            assert!(receipt.ends_with(&format!("from hello@shop.example to {email}")));
        }
        let mut numbers: Vec<&str> = receipts.iter().map(|r| &r[..2]).collect();
        numbers.sort();
        assert_eq!(
            numbers,
            ["#1", "#2", "#3"],
            "one mailer should count all the emails; receipts: {receipts:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn emails_are_sent_concurrently() {
        let start = Instant::now();
        welcome_all(mailer(), emails()).await;
        assert_eq!(start.elapsed(), Duration::from_millis(100));
    }
}
