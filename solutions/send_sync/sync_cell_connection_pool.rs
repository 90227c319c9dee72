// A nightly export runs each batch of queries on its own worker thread, batch i on the pool's
// connection i, then hands the connections back to the pool. It doesn't compile: fix
// `run_batches`. The `driver` module stands for a database library: leave it as it is.

mod driver {
    use std::cell::Cell;

    // Like many drivers' connections, it keeps statistics in a `Cell` so that `query` can take
    // `&self`. One thread at a time may use it.
    pub struct Connection {
        id: u32,
        queries_run: Cell<u64>,
    }

    impl Connection {
        pub fn open(id: u32) -> Connection {
            Connection {
                id,
                queries_run: Cell::new(0),
            }
        }

        pub fn id(&self) -> u32 {
            self.id
        }

        pub fn query(&self, sql: &str) -> String {
            self.queries_run.set(self.queries_run.get() + 1);
            format!("conn {}: {sql}", self.id)
        }

        pub fn queries_run(&self) -> u64 {
            self.queries_run.get()
        }
    }
}

use driver::Connection;
use std::thread;

fn run_batches(mut pool: Vec<Connection>, batches: &[Vec<&str>]) -> Vec<Connection> {
    // A `Connection` is `Send` but not `Sync`: it may move to another thread, but two threads
    // may not use it through `&` at once, since both could update `queries_run` at the same
    // moment and lose a count. `T` is `Sync` exactly when `&T` is `Send`, and `pool.iter()`
    // handed each worker a `&Connection`: a shared borrow, which would still let this thread
    // (or another worker) call `query` on it meanwhile. `iter_mut()` lends each worker its
    // connection exclusively, and `&mut T` is `Send` whenever `T` is, because nobody else can
    // reach it until the worker is done. (Moving each connection into its worker with
    // `into_iter()` and collecting them back from `join()` works too.) The compiler's note
    // would make the driver's counter atomic, but you can't edit a library, and wrapping each
    // connection in a `Mutex` would take a lock per query that nobody contends for.
    thread::scope(|s| {
        for (conn, batch) in pool.iter_mut().zip(batches) {
            s.spawn(move || {
                for sql in batch {
                    conn.query(sql);
                }
            });
        }
    });
    pool
}

fn main() {
    let pool = vec![Connection::open(1), Connection::open(2)];
    let batches = [vec!["SELECT * FROM users"], vec!["SELECT * FROM orders"]];
    for conn in run_batches(pool, &batches) {
        println!(
            "connection {} ran {} queries",
            conn.id(),
            conn.queries_run()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_connection_runs_its_own_batch() {
        let pool = vec![
            Connection::open(1),
            Connection::open(2),
            Connection::open(3),
        ];
        let batches = [
            vec!["SELECT * FROM users", "SELECT * FROM sessions"],
            vec!["SELECT * FROM orders"],
            vec![
                "SELECT * FROM invoices",
                "SELECT * FROM refunds",
                "SELECT * FROM payouts",
            ],
        ];
        let pool = run_batches(pool, &batches);
        let stats: Vec<(u32, u64)> = pool.iter().map(|c| (c.id(), c.queries_run())).collect();
        assert_eq!(stats, [(1, 2), (2, 1), (3, 3)]);
    }

    #[test]
    fn idle_connections_go_back_to_the_pool_too() {
        let pool = vec![Connection::open(1), Connection::open(2)];
        let pool = run_batches(pool, &[vec!["SELECT 1"]]);
        let stats: Vec<(u32, u64)> = pool.iter().map(|c| (c.id(), c.queries_run())).collect();
        assert_eq!(stats, [(1, 1), (2, 0)]);
    }
}
