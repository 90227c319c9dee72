//! Progress and the learner's work survive: reset keeps a backup, corrupt state is kept aside.

use crate::harness::Curriculum;

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
