//! Curricula in rustlings' format, read as they are (tests/fixtures/rustlings is written as
//! rustlings' own info.toml is), and `ferry upgrade`, which makes one ferry's.

use crate::harness::Curriculum;

#[test]
fn a_rustlings_curriculum_loads_and_verifies_as_it_ships() {
    let c = Curriculum::fixture("rustlings");
    // intro1 is `skip_check_unsolved`: only its solution is checked.
    c.ferry(&["verify"])
        .code(0)
        .stdout_has("3 exercises and 4 solutions are as declared")
        // An introduction that is done as it ships is meant to be its solution.
        .stdout_lacks("identical to its solution");
    // rustlings tolerates dead code; so does ferry, in rustlings' format (intro1 has an unused
    // struct).
    c.ferry(&["run", "intro1"]).code(0).stdout_has("done");
}

#[test]
fn without_errors_declared_ferry_names_the_error_but_claims_nothing_about_it() {
    let c = Curriculum::fixture("rustlings");
    c.ferry(&["run", "move1"])
        .code(1)
        .stdout_has("E0382")
        .stdout_lacks("the error this exercise is about")
        .stdout_lacks("a new error");
    // A lint clippy denies is named by the lint.
    c.ferry(&["run", "clippy1"])
        .code(1)
        .stdout_has("clippy::approx_constant");
}

#[test]
fn the_learner_s_own_tests_judge_in_rustlings_format() {
    let c = Curriculum::fixture("rustlings");
    // tests1 is about writing the tests: the learner's tests run, not the shipped `assert!()`.
    let solution = c.read("solutions/02_tests/tests1.rs");
    c.write("exercises/02_tests/tests1.rs", &solution);
    c.ferry(&["run", "tests1"]).code(0).stdout_has("done");
}

#[test]
fn a_rustlings_exercise_that_is_done_as_it_ships_fails_verify() {
    let c = Curriculum::fixture("rustlings");
    let solution = c.read("solutions/01_move/move1.rs");
    c.write("exercises/01_move/move1.rs", &solution);
    c.ferry(&["verify", "--only", "move1"])
        .code(1)
        .stdout_has("is done as it ships")
        .stdout_has("skip_check_unsolved");
}

#[test]
fn upgrade_writes_each_exercise_s_errors_and_verify_holds_them() {
    let c = Curriculum::fixture("rustlings");
    let before = c.read("info.toml");
    c.ferry(&["upgrade", "--dry-run"])
        .code(0)
        .stdout_has("would write `errors` for 4 of 4 exercises");
    assert_eq!(c.read("info.toml"), before, "--dry-run writes nothing");

    c.ferry(&["upgrade"])
        .code(0)
        .stdout_has("wrote `errors` for 4 of 4 exercises")
        .stdout_has(".ferry/backups/info.toml.");
    let after = c.read("info.toml");
    // Comments, layout and every key are kept; `errors` goes after `dir`.
    for kept in [
        "# INTRO",
        "# MOVE SEMANTICS",
        "skip_check_unsolved = true",
        "strict_clippy = true",
    ] {
        assert!(after.contains(kept), "{kept} lost:\n{after}");
    }
    assert!(
        after.contains("name = \"move1\"\ndir = \"01_move\"\nerrors = [\"E0382\"]\n"),
        "{after}"
    );
    // A codeless error is declared by its message, a lint raised to an error by its name, and
    // an exercise whose solution rewrites the tests keeps the learner's tests as the judge.
    assert!(
        after.contains("errors = [\"macro requires a boolean expression as an argument\", \"macro requires a boolean expression as an argument\", \"unused_imports\"]\nlearner_tests = true"),
        "{after}"
    );
    assert!(
        after.contains("errors = [\"clippy::approx_constant\"]"),
        "{after}"
    );
    assert!(after.contains("allow = [\"dead_code\"]"), "{after}");

    c.ferry(&["verify"])
        .code(0)
        .stdout_has("3 exercises and 4 solutions are as declared");
    // Now ferry knows which error each exercise is about.
    c.ferry(&["run", "move1"])
        .code(1)
        .stdout_has("the error this exercise is about");
    // And the shipped tests judge again where the solution keeps them: a wrong fix with the
    // tests deleted is caught by the tests ferry puts back.
    let solution = c.read("solutions/01_move/move1.rs");
    let wrong = solution[..solution.find("#[cfg(test)]").unwrap()]
        .replace("let total = tally(&orders);", "let total = 0;")
        .replace("orders.iter().sum()", "orders.len() as u32");
    c.write("exercises/01_move/move1.rs", &wrong);
    c.ferry(&["run", "move1"])
        .code(1)
        .stdout_has("totals_and_counts")
        .stdout_lacks("is done");
    // Once upgraded, there is nothing left to upgrade.
    c.ferry(&["upgrade"])
        .code(0)
        .stdout_has("nothing to upgrade");
}
