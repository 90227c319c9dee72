// Checkout prices every cart through the `PriceSource` trait. `CachedPrices` sits in front of a
// slow price backend and remembers every answer, so each SKU costs one backend call.
// It doesn't compile. Fix it without changing `PriceSource` or `quote`.

use std::cell::Cell;
use std::collections::HashMap;

// From the checkout library, as in mut_lookup_counter: one price source serves many carts.
trait PriceSource {
    fn price_cents(&self, sku: &str) -> Option<u64>;
}

fn quote(source: &dyn PriceSource, skus: &[&str]) -> Option<u64> {
    skus.iter().map(|sku| source.price_cents(sku)).sum()
}

struct CachedPrices {
    backend: fn(&str) -> Option<u64>, // slow: a network call per lookup
    cache: HashMap<String, Option<u64>>,
    backend_calls: Cell<u32>,
}

impl CachedPrices {
    fn new(backend: fn(&str) -> Option<u64>) -> CachedPrices {
        CachedPrices {
            backend,
            cache: HashMap::new(),
            backend_calls: Cell::new(0),
        }
    }
}

impl PriceSource for CachedPrices {
    fn price_cents(&self, sku: &str) -> Option<u64> {
        if let Some(price) = self.cache.get(sku) {
            return *price;
        }
        self.backend_calls.set(self.backend_calls.get() + 1);
        let price = (self.backend)(sku);
        self.cache.insert(sku.to_string(), price);
        price
    }
}

fn main() {
    let prices = CachedPrices::new(|sku| (sku == "mug").then_some(1200));
    println!("cart 1: {:?}", quote(&prices, &["mug", "mug"]));
    println!("cart 2: {:?}", quote(&prices, &["mug", "tee"]));
    println!("backend calls: {}", prices.backend_calls.get());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog(sku: &str) -> Option<u64> {
        match sku {
            "mug" => Some(1200),
            "tee" => Some(2500),
            _ => None,
        }
    }

    #[test]
    fn quotes_carts_correctly() {
        let prices = CachedPrices::new(catalog);
        assert_eq!(quote(&prices, &["mug", "tee", "mug"]), Some(4900));
        assert_eq!(quote(&prices, &["mug", "poster"]), None);
        assert_eq!(
            quote(&prices, &["mug", "tee", "mug"]),
            Some(4900),
            "answered from the cache"
        );
    }

    #[test]
    fn asks_the_backend_once_per_sku() {
        let prices = CachedPrices::new(catalog);
        let (web, mobile) = (&prices, &prices);
        assert_eq!(quote(web, &["mug", "tee"]), Some(3700));
        assert_eq!(quote(mobile, &["tee", "mug", "mug"]), Some(4900));
        assert_eq!(
            prices.backend_calls.get(),
            2,
            "every cart shares one cache: each SKU should reach the backend once"
        );
    }

    #[test]
    fn remembers_unknown_skus_too() {
        let prices = CachedPrices::new(catalog);
        assert_eq!(prices.price_cents("poster"), None);
        assert_eq!(prices.price_cents("poster"), None);
        assert_eq!(
            prices.backend_calls.get(),
            1,
            "a SKU the backend doesn't know is remembered too (as None)"
        );
    }
}
