// Log alerting: one scanner thread per log shard sends every ERROR line to the alerting
// channel. `scan_shards` doesn't compile: give every scanner a way to send its alerts.

use std::sync::mpsc::{self, Sender};
use std::thread::{self, JoinHandle};

#[derive(Debug, PartialEq)]
struct Alert {
    shard: usize,
    line: String,
}

// Starts one scanner per shard. Each sends an Alert for every line containing "ERROR" and
// returns how many lines it scanned.
fn scan_shards(shards: Vec<Vec<String>>, alerts: Sender<Alert>) -> Vec<JoinHandle<usize>> {
    let mut scanners = Vec::new();
    for (shard, lines) in shards.into_iter().enumerate() {
        scanners.push(thread::spawn(move || {
            let scanned = lines.len();
            for line in lines {
                if line.contains("ERROR") {
                    alerts
                        .send(Alert { shard, line })
                        .expect("alerting is running");
                }
            }
            scanned
        }));
    }
    scanners
}

fn main() {
    let (tx, rx) = mpsc::channel();
    let shards = vec![
        vec!["ERROR db timeout".to_string()],
        vec!["GET /health".to_string()],
    ];
    let scanners = scan_shards(shards, tx);
    for alert in rx {
        println!("shard {}: {}", alert.shard, alert.line);
    }
    let scanned: Vec<usize> = scanners.into_iter().map(|s| s.join().unwrap()).collect();
    println!("scanned {scanned:?} lines");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shard(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    fn shards() -> Vec<Vec<String>> {
        vec![
            shard(&[
                "GET /health 200",
                "ERROR db timeout",
                "ERROR db timeout again",
            ]),
            shard(&["POST /orders 201"]),
            shard(&[
                "ERROR disk full",
                "GET /users/7 200",
                "ERROR disk still full",
            ]),
        ]
    }

    #[test]
    fn every_shard_is_scanned() {
        // `_rx` keeps the receiving end alive: sending into a channel that nobody can ever
        // read from again is an error.
        let (tx, _rx) = mpsc::channel();
        let scanned: Vec<usize> = scan_shards(shards(), tx)
            .into_iter()
            .map(|scanner| scanner.join().unwrap())
            .collect();
        assert_eq!(scanned, [3, 1, 3]);
    }

    #[test]
    fn each_shards_alerts_arrive_in_order() {
        let (tx, rx) = mpsc::channel();
        let scanners = scan_shards(shards(), tx);
        // `scan_shards` took the Sender. Once every scanner has finished and dropped its way of
        // sending, the channel is closed and this loop ends.
        let alerts: Vec<Alert> = rx.iter().collect();
        for scanner in scanners {
            scanner.join().unwrap();
        }

        // Alerts from different scanners interleave in whatever order the threads ran, but
        // each scanner's own alerts arrive in the order it sent them.
        let from = |shard: usize| -> Vec<&str> {
            let from_shard = alerts.iter().filter(|a| a.shard == shard);
            from_shard.map(|a| a.line.as_str()).collect()
        };
        assert_eq!(alerts.len(), 4);
        assert_eq!(from(0), ["ERROR db timeout", "ERROR db timeout again"]);
        assert_eq!(from(2), ["ERROR disk full", "ERROR disk still full"]);
    }
}
