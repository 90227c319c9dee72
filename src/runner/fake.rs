//! A `Runner` for tests that starts no process: it "compiles" by reading markers in the source
//! and "runs" the binary it pretended to build, in microseconds and the same way every time.
//!
//! Markers, each on its own line of the exercise file:
//! - `BROKEN`: an E0382 on that line; `NOTSEND`: an E0277 about an `Rc` sent to a thread;
//!   `LIFETIME`: "lifetime may not live long enough", which has no code;
//! - `WARN`: an unused variable (a warning); `LINT`: a clippy remark;
//! - `FAILTEST`: the program builds, and its test fails; `HANG`: it runs past its timeout;
//!   `DEADLOCK`: two of its threads wait for each other's lock; `FLOOD`: it prints without
//!   end; `PRINT: text`: main prints `text` (one line per marker).
//!
//! Anything else compiles and passes: each `#[test] fn` in the file reports a pass.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::{
    CompileRequest, Compiled, Ended, ExecuteRequest, Execution, Externs, Runner, ThreadWait, Wait,
};
use crate::diagnostics::{Level, Location, Message};
use crate::error::{Error, Result};

/// What the pretended binary does when it runs.
#[derive(Debug, Clone, Default)]
struct Behaviour {
    fail: bool,
    hang: bool,
    deadlock: bool,
    flood: bool,
    printed: String,
    /// The `#[test]` functions in the file, as `tests::name`.
    tests: Vec<String>,
}

#[derive(Debug, Default)]
pub struct FakeRunner {
    compiles: AtomicUsize,
    /// Keyed by the binary's path: checks of different exercises may run at once.
    binaries: Mutex<HashMap<PathBuf, Behaviour>>,
}

impl FakeRunner {
    /// How many compiles were asked for so far.
    pub fn compiles(&self) -> usize {
        self.compiles.load(Ordering::SeqCst)
    }
}

/// The message a marker stands for: level, code ("" for none), text, and what rustc would
/// point at.
fn marker(line: &str) -> Option<(Level, &'static str, &'static str, &'static str)> {
    Some(if line.contains("LIFETIME") {
        (
            Level::Error,
            "",
            "lifetime may not live long enough",
            "returning this value requires that `'1` must outlive `'static`",
        )
    } else if line.contains("BROKEN") {
        (
            Level::Error,
            "E0382",
            "borrow of moved value: `req`",
            "value borrowed here after move",
        )
    } else if line.contains("NOTSEND") {
        (
            Level::Error,
            "E0277",
            "`Rc<Config>` cannot be sent between threads safely",
            "`Rc<Config>` cannot be sent between threads safely",
        )
    } else if line.contains("WARN") {
        (
            Level::Warning,
            "unused_variables",
            "unused variable: `x`",
            "help: if this is intentional, prefix it with an underscore: `_x`",
        )
    } else if line.contains("LINT") {
        (
            Level::Warning,
            "clippy::await_holding_lock",
            "this `MutexGuard` is held across an await point",
            "these are all the await points this lock is held through",
        )
    } else {
        return None;
    })
}

impl Runner for FakeRunner {
    fn compile(&self, request: &CompileRequest<'_>) -> Result<Compiled> {
        self.compiles.fetch_add(1, Ordering::SeqCst);
        let source = std::fs::read_to_string(request.root.join(request.source)).unwrap_or_default();
        let file = request.source.display().to_string();
        let mut messages = Vec::new();
        let mut behaviour = Behaviour::default();
        let mut test_next = false;
        for (i, line) in source.lines().enumerate() {
            let trimmed = line.trim();
            if trimmed == "#[test]" {
                test_next = true;
            } else if test_next && let Some(rest) = trimmed.strip_prefix("fn ") {
                let name = rest.split('(').next().unwrap_or_default();
                behaviour.tests.push(format!("tests::{name}"));
                test_next = false;
            }
            behaviour.fail |= line.contains("FAILTEST");
            behaviour.hang |= line.contains("HANG");
            behaviour.deadlock |= line.contains("DEADLOCK");
            behaviour.flood |= line.contains("FLOOD");
            if let Some((_, printed)) = line.split_once("PRINT: ") {
                behaviour.printed.push_str(printed);
                behaviour.printed.push('\n');
            }
            let Some((level, code, text, label)) = marker(line) else {
                continue;
            };
            let n = i + 1;
            // Shaped like rustc's own rendering: a first line ferry's tests look for, then
            // the place, the source line and the label under it.
            let rendered = format!(
                "RENDERED {code} {text}\n --> {file}:{n}:5\n  |\n{n:<2}|     {}\n  |     ^^^^^^ {label}\n\n",
                line.trim()
            );
            messages.push(Message {
                level,
                code: (!code.is_empty()).then(|| code.into()),
                message: text.into(),
                primary: Some(Location {
                    file: file.clone(),
                    line: n,
                    column: 1,
                }),
                rendered,
                suggestions: Vec::new(),
                json: String::new(),
            });
        }
        let failed = messages.iter().any(Message::is_error);
        let binary = (!failed).then(|| request.out_dir.join(request.crate_name));
        if let Some(binary) = &binary {
            self.binaries
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(binary.clone(), behaviour);
        }
        Ok(Compiled { messages, binary })
    }

    fn execute(&self, request: &ExecuteRequest<'_>) -> Result<Execution> {
        let behaviour = self
            .binaries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(request.binary)
            .cloned()
            .unwrap_or_default();
        let (ended, stdout) = if behaviour.hang {
            let stdout = if request.test {
                "running 1 test\ntest tests::works has been running for over 60 seconds\n"
            } else {
                ""
            };
            (Ended::TimedOut, stdout.to_string())
        } else if behaviour.deadlock {
            let thread = |tid: u32, name: &str| ThreadWait {
                pid: 100,
                tid,
                name: name.to_string(),
                wait: Wait::Lock,
            };
            let threads = vec![thread(101, "transfer-a"), thread(102, "transfer-b")];
            (Ended::Deadlocked { threads }, String::new())
        } else if behaviour.flood {
            (Ended::Flooded, "y\n".repeat(50))
        } else if behaviour.fail {
            (
                Ended::Exited(exit_status(101)),
                "test tests::works ... FAILED\n\n---- tests::works stdout ----\nthread 'tests::works' panicked at x.rs:1:1:\nexpected 2\n\nfailures:\n".to_string(),
            )
        } else if request.test {
            let tests = if behaviour.tests.is_empty() {
                vec!["tests::works".to_string()]
            } else {
                behaviour.tests
            };
            let report: String = tests.iter().map(|t| format!("test {t} ... ok\n")).collect();
            (Ended::Exited(exit_status(0)), report)
        } else {
            (Ended::Exited(exit_status(0)), behaviour.printed)
        };
        Ok(Execution {
            ended,
            stdout,
            stderr: String::new(),
            dropped: 0,
            elapsed: Duration::ZERO,
        })
    }

    fn rustfmt_unformatted(&self, _: &Path, _: &[PathBuf]) -> Result<Vec<PathBuf>> {
        Ok(Vec::new())
    }

    fn crates(&self) -> Result<std::sync::Arc<Externs>> {
        Err(Error::Usage("the fake runner builds no crates".into()))
    }

    fn explain(&self, code: &str) -> Result<Option<String>> {
        Ok(Some(format!("rustc says things about {code}")))
    }
}

#[cfg(unix)]
fn exit_status(code: i32) -> std::process::ExitStatus {
    use std::os::unix::process::ExitStatusExt;
    std::process::ExitStatus::from_raw(code << 8)
}

#[cfg(windows)]
fn exit_status(code: i32) -> std::process::ExitStatus {
    use std::os::windows::process::ExitStatusExt;
    std::process::ExitStatus::from_raw(code as u32)
}
