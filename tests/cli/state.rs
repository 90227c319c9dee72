//! Progress and the learner's work survive: reset keeps a backup, corrupt state is kept aside.

use std::process::{Command, Stdio};

use crate::harness::{Curriculum, FERRY};

/// Three exercises that pass as they are (`fn main` prints), so `ferry run` records them done.
pub fn three_passing() -> Curriculum {
    let c = Curriculum::empty();
    let mut info = String::from("format_version = 1\n");
    for name in ["one", "two", "three"] {
        info.push_str(&format!(
            "\n[[exercises]]\nname = \"{name}\"\ntest = false\nhint = [\"first\", \"second\"]\n"
        ));
        c.write(
            &format!("exercises/{name}.rs"),
            &format!("fn main() {{\n    println!(\"{name}\");\n}}\n"),
        );
    }
    c.write("info.toml", &info);
    c.ferry(&["list"]).code(0);
    c
}

/// Starts `ferry ARGS` in `c` without waiting for it.
fn spawn(c: &Curriculum, args: &[&str]) -> std::process::Child {
    Command::new(FERRY)
        .args(args)
        .current_dir(c.path())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

pub fn state_of(c: &Curriculum) -> serde_json::Value {
    serde_json::from_str(&c.read(".ferry/state.json")).unwrap()
}

#[test]
fn reset_restores_the_untouched_file_and_backs_up_the_learners() {
    let c = Curriculum::fixture("basic");
    let untouched = c.read("exercises/basics/runtime_fail.rs");
    // ferry sees the curriculum (and keeps the untouched files) on its first command.
    c.ferry(&["list"]).code(0);
    c.write("exercises/basics/runtime_fail.rs", "// my attempt\n");
    c.ferry(&["reset", "runtime_fail"])
        .code(0)
        .stdout_has("your version is saved as")
        .stdout_has("back to its untouched state");
    assert_eq!(c.read("exercises/basics/runtime_fail.rs"), untouched);
    let backups: Vec<_> = std::fs::read_dir(c.path().join(".ferry/backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(backups.len(), 1);
    assert_eq!(
        std::fs::read_to_string(&backups[0]).unwrap(),
        "// my attempt\n"
    );

    // A second reset of another attempt keeps both backups.
    c.write("exercises/basics/runtime_fail.rs", "// attempt two\n");
    c.ferry(&["reset", "runtime_fail"]).code(0);
    assert_eq!(
        std::fs::read_dir(c.path().join(".ferry/backups"))
            .unwrap()
            .count(),
        2
    );
}

#[test]
fn reset_brings_back_a_deleted_exercise() {
    let c = Curriculum::fixture("basic");
    let untouched = c.read("exercises/basics/warns.rs");
    c.ferry(&["list"]).code(0);
    std::fs::remove_file(c.path().join("exercises/basics/warns.rs")).unwrap();
    c.ferry(&["run", "warns"])
        .code(2)
        .stderr_has("ferry reset warns");
    c.ferry(&["reset", "warns"]).code(0);
    assert_eq!(c.read("exercises/basics/warns.rs"), untouched);
}

#[test]
fn reset_of_the_bundled_curriculum_uses_the_copy_built_into_ferry() {
    let c = Curriculum::bundled(&[]);
    let untouched = c.read("exercises/ownership/move_log_request.rs");
    // Edited before ferry ever ran here: the built-in copy still knows the original.
    c.write("exercises/ownership/move_log_request.rs", "// mine\n");
    c.ferry(&["reset", "move_log_request"]).code(0);
    assert_eq!(c.read("exercises/ownership/move_log_request.rs"), untouched);
}

#[test]
fn corrupt_state_is_kept_aside_with_a_warning() {
    let c = Curriculum::fixture("basic");
    c.ferry(&["run", "passing"]).code(0);
    c.write(".ferry/state.json", "{ this is not json");
    c.ferry(&["list"])
        .code(0)
        .stderr_has("warning:")
        .stderr_has("kept as");
    let kept = std::fs::read_dir(c.path().join(".ferry"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("state.json.corrupt-"))
        .count();
    assert_eq!(kept, 1);
}

#[test]
fn state_is_git_ignored() {
    let c = Curriculum::fixture("basic");
    c.ferry(&["run", "passing"]).code(0);
    assert_eq!(c.read(".ferry/.gitignore").lines().last(), Some("*"));
}

#[test]
fn ferry_processes_running_at_once_lose_no_progress() {
    let c = three_passing();
    // Without the lock on the state, a done is lost within the first six rounds (five tries
    // out of five lost one in rounds 0 to 5); fifteen rounds keep a wide margin.
    for round in 0..15 {
        let _ = std::fs::remove_file(c.path().join(".ferry/state.json"));
        let children = [
            spawn(&c, &["run", "one"]),
            spawn(&c, &["run", "two"]),
            spawn(&c, &["run", "three"]),
            spawn(&c, &["hint", "two"]),
        ];
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.code().is_some_and(|c| c <= 1),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let state = state_of(&c);
        assert_eq!(
            state["done"],
            serde_json::json!(["one", "three", "two"]),
            "round {round}: a done was lost: {state}"
        );
        assert_eq!(state["hints_shown"]["two"], 1, "round {round}: {state}");
    }
}

#[test]
fn resets_running_at_once_forget_done_and_back_up_under_names_of_their_own() {
    let c = three_passing();
    for round in 0..20 {
        c.ferry(&["run", "one"]).code(0);
        c.write(
            "exercises/one.rs",
            &format!("// attempt {round}\nfn main() {{}}\n"),
        );
        let children = [
            spawn(&c, &["reset", "one"]),
            spawn(&c, &["reset", "one"]),
            spawn(&c, &["reset", "--all", "--yes"]),
        ];
        let mut backups = Vec::new();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert_eq!(
                out.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
            backups.extend(
                stdout
                    .lines()
                    .filter_map(|l| l.strip_prefix("your version is saved as "))
                    .map(String::from),
            );
        }
        let mut unique = backups.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            unique.len(),
            backups.len(),
            "round {round}: two resets shared a backup: {backups:?}"
        );
        for backup in &backups {
            assert!(
                std::fs::read_to_string(backup)
                    .unwrap()
                    .starts_with(&format!("// attempt {round}")),
                "round {round}: {backup} does not hold the learner's version"
            );
        }
        assert!(c.read("exercises/one.rs").contains("println!(\"one\")"));
        let state = state_of(&c);
        assert!(
            !state["done"].as_array().unwrap().iter().any(|d| d == "one"),
            "round {round}: a reset exercise is still done: {state}"
        );
    }
}
