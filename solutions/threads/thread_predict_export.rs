// Predict first: an admin endpoint starts a tenant's order export on a background thread and
// answers "202 Accepted" at once; whoever holds the handle collects the file later.
// Before changing any code, read it and predict the compiler's error: its code, and the line
// rustc points at. Write both on the ANSWER line below and save; ferry then shows the real
// error and grades your prediction. Then fix the code.
// ANSWER: E0373 line 21

use std::thread::{self, JoinHandle};

struct Order {
    id: u32,
    total_cents: u64,
}

struct Export {
    file_name: String,
    lines: Vec<String>,
}

fn start_export(tenant: String, orders: Vec<Order>) -> JoinHandle<Export> {
    // A closure captures each variable the least it can: `orders` is consumed by `into_iter`,
    // so it moved in without being asked, but `format!` only reads `tenant`, so it was borrowed.
    // The thread outlives this function (we return its handle), and `tenant` is dropped at the
    // closing `}`: the thread would format a freed String. rustc points at the closure, where
    // the borrow is taken, not at the use. `move` hands `tenant` to the thread, which is the
    // right owner: nobody here needs it afterwards. No clone, no `Box::leak` for a `'static`.
    thread::spawn(move || {
        let lines = orders
            .into_iter()
            .map(|order| format!("{},{}", order.id, order.total_cents))
            .collect();
        Export {
            file_name: format!("{tenant}-orders.csv"),
            lines,
        }
    })
}

fn main() {
    let orders = vec![Order {
        id: 7,
        total_cents: 1999,
    }];
    let export = start_export("acme".to_string(), orders);
    println!("202 Accepted");
    let file = export.join().expect("export thread panicked");
    println!("{}: {:?}", file.file_name, file.lines);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_finishes_after_the_handler_has_returned() {
        let orders = vec![
            Order {
                id: 7,
                total_cents: 1999,
            },
            Order {
                id: 8,
                total_cents: 500,
            },
        ];
        let export = start_export("acme".to_string(), orders);
        // `start_export` has returned; its locals are gone. The thread is still ours to wait for.
        let file = export.join().expect("export thread panicked");
        assert_eq!(file.file_name, "acme-orders.csv");
        assert_eq!(file.lines, ["7,1999", "8,500"]);
    }
}
