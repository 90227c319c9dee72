//! Checking exercise files: compile (with clippy), run if it compiled, judge; one or many at once.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::curriculum::Exercise;
use crate::error::{Error, Result};
use crate::runner::{CompileRequest, ExecuteRequest, Limits, Runner};
use crate::verdict::{Outcome, Verdict};

/// How one check is set up, beyond the exercise itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub color: bool,
    /// Terminal width for the compiler's rendered messages.
    pub width: Option<u16>,
}

/// Checks `source` (relative to `root`) as `exercise`, building into `out_dir`.
///
/// The output folder is locked for the whole check, so two ferry processes on one curriculum
/// (a `ferry run` beside a `ferry watch`) take turns instead of overwriting each other's build;
/// the binary is removed once it has run, so build outputs take no room between checks.
pub fn check(
    runner: &dyn Runner,
    root: &Path,
    exercise: &Exercise,
    source: &Path,
    out_dir: &Path,
    options: Options,
) -> Result<Verdict> {
    let _lock = lock(out_dir)?;
    let extra = if exercise.crates.is_empty() {
        Vec::new()
    } else {
        runner.crates()?.flags(&exercise.crates)
    };
    let compiled = runner.compile(&CompileRequest {
        root,
        source,
        crate_name: &exercise.name,
        test: exercise.test,
        out_dir,
        color: options.color,
        width: options.width,
        extra: &extra,
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
    if let Some(binary) = &compiled.binary {
        let _ = std::fs::remove_file(binary);
    }
    Ok(Verdict::new(
        exercise,
        Outcome {
            messages: compiled.messages,
            execution,
        },
    ))
}

fn lock(out_dir: &Path) -> Result<std::fs::File> {
    let write_error = |source| Error::Write {
        path: out_dir.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(out_dir).map_err(write_error)?;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(out_dir.join(".lock"))
        .map_err(write_error)?;
    file.lock().map_err(write_error)?;
    Ok(file)
}

/// Runs `work(0..count)` on up to `jobs` threads; results come back in index order.
pub fn parallel<T: Send>(jobs: usize, count: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<T>>> = (0..count).map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, count.max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count {
                        break;
                    }
                    let result = work(i);
                    *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
                }
            });
        }
    });
    results
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every item ran")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_keeps_order_whatever_the_jobs() {
        for jobs in [1, 2, 7] {
            let out = parallel(jobs, 20, |i| i * i);
            assert_eq!(out, (0..20).map(|i| i * i).collect::<Vec<_>>());
        }
        assert!(parallel(4, 0, |i| i).is_empty());
    }
}
