// race: clones the whole map under the Mutex, so readers don't queue but each request copies every flag
// A feature-flag service: every request reads the flags while it renders its page, and an admin
// endpoint flips a flag a few times a day. Under load, requests queue up behind each other.
// A test never finishes: let requests read the flags at the same time.

use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Default)]
struct FeatureFlags {
    flags: Mutex<HashMap<String, bool>>,
}

impl FeatureFlags {
    // Lets `render` read the flags while it runs, and returns what it returns.
    fn with_flags<R>(&self, render: impl FnOnce(&HashMap<String, bool>) -> R) -> R {
        let flags = self.flags.lock().unwrap().clone();
        render(&flags)
    }

    fn set(&self, name: &str, enabled: bool) {
        self.flags.lock().unwrap().insert(name.to_string(), enabled);
    }
}

fn checkout_page(flags: &HashMap<String, bool>) -> &'static str {
    match flags.get("new-checkout") {
        Some(true) => "checkout v2",
        _ => "checkout v1",
    }
}

fn main() {
    let flags = FeatureFlags::default();
    flags.set("new-checkout", true);
    println!("{}", flags.with_flags(checkout_page));
}
