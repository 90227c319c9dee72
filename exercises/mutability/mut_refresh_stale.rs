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
        let mut refreshed = 0;
        for (key, entry) in self.entries.borrow().iter() {
            if entry.expires_at <= now {
                self.put(key, fetch(key), now);
                refreshed += 1;
            }
        }
        refreshed
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
