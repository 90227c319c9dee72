//! Running one program with a time limit and capped output.
//!
//! The program gets its own process group (a job object on Windows), so at the limit the whole
//! tree is killed: a deadlock or an endless print loop ends in a verdict, not a hang.

use std::io::{self, Read};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use process_wrap::std::*;

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub timeout: Duration,
    /// Bytes kept from each of stdout and stderr; the rest is counted and dropped.
    pub capture: usize,
    /// Total bytes after which the program is taken to be flooding and is killed.
    pub flood: u64,
}

impl Limits {
    pub fn with_timeout(timeout: Duration) -> Limits {
        Limits {
            timeout,
            capture: 1 << 20,
            flood: 16 << 20,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    Exited(ExitStatus),
    TimedOut,
    /// Printed more than `Limits::flood` bytes.
    Flooded,
    /// Stopped because the caller gave up on it (ferry is quitting).
    Cancelled,
}

#[derive(Debug)]
pub struct Captured {
    pub ended: Ended,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// Bytes printed beyond the capture limit and not kept.
    pub dropped: u64,
    pub elapsed: Duration,
}

enum Event {
    Closed,
    Flood,
}

/// How often a running program looks at its cancel flag.
const CANCEL_POLL: Duration = Duration::from_millis(50);

/// Runs `command` to completion, the time limit or the flood limit, whichever comes first.
/// Setting `cancel` kills it within `CANCEL_POLL` and returns an `Interrupted` error.
pub fn run(mut command: Command, limits: Limits, cancel: &AtomicBool) -> io::Result<Captured> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut command = CommandWrap::from(command);
    #[cfg(unix)]
    command.wrap(ProcessGroup::leader());
    #[cfg(windows)]
    command.wrap(JobObject);

    let start = Instant::now();
    let mut child = command.spawn()?;
    let total = Arc::new(AtomicU64::new(0));
    let (tx, rx) = mpsc::channel();
    let stdout = child
        .stdout()
        .take()
        .map(|s| reader(s, limits, &total, &tx));
    let stderr = child
        .stderr()
        .take()
        .map(|s| reader(s, limits, &total, &tx));
    drop(tx);

    let deadline = start + limits.timeout;
    let mut open = usize::from(stdout.is_some()) + usize::from(stderr.is_some());
    let ended = loop {
        if open == 0 {
            break wait_until(child.as_mut(), deadline, cancel)?;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left.min(CANCEL_POLL)) {
            Ok(Event::Closed) => open -= 1,
            Ok(Event::Flood) => break Ended::Flooded,
            Err(RecvTimeoutError::Timeout) if cancel.load(Ordering::Relaxed) => {
                break Ended::Cancelled;
            }
            Err(RecvTimeoutError::Timeout) if left <= CANCEL_POLL => break Ended::TimedOut,
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => open = 0,
        }
    };
    if !matches!(ended, Ended::Exited(_)) {
        // Kill the whole tree; errors mean it is already gone.
        let _ = child.start_kill();
    }
    let _ = child.wait();
    let elapsed = start.elapsed();

    if ended == Ended::Cancelled {
        return Err(io::Error::new(io::ErrorKind::Interrupted, "cancelled"));
    }
    let (stdout, dropped_out) = join(stdout);
    let (stderr, dropped_err) = join(stderr);
    Ok(Captured {
        ended,
        stdout,
        stderr,
        dropped: dropped_out + dropped_err,
        elapsed,
    })
}

/// The pipes are closed, so the program is ending; wait for it, but never past the deadline.
fn wait_until(
    child: &mut dyn ChildWrapper,
    deadline: Instant,
    cancel: &AtomicBool,
) -> io::Result<Ended> {
    let mut pause = Duration::from_micros(200);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Ended::Exited(status));
        }
        if Instant::now() >= deadline {
            return Ok(Ended::TimedOut);
        }
        if cancel.load(Ordering::Relaxed) {
            return Ok(Ended::Cancelled);
        }
        thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}

type Reader = thread::JoinHandle<(Vec<u8>, u64)>;

fn reader(
    mut stream: impl Read + Send + 'static,
    limits: Limits,
    total: &Arc<AtomicU64>,
    tx: &mpsc::Sender<Event>,
) -> Reader {
    let total = Arc::clone(total);
    let tx = tx.clone();
    thread::spawn(move || {
        let mut kept = Vec::new();
        let mut dropped = 0u64;
        let mut buf = [0u8; 16 * 1024];
        let mut flooded = false;
        loop {
            let n = match stream.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            };
            let room = limits.capture.saturating_sub(kept.len()).min(n);
            kept.extend_from_slice(&buf[..room]);
            dropped += (n - room) as u64;
            let so_far = total.fetch_add(n as u64, Ordering::Relaxed) + n as u64;
            if so_far > limits.flood && !flooded {
                flooded = true;
                let _ = tx.send(Event::Flood);
            }
        }
        let _ = tx.send(Event::Closed);
        (kept, dropped)
    })
}

fn join(reader: Option<Reader>) -> (Vec<u8>, u64) {
    reader.and_then(|r| r.join().ok()).unwrap_or_default()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut c = Command::new("sh");
        c.arg("-c").arg(script);
        c
    }

    #[test]
    fn captures_output_and_exit_status() {
        let out = run(
            sh("echo out; echo err >&2; exit 3"),
            Limits::with_timeout(Duration::from_secs(10)),
            &AtomicBool::new(false),
        )
        .unwrap();
        let Ended::Exited(status) = out.ended else {
            panic!("{:?}", out.ended)
        };
        assert_eq!(status.code(), Some(3));
        assert_eq!(out.stdout, b"out\n");
        assert_eq!(out.stderr, b"err\n");
        assert_eq!(out.dropped, 0);
    }

    #[test]
    fn kills_the_whole_tree_at_the_timeout() {
        // A grandchild holds the pipe open: only killing the group ends it.
        let out = run(
            sh("sleep 30 & sleep 30; echo never"),
            Limits::with_timeout(Duration::from_millis(300)),
            &AtomicBool::new(false),
        )
        .unwrap();
        assert_eq!(out.ended, Ended::TimedOut);
        assert!(out.stdout.is_empty());
    }

    #[test]
    fn stops_a_flood_and_keeps_only_the_cap() {
        let limits = Limits {
            timeout: Duration::from_secs(30),
            capture: 1000,
            flood: 100_000,
        };
        let out = run(sh("yes flood"), limits, &AtomicBool::new(false)).unwrap();
        assert_eq!(out.ended, Ended::Flooded);
        assert_eq!(out.stdout.len(), 1000);
        assert!(out.dropped > 0);
    }

    #[test]
    fn cancelling_kills_the_program() {
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        let handle = thread::spawn(move || {
            run(
                sh("sleep 30"),
                Limits::with_timeout(Duration::from_secs(60)),
                &flag,
            )
        });
        cancel.store(true, Ordering::Relaxed);
        let err = handle.join().unwrap().unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::Interrupted);
    }
}
