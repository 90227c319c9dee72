//! `ferry run`, `hint` and `list` on the fixture curriculum: one of each kind of outcome.

use crate::harness::Curriculum;

#[test]
fn compile_error_is_named_as_the_expected_one() {
    let c = Curriculum::fixture("basic");
    c.ferry(&["run", "compile_fail"])
        .code(1)
        .stdout_has("error[E0382]: borrow of moved value: `name`")
        .stdout_has("E0382 (line 5): the error this exercise is about");
}

#[test]
fn an_error_the_learner_introduced_is_called_new() {
    let c = Curriculum::fixture("basic");
    let text = c.read("exercises/basics/compile_fail.rs").replace(
        "let name = String::from(\"ada\");",
        "let name: u32 = \"ada\";",
    );
    c.write("exercises/basics/compile_fail.rs", &text);
    c.ferry(&["run", "compile_fail"])
        .code(1)
        .stdout_has("E0308 (line 3): a new error");
}

#[test]
fn failing_test_is_named_with_its_message() {
    let c = Curriculum::fixture("basic");
    c.ferry(&["run", "runtime_fail"])
        .code(1)
        .stdout_has("compiles, but 1 test of 1 failed")
        .stdout_has("tests::doubles")
        .stdout_has("double(3) should be 6");
}

#[test]
fn passing_exercise_is_done_and_recorded() {
    let c = Curriculum::fixture("basic");
    c.ferry(&["run", "passing"])
        .code(0)
        .stdout_has("basics/passing is done");
    c.ferry(&["list"])
        .code(0)
        .stdout_has("done     basics/passing")
        .stdout_has("1/7 done");
}

/// ferry links a learner's program against the toolchain's shared standard library on Linux
/// (a faster link); the program still runs on its own, with nothing set. (cargo test sets
/// LD_LIBRARY_PATH to the toolchain's libraries, so the program starts itself again without it.)
#[test]
fn a_built_program_runs_on_its_own() {
    let source = r#"fn main() {
    if std::env::args().nth(1).as_deref() == Some("again") {
        println!("started again");
        return;
    }
    let me = std::env::current_exe().unwrap();
    let again = std::process::Command::new(&me)
        .env_clear()
        .arg("again")
        .output()
        .unwrap();
    assert!(
        again.status.success(),
        "{} started with no environment: {}",
        me.display(),
        String::from_utf8_lossy(&again.stderr)
    );
    assert!(String::from_utf8_lossy(&again.stdout).contains("started again"));
}
"#;
    let c = crate::reliability::one("alone", false, "", source);
    let out = c.ferry(&["run", "alone"]);
    out.code(0).stdout_has("alone is done");
}

#[test]
fn deadlock_is_a_verdict() {
    let c = Curriculum::fixture("basic");
    let out = c.ferry(&["run", "deadlock"]);
    out.code(1);
    // Where ferry sees deadlocks (Linux), at once; elsewhere the 1 s timeout ends it, claiming
    // no cause.
    if ferry::runner::deadlock::DETECTS {
        out.stdout_has("deadlock after")
            .stdout_has("the main thread: waiting for a lock")
            .stdout_has("is a lock taken twice?");
    } else {
        out.stdout_has("timed out: did not finish within 1 s");
    }
}

#[test]
fn endless_output_is_stopped_and_capped() {
    let c = Curriculum::fixture("basic");
    let out = c.ferry(&["run", "flood"]);
    out.code(1)
        .stdout_has("printed far too much output and was stopped")
        .stdout_has("more bytes of output were dropped");
    assert!(out.stdout.len() < 64 * 1024, "{} bytes", out.stdout.len());
}

#[test]
fn warnings_and_clippy_remarks_keep_it_from_done() {
    let c = Curriculum::fixture("basic");
    c.ferry(&["run", "warns"])
        .code(1)
        .stdout_has("1 warning to fix first")
        .stdout_has("unused_variables (line 2)");
    c.ferry(&["run", "clippy_remark"])
        .code(1)
        .stdout_has("clippy has 1 remark")
        .stdout_has("clippy::needless_return (line 2)");
}

#[test]
fn run_without_a_name_checks_the_current_exercise_and_moves_on_when_done() {
    let c = Curriculum::fixture("basic");
    c.ferry(&["run"]).code(1).stdout_has("basics/compile_fail");
    c.write(
        "exercises/basics/compile_fail.rs",
        &c.read("solutions/basics/compile_fail.rs"),
    );
    c.ferry(&["run"])
        .code(0)
        .stdout_has("basics/compile_fail is done")
        .stdout_has("next: basics/runtime_fail");
    c.ferry(&["list"])
        .stdout_has("> pending  basics/runtime_fail")
        .stdout_has("current");
}

#[test]
fn hints_come_one_level_at_a_time() {
    let c = Curriculum::fixture("basic");
    c.ferry(&["hint", "compile_fail"])
        .code(0)
        .stdout_has("hint 1 of 2: Who owns `name`")
        .stdout_lacks("hint 2 of 2")
        .stdout_has("again for the next hint");
    c.ferry(&["hint", "compile_fail"])
        .code(0)
        .stdout_has("hint 2 of 2: Print from the vector")
        .stdout_lacks("hint 1 of 2");
    c.ferry(&["hint", "compile_fail", "--all"])
        .stdout_has("hint 1 of 2")
        .stdout_has("hint 2 of 2");
}

#[test]
fn unknown_exercise_suggests_the_closest_name() {
    let c = Curriculum::fixture("basic");
    c.ferry(&["run", "compile_fial"])
        .code(2)
        .stderr_has("no exercise named `compile_fial` (did you mean `compile_fail`?)");
}

#[cfg(unix)]
#[test]
fn missing_toolchain_says_what_to_install() {
    let c = Curriculum::fixture("basic");
    c.ferry_with(&["run", "passing"], |cmd| {
        cmd.env("PATH", "/nonexistent");
    })
    .code(2)
    .stderr_has("rustc --print sysroot")
    .stderr_has("install Rust with rustup");
}

#[test]
fn runs_in_a_subfolder_of_the_curriculum() {
    let c = Curriculum::fixture("basic");
    let out = std::process::Command::new(crate::harness::FERRY)
        .args(["run", "passing"])
        .current_dir(c.path().join("exercises/basics"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn an_exercise_using_a_crate_gets_it_built_once() {
    let c = Curriculum::fixture("crates");
    let in_workspace = |args: &[&str]| {
        c.ferry_with(args, |command| {
            command.env_remove(ferry::runner::crates::SHARED_DIR_VARIABLE);
        })
    };
    in_workspace(&["run"])
        .code(1)
        .stdout_has("left: \"requests_total 43\"");
    let record = c.read(".ferry/crates/externs.json");
    assert!(record.contains("libitoa"), "{record}");
    c.write(
        "exercises/format_count.rs",
        &c.read("solutions/format_count.rs"),
    );
    in_workspace(&["run"])
        .code(0)
        .stdout_has("format_count is done");
    // The record is reused as it is: nothing was built again.
    assert_eq!(c.read(".ferry/crates/externs.json"), record);
}

#[test]
fn workspaces_given_a_shared_crates_folder_build_the_crates_once_between_them() {
    let shared = tempfile::tempdir().unwrap();
    let run = |c: &Curriculum| {
        c.ferry_with(&["run"], |command| {
            command.env(ferry::runner::crates::SHARED_DIR_VARIABLE, shared.path());
        })
    };
    let first = Curriculum::fixture("crates");
    run(&first)
        .code(1)
        .stderr_has("building the crates this exercise uses (itoa) once");
    let second = Curriculum::fixture("crates");
    let out = run(&second);
    out.code(1).stdout_has("left: \"requests_total 43\"");
    assert!(!out.stderr.contains("building the crates"), "{out:#?}");
    // One build, named after the crate table and toolchain; none in either workspace.
    let builds: Vec<_> = std::fs::read_dir(shared.path())
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(builds.len(), 1, "{builds:?}");
    assert!(builds[0].path().join("externs.json").is_file());
    for c in [&first, &second] {
        assert!(!c.path().join(".ferry/crates").exists());
    }
    // Another crate table is another build.
    let other = Curriculum::fixture("crates");
    let info = other
        .read("info.toml")
        .replace("itoa = \"1\"", "itoa = \"1.0\"");
    other.write("info.toml", &info);
    run(&other).code(1);
    assert_eq!(std::fs::read_dir(shared.path()).unwrap().count(), 2);
}

#[test]
fn a_crate_missing_from_the_crates_table_is_refused() {
    let c = Curriculum::fixture("crates");
    let info = c.read("info.toml").replace("itoa = \"1\"", "");
    c.write("info.toml", &info);
    c.ferry(&["run"])
        .code(2)
        .stderr_has("the crate `itoa` is not in the curriculum's [crates] table");
}

/// Regression: a `ferry run` beside a `ferry watch` on the same curriculum used to build into
/// the same folder at the same time, and the linker crashed.
#[test]
fn two_ferry_processes_checking_one_exercise_take_turns() {
    let c = Curriculum::fixture("basic");
    let spawn = || {
        std::process::Command::new(crate::harness::FERRY)
            .args(["run", "passing"])
            .current_dir(c.path())
            .env("TERM", "dumb")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let children: Vec<_> = (0..4).map(|_| spawn()).collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Nothing is left behind but the lock and the untouched file's error places.
    let mut left: Vec<_> = std::fs::read_dir(c.path().join(".ferry/target/passing"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, [".lock", "untouched-errors.json"]);
}

#[test]
fn explain_shows_cards_by_code_and_for_codeless_errors() {
    let c = Curriculum::empty();
    c.ferry(&["explain", "e0502"])
        .code(0)
        .stdout_has("E0502")
        .stdout_has("What would go wrong")
        .stdout_has("Coming from Kotlin/Scala");
    c.ferry(&["explain", "future cannot be sent between threads safely"])
        .code(0)
        .stdout_has("MutexGuard");
    c.ferry(&["explain", "E0001"])
        .code(0)
        .stdout_has("ferry has no card for E0001; this is rustc's explanation");
    c.ferry(&["explain", "E9999"])
        .code(2)
        .stderr_has("neither ferry nor rustc knows");
    c.ferry(&["explain", "nonsense"]).code(2).stderr_has("fix:");
}

#[test]
fn explain_names_and_shows_the_situation_cards_of_a_code() {
    let c = Curriculum::empty();
    c.ferry(&["explain", "E0277"])
        .code(0)
        .stdout_has("trait bound not satisfied")
        .stdout_has("`ferry explain E0277.not-send`")
        .stdout_has("`ferry explain E0277.question-mark`");
    c.ferry(&["explain", "e0277.not-sync"])
        .code(0)
        .stdout_has("cannot be shared between threads safely");
    c.ferry(&["explain", "E0308.missing-await"])
        .code(0)
        .stdout_has(".await");
    c.ferry(&["explain", "E0277.not-clone"])
        .code(2)
        .stderr_has("E0277.not-send");
    c.ferry(&["explain", "E0382.anything"])
        .code(2)
        .stderr_has("no situation cards for E0382");
}

#[test]
fn a_lint_exercise_is_about_clippy_and_verifies_as_declared() {
    let c = Curriculum::empty();
    c.write(
        "info.toml",
        "format_version = 1\n\n[[exercises]]\nname = \"lint\"\nerrors = [\"clippy::needless_range_loop\"]\ntest = false\nhint = \"iterate over the slice itself\"\n",
    );
    let looping = "fn total(prices: &[u32]) -> u32 {\n    let mut sum = 0;\n    for i in 0..prices.len() {\n        sum += prices[i];\n    }\n    sum\n}\n\nfn main() {\n    println!(\"{}\", total(&[1, 2]));\n}\n";
    c.write("exercises/lint.rs", looping);
    c.write(
        "solutions/lint.rs",
        "fn total(prices: &[u32]) -> u32 {\n    prices.iter().sum()\n}\n\nfn main() {\n    println!(\"{}\", total(&[1, 2]));\n}\n",
    );
    c.ferry(&["run", "lint", "--color", "never"])
        .code(1)
        .stdout_has("clippy::needless_range_loop (line 3)")
        .stdout_has("the lint this exercise is about");
    c.ferry(&["explain", "clippy::needless_range_loop"])
        .code(0)
        .stdout_has("clippy's explanation of clippy::needless_range_loop")
        .stdout_has("What it does");
    c.ferry(&["explain", "clippy::no_such_lint"])
        .code(2)
        .stderr_has("clippy has no lint `no_such_lint`");
    c.ferry(&["verify", "--color", "never"]).code(0);
    // Untouched, it must give the lint it declares.
    c.write(
        "exercises/lint.rs",
        &looping.replace(
            "for i in 0..prices.len() {\n        sum += prices[i];\n    }",
            "for p in prices {\n        sum += p;\n    }",
        ),
    );
    c.ferry(&["verify", "--color", "never"])
        .code(1)
        .stdout_has("expected clippy's clippy::needless_range_loop, which clippy did not report");
}

#[test]
fn a_rustlings_workspace_is_recognised_and_the_learner_told_what_to_do() {
    let c = Curriculum::empty();
    c.write(
        "Cargo.toml",
        "bin = [\n  { name = \"intro1\", path = \"exercises/00_intro/intro1.rs\" },\n]\n\n[package]\nname = \"exercises\"\nedition = \"2024\"\npublish = false\n",
    );
    c.write("exercises/00_intro/intro1.rs", "fn main() {}\n");
    for command in [&["list"][..], &["run"], &["hint"]] {
        c.ferry(command)
            .code(2)
            .stderr_has("is a rustlings workspace (made by `rustlings init`)")
            .stderr_has("fix: keep going with `rustlings` here");
    }
    // From inside a chapter folder, and by the state file alone.
    let c = Curriculum::empty();
    c.write(".rustlings-state.txt", "DON'T EDIT THIS FILE!\n\nintro1\n");
    c.write("exercises/00_intro/intro1.rs", "fn main() {}\n");
    crate::harness::ferry_in(&c.path().join("exercises/00_intro"), &["list"], |_| {})
        .code(2)
        .stderr_has("rustlings workspace");
    // Anything else is still "no info.toml".
    Curriculum::empty()
        .ferry(&["list"])
        .code(2)
        .stderr_has("no info.toml");
}
