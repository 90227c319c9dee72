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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    // Queues a row if there is room for it right now, without waiting; returns whether it did.
    // An unbounded channel always has room.
    trait QueueNow {
        fn queue_now(&self, row: String) -> bool;
    }
    impl QueueNow for mpsc::Sender<String> {
        fn queue_now(&self, row: String) -> bool {
            self.send(row).is_ok()
        }
    }
    impl QueueNow for mpsc::SyncSender<String> {
        fn queue_now(&self, row: String) -> bool {
            self.try_send(row).is_ok()
        }
    }

    #[test]
    fn uploads_every_row_in_order() {
        let uploaded = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&uploaded);
        let table: Vec<String> = (1..=50).map(|n| format!("order {n}")).collect();
        let count = export(table.clone(), move |row| log.lock().unwrap().push(row));
        assert_eq!(count, 50);
        assert_eq!(*uploaded.lock().unwrap(), table);
    }

    #[test]
    fn at_most_buffer_rows_wait_while_the_uploader_is_busy() {
        let (busy, uploader_is_busy) = mpsc::channel();
        let (carry_on, may_carry_on) = mpsc::channel::<()>();
        // The first upload is slow: it takes until the test says it is done.
        let (queue, uploader) = start_uploader(move |row| {
            if row == "row 0" {
                busy.send(()).unwrap();
                may_carry_on.recv().unwrap();
            }
        });
        queue.send("row 0".to_string()).unwrap();
        uploader_is_busy.recv().unwrap();
        // The uploader holds row 0, so the queue is empty. How many rows fit in before it is full?
        let queued = (1..=100)
            .take_while(|n| queue.queue_now(format!("row {n}")))
            .count();
        assert!(
            queued <= BUFFER,
            "{queued} rows were queued while the uploader was busy with one, but at most BUFFER \
             may wait: with no bound, the whole table would end up in memory"
        );
        assert_eq!(
            queued, BUFFER,
            "only {queued} rows fit in the queue: the reader would stop and wait at every \
             row while an upload runs. Give it room for BUFFER rows"
        );
        carry_on.send(()).unwrap();
        drop(queue);
        assert_eq!(uploader.join().unwrap(), BUFFER + 1);
    }
}
