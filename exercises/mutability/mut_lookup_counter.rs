// A pricing API bills its clients per lookup, so `Catalog` counts every price lookup it serves.
// Checkout asks for prices through the `PriceSource` trait. `price_cents` doesn't compile:
// fix it without changing the `pricing` module.

use std::collections::HashMap;

// Think of this module as a library crate you depend on: you can't change it. Its trait takes
// `&self` because one price source serves many carts at once.
mod pricing {
    pub trait PriceSource {
        fn price_cents(&self, sku: &str) -> Option<u64>;
    }

    // The total of a cart, or None as soon as an item has no price.
    pub fn quote(source: &dyn PriceSource, skus: &[&str]) -> Option<u64> {
        skus.iter().map(|sku| source.price_cents(sku)).sum()
    }
}

use pricing::{PriceSource, quote};

struct Catalog {
    prices: HashMap<&'static str, u64>,
    lookups: u32,
}

impl Catalog {
    fn new(prices: HashMap<&'static str, u64>) -> Catalog {
        Catalog { prices, lookups: 0 }
    }

    // How many lookups to bill.
    fn lookups(&self) -> u32 {
        self.lookups
    }
}

impl PriceSource for Catalog {
    fn price_cents(&self, sku: &str) -> Option<u64> {
        self.lookups += 1;
        self.prices.get(sku).copied()
    }
}

fn main() {
    let catalog = Catalog::new(HashMap::from([("mug", 1200), ("tee", 2500)]));
    println!("cart: {:?}", quote(&catalog, &["mug", "tee"]));
    println!("lookups to bill: {}", catalog.lookups());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::new(HashMap::from([("mug", 1200), ("tee", 2500)]))
    }

    #[test]
    fn quotes_carts() {
        let catalog = catalog();
        assert_eq!(quote(&catalog, &["mug", "tee", "mug"]), Some(4900));
        assert_eq!(quote(&catalog, &["mug", "poster"]), None);
    }

    #[test]
    fn every_lookup_is_billed() {
        let catalog = catalog();
        let (web, mobile) = (&catalog, &catalog);
        assert_eq!(quote(web, &["mug", "tee"]), Some(3700));
        assert_eq!(quote(mobile, &["poster"]), None);
        assert_eq!(
            catalog.lookups(),
            3,
            "every lookup, found or not, through any shared reference, is billed"
        );
    }

    #[test]
    fn each_catalog_bills_its_own_lookups() {
        let (eu, us) = (catalog(), catalog());
        assert_eq!(quote(&eu, &["mug"]), Some(1200));
        assert_eq!(
            (eu.lookups(), us.lookups()),
            (1, 0),
            "one counter for every catalog (a static) bills the wrong client: keep it in the Catalog"
        );
    }
}
