// Checkout: when a guest logs in, the items in their guest cart move into their account's
// cart, and the guest cart is left empty. `merge_carts` doesn't compile: fix it.

use std::collections::HashMap;

// Shopping carts by session id, cached in memory for a fast checkout.
type CartCache = HashMap<String, Vec<String>>;

// Moves every item in `guest`'s cart to the end of `user`'s cart. If either cart is missing,
// returns false and changes nothing.
fn merge_carts(carts: &mut CartCache, guest: &str, user: &str) -> bool {
    let Some(guest_cart) = carts.get_mut(guest) else {
        return false;
    };
    let Some(user_cart) = carts.get_mut(user) else {
        return false;
    };
    user_cart.append(guest_cart);
    true
}

fn main() {
    let mut carts = CartCache::new();
    carts.insert("guest-81".to_string(), vec!["socks".to_string()]);
    carts.insert("user-ada".to_string(), vec!["laptop".to_string()]);
    merge_carts(&mut carts, "guest-81", "user-ada");
    println!("ada's cart: {:?}", carts["user-ada"]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_carts() -> CartCache {
        let mut carts = CartCache::new();
        carts.insert(
            "guest-81".to_string(),
            vec!["socks".to_string(), "mug".to_string()],
        );
        carts.insert("user-ada".to_string(), vec!["laptop".to_string()]);
        carts
    }

    #[test]
    fn moves_the_guest_items_to_the_account() {
        let mut carts = sample_carts();
        assert!(merge_carts(&mut carts, "guest-81", "user-ada"));
        assert_eq!(carts["user-ada"], ["laptop", "socks", "mug"]);
        assert!(carts["guest-81"].is_empty());
    }

    #[test]
    fn a_missing_cart_changes_nothing() {
        let mut carts = sample_carts();
        assert!(!merge_carts(&mut carts, "guest-81", "user-nobody"));
        assert!(!merge_carts(&mut carts, "guest-nobody", "user-ada"));
        assert_eq!(carts, sample_carts());
    }

    #[test]
    fn merging_a_cart_into_itself_keeps_its_items() {
        // A user who was already logged in: the guest session and the account are the same.
        let mut carts = sample_carts();
        assert!(merge_carts(&mut carts, "user-ada", "user-ada"));
        assert_eq!(carts["user-ada"], ["laptop"]);
    }
}
