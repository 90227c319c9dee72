// Checkout: each confirmed order is handed to the fulfilment thread over a channel, and the
// customer gets a confirmation message. `checkout` doesn't compile: fix it.

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{self, JoinHandle};

struct Order {
    id: u64,
    customer: String,
    // The signed PDF invoice: large, and only fulfilment needs it.
    invoice_pdf: Vec<u8>,
}

// The fulfilment thread packs every order it receives until the channel closes, then hands
// back what it packed.
fn start_fulfilment(orders: Receiver<Order>) -> JoinHandle<Vec<Order>> {
    thread::spawn(move || orders.iter().collect())
}

fn checkout(order: Order, fulfilment: &Sender<Order>) -> String {
    fulfilment.send(order).expect("fulfilment is running");
    format!(
        "Order {} confirmed, {}! We'll email you when it ships.",
        order.id, order.customer
    )
}

fn main() {
    let (tx, rx) = mpsc::channel();
    let fulfilment = start_fulfilment(rx);
    let order = Order {
        id: 7,
        customer: "Ada".to_string(),
        invoice_pdf: vec![b'%'; 64 * 1024],
    };
    println!("{}", checkout(order, &tx));
    drop(tx);
    let packed = fulfilment.join().expect("fulfilment finished");
    println!(
        "packed order {} ({} byte invoice)",
        packed[0].id,
        packed[0].invoice_pdf.len()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(id: u64, customer: &str) -> Order {
        Order {
            id,
            customer: customer.to_string(),
            invoice_pdf: vec![b'%'; 64 * 1024],
        }
    }

    #[test]
    fn confirms_to_the_customer() {
        let (tx, rx) = mpsc::channel();
        let fulfilment = start_fulfilment(rx);
        assert_eq!(
            checkout(order(7, "Ada"), &tx),
            "Order 7 confirmed, Ada! We'll email you when it ships."
        );
        drop(tx);
        assert_eq!(fulfilment.join().unwrap().len(), 1);
    }

    #[test]
    fn the_invoice_travels_without_being_copied() {
        let (tx, rx) = mpsc::channel();
        let fulfilment = start_fulfilment(rx);
        let first = order(7, "Ada");
        let invoice_bytes_at = first.invoice_pdf.as_ptr();
        checkout(first, &tx);
        checkout(order(8, "Grace"), &tx);
        drop(tx);

        let packed = fulfilment.join().unwrap();
        assert_eq!(packed.iter().map(|o| o.id).collect::<Vec<_>>(), [7, 8]);
        // Fulfilment owns the very same bytes the handler had: the channel moved them, it
        // didn't copy them.
        assert_eq!(packed[0].invoice_pdf.as_ptr(), invoice_bytes_at);
    }
}
