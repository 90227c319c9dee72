//! The `ferry watch` screen, drawn whole on every change from a plain `Frame`.

use std::io::{self, Write};

use colored::Colorize;

use super::link::Links;
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
    /// File paths: clickable, or plain.
    pub links: &'a Links,
}

pub enum Body<'a> {
    Checking,
    Problem(&'a str),
    Assessment(&'a Assessment),
    Card(&'a str),
    List {
        rows: &'a [ListRow<'a>],
        columns: Columns,
        filter: &'static str,
        /// The search text (`/`), and whether keys type into it.
        search: &'a str,
        typing: bool,
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

/// The widths of the list's columns, from every exercise (not only those shown), so that the
/// layout holds still while a search narrows the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    label: usize,
    path: usize,
}

impl Columns {
    pub fn of(exercises: &[Exercise]) -> Columns {
        let widest = |text: fn(&Exercise) -> String| {
            exercises
                .iter()
                .map(|e| text(e).chars().count())
                .max()
                .unwrap_or(0)
        };
        Columns {
            label: widest(Exercise::label),
            path: widest(|e| e.path().display().to_string()),
        }
    }
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
            columns,
            filter,
            search,
            typing,
            confirm,
        } => list(
            out,
            frame,
            &List {
                rows,
                columns: *columns,
                filter,
                search,
                typing: *typing,
            },
            *confirm,
        )?,
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
    let path = frame.exercise.path();
    let shown = path.display().to_string().bold().to_string();
    writeln!(out, "{}", frame.links.file(&path, &shown))
}

struct List<'a> {
    rows: &'a [ListRow<'a>],
    columns: Columns,
    filter: &'a str,
    search: &'a str,
    typing: bool,
}

/// Said after the current exercise's row.
const CURRENT: &str = "  ← current";

fn list(
    out: &mut dyn Write,
    frame: &Frame<'_>,
    list: &List<'_>,
    confirm: Option<&Exercise>,
) -> io::Result<()> {
    let rows = list.rows;
    let mut showing = format!("showing: {}", list.filter);
    if list.typing {
        showing.push_str(&format!(" · search: {}▏", list.search));
    } else if !list.search.is_empty() {
        showing.push_str(&format!(" · search: {}", list.search));
    }
    writeln!(out, "{showing}")?;
    // Keep the selected row on screen: a window of rows around it.
    let room = usize::from(frame.height).saturating_sub(9).max(3);
    let selected = rows.iter().position(|r| r.selected).unwrap_or(0);
    let start = selected
        .saturating_sub(room / 2)
        .min(rows.len().saturating_sub(room));
    let width = usize::from(frame.width.max(20));
    // Cursor, state and the gaps around them.
    let lead = 2 + "pending".len() + 2;
    let columns = list.columns;
    // The label column too when there is room; else the path alone, which holds the label
    // (exercises/<chapter>/<name>.rs).
    let labels = lead + columns.label + 2 + columns.path + CURRENT.chars().count() <= width;
    for row in rows.iter().skip(start).take(room) {
        let cursor = if row.selected { "▶" } else { " " };
        let state = if row.done {
            "done   ".green()
        } else {
            "pending".normal()
        };
        let current = if row.current { CURRENT } else { "" };
        let highlight = |text: String| {
            if row.selected {
                text.reversed().to_string()
            } else {
                text
            }
        };
        let path = row.exercise.path();
        let path_text = path.display().to_string();
        let line = if labels {
            let label = row.exercise.label();
            let pad = " ".repeat(columns.label.saturating_sub(label.chars().count()));
            let shown = frame.links.file(&path, &path_text);
            format!(
                "{cursor} {state}  {}{pad}  {shown}{current}",
                highlight(label)
            )
        } else {
            let room = width.saturating_sub(lead + current.chars().count());
            let shown = frame
                .links
                .file(&path, &highlight(truncate_left(&path_text, room)));
            format!("{cursor} {state}  {shown}{current}")
        };
        writeln!(out, "{line}")?;
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

/// `text` in at most `room` columns: its end, after an ellipsis, when it is longer (a path's
/// end names the file).
fn truncate_left(text: &str, room: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= room {
        return text.to_string();
    }
    let kept = room.saturating_sub(1);
    let tail: String = chars[chars.len() - kept..].iter().collect();
    format!("…{tail}")
}

fn keys(out: &mut dyn Write, frame: &Frame<'_>, width: usize) -> io::Result<()> {
    let line = match frame.body {
        Body::Card(_) | Body::AllChecked { .. } => "any key: back".to_string(),
        Body::List { typing: true, .. } => {
            "type to search names and chapters · ↑/↓ move · enter: done · esc: clear".to_string()
        }
        Body::List { .. } => {
            // Fits 80 columns.
            "↑/↓ · enter: go to · /: search · r: reset · a/d/p: all/done/pending · esc: back"
                .to_string()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_path_keeps_its_end() {
        assert_eq!(truncate_left("exercises/a/b.rs", 20), "exercises/a/b.rs");
        assert_eq!(truncate_left("exercises/a/b.rs", 16), "exercises/a/b.rs");
        assert_eq!(truncate_left("exercises/a/b.rs", 10), "…es/a/b.rs");
        assert_eq!(truncate_left("exercises/ü/b.rs", 5), "…b.rs");
    }
}
