//! `ferry hint [NAME]`: the next hint level each time it is asked.

use std::io::Write;

use colored::Colorize;

use super::{Session, Success};
use crate::config::Config;
use crate::error::Result;

pub fn hint(
    config: &Config,
    name: Option<&str>,
    all: bool,
    out: &mut dyn Write,
) -> Result<Success> {
    let mut session = Session::open(config, true)?;
    let exercise = session.pick(name)?.clone();
    let levels = exercise.hints.len();
    let shown = session
        .progress
        .hints_shown
        .get(&exercise.name)
        .copied()
        .unwrap_or(0);
    // A predict exercise's hints that name the answer wait for the prediction.
    let open = if session.progress.predictions.contains_key(&exercise.name) {
        levels
    } else {
        exercise.hints_before_prediction()
    };
    let range = if all {
        0..open
    } else if shown >= open {
        open..open
    } else {
        let level = shown.min(levels - 1);
        level..level + 1
    };
    writeln!(out, "{}", exercise.label().bold())?;
    for level in range.clone() {
        writeln!(
            out,
            "{} {}",
            format!("hint {} of {levels}:", level + 1).cyan().bold(),
            exercise.hints[level]
        )?;
    }
    if range.end < open {
        writeln!(out, "(run `ferry hint` again for the next hint)")?;
    } else if open < levels {
        writeln!(out, "{}", crate::predict::HINT_WITHHELD)?;
    }
    session.log(
        &exercise,
        "hint",
        &format!("level {}", range.end),
        Vec::new(),
    );
    if range.end > shown {
        session.record_hint(&exercise, range.end)?;
    }
    Ok(Success::Yes)
}
