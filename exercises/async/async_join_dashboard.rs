// The dashboard endpoint shows a user's profile and their recent orders: two independent
// database lookups of 100 ms each. The tests fail: the page takes 200 ms to build. Make
// `dashboard` run both lookups at the same time.

use std::collections::HashMap;
use std::time::Duration;

struct Database {
    names: HashMap<u32, String>,
    orders: HashMap<u32, Vec<u32>>,
}

impl Database {
    async fn load_profile(&self, user_id: u32) -> String {
        tokio::time::sleep(Duration::from_millis(100)).await;
        self.names.get(&user_id).cloned().unwrap_or_default()
    }

    async fn load_orders(&self, user_id: u32) -> Vec<u32> {
        tokio::time::sleep(Duration::from_millis(100)).await;
        self.orders.get(&user_id).cloned().unwrap_or_default()
    }
}

async fn dashboard(db: &Database, user_id: u32) -> String {
    // Start both lookups first, then wait for their results.
    let profile = db.load_profile(user_id);
    let orders = db.load_orders(user_id);
    let name = profile.await;
    let orders = orders.await;
    format!("{name}: {} recent orders {orders:?}", orders.len())
}

fn database() -> Database {
    Database {
        names: HashMap::from([(7, "Grace Hopper".to_string())]),
        orders: HashMap::from([(7, vec![1001, 1002])]),
    }
}

#[tokio::main]
async fn main() {
    println!("{}", dashboard(&database(), 7).await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    // With paused time, tokio's clock jumps straight to the next timer when every task is
    // waiting: the test runs instantly, and the elapsed time is exact, not "about right".
    #[tokio::test(start_paused = true)]
    async fn both_lookups_run_at_once() {
        let db = database();
        let start = Instant::now();
        let page = dashboard(&db, 7).await;
        assert_eq!(page, "Grace Hopper: 2 recent orders [1001, 1002]");
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(100),
            "the dashboard should take as long as one lookup, not two"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn unknown_user_has_an_empty_dashboard() {
        assert_eq!(dashboard(&database(), 9).await, ": 0 recent orders []");
    }
}
