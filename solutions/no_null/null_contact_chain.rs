// Shipping notices: to email a customer about an order, find the order, then its customer,
// then the customer's email, which is optional (some customers only gave a phone number).
// `contact_email` doesn't compile. Make it return None as soon as any step finds nothing.

use std::collections::HashMap;

struct Order {
    customer_id: u64,
}

struct Customer {
    email: Option<String>,
}

struct Shop {
    orders: HashMap<u64, Order>,
    customers: HashMap<u64, Customer>,
}

impl Shop {
    fn contact_email(&self, order_id: u64) -> Option<&str> {
        // Each lookup gives an Option. `?` unwraps a `Some` and carries on, or returns `None`
        // from `contact_email` right there: Kotlin's `orders[id]?.let { customers[it.customerId] }
        // ?.email`, one step per line. rustc's suggested `.unwrap()` would be `!!` on every step:
        // one deleted customer or mistyped order id and the notice job panics.
        let order = self.orders.get(&order_id)?;
        let customer = self.customers.get(&order.customer_id)?;
        customer.email.as_deref()
    }
}

fn shipping_notice(shop: &Shop, order_id: u64) -> String {
    match shop.contact_email(order_id) {
        Some(email) => format!("to {email}: order {order_id} has shipped"),
        None => format!("order {order_id}: no email on file, notice skipped"),
    }
}

fn main() {
    let mut shop = Shop {
        orders: HashMap::new(),
        customers: HashMap::new(),
    };
    shop.orders.insert(7, Order { customer_id: 1 });
    let email = Some("ada@example.com".to_string());
    shop.customers.insert(1, Customer { email });
    println!("{}", shipping_notice(&shop, 7));
    println!("{}", shipping_notice(&shop, 8));
}

#[cfg(test)]
mod tests {
    use super::*;

    // Order 1 -> Ada, who has an email. Order 2 -> Grace, who doesn't.
    // Order 3 -> customer 99, who was deleted. There is no order 4.
    fn shop() -> Shop {
        let mut shop = Shop {
            orders: HashMap::new(),
            customers: HashMap::new(),
        };
        shop.orders.insert(1, Order { customer_id: 10 });
        shop.orders.insert(2, Order { customer_id: 11 });
        shop.orders.insert(3, Order { customer_id: 99 });
        let email = Some("ada@example.com".to_string());
        shop.customers.insert(10, Customer { email });
        shop.customers.insert(11, Customer { email: None });
        shop
    }

    #[test]
    fn finds_the_email_through_order_and_customer() {
        let shop = shop();
        assert_eq!(shop.contact_email(1), Some("ada@example.com"));
        assert_eq!(
            shipping_notice(&shop, 1),
            "to ada@example.com: order 1 has shipped"
        );
    }

    #[test]
    fn every_missing_link_gives_none() {
        let shop = shop();
        assert_eq!(shop.contact_email(2), None, "customer has no email");
        assert_eq!(shop.contact_email(3), None, "customer doesn't exist");
        assert_eq!(shop.contact_email(4), None, "order doesn't exist");
        assert_eq!(
            shipping_notice(&shop, 4),
            "order 4: no email on file, notice skipped"
        );
    }
}
