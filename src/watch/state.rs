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
use crate::render::screen::{Drawn, Scroll};
use crate::runner::Runner;
use crate::session::Session;
use crate::solution::Solved;
use crate::state::Trigger;
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
    PageUp,
    PageDown,
    Home,
    End,
    /// The mouse wheel, where the terminal reports it.
    WheelUp,
    WheelDown,
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
    /// How the last attempt to send the class's outbox went.
    Class(crate::class::client::Delivery),
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
pub(super) enum Mode {
    Main,
    Card {
        code: String,
        text: String,
    },
    /// A chapter's README (Markdown): its introduction on entering the chapter, or all of it.
    Chapter {
        text: String,
        whole: bool,
    },
    List(ListView),
    ConfirmReset,
    CheckingAll,
    AllChecked {
        results: Vec<Option<bool>>,
    },
    Finished,
}

/// A status line: what it says, the exercise it is about, and how long it lasts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Notice {
    pub(super) text: String,
    pub(super) exercise: usize,
    lasts: Lasts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lasts {
    /// Until the next key.
    Key,
    /// Until the next key or the next verdict, which it would contradict ("n moves on once
    /// this exercise is done" under a done exercise).
    Verdict,
}

/// What `e` would open.
enum Explainable {
    /// Nothing yet: a predict exercise waits for its answer.
    Waiting,
    /// The card for an error without a code.
    Card {
        title: String,
        text: &'static str,
    },
    /// The card (or rustc's, or clippy's explanation) of a code; `said`: the compiler's words.
    Code {
        code: String,
        said: String,
    },
    Nothing,
}

/// The list's place and what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ListView {
    pub(super) cursor: usize,
    pub(super) filter: Filter,
    /// Asking whether to reset the exercise under the cursor.
    pub(super) confirm: bool,
    /// The search (`/`): only rows whose name or chapter contain it, ignoring case.
    pub(super) search: String,
    /// Keys type into the search (until enter or esc).
    pub(super) typing: bool,
}

pub struct WatchState {
    pub(super) session: Session,
    pub(super) current: usize,
    pub(super) assessment: Option<Assessment>,
    pub(super) check_error: Option<String>,
    pub(super) in_flight: Option<u64>,
    pub(super) generation: u64,
    /// When the last file event for the current exercise arrived (a check is due after it).
    pub(super) changed_at: Option<Instant>,
    /// A save landed while a check was running: check again when it finishes.
    pub(super) recheck: bool,
    /// What started the check under way, and what asked for the one after it.
    trigger: Trigger,
    queued: Option<Trigger>,
    /// How many checks in a row saw their file change while they ran. A program that writes
    /// to its own exercise file does that every time; after a few, ferry waits for `r`.
    pub(super) changed_during_checks: u8,
    /// Re-checking on saves is paused until `r` (see `changed_during_checks`).
    pub(super) self_edit_pause: bool,
    /// The current file could not be read at the last try (deleted, or renamed away).
    pub(super) unreadable: bool,
    pub(super) last_checked: Option<u64>,
    pub(super) mode: Mode,
    pub(super) hints_open: usize,
    /// A one-off message about the current exercise, cleared by the next key.
    pub(super) notice: Option<Notice>,
    /// A lasting warning: the file watcher is missing or may not see saves.
    pub(super) warning: Option<String>,
    pub(super) probe_until: Option<Instant>,
    pub(super) manual: bool,
    /// `ferry list` on a terminal: only the list; leaving it quits.
    pub(super) list_only: bool,
    pub(super) width: u16,
    pub(super) height: u16,
    pub(super) checks: usize,
    /// File paths on screen: clickable, or plain.
    pub(super) links: Links,
    /// When the check under way started.
    pub(super) check_started: Option<Instant>,
    /// While a check runs, the screen is redrawn each second to say how long it has run.
    next_second: Option<Instant>,
    /// Where the scrolling area is, and what it held when last drawn.
    pub(super) scroll: Scroll,
    drawn: Drawn,
    /// The current exercise is done: what the done panel says about the reference solution.
    pub(super) solved: Option<Solved>,
    /// Counts the verdicts shown: a new one scrolls back to the top.
    shown: u64,
    /// The time of the event being handled.
    now: Instant,
    /// A request for help is queued and has not reached the class yet.
    pub(super) help_waiting: bool,
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
            // Hard-wrapped in info.toml: wrapped again to the terminal, once.
            .map(|m| Notice {
                text: crate::render::text::unwrap_paragraphs(m),
                exercise: current,
                lasts: Lasts::Key,
            });
        WatchState {
            session,
            current,
            assessment: None,
            check_error: None,
            in_flight: None,
            generation: 0,
            changed_at: None,
            recheck: false,
            trigger: Trigger::Open,
            queued: None,
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
            check_started: None,
            next_second: None,
            now: Instant::now(),
            scroll: Scroll::default(),
            drawn: Drawn::default(),
            solved: None,
            shown: 0,
            help_waiting: false,
        }
    }

    /// File paths become hyperlinks to the files (when the terminal shows them: `Config`).
    pub fn hyperlinks(mut self, on: bool) -> WatchState {
        self.links = Links::new(&self.session.curriculum.root, on);
        self
    }

    /// The first frame and the first check; a probe write to see whether saves are noticed.
    pub fn start(&mut self, now: Instant, out: &mut dyn Write) -> io::Result<Vec<Effect>> {
        self.now = now;
        if self.list_only {
            self.open_list();
            self.draw(now, out)?;
            return Ok(vec![]);
        }
        let mut effects = self.start_check(true, Trigger::Open);
        // Starting a chapter (none of its exercises done yet): its introduction first.
        let chapter = self.current_exercise().dir.clone();
        let started = self
            .session
            .curriculum
            .exercises
            .iter()
            .any(|e| e.dir == chapter && self.session.progress.is_done(&e.name));
        if !started {
            self.introduce_chapter();
        }
        if !self.manual {
            self.probe_until = Some(now + PROBE_WAIT);
            effects.push(Effect::WriteProbe);
        }
        self.draw(now, out)?;
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
        let clock = self.next_second.filter(|_| self.in_flight.is_some());
        [debounce, self.probe_until, clock]
            .into_iter()
            .flatten()
            .min()
    }

    /// The width the compiler should fit its messages to.
    pub fn width_hint(&self) -> u16 {
        self.width
    }

    /// The curriculum's folder.
    pub fn root(&self) -> &Path {
        &self.session.curriculum.root
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
        self.now = now;
        let scrolled_for = self.scroll_key();
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
                if let Some(next) = self.next_second
                    && now >= next
                {
                    let behind = now.saturating_duration_since(next).as_secs();
                    self.next_second = Some(next + Duration::from_secs(behind + 1));
                    redraw |= self.in_flight.is_some();
                }
                if let Some(at) = self.changed_at
                    && now >= at + DEBOUNCE
                {
                    self.changed_at = None;
                    if self.in_flight.is_some() {
                        self.recheck = true;
                        self.queued.get_or_insert(Trigger::Save);
                    } else {
                        let was_unreadable = self.unreadable;
                        effects.extend(self.start_check(false, Trigger::Save));
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
                let queued = self.queued.take();
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
                    let trigger = if moved_on {
                        Trigger::Open
                    } else {
                        queued.unwrap_or(Trigger::Save)
                    };
                    effects.extend(self.start_check(false, trigger));
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
            Event::Class(delivery) => redraw = self.class_news(delivery),
        }
        if self.scroll_key() != scrolled_for {
            self.scroll = Scroll::default();
        }
        if redraw {
            self.draw(now, out)?;
        }
        Ok(effects)
    }

    /// Draws the screen and keeps what its scrolling area held, for the scroll keys.
    fn draw(&mut self, now: Instant, out: &mut dyn Write) -> io::Result<()> {
        self.drawn = super::view::draw(self, now, out)?;
        self.scroll = Scroll {
            offset: self.drawn.offset,
            to_last_hint: false,
        };
        Ok(())
    }

    /// What the scrolling area shows: when it changes, it starts again at the top.
    fn scroll_key(&self) -> (std::mem::Discriminant<Mode>, usize, u64) {
        (std::mem::discriminant(&self.mode), self.current, self.shown)
    }

    /// ↑/↓, PgUp/PgDn, Home/End and the wheel move the scrolling area; whether `key` was one.
    fn scroll_by(&mut self, key: Key) -> bool {
        let Drawn {
            offset,
            max_offset,
            page,
        } = self.drawn;
        let page = page.saturating_sub(1).max(1);
        let offset = match key {
            Key::Up => offset.saturating_sub(1),
            Key::Down => offset + 1,
            Key::WheelUp => offset.saturating_sub(3),
            Key::WheelDown => offset + 3,
            Key::PageUp => offset.saturating_sub(page),
            Key::PageDown => offset + page,
            Key::Home => 0,
            Key::End => max_offset,
            _ => return false,
        };
        self.scroll.offset = offset.min(max_offset);
        true
    }

    fn key(&mut self, key: Key, runner: &dyn Runner) -> Result<Vec<Effect>> {
        if key == Key::CtrlC {
            return Ok(vec![Effect::Quit]);
        }
        let scrolls = matches!(
            self.mode,
            Mode::Main
                | Mode::Card { .. }
                | Mode::Chapter { .. }
                | Mode::AllChecked { .. }
                | Mode::Finished
        );
        if scrolls && self.scroll_by(key) {
            return Ok(vec![]);
        }
        match self.mode.clone() {
            Mode::Main => self.main_key(key, runner),
            Mode::Card { .. } | Mode::AllChecked { .. } => {
                self.mode = Mode::Main;
                Ok(vec![])
            }
            Mode::Chapter { whole, .. } => {
                self.mode = Mode::Main;
                match key {
                    Key::Char('i') if !whole => {
                        self.open_chapter();
                        Ok(vec![])
                    }
                    // Leaving goes to the exercise (the welcome's "press any key" is this
                    // key); a key that does something there does it.
                    Key::Char(' ' | 'i') | Key::Enter | Key::Esc => {
                        self.notice = None;
                        Ok(vec![])
                    }
                    _ => self.main_key(key, runner),
                }
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
                    return Ok(self.start_check(true, Trigger::Reset));
                }
                self.say("reset cancelled", Lasts::Key);
                Ok(vec![])
            }
            Mode::List(view) => self.list_key(key, view),
            Mode::Finished => Ok(match key {
                Key::Char('q') | Key::Esc => vec![Effect::Quit],
                Key::Char('l') => {
                    self.open_list();
                    vec![]
                }
                // Check again: the journey stays unless the exercise broke meanwhile.
                Key::Char('r') => self.start_check(true, Trigger::Recheck),
                // Check everything: the result shows on its own screen.
                Key::Char('c') => {
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
                    self.say(
                        "n moves on once this exercise is done: it compiles, its tests pass and clippy is happy",
                        Lasts::Verdict,
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
                    self.say(crate::predict::HINT_WITHHELD, Lasts::Verdict);
                    return Ok(Vec::new());
                }
                if self.hints_open < levels {
                    self.hints_open += 1;
                }
                self.scroll.to_last_hint = true;
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
                    // Pointing at e only when e has something to open.
                    let text = match self.explainable() {
                        Explainable::Code { .. } | Explainable::Card { .. } => {
                            "that is the last hint; e explains the error itself"
                        }
                        Explainable::Waiting | Explainable::Nothing => "that is the last hint",
                    };
                    self.say(text, Lasts::Verdict);
                }
            }
            Key::Char('e') => self.explain(runner)?,
            Key::Char('a') => self.ask_for_help()?,
            Key::Char('i') => self.open_chapter(),
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
                // In --manual, r is how a save is checked.
                let trigger = if self.manual {
                    Trigger::Save
                } else {
                    Trigger::Recheck
                };
                return Ok(self.start_check(true, trigger));
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
                    return Ok(self.start_check(true, Trigger::Reset));
                }
            } else {
                self.say("reset cancelled", Lasts::Key);
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
                Key::Up | Key::Down | Key::WheelUp | Key::WheelDown => {
                    return self.list_move(key, view);
                }
                _ => {}
            }
            self.mode = Mode::List(self.keep_cursor_in_rows(view));
            return Ok(vec![]);
        }
        let rows = self.list_rows(&view);
        match key {
            Key::Up | Key::Down | Key::WheelUp | Key::WheelDown | Key::Char('k' | 'j') => {
                return self.list_move(key, view);
            }
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
            Key::Up | Key::WheelUp | Key::Char('k') => position.saturating_sub(1),
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
    pub(super) fn list_rows(&self, view: &ListView) -> Vec<usize> {
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
        let left = self.current_exercise().dir.clone();
        self.current = index;
        self.notice = None;
        self.solved = None;
        self.assessment = None;
        self.check_error = None;
        self.hints_open = 0;
        self.last_checked = None;
        self.changed_at = None;
        self.recheck = false;
        self.queued = None;
        self.mode = Mode::Main;
        let exercise = self.current_exercise().clone();
        if exercise.dir != left {
            self.introduce_chapter();
        }
        self.session.set_current(Some(&exercise))?;
        Ok(self.start_check(true, Trigger::Open))
    }

    /// The current exercise's chapter README, if it has one: its introduction, or all of it.
    fn chapter_text(&self, whole: bool) -> Option<String> {
        let chapter = self.current_exercise().dir.as_deref()?;
        let readme = crate::curriculum::chapter::readme(self.root(), chapter)?;
        Some(if whole {
            readme
        } else {
            crate::curriculum::chapter::introduction(&readme)
        })
    }

    /// Entering a chapter: its introduction comes before the first exercise's error.
    fn introduce_chapter(&mut self) {
        if let Some(text) = self.chapter_text(false) {
            self.mode = Mode::Chapter { text, whole: false };
        }
    }

    /// `i`: the chapter's whole README.
    fn open_chapter(&mut self) {
        match self.chapter_text(true) {
            Some(text) => self.mode = Mode::Chapter { text, whole: true },
            None => {
                let text = match &self.current_exercise().dir {
                    Some(chapter) => format!(
                        "this chapter has no README ({} is missing)",
                        crate::curriculum::chapter::readme_path(chapter).display()
                    ),
                    None => {
                        "this exercise is in no chapter, so there is no chapter README".to_string()
                    }
                };
                self.say(&text, Lasts::Key);
            }
        }
    }

    /// What `e` would open now.
    fn explainable(&self) -> Explainable {
        let exercise = self.current_exercise();
        let waiting = self
            .assessment
            .as_ref()
            .is_some_and(|a| matches!(a.predict, verdict::PredictState::Waiting { .. }));
        if waiting {
            return Explainable::Waiting;
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
            return Explainable::Card {
                title: title.to_string(),
                text: card,
            };
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
            return Explainable::Nothing;
        };
        // The error on screen picks the card for its situation (E0277: not Send, `?`, ...).
        let said = first_error
            .filter(|m| m.error_code() == Some(code.as_str()))
            .map(|m| format!("{}\n{}", m.message, m.rendered))
            .unwrap_or_default();
        Explainable::Code { code, said }
    }

    fn explain(&mut self, runner: &dyn Runner) -> Result<()> {
        let (code, text) = match self.explainable() {
            Explainable::Waiting => {
                self.say(
                    "predict first: the card would give the answer away. It opens once you have answered.",
                    Lasts::Verdict,
                );
                return Ok(());
            }
            Explainable::Nothing => {
                self.say("there is no error code to explain here", Lasts::Key);
                return Ok(());
            }
            Explainable::Card { title, text } => (title, text.to_string()),
            Explainable::Code { code, said } => {
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
                            self.say(&format!("no explanation found for {code}"), Lasts::Key);
                            return Ok(());
                        }
                    },
                };
                (code, text)
            }
        };
        self.session.record_card(&code)?;
        let exercise = self.current_exercise().clone();
        self.session.log(&exercise, "card", "", vec![code.clone()]);
        self.mode = Mode::Card { code, text };
        Ok(())
    }

    /// `a`: the current file and what ferry said about it go to the class's board.
    fn ask_for_help(&mut self) -> Result<()> {
        if self.session.class.is_none() {
            self.say(
                "a asks the instructor for help in a class: join one with `ferry class join URL` (the address the instructor gives)",
                Lasts::Key,
            );
            return Ok(());
        }
        if self.assessment.is_none() && self.check_error.is_none() {
            self.say(
                "the first check is still running: press a again once it answers, so that the instructor sees the error",
                Lasts::Key,
            );
            return Ok(());
        }
        let exercise = self.current_exercise().clone();
        let file = std::fs::read_to_string(self.root().join(exercise.path())).unwrap_or_default();
        let error = match (&self.assessment, &self.check_error) {
            (_, Some(problem)) => problem.clone(),
            (Some(assessment), None) => {
                // ferry's verdict first: the instructor reads its first lines.
                let mut said = Vec::new();
                let _ = crate::render::verdict_panel(&mut said, &exercise, assessment);
                said.push(b'\n');
                let _ = crate::render::compiler_output(&mut said, assessment);
                crate::render::text::plain(&String::from_utf8_lossy(&said))
            }
            (None, None) => String::new(),
        };
        self.session.ask_for_help(&exercise, &file, &error)?;
        self.help_waiting = true;
        self.say(
            "asking for help: your file and the error are queued for the instructor's board",
            Lasts::Key,
        );
        Ok(())
    }

    /// What the class's delivery thread said; whether the screen changes.
    fn class_news(&mut self, delivery: crate::class::client::Delivery) -> bool {
        use crate::class::client::Delivery;
        const REFUSED: &str = "the class refused";
        let had_warning = self
            .warning
            .as_deref()
            .is_some_and(|w| w.starts_with(REFUSED));
        match delivery {
            Delivery::Done { helps, .. } => {
                if had_warning {
                    self.warning = None;
                }
                if helps > 0 && std::mem::take(&mut self.help_waiting) {
                    self.say(
                        "delivered: your request for help is on the instructor's board",
                        Lasts::Key,
                    );
                    return true;
                }
                had_warning
            }
            Delivery::Later { reason, .. } if self.help_waiting => {
                self.say(
                    &format!(
                        "your request for help is queued: the class cannot be reached ({reason}); ferry keeps trying"
                    ),
                    Lasts::Key,
                );
                true
            }
            Delivery::Later { .. } => false,
            Delivery::Refused(reason) => {
                self.warning = Some(format!(
                    "{REFUSED} this workspace's checks ({reason}): `ferry class join URL` with the instructor's address"
                ));
                true
            }
        }
    }

    /// A status line for the current exercise, until the next key (or, with
    /// `Lasts::Verdict`, until a new verdict too).
    fn say(&mut self, text: &str, lasts: Lasts) {
        self.notice = Some(Notice {
            text: text.to_string(),
            exercise: self.current,
            lasts,
        });
    }

    fn reset(&mut self, exercise: &Exercise) -> Result<()> {
        let outcome = self.session.reset(exercise)?;
        self.say(&outcome.describe(exercise), Lasts::Key);
        if exercise.name == self.current_exercise().name {
            self.last_checked = None;
            self.hints_open = 0;
            // What was said about the file before is not about the untouched one.
            self.assessment = None;
            self.solved = None;
            self.check_error = None;
            self.shown += 1;
        }
        Ok(())
    }

    /// A check of the current exercise, unless its content is what was checked last (a save
    /// without changes) and this is not a forced re-check.
    fn start_check(&mut self, force: bool, trigger: Trigger) -> Vec<Effect> {
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
            self.queued.get_or_insert(trigger);
            return vec![];
        }
        self.last_checked = Some(hash);
        self.trigger = trigger;
        self.generation += 1;
        self.in_flight = Some(self.generation);
        self.check_started = Some(self.now);
        self.next_second = Some(self.now + Duration::from_secs(1));
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
                self.session.record(&exercise, &assessment, self.trigger)?;
            }
            self.recheck = true;
            return Ok(());
        }
        // A new verdict: what was said about the last one goes.
        if self
            .notice
            .as_ref()
            .is_some_and(|n| n.lasts == Lasts::Verdict)
        {
            self.notice = None;
        }
        // Another ferry (`ferry reset` in a second terminal) may have changed the progress.
        self.session.reload();
        match result {
            Ok(verdict) => {
                let recorded = self.session.progress.predictions.get(&exercise.name);
                let assessment = verdict::assess(&exercise, verdict, source, recorded);
                let recorded = self.session.record(&exercise, &assessment, self.trigger)?;
                self.solved = assessment
                    .done
                    .then(|| self.solved_now(&exercise, &assessment, source, &recorded));
                // Just done: the done panel takes the place of the hints read on the way (h
                // opens them again).
                if assessment.done && !self.assessment.as_ref().is_some_and(|a| a.done) {
                    self.hints_open = 0;
                }
                self.check_error = None;
                self.assessment = Some(assessment);
                self.shown += 1;
                // The last exercise done: its done panel first, like every other one; n
                // then shows the journey.
                let all_done = self.all_done();
                let done = self.assessment.as_ref().is_some_and(|a| a.done);
                if all_done && done {
                    self.say(
                        "that was the last exercise: n shows your journey",
                        Lasts::Verdict,
                    );
                }
                if self.mode == Mode::Finished && !done {
                    // Broken again after the end: the learner needs the verdict, not the
                    // congratulations.
                    self.mode = Mode::Main;
                }
            }
            Err(message) => {
                self.check_error = Some(message);
                self.solved = None;
                self.shown += 1;
            }
        }
        Ok(())
    }

    fn all_done(&self) -> bool {
        self.session
            .curriculum
            .exercises
            .iter()
            .all(|e| self.session.progress.is_done(&e.name))
    }

    /// The done panel's matter: the reference solution's explanation, how the learner's code
    /// differs, what main printed.
    fn solved_now(
        &self,
        exercise: &Exercise,
        assessment: &Assessment,
        source: &str,
        recorded: &crate::session::Recorded,
    ) -> Solved {
        let output = assessment
            .verdict
            .execution
            .as_ref()
            .filter(|_| !exercise.test)
            .map(|e| format!("{}{}", e.stdout, e.stderr));
        let untouched = self.session.originals().text(exercise);
        let mut solved = crate::solution::solved(
            &self.session.curriculum,
            exercise,
            self.session.bundled,
            untouched.as_deref(),
            source,
            output.as_deref(),
        );
        solved.just_written = recorded.solution.is_some();
        if recorded.manifest == Some(crate::workspace::ManifestUpdate::KeptEdits) {
            solved.kept_edits = Some(crate::workspace::kept_edits_text(
                &self.session.curriculum,
                exercise,
            ));
        }
        solved
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
                    self.session.record(exercise, &assessment, Trigger::All)?;
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
}

fn hash_of(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}
