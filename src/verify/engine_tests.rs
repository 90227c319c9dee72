//! The verify engine with the fake runner: what it reports, without a compiler.

use super::{Kind, Options, Status, verify};
use crate::curriculum::Curriculum;
use crate::runner::fake::FakeRunner;

const INFO: &str = r#"format_version = 1

[[exercises]]
name = "moved"
dir = "ownership"
errors = ["E0382"]
test = false
hint = "borrow it"

[[exercises]]
name = "fails"
dir = "ownership"
test = true
hint = "make the test pass"

[[exercises]]
name = "claims"
dir = "ownership"
errors = ["E0382"]
test = false
hint = "says it does not compile, but it does"
"#;

fn curriculum(files: &[(&str, &str)]) -> (tempfile::TempDir, Curriculum) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("info.toml"), INFO).unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let curriculum = Curriculum::load(dir.path()).unwrap();
    (dir, curriculum)
}

fn options() -> Options {
    Options {
        jobs: 2,
        only: Vec::new(),
        exercises: true,
        solutions: true,
        author_checks: false,
        cheats: false,
        partition: None,
        no_cache: true,
    }
}

#[test]
fn exercises_fail_as_declared_and_solutions_pass_or_the_report_says_which_did_not() {
    let (dir, curriculum) = curriculum(&[
        (
            "exercises/ownership/moved.rs",
            "fn main() {\n    BROKEN\n}\n",
        ),
        ("solutions/ownership/moved.rs", "fn main() {}\n"),
        (
            "exercises/ownership/fails.rs",
            "fn main() {}\n// FAILTEST\n",
        ),
        (
            "solutions/ownership/fails.rs",
            "fn main() {}\n// FAILTEST\n",
        ),
        ("exercises/ownership/claims.rs", "fn main() {}\n"),
        ("solutions/ownership/claims.rs", "fn main() {}\n"),
    ]);
    let runner = FakeRunner::default();
    let build = dir.path().join("build");
    let report = verify(&runner, &curriculum, &options(), &build, None, &|| {}).unwrap();
    let status = |name: &str, kind: Kind| {
        report
            .checks
            .iter()
            .find(|c| c.exercise == name && c.kind == kind)
            .map(|c| c.status)
    };
    assert_eq!(status("moved", Kind::Exercise), Some(Status::Pass));
    assert_eq!(status("moved", Kind::Solution), Some(Status::Pass));
    assert_eq!(status("fails", Kind::Exercise), Some(Status::Pass));
    // A solution whose test fails, and an exercise that compiles though it declares E0382.
    assert_eq!(status("fails", Kind::Solution), Some(Status::Fail));
    assert_eq!(status("claims", Kind::Exercise), Some(Status::Fail));
    assert_eq!(report.status(), Status::Fail);
    let claims = report
        .checks
        .iter()
        .find(|c| c.exercise == "claims" && c.kind == Kind::Exercise)
        .unwrap();
    assert_eq!(claims.expected_errors, ["E0382"]);
    assert!(claims.actual_errors.is_empty());
    assert_eq!(runner.compiles(), 6, "one compile per check");
}

#[test]
fn a_missing_solution_is_a_layout_problem_and_only_narrows_the_checks() {
    let (dir, curriculum) = curriculum(&[
        (
            "exercises/ownership/moved.rs",
            "fn main() {\n    BROKEN\n}\n",
        ),
        (
            "exercises/ownership/fails.rs",
            "fn main() {}\n// FAILTEST\n",
        ),
        (
            "exercises/ownership/claims.rs",
            "fn main() {\n    BROKEN\n}\n",
        ),
    ]);
    let runner = FakeRunner::default();
    let build = dir.path().join("build");
    let report = verify(&runner, &curriculum, &options(), &build, None, &|| {}).unwrap();
    assert!(report.checks.iter().all(|c| c.kind == Kind::Exercise));
    assert_eq!(report.layout.len(), 3, "{:?}", report.layout);
    assert!(
        report.layout[0].message.contains("solution"),
        "{:?}",
        report.layout
    );
    let only = Options {
        only: vec!["moved".into()],
        ..options()
    };
    let runner = FakeRunner::default();
    let report = verify(&runner, &curriculum, &only, &build, None, &|| {}).unwrap();
    assert_eq!(report.checks.len(), 1);
    assert_eq!(report.checks[0].exercise, "moved");
}
