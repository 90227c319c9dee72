//! The output of a libtest binary (`--test-threads=1`) read into passed/failed tests.
//!
//! libtest's JSON output is unstable, so this reads the stable human format: `test NAME ... ok`,
//! `---- NAME stdout ----` sections, and the `test result:` line.

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TestReport {
    pub passed: Vec<String>,
    pub failed: Vec<FailedTest>,
    /// A test that started but never finished (the run timed out or was killed).
    pub unfinished: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedTest {
    pub name: String,
    /// What the test printed, usually its panic message.
    pub message: String,
}

/// libtest writes `test NAME - should panic ... ok` for a `#[should_panic]` test.
fn bare_name(name: &str) -> &str {
    name.strip_suffix(" - should panic").unwrap_or(name)
}

pub fn parse(stdout: &str) -> TestReport {
    let mut report = TestReport::default();
    let mut failed_names = Vec::new();
    // A test that wrote to stdout directly (not through `print!`, which libtest captures) puts
    // its bytes between `test NAME ... ` and the result, which then arrives on a line of its own.
    let mut interrupted: Option<String> = None;
    for line in stdout.lines() {
        if let Some(name) = interrupted.take() {
            match line.trim_end() {
                l if l == "ok" || l.ends_with(" ok") => report.passed.push(name),
                l if l.starts_with("FAILED") || l.ends_with("FAILED") => failed_names.push(name),
                _ => {
                    interrupted = Some(name);
                    continue;
                }
            }
            report.unfinished = None;
            continue;
        }
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        if rest.starts_with("result:") {
            continue;
        }
        let Some((name, result)) = rest.split_once(" ... ") else {
            // With one test thread the name is printed before the test runs.
            if let Some(name) = rest.strip_suffix(" ...") {
                report.unfinished = Some(bare_name(name).to_string());
            }
            continue;
        };
        let name = bare_name(name);
        report.unfinished = None;
        match result.trim() {
            "ok" => report.passed.push(name.to_string()),
            r if r.starts_with("FAILED") => failed_names.push(name.to_string()),
            r if r.starts_with("ignored") => {}
            "" => report.unfinished = Some(name.to_string()),
            _ => {
                report.unfinished = Some(name.to_string());
                interrupted = Some(name.to_string());
            }
        }
    }
    if let Some(name) = interrupted
        && stdout.contains(&format!("---- {name} stdout ----"))
    {
        // Its result never came on a line of its own, but libtest listed its output as a
        // failure's.
        report.unfinished = None;
        failed_names.push(name);
    }
    for name in failed_names {
        let message = section(stdout, &name).unwrap_or_default();
        report.failed.push(FailedTest { name, message });
    }
    report
}

/// The text between `---- NAME stdout ----` and the next section.
fn section(stdout: &str, name: &str) -> Option<String> {
    let header = format!("---- {name} stdout ----");
    let start = stdout.find(&header)? + header.len();
    let body = &stdout[start..];
    let end = ["\n---- ", "\nfailures:", "\nsuccesses:"]
        .iter()
        .filter_map(|m| body.find(m))
        .min()
        .unwrap_or(body.len());
    let text: Vec<String> = body[..end]
        .lines()
        .filter(|l| !l.starts_with("note: run with `RUST_BACKTRACE"))
        .map(without_thread_id)
        .collect();
    Some(text.join("\n").trim().to_string())
}

/// `thread 'tests::a' (12345) panicked at …` → `thread 'tests::a' panicked at …`: the id
/// changes every run and tells a learner nothing.
fn without_thread_id(line: &str) -> String {
    if let Some(rest) = line.strip_prefix("thread '")
        && let Some(quote) = rest.find("' (")
        && let Some(close) = rest[quote + 3..].find(')')
        && rest[quote + 3..quote + 3 + close]
            .chars()
            .all(|c| c.is_ascii_digit())
    {
        return format!(
            "thread '{}'{}",
            &rest[..quote],
            &rest[quote + 3 + close + 1..]
        );
    }
    line.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_that_writes_to_stdout_directly_is_still_read() {
        let out = "\nrunning 2 tests\ntest tests::junk ... \u{fffd}\u{fffd}\nFAILED\ntest tests::fine ... raw\nok\n\nfailures:\n\n---- tests::junk stdout ----\nthread 'tests::junk' panicked at x.rs:3:5:\nboom\n\nfailures:\n    tests::junk\n\ntest result: FAILED. 1 passed; 1 failed\n";
        let report = parse(out);
        assert_eq!(report.passed, ["tests::fine"]);
        assert_eq!(report.failed.len(), 1);
        assert_eq!(report.failed[0].name, "tests::junk");
        assert!(report.failed[0].message.contains("boom"));
        assert_eq!(report.unfinished, None);
    }

    const FAILING: &str = "
running 3 tests
test tests::counts_users ... ok
test tests::keeps_original ... FAILED
test tests::releases_first ... FAILED

failures:

---- tests::keeps_original stdout ----

thread 'tests::keeps_original' panicked at exercises/ownership/x.rs:30:9:
assertion `left == right` failed
  left: 1
 right: 2
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace

---- tests::releases_first stdout ----

thread 'tests::releases_first' panicked at exercises/ownership/x.rs:40:9:
connection still open

failures:
    tests::keeps_original
    tests::releases_first

test result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

";

    #[test]
    fn reads_failures_and_their_messages() {
        let report = parse(FAILING);
        assert_eq!(report.passed, vec!["tests::counts_users"]);
        assert_eq!(report.failed.len(), 2);
        assert_eq!(report.failed[0].name, "tests::keeps_original");
        assert!(report.failed[0].message.contains("left: 1"));
        assert!(!report.failed[0].message.contains("RUST_BACKTRACE"));
        assert_eq!(report.failed[1].name, "tests::releases_first");
        assert!(report.failed[1].message.ends_with("connection still open"));
        assert_eq!(report.unfinished, None);
    }

    #[test]
    fn thread_ids_are_left_out() {
        let out = "test tests::a ... FAILED\n\n---- tests::a stdout ----\nthread 'tests::a' (4242) panicked at x.rs:3:5:\nboom\n\nfailures:\n";
        let report = parse(out);
        assert_eq!(
            report.failed[0].message,
            "thread 'tests::a' panicked at x.rs:3:5:\nboom"
        );
    }

    #[test]
    fn names_the_test_that_never_finished() {
        let report = parse("\nrunning 2 tests\ntest tests::a ... ok\ntest tests::deadlocks ... ");
        assert_eq!(report.passed, vec!["tests::a"]);
        assert_eq!(report.unfinished.as_deref(), Some("tests::deadlocks"));
    }

    #[test]
    fn a_should_panic_test_is_named_without_libtest_s_suffix() {
        let report = parse(
            "running 2 tests\ntest tests::rejects_zero - should panic ... ok\ntest tests::hangs - should panic ... ",
        );
        assert_eq!(report.passed, vec!["tests::rejects_zero"]);
        assert_eq!(report.unfinished.as_deref(), Some("tests::hangs"));
    }
}
