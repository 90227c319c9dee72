// An order service stores each new order, then emails a receipt. The mail server takes seconds
// to answer, and meanwhile no other request can place or even count orders. A test fails:
// make the store usable while the email is being sent.

use std::sync::Mutex;

struct Order {
    email: String,
    items: Vec<String>,
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

    fn items_sold(&self) -> usize {
        let orders = self.orders.lock().unwrap();
        orders.iter().map(|order| order.items.len()).sum()
    }
}

fn main() {
    let store = OrderStore::default();
    let order = Order {
        email: "ana@example.com".to_string(),
        items: vec!["kettle".to_string()],
        total_cents: 3_999,
    };
    let id = store.place(order, |r| {
        println!("mail {}: {} cents", r.email, r.total_cents)
    });
    println!("order {id}, {} items sold", store.items_sold());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(email: &str, items: &[&str], total_cents: u64) -> Order {
        Order {
            email: email.to_string(),
            items: items.iter().map(|item| item.to_string()).collect(),
            total_cents,
        }
    }

    #[test]
    fn sends_a_receipt_for_each_order() {
        let store = OrderStore::default();
        let mut outbox = Vec::new();
        let first = store.place(order("ana@example.com", &["kettle"], 3_999), |r| {
            outbox.push(format!("#{} to {}: {}", r.order_id, r.email, r.total_cents));
        });
        let second = store.place(order("ben@example.com", &["mug", "tea"], 1_250), |r| {
            outbox.push(format!("#{} to {}: {}", r.order_id, r.email, r.total_cents));
        });
        assert_eq!((first, second), (1, 2));
        assert_eq!(
            outbox,
            ["#1 to ana@example.com: 3999", "#2 to ben@example.com: 1250"]
        );
        assert_eq!(store.items_sold(), 3);
    }

    #[test]
    fn the_store_stays_usable_while_the_receipt_is_sent() {
        let store = OrderStore::default();
        store.place(order("ana@example.com", &["kettle", "mug"], 4_999), |_| {
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
