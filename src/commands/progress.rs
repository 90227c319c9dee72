//! `ferry progress [--json]`: where a learner got, per chapter and per exercise, from the local
//! attempt log; an instructor can collect the JSON of a room and see where it got stuck. The
//! figures are `figures`' (the same as the journey at the end of watch).

use std::io::Write;

use colored::Colorize;
use serde::Serialize;

use super::{Session, Success};
use crate::config::Config;
use crate::error::Result;
use crate::figures::{self, duration_text};

#[derive(Debug, Serialize)]
struct Report {
    format_version: u32,
    generated: u64,
    done: usize,
    total: usize,
    logging: bool,
    chapters: Vec<Chapter>,
    /// Predict exercises: how many predictions were made, and how many were right.
    predictions: Predictions,
    /// Over every exercise (cards: each counted once).
    totals: Totals,
    exercises: Vec<ExerciseProgress>,
}

#[derive(Debug, Serialize)]
struct Totals {
    checks: usize,
    saves: usize,
    time_spent_secs: u64,
    hints: usize,
    cards: usize,
}

#[derive(Debug, Serialize)]
struct Predictions {
    made: usize,
    right: usize,
}

/// The first answer to a predict exercise, as graded (later answers do not change it).
#[derive(Debug, Serialize)]
struct PredictionProgress {
    answer: String,
    right: bool,
    code_right: bool,
    line_right: bool,
}

#[derive(Debug, Serialize)]
struct Chapter {
    name: String,
    done: usize,
    total: usize,
}

#[derive(Debug, Default, Serialize)]
struct ExerciseProgress {
    name: String,
    chapter: Option<String>,
    done: bool,
    /// Checks of the exercise, whatever started them (see `figures`).
    checks: usize,
    /// The same as `checks` (its name before ferry told saves apart).
    attempts: usize,
    /// Checks the learner started by saving the file in watch.
    saves: usize,
    /// Time the exercise was the one in front of the learner, breaks of over 10 minutes left
    /// out.
    time_spent_secs: u64,
    /// Error codes (or codeless messages) the compiler gave and lesson guards hit
    /// (`guard:…`), in the order first met.
    errors_met: Vec<String>,
    /// All that was met: those, and the other outcomes (`timed-out`, `flooded`, `memory`,
    /// `run-failed`, `warnings`, `clippy`, `skips-lesson`, …).
    met: Vec<String>,
    /// How many hint levels were shown.
    hints: usize,
    /// The codes of the explanation cards opened on this exercise.
    cards: Vec<String>,
    /// For a predict exercise whose prediction was made.
    prediction: Option<PredictionProgress>,
    first_attempt: Option<u64>,
    last_attempt: Option<u64>,
}

pub fn progress(
    config: &Config,
    json: bool,
    set_log: Option<bool>,
    out: &mut dyn Write,
) -> Result<Success> {
    let mut session = Session::open(config, false)?;
    if let Some(log) = set_log {
        session.update(|p| p.no_log = !log)?;
        writeln!(
            out,
            "{}",
            if log {
                "the attempt log is on: checks, hints and cards are recorded in .ferry/attempts.jsonl"
            } else {
                "the attempt log is off: nothing more is recorded (what was recorded stays in .ferry/attempts.jsonl)"
            }
        )?;
        return Ok(Success::Yes);
    }
    let report = build(&session, &session.state.attempts());
    if json {
        serde_json::to_writer_pretty(&mut *out, &report).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(Success::Yes);
    }
    writeln!(out, "{}/{} exercises done", report.done, report.total)?;
    for chapter in &report.chapters {
        writeln!(
            out,
            "  {:<14} {}/{}",
            chapter.name, chapter.done, chapter.total
        )?;
    }
    if report.predictions.made > 0 {
        writeln!(
            out,
            "predictions: {} of {} right",
            report.predictions.right, report.predictions.made
        )?;
    }
    let totals = &report.totals;
    writeln!(
        out,
        "{} checked ({} in all), {} spent, {} read, {} opened",
        crate::render::plural(totals.saves, "save"),
        crate::render::plural(totals.checks, "check"),
        duration_text(totals.time_spent_secs),
        crate::render::plural(totals.hints, "hint"),
        crate::render::plural(totals.cards, "card"),
    )?;
    let worked: Vec<&ExerciseProgress> = report.exercises.iter().filter(|e| e.checks > 0).collect();
    if !worked.is_empty() {
        writeln!(out, "\n{}", "exercises worked on:".bold())?;
        for e in worked {
            let mark = if e.done { "✓".green() } else { "·".normal() };
            writeln!(
                out,
                "  {mark} {:<32} {:>3} checks {:>3} saves {:>10}  hints {}  cards {}  met {}",
                e.name,
                e.checks,
                e.saves,
                duration_text(e.time_spent_secs),
                e.hints,
                e.cards.len(),
                if e.met.is_empty() {
                    "-".to_string()
                } else {
                    e.met.join(" ")
                }
            )?;
            if let Some(p) = &e.prediction {
                writeln!(
                    out,
                    "      predicted {}: {}",
                    p.answer,
                    if p.right {
                        "right".green().to_string()
                    } else {
                        format!(
                            "{} (code {}, line {})",
                            "wrong".yellow(),
                            if p.code_right { "right" } else { "wrong" },
                            if p.line_right { "right" } else { "wrong" }
                        )
                    }
                )?;
            }
        }
    }
    if !report.logging {
        writeln!(
            out,
            "\n(the attempt log is off: `ferry progress --enable-log` turns it back on)"
        )?;
    }
    Ok(Success::Yes)
}

fn build(session: &Session, attempts: &[crate::state::Attempt]) -> Report {
    let curriculum = &session.curriculum;
    let progress = &session.progress;
    let mut figures = figures::figures(curriculum, progress, attempts);
    let exercises: Vec<ExerciseProgress> = curriculum
        .exercises
        .iter()
        .map(|exercise| {
            let f = figures.exercises.remove(&exercise.name).unwrap_or_default();
            ExerciseProgress {
                name: exercise.name.clone(),
                chapter: exercise.dir.clone(),
                done: progress.is_done(&exercise.name),
                checks: f.checks,
                attempts: f.checks,
                saves: f.saves,
                time_spent_secs: f.time_secs,
                errors_met: f.errors,
                met: f.met,
                hints: progress
                    .hints_shown
                    .get(&exercise.name)
                    .copied()
                    .unwrap_or(0),
                cards: f.cards,
                prediction: progress
                    .predictions
                    .get(&exercise.name)
                    .map(|g| PredictionProgress {
                        answer: g.answer.to_string(),
                        right: g.is_right(),
                        code_right: g.code_right,
                        line_right: g.line_right,
                    }),
                first_attempt: f.first_check,
                last_attempt: f.last_check,
            }
        })
        .collect();
    let mut chapters: Vec<Chapter> = Vec::new();
    for exercise in &curriculum.exercises {
        let name = exercise
            .dir
            .clone()
            .unwrap_or_else(|| "exercises".to_string());
        if chapters.last().is_none_or(|c| c.name != name) {
            chapters.push(Chapter {
                name,
                done: 0,
                total: 0,
            });
        }
        let chapter = chapters.last_mut().expect("just pushed");
        chapter.total += 1;
        chapter.done += usize::from(progress.is_done(&exercise.name));
    }
    let totals = figures.totals;
    Report {
        format_version: 1,
        generated: crate::state::unix_time(),
        done: totals.done,
        total: exercises.len(),
        logging: !progress.no_log,
        chapters,
        predictions: Predictions {
            made: totals.predictions_made,
            right: totals.predictions_right,
        },
        totals: Totals {
            checks: totals.checks,
            saves: totals.saves,
            time_spent_secs: totals.time_secs,
            hints: totals.hints,
            cards: totals.cards,
        },
        exercises,
    }
}
