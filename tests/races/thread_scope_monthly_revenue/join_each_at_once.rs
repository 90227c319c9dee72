// race: joins each scoped worker right after spawning it, so one region is converted at a time
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
    thread::scope(|s| {
        let mut revenue = 0;
        for region in regions {
            let worker = s.spawn(move || region.iter().map(to_eur).sum::<u64>());
            revenue += worker.join().expect("revenue worker panicked");
        }
        revenue
    })
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
