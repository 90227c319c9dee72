// Placing an order notifies everyone who subscribed to it (warehouse, customer, billing).
// The code compiles, but the tests fail: nobody is ever notified. Find out why the
// notifications never go out, and fix `place_order`.

use std::sync::Mutex;
use std::time::Duration;

#[derive(Default)]
struct Notifier {
    delivered: Mutex<Vec<String>>,
}

impl Notifier {
    // Delivering a notification is a call to the messaging service.
    async fn notify(&self, subscriber: &str, text: String) {
        tokio::time::sleep(Duration::from_millis(30)).await;
        self.delivered
            .lock()
            .unwrap()
            .push(format!("{subscriber}: {text}"));
    }
}

async fn place_order(notifier: &Notifier, order_id: u32, subscribers: &[&str]) -> String {
    let text = format!("order {order_id} placed");
    // A future does nothing until something polls it: `.await`, `tokio::join!`, or
    // `tokio::spawn`. Kotlin's `launch { }` starts its coroutine at once; building a Rust
    // future only describes the work. The old Vec held unstarted futures and dropped them when
    // the handler returned, and dropping a future cancels it. So await each delivery. Spawning
    // them as tasks would need data that lives for `'static`, which `&Notifier` is not.
    for subscriber in subscribers {
        notifier.notify(subscriber, text.clone()).await;
    }
    format!("{text}, {} notifications sent", subscribers.len())
}

#[tokio::main]
async fn main() {
    let notifier = Notifier::default();
    let reply = place_order(&notifier, 7, &["warehouse", "customer"]).await;
    println!("{reply}");
    println!("delivered: {:?}", notifier.delivered.lock().unwrap());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn every_subscriber_is_notified() {
        let notifier = Notifier::default();
        let reply = place_order(&notifier, 7, &["warehouse", "customer", "billing"]).await;
        assert_eq!(reply, "order 7 placed, 3 notifications sent");
        assert_eq!(
            *notifier.delivered.lock().unwrap(),
            [
                "warehouse: order 7 placed",
                "customer: order 7 placed",
                "billing: order 7 placed",
            ],
            "notifications delivered"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn an_order_without_subscribers_notifies_nobody() {
        let notifier = Notifier::default();
        let reply = place_order(&notifier, 8, &[]).await;
        assert_eq!(reply, "order 8 placed, 0 notifications sent");
        assert!(notifier.delivered.lock().unwrap().is_empty());
    }
}
