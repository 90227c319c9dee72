//! The hot path, measured against the bare compiler in the same run.
//!
//! `cargo bench --bench hot_path` prints, for a failing exercise, `ferry run` against a bare
//! `rustc --error-format=json` compile of the same file, and for a passing test exercise,
//! `ferry run` against `clippy-driver --test` plus running the tests. Both sides use the real
//! toolchain binaries (not rustup's proxies), alternate in order, and the file is edited before
//! every run so that nothing can be served from a cache. Medians over `FERRY_BENCH_RUNS` (20).
//!
//! Every command starts by loading info.toml, so the bench also times `ferry hint` on generated
//! curricula of 1,000 and 10,000 exercises: loading is linear when the ratio stays near 10x (it
//! was quadratic, ~100x, until each exercise's line stopped being counted from the top).
//! `cargo bench --bench hot_path -- startup` runs only that part.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

#[path = "common.rs"]
mod common;

use common::{FERRY, REPO, time};

const INFO: &str = r#"format_version = 1

[[exercises]]
name = "failing"
errors = ["E0382"]
test = true
hint = "h"

[[exercises]]
name = "passing"
test = true
hint = "h"

[[exercises]]
name = "edited_tests"
test = true
hint = "h"
"#;

fn main() {
    let runs = common::runs(20);
    if std::env::args().any(|a| a == "startup") {
        startup(runs);
        return;
    }
    let rustc = common::tool("rustc");
    let clippy = common::tool("clippy-driver");

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("info.toml"), INFO).unwrap();
    std::fs::create_dir_all(root.join("exercises")).unwrap();
    let repo = Path::new(REPO);
    std::fs::copy(
        repo.join("exercises/ownership/move_log_request.rs"),
        root.join("exercises/failing.rs"),
    )
    .unwrap();
    std::fs::copy(
        repo.join("solutions/ownership/drop_scope_connections.rs"),
        root.join("exercises/passing.rs"),
    )
    .unwrap();
    std::fs::copy(
        repo.join("solutions/ownership/drop_scope_connections.rs"),
        root.join("exercises/edited_tests.rs"),
    )
    .unwrap();
    let bare_out = root.join("bare");
    std::fs::create_dir_all(&bare_out).unwrap();

    // Warm-up: the page cache, and ferry's one-time toolchain lookup.
    assert_eq!(
        ferry(root, "failing"),
        1,
        "the failing exercise should fail"
    );
    assert_eq!(
        ferry(root, "passing"),
        0,
        "the passing exercise should pass"
    );
    // ferry has now kept the untouched files; a learner's debugging line in a test makes ferry
    // compile the shipped tests beside the learner's code (the judge's slower path).
    let edited = root.join("exercises/edited_tests.rs");
    let text = std::fs::read_to_string(&edited).unwrap();
    let test = text.find("    #[test]\n").unwrap();
    let body = test + text[test..].find("{\n").unwrap() + 2;
    let text = format!(
        "{}        println!(\"debug\");\n{}",
        &text[..body],
        &text[body..]
    );
    std::fs::write(&edited, text).unwrap();
    assert_eq!(ferry(root, "edited_tests"), 0, "edited tests still pass");

    let mut failing = Pair::default();
    let mut passing = Pair::default();
    let mut edited_tests = Pair::default();
    for i in 0..runs {
        let ferry_first = i % 2 == 0;
        for side in [ferry_first, !ferry_first] {
            edit(&root.join("exercises/failing.rs"), i, side);
            if side {
                failing.ferry.push(time(|| {
                    ferry(root, "failing");
                }));
            } else {
                failing.bare.push(time(|| {
                    let status = Command::new(&rustc)
                        .current_dir(root)
                        .args(["exercises/failing.rs", "--edition", "2024", "--test"])
                        .args(["--error-format=json", "-o"])
                        .arg(bare_out.join("failing"))
                        .stdout(Stdio::null())
                        .stderr(Stdio::null())
                        .status()
                        .unwrap();
                    assert!(!status.success());
                }));
            }
            edit(&root.join("exercises/passing.rs"), i, side);
            if side {
                passing.ferry.push(time(|| {
                    ferry(root, "passing");
                }));
            } else {
                passing.bare.push(time(|| {
                    bare_test_run(&clippy, root, &bare_out, "passing");
                }));
            }
        }
    }

    for i in 0..runs {
        let ferry_first = i % 2 == 0;
        for side in [ferry_first, !ferry_first] {
            edit(&edited, i, side);
            if side {
                edited_tests.ferry.push(time(|| {
                    ferry(root, "edited_tests");
                }));
            } else {
                edited_tests.bare.push(time(|| {
                    bare_test_run(&clippy, root, &bare_out, "edited_tests");
                }));
            }
        }
    }

    println!("hot path, {runs} runs each, medians (min):");
    failing.report("failing exercise: ferry run vs rustc --error-format=json");
    passing.report("passing test exercise: ferry run vs clippy-driver --test + tests");
    edited_tests.report(
        "passing, the learner's tests edited (ferry compiles the shipped ones): same baseline",
    );

    // The way most similar tools check: through cargo, in a package whose binary is the
    // exercise (clippy for the failing one; clippy, then the tests, for the passing one).
    let package = root.join("through-cargo");
    std::fs::create_dir_all(package.join("src")).unwrap();
    std::fs::write(
        package.join("Cargo.toml"),
        "[package]\nname = \"exercise\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[workspace]\n",
    )
    .unwrap();
    let main = package.join("src/main.rs");
    let cargo = |args: &[&str]| {
        Command::new("cargo")
            .args(args)
            .current_dir(&package)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap()
            .success()
    };
    let mut cargo_failing = Vec::new();
    let mut cargo_passing = Vec::new();
    for (source, times, passes) in [
        ("exercises/failing.rs", &mut cargo_failing, false),
        ("exercises/passing.rs", &mut cargo_passing, true),
    ] {
        std::fs::copy(root.join(source), &main).unwrap();
        cargo(&["clippy", "--tests"]); // warm: dependencies resolved, target folder made
        for i in 0..runs {
            edit(&main, i, true);
            times.push(time(|| {
                let clean = cargo(&["clippy", "--tests", "--message-format=json"]);
                assert_eq!(clean, passes);
                if passes {
                    assert!(cargo(&["test"]));
                }
            }));
        }
    }
    let (cf, _) = median_min(&mut cargo_failing);
    let (cp, _) = median_min(&mut cargo_passing);
    let (ff, _) = median_min(&mut failing.ferry);
    let (fp, _) = median_min(&mut passing.ferry);
    println!("  through cargo instead (cargo clippy --tests, then cargo test when it compiles):");
    println!(
        "    failing {:>6.1} ms ({:.2}x ferry's)   passing {:>6.1} ms ({:.2}x ferry's)",
        ms(cf),
        cf.as_secs_f64() / ff.as_secs_f64(),
        ms(cp),
        cp.as_secs_f64() / fp.as_secs_f64()
    );
    if let Some(rustlings) = common::rustlings() {
        side_by_side(
            &rustlings,
            root,
            runs,
            &mut failing.ferry,
            &mut passing.ferry,
        );
    }
    startup(runs);
}

/// `ferry run` against `rustlings run` on the same two exercise files, in a rustlings project of
/// their own (rustlings builds through cargo: `cargo build`, then `cargo test` and clippy).
fn side_by_side(
    rustlings: &Path,
    root: &Path,
    runs: usize,
    ferry_failing: &mut [Duration],
    ferry_passing: &mut [Duration],
) {
    let project = root.join("rustlings");
    for top in ["exercises", "solutions"] {
        std::fs::create_dir_all(project.join(top)).unwrap();
    }
    std::fs::write(
        project.join("info.toml"),
        "format_version = 1\n\n[[exercises]]\nname = \"failing\"\nhint = \"h\"\n\n[[exercises]]\nname = \"passing\"\nhint = \"h\"\n",
    )
    .unwrap();
    for name in ["failing", "passing"] {
        let exercise = format!("exercises/{name}.rs");
        std::fs::copy(root.join(&exercise), project.join(&exercise)).unwrap();
    }
    common::rustlings_project(rustlings, &project);
    let run = |name: &str| {
        Command::new(rustlings)
            .args(["run", name])
            .current_dir(&project)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap()
            .success()
    };
    // Warm: cargo's target folder made, the dependency graph resolved.
    assert!(
        !run("failing"),
        "rustlings should fail the failing exercise"
    );
    assert!(run("passing"), "rustlings should pass the passing exercise");
    let mut failing = Vec::new();
    let mut passing = Vec::new();
    for i in 0..runs {
        edit(&project.join("exercises/failing.rs"), i, true);
        failing.push(time(|| assert!(!run("failing"))));
        edit(&project.join("exercises/passing.rs"), i, true);
        passing.push(time(|| assert!(run("passing"))));
    }
    let (rf, _) = median_min(&mut failing);
    let (rp, _) = median_min(&mut passing);
    let (ff, _) = median_min(ferry_failing);
    let (fp, _) = median_min(ferry_passing);
    println!(
        "  side by side with rustlings {} (`rustlings run`, same files):",
        common::RUSTLINGS_VERSION
    );
    println!(
        "    failing: ferry {:>6.1} ms, rustlings {:>6.1} ms, ratio {:.2}x   passing: ferry {:>6.1} ms, rustlings {:>6.1} ms, ratio {:.2}x",
        ms(ff),
        ms(rf),
        ff.as_secs_f64() / rf.as_secs_f64(),
        ms(fp),
        ms(rp),
        fp.as_secs_f64() / rp.as_secs_f64()
    );
}

/// `ferry hint` (load info.toml and progress, print one hint) on 1,000 and 10,000 exercises.
fn startup(runs: usize) {
    let mut medians = Vec::new();
    for count in [1_000, 10_000] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("exercises/chapter")).unwrap();
        let mut info = String::from("format_version = 1\n");
        for i in 0..count {
            info.push_str(&format!(
                "\n[[exercises]]\nname = \"exercise_{i}\"\ndir = \"chapter\"\nerrors = [\"E0382\"]\ntest = true\nhint = \"h\"\n"
            ));
            std::fs::write(
                root.join(format!("exercises/chapter/exercise_{i}.rs")),
                "fn main() {}\n",
            )
            .unwrap();
        }
        std::fs::write(root.join("info.toml"), info).unwrap();
        let hint = || {
            let status = Command::new(FERRY)
                .args(["hint", "exercise_1"])
                .current_dir(root)
                .stdout(Stdio::null())
                .status()
                .unwrap();
            assert!(status.success());
        };
        hint(); // the first start copies every untouched file aside
        let mut samples: Vec<Duration> = (0..runs).map(|_| time(hint)).collect();
        medians.push(median_min(&mut samples).0);
    }
    println!(
        "startup on a big curriculum, {runs} runs each, medians: ferry hint with 1,000 exercises {:.1} ms, with 10,000 {:.1} ms   ratio {:.1}x (linear: at most 10x)",
        ms(medians[0]),
        ms(medians[1]),
        medians[1].as_secs_f64() / medians[0].as_secs_f64()
    );
}

#[derive(Default)]
struct Pair {
    ferry: Vec<Duration>,
    bare: Vec<Duration>,
}

impl Pair {
    fn report(&mut self, what: &str) {
        let (ferry, ferry_min) = median_min(&mut self.ferry);
        let (bare, bare_min) = median_min(&mut self.bare);
        println!(
            "  {what}\n    ferry {:>6.1} ms ({:.1})   bare {:>6.1} ms ({:.1})   ratio {:.2}x",
            ms(ferry),
            ms(ferry_min),
            ms(bare),
            ms(bare_min),
            ferry.as_secs_f64() / bare.as_secs_f64()
        );
    }
}

fn median_min(samples: &mut [Duration]) -> (Duration, Duration) {
    samples.sort();
    (samples[samples.len() / 2], samples[0])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The bare toolchain's check of a passing test exercise: `clippy-driver --test`, then its tests.
fn bare_test_run(clippy: &Path, root: &Path, out: &Path, name: &str) {
    let binary = out.join(name);
    let status = Command::new(clippy)
        .current_dir(root)
        .arg(format!("exercises/{name}.rs"))
        .args(["--edition", "2024", "--test", "--error-format=json", "-o"])
        .arg(&binary)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let status = Command::new(&binary)
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

fn ferry(root: &Path, name: &str) -> i32 {
    Command::new(FERRY)
        .args(["run", name])
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap()
        .code()
        .unwrap_or(-1)
}

/// Appends a comment that differs every run, as a learner's save would.
fn edit(path: &Path, run: usize, side: bool) {
    let mut text = std::fs::read_to_string(path).unwrap();
    if let Some(cut) = text.find("\n// bench edit") {
        text.truncate(cut + 1);
    }
    text.push_str(&format!("// bench edit {run} {side}\n"));
    std::fs::write(path, text).unwrap();
}
