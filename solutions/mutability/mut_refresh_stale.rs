// A TTL cache shared by the request handlers, so its methods take `&self`. A background job
// calls `refresh_stale` to re-fetch the entries that have expired.
// The tests fail: run them, read the panic, and fix `refresh_stale`.

use std::cell::RefCell;
use std::collections::BTreeMap;

struct Entry {
    value: String,
    expires_at: u64,
}

const TTL: u64 = 60;

#[derive(Default)]
struct TtlCache {
    entries: RefCell<BTreeMap<String, Entry>>,
}

impl TtlCache {
    fn get(&self, key: &str, now: u64) -> Option<String> {
        let entries = self.entries.borrow();
        let entry = entries.get(key)?;
        (entry.expires_at > now).then(|| entry.value.clone())
    }

    fn put(&self, key: &str, value: String, now: u64) {
        let expires_at = now + TTL;
        let entry = Entry { value, expires_at };
        self.entries.borrow_mut().insert(key.to_string(), entry);
    }

    // Re-fetches every expired entry; returns how many it refreshed.
    fn refresh_stale(&self, now: u64, fetch: impl Fn(&str) -> String) -> usize {
        // The loop held a `borrow()` of the map for its whole body, and `put` asked for a
        // `borrow_mut()` while it was alive. With plain references that would be E0502 at
        // compile time; a RefCell checks the same rule at run time and panics instead. So first
        // collect the stale keys: the shared borrow ends with that statement. Then fetch and
        // store with no borrow held, which also lets `fetch` read the cache. Holding one
        // `borrow_mut()` for the loop and overwriting entries in place would avoid cloning the
        // keys, but it would panic as soon as `fetch` looks anything up in the cache. Cloning
        // the whole map and iterating the copy would copy every cached value as well.
        let stale: Vec<String> = self
            .entries
            .borrow()
            .iter()
            .filter(|(_, entry)| entry.expires_at <= now)
            .map(|(key, _)| key.clone())
            .collect();
        for key in &stale {
            self.put(key, fetch(key), now);
        }
        stale.len()
    }
}

fn main() {
    let cache = TtlCache::default();
    cache.put("user:1", "ada".to_string(), 0);
    let refreshed = cache.refresh_stale(60, |key| format!("{key} (fresh)"));
    println!("refreshed {refreshed}: {:?}", cache.get("user:1", 60));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_entries_are_left_alone() {
        let cache = TtlCache::default();
        cache.put("user:1", "ada".to_string(), 0);
        assert_eq!(cache.refresh_stale(30, |_| panic!("nothing to fetch")), 0);
        assert_eq!(cache.get("user:1", 30).as_deref(), Some("ada"));
    }

    #[test]
    fn expired_entries_are_fetched_again() {
        let cache = TtlCache::default();
        cache.put("user:1", "ada".to_string(), 0);
        cache.put("user:2", "grace".to_string(), 40);
        assert_eq!(cache.refresh_stale(70, |key| format!("{key} v2")), 1);
        assert_eq!(cache.get("user:1", 70).as_deref(), Some("user:1 v2"));
        assert_eq!(cache.get("user:2", 70).as_deref(), Some("grace"));
        // Refreshed entries live for another full TTL.
        assert_eq!(cache.get("user:1", 129).as_deref(), Some("user:1 v2"));
    }

    #[test]
    fn fetching_may_read_the_cache() {
        // A profile is built from the user's team, which is cached too.
        let cache = TtlCache::default();
        cache.put("team:1", "platform".to_string(), 30);
        cache.put("profile:1", "ada (search)".to_string(), 0);
        let refreshed = cache.refresh_stale(60, |_| {
            let team = cache.get("team:1", 60).unwrap_or_default();
            format!("ada ({team})")
        });
        assert_eq!(refreshed, 1);
        assert_eq!(
            cache.get("profile:1", 60).as_deref(),
            Some("ada (platform)")
        );
    }
}
