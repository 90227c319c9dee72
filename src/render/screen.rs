//! The `ferry watch` screen, drawn whole on every change from a plain `Frame`.

use std::io::{self, Write};

use colored::Colorize;

use super::{card, compiler_output, plural, verdict_panel};
use crate::curriculum::Exercise;
use crate::verdict::Assessment;

/// Home, clear the screen and the scrollback: every frame starts on a clean terminal.
pub const CLEAR: &str = "\x1b[H\x1b[2J\x1b[3J";

pub struct Frame<'a> {
    pub width: u16,
    pub height: u16,
    pub done: usize,
    pub total: usize,
    pub exercise: &'a Exercise,
    pub checking: bool,
    pub body: Body<'a>,
    /// The hint levels opened so far, and how many there are.
    pub hints: &'a [String],
    pub hint_levels: usize,
    pub notice: Option<&'a str>,
    pub warning: Option<&'a str>,
    pub manual: bool,
}

pub enum Body<'a> {
    Checking,
    Problem(&'a str),
    Assessment(&'a Assessment),
    Card(&'a str),
    List {
        rows: &'a [ListRow<'a>],
        filter: &'static str,
        confirm: Option<&'a Exercise>,
    },
    ConfirmReset,
    CheckingAll,
    AllChecked {
        exercises: &'a [Exercise],
        results: &'a [Option<bool>],
    },
    Finished {
        message: Option<&'a str>,
        hints: usize,
        cards: usize,
        predictions: usize,
        predictions_made: usize,
        attempts: usize,
    },
}

pub struct ListRow<'a> {
    pub exercise: &'a Exercise,
    pub done: bool,
    pub current: bool,
    pub selected: bool,
}

pub fn draw(out: &mut dyn Write, frame: &Frame<'_>) -> io::Result<()> {
    let width = usize::from(frame.width.max(20));
    out.write_all(CLEAR.as_bytes())?;
    header(out, frame, width)?;
    let rule = "─".repeat(width).dimmed();
    writeln!(out, "{rule}")?;
    match &frame.body {
        Body::Checking => {
            writeln!(out, "checking {}…", frame.exercise.path().display())?;
            if !frame.exercise.crates.is_empty() {
                writeln!(
                    out,
                    "(this exercise uses {}: the first such check builds them once, which takes a minute or two)",
                    frame.exercise.crates.join(", ")
                )?;
            }
        }
        Body::Problem(problem) => writeln!(out, "{} {problem}", "!".yellow().bold())?,
        Body::Assessment(assessment) => {
            let mut compiler = Vec::new();
            compiler_output(&mut compiler, assessment)?;
            if !compiler.is_empty() {
                out.write_all(&compiler)?;
                writeln!(out, "{rule}")?;
            }
            // The panel is ferry's own prose: wrap it to the terminal (the compiler's output
            // above keeps rustc's layout).
            let mut panel = Vec::new();
            verdict_panel(&mut panel, frame.exercise, assessment)?;
            let panel = String::from_utf8_lossy(&panel);
            for line in panel.lines() {
                let indent = " ".repeat(line.len() - line.trim_start().len() + 2);
                let options = textwrap::Options::new(width).subsequent_indent(&indent);
                for wrapped in textwrap::wrap(line, options) {
                    writeln!(out, "{wrapped}")?;
                }
            }
        }
        Body::Card(text) => card(out, text, frame.width)?,
        Body::List {
            rows,
            filter,
            confirm,
        } => list(out, frame, rows, filter, *confirm)?,
        Body::ConfirmReset => writeln!(
            out,
            "Reset {} to its untouched state? Your version is backed up in .ferry/backups/ first.\ny: reset   any other key: cancel",
            frame.exercise.path().display()
        )?,
        Body::CheckingAll => writeln!(out, "checking every exercise, on every core…")?,
        Body::AllChecked { exercises, results } => {
            let done = results.iter().filter(|r| **r == Some(true)).count();
            for (exercise, result) in exercises.iter().zip(results.iter()) {
                let mark = match result {
                    Some(true) => "✓".green(),
                    Some(false) => "✗".red(),
                    None => "!".yellow(),
                };
                writeln!(out, "{mark} {}", exercise.label())?;
            }
            writeln!(out, "\n{done} of {} exercises are done", exercises.len())?;
        }
        Body::Finished {
            message,
            hints,
            cards,
            predictions,
            predictions_made,
            attempts,
        } => {
            if let Some(message) = message {
                writeln!(out, "{}\n", message.trim().bold())?;
            }
            writeln!(out, "Your journey:")?;
            writeln!(out, "  {} done", plural(frame.total, "exercise"))?;
            writeln!(out, "  {} checked along the way", plural(*attempts, "save"))?;
            writeln!(out, "  {} read", plural(*hints, "hint"))?;
            writeln!(out, "  {} opened", plural(*cards, "explanation card"))?;
            if *predictions_made > 0 {
                writeln!(
                    out,
                    "  {predictions} of {} predictions right",
                    predictions_made
                )?;
            }
        }
    }
    if !frame.hints.is_empty() && matches!(frame.body, Body::Assessment(_) | Body::Checking) {
        writeln!(out, "{rule}")?;
        for (i, hint) in frame.hints.iter().enumerate() {
            let label = format!("hint {} of {}: ", i + 1, frame.hint_levels);
            let text = format!("{label}{hint}");
            for (j, line) in textwrap::wrap(&text, width).iter().enumerate() {
                if j == 0 {
                    writeln!(
                        out,
                        "{}{}",
                        label.cyan().bold(),
                        &line[label.len().min(line.len())..]
                    )?;
                } else {
                    writeln!(out, "{line}")?;
                }
            }
        }
    }
    writeln!(out, "{rule}")?;
    if let Some(warning) = frame.warning {
        for line in textwrap::wrap(warning, width) {
            writeln!(out, "{}", line.yellow())?;
        }
    }
    if let Some(notice) = frame.notice {
        for line in textwrap::wrap(notice, width) {
            writeln!(out, "{line}")?;
        }
    }
    keys(out, frame, width)
}

fn header(out: &mut dyn Write, frame: &Frame<'_>, width: usize) -> io::Result<()> {
    let bar_width = (width / 4).clamp(10, 30);
    let filled = (bar_width * frame.done)
        .checked_div(frame.total)
        .unwrap_or(0);
    let bar = format!(
        "{}{}",
        "█".repeat(filled).green(),
        "░".repeat(bar_width - filled).dimmed()
    );
    let chapter = frame
        .exercise
        .dir
        .as_deref()
        .map(|d| format!(" · {d}"))
        .unwrap_or_default();
    let checking = if frame.checking { "  checking…" } else { "" };
    writeln!(
        out,
        "{} {bar} {}/{} done{chapter}{}",
        "ferry".bold(),
        frame.done,
        frame.total,
        checking.dimmed()
    )?;
    writeln!(
        out,
        "{}",
        frame.exercise.path().display().to_string().bold()
    )
}

fn list(
    out: &mut dyn Write,
    frame: &Frame<'_>,
    rows: &[ListRow<'_>],
    filter: &str,
    confirm: Option<&Exercise>,
) -> io::Result<()> {
    writeln!(out, "showing: {filter}")?;
    // Keep the selected row on screen: a window of rows around it.
    let room = usize::from(frame.height).saturating_sub(9).max(3);
    let selected = rows.iter().position(|r| r.selected).unwrap_or(0);
    let start = selected
        .saturating_sub(room / 2)
        .min(rows.len().saturating_sub(room));
    for row in rows.iter().skip(start).take(room) {
        let cursor = if row.selected { "▶" } else { " " };
        let state = if row.done {
            "done   ".green()
        } else {
            "pending".normal()
        };
        let label = row.exercise.label();
        let label = if row.selected {
            label.reversed().to_string()
        } else {
            label
        };
        let current = if row.current { "  ← current" } else { "" };
        writeln!(out, "{cursor} {state}  {label}{current}")?;
    }
    if rows.is_empty() {
        writeln!(out, "(no exercises match)")?;
    }
    if let Some(exercise) = confirm {
        writeln!(
            out,
            "\nReset {} to its untouched state? Your version is backed up first. y: reset   any other key: cancel",
            exercise.path().display()
        )?;
    }
    Ok(())
}

fn keys(out: &mut dyn Write, frame: &Frame<'_>, width: usize) -> io::Result<()> {
    let line = match frame.body {
        Body::Card(_) | Body::AllChecked { .. } => "any key: back".to_string(),
        Body::List { .. } => {
            "↑/↓ move · enter: go to · r: reset · a/d/p: all/done/pending · esc: back".to_string()
        }
        Body::ConfirmReset => String::new(),
        Body::CheckingAll => "q: quit".to_string(),
        Body::Finished { .. } => "l: list · q: quit".to_string(),
        _ => {
            let recheck = if frame.manual {
                "r: re-check (after saving)"
            } else {
                "r: re-check"
            };
            let hint = if frame.hints.len() < frame.hint_levels {
                "h: hint"
            } else {
                "h: (no more hints)"
            };
            format!(
                "n: next · {hint} · e: explain · l: list · c: check all · x: reset · {recheck} · q: quit"
            )
        }
    };
    for wrapped in textwrap::wrap(&line, width) {
        writeln!(out, "{}", wrapped.dimmed())?;
    }
    Ok(())
}
