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
    // `.await` may only appear in the body of an async fn or block, and a closure's body is its
    // own function: an ordinary, synchronous one, even inside an async fn. `map` calls it and
    // needs a number back at once; it can't pause halfway to wait for the pricing service.
    // (Kotlin allows this because `map` is inline there.) A plain loop keeps the await in the
    // async fn. An `async` closure only moves the error: `map` would then yield futures, not
    // prices, and `sum` can't add futures up (E0277).
    let mut total = 0;
    for line in cart {
        total += pricing.price_of(line.sku).await * line.quantity;
    }
    total
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
