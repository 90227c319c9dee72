//! What `ferry verify` reports about a checked file: the problems with an untouched exercise
//! (it must fail exactly as declared) and with a solution (it must be done).

use crate::curriculum::{Exercise, ExpectedError};
use crate::diagnostics::Message;
use crate::predict;
use crate::source::TestsChange;
use crate::verdict::{
    ErrorFinding, Run, Verdict, deadlock_text, deadlock_threads, flood_text, hit_text,
    incomplete_text, memory_text, timeout_text,
};

/// Something `ferry verify` found wrong with a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    /// The line of the checked file it is about; `None`: about the exercise's entry in
    /// info.toml (what it declares) rather than a line of the file.
    pub line: Option<usize>,
}

impl Problem {
    fn at(line: Option<usize>, message: String) -> Problem {
        Problem { message, line }
    }

    fn declared(message: String) -> Problem {
        Problem {
            message,
            line: None,
        }
    }
}

/// What is wrong with a predict exercise's answer key and answer lines, for `ferry verify`.
pub fn predict_problems(
    exercise: &Exercise,
    untouched: &Verdict,
    untouched_source: &str,
) -> Vec<Problem> {
    let Some(key) = &exercise.predict else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    let reported = untouched.errors.iter().any(|e| {
        e.message.error_code() == Some(key.code.as_str())
            && e.message
                .primary
                .as_ref()
                .is_some_and(|p| p.line == key.line)
    });
    if !reported {
        let actual: Vec<String> = untouched
            .errors
            .iter()
            .map(|e| match &e.message.primary {
                Some(p) => format!("{} line {}", e.message.label(), p.line),
                None => e.message.label().to_string(),
            })
            .collect();
        problems.push(Problem::declared(format!(
            "the answer key says {} line {}, but the compiler reports {}",
            key.code,
            key.line,
            if actual.is_empty() {
                "no error".to_string()
            } else {
                actual.join(", ")
            }
        )));
    }
    match predict::answer_line(untouched_source) {
        None => problems.push(Problem::at(
            Some(1),
            format!(
                "has no answer line: add `{} E____ line __` for the learner to fill in",
                predict::MARKER
            ),
        )),
        Some(line) if line.answer.is_some() => problems.push(Problem::at(
            Some(line.line),
            format!(
                "the answer line (line {}) is already filled in: ship it as `{} E____ line __`",
                line.line,
                predict::MARKER
            ),
        )),
        Some(_) => {}
    }
    problems
}

fn located(message: &Message) -> String {
    match &message.primary {
        Some(at) => format!(
            "{} at line {}: {}",
            message.label(),
            at.line,
            message.message
        ),
        None => format!("{}: {}", message.label(), message.message),
    }
}

/// What is wrong with an untouched exercise, for `ferry verify`; empty when it fails exactly as
/// declared.
pub fn untouched_problems(exercise: &Exercise, verdict: &Verdict) -> Vec<Problem> {
    let mut problems = Vec::new();
    if !exercise.errors_declared {
        // rustlings' format: how it fails is not declared, only that it must.
        if verdict.is_done() {
            problems.push(Problem::declared(
                "is done as it ships: an exercise must fail until the learner fixes it (declare `skip_check_unsolved = true` for one that only introduces the loop)".into(),
            ));
        }
        return problems;
    }
    if exercise.is_runtime() {
        let lints: Vec<&str> = exercise.lints().collect();
        for error in &verdict.errors {
            // A declared lint the file raises to an error (`#![forbid(...)]`, a deny lint).
            if error
                .message
                .code
                .as_deref()
                .is_some_and(|c| lints.contains(&c))
            {
                continue;
            }
            problems.push(Problem::at(
                error.message.line(),
                format!(
                    "should compile and fail at run time, but has an error: {}",
                    located(&error.message)
                ),
            ));
        }
        if lints.is_empty() && verdict.run == Some(Run::Passed) {
            problems.push(Problem::declared(
                "compiles and runs successfully, but should fail at run time".into(),
            ));
        }
        for lint in lints {
            let reported = verdict
                .lints
                .iter()
                .chain(&verdict.warnings)
                .chain(verdict.errors.iter().map(|e| &e.message))
                .any(|l| l.code.as_deref() == Some(lint));
            if !reported {
                problems.push(Problem::declared(if lint.starts_with("clippy::") {
                    format!("expected clippy's {lint}, which clippy did not report")
                } else {
                    format!("expected the lint {lint}, which the compiler did not report")
                }));
            }
        }
    } else {
        if verdict.errors.is_empty() {
            problems.push(Problem::declared(format!(
                "compiles, but should fail with {}",
                list(&exercise.errors)
            )));
        }
        let (missing, unexpected) = if verdict.errors.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            match_errors(&exercise.errors, &verdict.errors)
        };
        for expected in missing {
            // A declared lint may come as a warning beside the errors.
            let warned = |code: &str| {
                verdict
                    .warnings
                    .iter()
                    .chain(&verdict.lints)
                    .any(|w| w.code.as_deref() == Some(code))
            };
            if let ExpectedError::Lint(lint) = expected
                && warned(lint)
            {
                continue;
            }
            problems.push(Problem::declared(format!(
                "expected error {expected}, which the compiler did not report"
            )));
        }
        for error in unexpected {
            problems.push(Problem::at(
                error.line(),
                format!("unexpected error {}", located(error)),
            ));
        }
    }
    let undeclared = verdict
        .warnings
        .iter()
        .chain(&verdict.lints)
        .filter(|l| !exercise.declares_lint(l));
    for noise in undeclared {
        problems.push(Problem::at(
            noise.line(),
            format!("unexpected warning {}", located_lint(noise)),
        ));
    }
    problems
}

/// What is wrong with a solution, for `ferry verify`; empty when it is done.
pub fn solution_problems(verdict: &Verdict) -> Vec<Problem> {
    let mut problems = Vec::new();
    for error in &verdict.errors {
        problems.push(Problem::at(
            error.message.line(),
            format!("does not compile: {}", located(&error.message)),
        ));
    }
    match &verdict.run {
        Some(Run::Failed { tests, exit_code }) => match tests {
            Some(report) if !report.failed.is_empty() => {
                for failed in &report.failed {
                    let first = failed
                        .message
                        .lines()
                        .find(|l| !l.trim().is_empty() && !l.starts_with("thread '"))
                        .unwrap_or("");
                    problems.push(Problem::at(
                        panic_line(&failed.message),
                        format!("test {} failed: {first}", failed.name),
                    ));
                }
            }
            _ => problems.push(Problem::at(
                Some(1),
                match exit_code {
                    Some(code) => format!("exits with code {code}"),
                    None => "was killed by a signal".to_string(),
                },
            )),
        },
        Some(Run::TimedOut { after, unfinished }) => {
            problems.push(Problem::at(
                Some(1),
                timeout_text(*after, unfinished.as_deref()),
            ));
        }
        Some(Run::Deadlocked {
            after,
            threads,
            unfinished,
        }) => {
            let unfinished = unfinished.as_deref();
            problems.push(Problem::at(
                Some(1),
                format!(
                    "{} ({})",
                    deadlock_text(*after, threads, unfinished),
                    deadlock_threads(threads, unfinished).join("; ")
                ),
            ));
        }
        Some(Run::Flooded { .. }) => problems.push(Problem::at(Some(1), flood_text().to_string())),
        Some(Run::TooMuchMemory { used, limit }) => {
            problems.push(Problem::at(Some(1), memory_text(*used, *limit)));
        }
        Some(Run::Incomplete {
            missing,
            unreadable,
        }) => problems.push(Problem::at(
            Some(1),
            incomplete_text(missing, unreadable.as_deref()),
        )),
        Some(Run::Passed) | None => {}
    }
    for hit in &verdict.hits {
        problems.push(Problem::at(
            Some(hit.line),
            format!("breaks a lesson guard: {}", hit_text(hit)),
        ));
    }
    match &verdict.tests_change {
        TestsChange::Same => {}
        TestsChange::Edited { line } => problems.push(Problem::at(
            Some(*line),
            "its tests differ from the exercise's: keep them identical (ferry judges with the exercise's own)".to_string(),
        )),
        TestsChange::Removed => problems.push(Problem::at(
            Some(1),
            "has none of the exercise's tests: keep them identical (ferry judges with the exercise's own)".to_string(),
        )),
        TestsChange::Unreadable { reason } => problems.push(Problem::at(
            Some(1),
            format!("is not Rust ferry can read: {reason}"),
        )),
    }
    for noise in verdict.warnings.iter().chain(&verdict.lints) {
        problems.push(Problem::at(
            noise.line(),
            format!("warning {}", located_lint(noise)),
        ));
    }
    problems
}

/// The line of "thread '…' panicked at path/file.rs:LINE:COL:" in a test's output.
fn panic_line(message: &str) -> Option<usize> {
    let after = message.split("panicked at ").nth(1)?;
    let location = after.split_whitespace().next()?.trim_end_matches(':');
    let mut parts = location.rsplitn(3, ':');
    let _column = parts.next()?;
    parts.next()?.parse().ok()
}

fn located_lint(message: &Message) -> String {
    let code = message.code.as_deref().unwrap_or("warning");
    match &message.primary {
        Some(at) => format!("{code} at line {}: {}", at.line, message.message),
        None => format!("{code}: {}", message.message),
    }
}

fn list(errors: &[ExpectedError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Pairs declared errors with reported ones, one to one. Returns the declared errors nobody
/// reported and the reported errors nobody declared.
fn match_errors<'a>(
    expected: &'a [ExpectedError],
    actual: &'a [ErrorFinding],
) -> (Vec<&'a ExpectedError>, Vec<&'a Message>) {
    let mut unmatched: Vec<Option<&ExpectedError>> = expected.iter().map(Some).collect();
    let mut unexpected = Vec::new();
    // Codes first, so that a fragment never takes an error a code was declared for.
    let mut order: Vec<&ErrorFinding> = actual.iter().collect();
    order.sort_by_key(|f| f.message.error_code().is_none());
    for finding in order {
        let m = &finding.message;
        let slot = unmatched
            .iter_mut()
            .find(|slot| slot.is_some_and(|e| e.matches_message(m)));
        match slot {
            Some(slot) => *slot = None,
            None => unexpected.push(m),
        }
    }
    (unmatched.into_iter().flatten().collect(), unexpected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Level;
    use crate::runner::{Ended, ThreadWait, Wait};
    use crate::verdict::fixtures::*;
    use crate::verdict::{Outcome, Status};
    use std::time::Duration;

    #[test]
    fn failing_tests_and_timeouts_are_verdicts() {
        let ex = exercise(&[], true);
        let failed = Verdict::new(
            &ex,
            Outcome {
                messages: vec![],
                execution: ran(
                    Ended::Exited(status(101)),
                    "test tests::a ... FAILED\n\n---- tests::a stdout ----\nthread 'tests::a' (7) panicked at x.rs:1:1:\nboom\n\nfailures:\n",
                ),
            },
        );
        assert_eq!(failed.status(), Status::RunFailed);
        assert_eq!(
            solution_problems(&failed),
            vec![Problem {
                message: "test tests::a failed: boom".to_string(),
                line: Some(1)
            }]
        );
        let hung = Verdict::new(
            &ex,
            Outcome {
                messages: vec![],
                execution: ran(Ended::TimedOut, "test tests::locks ... "),
            },
        );
        assert_eq!(hung.status(), Status::TimedOut);
        let problems = solution_problems(&hung);
        assert!(
            problems[0]
                .message
                .starts_with("timed out: did not finish within 2 s"),
            "{problems:?}"
        );
        assert!(problems[0].message.contains("tests::locks"), "{problems:?}");

        // A deadlock ferry saw: one line, with what each of the test's threads waits for.
        let threads = vec![
            ThreadWait {
                pid: 40,
                tid: 40,
                name: "x".into(),
                wait: Wait::Parked,
            },
            ThreadWait {
                pid: 40,
                tid: 41,
                name: "tests::locks".into(),
                wait: Wait::Lock,
            },
        ];
        let mut execution = ran(Ended::Deadlocked { threads }, "test tests::locks ... ").unwrap();
        execution.elapsed = Duration::from_millis(240);
        let stuck = Verdict::new(
            &ex,
            Outcome {
                messages: vec![],
                execution: Some(execution),
            },
        );
        assert_eq!(stuck.status(), Status::Deadlocked);
        assert_eq!(
            solution_problems(&stuck),
            vec![Problem {
                message: "deadlock after 0.2 s in test tests::locks: its only thread is waiting and nothing can wake it — is a lock taken twice? (the test thread (tests::locks): waiting for a lock)".to_string(),
                line: Some(1)
            }]
        );
    }

    #[test]
    fn untouched_must_fail_exactly_as_declared() {
        let ex = exercise(&["E0382", "E0382", "may not live long enough"], false);
        let errors = |list: &[(Option<&str>, &str)]| Outcome {
            messages: list
                .iter()
                .map(|(c, m)| message(Level::Error, *c, m, 4))
                .collect(),
            execution: None,
        };
        let exact = Verdict::new(
            &ex,
            errors(&[
                (Some("E0382"), "moved"),
                (None, "lifetime may not live long enough"),
                (Some("E0382"), "moved"),
            ]),
        );
        assert_eq!(untouched_problems(&ex, &exact), Vec::<Problem>::new());

        let one_short = Verdict::new(
            &ex,
            errors(&[
                (Some("E0382"), "moved"),
                (None, "lifetime may not live long enough"),
            ]),
        );
        assert_eq!(
            untouched_problems(&ex, &one_short),
            vec![Problem {
                message: "expected error E0382, which the compiler did not report".to_string(),
                line: None
            }]
        );

        let other = Verdict::new(
            &ex,
            errors(&[
                (Some("E0382"), "moved"),
                (Some("E0382"), "moved"),
                (None, "lifetime may not live long enough"),
                (Some("E0308"), "mismatched types"),
            ]),
        );
        assert_eq!(
            untouched_problems(&ex, &other),
            vec![Problem {
                message: "unexpected error E0308 at line 4: mismatched types".to_string(),
                line: Some(4)
            }]
        );
    }

    #[test]
    fn untouched_that_compiles_or_warns_is_a_problem() {
        let ex = exercise(&["E0502"], false);
        let compiles = Verdict::new(
            &ex,
            Outcome {
                messages: vec![message(Level::Warning, Some("unused_mut"), "unused", 2)],
                execution: ran(Ended::Exited(status(0)), ""),
            },
        );
        let problems = untouched_problems(&ex, &compiles);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].message, "compiles, but should fail with E0502");
        assert_eq!(problems[0].line, None);
        assert!(problems[1].message.contains("unused_mut at line 2"));
        assert_eq!(problems[1].line, Some(2));

        let runtime = exercise(&[], true);
        let passes = Verdict::new(
            &runtime,
            Outcome {
                messages: vec![],
                execution: ran(Ended::Exited(status(0)), ""),
            },
        );
        assert_eq!(
            untouched_problems(&runtime, &passes),
            vec![Problem {
                message: "compiles and runs successfully, but should fail at run time".to_string(),
                line: None
            }]
        );
        let deadlocks = Verdict::new(
            &runtime,
            Outcome {
                messages: vec![],
                execution: ran(Ended::TimedOut, ""),
            },
        );
        assert!(untouched_problems(&runtime, &deadlocks).is_empty());
    }

    #[test]
    fn a_lint_exercise_compiles_and_passes_but_must_give_its_lint() {
        let ex = exercise(&["clippy::await_holding_lock"], true);
        assert!(ex.is_runtime());
        let lint = |code| {
            Verdict::new(
                &ex,
                Outcome {
                    messages: vec![message(Level::Warning, Some(code), "held", 7)],
                    execution: ran(Ended::Exited(status(0)), ""),
                },
            )
        };
        assert!(untouched_problems(&ex, &lint("clippy::await_holding_lock")).is_empty());
        let other = untouched_problems(&ex, &lint("clippy::needless_return"));
        assert_eq!(other.len(), 2, "{other:?}");
        assert_eq!(
            other[0].message,
            "expected clippy's clippy::await_holding_lock, which clippy did not report"
        );
        assert!(
            other[1]
                .message
                .contains("unexpected warning clippy::needless_return")
        );
        let clean = Verdict::new(
            &ex,
            Outcome {
                messages: vec![],
                execution: ran(Ended::Exited(status(0)), ""),
            },
        );
        assert_eq!(untouched_problems(&ex, &clean).len(), 1);
    }
}
