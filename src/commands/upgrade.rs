//! `ferry upgrade`: a curriculum in rustlings' format (no exercise says how it fails) made
//! ferry's, by compiling every untouched exercise and writing what the compiler said into
//! info.toml as its `errors`, so that learners are told whether an error is the one the
//! exercise is about and verify holds each exercise to it.
//!
//! info.toml is edited in place (toml_edit keeps its comments and layout), only adding keys; the
//! previous file is kept in `.ferry/backups/`.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::Success;
use crate::check::{self, Options, Slots};
use crate::config::Config;
use crate::curriculum::{Curriculum, Exercise, INFO_FILE, RUSTLINGS_ALLOW};
use crate::diagnostics::Message;
use crate::error::{Error, Result};
use crate::exam::Exam;
use crate::runner::{RealRunner, Toolchain};
use crate::source::Parsed;
use crate::verdict::Verdict;

/// What compiling one untouched exercise (and reading its solution) found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Finding {
    /// `errors`, as info.toml spells them; `None`: leave the exercise as it is (said why in
    /// `notes`).
    pub errors: Option<Vec<String>>,
    /// The solution edits the tests: the tests are the learner's to write.
    pub learner_tests: bool,
    /// The solution adds an `allow`, which ferry's default guard refuses.
    pub permit_allow: bool,
    pub notes: Vec<String>,
}

pub fn upgrade(config: &Config, dry_run: bool, out: &mut dyn Write) -> Result<Success> {
    let root = Curriculum::find_root(&config.cwd)?;
    let curriculum = Curriculum::load(&root)?;
    curriculum.check_files()?;
    let info = root.join(INFO_FILE);
    let text = std::fs::read_to_string(&info).map_err(|source| Error::Read {
        path: info.clone(),
        source,
    })?;
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| Error::Usage(format!("{}: {e}", info.display())))?;
    let undeclared = undeclared_exercises(&doc);
    let pending: Vec<&Exercise> = curriculum
        .exercises
        .iter()
        .filter(|e| undeclared.contains(&e.name))
        .collect();
    if pending.is_empty() {
        writeln!(
            out,
            "every exercise already declares its `errors`: nothing to upgrade"
        )?;
        return Ok(Success::Yes);
    }

    let runner =
        RealRunner::new(Toolchain::resolve(&root, None)?).with_crates(&root, &curriculum.crates);
    let build = tempfile::Builder::new()
        .prefix("ferry-upgrade-")
        .tempdir()
        .map_err(|source| Error::Write {
            path: std::env::temp_dir(),
            source,
        })?;
    let slots = Slots::new(config.jobs);
    let order: Vec<usize> = (0..pending.len()).collect();
    let results = check::parallel_in_order(config.jobs * 2, &order, |i| {
        let exercise = pending[i];
        let verdict = check::check(
            &runner,
            &root,
            exercise,
            &exercise.path(),
            None,
            &build.path().join(&exercise.name),
            Options {
                compile_slots: Some(&slots),
                ..Options::default()
            },
        )?;
        Ok::<_, Error>(find(&root, exercise, &verdict))
    });

    let mut written = 0;
    let mut notes = Vec::new();
    for (exercise, result) in pending.iter().zip(results) {
        let finding = result?;
        for note in &finding.notes {
            notes.push(format!("{}: {note}", exercise.label()));
        }
        if apply(&mut doc, &exercise.name, &finding) {
            written += 1;
        }
    }
    if curriculum.rustlings_format && doc.get("allow").is_none() {
        let mut allow = toml_edit::Array::new();
        for lint in RUSTLINGS_ALLOW {
            allow.push(lint);
        }
        doc.insert("allow", toml_edit::value(allow));
        if let Some(mut key) = doc.key_mut("allow") {
            key.leaf_decor_mut().set_prefix(
                "\n# As rustlings' workspace does: dead code can't be avoided in some exercises.\n",
            );
        }
    }

    for note in &notes {
        writeln!(out, "  note: {note}")?;
    }
    let new_text = doc.to_string();
    if dry_run {
        writeln!(
            out,
            "would write `errors` for {written} of {} exercises (--dry-run: info.toml is unchanged)",
            pending.len()
        )?;
        return Ok(Success::Yes);
    }
    let backup = back_up(&root, &text)?;
    crate::fs::write_atomically(&info, new_text.as_bytes()).map_err(|source| Error::Write {
        path: info.clone(),
        source,
    })?;
    writeln!(
        out,
        "wrote `errors` for {written} of {} exercises into info.toml (the previous one is {})",
        pending.len(),
        backup.strip_prefix(&root).unwrap_or(&backup).display()
    )?;
    writeln!(out, "next: `ferry verify` holds every exercise to them")?;
    Ok(Success::Yes)
}

/// The names of the exercises whose entry has no `errors` key.
fn undeclared_exercises(doc: &toml_edit::DocumentMut) -> BTreeSet<String> {
    doc.get("exercises")
        .and_then(|e| e.as_array_of_tables())
        .map(|tables| {
            tables
                .iter()
                .filter(|t| !t.contains_key("errors"))
                .filter_map(|t| t.get("name").and_then(|n| n.as_str()).map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// What to write for one exercise, from the verdict on its untouched file and its solution.
pub fn find(root: &Path, exercise: &Exercise, verdict: &Verdict) -> Finding {
    let mut finding = Finding::default();
    if let Ok(solution) = std::fs::read_to_string(root.join(exercise.solution_path()))
        && let Ok(original) = std::fs::read_to_string(root.join(exercise.path()))
    {
        // Only when both parse: a file that is not Rust yet has no tests ferry could put back.
        let tests = |text: &str| Parsed::new(text).ok().map(|p| p.tests_tokens);
        finding.learner_tests = matches!(
            (tests(&original), tests(&solution)),
            (Some(shipped), Some(solved)) if shipped != solved
        );
        let judged = Exercise {
            learner_tests: finding.learner_tests,
            ..exercise.clone()
        };
        finding.permit_allow = Exam::new(&judged, &original, &solution)
            .hits
            .iter()
            .any(|hit| hit.rule == "allow");
        if finding.permit_allow {
            finding.notes.push(
                "its solution adds an `allow`, which ferry refuses a learner by default: permitted (`permit = [\"allow\"]`)"
                    .to_string(),
            );
        }
    }
    if verdict.is_done() && !exercise.skip_check_unsolved {
        finding.notes.push(
            "is done as it ships: left without `errors` (fix the exercise, or declare `skip_check_unsolved = true`)"
                .to_string(),
        );
        return finding;
    }
    let mut errors = Vec::new();
    for error in &verdict.errors {
        match entry(&error.message) {
            Some(entry) => errors.push(entry),
            None => {
                finding.notes.push(format!(
                    "its error \"{}\" has no code and too short a message to name: left without `errors`",
                    error.message.message
                ));
                return finding;
            }
        }
    }
    // Warnings and clippy's remarks on the untouched file are part of how it fails: declared,
    // so that verify does not call them noise.
    let mut lints = BTreeSet::new();
    for remark in verdict.warnings.iter().chain(&verdict.lints) {
        match &remark.code {
            Some(code) => {
                lints.insert(code.clone());
            }
            None => finding.notes.push(format!(
                "its warning \"{}\" has no lint name, so it can't be declared",
                remark.message
            )),
        }
    }
    errors.extend(lints);
    finding.errors = Some(errors);
    finding
}

/// An `errors` entry for a compiler error: its code, its lint's name, or its message.
fn entry(message: &Message) -> Option<String> {
    if let Some(code) = &message.code {
        return Some(code.clone());
    }
    let words = message
        .message
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    (words >= 2).then(|| message.message.trim().to_string())
}

/// Writes the finding into the exercise's table, after `dir` (or `name`), keeping every other
/// key, comment and layout. Returns whether `errors` was written.
fn apply(doc: &mut toml_edit::DocumentMut, name: &str, finding: &Finding) -> bool {
    let Some(tables) = doc
        .get_mut("exercises")
        .and_then(|e| e.as_array_of_tables_mut())
    else {
        return false;
    };
    let Some(table) = tables
        .iter_mut()
        .find(|t| t.get("name").and_then(|n| n.as_str()) == Some(name))
    else {
        return false;
    };
    let mut added: Vec<(&str, toml_edit::Item)> = Vec::new();
    if let Some(errors) = &finding.errors {
        let mut array = toml_edit::Array::new();
        for error in errors {
            array.push(error.as_str());
        }
        added.push(("errors", toml_edit::value(array)));
    }
    if finding.learner_tests && !table.contains_key("learner_tests") {
        added.push(("learner_tests", toml_edit::value(true)));
    }
    if finding.permit_allow && !table.contains_key("permit") {
        let mut array = toml_edit::Array::new();
        array.push("allow");
        added.push(("permit", toml_edit::value(array)));
    }
    if added.is_empty() {
        return false;
    }
    let after = if table.contains_key("dir") {
        "dir"
    } else {
        "name"
    };
    let keys: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
    let mut entries = Vec::with_capacity(keys.len());
    for key in &keys {
        if let Some(entry) = table.remove_entry(key) {
            entries.push(entry);
        }
    }
    let mut added = Some(added);
    for (key, item) in entries {
        let here = key.get() == after;
        table.insert_formatted(&key, item);
        if here && let Some(added) = added.take() {
            for (key, item) in added {
                table.insert(key, item);
            }
        }
    }
    finding.errors.is_some()
}

fn back_up(root: &Path, text: &str) -> Result<PathBuf> {
    let dir = crate::state::StateDir::new(root).backups();
    std::fs::create_dir_all(&dir).map_err(|source| Error::Write {
        path: dir.clone(),
        source,
    })?;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let path = dir.join(format!("info.toml.{stamp}"));
    crate::fs::write_atomically(&path, text.as_bytes()).map_err(|source| Error::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUSTLINGS: &str = r#"format_version = 1

# INTRO

[[exercises]]
name = "intro1"
dir = "00_intro"
test = false
skip_check_unsolved = true
hint = "Enter `n`"

[[exercises]]
name = "move1"
dir = "06_move"
# the tests are the learner's
hint = """
Two lines."""
"#;

    #[test]
    fn writes_errors_after_dir_and_keeps_the_rest() {
        let mut doc: toml_edit::DocumentMut = RUSTLINGS.parse().unwrap();
        let finding = Finding {
            errors: Some(vec!["E0382".into(), "unused_variables".into()]),
            learner_tests: true,
            permit_allow: false,
            notes: Vec::new(),
        };
        assert!(apply(&mut doc, "move1", &finding));
        let text = doc.to_string();
        assert!(text.contains("# INTRO"), "{text}");
        assert!(
            text.contains(
                "name = \"move1\"\ndir = \"06_move\"\nerrors = [\"E0382\", \"unused_variables\"]\nlearner_tests = true\n# the tests are the learner's\nhint = \"\"\"\nTwo lines.\"\"\""
            ),
            "{text}"
        );
        // And ferry reads the result as its own format.
        let curriculum = Curriculum::parse(Path::new("/c"), &text).unwrap();
        assert!(!curriculum.rustlings_format);
        assert!(curriculum.exercises[1].learner_tests);
        assert_eq!(
            curriculum.exercises[1].errors[1],
            crate::curriculum::ExpectedError::Lint("unused_variables".into())
        );
    }

    #[test]
    fn an_exercise_left_alone_is_not_touched() {
        let mut doc: toml_edit::DocumentMut = RUSTLINGS.parse().unwrap();
        assert!(!apply(&mut doc, "intro1", &Finding::default()));
        assert_eq!(doc.to_string(), RUSTLINGS);
    }

    #[test]
    fn codeless_errors_become_fragments_and_lints_keep_their_names() {
        let message = |code: Option<&str>, text: &str| {
            crate::verdict::fixtures::message(crate::diagnostics::Level::Error, code, text, 1)
        };
        assert_eq!(
            entry(&message(Some("E0502"), "cannot borrow")),
            Some("E0502".into())
        );
        assert_eq!(
            entry(&message(
                Some("clippy::approx_constant"),
                "approximate value"
            )),
            Some("clippy::approx_constant".into())
        );
        assert_eq!(
            entry(&message(None, "lifetime may not live long enough")),
            Some("lifetime may not live long enough".into())
        );
        assert_eq!(entry(&message(None, "oops")), None);
    }
}
