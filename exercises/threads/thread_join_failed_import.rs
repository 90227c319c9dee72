// A nightly job imports the day's order files in parallel, one thread per file. A corrupt file
// must not sink the whole import: it goes on the report, and the other files still count.
// A test fails: fix `import_all`.

use std::thread;

#[derive(Debug, Default, PartialEq)]
struct Report {
    // Each imported file, with how many orders it held.
    imported: Vec<(String, usize)>,
    // The files that could not be parsed.
    failed: Vec<String>,
}

// The vendor's parser: one order total (in cents) per line. It isn't yours to change, and it
// panics on a malformed line.
fn parse_orders(body: &str) -> Vec<u64> {
    body.lines()
        .map(|line| line.trim().parse().expect("malformed order line"))
        .collect()
}

// Imports every (file name, content) pair, each on its own thread.
fn import_all(files: Vec<(String, String)>) -> Report {
    let mut workers = Vec::new();
    for (name, body) in files {
        workers.push((name, thread::spawn(move || parse_orders(&body))));
    }
    let mut report = Report::default();
    for (name, worker) in workers {
        let orders = worker.join().unwrap();
        report.imported.push((name, orders.len()));
    }
    report
}

fn main() {
    let files = vec![("orders-eu.csv".to_string(), "1999\n500".to_string())];
    let report = import_all(files);
    println!("imported {:?}, failed {:?}", report.imported, report.failed);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, body: &str) -> (String, String) {
        (name.to_string(), body.to_string())
    }

    #[test]
    fn imports_every_good_file() {
        let report = import_all(vec![
            file("orders-eu.csv", "1999\n500"),
            file("orders-us.csv", "4200"),
        ]);
        assert_eq!(
            report.imported,
            [
                ("orders-eu.csv".to_string(), 2),
                ("orders-us.csv".to_string(), 1)
            ]
        );
        assert!(report.failed.is_empty());
    }

    #[test]
    fn a_corrupt_file_is_reported_and_the_rest_still_imported() {
        let report = import_all(vec![
            file("orders-eu.csv", "1999\n500"),
            file("orders-apac.csv", "1999\n<html>502 Bad Gateway</html>"),
            file("orders-us.csv", "4200"),
        ]);
        assert_eq!(
            report,
            Report {
                imported: vec![
                    ("orders-eu.csv".to_string(), 2),
                    ("orders-us.csv".to_string(), 1)
                ],
                failed: vec!["orders-apac.csv".to_string()],
            }
        );
    }
}
