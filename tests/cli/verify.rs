//! `ferry verify`: the bundled curriculum passes; planted defects are named.

use crate::harness::{Curriculum, repo};

#[test]
fn bundled_curriculum_verifies() {
    let out = std::process::Command::new(crate::harness::FERRY)
        .arg("verify")
        .current_dir(repo())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("as declared"), "{stdout}");
}

const SUBJECT: &str = "move_log_request";
const OTHER: &str = "move_while_borrowed";
const RUNTIME: &str = "drop_scope_connections";

#[test]
fn an_exercise_that_compiles_is_named() {
    let c = Curriculum::bundled(&[SUBJECT, OTHER]);
    let solution = c.read(&format!("solutions/ownership/{SUBJECT}.rs"));
    c.write(&format!("exercises/ownership/{SUBJECT}.rs"), &solution);
    c.ferry(&["verify"])
        .code(1)
        .stdout_has(&format!("ownership/{SUBJECT} (exercise)"))
        .stdout_has("compiles, but should fail with E0382")
        .stdout_lacks(&format!("ownership/{OTHER}"))
        .stdout_has("1 of 4 checks failed");
}

#[test]
fn a_changed_error_code_is_named() {
    let c = Curriculum::bundled(&[SUBJECT, OTHER]);
    let info = c.read("info.toml");
    let changed = info.replacen("\"E0505\"", "\"E0499\"", 1);
    assert_ne!(info, changed);
    c.write("info.toml", &changed);
    c.ferry(&["verify"])
        .code(1)
        .stdout_has(&format!("ownership/{OTHER} (exercise)"))
        .stdout_has("expected error E0499, which the compiler did not report")
        .stdout_has("unexpected error E0505");
}

#[test]
fn a_broken_solution_test_is_named() {
    let c = Curriculum::bundled(&[SUBJECT, RUNTIME]);
    let path = format!("solutions/ownership/{RUNTIME}.rs");
    let broken = format!(
        "{}\n#[cfg(test)]\nmod planted {{\n    #[test]\n    fn planted_defect() {{\n        assert_eq!(1 + 1, 3, \"planted\");\n    }}\n}}\n",
        c.read(&path)
    );
    c.write(&path, &broken);
    c.ferry(&["verify"])
        .code(1)
        .stdout_has(&format!("ownership/{RUNTIME} (solution)"))
        .stdout_has("test planted::planted_defect failed");
}

#[test]
fn a_deadlocking_solution_is_a_timeout() {
    let c = Curriculum::fixture("deadlocking_solution");
    c.ferry(&["verify"])
        .code(1)
        .stdout_has("counter (solution)")
        .stdout_has("timed out after 1 s")
        .stdout_has("tests::bumps_by_one");
}

#[test]
fn layout_problems_are_reported() {
    let c = Curriculum::bundled(&[SUBJECT]);
    c.write("exercises/ownership/stray.rs", "fn main() {}\n");
    std::fs::remove_file(c.path().join(format!("solutions/ownership/{SUBJECT}.rs"))).unwrap();
    c.ferry(&["verify"])
        .code(1)
        .stdout_has("exercises/ownership/stray.rs belongs to no exercise")
        .stdout_has(&format!("ownership/{SUBJECT} has no solution"));
}

#[test]
fn an_unformatted_solution_is_named() {
    let c = Curriculum::bundled(&[SUBJECT]);
    let path = format!("solutions/ownership/{SUBJECT}.rs");
    c.write(&path, &c.read(&path).replacen("fn ", "fn  ", 1));
    c.ferry(&["verify"])
        .code(1)
        .stdout_has("is not rustfmt-clean");
}
