//! `ferry watch`: the learning loop in a terminal.
//!
//! Small threads turn key presses, resizes and file events into `Event`s on one channel; the
//! `WatchState` machine handles them one at a time; checks run on their own thread and come
//! back as events too.

pub mod state;
#[cfg(test)]
mod tests;
mod view;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::{self, JoinHandle};
use std::time::Instant;

use crossterm::event::{self as term, KeyCode, KeyEventKind, KeyModifiers, MouseEventKind};
use notify::{RecursiveMode, Watcher};

use crate::Success;
use crate::check;
use crate::config::Config;
use crate::curriculum::Exercise;
use crate::error::{Error, Result};
use crate::originals::Originals;
use crate::runner::{RealRunner, Runner, Toolchain};
use crate::session::Session;
pub use state::{Effect, Event, Key, WatchState};

/// `class`: a class address for this session only (`ferry watch --class URL`).
pub fn watch(
    config: &Config,
    manual: bool,
    class: Option<&str>,
    out: &mut dyn Write,
) -> Result<Success> {
    run_loop(config, manual, false, class, out)
}

/// `ferry list` on a terminal: the interactive list alone.
pub fn list(config: &Config, out: &mut dyn Write) -> Result<Success> {
    run_loop(config, true, true, None, out)
}

fn run_loop(
    config: &Config,
    manual: bool,
    list_only: bool,
    class: Option<&str>,
    out: &mut dyn Write,
) -> Result<Success> {
    needs_terminal(config)?;
    let mut session = Session::open(config, true)?;
    session.state.ensure()?;
    if let Some(url) = class {
        session.class = Some(crate::class::client::link_to(
            &session.state,
            url,
            None,
            None,
        )?);
    }
    let (tx, rx) = mpsc::channel();
    if !list_only && let Some(link) = session.class.as_mut() {
        let news = tx.clone();
        link.start_delivery(move |delivery| {
            let _ = news.send(Event::Class(delivery));
        });
    }
    let root = session.curriculum.root.clone();
    let state_dir = session.state.path.clone();
    let originals = session.originals();
    let runner: Arc<RealRunner> = Arc::new(
        RealRunner::new(Toolchain::resolve(&root, Some(&state_dir))?)
            .with_crates(&root, &session.curriculum.crates),
    );
    let (width, height) = crossterm::terminal::size().unwrap_or((80, 24));
    let mut state = WatchState::new(session, manual, width, height).hyperlinks(config.hyperlinks);
    if list_only {
        state = state.list_only();
    }

    let _watcher = if manual {
        None
    } else {
        match start_watcher(&root, &state_dir, tx.clone()) {
            Ok(watcher) => Some(watcher),
            Err(reason) => {
                state.watcher_unavailable(&reason);
                None
            }
        }
    };
    spawn_keys(tx.clone());
    let on_signal = tx.clone();
    crate::signals::on_signal(move || {
        let _ = on_signal.send(Event::Signal);
    });

    let _terminal = Terminal::enter()?;
    let mut out = RawOut(out);
    let cancel = Arc::clone(&runner.cancel);
    let driver = Driver::new(runner, cancel, tx, &state_dir, originals, config);
    let result = driver.run(&mut state, &rx, &mut out);
    result.map(|()| Success::Yes)
}

pub fn needs_terminal(config: &Config) -> Result<()> {
    if config.terminal {
        Ok(())
    } else {
        Err(Error::Usage(
            "ferry watch needs a terminal\n  fix: run it in a terminal, or check one exercise with `ferry run`".to_string(),
        ))
    }
}

/// Whether the loop goes on after an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Go,
    Quit,
}

/// Feeds events to the state machine and performs the effects it asks for: checks on threads
/// of their own, whose results come back as events on the same channel as keys and saves.
struct Driver {
    runner: Arc<dyn Runner + Send + Sync>,
    /// Stops whatever the runner has running (ferry is quitting).
    cancel: Arc<AtomicBool>,
    tx: Sender<Event>,
    state_dir: PathBuf,
    originals: Originals,
    color: bool,
    jobs: usize,
    threads: Vec<JoinHandle<()>>,
    /// Checks started whose result has not been handled yet.
    running: usize,
}

impl Driver {
    fn new(
        runner: Arc<dyn Runner + Send + Sync>,
        cancel: Arc<AtomicBool>,
        tx: Sender<Event>,
        state_dir: &Path,
        originals: Originals,
        config: &Config,
    ) -> Driver {
        Driver {
            runner,
            cancel,
            tx,
            state_dir: state_dir.to_path_buf(),
            originals,
            color: config.color,
            jobs: config.jobs,
            threads: Vec::new(),
            running: 0,
        }
    }

    /// Runs until the learner quits, a signal arrives or the channel closes; whatever is still
    /// compiling or running is stopped before it returns.
    fn run(
        mut self,
        state: &mut WatchState,
        rx: &Receiver<Event>,
        out: &mut dyn Write,
    ) -> Result<()> {
        let result = self.run_until_quit(state, rx, out);
        self.stop();
        result
    }

    fn run_until_quit(
        &mut self,
        state: &mut WatchState,
        rx: &Receiver<Event>,
        out: &mut dyn Write,
    ) -> Result<()> {
        if self.start(state, Instant::now(), out)? == Flow::Quit {
            return Ok(());
        }
        while let Some(event) = next_event(state, rx) {
            if self.step(state, event, Instant::now(), out)? == Flow::Quit {
                return Ok(());
            }
        }
        Ok(())
    }

    /// The first frame, and the first check.
    fn start(&mut self, state: &mut WatchState, now: Instant, out: &mut dyn Write) -> Result<Flow> {
        let effects = state.start(now, out)?;
        Ok(self.perform_all(state, effects))
    }

    /// One event through the state machine, and what it asks for done.
    fn step(
        &mut self,
        state: &mut WatchState,
        event: Event,
        now: Instant,
        out: &mut dyn Write,
    ) -> Result<Flow> {
        if matches!(event, Event::Checked { .. } | Event::CheckedAll(_)) {
            self.running = self.running.saturating_sub(1);
        }
        let effects = state.handle(event, now, out, self.runner.as_ref())?;
        self.threads.retain(|t| !t.is_finished());
        Ok(self.perform_all(state, effects))
    }

    fn perform_all(&mut self, state: &WatchState, effects: Vec<Effect>) -> Flow {
        for effect in effects {
            if effect == Effect::Quit {
                self.stop();
                return Flow::Quit;
            }
            self.perform(effect, state);
        }
        Flow::Go
    }

    /// Stops what is still compiling or running and waits for its threads.
    fn stop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }

    fn perform(&mut self, effect: Effect, state: &WatchState) {
        let root = state.root().to_path_buf();
        match effect {
            Effect::Check {
                generation,
                exercise,
            } => {
                let (runner, tx) = (Arc::clone(&self.runner), self.tx.clone());
                let out_dir = self.state_dir.join("target").join(&exercise.name);
                let options = check::Options {
                    color: self.color,
                    width: Some(state.width_hint()),
                    ..check::Options::default()
                };
                let originals = self.originals.clone();
                self.running += 1;
                self.threads.push(thread::spawn(move || {
                    let source =
                        std::fs::read_to_string(root.join(exercise.path())).unwrap_or_default();
                    let result = check::check(
                        runner.as_ref(),
                        &root,
                        &exercise,
                        &exercise.path(),
                        originals.text(&exercise).as_deref(),
                        &out_dir,
                        options,
                    );
                    if matches!(result, Err(Error::Cancelled)) {
                        return;
                    }
                    let _ = tx.send(Event::Checked {
                        generation,
                        exercise: exercise.name.clone(),
                        source,
                        result: Box::new(result.map_err(|e| e.to_string())),
                    });
                }));
            }
            Effect::CheckAll { exercises } => {
                let (runner, tx) = (Arc::clone(&self.runner), self.tx.clone());
                let build = self.state_dir.join("target").join("all");
                let jobs = self.jobs;
                let originals = self.originals.clone();
                self.running += 1;
                self.threads.push(thread::spawn(move || {
                    let results =
                        check_all(runner.as_ref(), &root, &originals, &build, &exercises, jobs);
                    let _ = tx.send(Event::CheckedAll(results));
                }));
            }
            Effect::WriteProbe => {
                let _ = std::fs::write(
                    self.state_dir.join(state::PROBE_FILE),
                    format!("{:?}\n", std::time::SystemTime::now()),
                );
            }
            Effect::Quit => {}
        }
    }
}

/// The next event; a `Tick` when the state machine's deadline passes first; `None` when every
/// sender is gone.
fn next_event(state: &WatchState, rx: &Receiver<Event>) -> Option<Event> {
    match state.deadline() {
        Some(deadline) => {
            match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(event) => Some(event),
                Err(RecvTimeoutError::Timeout) => Some(Event::Tick),
                Err(RecvTimeoutError::Disconnected) => None,
            }
        }
        None => rx.recv().ok(),
    }
}

/// Checks every exercise as the learner has it, on `jobs` threads.
pub fn check_all(
    runner: &dyn Runner,
    root: &Path,
    originals: &Originals,
    build: &Path,
    exercises: &[Exercise],
    jobs: usize,
) -> Vec<std::result::Result<crate::verdict::Verdict, String>> {
    check::parallel(jobs, exercises.len(), |i| {
        let exercise = &exercises[i];
        check::check(
            runner,
            root,
            exercise,
            &exercise.path(),
            originals.text(exercise).as_deref(),
            &build.join(&exercise.name),
            check::Options::default(),
        )
        .map_err(|e| e.to_string())
    })
}

fn start_watcher(
    root: &Path,
    state_dir: &Path,
    tx: Sender<Event>,
) -> std::result::Result<notify::RecommendedWatcher, String> {
    let mut watcher =
        notify::recommended_watcher(move |event: notify::Result<notify::Event>| match event {
            Ok(event) => {
                if matches!(
                    event.kind,
                    notify::EventKind::Create(_) | notify::EventKind::Modify(_)
                ) {
                    for path in event.paths {
                        let _ = tx.send(Event::FileChanged(path));
                    }
                }
            }
            Err(err) => {
                let _ = tx.send(Event::WatcherError(err.to_string()));
            }
        })
        .map_err(|e| e.to_string())?;
    watcher
        .watch(
            &root.join(crate::curriculum::EXERCISES_DIR),
            RecursiveMode::Recursive,
        )
        .map_err(|e| e.to_string())?;
    watcher
        .watch(state_dir, RecursiveMode::NonRecursive)
        .map_err(|e| e.to_string())?;
    Ok(watcher)
}

fn spawn_keys(tx: Sender<Event>) {
    thread::spawn(move || {
        loop {
            let event = match term::read() {
                Ok(event) => event,
                Err(_) => return,
            };
            let event = match event {
                term::Event::Key(key) if key.kind != KeyEventKind::Release => {
                    let mapped = match key.code {
                        KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                            Key::CtrlC
                        }
                        KeyCode::Char(c) => Key::Char(c.to_ascii_lowercase()),
                        KeyCode::Enter => Key::Enter,
                        KeyCode::Esc => Key::Esc,
                        KeyCode::Backspace => Key::Backspace,
                        KeyCode::Up => Key::Up,
                        KeyCode::Down => Key::Down,
                        KeyCode::PageUp => Key::PageUp,
                        KeyCode::PageDown => Key::PageDown,
                        KeyCode::Home => Key::Home,
                        KeyCode::End => Key::End,
                        _ => continue,
                    };
                    Event::Key(mapped)
                }
                term::Event::Mouse(mouse) => match mouse.kind {
                    MouseEventKind::ScrollUp => Event::Key(Key::WheelUp),
                    MouseEventKind::ScrollDown => Event::Key(Key::WheelDown),
                    _ => continue,
                },
                term::Event::Resize(width, height) => Event::Resize { width, height },
                _ => continue,
            };
            if tx.send(event).is_err() {
                return;
            }
        }
    });
}

/// Raw mode for single key presses, and the mouse wheel reported (where the terminal does);
/// restored on drop, also when unwinding from a panic, and on a signal (`signals`).
struct Terminal;

impl Terminal {
    fn enter() -> Result<Terminal> {
        crossterm::terminal::enable_raw_mode().map_err(Error::Output)?;
        let mut stdout = io::stdout();
        let _ = crossterm::execute!(
            stdout,
            crossterm::cursor::Hide,
            crossterm::event::EnableMouseCapture
        );
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            hook(info);
        }));
        Ok(Terminal)
    }
}

fn restore() {
    let _ = crossterm::execute!(
        io::stdout(),
        crossterm::event::DisableMouseCapture,
        crossterm::cursor::Show
    );
    let _ = crossterm::terminal::disable_raw_mode();
}

impl Drop for Terminal {
    fn drop(&mut self) {
        restore();
        println!();
    }
}

/// In raw mode a newline no longer returns the carriage: write `\r\n` for every `\n`.
pub(super) struct RawOut<'a>(pub(super) &'a mut dyn Write);

impl Write for RawOut<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for (i, part) in buf.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                self.0.write_all(b"\r\n")?;
            }
            self.0.write_all(part)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}
