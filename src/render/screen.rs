//! The `ferry watch` screen, drawn whole on every change from a plain `Frame`.
//!
//! From the top: the header (progress, chapter, the exercise's file), then what may be long —
//! the compiler's output, failing tests, hints, a card, a chapter's README — in an area that
//! scrolls, then the verdict and the status lines, then the keys. The header and the verdict
//! stay in view at any size; the scrolling area gets the rows left between them, and its rules
//! say what is above or below. Every line fits the width, and the frame never has more lines
//! than the terminal, so nothing scrolls the header away.

use std::io::{self, Write};

use colored::Colorize;

use super::link::Links;
use super::text::{self, fit, markdown, prose, width_of};
use super::{compiler_output, plural, verdict_parts};
use crate::curriculum::Exercise;
use crate::figures::{Totals, duration_text};
use crate::solution::{Difference, Solved};
use crate::verdict::Assessment;

/// Home, clear the screen and the scrollback: every frame starts on a clean terminal.
pub const CLEAR: &str = "\x1b[H\x1b[2J\x1b[3J";

/// The fewest rows the scrolling area keeps (when it has anything to show) before the verdict
/// gives way.
const MIN_ROOM: usize = 3;
/// How many errors (or failed tests) the verdict names; the output above has them all.
const NAMED: usize = 3;
/// How much of what main printed the done panel shows (its last lines).
const SHOWN_OUTPUT: usize = 20;

pub struct Frame<'a> {
    pub width: u16,
    pub height: u16,
    pub done: usize,
    pub total: usize,
    pub exercise: &'a Exercise,
    /// A check is running, for this many whole seconds so far.
    pub checking: Option<u64>,
    /// The exercise's verdict, shown under the main screen, a card and a chapter's README.
    pub verdict: Shown<'a>,
    /// The exercise is done: what to show about the reference solution.
    pub solved: Option<&'a Solved>,
    pub body: Body<'a>,
    /// The hint levels opened so far, and how many there are.
    pub hints: &'a [String],
    pub hint_levels: usize,
    pub notice: Option<&'a str>,
    pub warning: Option<&'a str>,
    pub manual: bool,
    /// In a class: `a` asks for help.
    pub class: bool,
    /// File paths: clickable, or plain.
    pub links: &'a Links,
    pub scroll: Scroll,
}

/// Where the scrolling area starts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll {
    /// Lines scrolled past (more than there are is the end).
    pub offset: usize,
    /// Bring the last hint into view instead (it was just opened).
    pub to_last_hint: bool,
}

/// What a drawn frame's scrolling area holds: where it starts, how far it can go, and how
/// many lines it shows at once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Drawn {
    pub offset: usize,
    pub max_offset: usize,
    pub page: usize,
}

/// The current exercise's verdict.
pub enum Shown<'a> {
    /// No check has answered yet.
    Checking,
    /// ferry could not check it (the reason).
    Problem(&'a str),
    Assessment(&'a Assessment),
}

pub enum Body<'a> {
    /// The compiler's output, failing tests and hints over the verdict.
    Main,
    /// An explanation card (Markdown).
    Card(&'a str),
    /// A chapter's README (Markdown): the introduction on entering it, or `whole`.
    Chapter {
        text: &'a str,
        whole: bool,
    },
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
        figures: Totals,
    },
}

impl Body<'_> {
    /// Whether the verdict panel is shown under this body.
    fn with_verdict(&self) -> bool {
        matches!(self, Body::Main | Body::Card(_) | Body::Chapter { .. })
    }
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

/// The lines of the scrolling area, and where the last hint is among them.
#[derive(Default)]
struct Content {
    lines: Vec<String>,
    last_hint: Option<(usize, usize)>,
}

pub fn draw(out: &mut dyn Write, frame: &Frame<'_>) -> io::Result<Drawn> {
    let width = usize::from(frame.width.max(20));
    let height = usize::from(frame.height.max(8));
    let stale = frame.checking.is_some() && matches!(frame.verdict, Shown::Assessment(_));
    let keys = keys(frame, width);
    let mut panel = Vec::new();
    if frame.body.with_verdict() {
        panel.extend(verdict(frame, width, stale)?);
    }
    if let Some(warning) = frame.warning {
        panel.extend(
            text::lines(warning, width)
                .iter()
                .map(|l| l.yellow().to_string()),
        );
    }
    if let Some(notice) = frame.notice {
        panel.extend(text::lines(notice, width));
    }
    // Header, the rules above and below the scrolling area, the keys.
    let chrome = 2 + 2 + keys.len();
    let mut content = match &frame.body {
        Body::List { .. } => {
            let room = height.saturating_sub(chrome + panel.len()).max(MIN_ROOM);
            Content {
                lines: list(frame, width, room),
                last_hint: None,
            }
        }
        _ => content(frame, width, stale)?,
    };
    let mut room = height.saturating_sub(chrome + panel.len());
    let wanted = MIN_ROOM.min(content.lines.len());
    if room < wanted {
        // The verdict gives way, and what does not fit follows the output.
        let keep = height.saturating_sub(chrome + wanted).max(2);
        let overflow = panel.split_off((keep - 1).min(panel.len()));
        panel.push(
            format!(
                "… {} at the end of the output above (End)",
                plural(overflow.len(), "more line")
            )
            .dimmed()
            .to_string(),
        );
        content.lines.push(String::new());
        content.lines.extend(overflow);
        room = height.saturating_sub(chrome + panel.len());
    }
    let total = content.lines.len();
    let max_offset = total.saturating_sub(room);
    let mut offset = frame.scroll.offset.min(max_offset);
    if frame.scroll.to_last_hint
        && let Some((start, end)) = content.last_hint
    {
        // The hint's end in view, and its start if it is longer than the room.
        offset = start.min(end.saturating_sub(room)).min(max_offset);
    }
    let shown = total.min(room);
    let below = total - offset - shown;

    let mut lines = header(frame, width);
    let mut top = Vec::new();
    // Over the compiler's output only: a card or a README is not the last check's.
    if stale && matches!(frame.body, Body::Main) {
        top.push("from the last check".to_string());
    }
    if offset > 0 {
        top.push(format!(
            "↑ {} above",
            if offset == 1 {
                "1 line".to_string()
            } else {
                format!("{offset} lines")
            }
        ));
    }
    lines.push(rule(&top.join(" · "), width));
    if total > 0 {
        lines.extend(content.lines.into_iter().skip(offset).take(shown));
        let bottom = if below > 0 {
            format!("↓ {} · ↓/PgDn", plural(below, "more line"))
        } else {
            String::new()
        };
        lines.push(rule(&bottom, width));
    }
    lines.extend(panel);
    lines.extend(keys);
    out.write_all(CLEAR.as_bytes())?;
    // No newline after the last line: at the bottom row it would scroll the header away.
    out.write_all(lines.join("\n").as_bytes())?;
    Ok(Drawn {
        offset,
        max_offset,
        page: room.max(1),
    })
}

/// A rule across the screen, with a label in it when there is one.
fn rule(label: &str, width: usize) -> String {
    if label.is_empty() {
        return "─".repeat(width).dimmed().to_string();
    }
    let label = format!(" {label} ");
    let rest = width.saturating_sub(2 + width_of(&label));
    format!("──{label}{}", "─".repeat(rest))
        .dimmed()
        .to_string()
}

fn header(frame: &Frame<'_>, width: usize) -> Vec<String> {
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
    let checking = if frame.checking.is_some() {
        "  checking…"
    } else {
        ""
    };
    let first = format!(
        "{} {bar} {}/{} done{chapter}{}",
        "ferry".bold(),
        frame.done,
        frame.total,
        checking.dimmed()
    );
    let first = fit(&first, width).swap_remove(0);
    let path = frame.exercise.path();
    let text = truncate_left(&path.display().to_string(), width);
    let shown = text.bold().to_string();
    vec![first, frame.links.file(&path, &shown)]
}

/// The verdict panel: the verdict itself, and while a check runs, that it is the last one's.
fn verdict(frame: &Frame<'_>, width: usize, stale: bool) -> io::Result<Vec<String>> {
    let mut lines = Vec::new();
    match frame.verdict {
        Shown::Checking => {
            lines.extend(prose(
                &format!("checking {}…", frame.exercise.path().display()),
                width,
            ));
            if !frame.exercise.crates.is_empty() {
                lines.extend(prose(
                    &format!(
                        "(this exercise uses {}: the first such check builds them once, which takes a minute or two)",
                        frame.exercise.crates.join(", ")
                    ),
                    width,
                ));
            }
        }
        Shown::Problem(problem) => {
            lines.extend(prose(&format!("{} {problem}", "!".yellow().bold()), width));
        }
        Shown::Assessment(assessment) => {
            if let Some(secs) = frame.checking.filter(|_| stale) {
                let running = if secs >= 2 {
                    format!("checking your change… ({secs} s so far)")
                } else {
                    "checking your change…".to_string()
                };
                lines.extend(prose(
                    &format!("{running} — below, the last check's verdict:"),
                    width,
                ));
            }
            let mut summary = Vec::new();
            verdict_parts(
                &mut summary,
                &mut io::sink(),
                NAMED,
                frame.exercise,
                assessment,
            )?;
            let summary = String::from_utf8_lossy(&summary);
            let mut wrapped = prose(&summary, width);
            if let Some(solved) = frame.solved.filter(|_| assessment.done) {
                wrapped.extend(solution_note(frame, solved, width));
            }
            if stale {
                lines.extend(wrapped.iter().map(|l| text::plain(l).dimmed().to_string()));
            } else {
                lines.extend(wrapped);
            }
        }
    }
    Ok(lines)
}

/// What the scrolling area holds for everything but the list.
fn content(frame: &Frame<'_>, width: usize, stale: bool) -> io::Result<Content> {
    let mut content = Content::default();
    let lines = &mut content.lines;
    match &frame.body {
        Body::Main => {
            if let Shown::Assessment(assessment) = frame.verdict {
                let mut output = Vec::new();
                compiler_output(&mut output, assessment)?;
                let mut details = Vec::new();
                verdict_parts(
                    &mut io::sink(),
                    &mut details,
                    NAMED,
                    frame.exercise,
                    assessment,
                )?;
                output.extend(details);
                let output = String::from_utf8_lossy(&output);
                for line in output.lines() {
                    for piece in fit(line, width) {
                        lines.push(if stale {
                            text::plain(&piece).dimmed().to_string()
                        } else {
                            piece
                        });
                    }
                }
            }
            if let (Some(solved), Shown::Assessment(assessment)) = (frame.solved, &frame.verdict)
                && assessment.done
            {
                lines.extend(done_panel(solved, width));
            }
            while lines.last().is_some_and(|l| text::plain(l).trim().is_empty()) {
                lines.pop();
            }
            for (i, hint) in frame.hints.iter().enumerate() {
                if !lines.is_empty() {
                    lines.push(String::new());
                }
                let start = lines.len();
                let label = format!("hint {} of {}:", i + 1, frame.hint_levels);
                let mut wrapped = prose(&format!("{label} {hint}"), width);
                if let Some(first) = wrapped.first_mut()
                    && let Some(rest) = first.strip_prefix(&label)
                {
                    *first = format!("{}{rest}", label.cyan().bold());
                }
                lines.extend(wrapped);
                content.last_hint = Some((start, lines.len()));
            }
        }
        Body::Card(text) | Body::Chapter { text, .. } => lines.extend(markdown(text, width)),
        Body::List { .. } => {}
        Body::ConfirmReset => lines.extend(prose(
            &format!(
                "Reset {} to its untouched state? Your version is backed up in .ferry/backups/ first.\ny: reset   any other key: cancel",
                frame.exercise.path().display()
            ),
            width,
        )),
        Body::CheckingAll => lines.push("checking every exercise, on every core…".to_string()),
        Body::AllChecked { exercises, results } => {
            let done = results.iter().filter(|r| **r == Some(true)).count();
            lines.push(format!(
                "{done} of {} exercises are done",
                exercises.len()
            ));
            for (exercise, result) in exercises.iter().zip(results.iter()) {
                let mark = match result {
                    Some(true) => "✓".green(),
                    Some(false) => "✗".red(),
                    None => "!".yellow(),
                };
                lines.extend(fit(&format!("{mark} {}", exercise.label()), width));
            }
        }
        Body::Finished { message, figures } => {
            if let Some(message) = message {
                let message = text::unwrap_paragraphs(message);
                lines.extend(prose(&message, width).iter().map(|l| l.bold().to_string()));
                lines.push(String::new());
            }
            // The same figures as `ferry progress` (see `figures`).
            lines.push("Your journey:".to_string());
            lines.push(format!("  {} done", plural(figures.done, "exercise")));
            lines.push(format!(
                "  {} checked along the way",
                plural(figures.saves, "save")
            ));
            lines.push(format!(
                "  {} spent on the exercises",
                duration_text(figures.time_secs)
            ));
            lines.push(format!("  {} read", plural(figures.hints, "hint")));
            lines.push(format!(
                "  {} opened",
                plural(figures.cards, "explanation card")
            ));
            if figures.predictions_made > 0 {
                lines.push(format!(
                    "  {} of {} predictions right",
                    figures.predictions_right, figures.predictions_made
                ));
            }
        }
    }
    Ok(content)
}

/// Under the done verdict: where the reference solution is.
fn solution_note(frame: &Frame<'_>, solved: &Solved, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(path) = &solved.path {
        let link = frame.links.path(path);
        let said = if solved.just_written {
            format!("  the reference solution is now in {link}: compare it with yours")
        } else {
            format!("  the reference solution is in {link}")
        };
        lines.extend(prose(&said, width));
    }
    if let Some(kept) = &solved.kept_edits {
        lines.extend(text::lines(kept, width));
    }
    lines
}

/// Once done: what the reference solution does and why (its own comments), what main
/// printed, and how the learner's code differs from the reference.
fn done_panel(solved: &Solved, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let indented = |text: &str, lines: &mut Vec<String>| {
        let options = textwrap::Options::new(width)
            .initial_indent("  ")
            .subsequent_indent("  ");
        lines.extend(
            textwrap::wrap(text, options)
                .into_iter()
                .map(|l| l.into_owned()),
        );
    };
    if !solved.explanation.is_empty() {
        lines.push(
            "What the reference solution does, and why:"
                .bold()
                .to_string(),
        );
        for (i, paragraph) in solved.explanation.iter().enumerate() {
            if i > 0 {
                lines.push(String::new());
            }
            indented(paragraph, &mut lines);
        }
    }
    if let Some(output) = &solved.output {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push("What main printed:".bold().to_string());
        let all: Vec<&str> = output.lines().collect();
        let start = all.len().saturating_sub(SHOWN_OUTPUT);
        if start > 0 {
            lines.push(format!("    … {start} earlier lines not shown"));
        }
        for line in &all[start..] {
            lines.extend(fit(&format!("    {line}"), width));
        }
    }
    let difference = match &solved.difference {
        Difference::Unknown => None,
        Difference::Same => Some(vec![
            "Your code is the reference's, line for line (comments and layout aside).".to_string(),
        ]),
        Difference::Many(n) => Some(prose(
            &format!(
                "Your code and the reference differ in {n} lines: open the reference to compare."
            ),
            width,
        )),
        Difference::Lines(diff) => {
            let mut shown = vec![format!(
                "{} (- yours, + the reference):",
                "Where your code and the reference differ".bold()
            )];
            for line in diff {
                let text = if line.yours {
                    format!("  - {}", line.text).red().to_string()
                } else {
                    format!("  + {}", line.text).green().to_string()
                };
                shown.extend(fit(&text, width));
            }
            Some(shown)
        }
    };
    if let Some(difference) = difference {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(difference);
    }
    lines
}

/// Said after the current exercise's row.
const CURRENT: &str = "  ← current";

/// The list, with the selected row among the `room` lines it may take.
fn list(frame: &Frame<'_>, width: usize, room: usize) -> Vec<String> {
    let Body::List {
        rows,
        columns,
        filter,
        search,
        typing,
        confirm,
    } = &frame.body
    else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    let mut showing = format!("showing: {filter}");
    if *typing {
        showing.push_str(&format!(" · search: {search}▏"));
    } else if !search.is_empty() {
        showing.push_str(&format!(" · search: {search}"));
    }
    lines.extend(fit(&showing, width));
    let mut question = Vec::new();
    if let Some(exercise) = confirm {
        question.push(String::new());
        question.extend(prose(
            &format!(
                "Reset {} to its untouched state? Your version is backed up first. y: reset   any other key: cancel",
                exercise.path().display()
            ),
            width,
        ));
    }
    // Keep the selected row on screen: a window of rows around it.
    let room = room
        .saturating_sub(lines.len() + question.len())
        .max(MIN_ROOM);
    let selected = rows.iter().position(|r| r.selected).unwrap_or(0);
    let start = selected
        .saturating_sub(room / 2)
        .min(rows.len().saturating_sub(room));
    // Cursor, state and the gaps around them.
    let lead = 2 + "pending".len() + 2;
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
        lines.push(line);
    }
    if rows.is_empty() {
        lines.push("(no exercises match)".to_string());
    }
    lines.extend(question);
    lines
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

/// The keys of this screen: the first spelling that fits the width (the last is for 80
/// columns), wrapped only when even that does not.
fn keys(frame: &Frame<'_>, width: usize) -> Vec<String> {
    const SCROLL: &str = "↑/↓ PgUp/PgDn: scroll";
    let choices: Vec<String> = match frame.body {
        Body::Card(_) | Body::AllChecked { .. } | Body::Chapter { whole: true, .. } => vec![
            format!("{SCROLL} · any other key: back"),
            "any key: back".to_string(),
        ],
        Body::Chapter { whole: false, .. } => vec![
            format!("{SCROLL} · i: the whole chapter README · any other key: to the exercise"),
            format!("{SCROLL} · i: the whole README · other keys: the exercise"),
        ],
        Body::List { typing: true, .. } => vec![
            "type to search names and chapters · ↑/↓ move · enter: done · esc: clear".to_string(),
        ],
        Body::List { .. } => vec![
            "↑/↓ · enter: go to · /: search · r: reset · a/d/p: all/done/pending · esc: back"
                .to_string(),
        ],
        Body::ConfirmReset => Vec::new(),
        Body::CheckingAll => vec!["q: quit".to_string()],
        Body::Finished { .. } => vec!["l: list · r: re-check · q: quit".to_string()],
        Body::Main => {
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
            if frame.class {
                vec![
                    format!(
                        "n: next · {hint} · e: explain · a: ask for help · i: chapter · l: list · c: check all · x: reset · {recheck} · q: quit"
                    ),
                    format!(
                        "n: next · h: hint · e: explain · a: ask for help · i: chapter · l: list · c: all · x: reset · {recheck} · q: quit"
                    ),
                    "n next h hint e explain a help i chapter l list c all x reset r recheck q quit"
                        .to_string(),
                ]
            } else {
                vec![
                    format!(
                        "n: next · {hint} · e: explain · i: chapter · l: list · c: check all · x: reset · {recheck} · q: quit"
                    ),
                    format!(
                        "n: next · h: hint · e: explain · i: chapter · l: list · c: check all · x: reset · {recheck} · q: quit"
                    ),
                    "n next  h hint  e explain  i chapter  l list  c all  x reset  r recheck  q quit"
                        .to_string(),
                ]
            }
        }
    };
    let Some(last) = choices.last() else {
        return Vec::new();
    };
    let line = choices
        .iter()
        .find(|c| width_of(c) <= width)
        .unwrap_or(last);
    textwrap::wrap(line, width)
        .iter()
        .map(|l| l.dimmed().to_string())
        .collect()
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
