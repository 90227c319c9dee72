//! `ferry verify` for people: the failing checks first, then layout problems, warnings and a
//! summary.

use std::io::{self, Write};
use std::path::Path;

use colored::Colorize;

use super::link::Links;
use crate::verify::{Kind, Report, Status};

/// The file a problem is placed in: "exercises/…/x.rs (tests as shipped)" is in x.rs.
fn file_of(file: &str) -> &Path {
    Path::new(
        file.strip_suffix(crate::source::SHIPPED_TESTS)
            .unwrap_or(file),
    )
}

/// The report; `links` makes each problem's file:line a link to the file.
pub fn report(out: &mut dyn Write, report: &Report, links: &Links) -> io::Result<()> {
    for check in report.failed() {
        let kind = match check.kind {
            Kind::Exercise => "exercise",
            Kind::Solution => "solution",
        };
        let mark = if check.status == Status::Error {
            "!".yellow().bold()
        } else {
            "✗".red().bold()
        };
        writeln!(out, "{mark} {} ({kind})", check.label().bold())?;
        for problem in &check.problems {
            let place = match problem.line {
                Some(line) => format!("{}:{line}", problem.file),
                None => problem.file.clone(),
            };
            let shown = format!("{place}:").dimmed().to_string();
            writeln!(
                out,
                "    {} {}",
                links.file(file_of(&problem.file), &shown),
                problem.message
            )?;
        }
    }
    for problem in &report.layout {
        writeln!(out, "{} {}", "✗".red().bold(), problem.message)?;
    }
    if !report.warnings.is_empty() {
        writeln!(out, "{}", "author checks:".yellow().bold())?;
        for warning in &report.warnings {
            let place = match warning.line {
                Some(line) => format!("{}:{line}", warning.file),
                None => warning.file.clone(),
            };
            writeln!(
                out,
                "  {} {}: {}",
                "warning:".yellow(),
                links.file(file_of(&warning.file), &place),
                warning.message
            )?;
        }
    }
    if let Some(tried) = &report.cheats {
        let holes: Vec<_> = report.holes().collect();
        for hole in &holes {
            writeln!(out, "{} {}", "✗".red().bold(), hole.hole_text())?;
        }
        let intended = tried.iter().filter(|t| t.accepted && t.intended).count();
        writeln!(
            out,
            "{} cheats: {} tried, {} accepted that no exercise intends{}",
            if holes.is_empty() {
                "✓".green().bold()
            } else {
                "✗".red().bold()
            },
            tried.len(),
            holes.len(),
            if intended > 0 {
                format!(", {intended} accepted as intended")
            } else {
                String::new()
            }
        )?;
    }
    let checks = report.checks.len();
    let failed = report.failed().count();
    let exercises = report
        .checks
        .iter()
        .filter(|c| c.kind == Kind::Exercise)
        .count();
    let solutions = checks - exercises;
    // How many checks the cache answered, when it answered any.
    let time = match report.cached() {
        0 => format!("{:.1} s", report.duration.as_secs_f64()),
        cached => format!(
            "{cached} from cache, {:.1} s",
            report.duration.as_secs_f64()
        ),
    };
    match report.status() {
        Status::Pass => writeln!(
            out,
            "{} verify: {exercises} exercises and {solutions} solutions are as declared ({checks} checks, {time})",
            "✓".green().bold(),
        ),
        _ => {
            let layout = if report.layout.is_empty() {
                String::new()
            } else {
                format!(
                    ", and {}",
                    super::plural(report.layout.len(), "layout problem")
                )
            };
            let holes = report.holes().count();
            let holes = if holes > 0 {
                format!(", {}", super::plural(holes, "accepted shortcut"))
            } else {
                String::new()
            };
            writeln!(
                out,
                "{} verify: {failed} of {checks} checks failed{layout}{holes} ({time})",
                "✗".red().bold(),
            )
        }
    }
}
