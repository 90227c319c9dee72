//! Everything ferry prints about an exercise; the only module that writes colour.

pub mod link;
pub mod screen;
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
        PredictState::Graded { grade, .. } => prediction(out, exercise, grade)?,
    }
    match verdict.status() {
        Status::DoesNotCompile => {
            writeln!(out, "{} {label} does not compile yet", "✗".red().bold())?;
            for finding in &verdict.errors {
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
        }
        Status::RunFailed => {
            run_failed(out, &label, verdict)?;
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
                program_output(out, execution)?;
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

fn prediction(out: &mut dyn Write, exercise: &Exercise, grade: &Grade) -> io::Result<()> {
    let Some(key) = &exercise.predict else {
        return Ok(());
    };
    if grade.is_right() {
        writeln!(
            out,
            "{} you predicted {}: right — now fix it",
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

fn run_failed(out: &mut dyn Write, label: &str, verdict: &Verdict) -> io::Result<()> {
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
            for failed in &report.failed {
                writeln!(out, "  {}", failed.name.bold())?;
                for line in failed.message.lines().filter(|l| !l.trim().is_empty()) {
                    writeln!(out, "    {line}")?;
                }
            }
        }
        _ => {
            let how = match exit_code {
                Some(101) => "panicked".to_string(),
                Some(code) => format!("exited with code {code}"),
                None => "was killed by a signal".to_string(),
            };
            writeln!(out, "{} {label} compiles, but it {how}:", "✗".red().bold())?;
            if let Some(execution) = &verdict.execution {
                program_output(out, execution)?;
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

/// An explanation card: headings in bold, the rest as written (wrapped to the terminal).
pub fn card(out: &mut dyn Write, text: &str, width: u16) -> io::Result<()> {
    for line in text.lines() {
        if let Some(title) = line.strip_prefix("# ") {
            writeln!(out, "{}", title.bold())?;
        } else if let Some(heading) = line.strip_prefix("## ") {
            writeln!(out, "{}", heading.cyan().bold())?;
        } else if line.is_empty() {
            writeln!(out)?;
        } else {
            for wrapped in textwrap::wrap(line, usize::from(width.max(20))) {
                writeln!(out, "{wrapped}")?;
            }
        }
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
