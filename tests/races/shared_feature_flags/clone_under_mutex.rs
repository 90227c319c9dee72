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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Barrier;
    use std::thread;

    #[test]
    fn flag_changes_reach_the_next_request() {
        let flags = FeatureFlags::default();
        assert_eq!(flags.with_flags(checkout_page), "checkout v1");
        flags.set("new-checkout", true);
        assert_eq!(flags.with_flags(checkout_page), "checkout v2");
    }

    #[test]
    fn requests_read_the_flags_at_the_same_time() {
        let flags = FeatureFlags::default();
        flags.set("new-checkout", true);
        // Two requests render at once: each one, while reading the flags, waits until the other
        // is reading them too. If only one request at a time may read, they wait forever.
        // Each request also notes where the map it reads lives.
        let both_rendering = Barrier::new(2);
        let request = || {
            flags.with_flags(|flags| {
                both_rendering.wait();
                (
                    checkout_page(flags),
                    flags as *const HashMap<String, bool> as usize,
                )
            })
        };
        thread::scope(|s| {
            let (first, second) = (s.spawn(request), s.spawn(request));
            let (first, first_map) = first.join().unwrap();
            let (second, second_map) = second.join().unwrap();
            assert_eq!((first, second), ("checkout v2", "checkout v2"));
            assert_eq!(
                first_map, second_map,
                "the two requests read two different maps: `with_flags` copied the flags for \
                 each request. Every flag is cloned on every request that way; let them read \
                 the one shared map at the same time"
            );
        });
    }
}
