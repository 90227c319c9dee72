// shortcut: a static total shared by every job, reset with swap at the end
// rejected with: you added `.swap()`
// A log-integrity job checksums yesterday's access log, one thread per shard (downloading a
// shard from object storage is slow), and compares the total with the log shipper's record.
// `checksum_log` doesn't compile: fix it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

// One shard of the log in object storage. Tests pass in fake storage.
struct Shard {
    key: String,
    download: fn(&str) -> Vec<String>,
}

impl Shard {
    fn lines(self) -> Vec<String> {
        (self.download)(&self.key)
    }
}

fn line_checksum(line: &str) -> u64 {
    line.bytes().map(u64::from).sum()
}

// The checksum of the whole log: the sum of the checksums of all its lines.
static TOTAL: AtomicU64 = AtomicU64::new(0);

fn checksum_log(shards: Vec<Shard>) -> u64 {
    let mut workers = Vec::new();
    for shard in shards {
        workers.push(thread::spawn(move || {
            for line in shard.lines() {
                TOTAL.fetch_add(line_checksum(&line), Ordering::Relaxed);
            }
        }));
    }
    for worker in workers {
        worker.join().expect("checksum worker panicked");
    }
    TOTAL.swap(0, Ordering::Relaxed)
}

fn main() {
    let shard = |key: &str| Shard {
        key: key.to_string(),
        download: |key| vec![format!("GET /{key} 200")],
    };
    println!(
        "checksum: {}",
        checksum_log(vec![shard("health"), shard("orders")])
    );
}
