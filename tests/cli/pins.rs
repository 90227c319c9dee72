//! The errors of every compile-fail exercise, pinned: `tests/errors/<chapter>/<name>.stderr`
//! holds the compiler's text for the untouched exercise, as ferry shows it to the learner, and
//! the whole-curriculum `ferry verify` (which compiles every exercise anyway) must give exactly
//! that text. The errors' codes are info.toml's business and verify's; the pin catches the rest:
//! a new note, another span, a help that now gives the fix away, the same code for another reason.
//!
//! What changes from one machine or crate release to the next is taken out first, as trybuild
//! does: line numbers in the gutter and after paths, the registry's folder (`$CARGO/tokio-$VERSION`)
//! and the standard library's (`$RUST`). New or changed exercise:
//! `FERRY_BLESS=1 cargo test --test cli bundled_curriculum_verifies` writes its pin; review it
//! and commit it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::harness::repo;

const PINS: &str = "tests/errors";

/// Every untouched exercise's errors in `report` (a `verify --format json` of the bundled
/// curriculum) are the ones pinned, and every pin belongs to one of them.
pub(crate) fn assert_pinned(report: &Value) {
    let bless = std::env::var_os("FERRY_BLESS").is_some_and(|v| v == "1");
    let actual = pins_of(report);
    assert!(
        actual.len() > 10,
        "too few compile-fail exercises: {actual:?}"
    );
    let wrong = compare(&actual, bless);
    let stale = stale(&actual, bless);
    assert!(
        wrong.is_empty() && stale.is_empty(),
        "{}\n{}pins of no compile-fail exercise: {stale:?}\n\
         If the change is meant: `FERRY_BLESS=1 cargo test --test cli bundled_curriculum_verifies`, review, commit.",
        wrong.join("\n"),
        if wrong.is_empty() { "" } else { "\n" },
    );
}

/// Each exercise's pin (`chapter/name.stderr`) and the text it should hold.
fn pins_of(report: &Value) -> BTreeMap<PathBuf, String> {
    let mut actual = BTreeMap::new();
    for check in report["checks"].as_array().unwrap() {
        let errors = check["actual_errors"].as_array().unwrap();
        if check["kind"] != "exercise" || errors.is_empty() {
            continue;
        }
        let text: Vec<&str> = errors
            .iter()
            .map(|e| e["rendered"].as_str().unwrap().trim_end())
            .collect();
        let pin = match check["chapter"].as_str() {
            Some(chapter) => Path::new(chapter).join(check["exercise"].as_str().unwrap()),
            None => PathBuf::from(check["exercise"].as_str().unwrap()),
        }
        .with_extension("stderr");
        actual.insert(pin, normalize(&text.join("\n\n")) + "\n");
    }
    actual
}

/// The pins that are missing or hold another text (written instead when blessing).
fn compare(actual: &BTreeMap<PathBuf, String>, bless: bool) -> Vec<String> {
    let root = repo().join(PINS);
    let mut wrong = Vec::new();
    for (pin, text) in actual {
        let path = root.join(pin);
        let pinned = std::fs::read_to_string(&path).ok();
        if pinned.as_deref() == Some(text.as_str()) {
            continue;
        }
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
            continue;
        }
        wrong.push(match pinned {
            None => format!(
                "{PINS}/{} is missing; the errors are:\n{text}",
                pin.display()
            ),
            Some(pinned) => format!(
                "{PINS}/{} differs:\n{}",
                pin.display(),
                similar::TextDiff::from_lines(&pinned, text)
                    .unified_diff()
                    .header("pinned", "now")
            ),
        });
    }
    wrong
}

/// Pins of no exercise in `actual` (removed instead when blessing).
fn stale(actual: &BTreeMap<PathBuf, String>, bless: bool) -> Vec<String> {
    let root = repo().join(PINS);
    let mut stale = Vec::new();
    for chapter in std::fs::read_dir(&root).unwrap().flatten() {
        for file in std::fs::read_dir(chapter.path()).unwrap().flatten() {
            let pin = file.path().strip_prefix(&root).unwrap().to_path_buf();
            if !actual.contains_key(&pin) {
                if bless {
                    std::fs::remove_file(file.path()).unwrap();
                } else {
                    stale.push(format!("{PINS}/{}", pin.display()));
                }
            }
        }
    }
    stale
}

/// The rendered errors without what differs between machines and crate releases.
fn normalize(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let rest = line.trim_start();
        let indent = &line[..line.len() - rest.len()];
        let line = match rest.split_at_checked(4) {
            Some((arrow @ ("--> " | "::: "), path)) => format!("{indent}{arrow}{}", place(path)),
            _ => blank_gutter_number(line),
        };
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.trim_end().to_string()
}

/// `12 |` becomes `   |`: the gutter keeps its width, the number goes.
fn blank_gutter_number(line: &str) -> String {
    let digits = line.trim_start();
    let number = digits.len()
        - digits
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    if number > 0 && digits[number..].starts_with(" |") {
        let indent = line.len() - digits.len();
        format!("{}{}", " ".repeat(indent + number), &digits[number..])
    } else {
        line.to_string()
    }
}

/// A `-->` path without its line and column, a crate's source under `$CARGO/NAME-$VERSION`
/// and the standard library's under `$RUST`.
fn place(path: &str) -> String {
    let path = path.trim_end();
    let file = match path.rsplit_once(':').and_then(|(rest, column)| {
        column.parse::<u32>().ok()?;
        let (file, line) = rest.rsplit_once(':')?;
        line.parse::<u32>().ok().map(|_| file)
    }) {
        Some(file) => file,
        None => path,
    };
    if let Some((_, inside)) = file.split_once("/registry/src/") {
        // index.crates.io-HASH/tokio-1.54.1/src/… -> $CARGO/tokio-$VERSION/src/…
        let mut parts = inside.splitn(3, '/');
        let (_index, krate, rest) = (parts.next(), parts.next().unwrap_or(""), parts.next());
        let name = match krate.rsplit_once('-') {
            Some((name, version)) if version.starts_with(|c: char| c.is_ascii_digit()) => name,
            _ => krate,
        };
        return format!("$CARGO/{name}-$VERSION/{}", rest.unwrap_or(""));
    }
    // /rustc/HASH/library/… without rust-src, SYSROOT/lib/rustlib/src/rust/library/… with it.
    match file.split_once("/library/") {
        Some((_, inside)) if file.starts_with('/') => format!("$RUST/{inside}"),
        _ => file.to_string(),
    }
}

#[test]
fn machine_and_release_details_are_taken_out() {
    let rendered = "error[E0382]: borrow of moved value: `name`
 --> exercises/basics/compile_fail.rs:5:16
  |
3 |     let name = String::from(\"ada\");
  |         ---- move occurs
...
12 |     println!(\"{name}\");
   |
note: required by a bound in `tokio::spawn`
   --> /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/tokio-1.54.1/src/task/spawn.rs:176:21
    |
176 |         F: Future + Send + 'static,
   ::: /rustc/0123456789abcdef/library/core/src/iter/traits/collect.rs:3:1
";
    assert_eq!(
        normalize(rendered),
        "error[E0382]: borrow of moved value: `name`
 --> exercises/basics/compile_fail.rs
  |
  |     let name = String::from(\"ada\");
  |         ---- move occurs
...
   |     println!(\"{name}\");
   |
note: required by a bound in `tokio::spawn`
   --> $CARGO/tokio-$VERSION/src/task/spawn.rs
    |
    |         F: Future + Send + 'static,
   ::: $RUST/core/src/iter/traits/collect.rs"
    );
}

#[test]
fn another_text_for_a_pinned_exercise_is_shown_as_a_difference() {
    let pin = Path::new("ownership/move_log_request.stderr");
    let pinned = std::fs::read_to_string(repo().join(PINS).join(pin)).unwrap();
    let changed = pinned.replacen("error[E0382]", "error[E0505]", 1);
    let wrong = compare(&BTreeMap::from([(pin.to_path_buf(), changed)]), false);
    assert_eq!(wrong.len(), 1, "{wrong:?}");
    assert!(wrong[0].contains("tests/errors/ownership/move_log_request.stderr differs"));
    assert!(
        wrong[0].contains("\n-error[E0382]") && wrong[0].contains("\n+error[E0505]"),
        "{}",
        wrong[0]
    );
    let missing = compare(
        &BTreeMap::from([(pin.with_file_name("no_such.stderr"), pinned)]),
        false,
    );
    assert!(
        missing[0].contains("no_such.stderr is missing"),
        "{missing:?}"
    );
    let only_one = BTreeMap::from([(pin.to_path_buf(), String::new())]);
    let others = stale(&only_one, false);
    assert!(
        !others
            .iter()
            .any(|s| s.ends_with("move_log_request.stderr"))
    );
    assert!(
        others.len() > 10,
        "every other pin is of no exercise here: {others:?}"
    );
}
