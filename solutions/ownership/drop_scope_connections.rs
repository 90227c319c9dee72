// Database migrations run against a server that allows one open connection at a time.
// A test fails: run the tests, read the order of events, and fix `run_migrations`.

use std::cell::RefCell;
use std::rc::Rc;

// A shared, append-only event log. You don't need to change it.
type EventLog = Rc<RefCell<Vec<String>>>;

struct Connection {
    id: u32,
    log: EventLog,
}

impl Connection {
    fn open(id: u32, log: &EventLog) -> Connection {
        log.borrow_mut().push(format!("open {id}"));
        Connection {
            id,
            log: Rc::clone(log),
        }
    }

    fn execute(&self, sql: &str) {
        self.log.borrow_mut().push(format!("{}: {sql}", self.id));
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.log.borrow_mut().push(format!("close {}", self.id));
    }
}

fn run_migrations(log: &EventLog) {
    // Values are dropped at the end of their scope, locals in reverse order: `schema` used to
    // live until the function returned, after `seed` was opened. The inner block ends its
    // scope, and so closes the connection, right after its work. `drop(schema);` works too.
    // Waiting for "later", as a GC or finalizer would, is what broke the one-connection server.
    {
        let schema = Connection::open(1, log);
        schema.execute("CREATE TABLE users (id INT, email TEXT)");
    }

    let seed = Connection::open(2, log);
    seed.execute("INSERT INTO users VALUES (1, 'admin@example.com')");
}

fn main() {
    let log = EventLog::default();
    run_migrations(&log);
    for event in log.borrow().iter() {
        println!("{event}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_connection_is_closed_at_the_end() {
        let log = EventLog::default();
        run_migrations(&log);
        let events = log.borrow();
        let opened = events.iter().filter(|e| e.starts_with("open")).count();
        let closed = events.iter().filter(|e| e.starts_with("close")).count();
        assert_eq!((opened, closed), (2, 2));
    }

    #[test]
    fn first_connection_is_closed_before_the_second_opens() {
        let log = EventLog::default();
        run_migrations(&log);
        assert_eq!(
            *log.borrow(),
            [
                "open 1",
                "1: CREATE TABLE users (id INT, email TEXT)",
                "close 1",
                "open 2",
                "2: INSERT INTO users VALUES (1, 'admin@example.com')",
                "close 2",
            ]
        );
    }
}
