//! One file per subcommand; this module opens the curriculum and state they share.

mod hint;
mod list;
mod reset;
mod run;
mod verify;

use std::io::Write;

use crate::cli::Command;
use crate::config::Config;
use crate::curriculum::{Curriculum, Exercise};
use crate::error::Result;
use crate::originals;
use crate::state::{Progress, StateDir};

/// How a command ended, when ferry could do its job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Success {
    /// Exit 0.
    Yes,
    /// Exit 1: the exercise or the verification failed.
    No,
}

pub fn dispatch(command: &Command, config: &Config, out: &mut dyn Write) -> Result<Success> {
    match command {
        Command::Run { name } => run::run(config, name.as_deref(), out),
        Command::Hint { name, all } => hint::hint(config, name.as_deref(), *all, out),
        Command::List => list::list(config, out),
        Command::Reset { name } => reset::reset(config, name, out),
        Command::Verify => verify::verify(config, out),
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
