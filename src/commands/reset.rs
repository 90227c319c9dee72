//! `ferry reset NAME`: the untouched exercise back, the learner's version backed up first.

use std::io::Write;

use super::{Session, Success};
use crate::config::Config;
use crate::curriculum::Exercise;
use crate::error::{Error, Result};
use crate::originals;
use crate::state::{unix_time, write_atomically};

pub fn reset(config: &Config, name: &str, out: &mut dyn Write) -> Result<Success> {
    let mut session = Session::open(config, false)?;
    let exercise = session.curriculum.get(name)?.clone();
    writeln!(out, "{}", reset_exercise(&mut session, &exercise)?)?;
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
        let said = reset_exercise(&mut session, exercise)?;
        if !said.ends_with("is already untouched") {
            changed += 1;
        }
    }
    session.progress.current = None;
    session.state.save(&session.progress)?;
    writeln!(
        out,
        "{changed} of {count} exercises were reset (the others were untouched already); backups are in {}",
        session.state.backups().display()
    )?;
    Ok(Success::Yes)
}

/// Restores the untouched exercise, backing up the learner's version first; says what it did.
pub fn reset_exercise(session: &mut Session, exercise: &Exercise) -> Result<String> {
    let name = &exercise.name;
    session.curriculum.check_links_of(exercise)?;
    let original = originals::original(exercise, &session.state, session.bundled).ok_or_else(|| {
        Error::Usage(format!(
            "ferry has no untouched copy of `{name}`: it was first seen after it had been edited, or .ferry/ was removed\n  fix: restore {} from where the curriculum came from (e.g. `git checkout -- {}`)",
            exercise.path().display(),
            exercise.path().display()
        ))
    })?;
    let path = session.curriculum.root.join(exercise.path());
    let current = std::fs::read(&path).ok();
    if current.as_deref() == Some(&original[..]) {
        return Ok(format!(
            "{} is already untouched",
            exercise.path().display()
        ));
    }
    let mut said = String::new();
    if let Some(current) = current {
        let stamp = unix_time();
        let backup = (0..)
            .map(|n| {
                let suffix = if n == 0 {
                    String::new()
                } else {
                    format!("-{n}")
                };
                session
                    .state
                    .backups()
                    .join(format!("{name}.{stamp}{suffix}.rs"))
            })
            .find(|p| !p.exists())
            .expect("an unused backup name");
        write_atomically(&backup, &current).map_err(|source| Error::Write {
            path: backup.clone(),
            source,
        })?;
        said.push_str(&format!("your version is saved as {}\n", backup.display()));
    }
    write_atomically(&path, &original).map_err(|source| Error::Write {
        path: path.clone(),
        source,
    })?;
    session.progress.done.remove(name);
    session.progress.predictions.remove(name);
    session.state.save(&session.progress)?;
    said.push_str(&format!(
        "{} is back to its untouched state",
        exercise.path().display()
    ));
    Ok(said)
}
