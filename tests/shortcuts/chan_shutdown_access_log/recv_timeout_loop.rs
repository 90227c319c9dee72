// shortcut: a recv_timeout loop: stop writing after a quiet moment instead of closing the channel
// rejected with: you added `.recv_timeout()`
// An access log: request handlers on several threads send log lines to one writer thread,
// which owns the log. `serve` never returns. Find out what the writer is waiting for, and fix it.

use std::sync::mpsc;
use std::thread;

// Serves each batch of requests on its own handler thread; returns the access log, sorted.
fn serve(batches: Vec<Vec<&'static str>>) -> Vec<String> {
    let (tx, rx) = mpsc::channel::<String>();

    // The writer appends every line it receives until the channel is closed, then hands the
    // log back. (A Vec stands in for the log file.)
    let writer = thread::spawn(move || {
        let mut log = Vec::new();
        while let Ok(line) = rx.recv_timeout(std::time::Duration::from_millis(200)) {
            log.push(line);
        }
        log
    });

    let mut handlers = Vec::new();
    for (handler, paths) in batches.into_iter().enumerate() {
        let tx = tx.clone();
        handlers.push(thread::spawn(move || {
            for path in paths {
                tx.send(format!("handler-{handler} GET {path} 200"))
                    .expect("the writer is running");
            }
        }));
    }

    for handler in handlers {
        handler.join().expect("handler finished");
    }
    let mut log = writer.join().expect("writer finished");
    log.sort();
    log
}

fn main() {
    for line in serve(vec![vec!["/health", "/orders"], vec!["/users/7"]]) {
        println!("{line}");
    }
}
