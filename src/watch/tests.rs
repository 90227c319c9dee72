//! The watch loop without a terminal: events in, bytes out, a fake runner and a fake clock.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use super::state::{DEBOUNCE, Event, Key, PROBE_FILE, PROBE_WAIT, WatchState};
use super::{Driver, Flow};
use crate::config::Config;
use crate::render::screen::CLEAR;
use crate::runner::Runner;
use crate::runner::fake::FakeRunner;
use crate::session::Session;

mod snapshots;

const INFO: &str = r#"format_version = 1
final_message = "You made it across."

[[exercises]]
name = "first"
dir = "ownership"
errors = ["E0382"]
test = false
hint = ["level one", "level two"]

[[exercises]]
name = "second"
dir = "ownership"
test = true
hint = "only level"

[[exercises]]
name = "guess"
dir = "ownership"
errors = ["E0382"]
test = false
predict = { code = "E0382", line = 3 }
hint = "predict it"
"#;

/// A curriculum folder with `info` and the exercise files of [`INFO`]'s exercises.
fn workspace(info: &str) -> tempfile::TempDir {
    // A space and a non-ASCII letter, as learners' folders have.
    let dir = tempfile::Builder::new()
        .prefix("werkstatt ü ")
        .tempdir()
        .unwrap();
    let root = dir.path();
    std::fs::write(root.join("info.toml"), info).unwrap();
    let write = |name: &str, text: &str| {
        let path = root.join("exercises/ownership").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("first.rs", "fn main() {\n    BROKEN\n}\n");
    write("second.rs", "fn main() {}\n// FAILTEST\n");
    write(
        "guess.rs",
        "// ANSWER: E____ line __\nfn main() {\n    BROKEN\n}\n",
    );
    write("../borrowing/lend.rs", "fn main() {\n    BROKEN\n}\n");
    dir
}

/// [`INFO`] and a second chapter.
const TWO_CHAPTERS: &str = concat!(
    r#"format_version = 1
final_message = "You made it across."
"#,
    r#"
[[exercises]]
name = "first"
dir = "ownership"
errors = ["E0382"]
test = false
hint = ["level one", "level two"]

[[exercises]]
name = "lend"
dir = "borrowing"
errors = ["E0382"]
test = false
hint = "lend it"
"#
);

const OWNERSHIP_README: &str = "# Ownership

Every value has exactly one owner. When the owner goes out of scope,
the value is dropped.

This chapter covers:

- **Moves.** Assigning a value moves it.

## Coming from Kotlin/Scala

- **On the JVM, the GC keeps every object alive** as long as anything
  points to it.
";

const BORROWING_README: &str = "# Borrowing

Most code doesn't need to own a value, only to use it for a while.

## What the checker checks

One writer or many readers.

## Coming from Kotlin/Scala

- Kotlin lets two references change one list.
";

/// Chapter READMEs in the curriculum at `root`.
fn readmes(root: &Path) {
    std::fs::write(root.join("exercises/ownership/README.md"), OWNERSHIP_README).unwrap();
    std::fs::write(root.join("exercises/borrowing/README.md"), BORROWING_README).unwrap();
}

fn config_in(root: &Path, hyperlinks: bool) -> Config {
    Config {
        cwd: root.to_path_buf(),
        color: false,
        terminal: true,
        hyperlinks,
        jobs: 2,
        width: 80,
        no_log: false,
    }
}

struct Harness {
    dir: tempfile::TempDir,
    state: WatchState,
    runner: Arc<FakeRunner>,
    driver: Driver,
    /// Where the driver's check threads send their results: the harness decides when the
    /// state machine hears of them.
    rx: Receiver<Event>,
    out: Vec<u8>,
    now: Instant,
    quit: bool,
}

impl Harness {
    fn new() -> Harness {
        Harness::with(false)
    }

    fn with(manual: bool) -> Harness {
        Harness::build(manual, &[])
    }

    /// A harness whose learner already finished `done`.
    fn build(manual: bool, done: &[&str]) -> Harness {
        Harness::of(INFO, manual, done, 120, 40)
    }

    /// The curriculum `info` at this terminal size, its learner having finished `done`.
    fn of(info: &str, manual: bool, done: &[&str], width: u16, height: u16) -> Harness {
        Harness::with_files(info, done, width, height, |_| {}, manual)
    }

    /// Like [`Harness::of`], with `files` adding to the curriculum folder first.
    fn with_files(
        info: &str,
        done: &[&str],
        width: u16,
        height: u16,
        files: impl FnOnce(&Path),
        manual: bool,
    ) -> Harness {
        let dir = workspace(info);
        files(dir.path());
        if !done.is_empty() {
            let state = crate::state::StateDir::new(dir.path());
            state
                .update(|p| p.done.extend(done.iter().map(|d| d.to_string())))
                .unwrap();
        }
        Harness::open(dir, manual, width, height, |s| s)
    }

    /// Watch on the curriculum in `dir`, as `ferry watch` starts it.
    fn open(
        dir: tempfile::TempDir,
        manual: bool,
        width: u16,
        height: u16,
        setup: impl FnOnce(WatchState) -> WatchState,
    ) -> Harness {
        let config = config_in(dir.path(), false);
        let session = Session::open(&config, true).unwrap();
        let originals = session.originals();
        let state_dir = session.state.path.clone();
        let state = setup(WatchState::new(session, manual, width, height));
        let runner = Arc::new(FakeRunner::default());
        let (tx, rx) = mpsc::channel();
        let driver = Driver::new(
            Arc::clone(&runner) as Arc<dyn Runner + Send + Sync>,
            Arc::new(AtomicBool::new(false)),
            tx,
            &state_dir,
            originals,
            &config,
        );
        let mut harness = Harness {
            state,
            dir,
            runner,
            driver,
            rx,
            out: Vec::new(),
            now: Instant::now(),
            quit: false,
        };
        let flow = harness
            .driver
            .start(&mut harness.state, harness.now, &mut harness.out)
            .unwrap();
        harness.quit = flow == Flow::Quit;
        harness.settle();
        harness
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.root()
            .join("exercises/ownership")
            .join(format!("{name}.rs"))
    }

    fn send(&mut self, event: Event) {
        let flow = self
            .driver
            .step(&mut self.state, event, self.now, &mut self.out)
            .unwrap();
        self.quit |= flow == Flow::Quit;
    }

    fn key(&mut self, c: char) {
        self.send(Event::Key(Key::Char(c)));
        self.settle();
    }

    /// Checks under way (started, their result not yet handled).
    fn running(&self) -> usize {
        self.driver.running
    }

    /// Hands the state machine the next result a check thread sent.
    fn finish_one(&mut self) {
        let event = self
            .rx
            .recv_timeout(Duration::from_secs(60))
            .expect("a check under way reports");
        self.send(event);
    }

    /// Lets every check under way report, and those they lead to, until none is left.
    fn settle(&mut self) {
        while self.running() > 0 {
            self.finish_one();
        }
    }

    /// Saves the current exercise's file the way vim and JetBrains do: a temporary file
    /// renamed over it, with a swap file event on the side.
    fn save(&mut self, name: &str, text: &str) {
        let path = self.path(name);
        let tmp = path.with_extension("rs.tmp~");
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
        self.send(Event::FileChanged(tmp));
        self.send(Event::FileChanged(
            path.with_file_name(format!(".{name}.rs.swp")),
        ));
        self.send(Event::FileChanged(path));
    }

    fn wait(&mut self, duration: Duration) {
        self.now += duration;
        if self.state.deadline().is_some_and(|d| d <= self.now) {
            self.send(Event::Tick);
        }
    }

    fn compiles(&self) -> usize {
        self.runner.compiles()
    }

    /// The last frame drawn.
    fn screen(&self) -> String {
        let text = String::from_utf8_lossy(&self.out);
        text.rsplit(CLEAR).next().unwrap_or_default().to_string()
    }

    #[track_caller]
    fn shows(&self, text: &str) {
        let screen = self.screen();
        assert!(screen.contains(text), "screen lacks {text:?}:\n{screen}");
    }

    #[track_caller]
    fn lacks(&self, text: &str) {
        let screen = self.screen();
        assert!(!screen.contains(text), "screen has {text:?}:\n{screen}");
    }
}

#[test]
fn starts_by_checking_the_current_exercise() {
    let h = Harness::new();
    assert_eq!(h.compiles(), 1);
    h.shows("exercises/ownership/first.rs");
    h.shows("0/3 done");
    h.shows("RENDERED E0382");
    h.shows("E0382 (line 2): the error this exercise is about");
    h.shows("n: next");
}

#[test]
fn a_burst_of_saves_is_one_check_of_the_last_content() {
    let mut h = Harness::new();
    for i in 0..19 {
        h.save("first", &format!("fn main() {{\n    BROKEN {i}\n}}\n"));
        h.wait(Duration::from_millis(1));
    }
    h.save("first", "fn main() {}\n");
    h.wait(DEBOUNCE);
    h.settle();
    assert_eq!(h.compiles(), 2, "the first check and one for the burst");
    h.shows("ownership/first is done");
}

#[test]
fn a_save_during_a_check_is_checked_right_after_it() {
    let mut h = Harness::new();
    h.save("first", "fn main() {\n    BROKEN again\n}\n");
    h.wait(DEBOUNCE);
    assert_eq!(h.running(), 1, "a check is running");
    h.shows("checking…");
    // Saves land while it runs: no second check yet...
    h.save("first", "fn main() {}\n");
    h.wait(DEBOUNCE);
    assert_eq!(h.running(), 1);
    // ...but one right after the running check reports.
    h.settle();
    assert_eq!(h.compiles(), 3);
    h.shows("ownership/first is done");
}

#[test]
fn an_unchanged_save_and_other_files_do_not_recheck() {
    let mut h = Harness::new();
    let same = std::fs::read_to_string(h.path("first")).unwrap();
    h.save("first", &same);
    h.wait(DEBOUNCE);
    let other = h.path("second");
    h.send(Event::FileChanged(other));
    h.send(Event::FileChanged(h.path("first").with_extension("rs~")));
    h.wait(DEBOUNCE);
    h.settle();
    assert_eq!(h.compiles(), 1);
    h.key('r');
    assert_eq!(h.compiles(), 2, "r re-checks even when nothing changed");
}

#[test]
fn n_moves_on_only_when_done_and_never_by_itself() {
    let mut h = Harness::new();
    h.key('n');
    h.shows("n moves on once this exercise is done");
    h.shows("exercises/ownership/first.rs");
    h.save("first", "fn main() {}\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.shows("ownership/first is done");
    h.shows("exercises/ownership/first.rs");
    h.key('n');
    h.shows("exercises/ownership/second.rs");
    h.shows("1/3 done");
    h.shows("1 test of 1 failed");
    h.shows("expected 2");
    let (progress, _) = crate::state::StateDir::new(h.root()).load();
    assert_eq!(progress.current.as_deref(), Some("second"));
    assert!(progress.is_done("first"));
}

#[test]
fn hints_open_one_level_per_press_and_are_remembered() {
    let mut h = Harness::new();
    h.lacks("hint 1 of 2");
    h.key('h');
    h.shows("hint 1 of 2: level one");
    h.lacks("hint 2 of 2");
    h.key('h');
    h.shows("hint 2 of 2: level two");
    h.shows("that is the last hint");
    h.key('h');
    h.shows("hint 2 of 2: level two");
    let (progress, _) = crate::state::StateDir::new(h.root()).load();
    assert_eq!(progress.hints_shown.get("first"), Some(&2));
}

#[test]
fn e_opens_the_card_of_the_current_error_and_any_key_closes_it() {
    let mut h = Harness::new();
    h.key('e');
    h.shows("E0382: use of a moved value");
    h.shows("What would go wrong");
    h.shows("Coming from Kotlin/Scala");
    h.shows("any other key: back");
    h.key('z');
    h.shows("E0382 (line 2): the error this exercise is about");
    let (progress, _) = crate::state::StateDir::new(h.root()).load();
    assert!(progress.cards_seen.contains("E0382"));
}

#[test]
fn e_picks_the_card_for_the_situation_the_compiler_describes() {
    let mut h = Harness::new();
    h.save("first", "fn main() {\n    NOTSEND\n}\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.key('e');
    h.shows("E0277: a value that is not Send would cross to another thread");
    h.lacks("trait bound not satisfied");
    let (progress, _) = crate::state::StateDir::new(h.root()).load();
    assert!(progress.cards_seen.contains("E0277"));
}

#[test]
fn e_on_a_clippy_remark_shows_clippys_explanation_of_the_lint() {
    let mut h = Harness::new();
    h.save("first", "fn main() {\n    LINT\n}\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.shows("clippy::await_holding_lock");
    h.key('e');
    h.shows("clippy::await_holding_lock: clippy's explanation (ferry has no card)");
    h.shows("rustc says things about clippy::await_holding_lock");
}

#[test]
fn e_explains_a_codeless_error_with_its_card() {
    let mut h = Harness::new();
    h.save("first", "fn main() {\n    LIFETIME\n}\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.key('e');
    h.shows("lifetime may not live long enough");
    h.shows("What would go wrong");
}

#[test]
fn the_list_moves_filters_and_jumps() {
    let mut h = Harness::new();
    h.key('l');
    h.shows("▶ pending  ownership/first   exercises/ownership/first.rs  ← current");
    h.send(Event::Key(Key::Down));
    h.shows("▶ pending  ownership/second  exercises/ownership/second.rs");
    h.key('d');
    h.shows("(no exercises match)");
    h.key('a');
    h.send(Event::Key(Key::Enter));
    h.settle();
    h.shows("exercises/ownership/second.rs");
    assert_eq!(h.compiles(), 2);
}

impl Harness {
    fn press(&mut self, key: Key) {
        self.send(Event::Key(key));
        self.settle();
    }

    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(c);
        }
    }

    /// The rows of the list on screen (lines with a state), trimmed.
    fn list_rows(&self) -> Vec<String> {
        self.screen()
            .lines()
            .filter(|l| l.contains("pending  ") || l.contains("done     "))
            .map(|l| l.trim_end().to_string())
            .collect()
    }
}

#[test]
fn slash_searches_the_list_by_name_or_chapter_and_enter_keeps_the_search() {
    let mut h = Harness::new();
    h.key('l');
    assert_eq!(h.list_rows().len(), 3);
    h.key('/');
    h.shows("showing: all · search: ▏");
    h.shows("type to search names and chapters");
    // Letters that are keys elsewhere in the list (r: reset, q and l: leave) are text here,
    // and case does not matter.
    h.type_text("Sec");
    h.shows("search: Sec▏");
    let rows = h.list_rows();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        rows[0].starts_with("▶ pending  ownership/second"),
        "{rows:?}"
    );
    h.press(Key::Backspace);
    h.press(Key::Backspace);
    h.key('u');
    // "su" matches nothing: the cursor has nowhere to be.
    h.shows("(no exercises match)");
    h.press(Key::Backspace);
    h.press(Key::Backspace);
    h.type_text("ownERship");
    assert_eq!(h.list_rows().len(), 3, "the chapter matches every row");
    h.press(Key::Esc);
    h.shows("showing: all\n");
    assert_eq!(h.list_rows().len(), 3);

    h.key('/');
    h.type_text("gue");
    h.press(Key::Enter);
    h.shows("showing: all · search: gue\n");
    h.shows("enter: go to · /: search");
    assert_eq!(h.list_rows().len(), 1);
    // The search stays while moving; enter now goes to the row found.
    h.press(Key::Down);
    h.press(Key::Enter);
    h.shows("exercises/ownership/guess.rs");
    h.lacks("showing:");
    assert_eq!(h.state.current_exercise().name, "guess");
}

#[test]
fn esc_clears_a_search_before_it_leaves_the_list() {
    let mut h = Harness::new();
    h.key('l');
    h.key('/');
    h.type_text("first");
    h.press(Key::Enter);
    assert_eq!(h.list_rows().len(), 1);
    // The state filter and the search narrow together.
    h.key('d');
    h.shows("showing: done · search: first");
    h.shows("(no exercises match)");
    h.key('a');
    h.press(Key::Esc);
    h.shows("showing: all\n");
    assert_eq!(h.list_rows().len(), 3);
    h.press(Key::Esc);
    h.lacks("showing:");
}

#[test]
fn a_narrow_list_shows_the_path_alone_and_cuts_it_at_the_start() {
    let mut h = Harness::new();
    h.send(Event::Resize {
        width: 80,
        height: 24,
    });
    h.key('l');
    // At 80 columns both columns fit this curriculum's short names.
    h.shows("▶ pending  ownership/first   exercises/ownership/first.rs  ← current");
    // Not both: the path alone, which holds the label.
    h.send(Event::Resize {
        width: 52,
        height: 24,
    });
    let rows = h.list_rows();
    assert_eq!(
        rows,
        [
            "▶ pending  exercises/ownership/first.rs  ← current",
            "  pending  exercises/ownership/second.rs",
            "  pending  exercises/ownership/guess.rs",
        ]
    );
    h.send(Event::Resize {
        width: 30,
        height: 24,
    });
    let rows = h.list_rows();
    for row in &rows {
        assert!(row.chars().count() <= 30, "{row:?} is wider than 30");
    }
    assert_eq!(rows[1], "  pending  …wnership/second.rs");
    assert!(rows[0].ends_with("…irst.rs  ← current"), "{rows:?}");
}

/// The root in a `file://` URL, as ferry writes it.
fn url_of(root: &Path, relative: &str) -> String {
    crate::render::link::file_url(&root.join(relative))
}

#[test]
fn with_hyperlinks_the_header_and_the_list_link_to_their_files() {
    let mut h = Harness::open(workspace(INFO), true, 120, 40, |s| s.hyperlinks(true));
    let root = h.root().to_path_buf();
    let first = url_of(&root, "exercises/ownership/first.rs");
    assert!(first.contains("%20%C3%BC%20"), "{first}");
    let screen = String::from_utf8_lossy(&h.out).to_string();
    assert!(
        screen.contains(&format!(
            "\x1b]8;;{first}\x1b\\exercises/ownership/first.rs\x1b]8;;\x1b\\"
        )),
        "the header links the exercise: {screen:?}"
    );
    h.key('l');
    let screen = h.screen();
    let second = url_of(&root, "exercises/ownership/second.rs");
    assert!(
        screen.contains(&format!(
            "ownership/second  \x1b]8;;{second}\x1b\\exercises/ownership/second.rs\x1b]8;;\x1b\\"
        )),
        "the list's path column links each file: {screen:?}"
    );
}

#[test]
fn without_hyperlinks_no_osc_8_is_written() {
    let mut h = Harness::new();
    h.key('l');
    assert!(!String::from_utf8_lossy(&h.out).contains("\x1b]8;"));
}

#[test]
fn the_list_alone_jumps_by_choosing_the_current_exercise_and_quits() {
    let mut h = Harness::open(workspace(INFO), false, 120, 40, WatchState::list_only);
    assert_eq!(h.running(), 0);
    h.press(Key::Down);
    assert!(!h.quit);
    h.press(Key::Enter);
    assert!(h.quit);
    assert_eq!(h.compiles(), 0);
    let (progress, _) = crate::state::StateDir::new(h.root()).load();
    assert_eq!(progress.current.as_deref(), Some("second"));
}

#[test]
fn reset_asks_first_and_keeps_a_backup() {
    let mut h = Harness::new();
    let untouched = std::fs::read_to_string(h.path("first")).unwrap();
    h.save("first", "fn main() {} // my work\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.key('x');
    h.shows("Reset exercises/ownership/first.rs to its untouched state?");
    h.key('n');
    h.shows("reset cancelled");
    assert!(
        std::fs::read_to_string(h.path("first"))
            .unwrap()
            .contains("my work")
    );
    h.key('x');
    h.key('y');
    assert_eq!(std::fs::read_to_string(h.path("first")).unwrap(), untouched);
    h.shows("your version is saved as");
    let backups: Vec<_> = std::fs::read_dir(h.root().join(".ferry/backups"))
        .unwrap()
        .collect();
    assert_eq!(backups.len(), 1);
    h.shows("E0382 (line 2): the error this exercise is about");
}

#[test]
fn check_all_summarises_every_exercise() {
    let mut h = Harness::new();
    std::fs::write(h.path("second"), "fn main() {}\n").unwrap();
    h.send(Event::Key(Key::Char('c')));
    h.shows("checking every exercise");
    h.settle();
    h.shows("✗ ownership/first");
    h.shows("✓ ownership/second");
    h.shows("1 of 3 exercises are done");
    h.key('z');
    h.shows("1/3 done");
}

#[test]
fn q_and_ctrl_c_quit() {
    let mut h = Harness::new();
    h.key('q');
    assert!(h.quit);
    let mut h = Harness::new();
    h.send(Event::Key(Key::CtrlC));
    h.settle();
    assert!(h.quit);
}

#[test]
fn a_resize_redraws_to_the_new_width() {
    let mut h = Harness::new();
    h.send(Event::Resize {
        width: 40,
        height: 20,
    });
    assert!(h.screen().contains(&format!("{}\n", "─".repeat(40))));
    assert!(!h.screen().contains(&"─".repeat(41)));
}

#[test]
fn a_predict_exercise_hides_the_error_until_answered_then_grades_it() {
    let mut h = Harness::new();
    h.key('l');
    h.send(Event::Key(Key::Down));
    h.send(Event::Key(Key::Down));
    h.send(Event::Key(Key::Enter));
    h.settle();
    h.shows("predict first");
    h.shows("fill in the answer line (line 1)");
    h.lacks("RENDERED");
    h.key('e');
    h.shows("the card would give the answer away");
    h.lacks("use of a moved value");
    h.save(
        "guess",
        "// ANSWER: E0382 line 2\nfn main() {\n    BROKEN\n}\n",
    );
    h.wait(DEBOUNCE);
    h.settle();
    h.shows("you predicted E0382 line 2: rustc points at line 3 (not 2)");
    h.shows("RENDERED E0382");
    // Graded once: fixing the answer afterwards does not change the grade.
    h.save(
        "guess",
        "// ANSWER: E0382 line 3\nfn main() {\n    BROKEN\n}\n",
    );
    h.wait(DEBOUNCE);
    h.settle();
    h.shows("you predicted E0382 line 2: rustc points at line 3");
    h.save("guess", "// ANSWER: E0382 line 3\nfn main() {}\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.shows("ownership/guess is done");
    let (progress, _) = crate::state::StateDir::new(h.root()).load();
    assert_eq!(progress.predictions["guess"].answer.line, 2);
}

/// Goes to the predict exercise `guess` through the list.
fn to_guess(h: &mut Harness) {
    h.key('l');
    h.press(Key::Down);
    h.press(Key::Down);
    h.press(Key::Enter);
}

#[test]
fn the_prediction_line_goes_once_the_exercise_is_done() {
    let mut h = Harness::new();
    to_guess(&mut h);
    h.save(
        "guess",
        "// ANSWER: E0382 line 3\nfn main() {\n    BROKEN\n}\n",
    );
    h.wait(DEBOUNCE);
    h.settle();
    h.shows("✓ you predicted E0382 line 3: right — now fix it");
    h.save("guess", "// ANSWER: E0382 line 3\nfn main() {}\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.shows("ownership/guess is done");
    h.lacks("you predicted");
    h.lacks("now fix it");
}

#[test]
fn a_prediction_and_the_fix_in_one_save_are_both_said_once() {
    let mut h = Harness::new();
    to_guess(&mut h);
    h.save("guess", "// ANSWER: E0382 line 3\nfn main() {}\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.shows("✓ you predicted E0382 line 3: right\n");
    h.lacks("now fix it");
    h.shows("ownership/guess is done");
    h.key('r');
    h.lacks("you predicted");
}

#[test]
fn after_a_reset_the_old_prediction_is_not_shown() {
    let mut h = Harness::new();
    to_guess(&mut h);
    h.save(
        "guess",
        "// ANSWER: E0382 line 3\nfn main() {\n    BROKEN\n}\n",
    );
    h.wait(DEBOUNCE);
    h.settle();
    h.shows("you predicted E0382 line 3");
    h.key('x');
    h.send(Event::Key(Key::Char('y')));
    // While the untouched file is checked, nothing of the old verdict is left.
    assert_eq!(h.running(), 1);
    h.lacks("you predicted");
    h.settle();
    h.lacks("you predicted");
    h.shows("predict first");
}

#[test]
fn a_reset_in_another_terminal_is_seen_by_the_next_check() {
    let mut h = Harness::new();
    to_guess(&mut h);
    h.save(
        "guess",
        "// ANSWER: E0382 line 3\nfn main() {\n    BROKEN\n}\n",
    );
    h.wait(DEBOUNCE);
    h.settle();
    h.shows("you predicted E0382 line 3");
    // `ferry reset guess` elsewhere: the prediction is forgotten, the file untouched again.
    let config = config_in(h.root(), false);
    let mut other = Session::open(&config, true).unwrap();
    let guess = other.curriculum.get("guess").unwrap().clone();
    std::fs::write(
        h.path("guess"),
        "// ANSWER: E0382 line 9\nfn main() {\n    BROKEN\n}\n",
    )
    .unwrap();
    other
        .update(|p| {
            p.predictions.remove("guess");
        })
        .unwrap();
    let _ = guess;
    h.send(Event::FileChanged(h.path("guess")));
    h.wait(DEBOUNCE);
    h.settle();
    h.shows("you predicted E0382 line 9");
}

#[test]
fn n_moves_on_once_done_does_not_stay_under_the_finish_summary() {
    let mut h = Harness::build(false, &["second", "guess"]);
    h.key('n');
    h.shows("n moves on once this exercise is done");
    h.save("first", "fn main() {}\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.lacks("n moves on once");
    h.shows("that was the last exercise: n shows your journey");
    h.key('n');
    h.shows("You made it across.");
    h.lacks("n moves on once");
    h.lacks("that was the last exercise");
}

#[test]
fn n_moves_on_once_done_goes_when_the_exercise_is_done() {
    let mut h = Harness::new();
    h.key('n');
    h.shows("n moves on once this exercise is done");
    h.save("first", "fn main() {}\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.shows("ownership/first is done");
    h.lacks("n moves on once");
}

#[test]
fn the_last_hint_points_at_e_only_when_e_has_something_to_explain() {
    let info = r#"format_version = 1

[[exercises]]
name = "second"
dir = "ownership"
test = true
hint = ["make it pass", "really"]

[[exercises]]
name = "first"
dir = "ownership"
errors = ["E0382"]
test = false
hint = ["level one", "level two"]
"#;
    let mut h = Harness::of(info, false, &[], 120, 40);
    h.shows("1 test of 1 failed");
    h.key('h');
    h.key('h');
    h.shows("that is the last hint\n");
    h.lacks("e explains");
    h.key('e');
    h.shows("there is no error code to explain here");
    // Where there is an error, the hint says e explains it, and it does.
    let mut h = Harness::new();
    h.key('h');
    h.key('h');
    h.shows("that is the last hint; e explains the error itself");
    h.key('e');
    h.shows("E0382: use of a moved value");
}

#[test]
fn a_status_line_does_not_follow_the_learner_to_another_exercise() {
    let mut h = Harness::new();
    h.key('e');
    h.key('z');
    h.key('x');
    h.key('n');
    h.shows("reset cancelled");
    h.key('l');
    h.press(Key::Down);
    h.press(Key::Enter);
    h.shows("exercises/ownership/second.rs");
    h.lacks("reset cancelled");
}

#[test]
fn while_a_check_runs_the_last_verdict_is_marked_old_and_how_long_it_has_run() {
    let mut h = Harness::new();
    h.save("first", "fn main() {\n    BROKEN again\n}\n");
    h.wait(DEBOUNCE);
    assert_eq!(h.running(), 1);
    h.shows("from the last check");
    h.shows("checking your change… — below, the last check's verdict:");
    h.lacks("so far");
    h.wait(Duration::from_secs(3));
    h.shows("checking your change… (3 s so far)");
    h.wait(Duration::from_secs(9));
    h.shows("(12 s so far)");
    h.settle();
    h.lacks("from the last check");
    h.lacks("so far");
    h.shows("E0382 (line 2): the error this exercise is about");
}

#[test]
fn finishing_the_last_exercise_shows_the_journey() {
    let mut h = Harness::new();
    h.key('h');
    std::fs::write(h.path("second"), "fn main() {}\n").unwrap();
    std::fs::write(h.path("guess"), "// ANSWER: E0382 line 3\nfn main() {}\n").unwrap();
    h.key('c');
    h.key('z');
    h.save("first", "fn main() {}\n");
    h.wait(DEBOUNCE);
    h.settle();
    // The last exercise's done panel first, like any other's.
    h.shows("ownership/first is done");
    h.shows("that was the last exercise: n shows your journey");
    h.key('n');
    h.shows("You made it across.");
    h.shows("3 exercises done");
    h.shows("1 hint read");
}

#[test]
fn a_watcher_that_sees_nothing_is_reported() {
    let mut h = Harness::new();
    h.wait(PROBE_WAIT);
    h.shows("this file system may not report saves");
    h.shows("ferry watch --manual");

    let mut h = Harness::new();
    let probe = h.root().join(".ferry").join(PROBE_FILE);
    h.send(Event::FileChanged(probe));
    h.wait(PROBE_WAIT);
    h.lacks("may not report saves");
}

#[test]
fn manual_mode_ignores_saves_and_rechecks_on_r() {
    let mut h = Harness::with(true);
    h.save("first", "fn main() {}\n");
    h.wait(DEBOUNCE);
    h.settle();
    assert_eq!(h.compiles(), 1);
    h.shows("r: re-check (after saving)");
    h.key('r');
    h.shows("ownership/first is done");
}

#[test]
fn a_check_that_finishes_after_the_learner_moved_on_counts_for_its_own_exercise() {
    let mut h = Harness::new();
    h.save("first", "fn main() {}\n");
    h.wait(DEBOUNCE);
    // The check of the fixed `first` is under way (not performed yet) when the learner jumps
    // to `second` in the list.
    assert_eq!(h.running(), 1);
    h.send(Event::Key(Key::Char('l')));
    h.send(Event::Key(Key::Down));
    h.send(Event::Key(Key::Enter));
    h.settle();
    let (progress, _) = crate::state::StateDir::new(h.root()).load();
    assert!(progress.is_done("first"), "the fixed exercise is done");
    assert!(
        !progress.is_done("second"),
        "first's result must not mark second done"
    );
    h.shows("exercises/ownership/second.rs");
    h.lacks("is done");
}

#[test]
fn check_all_records_like_any_check() {
    let mut h = Harness::new();
    h.save("first", "fn main() {}\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.key('c');
    let attempts = crate::state::StateDir::new(h.root()).attempts();
    let checked: Vec<&str> = attempts
        .iter()
        .filter(|a| a.event == "check")
        .map(|a| a.exercise.as_str())
        .collect();
    assert!(
        checked.contains(&"second") && checked.contains(&"guess"),
        "check all logs every exercise it checked: {checked:?}"
    );
}

#[test]
fn a_restored_file_with_the_content_last_checked_is_readable_again() {
    let mut h = Harness::new();
    let text = std::fs::read_to_string(h.path("first")).unwrap();
    std::fs::remove_file(h.path("first")).unwrap();
    let path = h.path("first");
    h.send(Event::FileChanged(path.clone()));
    h.wait(DEBOUNCE);
    h.settle();
    h.shows("cannot be read");
    std::fs::write(&path, text).unwrap();
    h.send(Event::FileChanged(path));
    h.wait(DEBOUNCE);
    h.settle();
    h.lacks("cannot be read");
    h.shows("E0382 (line 2): the error this exercise is about");
}

#[test]
fn a_program_that_rewrites_its_own_file_does_not_loop_the_checks() {
    let mut h = Harness::new();
    let path = h.path("first");
    h.save("first", "fn main() {}\n// run 0\n");
    h.wait(DEBOUNCE);
    // Each run of the program writes its own file again while its check is running.
    for run in 1..=6 {
        assert_eq!(h.running(), 1, "run {run}: no check under way");
        std::fs::write(&path, format!("fn main() {{}}\n// run {run}\n")).unwrap();
        h.send(Event::FileChanged(path.clone()));
        h.wait(DEBOUNCE);
        h.finish_one();
        if h.running() == 0 {
            break;
        }
    }
    assert_eq!(h.running(), 0, "still re-checking after 6 self-edits");
    let checks = h.compiles();
    assert!(checks <= 5, "{checks} checks");
    h.shows("as if the program writes to its own file");
    // r checks again, and saves re-check as before.
    h.key('r');
    assert_eq!(h.compiles(), checks + 1);
    h.lacks("as if the program writes to its own file");
    h.save("first", "fn main() {}\n");
    h.wait(DEBOUNCE);
    h.settle();
    assert_eq!(h.compiles(), checks + 2);
}

#[test]
fn the_finish_screen_gives_way_when_an_exercise_breaks_again_and_r_rechecks() {
    let mut h = Harness::build(false, &["second", "guess"]);
    h.save("first", "fn main() {}\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.key('n');
    h.shows("You made it across.");
    let checks = h.compiles();
    h.key('r');
    assert_eq!(h.compiles(), checks + 1, "r re-checks on the finish screen");
    h.shows("You made it across.");
    h.save("first", "fn main() {\n    BROKEN\n}\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.lacks("You made it across.");
    h.shows("E0382 (line 2)");
}

fn with_chapters(done: &[&str]) -> Harness {
    Harness::with_files(TWO_CHAPTERS, done, 120, 40, readmes, false)
}

#[test]
fn starting_a_chapter_shows_its_introduction_before_the_first_error() {
    let mut h = with_chapters(&[]);
    h.shows("Ownership");
    h.shows("Every value has exactly one owner. When the owner goes out of scope, the value is dropped.");
    h.shows("Coming from Kotlin/Scala");
    h.shows("On the JVM, the GC keeps every object alive as long as anything points to it.");
    // Only the opening and the JVM part; the compiler's output waits.
    h.lacks("This chapter covers");
    h.lacks("RENDERED");
    h.shows("i: the whole chapter README");
    // The verdict is in view all the same.
    h.shows("E0382 (line 2): the error this exercise is about");
    h.key(' ');
    h.shows("RENDERED E0382");
    h.lacks("Coming from Kotlin/Scala");
}

#[test]
fn the_welcome_goes_with_the_key_that_leaves_the_introduction() {
    let info = format!(
        "format_version = 1\nwelcome_message = \"Welcome!\\nPress any key to start.\"\n{}",
        TWO_CHAPTERS.trim_start_matches("format_version = 1\n")
    );
    let mut h = Harness::with_files(&info, &[], 120, 40, readmes, false);
    h.shows("Welcome! Press any key to start.");
    h.shows("Coming from Kotlin/Scala");
    h.key(' ');
    h.lacks("Welcome!");
    h.shows("RENDERED E0382");
}

#[test]
fn a_key_that_means_something_leaves_the_introduction_and_does_it() {
    let mut h = with_chapters(&[]);
    h.key('h');
    h.lacks("Coming from Kotlin/Scala");
    h.shows("hint 1 of 2: level one");
}

#[test]
fn n_into_a_new_chapter_introduces_it() {
    let mut h = with_chapters(&[]);
    h.key(' ');
    h.save("first", "fn main() {}\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.key('n');
    h.shows("exercises/borrowing/lend.rs");
    h.shows("Borrowing");
    h.shows("Kotlin lets two references change one list.");
    h.lacks("One writer or many readers");
    h.lacks("RENDERED");
}

#[test]
fn i_brings_the_whole_chapter_readme_back_at_any_time() {
    let mut h = with_chapters(&[]);
    h.key(' ');
    h.key('i');
    h.shows("This chapter covers");
    h.shows("Moves. Assigning a value moves it.");
    h.shows("any other key: back");
    h.lacks("RENDERED");
    h.key('i');
    h.shows("RENDERED E0382");
    // From the introduction too.
    let mut h = with_chapters(&[]);
    h.key('i');
    h.shows("This chapter covers");
}

#[test]
fn resuming_inside_a_chapter_goes_straight_to_the_exercise() {
    // Back on an exercise of a chapter already begun.
    let begun = |root: &Path| {
        readmes(root);
        crate::state::StateDir::new(root)
            .update(|p| {
                p.current = Some("first".into());
                p.done.insert("first".into());
            })
            .unwrap();
    };
    let mut h = Harness::with_files(TWO_CHAPTERS, &[], 120, 40, begun, false);
    h.shows("exercises/ownership/first.rs");
    h.lacks("Coming from Kotlin/Scala");
    h.shows("RENDERED E0382");
    // A chapter without a README: i says so.
    std::fs::remove_file(h.root().join("exercises/ownership/README.md")).unwrap();
    h.key('i');
    h.shows("this chapter has no README (exercises/ownership/README.md is missing)");
}

/// A reference solution for `first`, commented like the bundled ones.
fn first_solution(root: &Path) {
    let path = root.join("solutions/ownership/first.rs");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        path,
        "fn main() {\n    // Logging only reads the request, so it borrows it. A clone would copy\n    // the whole body just to log two fields.\n    let served = 3;\n    println!(\"{served}\");\n}\n",
    )
    .unwrap();
}

#[test]
fn done_shows_what_the_reference_solution_does_and_why() {
    let mut h = Harness::with_files(INFO, &[], 120, 40, first_solution, false);
    h.save(
        "first",
        "fn main() {\n    let served = 3;\n    println!(\"{served}\");\n}\n// PRINT: served 3 requests\n",
    );
    h.wait(DEBOUNCE);
    h.settle();
    h.shows("ownership/first is done");
    h.shows("the reference solution is in solutions/ownership/first.rs");
    h.shows("What the reference solution does, and why:");
    h.shows("  Logging only reads the request, so it borrows it. A clone would copy the whole body just to log two fields.");
    h.shows("What main printed:\n    served 3 requests");
    h.shows("Your code is the reference's, line for line");
}

#[test]
fn done_shows_where_the_learners_code_differs_from_the_reference() {
    let mut h = Harness::with_files(INFO, &[], 120, 40, first_solution, false);
    h.save(
        "first",
        "fn main() {\n    let served = 3;\n    println!(\"{}\", served.clone());\n}\n",
    );
    h.wait(DEBOUNCE);
    h.settle();
    h.shows("Where your code and the reference differ (- yours, + the reference):");
    h.shows("  - println!(\"{}\", served.clone());\n  + println!(\"{served}\");");
    h.lacks("What main printed");
}

#[test]
fn the_solution_note_stays_with_its_exercise() {
    let mut h = Harness::with_files(INFO, &[], 120, 40, first_solution, false);
    h.save("first", "fn main() {}\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.shows("the reference solution is in solutions/ownership/first.rs");
    h.key('n');
    h.shows("exercises/ownership/second.rs");
    h.lacks("reference solution");
    // Through the list too, and back.
    h.key('l');
    h.press(Key::Up);
    h.press(Key::Enter);
    h.shows("exercises/ownership/first.rs");
    h.shows("the reference solution is in solutions/ownership/first.rs");
    h.key('l');
    h.press(Key::Down);
    h.press(Key::Down);
    h.press(Key::Enter);
    h.shows("exercises/ownership/guess.rs");
    h.lacks("reference solution");
}

#[test]
fn breaking_a_done_exercise_again_takes_the_done_panel_away() {
    let mut h = Harness::with_files(INFO, &[], 120, 40, first_solution, false);
    h.save("first", "fn main() {}\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.shows("What the reference solution does");
    h.save("first", "fn main() {\n    BROKEN\n}\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.lacks("What the reference solution does");
    h.lacks("reference solution is in");
}

/// The journey's figure on the finish screen, after `label` (e.g. "saves checked").
fn journey_figure(h: &Harness, label: &str) -> u64 {
    let screen = h.screen();
    let line = screen
        .lines()
        .find(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()) && l.contains(label))
        .unwrap_or_else(|| panic!("no {label:?} in the journey:\n{screen}"));
    line.trim().split(' ').next().unwrap().parse().unwrap()
}

#[test]
fn the_journey_and_ferry_progress_count_the_same_session_alike() {
    let mut h = Harness::new();
    // first: a hint, its card twice (one card), a save that still fails, the fix.
    h.key('h');
    h.key('e');
    h.key('z');
    h.key('e');
    h.key('z');
    h.save("first", "fn main() {\n    BROKEN still\n}\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.save("first", "fn main() {}\n");
    h.wait(DEBOUNCE);
    h.settle();
    // r re-checks without a save; check all checks everything: neither is a save.
    h.key('r');
    h.key('c');
    h.key('z');
    h.key('n');
    // second: it times out first (an outcome that is not an error code), then passes.
    h.save("second", "fn main() {}\n// HANG\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.shows("timed out");
    // ...then deadlocks, a verdict of its own.
    h.save("second", "fn main() {}\n// DEADLOCK\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.shows("deadlock");
    h.save("second", "fn main() {}\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.key('n');
    // guess: predicted and fixed in one save.
    h.save("guess", "// ANSWER: E0382 line 3\nfn main() {}\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.key('n');
    h.shows("You made it across.");

    let mut json = Vec::new();
    crate::commands::progress::progress(&config_in(h.root(), false), true, None, &mut json)
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let totals = &report["totals"];
    assert_eq!(journey_figure(&h, "exercises done"), 3);
    assert_eq!(report["done"], 3);
    assert_eq!(journey_figure(&h, "saves checked"), 6);
    assert_eq!(totals["saves"], 6);
    assert_eq!(journey_figure(&h, "hint"), 1);
    assert_eq!(totals["hints"], 1);
    assert_eq!(journey_figure(&h, "explanation card"), 1);
    assert_eq!(totals["cards"], 1);
    assert_eq!(journey_figure(&h, "predictions right"), 1);
    let spent = crate::figures::duration_text(totals["time_spent_secs"].as_u64().unwrap());
    h.shows(&format!("  {spent} spent on the exercises"));
    assert_eq!(report["predictions"]["right"], 1);
    // Checks count everything: three opened, six saves, an r, check all's three.
    assert_eq!(totals["checks"], 3 + 6 + 1 + 3);
    let second = report["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "second")
        .unwrap();
    assert_eq!(
        second["met"],
        serde_json::json!(["run-failed", "timed-out", "deadlocked"])
    );
    assert_eq!(second["saves"], 3);
    let mut text = Vec::new();
    crate::commands::progress::progress(&config_in(h.root(), false), false, None, &mut text)
        .unwrap();
    let text = String::from_utf8(text).unwrap();
    assert!(
        text.contains("6 saves checked (13 checks in all)"),
        "{text}"
    );
    assert!(
        text.contains("met run-failed timed-out deadlocked"),
        "{text}"
    );
}

#[test]
fn done_the_done_panel_takes_the_hints_place() {
    let mut h = Harness::with_files(INFO, &[], 120, 40, first_solution, false);
    h.key('h');
    h.shows("hint 1 of 2: level one");
    h.save("first", "fn main() {}\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.shows("What the reference solution does");
    h.lacks("hint 1 of 2");
    // Asked for again, it is there.
    h.key('h');
    h.shows("hint 1 of 2: level one");
}

#[test]
fn a_readme_open_while_a_check_runs_is_not_marked_as_from_the_last_check() {
    let mut h = Harness::new();
    h.save("first", "fn main() {\n    BROKEN again\n}\n");
    h.wait(DEBOUNCE);
    assert_eq!(h.running(), 1);
    h.shows("── from the last check");
    h.send(Event::Key(Key::Char('e')));
    h.lacks("from the last check");
    h.shows("checking your change…");
    h.settle();
}
