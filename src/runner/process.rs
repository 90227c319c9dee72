//! Running one program with a time limit, a memory limit and capped output.
//!
//! The program gets its own process group (a job object on Windows). When it ends — it exits, or
//! it hits a limit — the whole group is killed, so nothing it started outlives the verdict; a
//! deadlock, an endless print loop or a runaway allocation ends in a verdict, not a hang. On
//! Linux a deadlock is seen as it happens (`deadlock`), not at the timeout.

use std::io::{self, Read};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use process_wrap::std::*;

use super::deadlock::{Detector, ThreadWait};

/// Resident memory a learner's program may use unless info.toml says otherwise.
pub const DEFAULT_MEMORY: u64 = 2 << 30;

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub timeout: Duration,
    /// Bytes kept from each of stdout and stderr; the rest is counted and dropped.
    pub capture: usize,
    /// Total bytes after which the program is taken to be flooding and is killed.
    pub flood: u64,
    /// Resident bytes (the sum over its process group) after which the program is killed;
    /// measured on Linux only.
    pub memory: Option<u64>,
    /// Watch its threads and stop it as soon as all of them are deadlocked (where the
    /// platform lets ferry see that; the timeout stays the fallback).
    pub deadlocks: bool,
}

impl Limits {
    /// For a learner's program: output capped, memory limited.
    pub fn program(timeout: Duration, memory: u64) -> Limits {
        Limits {
            timeout,
            capture: 1 << 20,
            flood: 16 << 20,
            memory: Some(memory),
            deadlocks: true,
        }
    }

    /// The same limits, with a deadlock left to the timeout: for measuring the detector.
    pub fn without_deadlock_detection(self) -> Limits {
        Limits {
            deadlocks: false,
            ..self
        }
    }

    /// For ferry's own tools (the compiler, rustfmt, cargo): everything they print is kept.
    pub fn tool(timeout: Duration) -> Limits {
        Limits {
            timeout,
            capture: usize::MAX,
            flood: u64::MAX,
            memory: None,
            deadlocks: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    Exited(ExitStatus),
    TimedOut,
    /// Every thread was blocked in a wait that only another of its threads could end, and
    /// none of them ran for `deadlock::SETTLE`.
    Deadlocked {
        threads: Vec<ThreadWait>,
    },
    /// Printed more than `Limits::flood` bytes.
    Flooded,
    /// Its process group held more than `Limits::memory` bytes resident (`used`, when seen).
    TooMuchMemory {
        used: u64,
    },
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

/// How often a running program's exit, cancel flag and deadline are looked at while it prints.
const POLL: Duration = Duration::from_millis(10);
/// After the program exits, how long its output pipes may stay open (a grandchild holding them)
/// before ferry stops reading.
const PIPE_GRACE: Duration = Duration::from_millis(250);
/// When the group is first looked at (its memory, its threads; most programs are done by then)
/// and how often after that.
const PROBE_FIRST: Duration = Duration::from_millis(30);
const PROBE_POLL: Duration = Duration::from_millis(25);

/// Runs `command` to completion, the time limit, the flood limit, the memory limit or a
/// deadlock, whichever comes first, then kills whatever is left of its process group. Setting
/// `cancel` kills it within `POLL` and returns an `Interrupted` error.
pub fn run(mut command: Command, limits: Limits, cancel: &AtomicBool) -> io::Result<Captured> {
    if cancel.load(Ordering::Relaxed) {
        return Err(io::Error::new(io::ErrorKind::Interrupted, "cancelled"));
    }
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
    let pid = child.id();
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
    let mut exited: Option<(ExitStatus, Instant)> = None;
    let mut probe = Probe::new(pid, limits);
    let mut next_probe = start + PROBE_FIRST;
    let mut pause = Duration::from_micros(200);
    let ended = loop {
        let now = Instant::now();
        if cancel.load(Ordering::Relaxed) {
            break Ended::Cancelled;
        }
        if exited.is_none()
            && let Some(status) = child.try_wait()?
        {
            exited = Some((status, now + PIPE_GRACE));
        }
        let until = match exited {
            // Its output is complete, or a process it left behind holds the pipes open.
            Some((status, grace)) if open == 0 || now >= grace => break Ended::Exited(status),
            Some((_, grace)) => grace,
            None if now >= deadline => break Ended::TimedOut,
            None => deadline,
        };
        let probing = probe.wanted() && exited.is_none();
        if probing && now >= next_probe {
            if let Some(ended) = probe.look(now) {
                break ended;
            }
            next_probe = now + PROBE_POLL;
        }
        let mut wait = until.saturating_duration_since(now);
        if probing {
            wait = wait.min(next_probe.saturating_duration_since(now));
        }
        if open == 0 {
            // The pipes are closed, so the program is ending: look again soon.
            thread::sleep(wait.min(pause));
            pause = (pause * 2).min(Duration::from_millis(20));
            continue;
        }
        match rx.recv_timeout(wait.min(POLL)) {
            Ok(Event::Closed) => open -= 1,
            Ok(Event::Flood) => break Ended::Flooded,
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => open = 0,
        }
    };
    // Kill the whole group, also when the program exited: nothing it started may outlive the
    // verdict. Errors mean the group is already gone.
    let _ = child.start_kill();
    let _ = child.wait();
    let elapsed = start.elapsed();

    if ended == Ended::Cancelled {
        return Err(io::Error::new(io::ErrorKind::Interrupted, "cancelled"));
    }
    // The group is gone, so the pipes close, unless a process left the group (`setsid`) and
    // holds them: then keep what was read and leave its reader behind.
    let grace = Instant::now() + PIPE_GRACE;
    while open > 0 {
        match rx.recv_timeout(grace.saturating_duration_since(Instant::now())) {
            Ok(Event::Closed) => open -= 1,
            Ok(Event::Flood) => {}
            Err(_) => break,
        }
    }
    let (stdout, dropped_out) = take(stdout);
    let (stderr, dropped_err) = take(stderr);
    Ok(Captured {
        ended,
        stdout,
        stderr,
        dropped: dropped_out + dropped_err,
        elapsed,
    })
}

/// What a reader thread has read so far.
#[derive(Default)]
struct Kept {
    bytes: Vec<u8>,
    dropped: u64,
}

type Reader = Arc<Mutex<Kept>>;

fn reader(
    mut stream: impl Read + Send + 'static,
    limits: Limits,
    total: &Arc<AtomicU64>,
    tx: &mpsc::Sender<Event>,
) -> Reader {
    let total = Arc::clone(total);
    let tx = tx.clone();
    let kept = Reader::default();
    let shared = Arc::clone(&kept);
    thread::spawn(move || {
        let mut buf = [0u8; 16 * 1024];
        let mut flooded = false;
        loop {
            let n = match stream.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            };
            {
                let mut kept = shared.lock().unwrap_or_else(|e| e.into_inner());
                let room = limits.capture.saturating_sub(kept.bytes.len()).min(n);
                kept.bytes.extend_from_slice(&buf[..room]);
                kept.dropped += (n - room) as u64;
            }
            let so_far = total.fetch_add(n as u64, Ordering::Relaxed) + n as u64;
            if so_far > limits.flood && !flooded {
                flooded = true;
                let _ = tx.send(Event::Flood);
            }
        }
        let _ = tx.send(Event::Closed);
    });
    kept
}

fn take(reader: Option<Reader>) -> (Vec<u8>, u64) {
    let Some(reader) = reader else {
        return (Vec::new(), 0);
    };
    let mut kept = reader.lock().unwrap_or_else(|e| e.into_inner());
    (std::mem::take(&mut kept.bytes), kept.dropped)
}

/// What the runner watches in a running program's group: its memory and its threads.
struct Probe {
    pgid: u32,
    memory: Option<u64>,
    deadlocks: Option<Detector>,
}

impl Probe {
    fn new(pgid: u32, limits: Limits) -> Probe {
        Probe {
            pgid,
            memory: limits.memory,
            deadlocks: limits.deadlocks.then(Detector::default),
        }
    }

    /// Whether there is anything to look at (only Linux shows ferry either).
    fn wanted(&self) -> bool {
        cfg!(target_os = "linux") && (self.memory.is_some() || self.deadlocks.is_some())
    }

    /// One look at the group (one pass over /proc serves both checks): how the program ends,
    /// if it must end now.
    fn look(&mut self, now: Instant) -> Option<Ended> {
        let members = group_members(self.pgid)?;
        if let Some(limit) = self.memory {
            let used = resident(&members);
            if used > limit {
                return Some(Ended::TooMuchMemory { used });
            }
        }
        let threads = self.deadlocks.as_mut()?.observe(&members, now)?;
        Some(Ended::Deadlocked { threads })
    }
}

/// The processes of the group `pgid` leads, the leader first. `None` where /proc cannot tell.
#[cfg(target_os = "linux")]
fn group_members(pgid: u32) -> Option<Vec<u32>> {
    let mut members = Vec::new();
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // `pid (comm) state ppid pgrp …`; comm may hold spaces and parentheses.
        let group = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(2))
            .and_then(|g| g.parse::<u32>().ok());
        if group != Some(pgid) {
            continue;
        }
        if let Ok(pid) = pid.parse::<u32>() {
            members.push(pid);
        }
    }
    // The leader first: it is the program, whose main thread a verdict names first.
    members.sort_by_key(|&pid| (pid != pgid, pid));
    Some(members)
}

#[cfg(not(target_os = "linux"))]
fn group_members(_pgid: u32) -> Option<Vec<u32>> {
    None
}

/// Resident bytes of these processes (VmRSS from /proc; threads share their process's figure,
/// so they are not counted twice).
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn resident(members: &[u32]) -> u64 {
    members
        .iter()
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/status")).ok())
        .map(|status| vm_rss(&status).unwrap_or(0))
        .sum()
}

/// `VmRSS:    1234 kB` from /proc/PID/status, in bytes.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn vm_rss(status: &str) -> Option<u64> {
    let line = status.lines().find_map(|l| l.strip_prefix("VmRSS:"))?;
    let kb: u64 = line.trim().strip_suffix("kB")?.trim().parse().ok()?;
    Some(kb * 1024)
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
            Limits::program(Duration::from_secs(10), DEFAULT_MEMORY),
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
            Limits::program(Duration::from_millis(300), DEFAULT_MEMORY),
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
            memory: None,
            deadlocks: false,
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
                Limits::program(Duration::from_secs(60), DEFAULT_MEMORY),
                &flag,
            )
        });
        cancel.store(true, Ordering::Relaxed);
        let err = handle.join().unwrap().unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::Interrupted);
    }

    #[test]
    fn a_process_left_behind_holding_the_pipes_does_not_make_a_timeout() {
        let out = run(
            sh("sleep 30 & echo done"),
            Limits::program(Duration::from_secs(20), DEFAULT_MEMORY),
            &AtomicBool::new(false),
        )
        .unwrap();
        assert!(
            matches!(out.ended, Ended::Exited(s) if s.success()),
            "{:?}",
            out.ended
        );
        assert_eq!(out.stdout, b"done\n");
    }

    #[test]
    fn a_tools_output_is_never_capped() {
        // 3 MiB: over the 1 MiB a learner's program keeps.
        let out = run(
            sh("head -c 3145728 /dev/zero"),
            Limits::tool(Duration::from_secs(20)),
            &AtomicBool::new(false),
        )
        .unwrap();
        assert!(matches!(out.ended, Ended::Exited(s) if s.success()));
        assert_eq!(out.stdout.len(), 3 << 20);
        assert_eq!(out.dropped, 0);
    }

    /// A Rust program that takes a lock twice, built with the rustc on PATH.
    #[cfg(target_os = "linux")]
    fn lock_taken_twice(dir: &std::path::Path) -> Command {
        let source = dir.join("twice.rs");
        std::fs::write(
            &source,
            "fn main() {\n    let m = std::sync::Mutex::new(0);\n    let a = m.lock().unwrap();\n    let b = m.lock().unwrap();\n    println!(\"{}\", *a + *b);\n}\n",
        )
        .unwrap();
        let binary = dir.join("twice");
        let built = Command::new("rustc")
            .arg(&source)
            .arg("-o")
            .arg(&binary)
            .status()
            .unwrap();
        assert!(built.success());
        Command::new(binary)
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_deadlock_ends_the_run_and_without_the_detector_the_timeout_does() {
        if !super::super::deadlock::DETECTS {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let limits = Limits::program(Duration::from_secs(60), DEFAULT_MEMORY);
        let out = run(
            lock_taken_twice(dir.path()),
            limits,
            &AtomicBool::new(false),
        )
        .unwrap();
        let Ended::Deadlocked { threads } = &out.ended else {
            panic!("{:?}", out.ended)
        };
        assert_eq!(threads.len(), 1, "{threads:?}");
        assert!(threads[0].is_main());
        assert_eq!(threads[0].name, "twice");
        assert_eq!(threads[0].wait, crate::runner::Wait::Lock);

        let limits = Limits::program(Duration::from_millis(500), DEFAULT_MEMORY)
            .without_deadlock_detection();
        let out = run(
            lock_taken_twice(dir.path()),
            limits,
            &AtomicBool::new(false),
        )
        .unwrap();
        assert_eq!(out.ended, Ended::TimedOut);
    }

    #[test]
    fn reads_vm_rss_in_bytes() {
        let status = "Name:\tx\nVmPeak:\t  9 kB\nVmRSS:\t    1234 kB\nThreads:\t1\n";
        assert_eq!(vm_rss(status), Some(1234 * 1024));
        assert_eq!(vm_rss("Name:\tzombie\n"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn measures_the_whole_group() {
        let me = std::process::id();
        // The test binary is not a group leader here, so ask for its own group.
        let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
        let group: u32 = stat
            .rsplit_once(')')
            .unwrap()
            .1
            .split_whitespace()
            .nth(2)
            .unwrap()
            .parse()
            .unwrap();
        let members = group_members(group).unwrap();
        assert!(members.contains(&me), "{members:?}");
        let used = resident(&members);
        assert!(used > 0, "the group of {me} holds no memory?");
    }
}
