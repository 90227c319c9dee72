// race: keeps the unbounded channel, so the reader runs arbitrarily far ahead of the uploader
// A nightly export: this thread reads a big table, and an uploader thread sends each row to
// object storage, which is slow. The reader is much faster, so with an unbounded queue the whole
// table piles up in memory. A test fails: let at most BUFFER rows wait for the uploader.

use std::sync::mpsc::{self, Sender};
use std::thread::{self, JoinHandle};

const BUFFER: usize = 4;

// Starts the uploader. Returns the queue that feeds it, and its handle: it returns how many rows
// it uploaded once the queue is closed.
fn start_uploader(
    mut upload: impl FnMut(String) + Send + 'static,
) -> (Sender<String>, JoinHandle<usize>) {
    let (queue, rows) = mpsc::channel();
    let uploader = thread::spawn(move || {
        let mut uploaded = 0;
        for row in rows {
            upload(row);
            uploaded += 1;
        }
        uploaded
    });
    (queue, uploader)
}

fn export(table: Vec<String>, upload: impl FnMut(String) + Send + 'static) -> usize {
    let (queue, uploader) = start_uploader(upload);
    for row in table {
        queue.send(row).expect("the uploader is running");
    }
    drop(queue);
    uploader.join().expect("the uploader finished")
}

fn main() {
    let table = (1..=10).map(|n| format!("order {n}")).collect();
    let uploaded = export(table, |row| println!("uploaded {row}"));
    println!("{uploaded} rows");
}
