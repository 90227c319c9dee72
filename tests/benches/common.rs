//! What the benchmarks share: the toolchain's location, timing and medians.

#![allow(dead_code)] // each bench uses its own part

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

pub const FERRY: &str = env!("CARGO_BIN_EXE_ferry");
pub const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// How many runs a bench makes: `FERRY_BENCH_RUNS`, or the bench's default.
pub fn runs(default: usize) -> usize {
    std::env::var("FERRY_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(default)
}

/// The toolchain rustup picks here; the baselines call its real binaries, not the proxies.
pub fn sysroot() -> PathBuf {
    let out = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .unwrap();
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

pub fn tool(name: &str) -> PathBuf {
    sysroot()
        .join("bin")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

pub fn time(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

pub fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}
