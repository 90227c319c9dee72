//! `ferry list`: every exercise with its state and path, the current one marked (plain text).

use std::io::Write;

use colored::Colorize;

use super::{Session, Success};
use crate::cli::StateFilter;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::render::link::Links;

pub fn list(
    config: &Config,
    chapter: Option<&str>,
    state: Option<StateFilter>,
    out: &mut dyn Write,
) -> Result<Success> {
    // Filters are for scripts and instructors: they always get the plain list.
    if config.terminal && chapter.is_none() && state.is_none() {
        return crate::watch::list(config, out);
    }
    let session = Session::open(config, true)?;
    if let Some(chapter) = chapter
        && !session
            .curriculum
            .exercises
            .iter()
            .any(|e| e.dir.as_deref() == Some(chapter))
    {
        return Err(Error::Usage(format!(
            "--chapter {chapter}: this curriculum has no such chapter\n  fix: `ferry list` shows every exercise with its chapter"
        )));
    }
    let current = session
        .progress
        .current(&session.curriculum)
        .map(|e| e.name.as_str());
    let width = session
        .curriculum
        .exercises
        .iter()
        .map(|e| e.label().chars().count())
        .max()
        .unwrap_or(0);
    let links = Links::new(&session.curriculum.root, config.hyperlinks);
    let shown = |e: &&crate::curriculum::Exercise| {
        chapter.is_none_or(|c| e.dir.as_deref() == Some(c))
            && match state {
                None => true,
                Some(StateFilter::Done) => session.progress.is_done(&e.name),
                Some(StateFilter::Pending) => !session.progress.is_done(&e.name),
            }
    };
    for exercise in session.curriculum.exercises.iter().filter(shown) {
        let is_current = current == Some(exercise.name.as_str());
        let marker = if is_current { ">" } else { " " };
        let state = if session.progress.is_done(&exercise.name) {
            "done   ".green()
        } else {
            "pending".normal()
        };
        let label = format!("{:width$}", exercise.label());
        let path = links.path(&exercise.path());
        let note = if is_current { "  ← current" } else { "" };
        writeln!(out, "{marker} {state}  {label}  {path}{note}")?;
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
