// Predict first: every order event must reach two consumers on their own threads, the audit
// log and the revenue counter. Before changing any code, read it and predict the compiler's
// error: its code, and the line rustc points at. Write both on the ANSWER line below and save;
// ferry then shows the real error and grades your prediction. Then fix the code.
// ANSWER: E____ line __

use std::sync::mpsc;
use std::thread;

struct OrderPlaced {
    id: u64,
    customer: String,
    amount_cents: u64,
}

// Returns the audit log (one line per order, in order) and the total revenue in cents.
fn publish(events: Vec<OrderPlaced>) -> (Vec<String>, u64) {
    let (tx, rx) = mpsc::channel::<OrderPlaced>();
    let audit_rx = rx.clone();

    let audit = thread::spawn(move || {
        let lines = audit_rx
            .iter()
            .map(|e| format!("order {} by {}", e.id, e.customer));
        lines.collect::<Vec<String>>()
    });
    let revenue = thread::spawn(move || rx.iter().map(|e| e.amount_cents).sum::<u64>());

    for event in events {
        tx.send(event).expect("consumers are running");
    }
    drop(tx);
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
