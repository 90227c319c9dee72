// A shop's cart endpoint totals the cart, asking the pricing service for each item's price.
// `cart_total` doesn't compile, although it is an async fn. Make it compute the total.

use std::collections::HashMap;
use std::time::Duration;

struct CartLine {
    sku: &'static str,
    quantity: u64,
}

struct PricingService {
    cents: HashMap<&'static str, u64>,
}

impl PricingService {
    // One call to the pricing service per SKU; unknown SKUs cost nothing.
    async fn price_of(&self, sku: &str) -> u64 {
        tokio::time::sleep(Duration::from_millis(15)).await;
        self.cents.get(sku).copied().unwrap_or(0)
    }
}

async fn cart_total(pricing: &PricingService, cart: &[CartLine]) -> u64 {
    cart.iter()
        .map(|line| pricing.price_of(line.sku).await * line.quantity)
        .sum()
}

fn pricing() -> PricingService {
    PricingService {
        cents: HashMap::from([("mug", 1299), ("tea", 450)]),
    }
}

#[tokio::main]
async fn main() {
    let cart = [CartLine {
        sku: "mug",
        quantity: 2,
    }];
    println!("total: {} cents", cart_total(&pricing(), &cart).await);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn totals_every_line() {
        let cart = [
            CartLine {
                sku: "mug",
                quantity: 2,
            },
            CartLine {
                sku: "tea",
                quantity: 3,
            },
        ];
        assert_eq!(cart_total(&pricing(), &cart).await, 2 * 1299 + 3 * 450);
    }

    #[tokio::test(start_paused = true)]
    async fn an_empty_cart_costs_nothing() {
        assert_eq!(cart_total(&pricing(), &[]).await, 0);
    }
}
