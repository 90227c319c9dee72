// race: spawns a worker per shard but joins it right away, so one shard is downloaded at a time
// A log-integrity job checksums yesterday's access log, one thread per shard (downloading a
// shard from object storage is slow), and compares the total with the log shipper's record.
// `checksum_log` doesn't compile: fix it.

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
    let mut total = 0;
    for shard in shards {
        let worker = thread::spawn(move || {
            let lines = shard.lines();
            lines.iter().map(|line| line_checksum(line)).sum::<u64>()
        });
        total += worker.join().expect("checksum worker panicked");
    }
    total
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
