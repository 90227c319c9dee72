//! The judge: "done" needs the exercise's own tests, the lesson's guards and the declared error
//! at its place, whatever the learner did to their copy.

use crate::harness::Curriculum;

const SHARE: &str = "exercises/lesson/share_log.rs";
const DOUBLE: &str = "exercises/lesson/double.rs";

/// The fixture, seen once by ferry (which keeps the untouched files of a curriculum that is not
/// built in the first time it sees them) before a test edits it.
fn judge() -> Curriculum {
    let c = Curriculum::fixture("judge");
    c.ferry(&["list"]).code(0);
    c
}

fn fixed_double(c: &Curriculum) -> String {
    c.read(DOUBLE).replace("    x + 2", "    x * 2")
}

#[test]
fn an_empty_main_is_not_done() {
    let c = judge();
    for exercise in ["share_log", "double"] {
        c.write(&format!("exercises/lesson/{exercise}.rs"), "fn main() {}\n");
        c.ferry(&["run", exercise])
            .code(1)
            .stdout_has("does not compile yet")
            .stdout_has("in the exercise's own tests")
            .stdout_has(
                "the tests are gone from your file: ferry runs the exercise's own tests anyway",
            );
    }
}

#[test]
fn deleted_ignored_and_edited_tests_still_judge() {
    let c = judge();
    let original = c.read(DOUBLE);
    let deleted = &original[..original.find("#[cfg(test)]").unwrap()];
    let ignored = original.replace(
        "    #[test]\n    fn doubles_three",
        "    #[test]\n    #[ignore]\n    fn doubles_three",
    );
    let edited = original.replace("assert_eq!(double(3), 6);", "assert_eq!(double(3), 5);");
    let renamed = original.replace("fn doubles_three()", "fn doubles_three_renamed()");
    for (what, text) in [
        ("deleted", deleted.to_string()),
        ("ignored", ignored),
        ("edited", edited),
        ("renamed", renamed),
    ] {
        c.write(DOUBLE, &text);
        let out = c.ferry(&["run", "double"]);
        out.code(1)
            .stdout_has("tests::doubles_three")
            .stdout_has("the exercise's own tests");
        assert!(!out.stdout.contains("is done"), "{what}: {}", out.stdout);
    }
}

#[test]
fn ignored_tests_of_the_exercise_run_too() {
    let c = judge();
    // Right for the test that runs by default, wrong for the #[ignore]d one.
    let text = c
        .read(DOUBLE)
        .replace("    x + 2", "    if x == 3 { 6 } else { x + 2 }");
    c.write(DOUBLE, &text);
    c.ferry(&["run", "double"])
        .code(1)
        .stdout_has("tests::doubles_a_hundred");
}

#[test]
fn a_println_added_to_a_test_is_told_not_ignored() {
    let c = judge();
    let text = fixed_double(&c).replace(
        "        assert_eq!(double(3), 6);",
        "        println!(\"debug: {}\", double(3));\n        assert_eq!(double(3), 6);",
    );
    c.write(DOUBLE, &text);
    c.ferry(&["run", "double"])
        .code(0)
        .stdout_has("is done")
        .stdout_has("you changed the tests (line 17)")
        .stdout_has("a println! added to a test is not shown");
}

#[test]
fn a_program_that_exits_early_has_not_passed_its_tests() {
    let c = judge();
    let text = c
        .read(DOUBLE)
        .replace("    x + 2", "    std::process::exit(0)");
    c.write(DOUBLE, &text);
    c.ferry(&["run", "double"])
        .code(1)
        .stdout_has("never reported a pass")
        .stdout_has("std::process::exit");
}

#[test]
fn lines_stay_right_in_a_file_whose_tests_were_removed() {
    let c = judge();
    let original = c.read(SHARE);
    let without_tests = &original[..original.find("#[cfg(test)]").unwrap()];
    c.write(SHARE, without_tests);
    let out = c.ferry(&["run", "share_log"]);
    out.code(1)
        .stdout_has("--> exercises/lesson/share_log.rs:13:")
        .stdout_has("E0382 (line 13): the error this exercise is about");
}

#[test]
fn a_guard_stops_the_clone_with_its_reason() {
    let c = judge();
    let text = c
        .read(SHARE)
        .replace("struct Log {", "#[derive(Clone)]\nstruct Log {")
        .replace("let n = count(log);", "let n = count(log.clone());");
    c.write(SHARE, &text);
    c.ferry(&["run", "share_log"])
        .code(1)
        .stdout_has("works, but it skips the lesson")
        .stdout_has("you added `.clone()` on `log` on line 13 — copying the whole log to count it costs a copy of every entry");
    let log = c.read(".ferry/attempts.jsonl");
    let last = log.lines().last().unwrap();
    assert!(last.contains("\"status\":\"skips-lesson\""), "{last}");
    assert!(last.contains("guard:clone"), "{last}");
}

#[test]
fn unsafe_static_mut_and_allow_are_refused_on_any_curriculum() {
    let c = judge();
    let fixed = fixed_double(&c);
    let cases = [
        (
            fixed.replace(
                "fn double(x: u32) -> u32 {\n    x * 2\n}",
                "unsafe fn double_raw(x: u32) -> u32 {\n    x * 2\n}\n\nfn double(x: u32) -> u32 {\n    unsafe { double_raw(x) }\n}",
            ),
            "`unsafe`",
        ),
        (
            fixed.replace("fn double(x: u32) -> u32 {\n    x * 2\n}", "static mut CALLS: u32 = 0;\n\nfn double(x: u32) -> u32 {\n    unsafe { CALLS += 1 };\n    x * 2\n}"),
            "`static mut`",
        ),
        (
            fixed.replace("fn double(x: u32) -> u32 {\n    x * 2\n}", "#[allow(clippy::needless_return)]\nfn double(x: u32) -> u32 {\n    return x * 2;\n}"),
            "`#[allow(clippy::needless_return)]`",
        ),
    ];
    for (text, what) in cases {
        c.write(DOUBLE, &text);
        c.ferry(&["run", "double"])
            .code(1)
            .stdout_has("skips the lesson")
            .stdout_has(&format!("you added {what}"));
    }
    // The same in the untouched file is not the learner's doing.
    c.write(DOUBLE, &fixed);
    c.ferry(&["run", "double"]).code(0).stdout_has("is done");
}

#[test]
fn the_declared_error_is_matched_by_place_not_only_code() {
    let c = judge();
    // Two lines added above: the same error, one further down, is still the lesson's.
    let shifted = c
        .read(SHARE)
        .replace("struct Log {", "// notes\n// more notes\nstruct Log {");
    c.write(SHARE, &shifted);
    c.ferry(&["run", "share_log"])
        .code(1)
        .stdout_has("E0382 (line 15): the error this exercise is about");
    // The lesson's error fixed, the same code made somewhere else: a new error.
    let elsewhere = c
        .read("solutions/lesson/share_log.rs")
        .replace("fn main() {", "fn drain(log: Log) -> usize {\n    let n = count(&log);\n    drop(log);\n    n + log.entries.len()\n}\n\nfn main() {\n    let _ = drain;");
    c.write(SHARE, &elsewhere);
    c.ferry(&["run", "share_log"])
        .code(1)
        .stdout_has("E0382 (line 19): a new error");
}

#[test]
fn verify_cheats_names_an_accepted_shortcut_until_it_is_declared() {
    let c = judge();
    let info = c.read("info.toml");
    let unguarded = info.replace(
        "guards = [\n  { method = \"clone\", on = \"log\", reason = \"copying the whole log to count it costs a copy of every entry\" },\n]\n",
        "",
    );
    assert_ne!(unguarded, info);
    c.write("info.toml", &unguarded);
    c.ferry(&["verify", "--cheats"])
        .code(1)
        .stdout_has("lesson/share_log accepts the shortcut `clone`")
        .stdout_has("1 accepted shortcut");
    let json = c.ferry(&["verify", "--cheats", "--format", "json"]);
    json.code(1);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(report["summary"]["accepted_shortcuts"], 1);
    let tried = report["cheats"].as_array().unwrap();
    for shortcut in [
        "empty-main",
        "tests-deleted",
        "tests-ignored",
        "tests-edited",
    ] {
        for exercise in ["share_log", "double"] {
            let t = tried
                .iter()
                .find(|t| t["shortcut"] == shortcut && t["exercise"] == exercise)
                .unwrap_or_else(|| panic!("{shortcut} on {exercise} was tried"));
            assert_eq!(t["accepted"], false, "{t}");
        }
    }
    c.ferry(&["verify", "--cheats", "--format", "github"])
        .code(1)
        .stdout_has("title=lesson/share_log (shortcut clone)::lesson/share_log accepts the shortcut `clone`");
    let junit = c.ferry(&["verify", "--cheats", "--format", "junit"]);
    let mut reader = quick_xml::Reader::from_str(&junit.stdout);
    let mut failing_cases = Vec::new();
    let mut case = String::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                let name = e
                    .try_get_attribute("name")
                    .unwrap()
                    .map(|a| a.value.to_string());
                match e.name().as_ref() {
                    "testcase" => case = name.unwrap_or_default(),
                    "failure" => failing_cases.push(case.clone()),
                    _ => {}
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(failing_cases, ["share_log (clone)"]);
    // Declared as the intended fix: verify passes.
    let intended = unguarded.replace(
        "hint = \"Let `count` borrow the log.\"\n",
        "hint = \"Let `count` borrow the log.\"\nintended_shortcuts = [\"clone\"]\n",
    );
    c.write("info.toml", &intended);
    c.ferry(&["verify", "--cheats"])
        .code(0)
        .stdout_has("1 accepted as intended");
}

#[test]
fn a_guard_on_a_name_the_exercise_never_mentions_is_refused() {
    let c = judge();
    let info = c
        .read("info.toml")
        .replace("on = \"log\"", "on = \"journal\"");
    c.write("info.toml", &info);
    c.ferry(&["verify"])
        .code(2)
        .stderr_has("info.toml:10:1")
        .stderr_has("`on = \"journal\"` names nothing in exercises/lesson/share_log.rs");
}

#[test]
fn predictions_hold_back_the_answer_and_read_the_format() {
    let c = Curriculum::bundled(&["predict_warm_cache"]);
    let path = "exercises/ownership/predict_warm_cache.rs";
    // The first hint is a nudge; the second names the answer and waits for the prediction.
    c.ferry(&["hint", "predict_warm_cache"])
        .code(0)
        .stdout_has("hint 1 of 2");
    c.ferry(&["hint", "predict_warm_cache"])
        .code(0)
        .stdout_lacks("hint 2 of 2")
        .stdout_has("predict first: the next hint gives the answer away");
    c.ferry(&["hint", "--all", "predict_warm_cache"])
        .stdout_lacks("The answer is");
    // An answer ferry cannot read is said so, with the format.
    let text = c
        .read(path)
        .replace("// ANSWER: E____ line __", "// ANSWER: E382 line 15");
    c.write(path, &text);
    c.ferry(&["run", "predict_warm_cache"])
        .code(1)
        .stdout_has("ferry can't read the answer `E382 line 15`")
        .stdout_has("E0382 line 14");
    // A wrong first answer is graded and kept; a later right one does not change it.
    c.write(path, &text.replace("E382 line 15", "E0382 line 12"));
    c.ferry(&["run", "predict_warm_cache"])
        .code(1)
        .stdout_has("you predicted E0382 line 12");
    c.write(path, &text.replace("E382 line 15", "E0382 line 15"));
    c.ferry(&["run", "predict_warm_cache"])
        .stdout_has("you predicted E0382 line 12");
    c.ferry(&["hint", "predict_warm_cache"])
        .stdout_has("hint 2 of 2");
    c.ferry(&["progress"])
        .code(0)
        .stdout_has("predictions: 0 of 1 right")
        .stdout_has("predicted E0382 line 12: wrong (code right, line wrong)");
    let json: serde_json::Value =
        serde_json::from_str(&c.ferry(&["progress", "--json"]).stdout).unwrap();
    assert_eq!(json["predictions"]["made"], 1);
    assert_eq!(json["exercises"][0]["prediction"]["line_right"], false);
}

/// Shortcuts `ferry verify --cheats` does not generate itself (a Cell where the lesson is FnMut,
/// a `recv_timeout` loop instead of closing a channel, a global total): each file under
/// tests/shortcuts/<exercise>/ is the exercise's code with one applied (ferry judges it with the
/// exercise's own tests, as it judges a learner who deleted them), and says on its second line
/// what ferry must answer. Racy and serial shortcuts are shown by scripts/race-check instead.
#[test]
fn the_bundled_lessons_refuse_the_shortcuts_their_chapters_rule_out() {
    let dir = crate::harness::repo().join("tests/shortcuts");
    let mut tried = 0;
    for folder in std::fs::read_dir(&dir).unwrap() {
        let folder = folder.unwrap().path();
        let exercise = folder.file_name().unwrap().to_str().unwrap().to_string();
        let c = Curriculum::bundled(&[exercise.as_str()]);
        c.ferry(&["list"]).code(0);
        let info: toml::Table = c.read("info.toml").parse().unwrap();
        let entry = info["exercises"].as_array().unwrap()[0].clone();
        let path = format!(
            "exercises/{}/{exercise}.rs",
            entry["dir"].as_str().expect("a chapter folder")
        );
        for file in std::fs::read_dir(&folder).unwrap() {
            let file = file.unwrap().path();
            let text = std::fs::read_to_string(&file).unwrap();
            let expected = text
                .lines()
                .nth(1)
                .and_then(|l| l.strip_prefix("// rejected with: "))
                .unwrap_or_else(|| panic!("{}: no `// rejected with:` line", file.display()));
            c.write(&path, &text);
            c.ferry(&["run", &exercise, "--color", "never"])
                .code(1)
                .stdout_has("skips the lesson")
                .stdout_has(expected);
            tried += 1;
        }
    }
    assert!(
        tried >= 4,
        "only {tried} shortcut files under tests/shortcuts"
    );
}
