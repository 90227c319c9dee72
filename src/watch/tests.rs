//! The watch loop without a terminal: events in, bytes out, a fake runner and a fake clock.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::state::{DEBOUNCE, Effect, Event, Key, PROBE_FILE, PROBE_WAIT, WatchState};
use crate::check;
use crate::config::Config;
use crate::diagnostics::{Level, Location, Message};
use crate::error::Result;
use crate::render::screen::CLEAR;
use crate::runner::{CompileRequest, Compiled, Ended, ExecuteRequest, Execution, Runner};
use crate::session::Session;

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

/// Compiles by looking for markers: `BROKEN` is an E0382 on its line, `NOTSEND` an E0277 for an
/// `Rc` sent to a thread, `FAILTEST` a failing test, `WARN` an unused variable, `LINT` a clippy
/// remark; anything else passes.
#[derive(Default)]
struct FakeRunner {
    compiles: AtomicUsize,
    fail_next_run: Mutex<bool>,
}

impl Runner for FakeRunner {
    fn compile(&self, request: &CompileRequest<'_>) -> Result<Compiled> {
        self.compiles.fetch_add(1, Ordering::Relaxed);
        let source = std::fs::read_to_string(request.root.join(request.source)).unwrap_or_default();
        let mut messages = Vec::new();
        for (i, line) in source.lines().enumerate() {
            let (level, code, text) = if line.contains("LIFETIME") {
                (Level::Error, "", "lifetime may not live long enough")
            } else if line.contains("BROKEN") {
                (Level::Error, "E0382", "borrow of moved value: `req`")
            } else if line.contains("NOTSEND") {
                (
                    Level::Error,
                    "E0277",
                    "`Rc<Config>` cannot be sent between threads safely",
                )
            } else if line.contains("WARN") {
                (Level::Warning, "unused_variables", "unused variable: `x`")
            } else if line.contains("LINT") {
                (
                    Level::Warning,
                    "clippy::await_holding_lock",
                    "this `MutexGuard` is held across an await point",
                )
            } else {
                continue;
            };
            messages.push(Message {
                level,
                code: (!code.is_empty()).then(|| code.into()),
                message: text.into(),
                primary: Some(Location {
                    file: request.source.display().to_string(),
                    line: i + 1,
                    column: 1,
                }),
                rendered: format!("RENDERED {code} {text}\n"),
                suggestions: Vec::new(),
                json: String::new(),
            });
        }
        *self.fail_next_run.lock().unwrap() = source.contains("FAILTEST");
        let failed = messages.iter().any(Message::is_error);
        Ok(Compiled {
            messages,
            binary: (!failed).then(|| request.out_dir.join(request.crate_name)),
        })
    }

    fn execute(&self, _: &ExecuteRequest<'_>) -> Result<Execution> {
        let fail = *self.fail_next_run.lock().unwrap();
        Ok(Execution {
            ended: Ended::Exited(exit_status(if fail { 101 } else { 0 })),
            stdout: if fail {
                "test tests::works ... FAILED\n\n---- tests::works stdout ----\nthread 'tests::works' panicked at x.rs:1:1:\nexpected 2\n\nfailures:\n".into()
            } else {
                "test tests::works ... ok\n".into()
            },
            stderr: String::new(),
            dropped: 0,
            elapsed: Duration::ZERO,
        })
    }

    fn rustfmt_unformatted(&self, _: &Path, _: &[PathBuf]) -> Result<Vec<PathBuf>> {
        Ok(Vec::new())
    }

    fn crates(&self) -> Result<std::sync::Arc<crate::runner::Externs>> {
        Err(crate::error::Error::Usage("no crates in tests".into()))
    }

    fn explain(&self, code: &str) -> Result<Option<String>> {
        Ok(Some(format!("rustc says things about {code}")))
    }
}

#[cfg(unix)]
fn exit_status(code: i32) -> std::process::ExitStatus {
    use std::os::unix::process::ExitStatusExt;
    std::process::ExitStatus::from_raw(code << 8)
}

#[cfg(windows)]
fn exit_status(code: i32) -> std::process::ExitStatus {
    use std::os::windows::process::ExitStatusExt;
    std::process::ExitStatus::from_raw(code as u32)
}

struct Harness {
    dir: tempfile::TempDir,
    state: WatchState,
    runner: FakeRunner,
    out: Vec<u8>,
    now: Instant,
    /// Effects not yet performed: tests decide when a check finishes.
    pending: Vec<Effect>,
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
        // A space and a non-ASCII letter, as learners' folders have.
        let dir = tempfile::Builder::new()
            .prefix("werkstatt ü ")
            .tempdir()
            .unwrap();
        let root = dir.path();
        std::fs::write(root.join("info.toml"), INFO).unwrap();
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
        let config = Config {
            cwd: root.to_path_buf(),
            color: false,
            terminal: true,
            hyperlinks: false,
            jobs: 2,
            width: 80,
            no_log: false,
        };
        if !done.is_empty() {
            let state = crate::state::StateDir::new(root);
            state
                .update(|p| p.done.extend(done.iter().map(|d| d.to_string())))
                .unwrap();
        }
        let session = Session::open(&config, true).unwrap();
        let mut harness = Harness {
            state: WatchState::new(session, manual, 120, 40),
            dir,
            runner: FakeRunner::default(),
            out: Vec::new(),
            now: Instant::now(),
            pending: Vec::new(),
            quit: false,
        };
        let effects = harness.state.start(harness.now, &mut harness.out).unwrap();
        harness.pending.extend(effects);
        harness.settle();
        harness
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn originals(&self) -> crate::originals::Originals {
        crate::originals::Originals::new(&crate::state::StateDir::new(self.root()), false)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.root()
            .join("exercises/ownership")
            .join(format!("{name}.rs"))
    }

    fn send(&mut self, event: Event) {
        let effects = self
            .state
            .handle(event, self.now, &mut self.out, &self.runner)
            .unwrap();
        self.pending.extend(effects);
    }

    fn key(&mut self, c: char) {
        self.send(Event::Key(Key::Char(c)));
        self.settle();
    }

    /// Performs every pending effect, as the driver would, until none is left.
    fn settle(&mut self) {
        while !self.pending.is_empty() {
            for effect in std::mem::take(&mut self.pending) {
                self.perform(effect);
            }
        }
    }

    fn perform(&mut self, effect: Effect) {
        match effect {
            Effect::Check {
                generation,
                exercise,
            } => {
                let root = self.root().to_path_buf();
                let source = std::fs::read_to_string(root.join(exercise.path())).unwrap();
                let out_dir = root.join(".ferry/target").join(&exercise.name);
                let original = self.originals().text(&exercise);
                let result = check::check(
                    &self.runner,
                    &root,
                    &exercise,
                    &exercise.path(),
                    original.as_deref(),
                    &out_dir,
                    check::Options::default(),
                );
                self.send(Event::Checked {
                    generation,
                    exercise: exercise.name.clone(),
                    source,
                    result: Box::new(result.map_err(|e| e.to_string())),
                });
            }
            Effect::CheckAll { exercises } => {
                let root = self.root().to_path_buf();
                let results = super::check_all(
                    &self.runner,
                    &root,
                    &self.originals(),
                    &root.join(".ferry/target/all"),
                    &exercises,
                    2,
                );
                self.send(Event::CheckedAll(results));
            }
            Effect::WriteProbe => {}
            Effect::Quit => self.quit = true,
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
        self.runner.compiles.load(Ordering::Relaxed)
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
    assert_eq!(h.pending.len(), 1, "a check is running");
    h.shows("checking…");
    // Saves land while it runs: no second check yet...
    h.save("first", "fn main() {}\n");
    h.wait(DEBOUNCE);
    assert_eq!(h.pending.len(), 1);
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
    h.shows("any key: back");
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
    let dir = Harness::new();
    let root = dir.root().to_path_buf();
    let config = Config {
        cwd: root.clone(),
        color: false,
        terminal: true,
        hyperlinks: true,
        jobs: 1,
        width: 120,
        no_log: false,
    };
    let session = Session::open(&config, true).unwrap();
    let mut state = WatchState::new(session, true, 120, 40).hyperlinks(true);
    let mut out = Vec::new();
    let runner = FakeRunner::default();
    state.start(Instant::now(), &mut out).unwrap();
    let first = url_of(&root, "exercises/ownership/first.rs");
    assert!(first.contains("%20%C3%BC%20"), "{first}");
    let screen = String::from_utf8_lossy(&out).to_string();
    assert!(
        screen.contains(&format!(
            "\x1b]8;;{first}\x1b\\exercises/ownership/first.rs\x1b]8;;\x1b\\"
        )),
        "the header links the exercise: {screen:?}"
    );
    out.clear();
    state
        .handle(
            Event::Key(Key::Char('l')),
            Instant::now(),
            &mut out,
            &runner,
        )
        .unwrap();
    let screen = String::from_utf8_lossy(&out).to_string();
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
    let dir = Harness::new();
    let config = Config {
        cwd: dir.root().to_path_buf(),
        color: false,
        terminal: true,
        hyperlinks: false,
        jobs: 1,
        width: 120,
        no_log: false,
    };
    let session = Session::open(&config, true).unwrap();
    let mut state = WatchState::new(session, false, 120, 40).list_only();
    let mut out = Vec::new();
    let runner = FakeRunner::default();
    assert!(state.start(Instant::now(), &mut out).unwrap().is_empty());
    let now = Instant::now();
    state
        .handle(Event::Key(Key::Down), now, &mut out, &runner)
        .unwrap();
    let effects = state
        .handle(Event::Key(Key::Enter), now, &mut out, &runner)
        .unwrap();
    assert_eq!(effects, vec![Effect::Quit]);
    assert_eq!(runner.compiles.load(Ordering::Relaxed), 0);
    let (progress, _) = crate::state::StateDir::new(dir.root()).load();
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
    h.save("guess", "// ANSWER: E0382 line 3\nfn main() {}\n");
    h.wait(DEBOUNCE);
    h.settle();
    h.shows("you predicted E0382 line 2");
    h.shows("ownership/guess is done");
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
    assert!(matches!(h.pending.as_slice(), [Effect::Check { .. }]));
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
        assert!(
            h.pending.iter().any(|e| matches!(e, Effect::Check { .. })),
            "run {run}: no check under way"
        );
        std::fs::write(&path, format!("fn main() {{}}\n// run {run}\n")).unwrap();
        h.send(Event::FileChanged(path.clone()));
        h.wait(DEBOUNCE);
        for effect in std::mem::take(&mut h.pending) {
            h.perform(effect);
        }
        if h.pending.is_empty() {
            break;
        }
    }
    assert!(h.pending.is_empty(), "still re-checking after 6 self-edits");
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
