//! The watch loop as a state machine: events in (file saved, key, resize, a check finished,
//! a deadline passed), a redrawn screen and effects out.
//!
//! Checks run in the background (the driver performs `Effect::Check` on a thread and sends back
//! `Event::Checked`), so keys stay live while a test hangs until its timeout. `handle` itself
//! never blocks on the compiler; tests drive it with a fake runner and a fake clock.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::cards;
use crate::curriculum::Exercise;
use crate::error::Result;
use crate::render::link::Links;
use crate::render::screen::{self, Body, Frame, ListRow};
use crate::runner::Runner;
use crate::session::Session;
use crate::verdict::{self, Assessment};

/// Quiet time after the last file event before a check starts: editors that save by writing a
/// temporary file and renaming it produce a burst of events within a millisecond or two.
pub const DEBOUNCE: Duration = Duration::from_millis(25);
/// Checks in a row that saw their own file change before watch stops re-checking on its own.
const SELF_EDITS: u8 = 3;
/// How long the watcher has to report ferry's own probe write before the screen warns that
/// saves may go unseen.
pub const PROBE_WAIT: Duration = Duration::from_secs(3);
pub const PROBE_FILE: &str = "watch-probe";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Enter,
    Esc,
    Up,
    Down,
    Backspace,
    CtrlC,
}

#[derive(Debug)]
pub enum Event {
    /// Something was written, created or renamed at this path.
    FileChanged(PathBuf),
    Key(Key),
    Resize {
        width: u16,
        height: u16,
    },
    /// A deadline from `WatchState::deadline` passed.
    Tick,
    /// A background check finished: of `exercise`, which was current when it started (the
    /// learner may have moved on since).
    Checked {
        generation: u64,
        exercise: String,
        source: String,
        result: Box<std::result::Result<verdict::Verdict, String>>,
    },
    /// The background "check all" finished: one result per exercise, in order.
    CheckedAll(Vec<std::result::Result<verdict::Verdict, String>>),
    /// The file watcher failed.
    WatcherError(String),
    /// SIGINT, SIGTERM or SIGHUP: stop everything and quit.
    Signal,
}

/// Work for the driver: things that take time or end the loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Check {
        generation: u64,
        exercise: Box<Exercise>,
    },
    CheckAll {
        exercises: Vec<Exercise>,
    },
    WriteProbe,
    Quit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    All,
    Done,
    Pending,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Mode {
    Main,
    Card { code: String, text: String },
    List(ListView),
    ConfirmReset,
    CheckingAll,
    AllChecked { results: Vec<Option<bool>> },
    Finished,
}

/// The list's place and what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ListView {
    cursor: usize,
    filter: Filter,
    /// Asking whether to reset the exercise under the cursor.
    confirm: bool,
    /// The search (`/`): only rows whose name or chapter contain it, ignoring case.
    search: String,
    /// Keys type into the search (until enter or esc).
    typing: bool,
}

pub struct WatchState {
    session: Session,
    current: usize,
    assessment: Option<Assessment>,
    check_error: Option<String>,
    in_flight: Option<u64>,
    generation: u64,
    /// When the last file event for the current exercise arrived (a check is due after it).
    changed_at: Option<Instant>,
    /// A save landed while a check was running: check again when it finishes.
    recheck: bool,
    /// How many checks in a row saw their file change while they ran. A program that writes
    /// to its own exercise file does that every time; after a few, ferry waits for `r`.
    changed_during_checks: u8,
    /// Re-checking on saves is paused until `r` (see `changed_during_checks`).
    self_edit_pause: bool,
    /// The current file could not be read at the last try (deleted, or renamed away).
    unreadable: bool,
    last_checked: Option<u64>,
    mode: Mode,
    hints_open: usize,
    /// A one-off message, cleared by the next key.
    notice: Option<String>,
    /// A lasting warning: the file watcher is missing or may not see saves.
    warning: Option<String>,
    probe_until: Option<Instant>,
    manual: bool,
    /// `ferry list` on a terminal: only the list; leaving it quits.
    list_only: bool,
    width: u16,
    height: u16,
    checks: usize,
    /// File paths on screen: clickable, or plain.
    links: Links,
}

impl WatchState {
    pub fn new(session: Session, manual: bool, width: u16, height: u16) -> WatchState {
        let current = session
            .progress
            .current(&session.curriculum)
            .and_then(|e| session.curriculum.index_of(&e.name))
            .unwrap_or(0);
        // A first start: greet the learner until the first key press.
        let fresh = session.progress.current.is_none() && session.progress.done.is_empty();
        let notice = session
            .curriculum
            .welcome_message
            .as_deref()
            .filter(|_| fresh)
            .map(|m| m.trim().to_string());
        WatchState {
            session,
            current,
            assessment: None,
            check_error: None,
            in_flight: None,
            generation: 0,
            changed_at: None,
            recheck: false,
            changed_during_checks: 0,
            self_edit_pause: false,
            unreadable: false,
            last_checked: None,
            mode: Mode::Main,
            hints_open: 0,
            notice,
            warning: None,
            probe_until: None,
            manual,
            list_only: false,
            width,
            height,
            checks: 0,
            links: Links::off(),
        }
    }

    /// File paths become hyperlinks to the files (when the terminal shows them: `Config`).
    pub fn hyperlinks(mut self, on: bool) -> WatchState {
        self.links = Links::new(&self.session.curriculum.root, on);
        self
    }

    /// The first frame and the first check; a probe write to see whether saves are noticed.
    pub fn start(&mut self, now: Instant, out: &mut dyn Write) -> io::Result<Vec<Effect>> {
        if self.list_only {
            self.open_list();
            self.draw(out)?;
            return Ok(vec![]);
        }
        let mut effects = self.start_check(true);
        if !self.manual {
            self.probe_until = Some(now + PROBE_WAIT);
            effects.push(Effect::WriteProbe);
        }
        self.draw(out)?;
        Ok(effects)
    }

    /// Only the interactive list (`ferry list` on a terminal): no checks, and leaving it quits.
    pub fn list_only(mut self) -> WatchState {
        self.list_only = true;
        self.manual = true;
        self
    }

    /// The file watcher could not start: say so, and how to work without it.
    pub fn watcher_unavailable(&mut self, reason: &str) {
        self.manual = true;
        self.warning = Some(format!(
            "file watching is not available ({reason}): press r after each save, or start `ferry watch --manual`"
        ));
    }

    /// The next time `Event::Tick` is due, if any.
    pub fn deadline(&self) -> Option<Instant> {
        let debounce = self.changed_at.map(|t| t + DEBOUNCE);
        match (debounce, self.probe_until) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The width the compiler should fit its messages to.
    pub fn width_hint(&self) -> u16 {
        self.width
    }

    pub fn current_exercise(&self) -> &Exercise {
        &self.session.curriculum.exercises[self.current]
    }

    pub fn handle(
        &mut self,
        event: Event,
        now: Instant,
        out: &mut dyn Write,
        runner: &dyn Runner,
    ) -> Result<Vec<Effect>> {
        let mut effects = Vec::new();
        let mut redraw = true;
        match event {
            Event::FileChanged(path) => {
                redraw = false;
                if self.is_probe(&path) {
                    self.probe_until = None;
                } else if !self.manual && !self.self_edit_pause && self.is_current_file(&path) {
                    self.changed_at = Some(now);
                }
            }
            Event::Tick => {
                redraw = false;
                if let Some(until) = self.probe_until
                    && now >= until
                {
                    self.probe_until = None;
                    self.warning = Some(
                        "ferry has not seen a test write to .ferry/watch-probe: this file system may not report saves. If saving does not re-check, press r or start `ferry watch --manual`".to_string(),
                    );
                    redraw = true;
                }
                if let Some(at) = self.changed_at
                    && now >= at + DEBOUNCE
                {
                    self.changed_at = None;
                    if self.in_flight.is_some() {
                        self.recheck = true;
                    } else {
                        let was_unreadable = self.unreadable;
                        effects.extend(self.start_check(false));
                        // A file back with the content last checked needs no check, but the
                        // "cannot be read" must go.
                        redraw = !effects.is_empty() || was_unreadable != self.unreadable;
                    }
                }
            }
            Event::Resize { width, height } => {
                self.width = width;
                self.height = height;
            }
            Event::Checked {
                generation,
                exercise,
                source,
                result,
            } => {
                if self.in_flight != Some(generation) {
                    return Ok(effects);
                }
                self.in_flight = None;
                let changed_meanwhile = std::mem::take(&mut self.recheck);
                self.finish_check(&exercise, &source, *result)?;
                let moved_on = std::mem::take(&mut self.recheck);
                if changed_meanwhile && !moved_on {
                    self.changed_during_checks += 1;
                } else {
                    self.changed_during_checks = 0;
                }
                if self.changed_during_checks >= SELF_EDITS {
                    self.self_edit_pause = true;
                    self.warning = Some(format!(
                        "{} changed while each of the last {SELF_EDITS} checks ran, as if the program writes to its own file: ferry re-checks when you press r",
                        self.current_exercise().path().display()
                    ));
                } else if changed_meanwhile || moved_on {
                    effects.extend(self.start_check(false));
                }
            }
            Event::CheckedAll(results) => self.finish_check_all(results)?,
            Event::WatcherError(reason) => {
                self.warning = Some(format!(
                    "the file watcher stopped ({reason}): press r after each save, or restart with `ferry watch --manual`"
                ));
                self.manual = true;
            }
            Event::Key(key) => effects.extend(self.key(key, runner)?),
            Event::Signal => return Ok(vec![Effect::Quit]),
        }
        if redraw {
            self.draw(out)?;
        }
        Ok(effects)
    }

    fn key(&mut self, key: Key, runner: &dyn Runner) -> Result<Vec<Effect>> {
        if key == Key::CtrlC {
            return Ok(vec![Effect::Quit]);
        }
        match self.mode.clone() {
            Mode::Main => self.main_key(key, runner),
            Mode::Card { .. } | Mode::AllChecked { .. } => {
                self.mode = Mode::Main;
                Ok(vec![])
            }
            Mode::CheckingAll => Ok(match key {
                Key::Char('q') => vec![Effect::Quit],
                _ => vec![],
            }),
            Mode::ConfirmReset => {
                self.mode = Mode::Main;
                if key == Key::Char('y') {
                    let exercise = self.current_exercise().clone();
                    self.reset(&exercise)?;
                    return Ok(self.start_check(true));
                }
                self.notice = Some("reset cancelled".to_string());
                Ok(vec![])
            }
            Mode::List(view) => self.list_key(key, view),
            Mode::Finished => Ok(match key {
                Key::Char('q') | Key::Esc => vec![Effect::Quit],
                Key::Char('l') => {
                    self.open_list();
                    vec![]
                }
                // Check again, or check everything: the result shows on the main screen.
                Key::Char('r' | 'c') => {
                    self.mode = Mode::Main;
                    return self.main_key(key, runner);
                }
                _ => vec![],
            }),
        }
    }

    fn main_key(&mut self, key: Key, runner: &dyn Runner) -> Result<Vec<Effect>> {
        self.notice = None;
        match key {
            Key::Char('q') => return Ok(vec![Effect::Quit]),
            Key::Char('n') => {
                let done = self.assessment.as_ref().is_some_and(|a| a.done)
                    || self.session.progress.is_done(&self.current_exercise().name);
                if !done {
                    self.notice = Some(
                        "n moves on once this exercise is done: it compiles, its tests pass and clippy is happy"
                            .to_string(),
                    );
                    return Ok(vec![]);
                }
                let next = self
                    .session
                    .progress
                    .next_pending(&self.session.curriculum, self.current + 1)
                    .and_then(|e| self.session.curriculum.index_of(&e.name));
                match next {
                    Some(index) => return self.go_to(index),
                    None => self.mode = Mode::Finished,
                }
            }
            Key::Char('h') => {
                let exercise = self.current_exercise().clone();
                let levels = exercise.hints.len();
                let open = if self
                    .session
                    .progress
                    .predictions
                    .contains_key(&exercise.name)
                {
                    levels
                } else {
                    exercise.hints_before_prediction()
                };
                if self.hints_open >= open && open < levels {
                    self.notice = Some(crate::predict::HINT_WITHHELD.to_string());
                    return Ok(Vec::new());
                }
                if self.hints_open < levels {
                    self.hints_open += 1;
                }
                let shown = self.session.progress.hints_shown.get(&exercise.name);
                if shown.is_none_or(|&shown| shown < self.hints_open) {
                    self.session.record_hint(&exercise, self.hints_open)?;
                }
                self.session.log(
                    &exercise,
                    "hint",
                    &format!("level {}", self.hints_open),
                    Vec::new(),
                );
                if self.hints_open == levels && levels > 1 {
                    self.notice = Some("that is the last hint; e explains the error itself".into());
                }
            }
            Key::Char('e') => self.explain(runner)?,
            Key::Char('l') => self.open_list(),
            Key::Char('c') => {
                self.mode = Mode::CheckingAll;
                return Ok(vec![Effect::CheckAll {
                    exercises: self.session.curriculum.exercises.clone(),
                }]);
            }
            Key::Char('x') => self.mode = Mode::ConfirmReset,
            Key::Char('r') => {
                if std::mem::take(&mut self.self_edit_pause) {
                    self.changed_during_checks = 0;
                    self.warning = None;
                }
                return Ok(self.start_check(true));
            }
            _ => {}
        }
        Ok(vec![])
    }

    fn list_key(&mut self, key: Key, mut view: ListView) -> Result<Vec<Effect>> {
        let cursor = view.cursor;
        if view.confirm {
            view.confirm = false;
            self.mode = Mode::List(view);
            if key == Key::Char('y') {
                let exercise = self.session.curriculum.exercises[cursor].clone();
                self.reset(&exercise)?;
                if cursor == self.current && !self.list_only {
                    return Ok(self.start_check(true));
                }
            } else {
                self.notice = Some("reset cancelled".to_string());
            }
            return Ok(vec![]);
        }
        if view.typing {
            match key {
                Key::Char(c) => view.search.push(c),
                Key::Backspace => {
                    view.search.pop();
                }
                // Done typing: the rows stay filtered.
                Key::Enter => view.typing = false,
                Key::Esc => {
                    view.typing = false;
                    view.search.clear();
                }
                Key::Up | Key::Down => return self.list_move(key, view),
                Key::CtrlC => {}
            }
            self.mode = Mode::List(self.keep_cursor_in_rows(view));
            return Ok(vec![]);
        }
        let rows = self.list_rows(&view);
        match key {
            Key::Up | Key::Down | Key::Char('k' | 'j') => return self.list_move(key, view),
            Key::Char('/') => {
                view.typing = true;
                self.mode = Mode::List(view);
            }
            // Esc first clears a search, then leaves.
            Key::Esc if !view.search.is_empty() => {
                view.search.clear();
                self.mode = Mode::List(self.keep_cursor_in_rows(view));
            }
            Key::Enter if rows.contains(&cursor) && self.list_only => {
                self.current = cursor;
                let exercise = self.current_exercise().clone();
                self.session.set_current(Some(&exercise))?;
                return Ok(vec![Effect::Quit]);
            }
            Key::Enter if rows.contains(&cursor) => {
                self.mode = Mode::Main;
                return self.go_to(cursor);
            }
            Key::Esc | Key::Char('q') | Key::Char('l') if self.list_only => {
                return Ok(vec![Effect::Quit]);
            }
            Key::Char('r') if rows.contains(&cursor) => {
                view.confirm = true;
                self.mode = Mode::List(view);
            }
            Key::Char(c @ ('a' | 'd' | 'p')) => {
                view.filter = match c {
                    'd' => Filter::Done,
                    'p' => Filter::Pending,
                    _ => Filter::All,
                };
                self.mode = Mode::List(self.keep_cursor_in_rows(view));
            }
            Key::Esc | Key::Char('q') | Key::Char('l') => self.mode = Mode::Main,
            _ => {}
        }
        Ok(vec![])
    }

    /// ↑/↓ (or k/j): the row above or below among those shown.
    fn list_move(&mut self, key: Key, mut view: ListView) -> Result<Vec<Effect>> {
        let rows = self.list_rows(&view);
        let position = rows.iter().position(|&i| i == view.cursor).unwrap_or(0);
        let i = match key {
            Key::Up | Key::Char('k') => position.saturating_sub(1),
            _ => (position + 1).min(rows.len().saturating_sub(1)),
        };
        view.cursor = rows.get(i).copied().unwrap_or(view.cursor);
        self.mode = Mode::List(view);
        Ok(vec![])
    }

    /// The cursor stays on its row if that is still shown, else goes to the first row shown.
    fn keep_cursor_in_rows(&self, mut view: ListView) -> ListView {
        let rows = self.list_rows(&view);
        if !rows.contains(&view.cursor) {
            view.cursor = rows.first().copied().unwrap_or(view.cursor);
        }
        view
    }

    fn open_list(&mut self) {
        self.mode = Mode::List(ListView {
            cursor: self.current,
            filter: Filter::All,
            confirm: false,
            search: String::new(),
            typing: false,
        });
    }

    /// The exercises the list shows: those in the chosen state whose name or chapter contains
    /// the search text, ignoring case.
    fn list_rows(&self, view: &ListView) -> Vec<usize> {
        let progress = &self.session.progress;
        let search = view.search.to_lowercase();
        self.session
            .curriculum
            .exercises
            .iter()
            .enumerate()
            .filter(|(_, e)| match view.filter {
                Filter::All => true,
                Filter::Done => progress.is_done(&e.name),
                Filter::Pending => !progress.is_done(&e.name),
            })
            .filter(|(_, e)| {
                e.name.to_lowercase().contains(&search)
                    || e.dir
                        .as_deref()
                        .is_some_and(|d| d.to_lowercase().contains(&search))
            })
            .map(|(i, _)| i)
            .collect()
    }

    fn go_to(&mut self, index: usize) -> Result<Vec<Effect>> {
        self.current = index;
        self.assessment = None;
        self.check_error = None;
        self.hints_open = 0;
        self.last_checked = None;
        self.changed_at = None;
        self.recheck = false;
        self.mode = Mode::Main;
        let exercise = self.current_exercise().clone();
        self.session.set_current(Some(&exercise))?;
        Ok(self.start_check(true))
    }

    fn explain(&mut self, runner: &dyn Runner) -> Result<()> {
        let exercise = self.current_exercise();
        let waiting = self
            .assessment
            .as_ref()
            .is_some_and(|a| matches!(a.predict, verdict::PredictState::Waiting { .. }));
        if waiting {
            self.notice = Some(
                "predict first: the card would give the answer away. It opens once you have answered."
                    .to_string(),
            );
            return Ok(());
        }
        let first_error = self
            .assessment
            .as_ref()
            .and_then(|a| a.verdict.errors.first())
            .map(|e| &e.message);
        if let Some(message) = first_error
            && message.error_code().is_none()
            && let Some(card) = cards::card_for_message(&message.message)
        {
            let title = card
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("# ");
            let exercise = self.current_exercise().clone();
            self.session
                .log(&exercise, "card", "", vec![title.to_string()]);
            self.mode = Mode::Card {
                code: title.to_string(),
                text: card.to_string(),
            };
            return Ok(());
        }
        let from_error = first_error.and_then(|m| m.error_code()).map(String::from);
        let declared = exercise.errors.iter().find_map(|e| match e {
            crate::curriculum::ExpectedError::Code(code) => Some(code.clone()),
            _ => None,
        });
        // What is on screen first (an error, else a clippy remark), then what the exercise is
        // about.
        let from_lint = self
            .assessment
            .as_ref()
            .filter(|a| a.verdict.errors.is_empty())
            .and_then(|a| a.verdict.lints.first())
            .and_then(|l| l.code.clone());
        let declared_lint = exercise.lints().next().map(String::from);
        let Some(code) = from_error.or(from_lint).or(declared).or(declared_lint) else {
            self.notice = Some("there is no error code to explain here".to_string());
            return Ok(());
        };
        // The error on screen picks the card for its situation (E0277: not Send, `?`, ...).
        let said = first_error
            .filter(|m| m.error_code() == Some(code.as_str()))
            .map(|m| format!("{}\n{}", m.message, m.rendered))
            .unwrap_or_default();
        let text = match cards::card_for_error(&code, &said) {
            Some(card) => card.to_string(),
            None => match runner.explain(&code) {
                Ok(Some(text)) => {
                    let whose = if code.starts_with("clippy::") {
                        "clippy"
                    } else {
                        "rustc"
                    };
                    format!("# {code}: {whose}'s explanation (ferry has no card)\n\n{text}")
                }
                _ => {
                    self.notice = Some(format!("no explanation found for {code}"));
                    return Ok(());
                }
            },
        };
        self.session.record_card(&code)?;
        let exercise = self.current_exercise().clone();
        self.session.log(&exercise, "card", "", vec![code.clone()]);
        self.mode = Mode::Card { code, text };
        Ok(())
    }

    fn reset(&mut self, exercise: &Exercise) -> Result<()> {
        let outcome = self.session.reset(exercise)?;
        self.notice = Some(outcome.describe(exercise));
        if exercise.name == self.current_exercise().name {
            self.last_checked = None;
            self.hints_open = 0;
        }
        Ok(())
    }

    /// A check of the current exercise, unless its content is what was checked last (a save
    /// without changes) and this is not a forced re-check.
    fn start_check(&mut self, force: bool) -> Vec<Effect> {
        let exercise = self.current_exercise().clone();
        let path = self.session.curriculum.root.join(exercise.path());
        let Ok(bytes) = std::fs::read(&path) else {
            // Mid-save (renamed away for a moment) or deleted: the next event brings it back.
            self.check_error = Some(format!("{} cannot be read", exercise.path().display()));
            self.unreadable = true;
            return vec![];
        };
        if std::mem::take(&mut self.unreadable) {
            self.check_error = None;
        }
        let hash = hash_of(&bytes);
        if !force && self.last_checked == Some(hash) {
            return vec![];
        }
        if self.in_flight.is_some() {
            self.recheck = true;
            return vec![];
        }
        self.last_checked = Some(hash);
        self.generation += 1;
        self.in_flight = Some(self.generation);
        self.checks += 1;
        vec![Effect::Check {
            generation: self.generation,
            exercise: Box::new(exercise),
        }]
    }

    /// A check of the exercise named `checked` finished. It is recorded for that exercise; it
    /// is shown only if that is still the current one (the learner may have moved on, and
    /// then the current exercise gets a check of its own).
    fn finish_check(
        &mut self,
        checked: &str,
        source: &str,
        result: std::result::Result<verdict::Verdict, String>,
    ) -> Result<()> {
        let Ok(exercise) = self.session.curriculum.get(checked).cloned() else {
            return Ok(());
        };
        let current = exercise.name == self.current_exercise().name;
        if !current {
            if let Ok(verdict) = result {
                let recorded = self.session.progress.predictions.get(&exercise.name);
                let assessment = verdict::assess(&exercise, verdict, source, recorded);
                self.session.record(&exercise, &assessment)?;
            }
            self.recheck = true;
            return Ok(());
        }
        match result {
            Ok(verdict) => {
                let recorded = self.session.progress.predictions.get(&exercise.name);
                let assessment = verdict::assess(&exercise, verdict, source, recorded);
                let recorded = self.session.record(&exercise, &assessment)?;
                if let Some(solution) = recorded.solution {
                    let mut notice = format!(
                        "the reference solution is now in {}: compare it with yours",
                        self.links.path(&solution)
                    );
                    if recorded.manifest == Some(crate::workspace::ManifestUpdate::KeptEdits) {
                        notice.push('\n');
                        notice.push_str(&crate::workspace::kept_edits_text(
                            &self.session.curriculum,
                            &exercise,
                        ));
                    }
                    self.notice = Some(notice);
                }
                self.check_error = None;
                self.assessment = Some(assessment);
                let all_done = self
                    .session
                    .curriculum
                    .exercises
                    .iter()
                    .all(|e| self.session.progress.is_done(&e.name));
                let done = self.assessment.as_ref().is_some_and(|a| a.done);
                if all_done && done {
                    self.mode = Mode::Finished;
                } else if self.mode == Mode::Finished {
                    // Broken again after the end: the learner needs the verdict, not the
                    // congratulations.
                    self.mode = Mode::Main;
                }
            }
            Err(message) => self.check_error = Some(message),
        }
        Ok(())
    }

    fn finish_check_all(
        &mut self,
        results: Vec<std::result::Result<verdict::Verdict, String>>,
    ) -> Result<()> {
        let mut summary = Vec::with_capacity(results.len());
        let root = self.session.curriculum.root.clone();
        let exercises = self.session.curriculum.exercises.clone();
        for (exercise, result) in exercises.iter().zip(results) {
            let done = match result {
                Ok(verdict) => {
                    let source =
                        std::fs::read_to_string(root.join(exercise.path())).unwrap_or_default();
                    let recorded = self.session.progress.predictions.get(&exercise.name);
                    let assessment = verdict::assess(exercise, verdict, &source, recorded);
                    // Recorded like any check: the attempt log, predictions, done, and in a
                    // workspace the reference solution.
                    self.session.record(exercise, &assessment)?;
                    Some(assessment.done)
                }
                Err(_) => None,
            };
            summary.push(done);
        }
        if self.mode == Mode::CheckingAll {
            self.mode = Mode::AllChecked { results: summary };
        }
        Ok(())
    }

    fn is_current_file(&self, path: &Path) -> bool {
        path.ends_with(self.current_exercise().path())
    }

    fn is_probe(&self, path: &Path) -> bool {
        path.file_name().is_some_and(|n| n == PROBE_FILE)
    }

    pub fn draw(&self, out: &mut dyn Write) -> io::Result<()> {
        let curriculum = &self.session.curriculum;
        let progress = &self.session.progress;
        let exercise = self.current_exercise();
        let done = curriculum
            .exercises
            .iter()
            .filter(|e| progress.is_done(&e.name))
            .count();
        let list_rows;
        let body = match &self.mode {
            Mode::Main => match (&self.assessment, &self.check_error) {
                (_, Some(error)) => Body::Problem(error),
                (Some(assessment), None) => Body::Assessment(assessment),
                (None, None) => Body::Checking,
            },
            Mode::Card { text, .. } => Body::Card(text),
            Mode::List(view) => {
                list_rows = self
                    .list_rows(view)
                    .into_iter()
                    .map(|i| {
                        let e = &curriculum.exercises[i];
                        ListRow {
                            exercise: e,
                            done: progress.is_done(&e.name),
                            current: i == self.current,
                            selected: i == view.cursor,
                        }
                    })
                    .collect::<Vec<_>>();
                Body::List {
                    rows: &list_rows,
                    columns: screen::Columns::of(&curriculum.exercises),
                    filter: match view.filter {
                        Filter::All => "all",
                        Filter::Done => "done",
                        Filter::Pending => "pending",
                    },
                    search: &view.search,
                    typing: view.typing,
                    confirm: view.confirm.then(|| &curriculum.exercises[view.cursor]),
                }
            }
            Mode::ConfirmReset => Body::ConfirmReset,
            Mode::CheckingAll => Body::CheckingAll,
            Mode::AllChecked { results } => Body::AllChecked {
                exercises: &curriculum.exercises,
                results,
            },
            Mode::Finished => Body::Finished {
                message: curriculum.final_message.as_deref(),
                hints: progress.hints_shown.values().sum(),
                cards: progress.cards_seen.len(),
                predictions: progress
                    .predictions
                    .values()
                    .filter(|g| g.is_right())
                    .count(),
                predictions_made: progress.predictions.len(),
                attempts: self
                    .session
                    .state
                    .attempts()
                    .iter()
                    .filter(|a| a.event == "check")
                    .count(),
            },
        };
        screen::draw(
            out,
            &Frame {
                width: self.width,
                height: self.height,
                done,
                total: curriculum.exercises.len(),
                exercise,
                checking: self.in_flight.is_some(),
                body,
                hints: &exercise.hints[..self.hints_open.min(exercise.hints.len())],
                hint_levels: exercise.hints.len(),
                notice: self.notice.as_deref(),
                warning: self.warning.as_deref(),
                manual: self.manual,
                links: &self.links,
            },
        )?;
        out.flush()
    }
}

fn hash_of(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}
