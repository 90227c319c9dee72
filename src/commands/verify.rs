//! `ferry verify`: every untouched exercise fails exactly as declared, every solution passes.
//!
//! Checks run in parallel, one output folder each, in a temporary folder that is removed after.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use colored::Colorize;

use super::Success;
use crate::check;
use crate::config::Config;
use crate::curriculum::{Curriculum, EXERCISES_DIR, Exercise, SOLUTIONS_DIR};
use crate::error::{Error, Result};
use crate::predict;
use crate::render;
use crate::runner::{RealRunner, Runner, Toolchain};
use crate::verdict;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Exercise,
    Solution,
}

/// One line of the report: an exercise or a solution, and what is wrong with it.
#[derive(Debug, Clone)]
pub struct Finding {
    pub label: String,
    pub kind: Kind,
    pub problems: Vec<String>,
}

pub fn verify(config: &Config, out: &mut dyn Write) -> Result<Success> {
    let root = Curriculum::find_root(&config.cwd)?;
    let curriculum = Curriculum::load(&root)?;
    curriculum.check_files()?;
    let runner =
        RealRunner::new(Toolchain::resolve(&root, None)?).with_crates(&root, &curriculum.crates);
    // Fail early, before any check runs, if rustfmt is missing.
    runner.toolchain.rustfmt()?;

    let build = tempfile::Builder::new()
        .prefix("ferry-verify-")
        .tempdir()
        .map_err(|source| Error::Write {
            path: std::env::temp_dir(),
            source,
        })?;
    let findings = run_checks(&runner, &curriculum, build.path(), config.jobs)?;
    let layout = layout_problems(&curriculum);

    let checks = findings.len();
    let failed: Vec<&Finding> = findings.iter().filter(|f| !f.problems.is_empty()).collect();
    for finding in &failed {
        let kind = match finding.kind {
            Kind::Exercise => "exercise",
            Kind::Solution => "solution",
        };
        writeln!(
            out,
            "{} {} ({kind})",
            "✗".red().bold(),
            finding.label.bold()
        )?;
        for problem in &finding.problems {
            writeln!(out, "    {problem}")?;
        }
    }
    for problem in &layout {
        writeln!(out, "{} {problem}", "✗".red().bold())?;
    }
    let exercises = curriculum.exercises.len();
    if failed.is_empty() && layout.is_empty() {
        writeln!(
            out,
            "{} verify: {} and their solutions are as declared ({checks} checks)",
            "✓".green().bold(),
            render::plural(exercises, "exercise"),
        )?;
        Ok(Success::Yes)
    } else {
        writeln!(
            out,
            "{} verify: {} of {checks} checks failed{}",
            "✗".red().bold(),
            failed.len(),
            if layout.is_empty() {
                String::new()
            } else {
                format!(", and {}", render::plural(layout.len(), "layout problem"))
            }
        )?;
        Ok(Success::No)
    }
}

/// Runs every check on `jobs` threads; the findings come back in curriculum order.
pub fn run_checks(
    runner: &dyn Runner,
    curriculum: &Curriculum,
    build: &Path,
    jobs: usize,
) -> Result<Vec<Finding>> {
    let mut work: Vec<(&Exercise, Kind)> = Vec::new();
    for exercise in &curriculum.exercises {
        work.push((exercise, Kind::Exercise));
        if curriculum.root.join(exercise.solution_path()).is_file() {
            work.push((exercise, Kind::Solution));
        }
    }
    check::parallel(jobs, work.len(), |i| {
        let (exercise, kind) = work[i];
        check_one(runner, curriculum, exercise, kind, build)
    })
    .into_iter()
    .collect()
}

fn check_one(
    runner: &dyn Runner,
    curriculum: &Curriculum,
    exercise: &Exercise,
    kind: Kind,
    build: &Path,
) -> Result<Finding> {
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
    let verdict = check::check(
        runner,
        &curriculum.root,
        exercise,
        &source,
        &out_dir,
        check::Options::default(),
    )?;
    let text = std::fs::read_to_string(curriculum.root.join(&source)).unwrap_or_default();
    let mut problems = match kind {
        Kind::Exercise => {
            let mut problems = verdict::untouched_problems(exercise, &verdict);
            problems.extend(verdict::predict_problems(exercise, &verdict, &text));
            problems
        }
        Kind::Solution => {
            let mut problems = verdict::solution_problems(&verdict);
            if let Some(key) = &exercise.predict {
                let right = predict::answer_line(&text)
                    .and_then(|l| l.answer)
                    .is_some_and(|a| predict::grade(key, &a).is_right());
                if !right {
                    problems.push(format!(
                        "the answer line should hold the right answer, `{} {} line {}`",
                        predict::MARKER,
                        key.code,
                        key.line
                    ));
                }
            }
            problems
        }
    };
    if kind == Kind::Solution && runner.rustfmt_check(&curriculum.root, &source)?.is_some() {
        problems.push(format!(
            "is not rustfmt-clean: run `rustfmt --edition 2024 {}`",
            source.display()
        ));
    }
    // Build outputs are not needed once judged; keep the temporary folder small.
    let _ = std::fs::remove_dir_all(&out_dir);
    Ok(Finding {
        label: render::exercise_label(exercise),
        kind,
        problems,
    })
}

/// Missing solutions, and .rs files in exercises/ or solutions/ that no exercise owns.
pub fn layout_problems(curriculum: &Curriculum) -> Vec<String> {
    let mut problems = Vec::new();
    let mut owned: BTreeSet<PathBuf> = BTreeSet::new();
    for exercise in &curriculum.exercises {
        owned.insert(exercise.path());
        owned.insert(exercise.solution_path());
        if !curriculum.root.join(exercise.solution_path()).is_file() {
            problems.push(format!(
                "{} has no solution: add {}",
                render::exercise_label(exercise),
                exercise.solution_path().display()
            ));
        }
    }
    for top in [EXERCISES_DIR, SOLUTIONS_DIR] {
        let mut files = Vec::new();
        rust_files(&curriculum.root, Path::new(top), &mut files);
        for file in files {
            if !owned.contains(&file) {
                problems.push(format!(
                    "{} belongs to no exercise: add it to info.toml or remove it",
                    file.display()
                ));
            }
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
