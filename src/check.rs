//! Checking one exercise file: compile it (with clippy), run it if it compiled, judge it.

use std::path::Path;

use crate::curriculum::Exercise;
use crate::error::Result;
use crate::runner::{CompileRequest, ExecuteRequest, Limits, Runner};
use crate::verdict::{Outcome, Verdict};

/// Checks `source` (relative to `root`) as `exercise`, building into `out_dir`.
pub fn check(
    runner: &dyn Runner,
    root: &Path,
    exercise: &Exercise,
    source: &Path,
    out_dir: &Path,
    color: bool,
) -> Result<Verdict> {
    let compiled = runner.compile(&CompileRequest {
        root,
        source,
        crate_name: &exercise.name,
        test: exercise.test,
        out_dir,
        color,
    })?;
    let execution = match &compiled.binary {
        Some(binary) => Some(runner.execute(&ExecuteRequest {
            binary,
            cwd: root,
            test: exercise.test,
            limits: Limits::with_timeout(exercise.timeout),
        })?),
        None => None,
    };
    Ok(Verdict::new(
        exercise,
        Outcome {
            messages: compiled.messages,
            execution,
        },
    ))
}
