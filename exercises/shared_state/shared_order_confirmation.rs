// An order service stores each new order, then emails a receipt. The mail server takes seconds
// to answer, and meanwhile no other request can place or even look up an order. A test fails:
// make the store usable while the email is being sent.

use std::sync::Mutex;

struct Order {
    email: String,
    total_cents: u64,
}

struct Receipt {
    order_id: usize,
    email: String,
    total_cents: u64,
}

#[derive(Default)]
struct OrderStore {
    orders: Mutex<Vec<Order>>,
}

impl OrderStore {
    // Stores the order, sends the receipt, and returns the new order's id.
    fn place(&self, order: Order, send_receipt: impl FnOnce(&Receipt)) -> usize {
        let mut orders = self.orders.lock().unwrap();
        orders.push(order);
        let stored = &orders[orders.len() - 1];
        let receipt = Receipt {
            order_id: orders.len(),
            email: stored.email.clone(),
            total_cents: stored.total_cents,
        };
        send_receipt(&receipt);
        receipt.order_id
    }
}

fn main() {
    let store = OrderStore::default();
    let email = "ana@example.com".to_string();
    let order = Order {
        email,
        total_cents: 3_999,
    };
    let id = store.place(order, |r| {
        println!("mail {}: {} cents", r.email, r.total_cents)
    });
    println!("placed order {id}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(email: &str, total_cents: u64) -> Order {
        Order {
            email: email.to_string(),
            total_cents,
        }
    }

    #[test]
    fn sends_a_receipt_for_each_order() {
        let store = OrderStore::default();
        let mut outbox = Vec::new();
        let first = store.place(order("ana@example.com", 3_999), |r| {
            outbox.push(format!("#{} to {}: {}", r.order_id, r.email, r.total_cents));
        });
        let second = store.place(order("ben@example.com", 1_250), |r| {
            outbox.push(format!("#{} to {}: {}", r.order_id, r.email, r.total_cents));
        });
        assert_eq!((first, second), (1, 2));
        assert_eq!(
            outbox,
            ["#1 to ana@example.com: 3999", "#2 to ben@example.com: 1250"]
        );
        assert_eq!(store.orders.lock().unwrap().len(), 2);
    }

    #[test]
    fn the_store_stays_usable_while_the_receipt_is_sent() {
        let store = OrderStore::default();
        store.place(order("ana@example.com", 4_999), |_| {
            // The mail server is slow. Meanwhile, other requests use the store. The order must
            // already be stored, so that a customer who clicks the link in the mail finds it.
            let orders = store
                .orders
                .try_lock()
                .expect("the order store is still locked while the receipt is being sent");
            assert_eq!(orders.len(), 1);
        });
    }
}
