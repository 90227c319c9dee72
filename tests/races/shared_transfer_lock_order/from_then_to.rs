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

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;
    use std::time::{Duration, Instant};

    // Takes the account's lock like `Account::lock`, but gives up after a second: a lock still
    // held by then belongs to a thread that is waiting for us.
    fn lock_within_a_second(account: &Account) -> Option<MutexGuard<'_, i64>> {
        let deadline = Instant::now() + Duration::from_secs(1);
        loop {
            if let Ok(balance) = account.balance.try_lock() {
                return Some(balance);
            }
            if Instant::now() > deadline {
                return None;
            }
            thread::yield_now();
        }
    }

    #[test]
    fn moves_money_in_both_directions() {
        let (alice, bob) = (Account::new(1, 100), Account::new(2, 50));
        assert_eq!(transfer(&alice, &bob, 30), Ok(()));
        assert_eq!(transfer(&bob, &alice, 80), Ok(()));
        assert_eq!(
            transfer(&bob, &alice, 1),
            Err("account 2 has insufficient funds".to_string())
        );
        assert_eq!((*alice.lock(), *bob.lock()), (150, 0));
    }

    #[test]
    fn a_transfer_and_the_audit_never_deadlock() {
        let (alice, bob) = (Account::new(1, 100), Account::new(2, 100));
        thread::scope(|s| {
            // The audit locks account 1 first, as the rule says...
            let first = alice.lock();
            let payment = s.spawn(|| transfer(&bob, &alice, 30));
            // ...and it is slow: by the time it wants account 2, the transfer has made its first
            // move (it holds account 2, or it waits for a lock). The test waits for that moment,
            // so it happens every run.
            while alice.waiting.load(Ordering::SeqCst) == 0
                && bob.waiting.load(Ordering::SeqCst) == 0
                && bob.balance.try_lock().is_ok()
            {
                thread::yield_now();
            }
            let second = lock_within_a_second(&bob).expect(
                "deadlock: the audit holds account 1 and waits for account 2, while the \
                 transfer holds account 2 and waits for account 1",
            );
            assert_eq!(*first + *second, 200, "the audit saw money in flight");
            drop((first, second));
            assert_eq!(payment.join().unwrap(), Ok(()));
        });
        assert_eq!((*alice.lock(), *bob.lock()), (130, 70));
    }
}
