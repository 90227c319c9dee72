//! Snapshots of whole screens as a terminal shows them: the bytes watch wrote, through a vt100
//! emulator of the terminal's size, compared with `snapshots/<name>.txt`.
//!
//! A terminal, not the bytes: a frame one line too long scrolls the header off the top, and
//! only an emulator shows that. `FERRY_BLESS=1 cargo test --lib watch::tests::snapshots`
//! rewrites the files; review them with `git diff`.

use std::io::Write;
use std::path::PathBuf;

use super::{Harness, INFO};
use crate::watch::RawOut;
use crate::watch::state::{DEBOUNCE, Key};

const SIZES: [(u16, u16); 2] = [(80, 24), (140, 50)];

/// The screen's rows, as the terminal shows them (trailing spaces trimmed), all of them.
fn rows(h: &Harness) -> Vec<String> {
    let (width, height) = (h.state.width, h.state.height);
    let mut parser = vt100::Parser::new(
        std::num::NonZeroU16::new(height).unwrap(),
        std::num::NonZeroU16::new(width).unwrap(),
        0,
    );
    let mut raw = Vec::new();
    RawOut(&mut raw).write_all(&h.out).unwrap();
    parser.process(&raw);
    parser
        .screen()
        .rows(0, width)
        .map(|r| r.trim_end().to_string())
        .collect()
}

/// The header on the first two rows and the keys on the last one that has anything: nothing
/// scrolled off.
#[track_caller]
fn in_view(rows: &[String], path: &str) {
    assert!(rows[0].starts_with("ferry "), "{rows:#?}");
    assert_eq!(rows[1], path, "{rows:#?}");
    let last = rows.iter().rposition(|r| !r.is_empty()).unwrap();
    assert!(
        ["quit", "back", "the exercise"]
            .iter()
            .any(|k| rows[last].contains(k)),
        "the keys are not last: {rows:#?}"
    );
}

#[track_caller]
fn snapshot(name: &str, h: &Harness) {
    snapshot_of(name, h, rows(h));
}

#[track_caller]
fn snapshot_of(name: &str, h: &Harness, rows: Vec<String>) {
    let text = format!(
        "{}x{}\n{}\n",
        h.state.width,
        h.state.height,
        rows.iter()
            .map(|r| format!("│{r}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src/watch/tests/snapshots")
        .join(format!("{name}.{}x{}.txt", h.state.width, h.state.height));
    if std::env::var_os("FERRY_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    if stored != text {
        let diff = similar::TextDiff::from_lines(&stored, &text)
            .unified_diff()
            .header("stored", "now")
            .to_string();
        panic!(
            "the screen {name} changed ({}); FERRY_BLESS=1 rewrites it:\n{diff}",
            path.display()
        );
    }
}

fn at(width: u16, height: u16) -> Harness {
    Harness::of(INFO, false, &[], width, height)
}

fn fix(h: &mut Harness, name: &str, text: &str) {
    h.save(name, text);
    h.wait(DEBOUNCE);
    h.settle();
}

/// Eight errors: more output than 24 rows hold.
fn eight_errors() -> String {
    let mut text = String::from("fn main() {\n");
    for i in 0..8 {
        text.push_str(&format!("    BROKEN {i}\n"));
    }
    text.push_str("}\n");
    text
}

#[test]
fn long_output_keeps_the_header_and_the_verdict_in_view() {
    for (width, height) in SIZES {
        let mut h = at(width, height);
        fix(&mut h, "first", &eight_errors());
        let rows = rows(&h);
        in_view(&rows, "exercises/ownership/first.rs");
        assert!(
            rows.iter()
                .any(|r| r.contains("✗ ownership/first does not compile yet")),
            "{rows:#?}"
        );
        assert!(
            rows.iter().any(|r| r.contains("and 5 more errors")),
            "{rows:#?}"
        );
        snapshot("long_output", &h);
    }
}

#[test]
fn the_output_scrolls_between_the_header_and_the_verdict() {
    let mut h = at(80, 24);
    fix(&mut h, "first", &eight_errors());
    assert!(rows(&h).iter().any(|r| r.contains("more lines · ↓/PgDn")));
    h.press(Key::PageDown);
    let shown = rows(&h);
    in_view(&shown, "exercises/ownership/first.rs");
    assert!(shown[2].contains("↑ "), "{shown:#?}");
    snapshot("long_output_page_down", &h);
    // Line by line, and back to the top.
    let offset = h.state.scroll.offset;
    h.press(Key::Down);
    assert_eq!(h.state.scroll.offset, offset + 1);
    h.press(Key::WheelUp);
    assert_eq!(h.state.scroll.offset, offset - 2);
    h.press(Key::Home);
    assert_eq!(h.state.scroll.offset, 0);
    h.press(Key::End);
    let rows = rows(&h);
    assert!(!rows.iter().any(|r| r.contains("↓ ")), "{rows:#?}");
    assert!(rows[2].contains("↑ "), "{rows:#?}");
    // Past the end stays at the end.
    let end = h.state.scroll.offset;
    h.press(Key::PageDown);
    assert_eq!(h.state.scroll.offset, end);
}

#[test]
fn a_failing_test_and_a_hint_fit_at_80x24() {
    for (width, height) in SIZES {
        let mut h = at(width, height);
        fix(&mut h, "first", "fn main() {}\n");
        h.key('n');
        h.key('h');
        let rows = rows(&h);
        in_view(&rows, "exercises/ownership/second.rs");
        assert!(rows.iter().any(|r| r.contains("hint 1 of 1")), "{rows:#?}");
        assert!(
            rows.iter().any(|r| r.contains("1 test of 1 failed")),
            "{rows:#?}"
        );
        snapshot("test_failure_with_hint", &h);
    }
}

#[test]
fn a_card_scrolls_over_the_verdict() {
    for (width, height) in SIZES {
        let mut h = at(width, height);
        h.key('e');
        let rows = rows(&h);
        in_view(&rows, "exercises/ownership/first.rs");
        assert!(
            rows.iter()
                .any(|r| r.contains("E0382 (line 2): the error this exercise is about")),
            "{rows:#?}"
        );
        snapshot("card", &h);
    }
}

#[test]
fn the_list_and_the_journey() {
    for (width, height) in SIZES {
        let mut h = at(width, height);
        h.key('l');
        in_view(&rows(&h), "exercises/ownership/first.rs");
        snapshot("list", &h);

        let mut h = Harness::build(false, &["second", "guess"]);
        h.send(crate::watch::state::Event::Resize { width, height });
        fix(&mut h, "first", "fn main() {}\n");
        h.key('n');
        in_view(&rows(&h), "exercises/ownership/first.rs");
        // The clock's seconds are the test's, not the snapshot's.
        let shown = rows(&h)
            .into_iter()
            .map(|r| match r.split_once(" s spent") {
                Some((_, rest)) => format!("  N s spent{rest}"),
                None => r,
            })
            .collect();
        snapshot_of("journey", &h, shown);
    }
}

#[test]
fn every_key_bar_fits_80_columns() {
    let mut h = at(80, 24);
    let last = |h: &Harness| {
        let rows = rows(h);
        let i = rows.iter().rposition(|r| !r.is_empty()).unwrap();
        (i, rows[i].clone())
    };
    fix(&mut h, "first", &eight_errors());
    assert_eq!(
        last(&h).0,
        23,
        "a full screen ends with the keys on the last row"
    );
    let (_, keys) = last(&h);
    assert!(
        keys.contains("q quit") && keys.contains("e explain"),
        "{keys}"
    );
    for key in ['e', 'l', 'c'] {
        h.key(key);
        let (_, keys) = last(&h);
        assert!(keys.chars().count() <= 80, "{keys}");
        h.press(Key::Esc);
    }
}

#[test]
fn a_hint_opened_under_long_output_is_brought_into_view() {
    let mut h = at(80, 24);
    fix(&mut h, "first", &eight_errors());
    h.key('h');
    let shown = rows(&h);
    in_view(&shown, "exercises/ownership/first.rs");
    assert!(
        shown.iter().any(|r| r.contains("hint 1 of 2: level one")),
        "{shown:#?}"
    );
    snapshot("hint_under_long_output", &h);
    // Scrolling back up leaves it; the next level comes into view again.
    h.press(Key::Home);
    assert!(!rows(&h).iter().any(|r| r.contains("hint 1 of 2")));
    h.key('h');
    assert!(
        rows(&h)
            .iter()
            .any(|r| r.contains("hint 2 of 2: level two"))
    );
}

/// The first screen of a new learner: the welcome, the chapter's introduction (the bundled
/// ownership README) and the verdict, with the file to open in the header.
#[test]
fn the_first_screen_introduces_the_chapter_under_the_welcome() {
    let welcome = crate::bundled::curriculum()
        .welcome_message
        .expect("the bundled curriculum has a welcome");
    let info = format!(
        "format_version = 1\nwelcome_message = {welcome:?}\n{}",
        super::TWO_CHAPTERS.trim_start_matches("format_version = 1\n")
    );
    let readme = |root: &std::path::Path| {
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for chapter in ["ownership", "borrowing"] {
            std::fs::copy(
                repo.join("exercises").join(chapter).join("README.md"),
                root.join("exercises").join(chapter).join("README.md"),
            )
            .unwrap();
        }
    };
    for (width, height) in SIZES {
        let mut h = Harness::with_files(&info, &[], width, height, readme, false);
        let shown = rows(&h);
        in_view(&shown, "exercises/ownership/first.rs");
        assert!(
            shown.iter().any(|r| r.contains("Welcome to ferry!")),
            "{shown:#?}"
        );
        assert!(shown.iter().any(|r| r == "Ownership"), "{shown:#?}");
        snapshot("first_screen", &h);
        // Scrolled to the JVM part.
        h.press(Key::End);
        let shown = rows(&h);
        assert!(
            shown.iter().any(|r| r.contains("Why Rust asks for more")),
            "{shown:#?}"
        );
        snapshot("chapter_introduction_end", &h);
    }
}

#[test]
fn a_long_check_marks_the_last_verdict_as_old() {
    for (width, height) in SIZES {
        let mut h = at(width, height);
        // The watcher saw ferry's probe: no warning about it.
        let probe = h
            .root()
            .join(".ferry")
            .join(crate::watch::state::PROBE_FILE);
        h.send(crate::watch::state::Event::FileChanged(probe));
        h.save("first", "fn main() {\n    BROKEN again\n}\n");
        h.wait(DEBOUNCE);
        h.wait(std::time::Duration::from_secs(15));
        let shown = rows(&h);
        in_view(&shown, "exercises/ownership/first.rs");
        assert!(shown[2].contains("from the last check"), "{shown:#?}");
        snapshot("checking_over_the_last_verdict", &h);
        h.settle();
    }
}

#[test]
fn finishing_a_predict_exercise_leaves_no_stale_line() {
    for (width, height) in SIZES {
        let mut h = at(width, height);
        h.key('l');
        h.press(Key::Down);
        h.press(Key::Down);
        h.press(Key::Enter);
        fix(
            &mut h,
            "guess",
            "// ANSWER: E0382 line 3\nfn main() {\n    BROKEN\n}\n",
        );
        h.key('n');
        fix(&mut h, "guess", "// ANSWER: E0382 line 3\nfn main() {}\n");
        let shown = rows(&h);
        in_view(&shown, "exercises/ownership/guess.rs");
        assert!(
            !shown
                .iter()
                .any(|r| r.contains("you predicted") || r.contains("n moves on")),
            "{shown:#?}"
        );
        snapshot("predict_done", &h);
    }
}

/// The done panel of a bundled exercise, finished with its reference solution: the
/// solution's own explanation, without opening the file.
#[test]
fn the_done_panel_explains_the_reference_solution() {
    let info = "format_version = 1\n\n[[exercises]]\nname = \"move_log_request\"\ndir = \"ownership\"\nerrors = [\"E0382\"]\ntest = true\nhint = \"borrow\"\n";
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let file = "ownership/move_log_request.rs";
    let files = |root: &std::path::Path| {
        for top in ["exercises", "solutions"] {
            let to = root.join(top).join(file);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(repo.join(top).join(file), to).unwrap();
        }
    };
    let solution = std::fs::read_to_string(repo.join("solutions").join(file)).unwrap();
    for (width, height) in SIZES {
        let mut h = Harness::with_files(info, &[], width, height, files, false);
        h.key(' ');
        fix(&mut h, "move_log_request", &solution);
        let shown = rows(&h);
        in_view(&shown, "exercises/ownership/move_log_request.rs");
        assert!(
            shown
                .iter()
                .any(|r| r.contains("What the reference solution does, and why:")),
            "{shown:#?}"
        );
        assert!(
            shown
                .iter()
                .any(|r| r.contains("Logging only needs to read the request")),
            "{shown:#?}"
        );
        snapshot("done_panel", &h);
    }
}

#[test]
fn a_deadlock_keeps_its_verdict_in_view() {
    for (width, height) in SIZES {
        let mut h = at(width, height);
        fix(&mut h, "first", "fn main() {}\n");
        h.key('n');
        fix(&mut h, "second", "fn main() {}\n// DEADLOCK\n");
        let shown = rows(&h);
        in_view(&shown, "exercises/ownership/second.rs");
        assert!(shown.iter().any(|r| r.contains("deadlock")), "{shown:#?}");
        snapshot("deadlock", &h);
    }
}
