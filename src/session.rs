//! A curriculum with its learner's progress: the one place that records what happened.
//!
//! Every command that changes progress (`ferry run`, `hint`, `reset`, `progress --disable-log`,
//! watch and its "check all") goes through [`Session`], and every change is a read-modify-write
//! of state.json under the workspace's lock ([`StateDir::update`]): two ferry processes in one
//! workspace never lose each other's progress. In a class, each check recorded is also put in
//! the class's outbox (`class::client`).

use crate::class::client::{self as class, Delivery, Link};
use crate::config::Config;
use crate::curriculum::{Curriculum, Exercise};
use crate::error::{Error, Result};
use crate::fs::write_atomically;
use crate::originals;
use crate::state::{Attempt, Progress, StateDir, Trigger, unix_time};
use crate::verdict::{Assessment, PredictState};

/// A curriculum with its learner's progress.
pub struct Session {
    pub curriculum: Curriculum,
    pub state: StateDir,
    /// The progress as this process last read or wrote it. Change it with [`Session::update`].
    pub progress: Progress,
    pub bundled: bool,
    /// Keep the attempt log (off with `--no-log`).
    pub log: bool,
    /// The class the learner joined (`ferry class join`, or `watch --class` for one session).
    pub class: Option<Link>,
}

/// What recording a check did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub newly_done: bool,
    /// The reference solution written into the workspace (relative path), if one was.
    pub solution: Option<std::path::PathBuf>,
    /// When one was: whether the workspace's Cargo.toml now lists it, or has the learner's
    /// edits and was left alone.
    pub manifest: Option<crate::workspace::ManifestUpdate>,
}

/// What resetting an exercise did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reset {
    /// The file was untouched already; nothing changed.
    AlreadyUntouched,
    /// The untouched file is back; the learner's version, if there was a file, is kept here.
    Restored { backup: Option<std::path::PathBuf> },
}

impl Reset {
    /// What to tell the learner about resetting `exercise`.
    pub fn describe(&self, exercise: &Exercise) -> String {
        let path = exercise.path();
        match self {
            Reset::AlreadyUntouched => format!("{} is already untouched", path.display()),
            Reset::Restored { backup } => {
                let mut said = String::new();
                if let Some(backup) = backup {
                    said.push_str(&format!("your version is saved as {}\n", backup.display()));
                }
                said.push_str(&format!(
                    "{} is back to its untouched state",
                    path.display()
                ));
                said
            }
        }
    }
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
        let unseen = |p: &Progress| {
            !bundled
                && curriculum
                    .exercises
                    .iter()
                    .any(|e| !p.snapshotted.contains(&e.name))
        };
        if unseen(&progress) {
            let (now, snapshot) = state
                .update(|p| originals::snapshot_new(&curriculum, &state, p, bundled).map(|_| ()))?;
            snapshot?;
            progress = now;
        }
        let class = match Link::open(&state) {
            Some(Ok(link)) => Some(link),
            Some(Err(reason)) => {
                eprintln!(
                    "warning: {reason}; checks are not sent to the class\n  fix: `ferry class join URL` again"
                );
                None
            }
            None => None,
        };
        Ok(Session {
            curriculum,
            state,
            progress,
            bundled,
            log: !config.no_log,
            class,
        })
    }

    /// Changes the progress on disk and here, merged with whatever other ferry processes have
    /// recorded meanwhile (see [`StateDir::update`]).
    pub fn update<R>(&mut self, change: impl FnOnce(&mut Progress) -> R) -> Result<R> {
        let (progress, result) = self.state.update(change)?;
        self.progress = progress;
        Ok(result)
    }

    /// Reads the progress again, for what other ferry processes recorded meanwhile.
    pub fn reload(&mut self) {
        let (progress, warning) = self.state.load();
        if warning.is_none() {
            self.progress = progress;
        }
    }

    /// Makes `exercise` the current one.
    pub fn set_current(&mut self, exercise: Option<&Exercise>) -> Result<()> {
        let name = exercise.map(|e| e.name.clone());
        self.update(|p| p.current = name)
    }

    /// Appends to the attempt log, unless the learner turned it off.
    pub fn log(&self, exercise: &Exercise, event: &str, status: &str, codes: Vec<String>) {
        self.log_with(exercise, event, status, codes, "");
    }

    fn log_with(
        &self,
        exercise: &Exercise,
        event: &str,
        status: &str,
        codes: Vec<String>,
        trigger: &str,
    ) {
        if self.log && !self.progress.no_log {
            self.state.log_attempt(&Attempt {
                time: unix_time(),
                exercise: exercise.name.clone(),
                event: event.to_string(),
                status: status.to_string(),
                codes,
                trigger: trigger.to_string(),
            });
        }
    }

    /// Records what a check of `exercise` (started by `trigger`) found: one line in the attempt log, a new prediction
    /// grade, and done when it is; in a workspace made by `ferry init`, a newly done exercise's
    /// reference solution is written into solutions/, and the workspace's Cargo.toml lists it.
    pub fn record(
        &mut self,
        exercise: &Exercise,
        assessment: &Assessment,
        trigger: Trigger,
    ) -> Result<Recorded> {
        self.log_with(
            exercise,
            "check",
            assessment.verdict.status_word(),
            assessment.verdict.error_labels(),
            trigger.word(),
        );
        self.tell_class(exercise, assessment, trigger);
        let name = exercise.name.clone();
        let grade = match &assessment.predict {
            PredictState::Graded { grade, new: true } => Some(grade.clone()),
            _ => None,
        };
        let done = assessment.done;
        let newly_done = self.update(|p| {
            if let Some(grade) = grade {
                p.predictions.insert(name.clone(), grade);
            }
            done && p.done.insert(name)
        })?;
        let mut solution = None;
        let mut manifest = None;
        if newly_done && crate::workspace::is_workspace(&self.curriculum.root) {
            self.curriculum.check_links_of(exercise)?;
            let path = self.curriculum.root.join(exercise.solution_path());
            if !path.exists()
                && let Some(text) = crate::bundled::solution(exercise)
            {
                write_atomically(&path, text).map_err(|source| Error::Write {
                    path: path.clone(),
                    source,
                })?;
                solution = Some(exercise.solution_path());
                // So that rust-analyzer sees the solution as a target too.
                let cargo_toml = self.curriculum.root.join(crate::workspace::MANIFEST);
                manifest = Some(crate::workspace::list_solutions(&self.curriculum).map_err(
                    |source| Error::Write {
                        path: cargo_toml,
                        source,
                    },
                )?);
            }
        }
        Ok(Recorded {
            newly_done,
            solution,
            manifest,
        })
    }

    /// Puts the check in the class's outbox, when the learner is in a class. Like the attempt
    /// log, the class is never a reason to stop the learner: a write that fails is skipped.
    fn tell_class(&self, exercise: &Exercise, assessment: &Assessment, trigger: Trigger) {
        let Some(link) = &self.class else {
            return;
        };
        // Time spent as every screen counts it, up to this check (logged just before).
        let seconds =
            crate::figures::figures(&self.curriculum, &self.progress, &self.state.attempts())
                .exercises
                .get(&exercise.name)
                .map_or(0, |f| f.time_secs);
        let hints = self
            .progress
            .hints_shown
            .get(&exercise.name)
            .copied()
            .unwrap_or(0);
        let event = class::check_event(&exercise.name, assessment, trigger, hints, seconds);
        let _ = link.queue(&event);
    }

    /// "Ask for help": the file and the error go to the class's outbox. `Ok(false)` when the
    /// learner is in no class.
    pub fn ask_for_help(&self, exercise: &Exercise, file: &str, error: &str) -> Result<bool> {
        let Some(link) = &self.class else {
            return Ok(false);
        };
        link.queue(&class::help_event(&exercise.name, file, error))
            .map_err(|source| Error::Write {
                path: link.outbox(),
                source,
            })?;
        Ok(true)
    }

    /// Sends the class's outbox now, within `budget` (`ferry run`, which has no thread
    /// to do it later); `None` outside a class.
    pub fn deliver_class(&self, budget: std::time::Duration) -> Option<Delivery> {
        self.class.as_ref().map(|link| link.deliver(budget))
    }

    /// Records that hint levels up to `level` of `exercise` were shown.
    pub fn record_hint(&mut self, exercise: &Exercise, level: usize) -> Result<()> {
        let name = exercise.name.clone();
        self.update(|p| {
            let shown = p.hints_shown.entry(name).or_insert(0);
            *shown = (*shown).max(level);
        })
    }

    /// Records that the card for `code` was opened; returns whether it is the first time.
    pub fn record_card(&mut self, code: &str) -> Result<bool> {
        let code = code.to_string();
        self.update(|p| p.cards_seen.insert(code))
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
                Error::Usage(
                    "this curriculum has no exercises yet\n  fix: add an [[exercises]] entry to info.toml"
                        .to_string(),
                )
            }),
        }
    }

    /// Makes the first pending exercise of `chapter` the current one (`ferry watch --chapter`).
    pub fn start_chapter(&mut self, chapter: &str) -> Result<()> {
        let in_chapter: Vec<&Exercise> = self
            .curriculum
            .exercises
            .iter()
            .filter(|e| e.dir.as_deref() == Some(chapter))
            .collect();
        let Some(first) = in_chapter
            .iter()
            .find(|e| !self.progress.is_done(&e.name))
            .or(in_chapter.first())
        else {
            let mut chapters: Vec<&str> = Vec::new();
            for dir in self
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
        let first = (*first).clone();
        self.set_current(Some(&first))
    }

    /// Restores the untouched exercise, backing up the learner's version first (under a name
    /// no other reset can take at the same moment), and forgets that it was done.
    pub fn reset(&mut self, exercise: &Exercise) -> Result<Reset> {
        let name = &exercise.name;
        // A link made since ferry loaded the curriculum must not lead the write out of it.
        self.curriculum.check_links_of(exercise)?;
        let original = originals::original(exercise, &self.state, self.bundled).ok_or_else(|| {
            Error::Usage(format!(
                "ferry has no untouched copy of `{name}`: it was first seen after it had been edited, or .ferry/ was removed\n  fix: restore {} from where the curriculum came from (e.g. `git checkout -- {}`)",
                exercise.path().display(),
                exercise.path().display()
            ))
        })?;
        let path = self.curriculum.root.join(exercise.path());
        let current = std::fs::read(&path).ok();
        if current.as_deref() == Some(&original[..]) {
            return Ok(Reset::AlreadyUntouched);
        }
        let backup = match current {
            Some(current) => Some(self.back_up(name, &current)?),
            None => None,
        };
        write_atomically(&path, &original).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
        let forgotten = name.clone();
        self.update(|p| {
            p.done.remove(&forgotten);
            p.predictions.remove(&forgotten);
        })?;
        Ok(Reset::Restored { backup })
    }

    /// Writes `text` to a new file in .ferry/backups/, claiming its name with `create_new` so
    /// that two resets at the same second never pick the same one.
    fn back_up(&self, name: &str, text: &[u8]) -> Result<std::path::PathBuf> {
        let dir = self.state.backups();
        std::fs::create_dir_all(&dir).map_err(|source| Error::Write {
            path: dir.clone(),
            source,
        })?;
        let stamp = unix_time();
        for n in 0.. {
            let suffix = if n == 0 {
                String::new()
            } else {
                format!("-{n}")
            };
            let backup = dir.join(format!("{name}.{stamp}{suffix}.rs"));
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&backup)
            {
                Ok(_) => {
                    write_atomically(&backup, text).map_err(|source| Error::Write {
                        path: backup.clone(),
                        source,
                    })?;
                    return Ok(backup);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(source) => {
                    return Err(Error::Write {
                        path: backup,
                        source,
                    });
                }
            }
        }
        unreachable!("an unused backup name")
    }
}
