//! `ferry watch`: the learning loop in a terminal.
//!
//! Small threads turn key presses, resizes and file events into `Event`s on one channel; the
//! `WatchState` machine handles them one at a time; checks run on their own thread and come
//! back as events too.

pub mod state;
#[cfg(test)]
mod tests;

use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::{self, JoinHandle};
use std::time::Instant;

use crossterm::event::{self as term, KeyCode, KeyEventKind, KeyModifiers};
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

pub fn watch(config: &Config, manual: bool, out: &mut dyn Write) -> Result<Success> {
    run_loop(config, manual, false, out)
}

/// `ferry list` on a terminal: the interactive list alone.
pub fn list(config: &Config, out: &mut dyn Write) -> Result<Success> {
    run_loop(config, true, true, out)
}

fn run_loop(
    config: &Config,
    manual: bool,
    list_only: bool,
    out: &mut dyn Write,
) -> Result<Success> {
    needs_terminal(config)?;
    let session = Session::open(config, true)?;
    session.state.ensure()?;
    let root = session.curriculum.root.clone();
    let state_dir = session.state.path.clone();
    let originals = session.originals();
    let runner = Arc::new(
        RealRunner::new(Toolchain::resolve(&root, Some(&state_dir))?)
            .with_crates(&root, &session.curriculum.crates),
    );
    let (width, height) = crossterm::terminal::size().unwrap_or((80, 24));
    let mut state = WatchState::new(session, manual, width, height).hyperlinks(config.hyperlinks);
    if list_only {
        state = state.list_only();
    }

    let (tx, rx) = mpsc::channel();
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
    let driver = Driver {
        runner: Arc::clone(&runner),
        tx,
        root,
        state_dir,
        originals,
        color: config.color,
        jobs: config.jobs,
        threads: Vec::new(),
    };
    let result = driver.run(&mut state, &rx, &mut out);
    // Stop whatever is still compiling or running, then give the terminal back.
    runner.cancel.store(true, Ordering::Relaxed);
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

struct Driver {
    runner: Arc<RealRunner>,
    tx: Sender<Event>,
    root: std::path::PathBuf,
    state_dir: std::path::PathBuf,
    originals: Originals,
    color: bool,
    jobs: usize,
    threads: Vec<JoinHandle<()>>,
}

impl Driver {
    fn run(
        mut self,
        state: &mut WatchState,
        rx: &Receiver<Event>,
        out: &mut dyn Write,
    ) -> Result<()> {
        let mut effects = state.start(Instant::now(), out)?;
        loop {
            for effect in effects.drain(..) {
                if effect == Effect::Quit {
                    self.runner.cancel.store(true, Ordering::Relaxed);
                    for thread in self.threads.drain(..) {
                        let _ = thread.join();
                    }
                    return Ok(());
                }
                self.perform(effect, state.width_hint());
            }
            let event = match state.deadline() {
                Some(deadline) => {
                    match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                        Ok(event) => event,
                        Err(RecvTimeoutError::Timeout) => Event::Tick,
                        Err(RecvTimeoutError::Disconnected) => return Ok(()),
                    }
                }
                None => match rx.recv() {
                    Ok(event) => event,
                    Err(_) => return Ok(()),
                },
            };
            effects = state.handle(event, Instant::now(), out, self.runner.as_ref())?;
            self.threads.retain(|t| !t.is_finished());
        }
    }

    fn perform(&mut self, effect: Effect, width: u16) {
        match effect {
            Effect::Check {
                generation,
                exercise,
            } => {
                let (runner, tx, root) =
                    (Arc::clone(&self.runner), self.tx.clone(), self.root.clone());
                let out_dir = self.state_dir.join("target").join(&exercise.name);
                let options = check::Options {
                    color: self.color,
                    width: Some(width),
                    ..check::Options::default()
                };
                let originals = self.originals.clone();
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
                let (runner, tx, root) =
                    (Arc::clone(&self.runner), self.tx.clone(), self.root.clone());
                let build = self.state_dir.join("target").join("all");
                let jobs = self.jobs;
                let originals = self.originals.clone();
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
                        _ => continue,
                    };
                    Event::Key(mapped)
                }
                term::Event::Resize(width, height) => Event::Resize { width, height },
                _ => continue,
            };
            if tx.send(event).is_err() {
                return;
            }
        }
    });
}

/// Raw mode for single key presses; restored on drop, also when unwinding from a panic.
struct Terminal;

impl Terminal {
    fn enter() -> Result<Terminal> {
        crossterm::terminal::enable_raw_mode().map_err(Error::Output)?;
        let mut stdout = io::stdout();
        let _ = crossterm::execute!(stdout, crossterm::cursor::Hide);
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            hook(info);
        }));
        Ok(Terminal)
    }
}

fn restore() {
    let _ = crossterm::execute!(io::stdout(), crossterm::cursor::Show);
    let _ = crossterm::terminal::disable_raw_mode();
}

impl Drop for Terminal {
    fn drop(&mut self) {
        restore();
        println!();
    }
}

/// In raw mode a newline no longer returns the carriage: write `\r\n` for every `\n`.
struct RawOut<'a>(&'a mut dyn Write);

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
