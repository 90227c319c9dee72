//! `ferry progress [--json]`: where a learner got, per chapter and per exercise, from the local
//! attempt log; an instructor can collect the JSON of a room and see where it got stuck.

use std::collections::BTreeMap;
use std::io::Write;

use colored::Colorize;
use serde::Serialize;

use super::{Session, Success};
use crate::config::Config;
use crate::error::Result;
use crate::state::Attempt;

/// A pause longer than this between two events is a break, not time spent on the exercise.
const BREAK_SECS: u64 = 10 * 60;

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
    exercises: Vec<ExerciseProgress>,
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
    /// Checks of the exercise (saves in watch, `ferry run`s).
    attempts: usize,
    /// Seconds between events leading to this exercise's, breaks of over 10 minutes left out.
    time_spent_secs: u64,
    /// Error codes (or codeless messages) the compiler gave, in the order first met.
    errors_met: Vec<String>,
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
    let worked: Vec<&ExerciseProgress> =
        report.exercises.iter().filter(|e| e.attempts > 0).collect();
    if !worked.is_empty() {
        writeln!(out, "\n{}", "exercises worked on:".bold())?;
        for e in worked {
            let mark = if e.done { "✓".green() } else { "·".normal() };
            writeln!(
                out,
                "  {mark} {:<32} {:>3} checks {:>5} min  hints {}  cards {}  errors {}",
                e.name,
                e.attempts,
                e.time_spent_secs.div_ceil(60),
                e.hints,
                e.cards.len(),
                if e.errors_met.is_empty() {
                    "-".to_string()
                } else {
                    e.errors_met.join(" ")
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

fn build(session: &Session, attempts: &[Attempt]) -> Report {
    let curriculum = &session.curriculum;
    let progress = &session.progress;
    let mut per: BTreeMap<&str, ExerciseProgress> = BTreeMap::new();
    for exercise in &curriculum.exercises {
        per.insert(
            &exercise.name,
            ExerciseProgress {
                name: exercise.name.clone(),
                chapter: exercise.dir.clone(),
                done: progress.is_done(&exercise.name),
                hints: progress
                    .hints_shown
                    .get(&exercise.name)
                    .copied()
                    .unwrap_or(0),
                prediction: progress
                    .predictions
                    .get(&exercise.name)
                    .map(|g| PredictionProgress {
                        answer: g.answer.to_string(),
                        right: g.is_right(),
                        code_right: g.code_right,
                        line_right: g.line_right,
                    }),
                ..ExerciseProgress::default()
            },
        );
    }
    let mut sorted: Vec<&Attempt> = attempts.iter().collect();
    sorted.sort_by_key(|a| a.time);
    let mut previous: Option<u64> = None;
    for attempt in sorted {
        let Some(entry) = per.get_mut(attempt.exercise.as_str()) else {
            continue;
        };
        if let Some(before) = previous {
            let gap = attempt.time.saturating_sub(before);
            if gap <= BREAK_SECS {
                entry.time_spent_secs += gap;
            }
        }
        previous = Some(attempt.time);
        match attempt.event.as_str() {
            "check" => {
                entry.attempts += 1;
                entry.first_attempt.get_or_insert(attempt.time);
                entry.last_attempt = Some(attempt.time);
                for code in &attempt.codes {
                    if !entry.errors_met.contains(code) {
                        entry.errors_met.push(code.clone());
                    }
                }
            }
            "card" => {
                for code in &attempt.codes {
                    if !entry.cards.contains(code) {
                        entry.cards.push(code.clone());
                    }
                }
            }
            _ => {}
        }
    }
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
    let exercises: Vec<ExerciseProgress> = curriculum
        .exercises
        .iter()
        .filter_map(|e| per.remove(e.name.as_str()))
        .collect();
    Report {
        format_version: 1,
        generated: crate::state::unix_time(),
        done: exercises.iter().filter(|e| e.done).count(),
        total: exercises.len(),
        logging: !progress.no_log,
        chapters,
        predictions: Predictions {
            made: exercises.iter().filter(|e| e.prediction.is_some()).count(),
            right: exercises
                .iter()
                .filter(|e| e.prediction.as_ref().is_some_and(|p| p.right))
                .count(),
        },
        exercises,
    }
}
