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

/// The CPU time (user and system) of every child process waited for so far; `None` where
/// ferry's benches cannot read it.
pub fn children_cpu() -> Option<Duration> {
    // Fields 16 and 17 of /proc/self/stat: cutime and cstime, in USER_HZ ticks (100 a second
    // in the kernel's ABI), of the children waited for and theirs.
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i - 3)?.parse::<u64>().ok();
    Some(Duration::from_millis((ticks(16)? + ticks(17)?) * 10))
}

/// The children's CPU time since `before` (from `children_cpu`).
pub fn cpu_since(before: Option<Duration>) -> Option<Duration> {
    Some(children_cpu()? - before?)
}

/// The rustlings release the comparisons run against.
pub const RUSTLINGS_VERSION: &str = "6.5.0";

/// rustlings from crates.io (`cargo install rustlings`), installed on first use into
/// target/bench-rustlings (a scratch folder under target/, kept so that later bench runs need not
/// build it again; `FERRY_BENCH_RUSTLINGS=/path/to/rustlings` uses another). `None`, with a
/// message, when it cannot be had (no network): the benches then skip the rustlings column.
pub fn rustlings() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("FERRY_BENCH_RUSTLINGS") {
        if path == "off" {
            eprintln!(
                "FERRY_BENCH_RUSTLINGS=off: the side-by-side columns with rustlings are skipped"
            );
            return None;
        }
        return Some(PathBuf::from(path));
    }
    let root = std::path::Path::new(REPO).join("target/bench-rustlings");
    let bin = root
        .join("bin")
        .join(format!("rustlings{}", std::env::consts::EXE_SUFFIX));
    if bin.is_file() {
        return Some(bin);
    }
    eprintln!(
        "installing rustlings {RUSTLINGS_VERSION} from crates.io into {} for the side-by-side columns…",
        root.display()
    );
    let installed = Command::new("cargo")
        .args(["install", "rustlings", "--locked", "--quiet", "--version"])
        .arg(RUSTLINGS_VERSION)
        .arg("--root")
        .arg(&root)
        .status()
        .is_ok_and(|s| s.success());
    if installed && bin.is_file() {
        Some(bin)
    } else {
        eprintln!(
            "rustlings could not be installed (no network?): the rustlings columns are skipped"
        );
        None
    }
}

/// A third-party rustlings project in `dir` (as `rustlings dev new` makes one) holding `info`
/// (rustlings' format) and the curriculum files already copied there; `rustlings dev update`
/// writes its Cargo.toml.
pub fn rustlings_project(rustlings: &std::path::Path, dir: &std::path::Path) {
    let manifest = "bin = []\n\n[package]\nname = \"exercises\"\nedition = \"2024\"\npublish = false\n\n[profile.dev]\npanic = \"abort\"\n\n[lints.rust]\nunsafe_code = \"forbid\"\ndead_code = \"allow\"\n";
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    let status = Command::new(rustlings)
        .args(["dev", "update"])
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(
        status.success(),
        "rustlings dev update failed in {}",
        dir.display()
    );
}

/// rustlings' own curriculum, from the sources `cargo install rustlings` left in cargo's registry:
/// a folder with info.toml (from rustlings-macros), exercises/ and solutions/ in rustlings'
/// format, made a rustlings project (see `rustlings_project`). `None` when they are not there.
pub fn rustlings_curriculum(rustlings: &std::path::Path, into: &std::path::Path) -> Option<()> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
    let find = |name: &str| {
        std::fs::read_dir(home.join("registry/src"))
            .ok()?
            .flatten()
            .map(|index| index.path().join(format!("{name}-{RUSTLINGS_VERSION}")))
            .find(|p| p.is_dir())
    };
    let (sources, macros) = (find("rustlings")?, find("rustlings-macros")?);
    std::fs::create_dir_all(into).unwrap();
    std::fs::copy(macros.join("info.toml"), into.join("info.toml")).ok()?;
    for top in ["exercises", "solutions"] {
        let status = Command::new("cp")
            .arg("-R")
            .arg(sources.join(top))
            .arg(into.join(top))
            .status()
            .ok()?;
        status.success().then_some(())?;
    }
    rustlings_project(rustlings, into);
    Some(())
}
