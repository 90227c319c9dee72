// Predict first: a payments worker crashes now and then on a malformed webhook. Like an Akka
// supervisor with the restart strategy, `supervise` starts a fresh worker and carries on with the
// rest of the mailbox. Predict the compiler's error (its code, and the line rustc points at),
// write both on the ANSWER line below and save. Then fix it.
// ANSWER: E0308 line 30

use std::sync::Mutex;
use std::sync::mpsc::Receiver;
use std::thread;

// Records each webhook's amount until the mailbox is closed and empty. Panics on a webhook
// whose amount isn't a number.
fn work(mailbox: &Mutex<Receiver<String>>, amounts: &Mutex<Vec<u32>>) {
    loop {
        let next = mailbox.lock().unwrap().recv();
        let Ok(webhook) = next else { return };
        let amount = webhook.parse().expect("a webhook carries an amount");
        amounts.lock().unwrap().push(amount);
    }
}

// Runs `work` on a worker thread, and starts a new one each time it crashes. Returns the
// recorded amounts and how many restarts it took.
fn supervise(mailbox: Receiver<String>) -> (Vec<u32>, u32) {
    let (mailbox, amounts) = (Mutex::new(mailbox), Mutex::new(Vec::new()));
    let mut restarts = 0;
    loop {
        let worker = thread::scope(|s| s.spawn(|| work(&mailbox, &amounts)).join());
        // `join` returns a Result, not an Option: Ok with the thread's return value, or Err
        // with the payload it panicked with. That Err is the supervisor's signal, as the failure
        // is for an Akka supervisor with the restart strategy: the crashed worker is gone with
        // whatever it held, and a fresh one takes over the same mailbox, which lives here,
        // outside the workers. As in Akka, the message the worker crashed on is not retried (it
        // was already taken from the mailbox). Akka can also cap restarts (`withLimit` in typed,
        // `maxNrOfRetries` in classic); here that would be a check on `restarts`. The worker
        // holds the mailbox's lock only while taking a message, so a crash can't poison it.
        // `std::panic::catch_unwind` around `work` on this thread would catch the crash too.
        match worker {
            Ok(()) => return (amounts.into_inner().unwrap(), restarts),
            Err(_panic) => restarts += 1,
        }
    }
}

fn main() {
    let (tx, rx) = std::sync::mpsc::channel();
    for webhook in ["1200", "oops", "300"] {
        tx.send(webhook.to_string()).unwrap();
    }
    drop(tx);
    println!("{:?}", supervise(rx));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    fn mailbox(webhooks: &[&str]) -> Receiver<String> {
        let (tx, rx) = mpsc::channel();
        for webhook in webhooks {
            tx.send(webhook.to_string()).unwrap();
        }
        rx
    }

    #[test]
    fn work_after_a_crash_still_gets_done() {
        let webhooks = mailbox(&["1200", "not-a-number", "300", "", "50"]);
        let (amounts, restarts) = supervise(webhooks);
        assert_eq!(
            amounts,
            [1200, 300, 50],
            "the webhooks after a crash must still be recorded, by a fresh worker"
        );
        assert_eq!(restarts, 2, "each crash takes one restart");
    }

    #[test]
    fn a_worker_that_never_crashes_is_never_restarted() {
        assert_eq!(supervise(mailbox(&["7", "8"])), (vec![7, 8], 0));
    }
}
