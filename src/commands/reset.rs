//! `ferry reset NAME`: the untouched exercise back, the learner's version backed up first.

use std::io::Write;

use super::{Session, Success};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::session::Reset;

pub fn reset(config: &Config, name: &str, out: &mut dyn Write) -> Result<Success> {
    let mut session = Session::open(config, false)?;
    let exercise = session.curriculum.get(name)?.clone();
    writeln!(out, "{}", session.reset(&exercise)?.describe(&exercise))?;
    Ok(Success::Yes)
}

/// `ferry reset --all`: every exercise back to untouched, each learner version backed up.
pub fn reset_all(config: &Config, yes: bool, out: &mut dyn Write) -> Result<Success> {
    let mut session = Session::open(config, false)?;
    let count = session.curriculum.exercises.len();
    if !yes {
        if !config.terminal {
            return Err(Error::Usage(
                "ferry reset --all asks before it resets every exercise, and there is no terminal to ask on\n  fix: add --yes to reset them all (each version is backed up in .ferry/backups/)".to_string(),
            ));
        }
        write!(
            out,
            "Reset all {count} exercises to their untouched state? Your versions are backed up in .ferry/backups/ first. [y/N] "
        )?;
        out.flush()?;
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            writeln!(out, "nothing was reset")?;
            return Ok(Success::Yes);
        }
    }
    let exercises = session.curriculum.exercises.clone();
    let mut changed = 0;
    for exercise in &exercises {
        if session.reset(exercise)? != Reset::AlreadyUntouched {
            changed += 1;
        }
    }
    session.set_current(None)?;
    writeln!(
        out,
        "{changed} of {count} exercises were reset (the others were untouched already); backups are in {}",
        session.state.backups().display()
    )?;
    Ok(Success::Yes)
}
