//! `ferry watch` end to end: the real binary in a pseudo-terminal, driven like a learner would.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::harness::Curriculum;

const FIRST: &str = "move_log_request";
const SECOND: &str = "move_loop_health_checks";

pub(crate) struct Terminal {
    screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte ferry wrote, escapes and all.
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Terminal {
    pub(crate) fn start(dir: &Path) -> Terminal {
        Terminal::start_with(dir, &["watch"])
    }

    pub(crate) fn start_with(dir: &Path, args: &[&str]) -> Terminal {
        Terminal::start_env(dir, args, &[("NO_COLOR", Some("1"))])
    }

    fn start_env(dir: &Path, args: &[&str], env: &[(&str, Option<&str>)]) -> Terminal {
        Terminal::sized(dir, args, env, 50, 140)
    }

    fn sized(
        dir: &Path,
        args: &[&str],
        env: &[(&str, Option<&str>)],
        rows: u16,
        cols: u16,
    ) -> Terminal {
        let (master, child) = crate::harness::ferry_in_pty_with(dir, args, rows, cols, env);
        let mut reader = master.try_clone_reader().unwrap();
        let writer = master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(rows).unwrap(),
            std::num::NonZeroU16::new(cols).unwrap(),
            0,
        )));
        let parser = Arc::clone(&screen);
        let raw = Arc::new(Mutex::new(Vec::new()));
        let bytes = Arc::clone(&raw);
        std::thread::spawn(move || {
            let _master = master;
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                bytes.lock().unwrap().extend_from_slice(&buf[..n]);
                parser.lock().unwrap().process(&buf[..n]);
            }
        });
        Terminal {
            screen,
            raw,
            writer,
            child,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Every row of the screen, trailing spaces trimmed.
    fn rows(&self) -> Vec<String> {
        let parser = self.screen.lock().unwrap();
        let (_, cols) = parser.screen().size();
        parser
            .screen()
            .rows(0, cols.into())
            .map(|r| r.trim_end().to_string())
            .collect()
    }

    /// Waits until the screen shows `text` (the check takes as long as the compiler does).
    #[track_caller]
    pub(crate) fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the screen never showed {text:?}:\n{}", self.contents());
    }

    fn raw(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }

    pub(crate) fn press(&mut self, key: &str) {
        self.writer.write_all(key.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    #[track_caller]
    pub(crate) fn quit(mut self) {
        self.press("q");
        self.wait_exit();
    }

    /// Quits, then hands every byte ferry wrote to `check`.
    #[track_caller]
    fn quit_keeping_output(mut self, check: impl FnOnce(&str)) {
        self.press("q");
        self.wait_exit();
        check(&self.drained());
    }

    /// Everything ferry wrote, once it has exited: the reader thread may still be draining the
    /// last bytes (the mouse given back is among the last).
    fn drained(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        while !self.raw().contains("\x1b[?1000l") && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        self.raw()
    }

    #[track_caller]
    fn wait_exit(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "ferry watch exited with {status:?}");
                return;
            }
            assert!(Instant::now() < deadline, "ferry watch did not quit on q");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Saves like vim or a JetBrains IDE: write a temporary file, rename it over the exercise.
fn rename_save(dir: &Path, relative: &str, text: &str) {
    let path = dir.join(relative);
    let tmp = path.with_file_name(format!(
        ".{}.tmp~",
        path.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
}

fn exercise(name: &str) -> String {
    format!("exercises/ownership/{name}.rs")
}

fn solution(c: &Curriculum, name: &str) -> String {
    c.read(&format!("solutions/ownership/{name}.rs"))
}

#[test]
fn a_learner_fixes_an_exercise_moves_on_quits_and_resumes() {
    let c = Curriculum::bundled(&[FIRST, SECOND]);
    let mut term = Terminal::start(c.path());
    term.wait_for("E0382 (line 24): the error this exercise is about");
    term.wait_for("0/2 done");

    term.press("h");
    term.wait_for("hint 1 of 2");
    term.press("e");
    term.wait_for("E0382: use of a moved value");
    term.press(" ");
    term.wait_for("n: next");

    rename_save(c.path(), &exercise(FIRST), &solution(&c, FIRST));
    term.wait_for(&format!("ownership/{FIRST} is done"));
    term.wait_for("1/2 done");
    term.press("n");
    term.wait_for(&exercise(SECOND));
    term.wait_for("E0382 (line 12): the error this exercise is about");
    term.quit();

    let state = c.read(".ferry/state.json");
    assert!(
        state.contains(&format!("\"current\": \"{SECOND}\"")),
        "{state}"
    );
    assert!(state.contains(&format!("\"{FIRST}\"")), "{state}");

    let term = Terminal::start(c.path());
    term.wait_for(&exercise(SECOND));
    term.wait_for("1/2 done");
    term.quit();
}

#[test]
fn twenty_quick_saves_lead_to_at_most_two_checks_of_the_last_content() {
    let c = Curriculum::bundled(&[FIRST, SECOND]);
    let term = Terminal::start(c.path());
    term.wait_for("the error this exercise is about");
    let broken = c.read(&exercise(FIRST));
    for i in 0..19 {
        rename_save(
            c.path(),
            &exercise(FIRST),
            &format!("{broken}// save {i}\n"),
        );
    }
    rename_save(c.path(), &exercise(FIRST), &solution(&c, FIRST));
    term.wait_for(&format!("ownership/{FIRST} is done"));
    term.quit();
    let checks = c
        .read(".ferry/attempts.jsonl")
        .lines()
        .filter(|l| l.contains("\"event\":\"check\""))
        .count();
    // The first check at start, then at most two for the burst.
    assert!((2..=3).contains(&checks), "{checks} checks");
}

#[test]
fn watch_can_start_at_a_chapter() {
    let c = Curriculum::bundled(&[FIRST, SECOND, "borrow_p50_latency"]);
    let term = Terminal::start_with(c.path(), &["watch", "--chapter", "borrowing"]);
    term.wait_for("exercises/borrowing/borrow_p50_latency.rs");
    term.wait_for("the error this exercise is about");
    term.quit();
    assert!(
        c.read(".ferry/state.json")
            .contains("\"current\": \"borrow_p50_latency\"")
    );
}

#[test]
fn a_watch_open_beside_other_ferry_commands_keeps_what_they_recorded() {
    let c = crate::state::three_passing();
    let mut t = Terminal::start(c.path());
    t.wait_for("is done");
    // Another terminal: an exercise done, a hint shown.
    c.ferry(&["run", "two"]).code(0);
    c.ferry(&["hint", "three"]).code(0);
    // The watch records a hint and moves on: it writes the state, and must not write back its
    // own stale copy over what the others recorded. It moves on past `two`, which the other
    // terminal finished, to `three`.
    t.press("h");
    t.wait_for("hint 1 of 2");
    t.press("n");
    t.wait_for("exercises/three.rs");
    t.wait_for("3/3 done");
    t.quit();
    let state = crate::state::state_of(&c);
    assert_eq!(
        state["done"],
        serde_json::json!(["one", "three", "two"]),
        "{state}"
    );
    assert_eq!(state["hints_shown"]["three"], 1, "{state}");
    assert_eq!(state["hints_shown"]["one"], 1, "{state}");
}

/// The list's rows on screen that name an exercise file.
fn rows_on(term: &Terminal) -> Vec<String> {
    term.contents()
        .lines()
        .filter(|l| l.contains("exercises/") && (l.contains("pending") || l.contains("done")))
        .map(|l| l.trim_end().to_string())
        .collect()
}

#[test]
fn the_interactive_list_searches_with_slash_and_links_paths_in_a_terminal_that_shows_links() {
    let c = Curriculum::bundled(&[FIRST, SECOND, "borrow_p50_latency"]);
    // A terminal known to show links, with colour.
    let mut term = Terminal::start_env(c.path(), &["list"], &[("TERM_PROGRAM", Some("WezTerm"))]);
    term.wait_for("showing: all");
    assert_eq!(rows_on(&term).len(), 3, "{}", term.contents());
    let url = ferry::render::link::file_url(&c.path().join(exercise(SECOND)));
    let linked = format!("\x1b]8;;{url}\x1b\\");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !term.raw().contains(&linked) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        term.raw().contains(&linked),
        "no link to {url} in {:?}",
        term.raw()
    );
    assert!(url.contains("ferry%20test%20"), "{url}");

    term.press("/");
    term.wait_for("search: ▏");
    // Letters are searched whatever their case.
    term.press("BORROW");
    term.wait_for("search: borrow▏");
    let rows = rows_on(&term);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        rows[0].contains("exercises/borrowing/borrow_p50_latency.rs"),
        "{rows:?}"
    );
    // Backspace edits the search; enter keeps it; esc clears it.
    term.press("\x7f\x7f\x7f\x7f\x7f\x7f");
    term.press("loop");
    term.wait_for("search: loop▏");
    assert_eq!(rows_on(&term).len(), 1);
    assert!(rows_on(&term)[0].contains(SECOND));
    term.press("\r");
    term.wait_for("search: loop\n");
    term.press("\x1b");
    term.wait_for("showing: all\n");
    assert_eq!(rows_on(&term).len(), 3);
    term.quit();
}

#[test]
fn no_links_inside_tmux_unless_forced() {
    let c = Curriculum::bundled(&[FIRST]);
    let tmux = ("TMUX", Some("/tmp/tmux-0/default,1,0"));
    let term = Terminal::start_env(
        c.path(),
        &["list"],
        &[("TERM_PROGRAM", Some("WezTerm")), tmux],
    );
    term.wait_for("showing: all");
    term.wait_for(&format!("exercises/ownership/{FIRST}.rs"));
    assert!(!term.raw().contains("\x1b]8;"), "{:?}", term.raw());
    term.quit();
    let term = Terminal::start_env(c.path(), &["list"], &[tmux, ("FORCE_HYPERLINK", Some("1"))]);
    term.wait_for(&format!("exercises/ownership/{FIRST}.rs"));
    assert!(term.raw().contains("\x1b]8;;file://"), "{:?}", term.raw());
    term.quit();
}

/// Mouse reporting on (crossterm's capture starts with mode 1000) and off again after it.
#[track_caller]
fn mouse_was_given_back(raw: &str) {
    let on = raw
        .find("\x1b[?1000h")
        .expect("watch asks for mouse reports");
    let off = raw.rfind("\x1b[?1000l").expect("watch stops mouse reports");
    assert!(
        off > on,
        "mouse reports were turned off before they were turned on"
    );
}

#[test]
fn at_80x24_the_header_and_the_verdict_stay_in_view_and_the_wheel_scrolls() {
    let c = Curriculum::bundled(&[FIRST, SECOND]);
    let mut term = Terminal::sized(c.path(), &["watch"], &[("NO_COLOR", Some("1"))], 24, 80);
    term.wait_for("the error this exercise is about");
    // The key bar is the frame's last line: on a loaded machine the pty may hand over the
    // frame in parts.
    term.wait_for("other keys: the exercise");
    let rows = term.rows();
    assert!(rows[0].starts_with("ferry "), "{rows:#?}");
    assert_eq!(rows[1], exercise(FIRST), "{rows:#?}");
    // The chapter's introduction comes first, the verdict under it.
    assert!(
        rows.contains(&"Coming from Kotlin/Scala".to_string()),
        "{rows:#?}"
    );
    let keys = rows.iter().rev().find(|r| !r.is_empty()).unwrap();
    assert!(keys.contains("other keys: the exercise"), "{rows:#?}");
    // The wheel (SGR mouse reports) scrolls it.
    term.press("\x1b[<65;10;10M");
    term.wait_for("lines above");
    // The welcome and the introduction go with the first key; the compiler's output is
    // longer than 24 rows hold.
    term.press(" ");
    term.wait_for("e explain");
    term.wait_for("more lines");
    term.press("\x1b[6~");
    term.wait_for("lines above");
    let rows = term.rows();
    assert!(rows[0].starts_with("ferry "), "{rows:#?}");
    assert_eq!(rows[1], exercise(FIRST), "{rows:#?}");
    term.quit_keeping_output(mouse_was_given_back);
}

#[test]
fn a_signal_gives_the_mouse_back_too() {
    let c = Curriculum::bundled(&[FIRST]);
    let mut term = Terminal::start(c.path());
    term.wait_for("the error this exercise is about");
    let pid = term.child.process_id().unwrap();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    while term.child.try_wait().unwrap().is_none() {
        assert!(
            Instant::now() < deadline,
            "ferry watch did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    mouse_was_given_back(&term.drained());
}
