//! The figures a learner or an instructor sees — checks, saves, cards opened, time spent, what
//! was met — defined once, from the progress and the attempt log, for every screen that shows
//! them (the journey at the end of watch, `ferry progress` and its JSON).
//!
//! - A **check**: ferry judged the exercise, for whatever reason (a save, opening it in watch,
//!   r, a reset, "check all", `ferry run`).
//! - A **save**: a check the learner started by saving the file in watch (in `--manual`, by
//!   pressing r after saving). Logs from before ferry recorded why it checked have checks but
//!   no saves.
//! - A **card opened**: an explanation card, counted once however often it was opened; per
//!   exercise, the cards opened while on it.
//! - **Time spent** on an exercise: the time it was the one in front of the learner, from an
//!   event on it (opened, saved, a hint, a card) to the next event, pauses of over 10 minutes
//!   left out. "check all" and checks of other exercises do not move the learner's attention.
//! - **Met**: the error codes, lesson guards (`guard:…`) and other outcomes (`timed-out`,
//!   `flooded`, `memory`, `run-failed`, …) a check of the exercise reported, in the order first
//!   met.

use std::collections::BTreeMap;

use crate::curriculum::Curriculum;
use crate::state::{Attempt, Progress, Trigger};

/// A pause longer than this between two events is a break, not time spent on the exercise.
pub const BREAK_SECS: u64 = 10 * 60;

/// Statuses of a check that are not worth naming among what was met: the compile errors are
/// named by their codes, and done is done.
const NOT_AN_OUTCOME: [&str; 3] = ["done", "compile-error", ""];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExerciseFigures {
    pub checks: usize,
    pub saves: usize,
    pub time_secs: u64,
    pub met: Vec<String>,
    /// Of what was met, the compiler's error codes (or codeless messages) and guard hits.
    pub errors: Vec<String>,
    pub cards: Vec<String>,
    pub first_check: Option<u64>,
    pub last_check: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    pub done: usize,
    pub checks: usize,
    pub saves: usize,
    pub time_secs: u64,
    /// Hint levels shown, over every exercise.
    pub hints: usize,
    /// Distinct cards opened.
    pub cards: usize,
    pub predictions_made: usize,
    pub predictions_right: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// Every exercise of the curriculum, by name.
    pub exercises: BTreeMap<String, ExerciseFigures>,
    pub totals: Totals,
}

pub fn figures(curriculum: &Curriculum, progress: &Progress, attempts: &[Attempt]) -> Figures {
    let mut exercises: BTreeMap<String, ExerciseFigures> = curriculum
        .exercises
        .iter()
        .map(|e| (e.name.clone(), ExerciseFigures::default()))
        .collect();
    let mut sorted: Vec<&Attempt> = attempts.iter().collect();
    sorted.sort_by_key(|a| a.time);
    let mut focus: Option<&str> = None;
    let mut previous: Option<u64> = None;
    let mut cards: Vec<&str> = Vec::new();
    for attempt in sorted {
        // The time since the last event was spent on what the learner had in front of them.
        if let (Some(before), Some(on)) = (previous, focus) {
            let gap = attempt.time.saturating_sub(before);
            if gap <= BREAK_SECS
                && let Some(entry) = exercises.get_mut(on)
            {
                entry.time_secs += gap;
            }
        }
        previous = Some(attempt.time);
        let Some(entry) = exercises.get_mut(attempt.exercise.as_str()) else {
            continue;
        };
        let all = attempt.trigger == Trigger::All.word();
        match attempt.event.as_str() {
            "check" => {
                entry.checks += 1;
                if attempt.trigger == Trigger::Save.word() {
                    entry.saves += 1;
                }
                entry.first_check.get_or_insert(attempt.time);
                entry.last_check = Some(attempt.time);
                for code in &attempt.codes {
                    if !entry.errors.contains(code) {
                        entry.errors.push(code.clone());
                    }
                }
                let status = Some(attempt.status.as_str()).filter(|s| !NOT_AN_OUTCOME.contains(s));
                for met in attempt.codes.iter().map(String::as_str).chain(status) {
                    if !entry.met.iter().any(|m| m == met) {
                        entry.met.push(met.to_string());
                    }
                }
            }
            "card" => {
                for code in &attempt.codes {
                    if !entry.cards.contains(code) {
                        entry.cards.push(code.clone());
                    }
                    if !cards.contains(&code.as_str()) {
                        cards.push(code);
                    }
                }
            }
            _ => {}
        }
        if !all {
            focus = Some(attempt.exercise.as_str());
        }
    }
    let totals = Totals {
        done: curriculum
            .exercises
            .iter()
            .filter(|e| progress.is_done(&e.name))
            .count(),
        checks: exercises.values().map(|e| e.checks).sum(),
        saves: exercises.values().map(|e| e.saves).sum(),
        time_secs: exercises.values().map(|e| e.time_secs).sum(),
        hints: curriculum
            .exercises
            .iter()
            .filter_map(|e| progress.hints_shown.get(&e.name))
            .sum(),
        cards: cards.len(),
        predictions_made: curriculum
            .exercises
            .iter()
            .filter(|e| progress.predictions.contains_key(&e.name))
            .count(),
        predictions_right: curriculum
            .exercises
            .iter()
            .filter(|e| {
                progress
                    .predictions
                    .get(&e.name)
                    .is_some_and(|g| g.is_right())
            })
            .count(),
    };
    Figures { exercises, totals }
}

/// A time spent, as people say it: "40 s", "12 min", "1 h 05 min" (minutes rounded).
pub fn duration_text(secs: u64) -> String {
    if secs < 60 {
        return format!("{secs} s");
    }
    let minutes = (secs + 30) / 60;
    if minutes < 60 {
        format!("{minutes} min")
    } else {
        format!("{} h {:02} min", minutes / 60, minutes % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INFO: &str = r#"format_version = 1

[[exercises]]
name = "a"
errors = ["E0382"]
test = false
hint = "h"

[[exercises]]
name = "b"
test = true
hint = "h"
"#;

    fn attempt(
        time: u64,
        exercise: &str,
        event: &str,
        trigger: &str,
        status: &str,
        codes: &[&str],
    ) -> Attempt {
        Attempt {
            time,
            exercise: exercise.into(),
            event: event.into(),
            status: status.into(),
            codes: codes.iter().map(|c| c.to_string()).collect(),
            trigger: trigger.into(),
        }
    }

    #[test]
    fn checks_saves_time_and_what_was_met_have_one_meaning() {
        let curriculum = Curriculum::parse(std::path::Path::new("."), INFO).unwrap();
        let log = [
            // Opened a, read for 100 s, saved twice, a card, then moved on to b.
            attempt(1000, "a", "check", "open", "compile-error", &["E0382"]),
            attempt(1100, "a", "check", "save", "compile-error", &["E0382"]),
            attempt(1150, "a", "card", "", "", &["E0382"]),
            attempt(1160, "a", "card", "", "", &["E0382"]),
            attempt(1200, "a", "check", "save", "done", &[]),
            // Check all at 1230 checks both; it does not take the learner to b.
            attempt(1230, "a", "check", "all", "done", &[]),
            attempt(1230, "b", "check", "all", "timed-out", &[]),
            // 30 s more on a's done panel, then b is opened.
            attempt(1260, "b", "check", "open", "timed-out", &[]),
            attempt(1290, "b", "card", "", "", &["E0382"]),
            attempt(1320, "b", "check", "save", "skips-lesson", &["guard:clone"]),
            // A break of an hour: not time spent.
            attempt(4920, "b", "check", "save", "done", &[]),
            // `ferry run` and a log from before triggers were recorded: checks, not saves.
            attempt(4930, "b", "check", "run", "done", &[]),
            attempt(4940, "b", "check", "", "done", &[]),
        ];
        let figures = figures(&curriculum, &Progress::default(), &log);
        let a = &figures.exercises["a"];
        assert_eq!((a.checks, a.saves), (4, 2));
        assert_eq!(a.time_secs, 260);
        assert_eq!(a.met, ["E0382"]);
        assert_eq!(a.cards, ["E0382"]);
        let b = &figures.exercises["b"];
        assert_eq!((b.checks, b.saves), (6, 2));
        assert_eq!(b.time_secs, 60 + 20);
        assert_eq!(b.met, ["timed-out", "guard:clone", "skips-lesson"]);
        assert_eq!(b.errors, ["guard:clone"]);
        assert_eq!(
            figures.totals.cards, 1,
            "one card, however often and wherever opened"
        );
        assert_eq!(figures.totals.checks, 10);
        assert_eq!(figures.totals.saves, 4);
        assert_eq!(figures.totals.time_secs, 340);
    }

    #[test]
    fn times_are_said_in_seconds_minutes_and_hours() {
        assert_eq!(duration_text(0), "0 s");
        assert_eq!(duration_text(45), "45 s");
        assert_eq!(duration_text(89), "1 min");
        assert_eq!(duration_text(90), "2 min");
        assert_eq!(duration_text(3599), "1 h 00 min");
        assert_eq!(duration_text(3 * 3600 + 5 * 60), "3 h 05 min");
    }
}
