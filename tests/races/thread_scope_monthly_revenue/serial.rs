// race: converts every region on the calling thread, no scope
// A finance dashboard totals the month's invoices in euros, one scoped worker thread per region
// (converting an invoice asks the exchange-rate service, which is slow). The workers read the
// caller's invoices in place. `monthly_revenue` doesn't compile: fix it.

use std::thread;

struct Invoice {
    cents: u64,
    currency: &'static str,
}

// The total of every region's invoices, in euro cents. `to_eur` converts one invoice (it calls
// the exchange-rate service; tests pass in fakes).
fn monthly_revenue(regions: &[Vec<Invoice>], to_eur: fn(&Invoice) -> u64) -> u64 {
    regions.iter().flatten().map(to_eur).sum()
}

fn main() {
    let eu = vec![Invoice {
        cents: 1999,
        currency: "EUR",
    }];
    let us = vec![Invoice {
        cents: 500,
        currency: "USD",
    }];
    let to_eur = |invoice: &Invoice| match invoice.currency {
        "USD" => invoice.cents * 92 / 100,
        _ => invoice.cents,
    };
    println!("revenue: {} euro cents", monthly_revenue(&[eu, us], to_eur));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Barrier, mpsc};
    use std::time::Duration;

    fn invoice(cents: u64, currency: &'static str) -> Invoice {
        Invoice { cents, currency }
    }

    // A fake exchange-rate service: one US dollar is 90 euro cents, everything else is euros.
    fn fixed_rates(invoice: &Invoice) -> u64 {
        match invoice.currency {
            "USD" => invoice.cents * 90 / 100,
            _ => invoice.cents,
        }
    }

    #[test]
    fn adds_up_every_region() {
        let regions = [
            vec![invoice(1000, "EUR"), invoice(2500, "EUR")],
            vec![invoice(1000, "USD")],
            vec![],
            vec![invoice(1, "EUR"), invoice(10, "USD"), invoice(100, "EUR")],
        ];
        assert_eq!(monthly_revenue(&regions, fixed_rates), 3500 + 900 + 110);
    }

    // A slow exchange-rate service: no conversion answers until all three regions are being
    // converted at once. Converted one region after another, the first conversion would wait
    // forever; after 2 s it gives up instead.
    static ALL_CONVERTING: Barrier = Barrier::new(3);

    fn slow_rates(invoice: &Invoice) -> u64 {
        let (arrived, all_arrived) = mpsc::channel();
        thread::spawn(move || {
            ALL_CONVERTING.wait();
            arrived.send(()).ok();
        });
        all_arrived.recv_timeout(Duration::from_secs(2)).expect(
            "only one region was being converted at a time: the work ran on one thread, or each \
             worker was joined before the next was spawned. Spawn them all, then join them",
        );
        fixed_rates(invoice)
    }

    #[test]
    fn converts_the_regions_in_parallel() {
        let regions = [
            vec![invoice(1000, "EUR")],
            vec![invoice(1000, "USD")],
            vec![invoice(7, "EUR")],
        ];
        assert_eq!(monthly_revenue(&regions, slow_rates), 1000 + 900 + 7);
    }

    #[test]
    fn no_invoices_no_revenue() {
        assert_eq!(monthly_revenue(&[], fixed_rates), 0);
    }
}
