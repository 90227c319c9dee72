// A price-comparison endpoint asks every supplier's API for a quote and lists them side by side.
// Each supplier takes a while to answer, so each one is asked on its own thread.
// One test never finishes (ferry stops it after 3 seconds): find out why, and fix `fetch_quotes`.

use std::thread;

struct Supplier {
    name: String,
    // Asks the supplier's API for the price of a SKU, in cents. Tests pass in fake suppliers.
    quote: fn(u32) -> u64,
}

#[derive(Debug, PartialEq)]
struct Quote {
    supplier: String,
    cents: u64,
}

// The quotes for `sku`, in the same order as `suppliers`.
fn fetch_quotes(suppliers: Vec<Supplier>, sku: u32) -> Vec<Quote> {
    let mut quotes = Vec::new();
    for supplier in suppliers {
        let request = thread::spawn(move || Quote {
            cents: (supplier.quote)(sku),
            supplier: supplier.name,
        });
        quotes.push(request.join().expect("supplier request panicked"));
    }
    quotes
}

fn main() {
    let suppliers = vec![
        Supplier {
            name: "acme".to_string(),
            quote: |sku| 1000 + u64::from(sku),
        },
        Supplier {
            name: "globex".to_string(),
            quote: |sku| 900 + u64::from(sku),
        },
    ];
    for quote in fetch_quotes(suppliers, 42) {
        println!("{quote:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Barrier;

    fn supplier(name: &str, quote: fn(u32) -> u64) -> Supplier {
        Supplier {
            name: name.to_string(),
            quote,
        }
    }

    fn quote(supplier: &str, cents: u64) -> Quote {
        Quote {
            supplier: supplier.to_string(),
            cents,
        }
    }

    #[test]
    fn lists_quotes_in_supplier_order() {
        let quotes = fetch_quotes(
            vec![supplier("acme", |_| 1200), supplier("globex", |_| 990)],
            42,
        );
        assert_eq!(quotes, [quote("acme", 1200), quote("globex", 990)]);
    }

    // These three fake suppliers are slow in a way a test can rely on: none of them answers
    // until all three have been asked. Asked one after the other, the first one waits forever.
    static ALL_ASKED: Barrier = Barrier::new(3);

    fn slow_acme(sku: u32) -> u64 {
        ALL_ASKED.wait();
        1000 + u64::from(sku)
    }

    fn slow_globex(sku: u32) -> u64 {
        ALL_ASKED.wait();
        900 + u64::from(sku)
    }

    fn slow_initech(sku: u32) -> u64 {
        ALL_ASKED.wait();
        1100 + u64::from(sku)
    }

    #[test]
    fn asks_every_supplier_at_once() {
        let suppliers = vec![
            supplier("acme", slow_acme),
            supplier("globex", slow_globex),
            supplier("initech", slow_initech),
        ];
        assert_eq!(
            fetch_quotes(suppliers, 7),
            [
                quote("acme", 1007),
                quote("globex", 907),
                quote("initech", 1107)
            ]
        );
    }
}
