// A log-integrity job checksums yesterday's access log, one thread per shard, and compares the
// total with the one the log shipper recorded when it wrote the shards.
// `checksum_log` doesn't compile: fix it.

use std::thread;

fn line_checksum(line: &str) -> u64 {
    line.bytes().map(u64::from).sum()
}

// The checksum of the whole log: the sum of the checksums of all its lines.
fn checksum_log(shards: Vec<Vec<String>>) -> u64 {
    let mut total = 0;
    let mut workers = Vec::new();
    for shard in shards {
        workers.push(thread::spawn(|| {
            for line in shard {
                total += line_checksum(&line);
            }
        }));
    }
    for worker in workers {
        worker.join().expect("checksum worker panicked");
    }
    total
}

fn main() {
    let shards = vec![
        vec!["GET /health 200".to_string()],
        vec!["POST /orders 201".to_string()],
    ];
    println!("checksum: {}", checksum_log(shards));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shard(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|line| line.to_string()).collect()
    }

    #[test]
    fn sums_every_line_of_every_shard() {
        let shards = vec![
            shard(&["GET /health 200", "GET /orders 200"]),
            shard(&["POST /orders 201"]),
            shard(&["DELETE /orders/7 204", "GET /health 200"]),
        ];
        let expected: u64 = shards
            .iter()
            .flatten()
            .map(|line| line_checksum(line))
            .sum();
        assert_eq!(checksum_log(shards), expected);
    }

    #[test]
    fn a_single_shard_counts_too() {
        assert_eq!(checksum_log(vec![shard(&["ab"])]), 97 + 98);
    }

    #[test]
    fn no_shards_no_checksum() {
        assert_eq!(checksum_log(Vec::new()), 0);
    }
}
