//! `ferry verify`: the bundled curriculum passes; planted defects are named.

use std::path::Path;

use crate::harness::{Curriculum, repo};

/// The bundled curriculum, whole: every untouched exercise fails as it declares, every solution
/// passes, the author checks find nothing. It runs in target/tmp/bundled-curriculum (never in
/// the source tree), with the verdict cache kept there, keyed on this ferry build among the
/// rest: a second `cargo test` re-checks only what changed, and CI's `ferry verify --cheats`
/// afterwards (in .ci/run) reuses the solutions' verdicts. Every compile-fail exercise's errors
/// are the ones pinned in tests/errors (see pins.rs). Then the shortcuts, on a chapter and a half.
#[test]
fn bundled_curriculum_verifies() {
    let dir = crate::harness::bundled_workspace();
    let out = crate::harness::ferry_in(&dir, &["verify", "--format", "json"], |_| {});
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("a JSON report");
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert_eq!(report["status"], "pass");
    assert_valid(&report);
    assert!(
        report["warnings"].as_array().unwrap().is_empty(),
        "author checks: {:#}",
        report["warnings"]
    );
    // Every exercise and its solution were checked.
    let names = bundled_names(&[]);
    assert_eq!(report["summary"]["checks"], 2 * names.len());
    crate::pins::assert_pinned(&report);
    the_shortcuts_are_tried_on_every_exercise_and_none_is_accepted(&dir);
}

/// The names of the bundled exercises in these chapters (all when empty).
fn bundled_names(chapters: &[&str]) -> Vec<String> {
    let info: toml::Table = std::fs::read_to_string(repo().join("info.toml"))
        .unwrap()
        .parse()
        .unwrap();
    info["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            chapters.is_empty()
                || chapters.contains(&e.get("dir").and_then(|d| d.as_str()).unwrap_or(""))
        })
        .map(|e| e["name"].as_str().unwrap().to_string())
        .collect()
}

/// `--cheats` on the ownership chapter and two async exercises (the judge's compiles with
/// crates): every shortcut on the tests is tried on every one and none is accepted. (The whole
/// curriculum's `--cheats` run is CI's, in .ci/run: four times the work of the checks
/// themselves.) It runs after the plain checks in the same workspace, so the solutions' checks
/// come from their cache, and CI's run finds these shortcuts checked already.
fn the_shortcuts_are_tried_on_every_exercise_and_none_is_accepted(dir: &Path) {
    const ASYNC: [&str; 2] = ["async_lazy_notifications", "async_join_dashboard"];
    let mut names = bundled_names(&["ownership"]);
    let async_names = bundled_names(&["async"]);
    for name in ASYNC {
        assert!(
            async_names.iter().any(|n| n == name),
            "{name} is no longer in the async chapter: name another"
        );
        names.push(name.to_string());
    }
    let only = format!("ownership,{}", ASYNC.join(","));
    let out = crate::harness::ferry_in(
        dir,
        &["verify", "--cheats", "--only", &only, "--format", "json"],
        |_| {},
    );
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("a JSON report");
    let cheats = report["cheats"].as_array().unwrap();
    let holes: Vec<&serde_json::Value> = cheats
        .iter()
        .filter(|t| t["accepted"] == true && t["intended"] == false)
        .collect();
    assert!(holes.is_empty(), "accepted shortcuts: {holes:#?}");
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert_valid(&report);
    assert_eq!(report["summary"]["checks"], 2 * names.len());
    for name in &names {
        for shortcut in [
            "empty-main",
            "tests-deleted",
            "tests-ignored",
            "tests-edited",
        ] {
            let tried = cheats
                .iter()
                .find(|t| t["exercise"] == name.as_str() && t["shortcut"] == shortcut)
                .unwrap_or_else(|| panic!("{shortcut} was not tried on {name}"));
            assert_eq!(tried["accepted"], false, "{tried}");
        }
    }
}

pub(crate) const SUBJECT: &str = "move_log_request";
pub(crate) const OTHER: &str = "move_while_borrowed";
pub(crate) const RUNTIME: &str = "drop_scope_connections";

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
    plant_broken_solution(&c);
    c.ferry(&["verify"])
        .code(1)
        .stdout_has(&format!("ownership/{RUNTIME} (solution)"))
        .stdout_has(&format!("test {PLANTED_TEST} failed"));
}

#[test]
fn a_deadlocking_solution_is_named_with_its_test() {
    let c = Curriculum::fixture("deadlocking_solution");
    let out = c.ferry(&["verify"]);
    out.code(1)
        .stdout_has("counter (solution)")
        .stdout_has("tests::bumps_by_one");
    if ferry::runner::deadlock::DETECTS {
        out.stdout_has("deadlock after")
            .stdout_has("the test thread (tests::bumps_by_one): waiting for a lock");
    } else {
        out.stdout_has("timed out: did not finish within 1 s");
    }
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

/// A copy of three bundled exercises with three planted defects: an exercise that compiles, a
/// wrong declared error code, a failing solution test.
pub(crate) fn planted() -> Curriculum {
    let c = Curriculum::bundled(&[SUBJECT, OTHER, RUNTIME]);
    let solution = c.read(&format!("solutions/ownership/{SUBJECT}.rs"));
    c.write(&format!("exercises/ownership/{SUBJECT}.rs"), &solution);
    let info = c.read("info.toml").replacen("\"E0505\"", "\"E0499\"", 1);
    c.write("info.toml", &info);
    plant_broken_solution(&c);
    c
}

/// The solution of RUNTIME planted with the exercise's bug: the exercise's own test fails.
fn plant_broken_solution(c: &Curriculum) {
    let untouched = c.read(&format!("exercises/ownership/{RUNTIME}.rs"));
    c.write(&format!("solutions/ownership/{RUNTIME}.rs"), &untouched);
}

const PLANTED_TEST: &str = "tests::first_connection_is_closed_before_the_second_opens";

/// The report's JSON Schema (draft 2020-12), compiled once per test binary.
fn schema() -> &'static (boon::Schemas, boon::SchemaIndex) {
    static SCHEMA: std::sync::OnceLock<(boon::Schemas, boon::SchemaIndex)> =
        std::sync::OnceLock::new();
    SCHEMA.get_or_init(|| {
        let schema: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(repo().join("src/verify/report.schema.json")).unwrap(),
        )
        .unwrap();
        let id = schema["$id"].as_str().unwrap().to_string();
        let mut compiler = boon::Compiler::new();
        compiler.add_resource(&id, schema).unwrap();
        let mut schemas = boon::Schemas::new();
        let index = compiler
            .compile(&id, &mut schemas)
            .unwrap_or_else(|e| panic!("src/verify/report.schema.json: {e:#}"));
        (schemas, index)
    })
}

#[track_caller]
pub(crate) fn assert_valid(json: &serde_json::Value) {
    let (schemas, index) = schema();
    if let Err(error) = schemas.validate(json, *index) {
        panic!("the report does not follow the schema: {error:#}\n{json:#}");
    }
}

#[test]
fn the_schema_refuses_what_it_does_not_describe() {
    let (schemas, index) = schema();
    let check = serde_json::json!({
        "exercise": "move_log_request", "chapter": "ownership", "kind": "exercise",
        "file": "exercises/ownership/move_log_request.rs", "status": "pass",
        "expected_errors": ["E0382"],
        "actual_errors": [{ "code": "E0382", "message": "use of moved value", "line": 3, "rendered": "error[E0382]" }],
        "failed_tests": [], "problems": [], "duration_ms": 12, "cached": false,
    });
    let report = |check: serde_json::Value| {
        serde_json::json!({
            "format_version": 1, "status": "pass", "checks": [check], "layout": [], "warnings": [],
            "duration_ms": 12, "cheats": null,
            "summary": { "checks": 1, "passed": 1, "failed": 0, "errors": 0, "layout_problems": 0, "warnings": 0, "cached": 0 },
        })
    };
    assert!(schemas.validate(&report(check.clone()), *index).is_ok());
    for (what, broken) in [
        (
            "no rendered text",
            serde_json::json!({ "code": "E0382", "message": "m", "line": 3 }),
        ),
        (
            "a line as text",
            serde_json::json!({ "code": "E0382", "message": "m", "line": "3", "rendered": "" }),
        ),
        (
            "a field it does not name",
            serde_json::json!({ "code": "E0382", "message": "m", "line": 3, "rendered": "", "extra": 1 }),
        ),
    ] {
        let mut check = check.clone();
        check["actual_errors"][0] = broken;
        assert!(
            schemas.validate(&report(check), *index).is_err(),
            "{what} was accepted"
        );
    }
    let mut bad_name = check.clone();
    bad_name["exercise"] = "Move Log".into();
    assert!(
        schemas.validate(&report(bad_name), *index).is_err(),
        "the name pattern"
    );
    assert!(
        schemas
            .validate(&serde_json::json!({ "format_version": 2 }), *index)
            .is_err()
    );
}

#[test]
fn planted_defects_show_in_json_that_follows_the_schema() {
    let c = planted();
    let out = c.ferry(&["verify", "--format", "json"]);
    out.code(1);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_valid(&json);
    assert_eq!(json["status"], "fail");
    assert_eq!(json["summary"]["checks"], 6);
    assert_eq!(json["summary"]["failed"], 3);
    let failing: Vec<(String, String)> = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "fail")
        .map(|c| {
            (
                c["exercise"].as_str().unwrap().to_string(),
                c["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        failing,
        [
            (SUBJECT.to_string(), "exercise".to_string()),
            (OTHER.to_string(), "exercise".to_string()),
            (RUNTIME.to_string(), "solution".to_string()),
        ]
    );
    let other = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["exercise"] == OTHER && c["kind"] == "exercise")
        .unwrap();
    assert_eq!(other["expected_errors"], serde_json::json!(["E0499"]));
    assert_eq!(other["actual_errors"][0]["code"], "E0505");
    let runtime = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["exercise"] == RUNTIME && c["kind"] == "solution")
        .unwrap();
    assert_eq!(runtime["failed_tests"][0]["name"], PLANTED_TEST);
    assert!(
        runtime["failed_tests"][0]["message"]
            .as_str()
            .unwrap()
            .contains("assertion `left == right` failed")
    );
}

#[test]
fn planted_defects_show_in_junit() {
    let c = planted();
    let out = c.ferry(&["verify", "--format", "junit"]);
    out.code(1);
    let mut reader = quick_xml::Reader::from_str(&out.stdout);
    let mut testcases = 0;
    let mut failed_cases = Vec::new();
    let mut current = String::new();
    let mut root_failures = None;
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                let attr = |name: &str| {
                    e.try_get_attribute(name).unwrap().map(|a| {
                        a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                            .unwrap()
                            .to_string()
                    })
                };
                match e.name().as_ref() {
                    "testsuites" => root_failures = attr("failures"),
                    "testcase" => {
                        testcases += 1;
                        current = attr("name").unwrap();
                    }
                    "failure" => failed_cases.push(current.clone()),
                    _ => {}
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(testcases, 6);
    assert_eq!(root_failures.as_deref(), Some("3"));
    assert_eq!(
        failed_cases,
        [
            format!("{SUBJECT} (exercise)"),
            format!("{OTHER} (exercise)"),
            format!("{RUNTIME} (solution)"),
        ]
    );
}

#[test]
fn planted_defects_show_as_github_annotations_and_for_people() {
    let c = planted();
    let out = c.ferry(&["verify", "--format", "github"]);
    out.code(1)
        .stdout_has(&format!(
            "::error file=info.toml,line={},title=ownership/{SUBJECT} (exercise)::compiles, but should fail with E0382",
            c.info_line(SUBJECT)
        ))
        .stdout_has(&format!("title=ownership/{OTHER} (exercise)::expected error E0499"))
        .stdout_has(&format!(
            "::error file=solutions/ownership/{RUNTIME}.rs,line="
        ))
        .stdout_has(&format!("test {PLANTED_TEST} failed"));
    let human = c.ferry(&["verify"]);
    human
        .code(1)
        .stdout_has(&format!("ownership/{SUBJECT} (exercise)"))
        .stdout_has(&format!("ownership/{OTHER} (exercise)"))
        .stdout_has(&format!("ownership/{RUNTIME} (solution)"))
        .stdout_has("3 of 6 checks failed");
    // Failing checks come first, the summary last.
    assert!(
        human
            .stdout
            .trim_end()
            .lines()
            .last()
            .unwrap()
            .contains("checks failed")
    );
}

#[test]
fn a_malformed_info_toml_exits_2_in_every_format() {
    let c = Curriculum::bundled(&[SUBJECT]);
    let info = c
        .read("info.toml")
        .replacen("test = true", "test = true\nhnt = \"typo\"", 1);
    c.write("info.toml", &info);
    for format in ["human", "json", "junit", "github"] {
        let out = c.ferry(&["verify", "--format", format]);
        out.code(2).stderr_has("hnt");
        match format {
            "json" => {
                let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
                assert_valid(&json);
                assert_eq!(json["status"], "error");
            }
            "junit" => {
                assert!(out.stdout.contains("<error message="), "{}", out.stdout);
            }
            "github" => {
                assert!(
                    out.stdout.starts_with("::error file=info.toml,line="),
                    "{}",
                    out.stdout
                );
            }
            _ => assert!(out.stdout.is_empty()),
        }
    }
}

/// Everything in a JSON report but the timings.
fn without_durations(mut json: serde_json::Value) -> serde_json::Value {
    json.as_object_mut().unwrap().remove("duration_ms");
    for check in json["checks"].as_array_mut().unwrap() {
        check.as_object_mut().unwrap().remove("duration_ms");
    }
    json
}

#[test]
fn results_are_the_same_whatever_the_number_of_jobs() {
    let c = planted();
    let run = |jobs: &str| {
        let out = c.ferry(&["verify", "--format", "json", "--jobs", jobs, "--no-cache"]);
        without_durations(serde_json::from_str(&out.stdout).unwrap())
    };
    assert_eq!(run("1"), run("4"));
}

#[test]
fn only_and_the_halves_select_checks() {
    let c = planted();
    let json = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["verify", "--format", "json"];
        all.extend_from_slice(args);
        serde_json::from_str(&c.ferry(&all).stdout).unwrap()
    };
    let only = json(&["--only", OTHER]);
    assert_eq!(only["summary"]["checks"], 2);
    assert_eq!(json(&["--only", "ownership"])["summary"]["checks"], 6);
    let exercises = json(&["--exercises-only"]);
    assert!(
        exercises["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["kind"] == "exercise")
    );
    assert_eq!(exercises["summary"]["checks"], 3);
    let solutions = json(&["--solutions-only", "--only", RUNTIME]);
    assert_eq!(solutions["summary"]["checks"], 1);
    assert_eq!(solutions["status"], "fail");
    c.ferry(&["verify", "--only", "nonesuch"])
        .code(2)
        .stderr_has("no exercise or chapter has that name");
}

#[test]
fn author_checks_warn_without_failing() {
    let c = Curriculum::bundled(&[SUBJECT]);
    std::fs::remove_file(c.path().join("exercises/ownership/README.md")).unwrap();
    let info = c.read("info.toml");
    let giveaway = info.replacen(
        "hint = [",
        "hint = [\"Change it to `fn access_log_line(req: &Request) -> String {`.\",",
        1,
    );
    c.write("info.toml", &giveaway);
    c.ferry(&["verify"])
        .code(0)
        .stdout_has("the chapter `ownership` has no README")
        .stdout_has("the first hint contains a line of the fix verbatim");
    c.ferry(&["verify", "--no-author-checks"])
        .code(0)
        .stdout_lacks("author checks");
}

/// A solution whose failing test prints what breaks naive XML: the end of a CDATA section,
/// colour codes, a bell, NUL, markup and bytes that are not UTF-8.
#[test]
fn hostile_test_output_still_gives_well_formed_junit() {
    let c = Curriculum::empty();
    c.write(
        "info.toml",
        "format_version = 1\n\n[[exercises]]\nname = \"hostile\"\ntest = true\nhint = \"h\"\n",
    );
    let program = r#"fn main() {}

#[cfg(test)]
mod tests {
    #[test]
    fn prints_junk() {
        use std::io::Write;
        println!("]]> <b>&amp; \u{1b}[31mred\u{1b}[0m \u{7} bell \u{0} nul \u{fffe}");
        std::io::stdout().write_all(&[0xff, 0xfe, b'\n']).unwrap();
        panic!("]]><![CDATA[ \u{1b}[1m boom");
    }
}
"#;
    c.write("exercises/hostile.rs", program);
    c.write("solutions/hostile.rs", program);
    let out = c.ferry(&["verify", "--format", "junit", "--no-author-checks"]);
    out.code(1);
    let xml = &out.stdout;
    let doc = roxmltree::Document::parse(xml)
        .unwrap_or_else(|e| panic!("the JUnit report is not well-formed XML: {e}\n{xml}"));
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .expect("the failing solution is a failure");
    let text = failure.text().unwrap_or_default();
    assert!(
        text.contains("]]> <b>&amp;"),
        "the output is kept, escaped: {text}"
    );
    assert!(
        text.contains("\\u{1b}[31mred"),
        "control characters are shown, not dropped: {text}"
    );
    let case = failure.parent().unwrap();
    assert_eq!(case.attribute("file"), Some("solutions/hostile.rs"));
}

/// GitHub shows 10 error annotations per step: ferry annotates 10, lists every problem in a log
/// group and in the job summary, and says how many were left out.
#[test]
fn many_problems_are_capped_grouped_and_summarised_for_github() {
    let c = Curriculum::empty();
    let mut info = String::from("format_version = 1\n");
    for n in 0..12 {
        info.push_str(&format!(
            "\n[[exercises]]\nname = \"e{n:02}\"\nerrors = [\"E0382\"]\ntest = false\nhint = \"h\"\n"
        ));
        c.write(&format!("exercises/e{n:02}.rs"), "fn main() {}\n");
        c.write(&format!("solutions/e{n:02}.rs"), "fn main() {}\n");
    }
    c.write("info.toml", &info);
    let summary = c.path().join("summary.md");
    let out = c.ferry_with(
        &["verify", "--format", "github", "--no-author-checks"],
        |command| {
            command.env("GITHUB_STEP_SUMMARY", &summary);
        },
    );
    out.code(1);
    let lines: Vec<&str> = out.stdout.lines().collect();
    let errors = lines.iter().filter(|l| l.starts_with("::error ")).count();
    assert_eq!(errors, 10, "{}", out.stdout);
    out.stdout_has("::group::ferry verify: all 12 problems")
        .stdout_has("::endgroup::")
        .stdout_has("::notice title=ferry verify::2 more problems than GitHub shows");
    let group_start = lines
        .iter()
        .position(|l| l.starts_with("::group::"))
        .unwrap();
    let group_end = lines.iter().position(|l| *l == "::endgroup::").unwrap();
    assert_eq!(
        group_end - group_start - 1,
        12,
        "every problem in the group"
    );
    let summary = std::fs::read_to_string(&summary).expect("a job summary");
    assert!(
        summary.starts_with("## ferry verify: 24 checks, 12 passed, 12 failed"),
        "{summary}"
    );
    assert_eq!(
        summary.lines().filter(|l| l.starts_with("| ❌ |")).count(),
        12,
        "{summary}"
    );
    assert!(summary.contains("compiles, but should fail with E0382"));
}

#[test]
fn partitions_are_disjoint_and_together_the_whole_run() {
    let c = Curriculum::empty();
    let mut info = String::from("format_version = 1\n");
    for n in 0..7 {
        info.push_str(&format!(
            "\n[[exercises]]\nname = \"p{n}\"\ntest = false\nhint = \"h\"\n"
        ));
        c.write(
            &format!("exercises/p{n}.rs"),
            "fn main() {\n    panic!(\"not yet\");\n}\n",
        );
        c.write(&format!("solutions/p{n}.rs"), "fn main() {}\n");
    }
    c.write("info.toml", &info);
    let checks_of = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["verify", "--format", "json", "--no-author-checks"];
        all.extend_from_slice(args);
        let out = c.ferry(&all);
        out.code(0);
        let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| format!("{} {}", c["exercise"], c["kind"]))
            .collect()
    };
    let mut whole = checks_of(&[]);
    whole.sort();
    assert_eq!(whole.len(), 14);
    let mut together = Vec::new();
    for part in ["1/3", "2/3", "count:3/3"] {
        let checks = checks_of(&["--partition", part]);
        assert!(!checks.is_empty(), "part {part} is empty");
        for check in &checks {
            assert!(!together.contains(check), "{check} is in two parts");
        }
        together.extend(checks);
    }
    together.sort();
    assert_eq!(together, whole);
    // The same part twice is the same exercises.
    assert_eq!(
        checks_of(&["--partition", "2/3"]),
        checks_of(&["--partition", "2/3"])
    );
    for bad in ["0/3", "4/3", "3", "a/b"] {
        c.ferry(&["verify", "--partition", bad])
            .code(2)
            .stderr_has("is not a partition");
    }
}
