// Predict first: every order event must reach two consumers on their own threads, the audit
// log and the revenue counter. Before changing any code, read it and predict the compiler's
// error: its code, and the line rustc points at. Write both on the ANSWER line below and save;
// ferry then shows the real error and grades your prediction. Then fix the code.
// ANSWER: E0599 line 19

use std::sync::mpsc;
use std::thread;

struct OrderPlaced {
    id: u64,
    customer: String,
    amount_cents: u64,
}

// Returns the audit log (one line per order, in order) and the total revenue in cents.
fn publish(events: Vec<OrderPlaced>) -> (Vec<String>, u64) {
    // A channel is a queue, not a topic: each message is delivered once, to its one Receiver,
    // and `Receiver` has no `clone` (mpsc: many producers, a single consumer). Even a
    // multi-consumer queue (crossbeam, or a JVM BlockingQueue) would split the orders between
    // the two consumers, not copy them to both. So give each consumer its own channel and send
    // each one what it needs: the amount is `Copy`, and the event itself then moves to the
    // audit log, so nothing is cloned. Sharing one Receiver behind `Arc<Mutex<_>>` would
    // compile, but each order would still reach only one of the two.
    let (audit_tx, audit_rx) = mpsc::channel::<OrderPlaced>();
    let (revenue_tx, revenue_rx) = mpsc::channel::<u64>();

    let audit = thread::spawn(move || {
        let lines = audit_rx
            .iter()
            .map(|e| format!("order {} by {}", e.id, e.customer));
        lines.collect::<Vec<String>>()
    });
    let revenue = thread::spawn(move || revenue_rx.iter().sum::<u64>());

    for event in events {
        revenue_tx
            .send(event.amount_cents)
            .expect("consumers are running");
        audit_tx.send(event).expect("consumers are running");
    }
    // Closing both channels ends both consumers' loops.
    drop(audit_tx);
    drop(revenue_tx);
    (audit.join().unwrap(), revenue.join().unwrap())
}

fn main() {
    let events = vec![OrderPlaced {
        id: 1,
        customer: "ada@example.com".to_string(),
        amount_cents: 4999,
    }];
    let (audit, revenue) = publish(events);
    println!("{audit:?}, revenue {revenue} cents");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(id: u64, customer: &str, amount_cents: u64) -> OrderPlaced {
        OrderPlaced {
            id,
            customer: customer.to_string(),
            amount_cents,
        }
    }

    #[test]
    fn both_consumers_see_every_order() {
        let events = vec![
            placed(1, "ada@example.com", 4999),
            placed(2, "grace@example.com", 1500),
            placed(3, "ada@example.com", 250),
        ];
        let (audit, revenue) = publish(events);
        assert_eq!(
            audit,
            [
                "order 1 by ada@example.com",
                "order 2 by grace@example.com",
                "order 3 by ada@example.com",
            ]
        );
        assert_eq!(revenue, 6749);
    }
}
