//! Deadlock detection, measured against the timeout it replaces, in the same run.
//!
//! `cargo bench --bench deadlock` reports, as medians (and the slowest) over
//! `FERRY_BENCH_RUNS` (default 5):
//! - a bundled exercise that deadlocks (shared_state/shared_session_expiry, timeout 3 s)
//!   checked through ferry's own check, with the detector and without it
//!   (`Limits::without_deadlock_detection`: the timeout ends it), alternating: time to the
//!   verdict and the ratio; and `ferry run` on it, as a learner waits for it;
//! - from the hang to the verdict: a program computes for 300 ms, notes the time, and takes two
//!   locks in opposite orders on two threads; the runner's time to the verdict after that
//!   moment, with the detector and without (issue 14's goal: under 0.5 s on Linux).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ferry::check::{self, Options};
use ferry::curriculum::Curriculum;
use ferry::error::Result;
use ferry::runner::process::{self, Ended};
use ferry::runner::{
    CompileRequest, Compiled, DEFAULT_MEMORY, ExecuteRequest, Execution, Externs, Limits,
    RealRunner, Runner, Toolchain,
};
use ferry::verdict::Status;

#[path = "common.rs"]
mod common;

use common::{FERRY, REPO, time};

const EXERCISE: &str = "shared_session_expiry";

const INFO: &str = r#"format_version = 1

[[exercises]]
name = "shared_session_expiry"
test = true
timeout = 3
hint = "h"
"#;

/// Computes for 300 ms, writes the time to the file named by its argument, then deadlocks:
/// each thread holds one lock and waits for the other's.
const HANGS_LATER: &str = r#"use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn main() {
    let start = Instant::now();
    let mut work = 0u64;
    while start.elapsed() < Duration::from_millis(300) {
        work = std::hint::black_box(work.wrapping_add(1));
    }
    let locks = Arc::new((Mutex::new(work), Mutex::new(0)));
    let both = Arc::new(Barrier::new(2));
    let (theirs, barrier) = (Arc::clone(&locks), Arc::clone(&both));
    let other = std::thread::spawn(move || {
        let second = theirs.1.lock().unwrap();
        barrier.wait();
        let first = theirs.0.lock().unwrap();
        *first + *second
    });
    let first = locks.0.lock().unwrap();
    both.wait();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    std::fs::write(std::env::args().nth(1).unwrap(), now.as_nanos().to_string()).unwrap();
    let second = locks.1.lock().unwrap();
    println!("{}", *first + *second + other.join().unwrap());
}
"#;

fn main() {
    let runs = common::runs(5);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("info.toml"), INFO).unwrap();
    std::fs::create_dir_all(root.join("exercises")).unwrap();
    std::fs::copy(
        Path::new(REPO).join(format!("exercises/shared_state/{EXERCISE}.rs")),
        root.join(format!("exercises/{EXERCISE}.rs")),
    )
    .unwrap();
    let curriculum = Curriculum::load(root).unwrap();
    let exercise = curriculum.get(EXERCISE).unwrap();
    let runner = RealRunner::new(Toolchain::resolve(root, None).unwrap());
    let timeout_only = WithoutDetector(&runner);
    let out_dir = root.join("target");
    let check_with = |runner: &dyn Runner| {
        let verdict = check::check(
            runner,
            root,
            exercise,
            &exercise.path(),
            None,
            &out_dir,
            Options::default(),
        )
        .unwrap();
        verdict.status()
    };
    // Warm-up, and what each side answers.
    assert_eq!(
        check_with(&runner),
        Status::Deadlocked,
        "the detector sees it"
    );
    assert_eq!(
        check_with(&timeout_only),
        Status::TimedOut,
        "the timeout ends it"
    );

    let mut detector = Vec::new();
    let mut timeout = Vec::new();
    let mut ferry_run = Vec::new();
    for i in 0..runs {
        let detector_first = i % 2 == 0;
        for side in [detector_first, !detector_first] {
            if side {
                detector.push(time(|| {
                    assert_eq!(check_with(&runner), Status::Deadlocked);
                }));
            } else {
                timeout.push(time(|| {
                    assert_eq!(check_with(&timeout_only), Status::TimedOut);
                }));
            }
        }
        ferry_run.push(time(|| {
            let status = Command::new(FERRY)
                .args(["run", EXERCISE])
                .current_dir(root)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap();
            assert_eq!(status.code(), Some(1));
        }));
    }

    let hangs = build_hangs_later(root);
    let mut after_hang = Vec::new();
    let mut after_hang_timeout = Vec::new();
    for i in 0..runs {
        let detector_first = i % 2 == 0;
        for side in [detector_first, !detector_first] {
            let limits = Limits::program(Duration::from_secs(3), DEFAULT_MEMORY);
            if side {
                let (ended, latency) = from_hang_to_verdict(&hangs, root, limits);
                assert!(matches!(ended, Ended::Deadlocked { .. }), "{ended:?}");
                after_hang.push(latency);
            } else {
                let limits = limits.without_deadlock_detection();
                let (ended, latency) = from_hang_to_verdict(&hangs, root, limits);
                assert_eq!(ended, Ended::TimedOut);
                after_hang_timeout.push(latency);
            }
        }
    }

    println!("deadlock detection, {runs} runs each, medians (slowest):");
    println!("  {EXERCISE} (deadlocks in a test; timeout 3 s), ferry's check:");
    let (d, d_max) = median_max(&mut detector);
    let (t, t_max) = median_max(&mut timeout);
    println!(
        "    detector {:>7.1} ms ({:.1})   timeout only {:>7.1} ms ({:.1})   ratio {:.3}x",
        ms(d),
        ms(d_max),
        ms(t),
        ms(t_max),
        d.as_secs_f64() / t.as_secs_f64()
    );
    let (f, f_max) = median_max(&mut ferry_run);
    println!(
        "    ferry run (compile, run, verdict) {:>7.1} ms ({:.1})",
        ms(f),
        ms(f_max)
    );
    let (h, h_max) = median_max(&mut after_hang);
    let (ht, ht_max) = median_max(&mut after_hang_timeout);
    println!("  from the hang to the verdict (300 ms of work, then two locks in opposite orders):");
    println!(
        "    detector {:>7.1} ms ({:.1})   timeout only {:>7.1} ms ({:.1})   ratio {:.3}x   goal: under 500 ms: {}",
        ms(h),
        ms(h_max),
        ms(ht),
        ms(ht_max),
        h.as_secs_f64() / ht.as_secs_f64(),
        if h_max < Duration::from_millis(500) {
            "met, every run"
        } else if h < Duration::from_millis(500) {
            "met by the median"
        } else {
            "NOT met"
        }
    );
}

/// The real runner, with every learner's program left to its timeout.
struct WithoutDetector<'a>(&'a RealRunner);

impl Runner for WithoutDetector<'_> {
    fn compile(&self, request: &CompileRequest<'_>) -> Result<Compiled> {
        self.0.compile(request)
    }

    fn execute(&self, request: &ExecuteRequest<'_>) -> Result<Execution> {
        self.0.execute(&ExecuteRequest {
            limits: request.limits.without_deadlock_detection(),
            ..request.clone()
        })
    }

    fn rustfmt_unformatted(&self, root: &Path, sources: &[PathBuf]) -> Result<Vec<PathBuf>> {
        self.0.rustfmt_unformatted(root, sources)
    }

    fn explain(&self, code: &str) -> Result<Option<String>> {
        self.0.explain(code)
    }

    fn crates(&self) -> Result<Arc<Externs>> {
        self.0.crates()
    }
}

fn build_hangs_later(root: &Path) -> PathBuf {
    let source = root.join("hangs_later.rs");
    std::fs::write(&source, HANGS_LATER).unwrap();
    let binary = root.join("hangs_later");
    let status = Command::new(common::tool("rustc"))
        .args(["--edition", "2024", "-O"])
        .arg(&source)
        .arg("-o")
        .arg(&binary)
        .status()
        .unwrap();
    assert!(status.success());
    binary
}

/// Runs the program as ferry runs a learner's; how it ended, and how long after it hung.
fn from_hang_to_verdict(binary: &Path, root: &Path, limits: Limits) -> (Ended, Duration) {
    let mark = root.join("hung-at");
    let _ = std::fs::remove_file(&mark);
    let mut command = Command::new(binary);
    command.arg(&mark);
    let captured = process::run(command, limits, &AtomicBool::new(false)).unwrap();
    let ended_at = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let hung_at: u128 = std::fs::read_to_string(&mark).unwrap().parse().unwrap();
    let latency = ended_at.as_nanos().saturating_sub(hung_at);
    (
        captured.ended,
        Duration::from_nanos(latency.try_into().unwrap()),
    )
}

fn median_max(samples: &mut [Duration]) -> (Duration, Duration) {
    samples.sort();
    (samples[samples.len() / 2], samples[samples.len() - 1])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
