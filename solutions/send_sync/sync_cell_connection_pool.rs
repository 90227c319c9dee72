// A nightly export runs each batch of queries on its own worker thread, batch i on the pool's
// connection i, then hands the connections back to the pool. It doesn't compile: fix
// `run_batches`. The `driver` module stands for a database library: leave it as it is.

mod driver {
    use std::cell::Cell;

    // Like many drivers' connections, it keeps statistics in a `Cell` so that `query` can take
    // `&self`. One thread at a time may use it. `db` stands for the database server.
    pub struct Connection {
        pub id: u32,
        db: fn(&str) -> String,
        queries: Cell<u64>,
    }

    impl Connection {
        pub fn open(id: u32, db: fn(&str) -> String) -> Connection {
            let queries = Cell::new(0);
            Connection { id, db, queries }
        }

        pub fn query(&self, sql: &str) -> String {
            self.queries.set(self.queries.get() + 1);
            (self.db)(sql)
        }

        pub fn queries_run(&self) -> u64 {
            self.queries.get()
        }
    }
}

use driver::Connection;
use std::thread;

fn run_batches(mut pool: Vec<Connection>, batches: &[Vec<&str>]) -> Vec<Connection> {
    // A `Connection` is `Send` but not `Sync`: it may move to another thread, but two threads
    // may not use it through `&` at once, since both could update its `Cell` counter at the same
    // moment and lose a count. `T` is `Sync` exactly when `&T` is `Send`, and `pool.iter()`
    // handed each worker a `&Connection`, a shared borrow that this thread could still use too.
    // `iter_mut()` lends each worker its connection exclusively, and `&mut T` is `Send`
    // whenever `T` is, because nobody else can reach it until the worker is done. Also fine:
    // moving each connection in with `into_iter()` and collecting them back from `join()`, or
    // a `Mutex` per connection (a lock per query that nobody contends for). Not fine: editing
    // the driver (a library isn't yours to change), `unsafe impl Sync` (the counter would
    // race), or running the batches on this thread (no parallelism; a test checks).
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
    let pool = vec![Connection::open(1, |sql| format!("ok: {sql}"))];
    let pool = run_batches(pool, &[vec!["SELECT * FROM users"]]);
    println!("connection 1 ran {} queries", pool[0].queries_run());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Barrier, mpsc};
    use std::time::Duration;

    fn fast_server(sql: &str) -> String {
        format!("ok: {sql}")
    }

    fn stats(pool: &[Connection]) -> Vec<(u32, u64)> {
        pool.iter().map(|c| (c.id, c.queries_run())).collect()
    }

    #[test]
    fn each_connection_runs_its_own_batch() {
        let pool = (1..=3)
            .map(|id| Connection::open(id, fast_server))
            .collect();
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
        assert_eq!(stats(&pool), [(1, 2), (2, 1), (3, 3)]);
    }

    #[test]
    fn idle_connections_go_back_to_the_pool_too() {
        let pool = vec![
            Connection::open(1, fast_server),
            Connection::open(2, fast_server),
        ];
        let pool = run_batches(pool, &[vec!["SELECT 1"]]);
        assert_eq!(stats(&pool), [(1, 1), (2, 0)]);
    }

    // A busy database: no query is answered until all three connections are querying at once.
    // Run one batch after another, the first query would wait forever; after 2 s it gives up.
    static ALL_QUERYING: Barrier = Barrier::new(3);

    fn busy_server(sql: &str) -> String {
        let (arrived, all_arrived) = mpsc::channel();
        thread::spawn(move || {
            ALL_QUERYING.wait();
            arrived.send(()).ok();
        });
        all_arrived.recv_timeout(Duration::from_secs(2)).expect(
            "only one connection was querying at a time: the batches ran on one thread. \
             Give each batch its own worker thread, with its own connection",
        );
        fast_server(sql)
    }

    #[test]
    fn the_batches_run_in_parallel() {
        let pool = (1..=3)
            .map(|id| Connection::open(id, busy_server))
            .collect();
        let batches = [vec!["SELECT 1"], vec!["SELECT 2"], vec!["SELECT 3"]];
        let pool = run_batches(pool, &batches);
        assert_eq!(stats(&pool), [(1, 1), (2, 1), (3, 1)]);
    }
}
