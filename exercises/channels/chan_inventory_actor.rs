// A flash sale: one inventory thread owns the stock levels and answers requests sent over a
// channel, each carrying a Sender for the reply (Akka's ask). `run_sale` doesn't compile: fix
// it so that the closing stock report, too, comes from the thread that owns the stock.

use std::collections::BTreeMap;
use std::sync::mpsc::{self, Sender};
use std::thread;

// Units left of each SKU.
type Stock = BTreeMap<String, u32>;

enum Request {
    // Takes `qty` units of `sku` if there are enough; replies whether it did.
    Reserve {
        sku: String,
        qty: u32,
        reply: Sender<bool>,
    },
}

// Asks the inventory to reserve stock, and waits for its answer.
fn reserve(inventory: &Sender<Request>, sku: &str, qty: u32) -> bool {
    let (reply, answer) = mpsc::channel();
    let sku = sku.to_string();
    let sent = inventory.send(Request::Reserve { sku, qty, reply });
    sent.expect("inventory is running");
    answer.recv().expect("inventory replies")
}

// Reserves stock for each order in turn. Returns which orders got their stock, and what is
// left afterwards.
fn run_sale(mut stock: Stock, orders: &[(&str, u32)]) -> (Vec<bool>, Stock) {
    let (inventory, requests) = mpsc::channel();
    let owner = thread::spawn(move || {
        for request in requests {
            match request {
                Request::Reserve { sku, qty, reply } => {
                    let left = stock.get_mut(&sku).filter(|left| **left >= qty);
                    let reserved = left.map(|left| *left -= qty).is_some();
                    let _ = reply.send(reserved); // the asker may have given up; that's fine
                }
            }
        }
    });

    let accepted = orders.iter().map(|&(sku, n)| reserve(&inventory, sku, n));
    let accepted = accepted.collect();
    drop(inventory);
    owner.join().expect("inventory finished");
    (accepted, stock)
}

fn main() {
    let stock = Stock::from([("kettle".to_string(), 5), ("toaster".to_string(), 2)]);
    let (accepted, left) = run_sale(stock, &[("kettle", 3), ("toaster", 3), ("kettle", 2)]);
    println!("accepted: {accepted:?}, left: {left:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stock() -> Stock {
        Stock::from([
            ("kettle".to_string(), 5),
            ("toaster".to_string(), 2),
            ("blender".to_string(), 4),
        ])
    }

    #[test]
    fn reserves_while_stock_lasts() {
        let orders = [
            ("kettle", 3),
            ("toaster", 2),
            ("kettle", 3),
            ("waffle-iron", 1),
            ("kettle", 2),
        ];
        let (accepted, _) = run_sale(stock(), &orders);
        assert_eq!(accepted, [true, true, false, false, true]);
    }

    #[test]
    fn reports_what_is_left_after_the_sale() {
        let orders = [("kettle", 3), ("toaster", 1), ("toaster", 5)];
        let (_, left) = run_sale(stock(), &orders);
        let left: Vec<(&str, u32)> = left.iter().map(|(sku, n)| (sku.as_str(), *n)).collect();
        assert_eq!(
            left,
            [("blender", 4), ("kettle", 2), ("toaster", 1)],
            "the report isn't what is left after the sale: did it come from a copy of the stock?"
        );
    }
}
