//! What ferry compiles and weighs for a learner's file: the exercise's own tests put back in,
//! the lesson guards the learner's changes break, and where each learner line came from.
//!
//! Pure: no processes. `check` builds an `Exam`, compiles `exam.program()`, and the verdict reads
//! the rest.

use serde::{Deserialize, Serialize};

use crate::curriculum::Exercise;
use crate::curriculum::guards::{self, Hit};
use crate::diagnostics::Message;
use crate::source::{Assembled, LineMap, Parsed, TestsChange};

#[derive(Debug, Clone)]
pub struct Exam {
    /// The learner's file is the untouched file, byte for byte.
    pub untouched: bool,
    pub assembled: Assembled,
    pub hits: Vec<Hit>,
    map: LineMap,
    original: Option<Parsed>,
    learner: Option<Parsed>,
}

/// Where the untouched file gives one of its errors: what `errors` declares, placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// The error code, or the message of a codeless error.
    pub label: String,
    pub line: usize,
}

impl Exam {
    pub fn new(exercise: &Exercise, original: &str, learner: &str) -> Exam {
        let untouched = original == learner;
        let original_parsed = Parsed::new(original).ok();
        let learner_parsed = if untouched {
            original_parsed.clone().ok_or_else(String::new)
        } else {
            Parsed::new(learner)
        };
        let assembled = if exercise.learner_tests {
            // The tests are part of the learner's work: theirs judge, and each must pass.
            Assembled {
                text: learner.to_string(),
                tests: None,
                change: TestsChange::Same,
                expected_tests: learner_parsed
                    .as_ref()
                    .map(|p| p.test_names.clone())
                    .unwrap_or_default(),
            }
        } else {
            Assembled::new(
                original,
                original_parsed.as_ref(),
                learner,
                learner_parsed.as_ref().map_err(String::as_str),
            )
        };
        let map = LineMap::new(original, learner);
        let hits = if untouched {
            Vec::new()
        } else {
            guards::hits(&exercise.guards, original, learner, &map)
        };
        // Spans from proc-macro2 live in a per-thread table until told otherwise.
        proc_macro2::extra::invalidate_current_thread_spans();
        Exam {
            untouched,
            assembled,
            hits,
            map,
            original: original_parsed,
            learner: learner_parsed.ok(),
        }
    }

    pub fn tests_change(&self) -> &TestsChange {
        &self.assembled.change
    }

    /// Is this message about the exercise's tests that ferry appended (not the learner's code)?
    pub fn in_appended_tests(&self, message: &Message) -> bool {
        message
            .primary
            .as_ref()
            .is_some_and(|at| crate::source::is_shipped_tests(&at.file))
    }

    /// Is `message` one of the errors the exercise is about: a declared code (or codeless
    /// message) at a place the untouched file gives it — the same line, mapped through the
    /// learner's edits, or the same item (function, method)? `places` is `None` when ferry does
    /// not know them; then the code alone decides.
    pub fn is_expected(
        &self,
        exercise: &Exercise,
        message: &Message,
        places: Option<&[Place]>,
    ) -> bool {
        let declared = exercise.errors.iter().any(|e| e.matches_message(message));
        if !declared || self.in_appended_tests(message) {
            return false;
        }
        let Some(places) = places else {
            return true;
        };
        if self.untouched {
            return true;
        }
        let Some(line) = message.line() else {
            return false;
        };
        let original_line = self.map.to_original(line);
        let item = self.learner.as_ref().and_then(|p| p.item_at(line));
        places
            .iter()
            .filter(|p| {
                exercise
                    .errors
                    .iter()
                    .any(|e| e.matches_message(message) && e.matches_place(&p.label))
            })
            .any(|p| {
                original_line == Some(p.line)
                    || item.is_some_and(|item| {
                        self.original.as_ref().and_then(|o| o.item_at(p.line)) == Some(item)
                    })
            })
    }
}

/// The places of the untouched file's errors, from its own compile.
pub fn places_of(messages: &[Message]) -> Vec<Place> {
    messages
        .iter()
        .filter(|m| m.is_error())
        .filter_map(|m| {
            Some(Place {
                // A lint raised to an error is placed by its name, as `errors` declares it.
                label: m.code.clone().unwrap_or_else(|| m.label().to_string()),
                line: m.line()?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curriculum::ExpectedError;
    use crate::diagnostics::{Level, Location};

    const ORIGINAL: &str = "\
fn log(r: String) {}

fn handle() {
    let r = String::new();
    log(r);
    println!(\"{r}\");
}

fn main() {}
";

    fn exercise() -> Exercise {
        let text = "format_version = 1\n[[exercises]]\nname = \"x\"\nerrors = [\"E0382\"]\ntest = false\nhint = \"h\"\n";
        let mut c = crate::curriculum::Curriculum::parse(std::path::Path::new("/c"), text).unwrap();
        c.exercises.remove(0)
    }

    fn error(code: &str, line: usize) -> Message {
        Message {
            level: Level::Error,
            code: Some(code.into()),
            message: "borrow of moved value".into(),
            primary: Some(Location {
                file: "x.rs".into(),
                line,
                column: 5,
            }),
            rendered: String::new(),
            suggestions: Vec::new(),
            json: String::new(),
        }
    }

    #[test]
    fn the_declared_error_at_its_place_through_edits() {
        let ex = exercise();
        assert_eq!(ex.errors, vec![ExpectedError::Code("E0382".into())]);
        let places = vec![Place {
            label: "E0382".into(),
            line: 6,
        }];
        // Two lines added above: the same error now on line 8 is still the one.
        let learner = ORIGINAL.replace("fn handle() {", "// a note\n// another\nfn handle() {");
        let exam = Exam::new(&ex, ORIGINAL, &learner);
        assert!(exam.is_expected(&ex, &error("E0382", 8), Some(&places)));
        // The same code in another function is a new error.
        let elsewhere =
            format!("{learner}\nfn other() {{ let s = String::new(); drop(s); drop(s); }}\n");
        let exam = Exam::new(&ex, ORIGINAL, &elsewhere);
        let last = elsewhere.lines().count();
        assert!(!exam.is_expected(&ex, &error("E0382", last), Some(&places)));
        // Another code is never the one.
        assert!(!exam.is_expected(&ex, &error("E0505", 8), Some(&places)));
        // Unknown places: the code decides.
        assert!(exam.is_expected(&ex, &error("E0382", last), None));
    }
}
