// race: locks `from` then `to`, so a transfer 2->1 and the audit (1 then 2) wait for each other
// A payments service moves money between accounts, each behind its own lock. The rule for the
// whole service: whoever needs two accounts locks the lower id first, as the nightly audit does.
// A test deadlocks: find out why a transfer can hang, and fix `transfer`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

struct Account {
    id: u32,
    balance: Mutex<i64>,
    // How many threads are waiting for this account's lock: a contention metric for the
    // dashboards. You don't need to change it.
    waiting: AtomicUsize,
}

impl Account {
    fn new(id: u32, balance: i64) -> Account {
        Account {
            id,
            balance: Mutex::new(balance),
            waiting: AtomicUsize::new(0),
        }
    }

    fn lock(&self) -> MutexGuard<'_, i64> {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let balance = self.balance.lock().unwrap();
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        balance
    }
}

fn transfer(from: &Account, to: &Account, amount: i64) -> Result<(), String> {
    let mut source = from.lock();
    let mut target = to.lock();
    if *source < amount {
        return Err(format!("account {} has insufficient funds", from.id));
    }
    *source -= amount;
    *target += amount;
    Ok(())
}

fn main() {
    let (alice, bob) = (Account::new(1, 100), Account::new(2, 50));
    println!("{:?}", transfer(&bob, &alice, 20));
    println!("alice {}, bob {}", alice.lock(), bob.lock());
}
