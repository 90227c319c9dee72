// Predict first: a catalog service changes a product's price and adds a line to the price
// history saying what the price was and what it is now.
// Before changing any code, read it and predict the compiler's error: its code, and the line
// rustc points at. Write both on the ANSWER line below and save; ferry then shows the real
// error and grades your prediction. Then fix the code.
// ANSWER: E____ line __

struct Product {
    sku: String,
    price_cents: u64,
}

struct Catalog {
    products: Vec<Product>,
}

impl Catalog {
    fn product(&self, sku: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.sku == sku)
    }

    fn set_price(&mut self, sku: &str, cents: u64) {
        if let Some(product) = self.products.iter_mut().find(|p| p.sku == sku) {
            product.price_cents = cents;
        }
    }
}

// The history line, "mug: 1200 -> 1500", or None for an unknown SKU.
fn reprice(catalog: &mut Catalog, sku: &str, cents: u64) -> Option<String> {
    let product = catalog.product(sku)?;
    catalog.set_price(sku, cents);
    Some(format!("{sku}: {} -> {cents}", product.price_cents))
}

fn main() {
    let mug = Product {
        sku: "mug".to_string(),
        price_cents: 1200,
    };
    let mut catalog = Catalog {
        products: vec![mug],
    };
    println!("{:?}", reprice(&mut catalog, "mug", 1500));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        let product = |sku: &str, price_cents| Product {
            sku: sku.to_string(),
            price_cents,
        };
        Catalog {
            products: vec![product("mug", 1200), product("tee", 2500)],
        }
    }

    #[test]
    fn history_line_shows_the_old_and_the_new_price() {
        let mut catalog = catalog();
        assert_eq!(
            reprice(&mut catalog, "mug", 1500).as_deref(),
            Some("mug: 1200 -> 1500")
        );
        assert_eq!(
            reprice(&mut catalog, "mug", 1400).as_deref(),
            Some("mug: 1500 -> 1400")
        );
    }

    #[test]
    fn the_catalog_has_the_new_price() {
        let mut catalog = catalog();
        reprice(&mut catalog, "tee", 2000);
        assert_eq!(catalog.product("tee").unwrap().price_cents, 2000);
        assert_eq!(catalog.product("mug").unwrap().price_cents, 1200);
    }

    #[test]
    fn unknown_sku_changes_nothing() {
        let mut catalog = catalog();
        assert_eq!(reprice(&mut catalog, "poster", 999), None);
    }
}
