// shortcut: RefCell: keep `Fn` and count through a RefCell instead of making the closure FnMut
// rejected with: you added `Cell`
// A bulk import reads an uploaded CSV of "email,age" lines and hands every parsed row to a
// callback. `import` stores the valid users and counts the rejected lines.
// It doesn't compile: fix it.

struct User {
    email: String,
    age: u8,
}

fn parse_user(line: &str) -> Option<User> {
    let (email, age) = line.split_once(',')?;
    Some(User {
        email: email.trim().to_string(),
        age: age.trim().parse().ok()?,
    })
}

// Calls `on_row` once per line, in order, with the parsed user (None for a bad line).
fn for_each_row(csv: &str, on_row: &dyn Fn(Option<User>)) {
    for line in csv.lines() {
        on_row(parse_user(line));
    }
}

// Appends the valid users to `db` and returns how many lines were rejected.
fn import(csv: &str, db: &mut Vec<User>) -> usize {
    let rejected = std::cell::Cell::new(0);
    let db = std::cell::RefCell::new(db);
    for_each_row(csv, &|row| match row {
        Some(user) => db.borrow_mut().push(user),
        None => rejected.set(rejected.get() + 1),
    });
    rejected.get()
}

fn main() {
    let mut db = Vec::new();
    let rejected = import(
        "ada@example.com,36\nnot a row\ngrace@example.com,45",
        &mut db,
    );
    for user in &db {
        println!("imported {} ({})", user.email, user.age);
    }
    println!("{rejected} line(s) rejected");
}
