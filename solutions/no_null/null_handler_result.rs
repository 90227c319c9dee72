// A shopping cart API: PUT /cart/{sku} with the new quantity as the request body.
// `update_quantity` doesn't compile. A body that isn't a quantity must reach the client as
// "400 Bad Request: quantity must be a whole number, got '<body>'" and leave the cart as it was.

use std::collections::HashMap;

struct Cart {
    quantities: HashMap<String, u32>,
}

// `?` hands an error to the caller, so the function needs a way to hand one back: a `Result`.
// (In a function returning `()` the error would have nowhere to go.) rustc suggests
// `Result<(), Box<dyn Error>>`, which compiles (with a warning: `handle_put` ignores the
// Result) but carries only "invalid digit found in string"; returning our own message, and
// the new quantity, gives the handler what it needs.
// `.unwrap()` instead of `?` would let any client crash the handler with a bad body.
fn update_quantity(cart: &mut Cart, sku: &str, body: &str) -> Result<u32, String> {
    let body = body.trim();
    let quantity: u32 = body
        .parse()
        .map_err(|_| format!("quantity must be a whole number, got '{body}'"))?;
    cart.quantities.insert(sku.to_string(), quantity);
    Ok(quantity)
}

// PUT /cart/{sku}
fn handle_put(cart: &mut Cart, sku: &str, body: &str) -> String {
    // The handler is the boundary where an error value becomes an HTTP response.
    match update_quantity(cart, sku, body) {
        Ok(quantity) => format!("200 OK: {sku} x {quantity}"),
        Err(message) => format!("400 Bad Request: {message}"),
    }
}

fn main() {
    let mut cart = Cart {
        quantities: HashMap::new(),
    };
    println!("{}", handle_put(&mut cart, "green-tea", "3"));
    println!("{}", handle_put(&mut cart, "green-tea", "lots"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cart_with_two_teas() -> Cart {
        let mut quantities = HashMap::new();
        quantities.insert("green-tea".to_string(), 2);
        Cart { quantities }
    }

    #[test]
    fn sets_the_quantity() {
        let mut cart = cart_with_two_teas();
        assert_eq!(
            handle_put(&mut cart, "green-tea", "5\n"),
            "200 OK: green-tea x 5"
        );
        assert_eq!(handle_put(&mut cart, "oolong", "1"), "200 OK: oolong x 1");
        assert_eq!(cart.quantities["green-tea"], 5);
    }

    #[test]
    fn a_bad_body_is_a_400_and_changes_nothing() {
        let mut cart = cart_with_two_teas();
        assert_eq!(
            handle_put(&mut cart, "green-tea", "lots"),
            "400 Bad Request: quantity must be a whole number, got 'lots'"
        );
        assert_eq!(
            handle_put(&mut cart, "oolong", "-1"),
            "400 Bad Request: quantity must be a whole number, got '-1'"
        );
        assert_eq!(cart.quantities["green-tea"], 2);
        assert!(!cart.quantities.contains_key("oolong"));
    }
}
