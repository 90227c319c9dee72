// race: runs every batch on the calling thread, so no connection crosses threads
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

fn run_batches(pool: Vec<Connection>, batches: &[Vec<&str>]) -> Vec<Connection> {
    for (conn, batch) in pool.iter().zip(batches) {
        for sql in batch {
            conn.query(sql);
        }
    }
    pool
}

fn main() {
    let pool = vec![Connection::open(1, |sql| format!("ok: {sql}"))];
    let pool = run_batches(pool, &[vec!["SELECT * FROM users"]]);
    println!("connection 1 ran {} queries", pool[0].queries_run());
}
