//! The reference solution beside the learner's finished exercise: what it says about itself
//! and how the two differ.
//!
//! Every solution repeats its exercise's top comment and adds comments of its own where the
//! fix is: what the fix does, and what the tempting fix would have cost. Those added comments
//! are the explanation; done, a learner sees them without opening the file.

use std::path::PathBuf;

use similar::{ChangeTag, TextDiff};

use crate::curriculum::{Curriculum, Exercise};
use crate::predict;

/// What the done panel shows about the reference solution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solved {
    /// The solution's file, relative to the curriculum, when there is one.
    pub path: Option<PathBuf>,
    /// Its explanation: the comments it adds to the exercise, one paragraph per block.
    pub explanation: Vec<String>,
    pub difference: Difference,
    /// What the program printed (an exercise run through its `main`), if anything.
    pub output: Option<String>,
    /// The solution's file was written into the workspace by this check.
    pub just_written: bool,
    /// The workspace's Cargo.toml was left alone (the learner edited it): what to add.
    pub kept_edits: Option<String>,
}

/// How the learner's code differs from the reference's, comments and layout aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// No reference to compare with.
    Unknown,
    Same,
    /// A few lines: each, as the learner's (`yours`) or the reference's.
    Lines(Vec<Line>),
    /// More lines than are worth showing here: how many.
    Many(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub yours: bool,
    pub text: String,
}

/// Lines of difference shown at most; beyond, the panel points to the file.
const SHOWN: usize = 12;

/// The reference solution's text: the file in the curriculum, else the one built into ferry
/// (a workspace gets its file only when the exercise is done).
pub fn reference(curriculum: &Curriculum, exercise: &Exercise, bundled: bool) -> Option<String> {
    std::fs::read_to_string(curriculum.root.join(exercise.solution_path()))
        .ok()
        .or_else(|| {
            bundled
                .then(|| crate::bundled::solution(exercise))
                .flatten()
                .map(|b| String::from_utf8_lossy(b).into_owned())
        })
}

/// The done panel's matter for `exercise`, finished as `learner`.
pub fn solved(
    curriculum: &Curriculum,
    exercise: &Exercise,
    bundled: bool,
    untouched: Option<&str>,
    learner: &str,
    output: Option<&str>,
) -> Solved {
    let reference = reference(curriculum, exercise, bundled);
    let path = exercise.solution_path();
    Solved {
        path: curriculum.root.join(&path).is_file().then_some(path),
        explanation: match (&reference, untouched) {
            (Some(reference), Some(untouched)) => explanation(untouched, reference),
            _ => Vec::new(),
        },
        difference: reference
            .as_deref()
            .map_or(Difference::Unknown, |r| difference(learner, r)),
        output: output
            .map(str::trim_end)
            .filter(|o| !o.trim().is_empty())
            .map(String::from),
        just_written: false,
        kept_edits: None,
    }
}

/// The comments the solution adds to its exercise, each run of comment lines joined into one
/// paragraph (without the `//`). A predict exercise's answer line is not one of them.
pub fn explanation(untouched: &str, solution: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for change in TextDiff::from_lines(untouched, solution).iter_all_changes() {
        let line = change.value().trim();
        // `//` and `///` alike.
        let comment = line
            .strip_prefix("//")
            .map(|c| c.trim_start_matches('/').trim());
        match (change.tag(), comment) {
            (ChangeTag::Insert, Some(text)) if !line.starts_with(predict::MARKER) => {
                if text.is_empty() {
                    flush(&mut current, &mut paragraphs);
                } else {
                    current.push(text.to_string());
                }
            }
            (ChangeTag::Delete, _) => {}
            _ => flush(&mut current, &mut paragraphs),
        }
    }
    flush(&mut current, &mut paragraphs);
    paragraphs
}

fn flush(current: &mut Vec<String>, paragraphs: &mut Vec<String>) {
    if !current.is_empty() {
        paragraphs.push(current.join(" "));
        current.clear();
    }
}

/// The learner's code against the reference's, line by line, ignoring comments, blank lines
/// and indentation (rustfmt's business, not the lesson's).
pub fn difference(learner: &str, reference: &str) -> Difference {
    let code = |text: &str| -> String {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("//"))
            .map(|l| format!("{l}\n"))
            .collect()
    };
    let (learner, reference) = (code(learner), code(reference));
    let diff = TextDiff::from_lines(&learner, &reference);
    let lines: Vec<Line> = diff
        .iter_all_changes()
        .filter(|c| c.tag() != ChangeTag::Equal)
        .map(|c| Line {
            yours: c.tag() == ChangeTag::Delete,
            text: c.value().trim_end().to_string(),
        })
        .collect();
    match lines.len() {
        0 => Difference::Same,
        n if n > SHOWN => Difference::Many(n),
        _ => Difference::Lines(lines),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_explanation_is_what_the_solution_comments_add() {
        let untouched = "// A handler. Fix it.\nfn log(req: Request) {}\n\nfn main() {}\n";
        let solution = "// A handler. Fix it.\n// ANSWER: E0382 line 2\n// Logging only reads, so it\n// borrows.\n//\n// A clone would copy the body.\nfn log(req: &Request) {}\n\n// Called with a borrow.\nfn main() {}\n";
        assert_eq!(
            explanation(untouched, solution),
            [
                "Logging only reads, so it borrows.",
                "A clone would copy the body.",
                "Called with a borrow."
            ]
        );
    }

    #[test]
    fn the_difference_ignores_comments_and_layout() {
        let reference = "// why\nfn log(req: &Request) {\n    req.path.len()\n}\n";
        assert_eq!(
            difference(
                "fn log(req: &Request) {\n  req.path.len()\n}\n\n",
                reference
            ),
            Difference::Same
        );
        assert_eq!(
            difference(
                "fn log(req: &Request) {\n    req.path.clone().len()\n}\n",
                reference
            ),
            Difference::Lines(vec![
                Line {
                    yours: true,
                    text: "req.path.clone().len()".into()
                },
                Line {
                    yours: false,
                    text: "req.path.len()".into()
                },
            ])
        );
        let long: String = (0..20).map(|i| format!("let x{i} = {i};\n")).collect();
        assert_eq!(difference(&long, reference), Difference::Many(23));
    }

    #[test]
    fn every_bundled_solution_explains_itself() {
        let curriculum = crate::bundled::curriculum();
        for exercise in &curriculum.exercises {
            let untouched = crate::bundled::exercise(exercise).expect("the exercise");
            let solution = crate::bundled::solution(exercise).expect("its solution");
            let paragraphs = explanation(
                &String::from_utf8_lossy(untouched),
                &String::from_utf8_lossy(solution),
            );
            let words: usize = paragraphs
                .iter()
                .map(|p| p.split_whitespace().count())
                .sum();
            assert!(words >= 20, "{}: {paragraphs:?}", exercise.name);
        }
    }
}
