//! SIGINT, SIGTERM and SIGHUP: ferry stops what it runs and ends cleanly.
//!
//! A thread waits for the signals. The first one sets the cancel flag of every runner (each
//! running program's process group is killed within a few milliseconds, and the command
//! unwinds, removing its temporary files and restoring the terminal) and wakes the watch loop.
//! ferry then exits with 128 + the signal's number. A command that does not notice within
//! `GRACE`, or a second signal, ends ferry at once (the terminal restored first).

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, Mutex, Weak};

/// How long the command gets to unwind after the first signal.
#[cfg_attr(not(unix), allow(dead_code))]
const GRACE: std::time::Duration = std::time::Duration::from_secs(3);

static RECEIVED: AtomicI32 = AtomicI32::new(0);
static FLAGS: Mutex<Vec<Weak<AtomicBool>>> = Mutex::new(Vec::new());
type Waker = Box<dyn Fn() + Send>;
static WAKERS: Mutex<Vec<Waker>> = Mutex::new(Vec::new());

/// Starts listening (once per process; later calls do nothing). Where signals cannot be caught
/// (Windows), the console's Ctrl-C ends ferry and the job object ends the learner's program.
pub fn install() {
    #[cfg(unix)]
    {
        static INSTALLED: std::sync::Once = std::sync::Once::new();
        INSTALLED.call_once(|| {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            else {
                return;
            };
            std::thread::spawn(move || {
                for signal in signals.forever() {
                    received(signal);
                }
            });
        });
    }
}

/// Every program started through a runner holding this flag is stopped on a signal.
pub fn register(flag: &Arc<AtomicBool>) {
    let mut flags = FLAGS.lock().unwrap_or_else(|e| e.into_inner());
    flags.retain(|f| f.strong_count() > 0);
    flags.push(Arc::downgrade(flag));
    if RECEIVED.load(Ordering::SeqCst) != 0 {
        flag.store(true, Ordering::SeqCst);
    }
}

/// `wake` runs on the first signal (the watch loop sends itself an event).
pub fn on_signal(wake: impl Fn() + Send + 'static) {
    WAKERS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(Box::new(wake));
}

/// The signal that is ending ferry, if one is.
pub fn pending() -> Option<i32> {
    Some(RECEIVED.load(Ordering::SeqCst)).filter(|&s| s != 0)
}

/// The conventional exit code for dying of `signal`: 130 for SIGINT, 143 for SIGTERM, 129 for
/// SIGHUP.
pub fn exit_code(signal: i32) -> u8 {
    u8::try_from(128 + signal).unwrap_or(255)
}

pub fn name(signal: i32) -> &'static str {
    match signal {
        1 => "SIGHUP",
        2 => "SIGINT",
        15 => "SIGTERM",
        _ => "a signal",
    }
}

#[cfg_attr(not(unix), allow(dead_code))]
fn received(signal: i32) {
    if RECEIVED
        .compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst)
        .is_err()
    {
        // A second signal: the learner wants out now.
        exit_now(signal);
    }
    for flag in FLAGS.lock().unwrap_or_else(|e| e.into_inner()).iter() {
        if let Some(flag) = flag.upgrade() {
            flag.store(true, Ordering::SeqCst);
        }
    }
    for wake in WAKERS.lock().unwrap_or_else(|e| e.into_inner()).iter() {
        wake();
    }
    std::thread::spawn(move || {
        std::thread::sleep(GRACE);
        exit_now(signal);
    });
}

/// Ends ferry without unwinding: give the terminal back first.
#[cfg_attr(not(unix), allow(dead_code))]
fn exit_now(signal: i32) -> ! {
    restore_terminal();
    std::process::exit(i32::from(exit_code(signal)));
}

/// Leaves raw mode, stops mouse reporting and shows the cursor, if ferry had changed them
/// (only watch does, and always all three).
pub fn restore_terminal() {
    if crossterm::terminal::is_raw_mode_enabled().unwrap_or(false) {
        let _ = crossterm::terminal::disable_raw_mode();
        let _ = crossterm::execute!(
            std::io::stderr(),
            crossterm::event::DisableMouseCapture,
            crossterm::cursor::Show
        );
    }
}
