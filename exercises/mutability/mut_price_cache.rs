// Checkout prices every cart through the `PriceSource` trait. `CachedPrices` wraps a slow price
// backend: it remembers each answer and counts how often it had to ask the backend.
// It doesn't compile. Fix it without changing the `pricing` module.

use std::collections::HashMap;

// Think of this module as a library crate you depend on: you can't change it. Its trait takes
// `&self` because one price source serves many carts at once.
mod pricing {
    pub trait PriceSource {
        fn price_cents(&self, sku: &str) -> Option<u64>;
    }

    // The total of a cart, or None if any item has no price.
    pub fn quote(source: &dyn PriceSource, skus: &[&str]) -> Option<u64> {
        skus.iter().map(|sku| source.price_cents(sku)).sum()
    }
}

use pricing::{PriceSource, quote};

// The slow backend (imagine a network call per lookup).
struct Catalog(HashMap<String, u64>);

impl PriceSource for Catalog {
    fn price_cents(&self, sku: &str) -> Option<u64> {
        self.0.get(sku).copied()
    }
}

struct CachedPrices {
    backend: Catalog,
    cache: HashMap<String, Option<u64>>,
    backend_calls: u32,
}

impl CachedPrices {
    fn new(backend: Catalog) -> CachedPrices {
        CachedPrices {
            backend,
            cache: HashMap::new(),
            backend_calls: 0,
        }
    }

    fn backend_calls(&self) -> u32 {
        self.backend_calls
    }
}

impl PriceSource for CachedPrices {
    fn price_cents(&self, sku: &str) -> Option<u64> {
        if let Some(price) = self.cache.get(sku) {
            return *price;
        }
        self.backend_calls += 1;
        let price = self.backend.price_cents(sku);
        self.cache.insert(sku.to_string(), price);
        price
    }
}

fn main() {
    let catalog = Catalog(HashMap::from([
        ("mug".to_string(), 1200),
        ("tee".to_string(), 2500),
    ]));
    let prices = CachedPrices::new(catalog);
    println!("cart 1: {:?}", quote(&prices, &["mug", "tee"]));
    println!("cart 2: {:?}", quote(&prices, &["mug", "mug"]));
    println!("backend calls: {}", prices.backend_calls());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cached() -> CachedPrices {
        CachedPrices::new(Catalog(HashMap::from([
            ("mug".to_string(), 1200),
            ("tee".to_string(), 2500),
        ])))
    }

    #[test]
    fn quotes_carts_correctly() {
        let prices = cached();
        assert_eq!(quote(&prices, &["mug", "tee", "mug"]), Some(4900));
        assert_eq!(quote(&prices, &["mug", "poster"]), None);
    }

    #[test]
    fn asks_the_backend_once_per_sku() {
        let prices = cached();
        let (web, mobile) = (&prices, &prices);
        assert_eq!(quote(web, &["mug", "tee"]), Some(3700));
        assert_eq!(quote(mobile, &["tee", "mug", "mug"]), Some(4900));
        assert_eq!(prices.backend_calls(), 2);
    }

    #[test]
    fn remembers_unknown_skus_too() {
        let prices = cached();
        assert_eq!(prices.price_cents("poster"), None);
        assert_eq!(prices.price_cents("poster"), None);
        assert_eq!(prices.backend_calls(), 1);
    }
}
