//! One file per subcommand; this module opens the curriculum and state they share.

mod explain;
mod hint;
mod init;
mod list;
mod progress;
mod reset;
mod run;
mod verify;

pub use reset::reset_exercise;

use std::io::Write;

use crate::cli::Command;
use crate::config::Config;
use crate::curriculum::{Curriculum, Exercise};
use crate::error::{Error, Result};
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
        Command::Watch { manual, chapter } => {
            if let Some(chapter) = chapter {
                crate::watch::needs_terminal(config)?;
                start_at_chapter(config, chapter)?;
            }
            crate::watch::watch(config, *manual, out)
        }
        Command::Explain { code } => explain::explain(config, code, out),
        Command::Progress {
            json,
            disable_log,
            enable_log,
        } => progress::progress(
            config,
            *json,
            match (disable_log, enable_log) {
                (true, _) => Some(false),
                (_, true) => Some(true),
                _ => None,
            },
            out,
        ),
        Command::Init {
            dir,
            chapters,
            prepare,
        } => init::init(config, dir, chapters, *prepare, out),
        Command::Run { name } => run::run(config, name.as_deref(), out),
        Command::Hint { name, all } => hint::hint(config, name.as_deref(), *all, out),
        Command::List { chapter, state } => list::list(config, chapter.as_deref(), *state, out),
        Command::Reset { name, all, yes } => match name {
            Some(name) if !all => reset::reset(config, name, out),
            _ => reset::reset_all(config, *yes, out),
        },
        Command::Verify {
            format,
            jobs,
            only,
            exercises_only,
            solutions_only,
            no_author_checks,
            cheats,
        } => verify::verify(
            config,
            *format,
            &crate::verify::Options {
                jobs: jobs.unwrap_or(config.jobs).max(1),
                only: only.clone(),
                exercises: !solutions_only,
                solutions: !exercises_only,
                author_checks: !no_author_checks,
                cheats: *cheats,
            },
            out,
        ),
    }
}

/// Makes the first pending exercise of `chapter` the current one (`ferry watch --chapter`).
fn start_at_chapter(config: &Config, chapter: &str) -> Result<()> {
    let mut session = Session::open(config, true)?;
    let in_chapter: Vec<&Exercise> = session
        .curriculum
        .exercises
        .iter()
        .filter(|e| e.dir.as_deref() == Some(chapter))
        .collect();
    let Some(first) = in_chapter
        .iter()
        .find(|e| !session.progress.is_done(&e.name))
        .or(in_chapter.first())
    else {
        let mut chapters: Vec<&str> = Vec::new();
        for dir in session
            .curriculum
            .exercises
            .iter()
            .filter_map(|e| e.dir.as_deref())
        {
            if !chapters.contains(&dir) {
                chapters.push(dir);
            }
        }
        return Err(Error::Usage(format!(
            "--chapter {chapter}: this curriculum has no such chapter\n  fix: choose from {}",
            chapters.join(", ")
        )));
    };
    session.progress.current = Some(first.name.clone());
    session.state.save(&session.progress)
}

/// What recording a check did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub newly_done: bool,
    /// The reference solution written into the workspace (relative path), if one was.
    pub solution: Option<std::path::PathBuf>,
}

/// A curriculum with its learner's progress.
pub struct Session {
    pub curriculum: Curriculum,
    pub state: StateDir,
    pub progress: Progress,
    pub bundled: bool,
    /// Keep the attempt log (off with `--no-log`).
    pub log: bool,
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
            log: !config.no_log,
        })
    }

    /// Appends to the attempt log, unless the learner turned it off.
    pub fn log(&self, exercise: &Exercise, event: &str, status: &str, codes: Vec<String>) {
        if self.log && !self.progress.no_log {
            self.state.log_attempt(&Attempt {
                time: unix_time(),
                exercise: exercise.name.clone(),
                event: event.to_string(),
                status: status.to_string(),
                codes,
            });
        }
    }

    /// Records what a check found: one line in the attempt log, a new prediction grade, and
    /// done when it is; in a workspace made by `ferry init`, a newly done exercise's reference
    /// solution is written into solutions/.
    pub fn record(&mut self, exercise: &Exercise, assessment: &Assessment) -> Result<Recorded> {
        self.log(
            exercise,
            "check",
            assessment.verdict.status_word(),
            assessment.verdict.error_labels(),
        );
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
        let mut solution = None;
        if newly_done && crate::workspace::is_workspace(&self.curriculum.root) {
            self.curriculum.check_links_of(exercise)?;
            let path = self.curriculum.root.join(exercise.solution_path());
            if !path.exists()
                && let Some(text) = crate::bundled::solution(exercise)
            {
                crate::state::write_atomically(&path, text).map_err(|source| Error::Write {
                    path: path.clone(),
                    source,
                })?;
                solution = Some(exercise.solution_path());
            }
        }
        Ok(Recorded {
            newly_done,
            solution,
        })
    }

    /// The untouched exercise texts, for checks.
    pub fn originals(&self) -> originals::Originals {
        originals::Originals::new(&self.state, self.bundled)
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
