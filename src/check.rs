//! Checking exercise files: compile (with clippy), run if it compiled, judge; one or many at once.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

use crate::curriculum::Exercise;
use crate::error::{Error, Result};
use crate::runner::{CompileRequest, ExecuteRequest, Limits, Runner};
use crate::verdict::{Outcome, Verdict};

/// How one check is set up, beyond the exercise itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    pub color: bool,
    /// Terminal width for the compiler's rendered messages.
    pub width: Option<u16>,
    /// Limits how many compilers run at once, when many checks share the cores; running the
    /// programs is not limited (a program waiting for its timeout uses no core).
    pub compile_slots: Option<&'a Slots>,
}

/// A counting semaphore: at most `n` holders at a time.
#[derive(Debug)]
pub struct Slots {
    free: Mutex<usize>,
    freed: Condvar,
}

impl Slots {
    pub fn new(n: usize) -> Slots {
        Slots {
            free: Mutex::new(n.max(1)),
            freed: Condvar::new(),
        }
    }

    fn take(&self) -> SlotGuard<'_> {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            free = self.freed.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= 1;
        SlotGuard(self)
    }
}

struct SlotGuard<'a>(&'a Slots);

impl Drop for SlotGuard<'_> {
    fn drop(&mut self) {
        *self.0.free.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.0.freed.notify_one();
    }
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
    let slot = options.compile_slots.map(Slots::take);
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
    drop(slot);
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
    let order: Vec<usize> = (0..count).collect();
    parallel_in_order(jobs, &order, work)
}

/// Like `parallel`, but starts the items in `order` (a permutation of `0..order.len()`);
/// results still come back in index order.
pub fn parallel_in_order<T: Send>(
    jobs: usize,
    order: &[usize],
    work: impl Fn(usize) -> T + Sync,
) -> Vec<T> {
    let count = order.len();
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<T>>> = (0..count).map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, count.max(1)) {
            scope.spawn(|| {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&i) = order.get(n) else {
                        break;
                    };
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
        let out = parallel_in_order(3, &[4, 2, 0, 1, 3], |i| i * 10);
        assert_eq!(out, vec![0, 10, 20, 30, 40]);
    }

    #[test]
    fn slots_never_let_more_than_n_in() {
        let slots = Slots::new(2);
        let inside = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        parallel(8, 64, |_| {
            let _slot = slots.take();
            let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            std::thread::yield_now();
            inside.fetch_sub(1, Ordering::SeqCst);
        });
        assert!(most.load(Ordering::SeqCst) <= 2);
    }
}
