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
fn checksum_log(shards: Vec<Shard>) -> u64 {
    let total = AtomicU64::new(0);
    let mut workers = Vec::new();
    for shard in shards {
        workers.push(thread::spawn(|| {
            for line in shard.lines() {
                total.fetch_add(line_checksum(&line), Ordering::Relaxed);
            }
        }));
    }
    for worker in workers {
        worker.join().expect("checksum worker panicked");
    }
    total.load(Ordering::Relaxed)
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Barrier, mpsc};
    use std::time::Duration;

    // Fake storage: every shard holds two lines that name it.
    fn two_lines(key: &str) -> Vec<String> {
        vec![format!("GET /{key} 200"), format!("POST /{key} 201")]
    }

    fn shard(key: &str, download: fn(&str) -> Vec<String>) -> Shard {
        Shard {
            key: key.to_string(),
            download,
        }
    }

    fn expected(keys: &[&str]) -> u64 {
        keys.iter()
            .flat_map(|key| two_lines(key))
            .map(|line| line_checksum(&line))
            .sum()
    }

    // Slow storage: no download answers until all three are in flight, as if each took a while.
    // Downloaded one after another, the first would wait forever; after 2 s it gives up instead.
    static ALL_DOWNLOADING: Barrier = Barrier::new(3);

    fn slow_download(key: &str) -> Vec<String> {
        let (arrived, all_arrived) = mpsc::channel();
        thread::spawn(move || {
            ALL_DOWNLOADING.wait();
            arrived.send(()).ok();
        });
        all_arrived.recv_timeout(Duration::from_secs(2)).expect(
            "only one shard was being downloaded at a time: the work ran on one thread, or each \
             worker was joined before the next was spawned. Spawn them all, then join them",
        );
        two_lines(key)
    }

    #[test]
    fn sums_every_line_of_every_shard_in_parallel() {
        let shards = vec![
            shard("eu", slow_download),
            shard("us", slow_download),
            shard("apac", slow_download),
        ];
        assert_eq!(checksum_log(shards), expected(&["eu", "us", "apac"]));
    }

    #[test]
    fn a_single_shard_counts_too() {
        assert_eq!(
            checksum_log(vec![shard("eu", two_lines)]),
            expected(&["eu"])
        );
    }

    #[test]
    fn two_jobs_keep_their_own_totals() {
        let first = checksum_log(vec![shard("eu", two_lines), shard("us", two_lines)]);
        let second = checksum_log(vec![shard("apac", two_lines)]);
        assert_eq!(
            (first, second),
            (expected(&["eu", "us"]), expected(&["apac"])),
            "each job should return the checksum of its own shards: a total that outlives the \
             job (a `static`) adds up the lines of every job that ever ran"
        );
    }

    #[test]
    fn no_shards_no_checksum() {
        assert_eq!(checksum_log(Vec::new()), 0);
    }
}
