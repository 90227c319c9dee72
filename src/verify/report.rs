//! `ferry verify --format json|junit|github`: the report for CI pipelines.
//!
//! The JSON follows `src/verify/report.schema.json` (format_version 1), documented in the
//! README. JUnit XML has one testcase per exercise and per solution, grouped by chapter. GitHub
//! annotations (`::error file=…,line=…::…`) point at the offending line.

use std::collections::BTreeMap;
use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use serde::Serialize;

use super::{Check, Kind, Report, Status};

pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Json<'a> {
    format_version: u32,
    status: Status,
    summary: Summary,
    #[serde(flatten)]
    report: &'a Report,
}

#[derive(Serialize)]
struct Summary {
    checks: usize,
    passed: usize,
    failed: usize,
    errors: usize,
    layout_problems: usize,
    warnings: usize,
    /// Checks served from the verdict cache.
    cached: usize,
    /// With `--cheats`: shortcuts ferry would accept that no exercise intends.
    #[serde(skip_serializing_if = "Option::is_none")]
    accepted_shortcuts: Option<usize>,
}

fn summary(report: &Report) -> Summary {
    let count = |status| report.checks.iter().filter(|c| c.status == status).count();
    Summary {
        checks: report.checks.len(),
        passed: count(Status::Pass),
        failed: count(Status::Fail),
        errors: count(Status::Error),
        layout_problems: report.layout.len(),
        warnings: report.warnings.len(),
        cached: report.cached(),
        accepted_shortcuts: report.cheats.as_ref().map(|_| report.holes().count()),
    }
}

pub fn json(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let doc = Json {
        format_version: FORMAT_VERSION,
        status: report.status(),
        summary: summary(report),
        report,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// What the JSON says when ferry could not verify at all (exit 2): a bad info.toml, say.
pub fn json_error(out: &mut dyn Write, message: &str) -> io::Result<()> {
    let doc = serde_json::json!({
        "format_version": FORMAT_VERSION,
        "status": "error",
        "error": message,
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

fn kind_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Exercise => "exercise",
        Kind::Solution => "solution",
    }
}

fn details(check: &Check) -> String {
    let mut text = String::new();
    for problem in &check.problems {
        match problem.line {
            Some(line) => text.push_str(&format!("{}:{line}: {}\n", problem.file, problem.message)),
            None => text.push_str(&format!("{}: {}\n", problem.file, problem.message)),
        }
    }
    if !check.expected_errors.is_empty() || !check.actual_errors.is_empty() {
        let actual: Vec<String> = check
            .actual_errors
            .iter()
            .map(|e| e.code.clone().unwrap_or_else(|| e.message.clone()))
            .collect();
        text.push_str(&format!(
            "expected errors: [{}]\nactual errors: [{}]\n",
            check.expected_errors.join(", "),
            actual.join(", ")
        ));
    }
    for test in &check.failed_tests {
        text.push_str(&format!("---- {} ----\n{}\n", test.name, test.message));
    }
    text
}

pub fn junit(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let mut writer = Writer::new_with_indent(&mut *out, b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let totals = summary(report);
    let layout_failures = usize::from(!report.layout.is_empty());
    let tried = report.cheats.as_deref().unwrap_or_default();
    let holes = report.holes().count();
    let mut root = BytesStart::new("testsuites");
    root.push_attribute(("name", "ferry verify"));
    root.push_attribute((
        "tests",
        (totals.checks + layout_failures + tried.len())
            .to_string()
            .as_str(),
    ));
    root.push_attribute((
        "failures",
        (totals.failed + layout_failures + holes)
            .to_string()
            .as_str(),
    ));
    root.push_attribute(("errors", totals.errors.to_string().as_str()));
    root.push_attribute(("time", seconds(report.duration).as_str()));
    writer.write_event(Event::Start(root))?;

    let mut chapters: BTreeMap<String, Vec<&Check>> = BTreeMap::new();
    for check in &report.checks {
        let chapter = check
            .chapter
            .clone()
            .unwrap_or_else(|| "exercises".to_string());
        chapters.entry(chapter).or_default().push(check);
    }
    for (chapter, checks) in &chapters {
        let mut suite = BytesStart::new("testsuite");
        let failed = checks.iter().filter(|c| c.status == Status::Fail).count();
        let errors = checks.iter().filter(|c| c.status == Status::Error).count();
        let time: std::time::Duration = checks.iter().map(|c| c.duration).sum();
        suite.push_attribute(("name", chapter.as_str()));
        suite.push_attribute(("tests", checks.len().to_string().as_str()));
        suite.push_attribute(("failures", failed.to_string().as_str()));
        suite.push_attribute(("errors", errors.to_string().as_str()));
        suite.push_attribute(("time", seconds(time).as_str()));
        writer.write_event(Event::Start(suite))?;
        for check in checks {
            let mut case = BytesStart::new("testcase");
            let name = format!("{} ({})", check.exercise, kind_word(check.kind));
            case.push_attribute(("name", name.as_str()));
            case.push_attribute(("classname", chapter.as_str()));
            case.push_attribute(("file", xml_text(&check.file).as_str()));
            if let Some(line) = check.problems.iter().find_map(|p| p.line) {
                case.push_attribute(("line", line.to_string().as_str()));
            }
            case.push_attribute(("time", seconds(check.duration).as_str()));
            if check.status == Status::Pass {
                writer.write_event(Event::Empty(case))?;
                continue;
            }
            writer.write_event(Event::Start(case))?;
            let tag = if check.status == Status::Error {
                "error"
            } else {
                "failure"
            };
            let mut failure = BytesStart::new(tag);
            let first = check
                .problems
                .first()
                .map_or("failed", |p| p.message.as_str());
            failure.push_attribute(("message", xml_text(first).as_str()));
            writer.write_event(Event::Start(failure))?;
            writer.write_event(Event::Text(BytesText::new(&xml_text(&details(check)))))?;
            writer.write_event(Event::End(BytesEnd::new(tag)))?;
            writer.write_event(Event::End(BytesEnd::new("testcase")))?;
        }
        writer.write_event(Event::End(BytesEnd::new("testsuite")))?;
    }
    if !tried.is_empty() {
        let mut suite = BytesStart::new("testsuite");
        suite.push_attribute(("name", "cheats"));
        suite.push_attribute(("tests", tried.len().to_string().as_str()));
        suite.push_attribute(("failures", holes.to_string().as_str()));
        suite.push_attribute(("errors", "0"));
        writer.write_event(Event::Start(suite))?;
        for t in tried {
            let mut case = BytesStart::new("testcase");
            let name = format!("{} ({})", t.exercise, t.shortcut);
            case.push_attribute(("name", name.as_str()));
            case.push_attribute(("classname", "cheats"));
            case.push_attribute(("file", "info.toml"));
            case.push_attribute(("line", t.line.to_string().as_str()));
            if !t.is_hole() {
                writer.write_event(Event::Empty(case))?;
                continue;
            }
            writer.write_event(Event::Start(case))?;
            let text = t.hole_text();
            let mut failure = BytesStart::new("failure");
            failure.push_attribute(("message", xml_text(&text).as_str()));
            writer.write_event(Event::Start(failure))?;
            writer.write_event(Event::Text(BytesText::new(&xml_text(&text))))?;
            writer.write_event(Event::End(BytesEnd::new("failure")))?;
            writer.write_event(Event::End(BytesEnd::new("testcase")))?;
        }
        writer.write_event(Event::End(BytesEnd::new("testsuite")))?;
    }
    if !report.layout.is_empty() || !report.warnings.is_empty() {
        let mut suite = BytesStart::new("testsuite");
        suite.push_attribute(("name", "curriculum"));
        suite.push_attribute(("tests", layout_failures.to_string().as_str()));
        suite.push_attribute(("failures", layout_failures.to_string().as_str()));
        suite.push_attribute(("errors", "0"));
        writer.write_event(Event::Start(suite))?;
        if !report.layout.is_empty() {
            let mut case = BytesStart::new("testcase");
            case.push_attribute(("name", "layout"));
            case.push_attribute(("classname", "curriculum"));
            writer.write_event(Event::Start(case))?;
            let mut failure = BytesStart::new("failure");
            failure.push_attribute(("message", xml_text(&report.layout[0].message).as_str()));
            writer.write_event(Event::Start(failure))?;
            let text: Vec<String> = report.layout.iter().map(|p| p.message.clone()).collect();
            writer.write_event(Event::Text(BytesText::new(&xml_text(&text.join("\n")))))?;
            writer.write_event(Event::End(BytesEnd::new("failure")))?;
            writer.write_event(Event::End(BytesEnd::new("testcase")))?;
        }
        if !report.warnings.is_empty() {
            writer.write_event(Event::Start(BytesStart::new("system-out")))?;
            let text: Vec<String> = report
                .warnings
                .iter()
                .map(|w| format!("warning: {}: {}", w.file, w.message))
                .collect();
            writer.write_event(Event::Text(BytesText::new(&xml_text(&text.join("\n")))))?;
            writer.write_event(Event::End(BytesEnd::new("system-out")))?;
        }
        writer.write_event(Event::End(BytesEnd::new("testsuite")))?;
    }
    writer.write_event(Event::End(BytesEnd::new("testsuites")))?;
    writeln!(out)
}

/// JUnit for a run that could not happen (exit 2): one errored testcase saying why.
pub fn junit_error(out: &mut dyn Write, message: &str) -> io::Result<()> {
    let mut writer = Writer::new_with_indent(&mut *out, b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut root = BytesStart::new("testsuites");
    root.push_attribute(("name", "ferry verify"));
    root.push_attribute(("tests", "1"));
    root.push_attribute(("failures", "0"));
    root.push_attribute(("errors", "1"));
    writer.write_event(Event::Start(root))?;
    let mut suite = BytesStart::new("testsuite");
    suite.push_attribute(("name", "curriculum"));
    suite.push_attribute(("tests", "1"));
    suite.push_attribute(("failures", "0"));
    suite.push_attribute(("errors", "1"));
    writer.write_event(Event::Start(suite))?;
    let mut case = BytesStart::new("testcase");
    case.push_attribute(("name", "info.toml"));
    case.push_attribute(("classname", "curriculum"));
    writer.write_event(Event::Start(case))?;
    let mut error = BytesStart::new("error");
    let first = message.lines().next().unwrap_or(message);
    error.push_attribute(("message", xml_text(first).as_str()));
    writer.write_event(Event::Start(error))?;
    writer.write_event(Event::Text(BytesText::new(&xml_text(message))))?;
    writer.write_event(Event::End(BytesEnd::new("error")))?;
    writer.write_event(Event::End(BytesEnd::new("testcase")))?;
    writer.write_event(Event::End(BytesEnd::new("testsuite")))?;
    writer.write_event(Event::End(BytesEnd::new("testsuites")))?;
    writeln!(out)
}

/// GitHub shows at most this many annotations of each level per step; ferry annotates the
/// first ones and lists every problem in a log group and in the job summary.
pub const GITHUB_ANNOTATIONS: usize = 10;

/// One problem as the GitHub format reports it.
struct Annotation {
    level: &'static str,
    file: String,
    line: Option<usize>,
    title: String,
    message: String,
}

fn annotations(report: &Report) -> Vec<Annotation> {
    let mut all = Vec::new();
    let mut add = |level, file: &str, line, title: String, message: &str| {
        all.push(Annotation {
            level,
            file: file.to_string(),
            line,
            title,
            message: message.to_string(),
        });
    };
    for check in report.failed() {
        let title = format!("{} ({})", check.label(), kind_word(check.kind));
        for problem in &check.problems {
            add(
                "error",
                &problem.file,
                problem.line,
                title.clone(),
                &problem.message,
            );
        }
    }
    for problem in &report.layout {
        add(
            "error",
            &problem.file,
            problem.line,
            "layout".to_string(),
            &problem.message,
        );
    }
    for hole in report.holes() {
        let title = format!("{} (shortcut {})", hole.label(), hole.shortcut);
        add(
            "error",
            "info.toml",
            Some(hole.line),
            title,
            &hole.hole_text(),
        );
    }
    for warning in &report.warnings {
        let title = warning
            .exercise
            .as_deref()
            .unwrap_or("curriculum")
            .to_string();
        add(
            "warning",
            &warning.file,
            warning.line,
            title,
            &warning.message,
        );
    }
    all
}

fn totals_line(report: &Report) -> String {
    let totals = summary(report);
    let shortcuts = totals
        .accepted_shortcuts
        .map(|n| format!(", {n} accepted shortcuts"))
        .unwrap_or_default();
    format!(
        "ferry verify: {} checks, {} passed, {} failed, {} errors, {} layout problems, {} warnings{shortcuts}",
        totals.checks,
        totals.passed,
        totals.failed,
        totals.errors,
        totals.layout_problems,
        totals.warnings
    )
}

/// Workflow commands for GitHub Actions: the first [`GITHUB_ANNOTATIONS`] errors and warnings
/// as annotations on their lines; every problem, those included, in a collapsed log group; a
/// notice when some could not be annotated; the totals last.
pub fn github(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let all = annotations(report);
    let mut shown = std::collections::HashMap::new();
    let mut left_out = 0;
    for a in &all {
        let count = shown.entry(a.level).or_insert(0);
        if *count < GITHUB_ANNOTATIONS {
            *count += 1;
            annotate(out, a.level, &a.file, a.line, &a.title, &a.message)?;
        } else {
            left_out += 1;
        }
    }
    if !all.is_empty() {
        writeln!(out, "::group::ferry verify: all {} problems", all.len())?;
        for a in &all {
            let at = a.line.map(|l| format!(":{l}")).unwrap_or_default();
            let message = a.message.replace('\n', "\n    ");
            // `::` at a line's start would be read as a workflow command.
            let line = format!("{}: {}{at}: {}: {message}", a.level, a.file, a.title);
            writeln!(out, "{}", line.replace("\n::", "\n ::"))?;
        }
        writeln!(out, "::endgroup::")?;
    }
    if left_out > 0 {
        writeln!(
            out,
            "::notice title=ferry verify::{left_out} more problems than GitHub shows as annotations (at most {GITHUB_ANNOTATIONS} errors and {GITHUB_ANNOTATIONS} warnings per step): every problem is in the log group \"ferry verify: all {} problems\" and in the job summary",
            all.len()
        )?;
    }
    writeln!(out, "{}", totals_line(report))
}

/// The job summary (Markdown, for `$GITHUB_STEP_SUMMARY`): the totals and a table of every
/// problem.
pub fn github_summary(report: &Report) -> String {
    let all = annotations(report);
    let mut text = format!("## {}\n\n", totals_line(report));
    if all.is_empty() {
        text.push_str("Every exercise fails as declared and every solution passes.\n");
        return text;
    }
    text.push_str("| | where | check | problem |\n| --- | --- | --- | --- |\n");
    let cell = |s: &str| {
        s.replace('|', "\\|")
            .replace('<', "&lt;")
            .replace('\n', "<br>")
    };
    for a in &all {
        let at = a.line.map(|l| format!(":{l}")).unwrap_or_default();
        let mark = if a.level == "error" { "❌" } else { "⚠️" };
        text.push_str(&format!(
            "| {mark} | `{}{at}` | {} | {} |\n",
            cell(&a.file).replace('`', "'"),
            cell(&a.title),
            cell(&a.message)
        ));
    }
    text
}

/// An annotation for a run that could not happen (exit 2).
pub fn github_error(
    out: &mut dyn Write,
    file: &str,
    line: Option<usize>,
    message: &str,
) -> io::Result<()> {
    annotate(out, "error", file, line, "ferry verify", message)
}

fn annotate(
    out: &mut dyn Write,
    level: &str,
    file: &str,
    line: Option<usize>,
    title: &str,
    message: &str,
) -> io::Result<()> {
    let line = line.map(|l| format!(",line={l}")).unwrap_or_default();
    writeln!(
        out,
        "::{level} file={}{line},title={}::{}",
        escape_property(file),
        escape_property(title),
        escape_data(message)
    )
}

/// GitHub's workflow-command escaping for the message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// …and for properties, which also escape `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Text that XML 1.0 can carry, escaped or not: the characters it forbids outright (NUL, ESC,
/// BEL and the other controls but tab and newlines, lone surrogates' replacements, U+FFFE/F)
/// are written as `\u{1b}`, so a test that prints colour codes or binary junk can't make the
/// report unreadable. `<`, `&` and `]]>` are left to the writer, which escapes them.
fn xml_text(text: &str) -> String {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r')
            || ('\u{20}'..='\u{D7FF}').contains(&c)
            || ('\u{E000}'..='\u{FFFD}').contains(&c)
            || c >= '\u{10000}'
    };
    let mut clean = String::with_capacity(text.len());
    for c in text.chars() {
        if allowed(c) {
            clean.push(c);
        } else {
            clean.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        }
    }
    clean
}

fn seconds(duration: std::time::Duration) -> String {
    format!("{:.3}", duration.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_escape_what_github_needs_escaped() {
        let mut out = Vec::new();
        annotate(
            &mut out,
            "error",
            "exercises/a,b.rs",
            Some(3),
            "ch/x (exercise)",
            "50% done\nnext: line",
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "::error file=exercises/a%2Cb.rs,line=3,title=ch/x (exercise)::50%25 done%0Anext: line\n"
        );
    }
}
