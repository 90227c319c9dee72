//! Checking exercise files: compile (with clippy), run if it compiled, judge; one or many at once.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

use crate::curriculum::Exercise;
use crate::error::{Error, Result};
use crate::exam::{self, Exam, Place};
use crate::runner::{CompileRequest, ExecuteRequest, Limits, Runner};
use crate::verdict::{Outcome, Verdict};

/// How one check is set up, beyond the exercise itself.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    pub color: bool,
    /// Terminal width for the compiler's rendered messages.
    pub width: Option<u16>,
    /// Limits how many compilers run at once, when many checks share the cores; running the
    /// programs is not limited (a program waiting for its timeout uses no core).
    pub compile_slots: Option<&'a Slots>,
    /// Run the program once it compiles (off: compile only).
    pub run: bool,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            color: false,
            width: None,
            compile_slots: None,
            run: true,
        }
    }
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

/// Checks the learner's file `source` (relative to `root`) as `exercise`, building into
/// `out_dir`. `original` is the untouched exercise text: its tests are the ones that judge, and
/// only what the learner added counts against the lesson guards (`None`: the file is its own
/// original, as for an untouched exercise).
///
/// The output folder is locked for the whole check, so two ferry processes on one curriculum
/// (a `ferry run` beside a `ferry watch`) take turns instead of overwriting each other's build;
/// the binary is removed once it has run, so build outputs take no room between checks.
pub fn check(
    runner: &dyn Runner,
    root: &Path,
    exercise: &Exercise,
    source: &Path,
    original: Option<&str>,
    out_dir: &Path,
    options: Options,
) -> Result<Verdict> {
    let _lock = lock(out_dir)?;
    let path = root.join(source);
    let bytes = std::fs::read(&path).map_err(|source| Error::Read { path, source })?;
    let learner = String::from_utf8_lossy(&bytes);
    let exam = Exam::new(exercise, original.unwrap_or(&learner), &learner);
    let program = Program {
        text: &exam.assembled.text,
        tests: exam.assembled.tests.as_deref(),
        as_is: exam.assembled.tests.is_none() && exam.assembled.text.as_bytes() == bytes.as_slice(),
    };
    let (messages, execution) =
        compile_and_run(runner, root, exercise, source, &program, out_dir, options)?;
    let places = if exam.untouched {
        let places = exam::places_of(&messages);
        save_places(out_dir, &learner, &places);
        None
    } else if messages
        .iter()
        .any(|m| m.is_error() && exercise.errors.iter().any(|e| e.matches_message(m)))
    {
        // Only a declared code needs the untouched file's places to tell it from a new error.
        let original = original.unwrap_or(&learner);
        match load_places(out_dir, original) {
            Some(places) => Some(places),
            None => {
                let (messages, _) = compile_and_run(
                    runner,
                    root,
                    exercise,
                    source,
                    &Program {
                        text: original,
                        tests: None,
                        as_is: false,
                    },
                    &out_dir.join("untouched"),
                    Options {
                        run: false,
                        ..options
                    },
                )?;
                let places = exam::places_of(&messages);
                save_places(out_dir, original, &places);
                Some(places)
            }
        }
    } else {
        None
    };
    Ok(Verdict::judged(
        exercise,
        Outcome {
            messages,
            execution,
        },
        &exam,
        places.as_deref(),
    ))
}

/// What to compile for the file `source`.
struct Program<'a> {
    text: &'a str,
    /// The exercise's own tests, to include from a file of their own.
    tests: Option<&'a str>,
    /// `text` is the file as it stands: compile it in place.
    as_is: bool,
}

/// Compiles `program` as the file `source` (written aside unless it is the file as it stands,
/// with paths in messages mapped back to `source`), then runs it if it compiled.
fn compile_and_run(
    runner: &dyn Runner,
    root: &Path,
    exercise: &Exercise,
    source: &Path,
    program: &Program<'_>,
    out_dir: &Path,
    options: Options,
) -> Result<(
    Vec<crate::diagnostics::Message>,
    Option<crate::runner::Execution>,
)> {
    let mut extra = if exercise.crates.is_empty() {
        Vec::new()
    } else {
        runner.crates()?.flags(&exercise.crates)
    };
    // The curriculum's `allow`, at the lowest precedence: the file's own attributes win.
    extra.extend(exercise.allow.iter().map(|lint| format!("-A{lint}")));
    let compiled_source = if program.as_is {
        source.to_path_buf()
    } else {
        let aside = out_dir.join("judged").join(source);
        let mut text = program.text.to_string();
        if let Some(tests) = program.tests {
            let tests_path = aside.with_extension("shipped-tests.rs");
            write_file(&tests_path, tests)?;
            extra.push(format!(
                "--remap-path-prefix={}={}{}",
                tests_path.display(),
                source.display(),
                crate::source::SHIPPED_TESTS
            ));
            text = crate::source::include_tests(&text, &tests_path.display().to_string());
        }
        write_file(&aside, &text)?;
        extra.push(format!(
            "--remap-path-prefix={}={}",
            aside.display(),
            source.display()
        ));
        aside
    };
    let slot = options.compile_slots.map(Slots::take);
    let compiled = runner.compile(&CompileRequest {
        root,
        source: &compiled_source,
        crate_name: &exercise.name,
        test: exercise.test,
        out_dir,
        color: options.color,
        width: options.width,
        extra: &extra,
    })?;
    drop(slot);
    let execution = match &compiled.binary {
        Some(binary) if options.run => Some(runner.execute(&ExecuteRequest {
            binary,
            cwd: root,
            test: exercise.test,
            limits: Limits::program(exercise.timeout, exercise.memory),
        })),
        _ => None,
    };
    // Also when the run was cancelled: nothing of a check is left behind.
    if let Some(binary) = &compiled.binary {
        let _ = std::fs::remove_file(binary);
    }
    Ok((compiled.messages, execution.transpose()?))
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    let write_error = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(write_error)?;
    }
    std::fs::write(path, text).map_err(write_error)
}

/// The untouched file's error places, kept beside its build, keyed on its text.
#[derive(serde::Serialize, serde::Deserialize)]
struct SavedPlaces {
    hash: u64,
    places: Vec<Place>,
}

const PLACES_FILE: &str = "untouched-errors.json";

fn load_places(out_dir: &Path, original: &str) -> Option<Vec<Place>> {
    let text = std::fs::read_to_string(out_dir.join(PLACES_FILE)).ok()?;
    let saved: SavedPlaces = serde_json::from_str(&text).ok()?;
    (saved.hash == fnv1a(original)).then_some(saved.places)
}

fn save_places(out_dir: &Path, original: &str, places: &[Place]) {
    let saved = SavedPlaces {
        hash: fnv1a(original),
        places: places.to_vec(),
    };
    if let Ok(json) = serde_json::to_vec(&saved) {
        // A cache: losing it costs one compile later, so a failed write is not an error.
        let _ = crate::fs::write_atomically(&out_dir.join(PLACES_FILE), &json);
    }
}

/// A hash that stays the same across ferry builds (std's does not promise that).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
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
