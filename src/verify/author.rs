//! Author checks: warnings, not failures, about exercises that may teach nothing (a first hint
//! that gives the fix away, rustc's own suggestion fixing it, an exercise that is its solution,
//! a chapter without a README).

use std::collections::BTreeSet;
use std::path::Path;

use super::{Warning, slash};
use crate::check;
use crate::curriculum::{Curriculum, EXERCISES_DIR, Exercise, INFO_FILE};
use crate::error::{Error, Result};
use crate::runner::Runner;
use crate::verdict::Verdict;

/// Applies every edit rustc's `help:` proposes and checks the result: if that alone makes the
/// exercise pass, the learner can fix it without learning anything.
pub(super) fn suggestion_fixes_it(
    runner: &dyn Runner,
    exercise: &Exercise,
    verdict: &Verdict,
    text: &str,
    build: &Path,
    options: check::Options<'_>,
) -> Result<Option<Warning>> {
    // An error without a suggestion stays after the edits: no need to compile to know.
    if verdict
        .errors
        .iter()
        .any(|e| e.message.suggestions.is_empty())
    {
        return Ok(None);
    }
    let file = slash(&exercise.path());
    let first_line = verdict.errors.first().and_then(|e| e.message.line());
    let edits: Vec<(usize, usize, String)> = verdict
        .errors
        .iter()
        .flat_map(|e| &e.message.suggestions)
        .filter(|s| s.file.replace('\\', "/") == file)
        .map(|s| (s.start, s.end, s.replacement.clone()))
        .collect();
    let Some(fixed) = super::cheats::apply_edits(text, edits) else {
        return Ok(None);
    };
    let scratch = build.join("suggested");
    let relative = Path::new("suggested").join(format!("{}.rs", exercise.name));
    std::fs::create_dir_all(&scratch).map_err(|source| Error::Write {
        path: scratch.clone(),
        source,
    })?;
    std::fs::write(build.join(&relative), &fixed).map_err(|source| Error::Write {
        path: build.join(&relative),
        source,
    })?;
    // Compile from the scratch folder so the copy never sits among the exercises.
    let verdict = check::check(
        runner,
        build,
        exercise,
        &relative,
        Some(text),
        &scratch.join(&exercise.name),
        options,
    )?;
    let _ = std::fs::remove_dir_all(scratch.join(&exercise.name));
    Ok(verdict.is_done().then(|| Warning {
        exercise: Some(exercise.name.clone()),
        message: "rustc's own help: suggestion makes this exercise pass as it is: a learner can apply it without learning the lesson; make the tests rule that fix out".to_string(),
        file,
        line: first_line,
    }))
}

/// Author checks that need no compiler: a first hint that contains the fix, an exercise that is
/// already its solution, a chapter without a README.
pub(super) fn static_warnings(curriculum: &Curriculum, selected: &[&Exercise]) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let mut chapters = BTreeSet::new();
    for exercise in selected {
        let root = &curriculum.root;
        let source = std::fs::read_to_string(root.join(exercise.path())).unwrap_or_default();
        let solution = std::fs::read_to_string(root.join(exercise.solution_path())).ok();
        if let Some(solution) = &solution {
            // An introduction that is done as it ships (`skip_check_unsolved`) may be.
            if solution == &source && !exercise.skip_check_unsolved {
                warnings.push(Warning {
                    exercise: Some(exercise.name.clone()),
                    message: "the exercise file is identical to its solution".to_string(),
                    file: slash(&exercise.path()),
                    line: None,
                });
            } else if let Some(line) = hint_gives_fix(&exercise.hints, &source, solution) {
                warnings.push(Warning {
                    exercise: Some(exercise.name.clone()),
                    message: format!(
                        "the first hint contains a line of the fix verbatim (`{line}`): make the first level a nudge toward the idea, and keep the exact move for the last"
                    ),
                    file: INFO_FILE.to_string(),
                    line: Some(exercise.line),
                });
            }
        }
        if let Some(dir) = &exercise.dir {
            chapters.insert(dir.clone());
        }
    }
    for chapter in chapters {
        let readme = Path::new(EXERCISES_DIR).join(&chapter).join("README.md");
        if !curriculum.root.join(&readme).is_file() {
            warnings.push(Warning {
                exercise: None,
                message: format!(
                    "the chapter `{chapter}` has no README: say what it teaches and why, for the learner who opens the folder"
                ),
                file: slash(&readme),
                line: None,
            });
        }
    }
    warnings
}

/// A line the solution adds (not a comment, long enough to mean something) that the first hint
/// quotes verbatim.
fn hint_gives_fix(hints: &[String], source: &str, solution: &str) -> Option<String> {
    let first = hints.first()?;
    let before: BTreeSet<&str> = source.lines().map(str::trim).collect();
    solution
        .lines()
        .map(str::trim)
        .filter(|l| l.len() >= 12 && !l.starts_with("//") && !before.contains(l))
        .find(|l| first.contains(l))
        .map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_hint_quoting_the_fix_is_caught() {
        let source = "fn f(req: Request) {}\nfn main() {}\n";
        let solution = "fn f(req: &Request) {}\nfn main() {}\n";
        let hints = vec!["Write `fn f(req: &Request) {}` instead.".to_string()];
        assert_eq!(
            hint_gives_fix(&hints, source, solution).as_deref(),
            Some("fn f(req: &Request) {}")
        );
        let nudge = vec!["What kind of parameter only looks at a value?".to_string()];
        assert_eq!(hint_gives_fix(&nudge, source, solution), None);
    }
}
