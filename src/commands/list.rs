//! `ferry list`: every exercise with its state, the current one marked (plain text).

use std::io::Write;

use colored::Colorize;

use super::{Session, Success};
use crate::config::Config;
use crate::error::Result;
use crate::render;

pub fn list(config: &Config, out: &mut dyn Write) -> Result<Success> {
    if config.terminal {
        return crate::watch::list(config, out);
    }
    let session = Session::open(config, true)?;
    let current = session
        .progress
        .current(&session.curriculum)
        .map(|e| e.name.as_str());
    let width = session
        .curriculum
        .exercises
        .iter()
        .map(|e| render::exercise_label(e).len())
        .max()
        .unwrap_or(0);
    for exercise in &session.curriculum.exercises {
        let is_current = current == Some(exercise.name.as_str());
        let marker = if is_current { ">" } else { " " };
        let state = if session.progress.is_done(&exercise.name) {
            "done   ".green()
        } else {
            "pending".normal()
        };
        let label = format!("{:width$}", render::exercise_label(exercise));
        let note = if is_current { "  ← current" } else { "" };
        writeln!(out, "{marker} {state}  {label}{note}")?;
    }
    let done = session
        .curriculum
        .exercises
        .iter()
        .filter(|e| session.progress.is_done(&e.name))
        .count();
    writeln!(out, "\n{done}/{} done", session.curriculum.exercises.len())?;
    Ok(Success::Yes)
}
