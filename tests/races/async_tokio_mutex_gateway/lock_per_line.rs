// race: tokio Mutex, but locked once per line: another order cuts in while one waits for a reply
// Checkout charges orders through the payment gateway's single connection. Its protocol is a
// three-line exchange per order (BEGIN, CHARGE, COMMIT), each line waiting for the gateway's
// reply. The tests fail: concurrent checkouts mix up their lines on the wire. Fix `charge`.

use std::sync::Arc;
use tokio::sync::Mutex;
use std::time::Duration;

// The one connection to the gateway: `wire` is every line sent on it, in order.
#[derive(Default)]
struct GatewayConnection {
    wire: Vec<String>,
}

// The gateway answers each line after a 10 ms round trip.
async fn gateway_reply() {
    tokio::time::sleep(Duration::from_millis(10)).await;
}

// Reading the invoice from the database; it doesn't need the gateway.
async fn load_invoice(order: u32) -> u64 {
    tokio::time::sleep(Duration::from_millis(50)).await;
    u64::from(order) * 1_000
}

async fn charge(conn: Arc<Mutex<GatewayConnection>>, order: u32) {
    let cents = load_invoice(order).await;
    let exchange = [
        format!("BEGIN {order}"),
        format!("CHARGE {order} {cents}"),
        format!("COMMIT {order}"),
    ];
    for line in exchange {
        conn.lock().await.wire.push(line);
        gateway_reply().await;
    }
}

// Checks out every order in its own task, all sharing one connection; returns what was sent.
async fn checkout_all(orders: Vec<u32>) -> Vec<String> {
    let conn = Arc::new(Mutex::new(GatewayConnection::default()));
    let tasks: Vec<_> = orders
        .into_iter()
        .map(|order| tokio::spawn(charge(Arc::clone(&conn), order)))
        .collect();
    for task in tasks {
        task.await.expect("checkout task panicked");
    }
    std::mem::take(&mut conn.lock().await.wire)
}

#[tokio::main]
async fn main() {
    println!("{:#?}", checkout_all(vec![1, 2]).await);
}
