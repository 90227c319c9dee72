//! Everything ferry prints about an exercise; the only module that writes colour.

pub mod link;
pub mod screen;
pub mod text;
pub mod verify;

use std::io::{self, Write};

use colored::Colorize;

use crate::curriculum::Exercise;
use crate::predict::{self, Grade};
use crate::runner::Execution;
use crate::verdict::{self, Assessment, PredictState, Run, Status, Verdict};

/// How much of a failing program's output is shown (the rest stays in the capture).
const SHOWN_OUTPUT_LINES: usize = 40;

/// The compiler's own messages, as rustc renders them; hidden while a prediction is awaited.
pub fn compiler_output(out: &mut dyn Write, assessment: &Assessment) -> io::Result<()> {
    if matches!(assessment.predict, PredictState::Waiting { .. }) {
        return Ok(());
    }
    let verdict = &assessment.verdict;
    for finding in &verdict.errors {
        out.write_all(finding.message.rendered.as_bytes())?;
    }
    for message in verdict.warnings.iter().chain(&verdict.lints) {
        out.write_all(message.rendered.as_bytes())?;
    }
    Ok(())
}

/// ferry's verdict panel: what happened and what it means for this exercise.
pub fn verdict_panel(
    out: &mut dyn Write,
    exercise: &Exercise,
    assessment: &Assessment,
) -> io::Result<()> {
    let mut more = Details {
        apart: None,
        items: usize::MAX,
    };
    panel(out, &mut more, exercise, assessment)
}

/// The verdict panel in two parts, for a screen that keeps the verdict in view: `out` gets the
/// verdict itself, naming at most `items` errors or failed tests, and `details` what explains
/// it at length (the failing tests' messages, the program's output).
pub fn verdict_parts(
    out: &mut dyn Write,
    details: &mut dyn Write,
    items: usize,
    exercise: &Exercise,
    assessment: &Assessment,
) -> io::Result<()> {
    let mut more = Details {
        apart: Some(details),
        items,
    };
    panel(out, &mut more, exercise, assessment)
}

/// Where the details go: their own writer, or (`None`) in line with the verdict; and how many
/// errors or failed tests the verdict names.
struct Details<'a> {
    apart: Option<&'a mut dyn Write>,
    items: usize,
}

fn details<'a>(out: &'a mut dyn Write, more: &'a mut Details<'_>) -> &'a mut dyn Write {
    match &mut more.apart {
        Some(d) => &mut **d,
        None => out,
    }
}

/// Said when the verdict names fewer errors or tests than there are.
fn not_named(out: &mut dyn Write, shown: usize, all: usize, what: &str) -> io::Result<()> {
    if all > shown {
        writeln!(
            out,
            "  … and {} more {what}: the output above has them all",
            all - shown
        )?;
    }
    Ok(())
}

fn panel(
    out: &mut dyn Write,
    more: &mut Details<'_>,
    exercise: &Exercise,
    assessment: &Assessment,
) -> io::Result<()> {
    let label = exercise.label();
    let verdict = &assessment.verdict;
    match &assessment.predict {
        PredictState::None => {}
        PredictState::Waiting {
            answer_line,
            unreadable,
        } => {
            let place = answer_line.map_or_else(
                || format!("add a line `{} E0000 line 0`", predict::MARKER),
                |line| format!("fill in the answer line (line {line})"),
            );
            writeln!(
                out,
                "{} {label}: predict first. Which error does this code give, and on which line does rustc point?",
                "?".cyan().bold()
            )?;
            writeln!(
                out,
                "  {place}, e.g. `{} E0000 line 0`, and save. The compiler's message stays hidden until you answer.",
                predict::MARKER
            )?;
            if let Some(written) = unreadable {
                writeln!(
                    out,
                    "  {} {}",
                    "!".yellow().bold(),
                    predict::unreadable_text(written)
                )?;
            }
            return Ok(());
        }
        // Said while it matters: until the exercise is done, or once, by the check that
        // graded it.
        PredictState::Graded { grade, new } if *new || !assessment.done => {
            prediction(out, exercise, grade, assessment.done)?;
        }
        PredictState::Graded { .. } => {}
    }
    match verdict.status() {
        Status::DoesNotCompile => {
            writeln!(out, "{} {label} does not compile yet", "✗".red().bold())?;
            for finding in verdict.errors.iter().take(more.items) {
                let m = &finding.message;
                let line = m.line().map(|l| format!(" (line {l})")).unwrap_or_default();
                let verdict_text = if finding.in_tests {
                    "in the exercise's own tests (ferry put them back as the exercise ships them): your code no longer fits them"
                        .yellow()
                        .to_string()
                } else if !exercise.errors_declared {
                    // A curriculum in rustlings' format does not say which error it is about.
                    String::new()
                } else if finding.expected {
                    "the error this exercise is about".green().to_string()
                } else if exercise.is_runtime() {
                    "a new error: this exercise compiled before your change"
                        .yellow()
                        .to_string()
                } else {
                    "a new error".yellow().to_string()
                };
                let code = m.code.as_deref().unwrap_or("error");
                let verdict_text = if verdict_text.is_empty() {
                    verdict_text
                } else {
                    format!("{verdict_text} — ")
                };
                writeln!(out, "  {}{line}: {verdict_text}{}", code.bold(), m.message)?;
            }
            not_named(out, more.items, verdict.errors.len(), "errors")?;
        }
        Status::RunFailed => {
            run_failed(out, more, &label, verdict)?;
        }
        Status::TimedOut => {
            if let Some(Run::TimedOut { after, unfinished }) = &verdict.run {
                writeln!(
                    out,
                    "{} {label} {}",
                    "✗".red().bold(),
                    verdict::timeout_text(*after, unfinished.as_deref())
                )?;
            }
        }
        Status::Deadlocked => {
            if let Some(Run::Deadlocked {
                after,
                threads,
                unfinished,
            }) = &verdict.run
            {
                let unfinished = unfinished.as_deref();
                writeln!(
                    out,
                    "{} {label} {}",
                    "✗".red().bold(),
                    verdict::deadlock_text(*after, threads, unfinished)
                )?;
                for line in verdict::deadlock_threads(threads, unfinished) {
                    writeln!(out, "  {} {line}", "·".dimmed())?;
                }
            }
        }
        Status::TooMuchMemory => {
            if let Some(Run::TooMuchMemory { used, limit }) = &verdict.run {
                writeln!(
                    out,
                    "{} {label} {}",
                    "✗".red().bold(),
                    verdict::memory_text(*used, *limit)
                )?;
            }
        }
        Status::Flooded => {
            writeln!(
                out,
                "{} {label} {}",
                "✗".red().bold(),
                verdict::flood_text()
            )?;
            if let Some(execution) = &verdict.execution {
                program_output(details(out, more), execution)?;
            }
        }
        Status::SkipsLesson => {
            writeln!(
                out,
                "{} {label} works, but it skips the lesson:",
                "✗".red().bold()
            )?;
            for hit in &verdict.hits {
                writeln!(out, "  {}", verdict::hit_text(hit))?;
            }
        }
        Status::Warnings => {
            writeln!(
                out,
                "{} {label} works, but the compiler has {} to fix first:",
                "!".yellow().bold(),
                plural(verdict.warnings.len(), "warning")
            )?;
            for w in &verdict.warnings {
                writeln!(out, "  {}", located(w))?;
            }
        }
        Status::Lints => {
            writeln!(
                out,
                "{} {label} works; clippy has {} before it is done:",
                "!".yellow().bold(),
                plural(verdict.lints.len(), "remark")
            )?;
            for l in &verdict.lints {
                if exercise.declares_lint(l) {
                    writeln!(
                        out,
                        "  {} — {}",
                        located(l),
                        "the lint this exercise is about".green()
                    )?;
                } else {
                    writeln!(out, "  {}", located(l))?;
                }
            }
        }
        Status::Done if !assessment.done => {}
        Status::Done => {
            let what = if exercise.test {
                "compiles, its tests pass and clippy is happy"
            } else {
                "compiles, runs successfully and clippy is happy"
            };
            writeln!(out, "{} {label} is done: it {what}", "✓".green().bold())?;
        }
    }
    tests_note(out, verdict)
}

/// Said after the verdict: the learner changed the tests, which ferry does not use.
fn tests_note(out: &mut dyn Write, verdict: &Verdict) -> io::Result<()> {
    if let Some(text) = verdict::tests_change_text(&verdict.tests_change) {
        writeln!(out, "  {} {text}", "note:".cyan().bold())?;
    }
    Ok(())
}

fn prediction(
    out: &mut dyn Write,
    exercise: &Exercise,
    grade: &Grade,
    done: bool,
) -> io::Result<()> {
    let Some(key) = &exercise.predict else {
        return Ok(());
    };
    if grade.is_right() {
        let then = if done { "" } else { " — now fix it" };
        writeln!(
            out,
            "{} you predicted {}: right{then}",
            "✓".green().bold(),
            grade.answer
        )?;
        return Ok(());
    }
    let mut parts = Vec::new();
    if !grade.code_right {
        parts.push(format!(
            "the error is {} (not {})",
            key.code, grade.answer.code
        ));
    }
    if !grade.line_right {
        parts.push(format!(
            "rustc points at line {} (not {}): the line where the rule is broken, which is not always where the value was created or moved",
            key.line, grade.answer.line
        ));
    }
    writeln!(
        out,
        "{} you predicted {}: {}",
        "~".yellow().bold(),
        grade.answer,
        parts.join("; ")
    )
}

fn run_failed(
    out: &mut dyn Write,
    more: &mut Details<'_>,
    label: &str,
    verdict: &Verdict,
) -> io::Result<()> {
    if let Some(Run::Incomplete {
        missing,
        unreadable,
    }) = &verdict.run
    {
        writeln!(
            out,
            "{} {label} {}",
            "✗".red().bold(),
            verdict::incomplete_text(missing, unreadable.as_deref())
        )?;
        return Ok(());
    }
    let Some(Run::Failed { tests, exit_code }) = &verdict.run else {
        return Ok(());
    };
    match tests {
        Some(report) if !report.failed.is_empty() => {
            writeln!(
                out,
                "{} {label} compiles, but {} of {} failed:",
                "✗".red().bold(),
                plural(report.failed.len(), "test"),
                report.failed.len() + report.passed.len()
            )?;
            for (i, failed) in report.failed.iter().enumerate() {
                if i < more.items {
                    writeln!(out, "  {}", failed.name.bold())?;
                }
                // Apart from the verdict, each message under its test's name again.
                if let Some(apart) = &mut more.apart {
                    writeln!(apart, "{}", failed.name.bold())?;
                }
                let more = details(out, more);
                for line in failed.message.lines().filter(|l| !l.trim().is_empty()) {
                    writeln!(more, "    {line}")?;
                }
            }
            not_named(out, more.items, report.failed.len(), "failed tests")?;
        }
        _ => {
            let how = match exit_code {
                Some(101) => "panicked".to_string(),
                Some(code) => format!("exited with code {code}"),
                None => "was killed by a signal".to_string(),
            };
            writeln!(out, "{} {label} compiles, but it {how}:", "✗".red().bold())?;
            if let Some(execution) = &verdict.execution {
                program_output(details(out, more), execution)?;
            }
        }
    }
    Ok(())
}

fn program_output(out: &mut dyn Write, execution: &Execution) -> io::Result<()> {
    let text = format!("{}{}", execution.stdout, execution.stderr);
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len().saturating_sub(SHOWN_OUTPUT_LINES);
    if start > 0 {
        writeln!(out, "    … {start} earlier lines not shown")?;
    }
    for line in &lines[start..] {
        writeln!(out, "    {line}")?;
    }
    if execution.dropped > 0 {
        writeln!(
            out,
            "    … and {} more bytes of output were dropped",
            execution.dropped
        )?;
    }
    Ok(())
}

fn located(message: &crate::diagnostics::Message) -> String {
    let code = message.code.as_deref().unwrap_or("warning");
    match &message.primary {
        Some(at) => format!("{} (line {}): {}", code.bold(), at.line, message.message),
        None => format!("{}: {}", code.bold(), message.message),
    }
}

/// An explanation card: headings in bold, the rest reflowed to the terminal's width.
pub fn card(out: &mut dyn Write, text: &str, width: u16) -> io::Result<()> {
    for line in text::markdown(text, usize::from(width.max(20))) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
