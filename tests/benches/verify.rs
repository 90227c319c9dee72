//! `ferry verify` of the whole bundled curriculum against the bare compiler, and the disk ferry's
//! build outputs take.
//!
//! `cargo bench --bench verify` copies the curriculum to a scratch folder, builds its crates
//! once, then measures (medians of `FERRY_BENCH_RUNS`, default 3): `ferry verify` with and
//! without the author checks, against the baseline of compiling every exercise and every
//! solution once with the bare `clippy-driver` (sequentially) divided by the cores, both with
//! the compiler's default flags and with the link flags ferry adds (`Toolchain::link_flags`),
//! and `ferry verify` served from its verdict cache after one exercise was edited.
//! Then it checks every exercise once with `ferry run` and reports the size of `.ferry/`.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

#[path = "common.rs"]
mod common;

use common::{FERRY, REPO, median, time};

fn main() {
    let runs = common::runs(3);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for part in ["info.toml", "exercises", "solutions"] {
        copy(&Path::new(REPO).join(part), &root.join(part));
    }
    let info: toml::Table = std::fs::read_to_string(root.join("info.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let exercises = info["exercises"].as_array().unwrap();

    // Build the crates once (as a learner's first async exercise would), outside the timing.
    let first_async = exercises
        .iter()
        .find(|e| e.get("crates").is_some())
        .and_then(|e| e["name"].as_str())
        .unwrap();
    ferry(root, &["run", first_async]);
    let externs: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join(".ferry/crates/externs.json")).unwrap(),
    )
    .unwrap();

    // The bare compiles: every exercise and every solution once, with the bare
    // `clippy-driver`: with the compiler's own defaults (the ideal), and with the link
    // flags ferry adds on top of the defaults (`Toolchain::link_flags`: the same work as ferry's).
    let driver = common::tool("clippy-driver");
    let toolchain = ferry::runner::Toolchain::resolve(root, None).unwrap();
    let link_flags = toolchain.link_flags();
    let out = root.join("bare");
    std::fs::create_dir_all(&out).unwrap();
    let mut defaults: Vec<Command> = Vec::new();
    let mut compiles: Vec<Command> = Vec::new();
    // Which of them compile a solution: those must succeed, or the baseline skips work.
    let mut solutions: Vec<bool> = Vec::new();
    for exercise in exercises {
        let name = exercise["name"].as_str().unwrap();
        let dir = exercise.get("dir").and_then(|d| d.as_str()).unwrap_or("");
        let test = exercise["test"].as_bool().unwrap();
        let crates: Vec<&str> = exercise
            .get("crates")
            .and_then(|c| c.as_array())
            .map(|c| c.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        for top in ["exercises", "solutions"] {
            let source = Path::new(top).join(dir).join(format!("{name}.rs"));
            let mut command = Command::new(&driver);
            command
                .current_dir(root)
                .arg(&source)
                .args([
                    "--edition",
                    "2024",
                    "--error-format=json",
                    "--crate-name",
                    name,
                ])
                .arg("-o")
                .arg(out.join(format!("{top}-{name}")))
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            if test {
                command.arg("--test");
            }
            if !crates.is_empty() {
                // The record's paths are relative to the folder it is in.
                let crates_dir = root.join(".ferry/crates");
                command.arg(format!(
                    "-Ldependency={}",
                    crates_dir.join(externs["deps"].as_str().unwrap()).display()
                ));
                for pair in externs["crates"].as_array().unwrap() {
                    let crate_name = pair[0].as_str().unwrap();
                    if crates.iter().any(|c| c.replace('-', "_") == crate_name) {
                        command.arg("--extern");
                        command.arg(format!(
                            "{crate_name}={}",
                            crates_dir.join(pair[1].as_str().unwrap()).display()
                        ));
                    }
                }
            }
            let mut same = Command::new(command.get_program());
            same.current_dir(root)
                .args(command.get_args())
                .args(&link_flags)
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            defaults.push(command);
            compiles.push(same);
            solutions.push(top == "solutions");
        }
    }

    // One after another: the ideal is the sum of these walls divided by the cores. A
    // bare compile is not one core's work, though (LLVM's codegen units and the linker run on
    // threads), so their CPU time is measured too.
    let one_at_a_time = |commands: &mut Vec<Command>| {
        let mut wall = Duration::ZERO;
        let cpu_before = common::children_cpu();
        for (command, solution) in commands.iter_mut().zip(&solutions) {
            let mut status = None;
            wall += time(|| {
                status = Some(command.status().unwrap());
            });
            assert!(
                !solution || status.is_some_and(|s| s.success()),
                "the bare compile failed: {command:?}"
            );
        }
        (wall, common::cpu_since(cpu_before))
    };
    let (bare, bare_cpu) = one_at_a_time(&mut defaults);
    let ideal = bare / cores as u32;
    let (bare_same, bare_same_cpu) = one_at_a_time(&mut compiles);
    let ideal_same = bare_same / cores as u32;

    // Then, alternating in every run: the same compiles `cores` at a time (what `xargs -P` would
    // do: the best any runner of these compiles can reach without knowing them), and ferry
    // verify without and with the author checks.
    let mut parallel = Vec::new();
    let mut parallel_cpu = Vec::new();
    let mut plain = Vec::new();
    let mut plain_cpu = Vec::new();
    let mut author = Vec::new();
    for _ in 0..runs {
        let cpu_before = common::children_cpu();
        parallel.push(time(|| {
            let next = std::sync::atomic::AtomicUsize::new(0);
            let queue = std::sync::Mutex::new(&mut compiles);
            std::thread::scope(|scope| {
                for _ in 0..cores {
                    scope.spawn(|| {
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let mut child = {
                                let mut queue = queue.lock().unwrap();
                                let Some(command) = queue.get_mut(i) else {
                                    break;
                                };
                                command.spawn().unwrap()
                            };
                            child.wait().unwrap();
                        }
                    });
                }
            });
        }));
        parallel_cpu.push(common::cpu_since(cpu_before));
        let cpu_before = common::children_cpu();
        plain.push(time(|| {
            assert_eq!(
                ferry(root, &["verify", "--no-author-checks", "--no-cache"]),
                0
            );
        }));
        plain_cpu.push(common::cpu_since(cpu_before));
        author.push(time(|| {
            assert_eq!(ferry(root, &["verify", "--no-cache"]), 0);
        }));
    }

    // The verdict cache (filled by the runs above): one exercise edited, then `verify`.
    let edited = exercises
        .iter()
        .find(|e| e["name"].as_str() == Some("move_log_request"))
        .unwrap_or(&exercises[0]);
    let edited_path = root
        .join("exercises")
        .join(edited.get("dir").and_then(|d| d.as_str()).unwrap_or(""))
        .join(format!("{}.rs", edited["name"].as_str().unwrap()));
    let untouched = std::fs::read_to_string(&edited_path).unwrap();
    let mut cached = Vec::new();
    for run in 0..runs {
        std::fs::write(&edited_path, format!("{untouched}// edit {run}\n")).unwrap();
        cached.push(time(|| {
            assert_eq!(ferry(root, &["verify"]), 0);
        }));
    }
    std::fs::write(&edited_path, &untouched).unwrap();

    let seconds = |d: Duration| d.as_secs_f64();
    let spread = |samples: &mut Vec<Duration>| {
        let m = median(samples);
        format!(
            "{:.1} s (spread {:.1}–{:.1})",
            seconds(m),
            seconds(samples[0]),
            seconds(samples[samples.len() - 1])
        )
    };
    let ratios = |samples: &[Duration], against: &[Duration]| {
        let mut r: Vec<f64> = samples
            .iter()
            .zip(against)
            .map(|(a, b)| seconds(*a) / seconds(*b))
            .collect();
        r.sort_by(f64::total_cmp);
        format!(
            "{:.2}x (spread {:.2}–{:.2}x)",
            r[r.len() / 2],
            r[0],
            r[r.len() - 1]
        )
    };
    println!(
        "ferry verify of the bundled curriculum ({} files, {cores} cores), medians of {runs}, spread min–max:",
        compiles.len()
    );
    let cpu_per_core = |cpu: Option<Duration>| cpu.map_or(f64::NAN, |c| seconds(c) / cores as f64);
    println!(
        "  bare clippy-driver compiles one at a time, the compiler's defaults: {:.1} s of wall, / {cores} cores = {:.1} s (the issue's ideal); {} of CPU, / {cores} cores = {:.1} s",
        seconds(bare),
        seconds(ideal),
        cpu_text(bare_cpu),
        cpu_per_core(bare_cpu),
    );
    println!(
        "  bare clippy-driver compiles one at a time, with ferry's link flags: {:.1} s of wall, / {cores} cores = {:.1} s; {} of CPU, / {cores} cores = {:.1} s",
        seconds(bare_same),
        seconds(ideal_same),
        cpu_text(bare_same_cpu),
        cpu_per_core(bare_same_cpu),
    );
    println!(
        "  bare clippy-driver compiles {cores} at a time, with ferry's link flags: {}",
        spread(&mut parallel.clone())
    );
    for (what, samples) in [
        ("ferry verify --no-author-checks", &plain),
        ("ferry verify (with author checks)", &author),
    ] {
        let m = seconds(median(&mut samples.clone()));
        println!(
            "  {what}: {}   against {cores} at a time {}   against sum/cores {:.2}x (the compiler's defaults) and {:.2}x (ferry's link flags)",
            spread(&mut samples.clone()),
            ratios(samples, &parallel),
            m / seconds(ideal),
            m / seconds(ideal_same),
        );
    }
    if let (Some(bare_cpu), Some(mut ours)) =
        (bare_cpu, plain_cpu.into_iter().collect::<Option<Vec<_>>>())
    {
        let ours = median(&mut ours);
        println!(
            "  CPU: ferry verify --no-author-checks {} (compiles, every test run, rustfmt, ferry itself) against the bare compiles' {} ({:.2}x; with ferry's link flags {}, {:.2}x)",
            cpu_text(Some(ours)),
            cpu_text(Some(bare_cpu)),
            seconds(ours) / seconds(bare_cpu),
            cpu_text(bare_same_cpu),
            bare_same_cpu.map_or(f64::NAN, |c| seconds(ours) / seconds(c)),
        );
    }
    println!(
        "  ferry verify after editing {} (verdict cache): {:.1} s",
        edited["name"].as_str().unwrap(),
        median(&mut cached).as_secs_f64()
    );
    let waiting: u64 = exercises
        .iter()
        .filter(|e| e.get("errors").is_none())
        .filter_map(|e| e.get("timeout").and_then(|t| t.as_integer()))
        .map(|t| t as u64)
        .sum();
    println!(
        "  (the untouched runtime exercises with a timeout may wait up to {waiting} s in all for theirs)"
    );

    if let Some(rustlings) = common::rustlings() {
        side_by_side(&rustlings, root, runs);
    }

    // Disk: every exercise checked once, as a learner working through the curriculum would.
    for exercise in exercises {
        ferry(root, &["run", exercise["name"].as_str().unwrap()]);
    }
    let total = size(&root.join(".ferry"));
    let crates = size(&root.join(".ferry/crates"));
    println!(
        "disk: .ferry/ after checking all {} exercises: {:.1} MB (the crates build: {:.1} MB)",
        exercises.len(),
        total as f64 / 1e6,
        crates as f64 / 1e6
    );
}

/// `ferry verify` against `rustlings dev check --require-solutions` on rustlings' own 94
/// exercises (its format, read as it is), alternating; both from nothing: ferry without its
/// verdict cache, rustlings without its target folder.
fn side_by_side(rustlings: &Path, root: &Path, runs: usize) {
    let project = root.join("rustlings-own");
    if common::rustlings_curriculum(rustlings, &project).is_none() {
        eprintln!(
            "rustlings' own exercises are not in cargo's registry: that comparison is skipped"
        );
        return;
    }
    let check = || {
        Command::new(rustlings)
            .args(["dev", "check", "--require-solutions"])
            .current_dir(&project)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap()
            .success()
    };
    // Warm both: cargo's target folder, ferry's copies of the untouched files.
    assert!(
        check(),
        "rustlings dev check should pass on its own curriculum"
    );
    ferry(&project, &["verify", "--no-cache"]);
    let mut theirs = Vec::new();
    let mut ours = Vec::new();
    let mut passed = 0;
    for i in 0..runs {
        for ferry_side in [i % 2 == 0, i % 2 != 0] {
            if ferry_side {
                ours.push(time(|| passed = ferry(&project, &["verify", "--no-cache"])));
            } else {
                // A CI run starts with no build: cargo's target folder goes (the exercises use
                // no crates, so nothing else is lost), as ferry keeps no compiled exercise.
                let _ = std::fs::remove_dir_all(project.join("target"));
                theirs.push(time(|| assert!(check())));
            }
        }
    }
    let (ours, theirs) = (median(&mut ours), median(&mut theirs));
    println!(
        "rustlings' own {} exercises ({}): ferry verify {:.1} s (exit {passed}), rustlings dev check --require-solutions {:.1} s   ratio {:.2}x",
        94,
        common::RUSTLINGS_VERSION,
        ours.as_secs_f64(),
        theirs.as_secs_f64(),
        ours.as_secs_f64() / theirs.as_secs_f64()
    );
}

fn cpu_text(cpu: Option<Duration>) -> String {
    cpu.map_or("(not measured here)".to_string(), |c| {
        format!("{:.1} s", c.as_secs_f64())
    })
}

fn ferry(root: &Path, args: &[&str]) -> i32 {
    Command::new(FERRY)
        .args(args)
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap()
        .code()
        .unwrap_or(-1)
}

fn size(path: &Path) -> u64 {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return 0;
    };
    if meta.is_dir() {
        std::fs::read_dir(path)
            .unwrap()
            .flatten()
            .map(|e| size(&e.path()))
            .sum()
    } else {
        meta.len()
    }
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap();
    }
}
