//! `ferry run [NAME]`: check one exercise and print the verdict.

use std::io::Write;

use colored::Colorize;

use super::{Session, Success};
use crate::check;
use crate::config::Config;
use crate::error::Result;
use crate::render;
use crate::runner::{RealRunner, Toolchain};

pub fn run(config: &Config, name: Option<&str>, out: &mut dyn Write) -> Result<Success> {
    let mut session = Session::open(config, true)?;
    let exercise = session.pick(name)?.clone();
    session.state.ensure()?;
    let root = session.curriculum.root.clone();
    let runner = RealRunner::new(Toolchain::resolve(&root, Some(&session.state.path))?);
    let verdict = check::check(
        &runner,
        &root,
        &exercise,
        &exercise.path(),
        &session.state.target(&exercise.name),
        config.color,
    )?;

    render::compiler_output(out, &verdict)?;
    render::verdict_panel(out, &exercise, &verdict)?;
    if !verdict.is_done() {
        writeln!(
            out,
            "edit {} and run `ferry run` again; `ferry hint` helps",
            exercise.path().display()
        )?;
        return Ok(Success::No);
    }

    let progress = &mut session.progress;
    let was_current = progress
        .current(&session.curriculum)
        .is_some_and(|c| c.name == exercise.name);
    let newly_done = progress.done.insert(exercise.name.clone());
    if was_current {
        let index = session.curriculum.index_of(&exercise.name).unwrap_or(0);
        match progress.next_pending(&session.curriculum, index + 1) {
            Some(next) => {
                progress.current = Some(next.name.clone());
                writeln!(
                    out,
                    "next: {} ({})",
                    render::exercise_label(next).bold(),
                    next.path().display()
                )?;
            }
            None => {
                if let Some(message) = &session.curriculum.final_message {
                    writeln!(out, "\n{}", message.trim())?;
                }
            }
        }
    }
    if newly_done || was_current {
        session.state.save(&session.progress)?;
    }
    Ok(Success::Yes)
}
