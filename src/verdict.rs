//! What happened (an `Outcome`) weighed against what the exercise expects: a `Verdict`.
//!
//! Pure functions, no processes: the checker produces outcomes, this module judges them.

use std::time::Duration;

use crate::curriculum::Exercise;
use crate::curriculum::guards::Hit;
use crate::diagnostics::Message;
use crate::exam::{Exam, Place};
use crate::predict::{self, Grade};
use crate::runner::{Ended, Execution, ThreadWait, Wait};
use crate::source::TestsChange;
use crate::testreport::{self, TestReport};

/// Everything a check found: compiler messages and, if it compiled, the run.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub messages: Vec<Message>,
    pub execution: Option<Execution>,
}

/// How running the program (or its tests) went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run {
    Passed,
    /// Tests failed, or main exited non-zero / panicked.
    Failed {
        tests: Option<TestReport>,
        exit_code: Option<i32>,
    },
    TimedOut {
        after: Duration,
        unfinished: Option<String>,
    },
    /// Stopped `after` this long, once every thread was blocked for good: the program's
    /// threads (libtest's own main thread left out) and what each waits for.
    Deadlocked {
        after: Duration,
        threads: Vec<ThreadWait>,
        unfinished: Option<String>,
    },
    Flooded {
        dropped: u64,
    },
    /// Held more than `limit` bytes resident (`used` when it was stopped).
    TooMuchMemory {
        used: u64,
        limit: u64,
    },
    /// It exited successfully, but not every one of the exercise's tests reported a pass (the
    /// program ended early, or ferry could not put the tests in).
    Incomplete {
        missing: Vec<String>,
        /// Why ferry could not put the exercise's tests into the learner's file.
        unreadable: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    DoesNotCompile,
    RunFailed,
    TimedOut,
    Deadlocked,
    Flooded,
    TooMuchMemory,
    /// It works, but the learner's change breaks a lesson guard.
    SkipsLesson,
    Warnings,
    Lints,
    Done,
}

#[derive(Debug, Clone)]
pub struct ErrorFinding {
    pub message: Message,
    /// One of the errors this exercise is about (as opposed to a new one).
    pub expected: bool,
    /// In the exercise's own tests, which ferry put back in place of the learner's edited ones.
    pub in_tests: bool,
}

#[derive(Debug, Clone)]
pub struct Verdict {
    pub errors: Vec<ErrorFinding>,
    /// rustc's warnings.
    pub warnings: Vec<Message>,
    /// clippy's remarks.
    pub lints: Vec<Message>,
    pub run: Option<Run>,
    pub execution: Option<Execution>,
    /// Lesson guards the learner's change breaks.
    pub hits: Vec<Hit>,
    /// What the learner did to the exercise's tests (ferry ran the exercise's own either way).
    pub tests_change: TestsChange,
}

impl Verdict {
    /// The verdict on an untouched file: its errors matched by code.
    pub fn new(exercise: &Exercise, outcome: Outcome) -> Verdict {
        let mut verdict = Verdict::sort(outcome, |m| {
            exercise.errors.iter().any(|e| e.matches_message(m))
        });
        verdict.run = verdict
            .execution
            .as_ref()
            .map(|e| judge_run(e, exercise, None));
        verdict
    }

    /// The verdict on a learner's file: the errors matched by code and place, the exercise's
    /// own tests all passing, the guards respected.
    pub fn judged(
        exercise: &Exercise,
        outcome: Outcome,
        exam: &Exam,
        places: Option<&[Place]>,
    ) -> Verdict {
        let mut verdict = Verdict::sort(outcome, |m| exam.is_expected(exercise, m, places));
        for finding in &mut verdict.errors {
            finding.in_tests = exam.in_appended_tests(&finding.message);
        }
        verdict.run = verdict
            .execution
            .as_ref()
            .map(|e| judge_run(e, exercise, Some(exam)));
        verdict.hits = exam.hits.clone();
        verdict.tests_change = exam.tests_change().clone();
        verdict
    }

    fn sort(outcome: Outcome, expected: impl Fn(&Message) -> bool) -> Verdict {
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        let mut lints = Vec::new();
        for message in outcome.messages {
            if message.is_error() {
                let expected = expected(&message);
                errors.push(ErrorFinding {
                    message,
                    expected,
                    in_tests: false,
                });
            } else if message.is_warning() && message.is_clippy() {
                lints.push(message);
            } else if message.is_warning() {
                warnings.push(message);
            }
        }
        Verdict {
            errors,
            warnings,
            lints,
            run: None,
            execution: outcome.execution,
            hits: Vec::new(),
            tests_change: TestsChange::Same,
        }
    }

    /// The most important thing to tell the learner, in that order.
    pub fn status(&self) -> Status {
        if !self.errors.is_empty() || self.run.is_none() {
            return Status::DoesNotCompile;
        }
        match &self.run {
            Some(Run::Failed { .. } | Run::Incomplete { .. }) => Status::RunFailed,
            Some(Run::TimedOut { .. }) => Status::TimedOut,
            Some(Run::Deadlocked { .. }) => Status::Deadlocked,
            Some(Run::Flooded { .. }) => Status::Flooded,
            Some(Run::TooMuchMemory { .. }) => Status::TooMuchMemory,
            _ if !self.hits.is_empty() => Status::SkipsLesson,
            _ if !self.warnings.is_empty() => Status::Warnings,
            _ if !self.lints.is_empty() => Status::Lints,
            _ => Status::Done,
        }
    }

    pub fn is_done(&self) -> bool {
        self.status() == Status::Done
    }
}

fn judge_run(execution: &Execution, exercise: &Exercise, exam: Option<&Exam>) -> Run {
    let (test, timeout) = (exercise.test, exercise.timeout);
    let report = test.then(|| testreport::parse(&execution.stdout));
    match &execution.ended {
        Ended::Exited(status) if status.success() => {
            let Some(exam) = exam else {
                return Run::Passed;
            };
            let unreadable = match exam.tests_change() {
                TestsChange::Unreadable { reason } => Some(reason.clone()),
                _ => None,
            };
            let passed = report
                .as_ref()
                .map(|r| r.passed.as_slice())
                .unwrap_or_default();
            let missing: Vec<String> = if test {
                exam.assembled
                    .expected_tests
                    .iter()
                    .filter(|t| !passed.contains(t))
                    .cloned()
                    .collect()
            } else {
                Vec::new()
            };
            if missing.is_empty() && unreadable.is_none() {
                Run::Passed
            } else {
                Run::Incomplete {
                    missing,
                    unreadable,
                }
            }
        }
        Ended::Exited(status) => Run::Failed {
            tests: report,
            exit_code: status.code(),
        },
        // A cancelled run never reaches a verdict (the runner returns an error); treat any
        // that does like a timeout.
        Ended::TimedOut | Ended::Cancelled => Run::TimedOut {
            after: timeout,
            unfinished: report.and_then(|r| r.unfinished),
        },
        Ended::Deadlocked { threads } => Run::Deadlocked {
            after: execution.elapsed,
            threads: program_threads(threads, test),
            unfinished: report.and_then(|r| r.unfinished),
        },
        Ended::Flooded => Run::Flooded {
            dropped: execution.dropped,
        },
        Ended::TooMuchMemory { used } => Run::TooMuchMemory {
            used: *used,
            limit: exercise.memory,
        },
    }
}

/// The threads a learner wrote: in a test binary, libtest's main thread only waits (parked on
/// a channel) for the test it started, so it is left out.
fn program_threads(threads: &[ThreadWait], test: bool) -> Vec<ThreadWait> {
    let leader = threads.first().map(|t| t.pid);
    let harness =
        |t: &ThreadWait| test && t.is_main() && Some(t.pid) == leader && t.wait == Wait::Parked;
    let own: Vec<ThreadWait> = threads.iter().filter(|t| !harness(t)).cloned().collect();
    if own.is_empty() {
        threads.to_vec()
    } else {
        own
    }
}

/// A verdict with what a predict exercise adds: the learner's prediction and its grade.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub verdict: Verdict,
    pub predict: PredictState,
    /// Done: the verdict is done and, for a predict exercise, the prediction was made.
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PredictState {
    /// Not a predict exercise.
    None,
    /// Waiting for the learner's answer on this line of the file (if the line is there);
    /// `unreadable`: what they wrote, when ferry cannot read it as an answer.
    Waiting {
        answer_line: Option<usize>,
        unreadable: Option<String>,
    },
    /// Graded; `new` when this check graded it (it needs recording).
    Graded { grade: Grade, new: bool },
}

/// Weighs a verdict together with a predict exercise's answer line. `recorded` is the grade
/// kept from an earlier check: a prediction is graded once, on the first filled-in answer.
pub fn assess(
    exercise: &Exercise,
    verdict: Verdict,
    source: &str,
    recorded: Option<&Grade>,
) -> Assessment {
    let predict = match (&exercise.predict, recorded) {
        (None, _) => PredictState::None,
        (Some(_), Some(grade)) => PredictState::Graded {
            grade: grade.clone(),
            new: false,
        },
        (Some(key), None) => {
            let line = predict::answer_line(source);
            match line.as_ref().and_then(|l| l.answer.as_ref()) {
                Some(answer) => PredictState::Graded {
                    grade: predict::grade(key, answer),
                    new: true,
                },
                None => PredictState::Waiting {
                    answer_line: line.as_ref().map(|l| l.line),
                    unreadable: line.and_then(|l| l.unreadable),
                },
            }
        }
    };
    let done = verdict.is_done() && !matches!(predict, PredictState::Waiting { .. });
    Assessment {
        verdict,
        predict,
        done,
    }
}

impl Verdict {
    /// A short word for the attempt log.
    pub fn status_word(&self) -> &'static str {
        match self.status() {
            Status::DoesNotCompile => "compile-error",
            Status::RunFailed => "run-failed",
            Status::TimedOut => "timed-out",
            Status::Deadlocked => "deadlocked",
            Status::Flooded => "flooded",
            Status::TooMuchMemory => "memory",
            Status::SkipsLesson => "skips-lesson",
            Status::Warnings => "warnings",
            Status::Lints => "clippy",
            Status::Done => "done",
        }
    }

    /// The error codes (or codeless messages) reported, in order; for a guard hit, the guard.
    pub fn error_labels(&self) -> Vec<String> {
        self.errors
            .iter()
            .map(|e| e.message.label().to_string())
            .chain(self.hits.iter().map(|h| format!("guard:{}", h.rule)))
            .collect()
    }
}

/// The verdict on a timeout, said the same way everywhere. ferry did not see why (a deadlock it
/// can see is `deadlock_text`), so it claims no cause.
pub fn timeout_text(after: Duration, unfinished: Option<&str>) -> String {
    let mut text = format!(
        "timed out: did not finish within {} s — something may be waiting forever, or it is too slow",
        after.as_secs()
    );
    if let Some(test) = unfinished {
        text.push_str(&format!(" (the test that never finished: {test})"));
    }
    text
}

/// The verdict on a deadlock ferry saw, in one line: when, in which test, how many threads,
/// and what their waits suggest. `deadlock_threads` says what each thread waits for.
pub fn deadlock_text(after: Duration, threads: &[ThreadWait], unfinished: Option<&str>) -> String {
    let place = unfinished
        .map(|test| format!(" in test {test}"))
        .unwrap_or_default();
    let who = match threads.len() {
        1 => "its only thread is waiting and nothing can wake it".to_string(),
        2 => "both threads are waiting and neither can wake the other".to_string(),
        n => format!("all {n} threads are waiting and none can wake the others"),
    };
    let waits: Vec<Wait> = threads
        .iter()
        .map(|t| t.wait)
        .filter(|w| !matches!(w, Wait::Join { .. }))
        .collect();
    let all = |wanted: Wait| !waits.is_empty() && waits.iter().all(|&w| w == wanted);
    let advice = if all(Wait::Lock) && threads.len() == 1 {
        "is a lock taken twice?"
    } else if all(Wait::Lock) {
        "is a lock taken twice, held while waiting for a thread that needs it, or are two locks taken in opposite orders?"
    } else if all(Wait::Parked) {
        "does a receive wait for a message no one will send? (it also ends once every sender is dropped)"
    } else if all(Wait::Other) && threads.len() == 1 {
        "is it waiting for itself (a lock it already holds, like an RwLock's write() under its own read(), or a std lock held across an .await), or on a condition variable or a barrier no other thread will reach?"
    } else if all(Wait::Other) {
        "does a condition variable wait for a notify no one will send, a barrier for a thread that never comes, or an RwLock's write() for a read() that never ends?"
    } else {
        "each waits on a lock, a channel, a join or a condition variable that only another of them could release"
    };
    format!(
        "deadlock after {:.1} s{place}: {who} — {advice}",
        after.as_secs_f64()
    )
}

/// What each thread of a deadlock waits for, one line per kind of thread: `the test thread:
/// waiting for a lock`, `the main thread: waiting for thread 'worker' to finish (join)`.
pub fn deadlock_threads(threads: &[ThreadWait], unfinished: Option<&str>) -> Vec<String> {
    // (label, label for several, what it waits for, how many)
    let mut lines: Vec<(String, Option<String>, String, usize)> = Vec::new();
    for thread in threads {
        let what = match thread.wait {
            Wait::Lock => "waiting for a lock".to_string(),
            Wait::Parked => {
                "parked: a channel receive, a scope waiting for its threads, or thread::park"
                    .to_string()
            }
            Wait::Join { tid } => {
                let joined = threads.iter().find(|t| t.pid == thread.pid && t.tid == tid);
                let who = joined.map_or_else(
                    || "another thread".to_string(),
                    |t| thread_label(t, threads, unfinished).0,
                );
                format!("waiting for {who} to finish (join)")
            }
            Wait::Other => "waiting on a condition variable, a barrier or a lock".to_string(),
        };
        let (label, several) = thread_label(thread, threads, unfinished);
        match lines.iter_mut().find(|l| l.0 == label && l.2 == what) {
            Some(line) => line.3 += 1,
            None => lines.push((label, several, what, 1)),
        }
    }
    lines
        .into_iter()
        .map(|(label, several, what, count)| match (count, several) {
            (1, _) => format!("{label}: {what}"),
            (n, Some(several)) => format!("{}: {what}", several.replace("{n}", &n.to_string())),
            (n, None) => format!("{label} (×{n}): {what}"),
        })
        .collect()
}

/// How a learner would know a thread: the test's own thread, the main thread, a thread by the
/// name it was given, or one spawned without a name (which carries its parent's `comm`). With
/// the label for several alike (`{n}` stands for how many), where it has one.
fn thread_label(
    thread: &ThreadWait,
    threads: &[ThreadWait],
    unfinished: Option<&str>,
) -> (String, Option<String>) {
    let leader = threads.first().map_or(thread.pid, |t| t.pid);
    let process = if thread.pid == leader {
        String::new()
    } else {
        format!(" of process {}", thread.pid)
    };
    let same_name = |t: &&ThreadWait| t.pid == thread.pid && t.name == thread.name;
    let first_of_name = threads.iter().filter(same_name).map(|t| t.tid).min() == Some(thread.tid);
    // The kernel keeps the first 15 bytes of a name.
    let is_test = |test: &str| {
        !thread.name.is_empty()
            && test.as_bytes().get(..thread.name.len()) == Some(thread.name.as_bytes())
            && (thread.name.len() >= 15 || thread.name == test)
    };
    if let Some(test) = unfinished.filter(|t| is_test(t)) {
        return if first_of_name {
            (format!("the test thread ({test}){process}"), None)
        } else {
            (
                format!("a thread the test started{process}"),
                Some(format!("{{n}} threads the test started{process}")),
            )
        };
    }
    let main_name = threads
        .iter()
        .find(|t| t.pid == thread.pid && t.is_main())
        .map(|t| t.name.as_str());
    if thread.is_main() && unfinished.is_none() {
        (format!("the main thread{process}"), None)
    } else if Some(thread.name.as_str()) == main_name {
        (
            format!("an unnamed thread{process}"),
            Some(format!("{{n}} unnamed threads{process}")),
        )
    } else {
        (format!("thread '{}'{process}", thread.name), None)
    }
}

/// A run that exited successfully without every one of the exercise's tests passing.
pub fn incomplete_text(missing: &[String], unreadable: Option<&str>) -> String {
    if let Some(reason) = unreadable {
        return format!(
            "compiles, but ferry could not read the file to run the exercise's own tests with it ({reason}); \
             ferry judges every exercise by its own tests, so it cannot call it done"
        );
    }
    format!(
        "exited successfully, but {} of the exercise's own tests never reported a pass ({}): does the code end the program early, e.g. with std::process::exit?",
        missing.len(),
        missing.join(", ")
    )
}

/// A lesson guard the learner's change breaks, said the same way everywhere.
pub fn hit_text(hit: &Hit) -> String {
    format!(
        "you added {} on line {} — {}",
        hit.what, hit.line, hit.reason
    )
}

/// What ferry says when the learner changed the exercise's tests; `None` when they did not.
pub fn tests_change_text(change: &TestsChange) -> Option<String> {
    match change {
        TestsChange::Same | TestsChange::Unreadable { .. } => None,
        TestsChange::Edited { line } => Some(format!(
            "you changed the tests (line {line}): ferry always runs the exercise's own tests, as the exercise ships them, so edits there have no effect, and a println! added to a test is not shown; to look inside, print from your own code, or `ferry reset` to get the tests back"
        )),
        TestsChange::Removed => Some(
            "the tests are gone from your file: ferry runs the exercise's own tests anyway, as the exercise ships them (`ferry reset` brings the file back; your version is backed up)"
                .to_string(),
        ),
    }
}

/// A run stopped at the memory limit.
pub fn memory_text(used: u64, limit: u64) -> String {
    format!(
        "used more than {} of memory ({} when it was stopped): is something growing without end, like a Vec that is pushed to forever or an Rc cycle?",
        bytes_text(limit),
        bytes_text(used)
    )
}

/// 2 GiB, 512 MiB.
fn bytes_text(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    if bytes >= 1 << 30 && bytes.is_multiple_of(1 << 30) {
        format!("{} GiB", bytes >> 30)
    } else if bytes >= 1 << 30 {
        format!("{:.1} GiB", bytes as f64 / (1u64 << 30) as f64)
    } else {
        format!("{} MiB", bytes.div_ceil(MIB))
    }
}

pub fn flood_text() -> &'static str {
    "printed far too much output and was stopped: is a loop printing forever?"
}

#[cfg(test)]
/// Small values for the verdict tests here and verify's.
pub(crate) mod fixtures {
    use super::*;
    use crate::curriculum::ExpectedError;
    use crate::diagnostics::{Level, Location};
    use std::process::ExitStatus;

    pub(crate) fn exercise(errors: &[&str], test: bool) -> Exercise {
        Exercise {
            name: "x".into(),
            dir: None,
            errors: errors
                .iter()
                .map(|e| {
                    if e.starts_with("clippy::") {
                        ExpectedError::Lint(e.to_string())
                    } else if e.starts_with('E') {
                        ExpectedError::Code(e.to_string())
                    } else {
                        ExpectedError::Message(e.to_string())
                    }
                })
                .collect(),
            errors_declared: true,
            skip_check_unsolved: false,
            allow: Vec::new(),
            learner_tests: false,
            test,
            timeout: Duration::from_secs(2),
            hints: vec!["h".into()],
            predict: None,
            crates: Vec::new(),
            guards: Vec::new(),
            intended_shortcuts: Vec::new(),
            memory: crate::runner::DEFAULT_MEMORY,
            line: 1,
        }
    }

    pub(crate) fn message(level: Level, code: Option<&str>, text: &str, line: usize) -> Message {
        Message {
            level,
            code: code.map(String::from),
            message: text.into(),
            primary: Some(Location {
                file: "x.rs".into(),
                line,
                column: 1,
            }),
            rendered: String::new(),
            suggestions: Vec::new(),
            json: String::new(),
        }
    }

    #[cfg(unix)]
    pub(crate) fn status(code: i32) -> ExitStatus {
        use std::os::unix::process::ExitStatusExt;
        ExitStatus::from_raw(code << 8)
    }

    #[cfg(windows)]
    pub(crate) fn status(code: i32) -> ExitStatus {
        use std::os::windows::process::ExitStatusExt;
        ExitStatus::from_raw(code as u32)
    }

    pub(crate) fn ran(ended: Ended, stdout: &str) -> Option<Execution> {
        Some(Execution {
            ended,
            stdout: stdout.into(),
            stderr: String::new(),
            dropped: 0,
            elapsed: Duration::ZERO,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;
    use crate::diagnostics::Level;

    #[test]
    fn tells_the_expected_error_from_a_new_one() {
        let outcome = Outcome {
            messages: vec![
                message(Level::Error, Some("E0382"), "borrow of moved value", 5),
                message(Level::Error, Some("E0308"), "mismatched types", 7),
            ],
            execution: None,
        };
        let verdict = Verdict::new(&exercise(&["E0382"], true), outcome);
        assert_eq!(verdict.status(), Status::DoesNotCompile);
        assert!(verdict.errors[0].expected);
        assert!(!verdict.errors[1].expected);
    }

    fn thread(pid: u32, tid: u32, name: &str, wait: Wait) -> ThreadWait {
        ThreadWait {
            pid,
            tid,
            name: name.into(),
            wait,
        }
    }

    fn deadlocked(test: bool, threads: Vec<ThreadWait>, stdout: &str) -> Run {
        let verdict = Verdict::new(
            &exercise(&[], test),
            Outcome {
                messages: vec![],
                execution: ran(Ended::Deadlocked { threads }, stdout),
            },
        );
        assert_eq!(verdict.status(), Status::Deadlocked);
        assert_eq!(verdict.status_word(), "deadlocked");
        verdict.run.unwrap()
    }

    #[test]
    fn a_deadlocked_test_leaves_out_libtest_s_main_thread_and_names_the_rest() {
        // libtest's harness (parked, waiting for the test), the test's thread (comm cut to 15
        // bytes) and two threads it spawned without names (they inherit its comm).
        let threads = vec![
            thread(7, 7, "exercise", Wait::Parked),
            thread(7, 8, "tests::transfer", Wait::Join { tid: 9 }),
            thread(7, 9, "tests::transfer", Wait::Lock),
            thread(7, 10, "tests::transfer", Wait::Lock),
        ];
        let run = deadlocked(true, threads, "test tests::transfers_both_ways ... ");
        let Run::Deadlocked {
            threads,
            unfinished,
            ..
        } = run
        else {
            panic!("{run:?}")
        };
        assert_eq!(threads.len(), 3, "{threads:?}");
        let unfinished = unfinished.as_deref();
        assert_eq!(unfinished, Some("tests::transfers_both_ways"));
        assert_eq!(
            deadlock_threads(&threads, unfinished),
            [
                "the test thread (tests::transfers_both_ways): waiting for a thread the test started to finish (join)",
                "2 threads the test started: waiting for a lock",
            ]
        );
        let text = deadlock_text(Duration::from_millis(180), &threads, unfinished);
        assert_eq!(
            text,
            "deadlock after 0.2 s in test tests::transfers_both_ways: all 3 threads are waiting and none can wake the others — is a lock taken twice, held while waiting for a thread that needs it, or are two locks taken in opposite orders?"
        );
    }

    #[test]
    fn a_deadlocked_program_names_main_named_unnamed_and_child_threads() {
        let threads = vec![
            thread(20, 20, "shop", Wait::Join { tid: 21 }),
            thread(20, 21, "shop", Wait::Parked),
            thread(20, 22, "shop", Wait::Parked),
            thread(20, 23, "audit", Wait::Other),
            thread(31, 31, "helper", Wait::Lock),
        ];
        let run = deadlocked(false, threads, "");
        let Run::Deadlocked {
            threads,
            unfinished: None,
            ..
        } = run
        else {
            panic!("{run:?}")
        };
        assert_eq!(threads.len(), 5, "a program's main thread is its own");
        assert_eq!(
            deadlock_threads(&threads, None),
            [
                "the main thread: waiting for an unnamed thread to finish (join)",
                "2 unnamed threads: parked: a channel receive, a scope waiting for its threads, or thread::park",
                "thread 'audit': waiting on a condition variable, a barrier or a lock",
                "the main thread of process 31: waiting for a lock",
            ]
        );
        assert!(
            deadlock_text(Duration::from_secs(1), &threads, None)
                .ends_with("none can wake the others — each waits on a lock, a channel, a join or a condition variable that only another of them could release"),
        );
    }

    #[test]
    fn the_timeout_claims_no_cause() {
        let text = timeout_text(Duration::from_secs(3), Some("tests::slow"));
        assert_eq!(
            text,
            "timed out: did not finish within 3 s — something may be waiting forever, or it is too slow (the test that never finished: tests::slow)"
        );
        assert!(!text.contains("lock"));
    }

    #[test]
    fn done_needs_no_warnings_and_no_lints() {
        let ex = exercise(&[], true);
        let passed = || ran(Ended::Exited(status(0)), "test result: ok.");
        let clean = Verdict::new(
            &ex,
            Outcome {
                messages: vec![],
                execution: passed(),
            },
        );
        assert_eq!(clean.status(), Status::Done);
        let warned = Verdict::new(
            &ex,
            Outcome {
                messages: vec![message(Level::Warning, Some("unused_variables"), "u", 3)],
                execution: passed(),
            },
        );
        assert_eq!(warned.status(), Status::Warnings);
        let linted = Verdict::new(
            &ex,
            Outcome {
                messages: vec![message(
                    Level::Warning,
                    Some("clippy::needless_return"),
                    "r",
                    3,
                )],
                execution: passed(),
            },
        );
        assert_eq!(linted.status(), Status::Lints);
    }
}
