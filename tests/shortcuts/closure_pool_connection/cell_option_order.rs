// shortcut: Cell<Option<Order>>: keep `Fn` and take the order out of a Cell on the first call
// rejected with: you added `Cell`
// A connection pool lends one of its connections to a unit of work and takes it back after.
// `save_order` stores a new order through a pooled connection. It doesn't compile: fix it.

// An order must be stored exactly once, so it is deliberately not `Clone`: no copy of it can
// be saved a second time by mistake.
struct Order {
    id: u32,
    total_cents: u64,
}

// Stands in for a database connection: it keeps the rows it inserted.
struct Connection {
    rows: Vec<Order>,
}

impl Connection {
    fn insert(&mut self, order: Order) -> u32 {
        let id = order.id;
        self.rows.push(order);
        id
    }
}

struct Pool {
    idle: Vec<Connection>,
}

impl Pool {
    // Takes an idle connection, runs `work` with it, and returns it to the pool.
    fn with_connection<T>(&mut self, work: impl Fn(&mut Connection) -> T) -> T {
        let mut conn = self.idle.pop().expect("an idle connection");
        let result = work(&mut conn);
        self.idle.push(conn);
        result
    }
}

fn save_order(pool: &mut Pool, order: Order) -> u32 {
    let order = std::cell::Cell::new(Some(order));
    pool.with_connection(|conn| conn.insert(order.take().expect("called once")))
}

fn main() {
    let mut pool = Pool {
        idle: vec![Connection { rows: Vec::new() }],
    };
    let order = Order {
        id: 7,
        total_cents: 4_990,
    };
    let id = save_order(&mut pool, order);
    let total: u64 = pool.with_connection(|conn| conn.rows.iter().map(|o| o.total_cents).sum());
    println!("saved order {id}; {total} cents stored");
}
