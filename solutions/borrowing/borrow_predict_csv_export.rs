// Predict first: an admin endpoint exports users as CSV into any writer (a file, a socket, a Vec).
// Before changing any code, read it and predict the compiler's error: its code, and the line
// rustc points at. Write both on the ANSWER line below and save; ferry then shows the real
// error and grades your prediction. Then fix the code.
// ANSWER: E0382 line 24

use std::io::{self, Write};

struct User {
    id: u32,
    email: String,
}

// Like std's own I/O helpers, this takes any writer by value. A `&mut` to a writer is a
// writer too, so callers can pass one and keep their writer.
fn write_row<W: Write>(mut out: W, user: &User) -> io::Result<()> {
    writeln!(out, "{},{}", user.id, user.email)
}

// Writes a header and one row per user; returns how many rows it wrote.
fn export_csv<W: Write>(out: &mut W, users: &[User]) -> io::Result<usize> {
    writeln!(out, "id,email")?;
    for user in users {
        // `out` is a `&mut W`, and a `&mut` is not `Copy`: there may only be one usable at a
        // time. Passed where a `&mut` type is expected, Rust reborrows it for the call
        // (`&mut *out`) and `out` works again afterwards; that's why `writeln!(out, ..)` above
        // is fine. But `write_row` takes any `W`, so `W` becomes `&mut W` and `out` itself is
        // moved in the first iteration: E0382 on line 24, not a borrow error. Reborrowing by
        // hand lends `write_row` the writer for one call. (Changing `write_row` to take
        // `out: &mut W` works too.) No need for `Rc<RefCell<_>>` or a cloned buffer.
        write_row(&mut *out, user)?;
    }
    Ok(users.len())
}

fn main() -> io::Result<()> {
    let users = [User {
        id: 1,
        email: "ada@example.com".to_string(),
    }];
    let mut stdout = io::stdout();
    let rows = export_csv(&mut stdout, &users)?;
    writeln!(stdout, "({rows} rows)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn users() -> Vec<User> {
        vec![
            User {
                id: 1,
                email: "ada@example.com".to_string(),
            },
            User {
                id: 2,
                email: "grace@example.com".to_string(),
            },
        ]
    }

    #[test]
    fn writes_a_header_and_a_row_per_user() {
        let mut buffer = Vec::new();
        assert_eq!(export_csv(&mut buffer, &users()).unwrap(), 2);
        assert_eq!(
            String::from_utf8(buffer).unwrap(),
            "id,email\n1,ada@example.com\n2,grace@example.com\n"
        );
    }

    #[test]
    fn the_caller_keeps_its_writer() {
        let mut buffer = Vec::new();
        export_csv(&mut buffer, &users()[..1]).unwrap();
        writeln!(buffer, "# end of export").unwrap();
        assert_eq!(
            String::from_utf8(buffer).unwrap(),
            "id,email\n1,ada@example.com\n# end of export\n"
        );
    }
}
