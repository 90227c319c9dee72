//! Progress kept beside info.toml, in `.ferry/`: the current exercise, what is done, hints seen.
//!
//! Written atomically (temporary file, then rename), so a killed ferry never leaves half a file.
//! A state file that cannot be read is moved aside with a warning, never silently replaced.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::curriculum::{Curriculum, Exercise};
use crate::error::{Error, Result};
// Kept here for the callers that import it from state; it lives in `fs`.
use crate::fs::write_atomically;
use crate::predict::Grade;

pub const STATE_DIR: &str = ".ferry";
const STATE_FILE: &str = "state.json";
const ATTEMPTS_FILE: &str = "attempts.jsonl";
/// Held (exclusively) while a command reads, changes and writes state.json.
const LOCK_FILE: &str = "state.lock";
const STATE_VERSION: u32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    #[serde(default)]
    pub version: u32,
    /// The exercise the learner is on; `None` before the first one is chosen.
    #[serde(default)]
    pub current: Option<String>,
    #[serde(default)]
    pub done: BTreeSet<String>,
    /// How many hint levels of each exercise have been shown.
    #[serde(default)]
    pub hints_shown: BTreeMap<String, usize>,
    /// Exercises whose untouched file ferry has copied aside (curricula not built into ferry).
    #[serde(default)]
    pub snapshotted: BTreeSet<String>,
    /// Predict exercises: what the learner predicted, and whether it was right.
    #[serde(default)]
    pub predictions: BTreeMap<String, Grade>,
    /// Error codes whose explanation card the learner opened.
    #[serde(default)]
    pub cards_seen: BTreeSet<String>,
    /// The learner turned the attempt log off (`ferry progress --no-log`).
    #[serde(default)]
    pub no_log: bool,
}

/// One line of the attempt log: a check, a hint or a card, as the learner met them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    /// Seconds since the Unix epoch.
    pub time: u64,
    pub exercise: String,
    /// `check`, `hint` (a hint level shown) or `card` (an explanation card opened).
    #[serde(default = "check_event")]
    pub event: String,
    /// For a check: done, compile-error, run-failed, timed-out, flooded, memory, warnings, clippy.
    #[serde(default)]
    pub status: String,
    /// For a check, the error codes the compiler reported; for a card, its code.
    #[serde(default)]
    pub codes: Vec<String>,
    /// For a check, what started it (a [`Trigger`]'s word); empty in logs from before ferry
    /// recorded it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub trigger: String,
}

/// What started a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// watch opened the exercise (at start, `n`, a jump from the list).
    Open,
    /// The learner saved the file (in `--manual`, pressed r after saving).
    Save,
    /// r, without a save.
    Recheck,
    /// The exercise was reset.
    Reset,
    /// "check all" in watch.
    All,
    /// `ferry run`.
    Run,
}

impl Trigger {
    pub fn word(self) -> &'static str {
        match self {
            Trigger::Open => "open",
            Trigger::Save => "save",
            Trigger::Recheck => "recheck",
            Trigger::Reset => "reset",
            Trigger::All => "all",
            Trigger::Run => "run",
        }
    }
}

fn check_event() -> String {
    "check".to_string()
}

impl Progress {
    /// The current exercise: the one recorded, else the first that is not done, else the last.
    pub fn current<'a>(&self, curriculum: &'a Curriculum) -> Option<&'a Exercise> {
        let recorded = self
            .current
            .as_deref()
            .and_then(|name| curriculum.exercises.iter().find(|e| e.name == name));
        recorded
            .or_else(|| self.next_pending(curriculum, 0))
            .or_else(|| curriculum.exercises.last())
    }

    /// The first exercise at or after `from` (wrapping around) that is not done.
    pub fn next_pending<'a>(
        &self,
        curriculum: &'a Curriculum,
        from: usize,
    ) -> Option<&'a Exercise> {
        let n = curriculum.exercises.len();
        (0..n)
            .map(|i| &curriculum.exercises[(from + i) % n])
            .find(|e| !self.done.contains(&e.name))
    }

    pub fn is_done(&self, name: &str) -> bool {
        self.done.contains(name)
    }
}

/// The `.ferry/` folder of one curriculum.
#[derive(Debug, Clone)]
pub struct StateDir {
    pub path: PathBuf,
}

impl StateDir {
    pub fn new(root: &Path) -> StateDir {
        StateDir {
            path: root.join(STATE_DIR),
        }
    }

    /// Creates the folder, with a .gitignore so that progress never lands in a commit.
    pub fn ensure(&self) -> Result<()> {
        let ignore = self.path.join(".gitignore");
        if ignore.is_file() {
            return Ok(());
        }
        std::fs::create_dir_all(&self.path).map_err(|source| Error::StateWrite {
            path: self.path.clone(),
            source,
        })?;
        std::fs::write(&ignore, "# ferry's progress and build outputs\n*\n").map_err(|source| {
            Error::StateWrite {
                path: ignore,
                source,
            }
        })
    }

    pub fn file(&self) -> PathBuf {
        self.path.join(STATE_FILE)
    }

    pub fn attempts_file(&self) -> PathBuf {
        self.path.join(ATTEMPTS_FILE)
    }

    /// Appends one line to the attempt log. The log is a convenience: failing to write it is
    /// never a reason to stop the learner.
    pub fn log_attempt(&self, attempt: &Attempt) {
        if self.ensure().is_err() {
            return;
        }
        let Ok(mut line) = serde_json::to_string(attempt) else {
            return;
        };
        line.push('\n');
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.attempts_file())
        {
            let _ = file.write_all(line.as_bytes());
        }
    }

    /// Every attempt logged so far; lines that cannot be read are skipped.
    pub fn attempts(&self) -> Vec<Attempt> {
        std::fs::read_to_string(self.attempts_file())
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }

    /// The output folder for one exercise's builds.
    pub fn target(&self, name: &str) -> PathBuf {
        self.path.join("target").join(name)
    }

    pub fn originals(&self) -> PathBuf {
        self.path.join("originals")
    }

    pub fn backups(&self) -> PathBuf {
        self.path.join("backups")
    }

    /// Reads progress. A missing file is a fresh start; an unreadable one is moved aside and
    /// the returned warning says where it went.
    pub fn load(&self) -> (Progress, Option<String>) {
        let path = self.file();
        let text = match std::fs::read(&path) {
            Ok(text) => text,
            Err(_) => return (Progress::default(), None),
        };
        match serde_json::from_slice::<Progress>(&text) {
            Ok(progress) => (progress, None),
            Err(err) => {
                let aside = path.with_file_name(format!("{STATE_FILE}.corrupt-{}", unix_time()));
                let warning = match std::fs::rename(&path, &aside) {
                    Ok(()) => format!(
                        "{} could not be read ({err}); it was kept as {} and progress starts afresh",
                        path.display(),
                        aside.display()
                    ),
                    Err(rename) => format!(
                        "{} could not be read ({err}) nor moved aside ({rename}); progress starts afresh and will overwrite it",
                        path.display()
                    ),
                };
                (Progress::default(), Some(warning))
            }
        }
    }

    /// Changes the progress on disk, whatever other ferry processes in this workspace do at the
    /// same time: under an exclusive lock on `.ferry/state.lock`, the file is read afresh,
    /// `change` is applied to what is there now, and the result is written back if it differs.
    /// Returns the progress as it now is, for the caller to keep as its copy. Two commands
    /// that record at once thus both land; neither writes back a stale copy over the other.
    pub fn update<R>(&self, change: impl FnOnce(&mut Progress) -> R) -> Result<(Progress, R)> {
        self.ensure()?;
        let lock_path = self.path.join(LOCK_FILE);
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|source| Error::StateWrite {
                path: lock_path.clone(),
                source,
            })?;
        lock.lock().map_err(|source| Error::StateWrite {
            path: lock_path,
            source,
        })?;
        let (mut progress, warning) = self.load();
        if let Some(warning) = warning {
            eprintln!("warning: {warning}");
        }
        let before = progress.clone();
        let result = change(&mut progress);
        if progress != before {
            self.save(&progress)?;
        }
        // The lock is released when `lock` is closed.
        drop(lock);
        Ok((progress, result))
    }

    /// Writes `progress` over what is on disk. Commands record through [`StateDir::update`];
    /// this is for a state that is new as a whole (a workspace just made).
    pub fn save(&self, progress: &Progress) -> Result<()> {
        self.ensure()?;
        let mut progress = progress.clone();
        progress.version = STATE_VERSION;
        let mut text = serde_json::to_string_pretty(&progress).unwrap_or_default();
        text.push('\n');
        let path = self.file();
        write_atomically(&path, text.as_bytes())
            .map_err(|source| Error::StateWrite { path, source })
    }
}

pub fn unix_time() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_progress() {
        let dir = tempfile::tempdir().unwrap();
        let state = StateDir::new(dir.path());
        let mut progress = Progress {
            current: Some("b".into()),
            ..Progress::default()
        };
        progress.done.insert("a".into());
        progress.hints_shown.insert("b".into(), 1);
        state.save(&progress).unwrap();
        let (loaded, warning) = state.load();
        assert_eq!(warning, None);
        assert_eq!(loaded.current.as_deref(), Some("b"));
        assert!(loaded.is_done("a"));
        assert_eq!(loaded.hints_shown["b"], 1);
        assert!(dir.path().join(".ferry/.gitignore").is_file());
    }

    #[test]
    fn corrupt_state_is_kept_aside_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let state = StateDir::new(dir.path());
        state.ensure().unwrap();
        std::fs::write(state.file(), "{ not json").unwrap();
        let (progress, warning) = state.load();
        assert_eq!(progress, Progress::default());
        let warning = warning.expect("a warning");
        assert!(warning.contains("kept as"), "{warning}");
        let kept: Vec<_> = std::fs::read_dir(&state.path)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("state.json.corrupt-"))
            .collect();
        assert_eq!(kept.len(), 1);
        assert_eq!(
            std::fs::read_to_string(state.path.join(&kept[0])).unwrap(),
            "{ not json"
        );
    }

    #[test]
    fn missing_state_is_a_fresh_start() {
        let dir = tempfile::tempdir().unwrap();
        let (progress, warning) = StateDir::new(dir.path()).load();
        assert_eq!(progress, Progress::default());
        assert_eq!(warning, None);
    }
}
