//! `ferry verify`: every untouched exercise fails exactly as declared, every solution passes,
//! and a few author checks (warnings) that catch exercises that teach nothing.
//!
//! The engine builds a structured `Report`; `report` renders it as JSON, JUnit XML or GitHub
//! annotations, and `render::verify` for people.

mod author;
pub mod cache;
pub mod cheats;
#[cfg(test)]
mod engine_tests;
pub mod judge;
pub mod report;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::check;
use crate::curriculum::{Curriculum, EXERCISES_DIR, Exercise, INFO_FILE, SOLUTIONS_DIR};
use crate::error::{Error, Result};
use crate::predict;
use crate::runner::Runner;
use crate::verdict::Run;
use cache::{Cache, Checked};
use judge::Problem;

#[derive(Debug, Clone)]
pub struct Options {
    pub jobs: usize,
    /// Exercise names or chapter folders; empty: everything.
    pub only: Vec<String>,
    pub exercises: bool,
    pub solutions: bool,
    /// The author checks (they compile rustc's suggested fix, so they cost time).
    pub author_checks: bool,
    /// Try the shortcut suite on every exercise (`--cheats`).
    pub cheats: bool,
    /// `--partition k/n`: only the k-th of n parts (k from 1).
    pub partition: Option<Partition>,
    /// `--no-cache`: check everything, serve nothing from the verdict cache (which is still
    /// written).
    pub no_cache: bool,
}

/// One of `count` disjoint parts of the selected exercises, for CI jobs that share a
/// curriculum: exercise i (in info.toml's order among those selected) is in part
/// `i % count + 1`. Every exercise is in exactly one part; the parts together are the whole run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    pub part: usize,
    pub count: usize,
}

impl std::str::FromStr for Partition {
    type Err = String;

    /// `2/3`, or nextest's spelling `count:2/3`.
    fn from_str(text: &str) -> std::result::Result<Partition, String> {
        let spec = text.strip_prefix("count:").unwrap_or(text);
        let parsed = spec.split_once('/').and_then(|(k, n)| {
            Some((
                k.trim().parse::<usize>().ok()?,
                n.trim().parse::<usize>().ok()?,
            ))
        });
        match parsed {
            Some((part, count)) if count >= 1 && (1..=count).contains(&part) => {
                Ok(Partition { part, count })
            }
            _ => Err(format!(
                "`{text}` is not a partition: write k/n with 1 <= k <= n, e.g. `--partition 2/3` for the second of three CI jobs"
            )),
        }
    }
}

impl Partition {
    fn keeps(&self, index: usize) -> bool {
        index % self.count + 1 == self.part
    }

    /// Whether curriculum-wide checks (stray files, missing solutions) run in this part: they
    /// belong to the first, so that they are reported once.
    fn is_first(&self) -> bool {
        self.part == 1
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Exercise,
    Solution,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    /// ferry could not check it (a compiler that would not start, a file it could not read).
    Error,
}

/// A problem placed in a file, for annotations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placed {
    pub message: String,
    pub file: String,
    pub line: Option<usize>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReportedError {
    /// The error code, or `null` for errors rustc reports without one.
    pub code: Option<String>,
    pub message: String,
    pub line: Option<usize>,
    /// The compiler's text for the error, as a learner sees it (no colour; 140 columns).
    #[serde(default)]
    pub rendered: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FailedTest {
    pub name: String,
    pub message: String,
}

/// One check: an untouched exercise, or a solution.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Check {
    pub exercise: String,
    pub chapter: Option<String>,
    pub kind: Kind,
    pub file: String,
    pub status: Status,
    /// What info.toml declares (for a solution: nothing, it must compile).
    pub expected_errors: Vec<String>,
    pub actual_errors: Vec<ReportedError>,
    pub failed_tests: Vec<FailedTest>,
    pub problems: Vec<Placed>,
    #[serde(rename = "duration_ms")]
    #[serde(serialize_with = "millis", deserialize_with = "from_millis")]
    pub duration: Duration,
    /// Served from the verdict cache: the same result as a fresh check (the duration is the
    /// look-up's).
    #[serde(default)]
    pub cached: bool,
}

impl Check {
    pub fn label(&self) -> String {
        match &self.chapter {
            Some(chapter) => format!("{chapter}/{}", self.exercise),
            None => self.exercise.clone(),
        }
    }
}

/// An author check that found something: not a failure, but worth a look.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Warning {
    pub exercise: Option<String>,
    pub message: String,
    pub file: String,
    pub line: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub checks: Vec<Check>,
    /// Missing solutions and stray files.
    pub layout: Vec<Placed>,
    pub warnings: Vec<Warning>,
    /// With `--cheats`: every shortcut tried; `None` without.
    pub cheats: Option<Vec<cheats::Tried>>,
    #[serde(rename = "duration_ms")]
    #[serde(serialize_with = "millis")]
    pub duration: Duration,
}

impl Report {
    pub fn status(&self) -> Status {
        if self.checks.iter().any(|c| c.status == Status::Error) {
            Status::Error
        } else if self.checks.iter().any(|c| c.status == Status::Fail)
            || !self.layout.is_empty()
            || self.holes().next().is_some()
        {
            Status::Fail
        } else {
            Status::Pass
        }
    }

    pub fn failed(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| c.status != Status::Pass)
    }

    /// How many checks were served from the verdict cache.
    pub fn cached(&self) -> usize {
        self.checks.iter().filter(|c| c.cached).count()
    }

    /// Shortcuts ferry would accept that no exercise declared as intended.
    pub fn holes(&self) -> impl Iterator<Item = &cheats::Tried> {
        self.cheats.iter().flatten().filter(|t| t.is_hole())
    }
}

fn millis<S: serde::Serializer>(d: &Duration, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_u64(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

fn from_millis<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Duration, D::Error> {
    u64::deserialize(d).map(Duration::from_millis)
}

/// The exercises `options` select: by `only`, then by `partition`.
fn selection<'a>(curriculum: &'a Curriculum, options: &Options) -> Result<Vec<&'a Exercise>> {
    let selected = select(curriculum, &options.only)?;
    Ok(match options.partition {
        None => selected,
        Some(partition) => selected
            .into_iter()
            .enumerate()
            .filter(|(i, _)| partition.keeps(*i))
            .map(|(_, e)| e)
            .collect(),
    })
}

/// The exercises `only` selects (names or chapters); unknown ones are an error.
pub fn select<'a>(curriculum: &'a Curriculum, only: &[String]) -> Result<Vec<&'a Exercise>> {
    if only.is_empty() {
        return Ok(curriculum.exercises.iter().collect());
    }
    for wanted in only {
        let known = curriculum
            .exercises
            .iter()
            .any(|e| e.name == *wanted || e.dir.as_deref() == Some(wanted.as_str()));
        if !known {
            let chapters: BTreeSet<&str> = curriculum
                .exercises
                .iter()
                .filter_map(|e| e.dir.as_deref())
                .collect();
            return Err(Error::Usage(format!(
                "--only {wanted}: no exercise or chapter has that name\n  fix: use an exercise name (`ferry list`) or a chapter: {}",
                chapters.into_iter().collect::<Vec<_>>().join(", ")
            )));
        }
    }
    Ok(curriculum
        .exercises
        .iter()
        .filter(|e| {
            only.iter()
                .any(|w| e.name == *w || e.dir.as_deref() == Some(w.as_str()))
        })
        .collect())
}

/// Runs every selected check on `options.jobs` threads, in `build` (a scratch folder); with a
/// `cache`, serves unchanged checks from it and keeps the new results there.
pub fn verify(
    runner: &dyn Runner,
    curriculum: &Curriculum,
    options: &Options,
    build: &Path,
    cache: Option<&Cache>,
    progress: &(dyn Fn() + Sync),
) -> Result<Report> {
    let start = Instant::now();
    let selected = selection(curriculum, options)?;
    let mut work: Vec<(&Exercise, Kind)> = Vec::new();
    for exercise in &selected {
        // rustlings' `skip_check_unsolved`: an introduction that is done as it ships.
        if options.exercises && !exercise.skip_check_unsolved {
            work.push((exercise, Kind::Exercise));
        }
        if options.solutions && curriculum.root.join(exercise.solution_path()).is_file() {
            work.push((exercise, Kind::Solution));
        }
    }
    // Compilers get one core each; programs may wait (a deadlock runs to its timeout) without
    // holding one. So more checks run at once than there are cores, and the untouched runtime
    // exercises, the ones likely to wait, start first. Then the longest compiles go first and
    // the shortest last, so that the last core to finish is not left with a long one: programs
    // that use crates, then the other solutions, then the untouched exercises rustc rejects
    // (analysis only, a third of a solution's compile).
    let slots = check::Slots::new(options.jobs);
    let mut order: Vec<usize> = (0..work.len()).collect();
    order.sort_by_key(|&i| {
        let (exercise, kind) = work[i];
        match kind {
            Kind::Exercise if exercise.is_runtime() => 0,
            _ if !exercise.crates.is_empty() => 1,
            Kind::Solution => 2,
            Kind::Exercise => 3,
        }
    });
    let threads = (options.jobs * 4).min(work.len().max(1));
    // One rustfmt for every solution: a process each costs more than the formatting.
    let solutions: Vec<PathBuf> = work
        .iter()
        .filter(|(_, kind)| *kind == Kind::Solution)
        .map(|(e, _)| e.solution_path())
        .collect();
    let context = Context {
        runner,
        curriculum,
        options,
        build,
        slots: &slots,
    };
    // rustfmt runs beside the checks: it is a process of its own, and nothing waits for it
    // until the results are put together.
    let (formatted, results) = std::thread::scope(|scope| {
        let formatting = scope.spawn(|| runner.rustfmt_unformatted(&curriculum.root, &solutions));
        let results = check::parallel_in_order(threads, &order, |i| {
            let (exercise, kind) = work[i];
            let result = cached_or_checked(&context, cache, exercise, kind);
            progress();
            result
        });
        let formatted = formatting
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (formatted, results)
    });
    let unformatted: BTreeSet<PathBuf> = formatted?.into_iter().collect();
    let mut checks = Vec::with_capacity(results.len());
    let mut warnings = Vec::new();
    let mut tried = Vec::new();
    for (result, (exercise, _)) in results.into_iter().zip(&work) {
        let (mut check, found, shortcuts) = result?;
        // rustfmt's verdict is never cached: it ran on every solution above, just now.
        if check.kind == Kind::Solution
            && check.status != Status::Error
            && unformatted.contains(&exercise.solution_path())
        {
            let problem = Problem {
                message: format!(
                    "is not rustfmt-clean: run `rustfmt --edition 2024 {}`",
                    exercise.solution_path().display()
                ),
                line: None,
            };
            check.problems.push(place(problem, &check.file, exercise));
            check.status = Status::Fail;
        }
        checks.push(check);
        warnings.extend(found);
        tried.extend(shortcuts);
    }
    let whole = options.only.is_empty() && options.partition.is_none_or(|p| p.is_first());
    if let Some(cache) = cache
        && options.only.is_empty()
        && options.partition.is_none()
    {
        cache.forget_removed(curriculum);
    }
    let layout = if options.partition.is_none_or(|p| p.is_first()) {
        // A partition's exercises are not the whole curriculum: the curriculum-wide checks
        // look at all of them, once, in the first part.
        let all: Vec<&Exercise> = select(curriculum, &options.only)?;
        layout_problems(
            curriculum,
            &all,
            whole && options.exercises && options.solutions,
        )
    } else {
        Vec::new()
    };
    if options.author_checks {
        warnings.extend(author::static_warnings(curriculum, &selected));
    }
    warnings.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    Ok(Report {
        checks,
        layout,
        warnings,
        cheats: options.cheats.then_some(tried),
        duration: start.elapsed(),
    })
}

/// How many checks `verify` will run, for a progress bar.
pub fn count(curriculum: &Curriculum, options: &Options) -> Result<usize> {
    let selected = selection(curriculum, options)?;
    Ok(selected
        .iter()
        .map(|e| {
            usize::from(options.exercises)
                + usize::from(
                    options.solutions && curriculum.root.join(e.solution_path()).is_file(),
                )
        })
        .sum())
}

/// What every check of one verify run shares.
struct Context<'a> {
    runner: &'a dyn Runner,
    curriculum: &'a Curriculum,
    options: &'a Options,
    build: &'a Path,
    slots: &'a check::Slots,
}

/// One check, from the cache when its inputs have not changed; a fresh result goes into the
/// cache when it may be reused (see `cache`).
fn cached_or_checked(
    context: &Context<'_>,
    cache: Option<&Cache>,
    exercise: &Exercise,
    kind: Kind,
) -> Result<Checked> {
    let start = Instant::now();
    let key_now = |cache: &Cache| {
        cache.key(
            context.runner,
            context.curriculum,
            context.options,
            exercise,
            kind,
        )
    };
    let Some((cache, key)) = cache.and_then(|c| Some((c, key_now(c)?))) else {
        return check_one(context, exercise, kind);
    };
    if let Some(mut hit) = cache.load(&key, exercise, kind) {
        hit.0.duration = start.elapsed();
        return Ok(hit);
    }
    let watched = cache::Watched::new(context.runner);
    let checked = check_one(
        &Context {
            runner: &watched,
            ..*context
        },
        exercise,
        kind,
    )?;
    // Only what was checked to the end, and from the files the key was made of (an author
    // may save while verify runs).
    if watched.settled()
        && checked.0.status != Status::Error
        && key_now(cache).as_ref() == Some(&key)
    {
        cache.store(&key, exercise, kind, &checked);
    }
    Ok(checked)
}

fn check_one(context: &Context<'_>, exercise: &Exercise, kind: Kind) -> Result<Checked> {
    let Context {
        runner,
        curriculum,
        options,
        build,
        slots,
    } = *context;
    let check_options = check::Options {
        compile_slots: Some(slots),
        ..check::Options::default()
    };
    let start = Instant::now();
    let (source, out_dir) = match kind {
        Kind::Exercise => (
            exercise.path(),
            build.join("exercises").join(&exercise.name),
        ),
        Kind::Solution => (
            exercise.solution_path(),
            build.join("solutions").join(&exercise.name),
        ),
    };
    let file = slash(&source);
    let mut check = Check {
        exercise: exercise.name.clone(),
        chapter: exercise.dir.clone(),
        kind,
        file: file.clone(),
        status: Status::Pass,
        expected_errors: match kind {
            Kind::Exercise => exercise
                .errors
                .iter()
                .map(|e| e.to_string().trim_matches('"').to_string())
                .collect(),
            Kind::Solution => Vec::new(),
        },
        actual_errors: Vec::new(),
        failed_tests: Vec::new(),
        problems: Vec::new(),
        duration: Duration::ZERO,
        cached: false,
    };
    // Solutions are judged like a learner's file: by the exercise's own tests and guards.
    let untouched = std::fs::read_to_string(curriculum.root.join(exercise.path())).ok();
    let verdict = match check::check(
        runner,
        &curriculum.root,
        exercise,
        &source,
        untouched.as_deref(),
        &out_dir,
        check_options,
    ) {
        Ok(verdict) => verdict,
        Err(Error::Cancelled) => return Err(Error::Cancelled),
        Err(err) => {
            check.status = Status::Error;
            check.problems.push(Placed {
                message: format!("ferry could not check it: {err}"),
                file,
                line: None,
            });
            check.duration = start.elapsed();
            return Ok((check, Vec::new(), Vec::new()));
        }
    };
    let text = std::fs::read_to_string(curriculum.root.join(&source)).unwrap_or_default();
    let mut problems = match kind {
        Kind::Exercise => {
            let mut problems = judge::untouched_problems(exercise, &verdict);
            problems.extend(judge::predict_problems(exercise, &verdict, &text));
            problems
        }
        Kind::Solution => {
            let mut problems = judge::solution_problems(&verdict);
            if let Some(key) = &exercise.predict {
                let right = predict::answer_line(&text)
                    .and_then(|l| l.answer)
                    .is_some_and(|a| predict::grade(key, &a).is_right());
                if !right {
                    problems.push(Problem {
                        message: format!(
                            "the answer line should hold the right answer, `{} {} line {}`",
                            predict::MARKER,
                            key.code,
                            key.line
                        ),
                        line: predict::answer_line(&text).map(|l| l.line),
                    });
                }
            }
            problems
        }
    };
    let mut warnings = Vec::new();
    if kind == Kind::Exercise
        && options.author_checks
        && !exercise.is_runtime()
        // A predict exercise hides rustc's help until the learner has answered.
        && exercise.predict.is_none()
        // The author said rustc's suggestion is the intended fix.
        && !exercise.intended_shortcuts.iter().any(|s| s == "suggestions")
        && problems.is_empty()
        && let Some(warning) = author::suggestion_fixes_it(runner, exercise, &verdict, &text, build, check_options)?
    {
        warnings.push(warning);
    }

    let tried = match (&untouched, kind) {
        (Some(text), Kind::Exercise) if options.cheats => cheats::Bench {
            runner,
            exercise,
            text,
            build,
            options: check_options,
        }
        .try_all(&verdict)?,
        _ => Vec::new(),
    };

    check.actual_errors = verdict
        .errors
        .iter()
        .map(|e| ReportedError {
            code: e.message.error_code().map(String::from),
            message: e.message.message.clone(),
            line: e.message.line(),
            rendered: e.message.rendered.clone(),
        })
        .collect();
    if let Some(Run::Failed {
        tests: Some(report),
        ..
    }) = &verdict.run
    {
        check.failed_tests = report
            .failed
            .iter()
            .map(|t| FailedTest {
                name: t.name.clone(),
                message: t.message.clone(),
            })
            .collect();
    }
    check.problems = problems
        .drain(..)
        .map(|p| place(p, &file, exercise))
        .collect();
    if !check.problems.is_empty() {
        check.status = Status::Fail;
    }
    // Build outputs are not needed once judged; keep the scratch folder small.
    let _ = std::fs::remove_dir_all(&out_dir);
    check.duration = start.elapsed();
    Ok((check, warnings, tried))
}

/// A problem about the file goes on its line; one about the declaration goes on the
/// exercise's entry in info.toml.
fn place(problem: Problem, file: &str, exercise: &Exercise) -> Placed {
    match problem.line {
        Some(line) => Placed {
            message: problem.message,
            file: file.to_string(),
            line: Some(line),
        },
        None => Placed {
            message: problem.message,
            file: INFO_FILE.to_string(),
            line: Some(exercise.line),
        },
    }
}

/// Missing solutions; and, for a whole-curriculum run, .rs files no exercise owns.
fn layout_problems(curriculum: &Curriculum, selected: &[&Exercise], whole: bool) -> Vec<Placed> {
    let mut problems = Vec::new();
    for exercise in selected {
        if !curriculum.root.join(exercise.solution_path()).is_file() {
            problems.push(Placed {
                message: format!(
                    "{} has no solution: add {}",
                    exercise.label(),
                    slash(&exercise.solution_path())
                ),
                file: INFO_FILE.to_string(),
                line: Some(exercise.line),
            });
        }
    }
    if !whole {
        return problems;
    }
    let owned: BTreeSet<PathBuf> = curriculum
        .exercises
        .iter()
        .flat_map(|e| [e.path(), e.solution_path()])
        .collect();
    for top in [EXERCISES_DIR, SOLUTIONS_DIR] {
        let mut files = Vec::new();
        rust_files(&curriculum.root, Path::new(top), &mut files);
        for file in files.into_iter().filter(|f| !owned.contains(f)) {
            problems.push(Placed {
                message: format!(
                    "{} belongs to no exercise: add it to info.toml or remove it",
                    slash(&file)
                ),
                file: slash(&file),
                line: None,
            });
        }
    }
    problems
}

fn rust_files(root: &Path, dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let relative = dir.join(entry.file_name());
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            rust_files(root, &relative, found);
        } else if relative.extension().is_some_and(|e| e == "rs") {
            found.push(relative);
        }
    }
}

/// Paths in reports always use `/`, whatever the platform.
fn slash(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
