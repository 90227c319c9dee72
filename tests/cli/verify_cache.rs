//! `ferry verify`'s verdict cache: what did not change is not checked again, and the report is
//! the one a fresh run gives.

use crate::harness::{Curriculum, Output};
use crate::verify::{OTHER, RUNTIME, SUBJECT, assert_valid, planted};

fn json(out: &Output) -> serde_json::Value {
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("a JSON report");
    assert_valid(&report);
    report
}

/// `exercise (kind)` of every check the report says came from the cache, or did not.
fn checks(report: &serde_json::Value, cached: bool) -> Vec<String> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["cached"] == cached)
        .map(|c| {
            format!(
                "{} ({})",
                c["exercise"].as_str().unwrap(),
                c["kind"].as_str().unwrap()
            )
        })
        .collect()
}

/// The report without what may differ between a fresh and a cached run: timings, and the marks
/// saying what came from the cache.
fn comparable(mut report: serde_json::Value) -> serde_json::Value {
    let object = report.as_object_mut().unwrap();
    object.remove("duration_ms");
    object["summary"].as_object_mut().unwrap().remove("cached");
    for check in report["checks"].as_array_mut().unwrap() {
        let check = check.as_object_mut().unwrap();
        check.remove("duration_ms");
        check.remove("cached");
    }
    report
}

/// JUnit XML without its `time="…"` attributes.
fn without_times(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find(" time=\"") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " time=\"".len()..];
        rest = &after[after.find('"').unwrap() + 1..];
    }
    out.push_str(rest);
    out
}

/// The human report without the summary's parenthesis (checks, from cache, time).
fn without_summary_times(text: &str) -> String {
    text.lines()
        .map(|l| match l.rfind(" (") {
            Some(at) if l.contains("verify: ") => &l[..at],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_second_run_is_served_from_the_cache_with_the_same_report_in_every_format() {
    let c = planted();
    let first = c.ferry(&["verify", "--format", "json"]);
    first.code(1);
    let first = json(&first);
    assert!(checks(&first, true).is_empty(), "{first:#}");
    assert_eq!(first["summary"]["cached"], 0);

    let second = c.ferry(&["verify", "--format", "json"]);
    // The planted defects are failures still, from the cache as fresh.
    second.code(1);
    let second = json(&second);
    assert!(checks(&second, false).is_empty(), "{second:#}");
    assert_eq!(second["summary"]["cached"], 6);
    assert_eq!(second["status"], "fail");
    assert_eq!(comparable(second), comparable(first));

    for format in ["human", "junit", "github"] {
        let fresh = c.ferry(&["verify", "--format", format, "--no-cache"]);
        let cached = c.ferry(&["verify", "--format", format]);
        fresh.code(1);
        cached.code(1);
        match format {
            "junit" => assert_eq!(without_times(&cached.stdout), without_times(&fresh.stdout)),
            "human" => {
                assert_eq!(
                    without_summary_times(&cached.stdout),
                    without_summary_times(&fresh.stdout)
                );
                cached
                    .stdout_has("compiles, but should fail with E0382")
                    .stdout_has("3 of 6 checks failed (6 from cache, ");
                fresh.stdout_lacks("from cache");
            }
            _ => assert_eq!(cached.stdout, fresh.stdout),
        }
    }
}

#[test]
fn editing_an_exercise_rechecks_only_it_and_its_solution() {
    let c = Curriculum::bundled(&[SUBJECT, OTHER, RUNTIME]);
    c.ferry(&["verify"]).code(0);
    let path = format!("exercises/ownership/{SUBJECT}.rs");
    c.write(&path, &format!("{}// an edit\n", c.read(&path)));
    let report = json(&c.ferry(&["verify", "--format", "json"]));
    assert_eq!(
        checks(&report, false),
        [
            format!("{SUBJECT} (exercise)"),
            format!("{SUBJECT} (solution)")
        ]
    );
    assert_eq!(report["summary"]["cached"], 4);

    // A solution's edit is its own.
    let path = format!("solutions/ownership/{OTHER}.rs");
    c.write(&path, &format!("{}// an edit\n", c.read(&path)));
    let report = json(&c.ferry(&["verify", "--format", "json"]));
    assert_eq!(checks(&report, false), [format!("{OTHER} (solution)")]);
}

#[test]
fn a_changed_info_toml_entry_is_checked_again() {
    let c = Curriculum::bundled(&[SUBJECT, OTHER]);
    c.ferry(&["verify"]).code(0);
    let info = c.read("info.toml");
    // OTHER's entry comes second: give it a longer timeout.
    let at = info.find(&format!("name = \"{OTHER}\"")).unwrap();
    let changed = format!("{}timeout = 7\n{}", &info[..at], &info[at..]);
    c.write("info.toml", &changed);
    let report = json(&c.ferry(&["verify", "--format", "json"]));
    assert_eq!(
        checks(&report, false),
        [format!("{OTHER} (exercise)"), format!("{OTHER} (solution)")]
    );

    // A declaration that is now wrong is found, not served from the cache.
    c.write("info.toml", &changed.replacen("\"E0505\"", "\"E0499\"", 1));
    c.ferry(&["verify"])
        .code(1)
        .stdout_has("expected error E0499, which the compiler did not report");
}

#[test]
fn an_exercise_added_above_keeps_the_cache_and_the_report_points_at_the_moved_entry() {
    let c = Curriculum::bundled(&[SUBJECT, OTHER]);
    // A failure about the declaration, which the report places on the entry in info.toml.
    let solution = c.read(&format!("solutions/ownership/{SUBJECT}.rs"));
    c.write(&format!("exercises/ownership/{SUBJECT}.rs"), &solution);
    c.ferry(&["verify", "--no-author-checks"]).code(1);

    let info = c.read("info.toml");
    let first = info.find("[[exercises]]").unwrap();
    let added = "[[exercises]]\nname = \"added\"\ntest = false\nhint = \"h\"\n\n";
    c.write(
        "info.toml",
        &format!("{}{added}{}", &info[..first], &info[first..]),
    );
    c.write(
        "exercises/added.rs",
        "fn main() {\n    panic!(\"not yet\");\n}\n",
    );
    c.write("solutions/added.rs", "fn main() {}\n");

    let report = json(&c.ferry(&["verify", "--format", "json", "--no-author-checks"]));
    assert_eq!(
        checks(&report, false),
        ["added (exercise)", "added (solution)"]
    );
    let line = c.info_line(SUBJECT);
    let moved = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["exercise"] == SUBJECT && c["kind"] == "exercise")
        .unwrap();
    assert_eq!(moved["cached"], true);
    assert_eq!(moved["problems"][0]["file"], "info.toml");
    assert_eq!(moved["problems"][0]["line"], line, "{moved:#}");
}

#[test]
fn no_cache_checks_everything_and_still_refreshes_the_cache() {
    let c = Curriculum::bundled(&[SUBJECT, OTHER]);
    let report = json(&c.ferry(&["verify", "--format", "json", "--no-cache"]));
    assert!(checks(&report, true).is_empty());
    let report = json(&c.ferry(&["verify", "--format", "json", "--no-cache"]));
    assert!(checks(&report, true).is_empty(), "{report:#}");
    // What --no-cache found is what the next run reuses.
    let report = json(&c.ferry(&["verify", "--format", "json"]));
    assert!(checks(&report, false).is_empty(), "{report:#}");
}

#[test]
fn corrupt_cache_entries_are_misses() {
    let c = Curriculum::bundled(&[SUBJECT, OTHER]);
    let fresh = json(&c.ferry(&["verify", "--format", "json"]));
    let mut entries = Vec::new();
    collect_files(&c.path().join(".ferry/verify-cache"), &mut entries);
    assert_eq!(entries.len(), 4, "{entries:?}");
    for (n, entry) in entries.iter().enumerate() {
        let text = std::fs::read_to_string(entry).unwrap();
        let broken = match n {
            0 => String::new(),
            1 => text[..text.len() / 2].to_string(),
            2 => text.replacen("\"status\":\"pass\"", "\"status\":\"maybe\"", 1),
            _ => "\u{0}\u{1}not json".to_string(),
        };
        std::fs::write(entry, broken).unwrap();
    }
    let out = c.ferry(&["verify", "--format", "json"]);
    out.code(0);
    let report = json(&out);
    assert!(checks(&report, true).is_empty(), "{report:#}");
    assert_eq!(comparable(report), comparable(fresh));
    // The entries were written anew.
    let report = json(&c.ferry(&["verify", "--format", "json"]));
    assert!(checks(&report, false).is_empty(), "{report:#}");
}

#[test]
fn a_timeout_is_checked_again_every_time() {
    // A program stopped by ferry, at its timeout or as a deadlock ferry saw (on Linux), did
    // not end by itself: its verdict is never kept.
    let stopped = if ferry::runner::deadlock::DETECTS {
        "deadlock after"
    } else {
        "timed out: did not finish within 1 s"
    };
    let c = Curriculum::fixture("deadlocking_solution");
    c.ferry(&["verify"]).code(1).stdout_has(stopped);
    let report = json(&c.ferry(&["verify", "--format", "json"]));
    assert_eq!(checks(&report, false), ["counter (solution)"]);
    assert_eq!(checks(&report, true), ["counter (exercise)"]);
    let solution = &report["checks"][1];
    assert!(
        solution["problems"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with(stopped),
        "{solution:#}"
    );
}

fn collect_files(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.file_type().unwrap().is_dir() {
            collect_files(&entry.path(), found);
        } else {
            found.push(entry.path());
        }
    }
}
