//! The untouched text of every exercise, for `ferry reset`.
//!
//! The bundled curriculum is built into the binary. For any other curriculum, ferry copies each
//! exercise file into `.ferry/originals/` the first time it sees it, before the learner's first
//! check; `reset` restores that copy.

use std::borrow::Cow;
use std::path::PathBuf;

use crate::bundled;
use crate::curriculum::{Curriculum, Exercise, INFO_FILE};
use crate::error::{Error, Result};
use crate::state::{Progress, StateDir};

/// Is this curriculum the one built into ferry?
pub fn is_bundled(curriculum: &Curriculum) -> bool {
    std::fs::read_to_string(curriculum.root.join(INFO_FILE)).is_ok_and(|t| t == bundled::INFO)
}

/// Copies aside the untouched file of every exercise not seen before. Returns whether
/// `progress` changed (and so needs saving).
pub fn snapshot_new(
    curriculum: &Curriculum,
    state: &StateDir,
    progress: &mut Progress,
    bundled: bool,
) -> Result<bool> {
    if bundled {
        return Ok(false);
    }
    let mut changed = false;
    state.ensure()?;
    for exercise in &curriculum.exercises {
        if progress.snapshotted.contains(&exercise.name) {
            continue;
        }
        let source = curriculum.root.join(exercise.path());
        let Ok(text) = std::fs::read(&source) else {
            continue;
        };
        let copy = snapshot_path(state, exercise);
        if !copy.exists() {
            crate::fs::write_atomically(&copy, &text).map_err(|source| Error::StateWrite {
                path: copy.clone(),
                source,
            })?;
        }
        progress.snapshotted.insert(exercise.name.clone());
        changed = true;
    }
    Ok(changed)
}

/// The untouched text of an exercise, if ferry has it.
pub fn original(
    exercise: &Exercise,
    state: &StateDir,
    bundled: bool,
) -> Option<Cow<'static, [u8]>> {
    if bundled {
        return bundled::exercise(exercise).map(Cow::Borrowed);
    }
    std::fs::read(snapshot_path(state, exercise))
        .ok()
        .map(Cow::Owned)
}

fn snapshot_path(state: &StateDir, exercise: &Exercise) -> PathBuf {
    state.originals().join(exercise.path())
}

/// Where a curriculum's untouched texts are, for the checks that judge against them.
#[derive(Debug, Clone)]
pub struct Originals {
    bundled: bool,
    state: StateDir,
}

impl Originals {
    pub fn new(state: &StateDir, bundled: bool) -> Originals {
        Originals {
            bundled,
            state: state.clone(),
        }
    }

    /// The untouched text of `exercise`, if ferry has it.
    pub fn text(&self, exercise: &Exercise) -> Option<String> {
        original(exercise, &self.state, self.bundled)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
    }
}
