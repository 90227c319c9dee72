//! One file per subcommand; this module opens the curriculum and state they share.

mod explain;
mod hint;
mod list;
mod reset;
mod run;
mod verify;

pub use reset::reset_exercise;

use std::io::Write;

use crate::cli::Command;
use crate::config::Config;
use crate::curriculum::{Curriculum, Exercise};
use crate::error::Result;
use crate::originals;
use crate::state::{Attempt, Progress, StateDir, unix_time};
use crate::verdict::{Assessment, PredictState};

/// How a command ended, when ferry could do its job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Success {
    /// Exit 0.
    Yes,
    /// Exit 1: the exercise or the verification failed.
    No,
}

pub fn dispatch(
    command: Option<&Command>,
    config: &Config,
    out: &mut dyn Write,
) -> Result<Success> {
    let Some(command) = command else {
        return crate::watch::watch(config, false, out);
    };
    match command {
        Command::Watch { manual } => crate::watch::watch(config, *manual, out),
        Command::Explain { code } => explain::explain(config, code, out),
        Command::Run { name } => run::run(config, name.as_deref(), out),
        Command::Hint { name, all } => hint::hint(config, name.as_deref(), *all, out),
        Command::List => list::list(config, out),
        Command::Reset { name } => reset::reset(config, name, out),
        Command::Verify {
            format,
            jobs,
            only,
            exercises_only,
            solutions_only,
            no_author_checks,
        } => verify::verify(
            config,
            *format,
            &crate::verify::Options {
                jobs: jobs.unwrap_or(config.jobs).max(1),
                only: only.clone(),
                exercises: !solutions_only,
                solutions: !exercises_only,
                author_checks: !no_author_checks,
            },
            out,
        ),
    }
}

/// A curriculum with its learner's progress.
pub struct Session {
    pub curriculum: Curriculum,
    pub state: StateDir,
    pub progress: Progress,
    pub bundled: bool,
}

impl Session {
    /// Finds and loads the curriculum, then the progress; `check_files` also refuses missing
    /// exercise files (reset skips it, so that it can restore a deleted one).
    pub fn open(config: &Config, check_files: bool) -> Result<Session> {
        let root = Curriculum::find_root(&config.cwd)?;
        let curriculum = Curriculum::load(&root)?;
        if check_files {
            curriculum.check_files()?;
        }
        let state = StateDir::new(&root);
        let (mut progress, warning) = state.load();
        if let Some(warning) = warning {
            eprintln!("warning: {warning}");
        }
        let bundled = originals::is_bundled(&curriculum);
        if originals::snapshot_new(&curriculum, &state, &mut progress, bundled)? {
            state.save(&progress)?;
        }
        Ok(Session {
            curriculum,
            state,
            progress,
            bundled,
        })
    }

    /// Records what a check found: one line in the attempt log, a new prediction grade, and
    /// done when it is. Returns whether the exercise became done with this check.
    pub fn record(&mut self, exercise: &Exercise, assessment: &Assessment) -> Result<bool> {
        self.state.log_attempt(&Attempt {
            time: unix_time(),
            exercise: exercise.name.clone(),
            status: assessment.verdict.status_word().to_string(),
            codes: assessment.verdict.error_labels(),
        });
        let mut changed = false;
        if let PredictState::Graded { grade, new: true } = &assessment.predict {
            self.progress
                .predictions
                .insert(exercise.name.clone(), grade.clone());
            changed = true;
        }
        let newly_done = assessment.done && self.progress.done.insert(exercise.name.clone());
        if changed || newly_done {
            self.state.save(&self.progress)?;
        }
        Ok(newly_done)
    }

    /// The named exercise, or the current one.
    pub fn pick(&self, name: Option<&str>) -> Result<&Exercise> {
        match name {
            Some(name) => self.curriculum.get(name),
            None => self.progress.current(&self.curriculum).ok_or_else(|| {
                crate::error::Error::Usage(
                    "this curriculum has no exercises yet\n  fix: add an [[exercises]] entry to info.toml"
                        .to_string(),
                )
            }),
        }
    }
}
