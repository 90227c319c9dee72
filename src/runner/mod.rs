//! Spawning compilers and learner programs: the only module that starts processes.
//!
//! `Runner` is a trait so that checks and verdicts can be tested with a fake; `RealRunner` drives
//! clippy-driver directly (it compiles and lints in one pass), with JSON diagnostics and an output
//! folder per exercise, so parallel checks never wait on a shared lock.

pub mod crates;
pub mod process;
pub mod toolchain;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::diagnostics::{self, Message};
use crate::error::{Error, Result};
pub use crates::Externs;
pub use process::{Ended, Limits};
pub use toolchain::Toolchain;

/// The edition every exercise is compiled with.
pub const EDITION: &str = "2024";
/// A compiler that runs longer than this is stuck (a runaway macro or type recursion).
const COMPILE_TIMEOUT: Duration = Duration::from_secs(300);

#[derive(Debug, Clone)]
pub struct CompileRequest<'a> {
    /// The compiler runs here, so paths in its messages are relative to the curriculum.
    pub root: &'a Path,
    /// The source file, relative to `root`.
    pub source: &'a Path,
    pub crate_name: &'a str,
    pub test: bool,
    /// Where the binary and the compiler's temporary files go; one per exercise.
    pub out_dir: &'a Path,
    /// Ask for ANSI colour in the rendered messages.
    pub color: bool,
    /// Fit the rendered messages to this many columns.
    pub width: Option<u16>,
    /// More compiler flags: `--extern` for the crates the exercise uses.
    pub extra: &'a [String],
}

#[derive(Debug, Clone)]
pub struct Compiled {
    pub messages: Vec<Message>,
    /// The built program or test binary; `None` when compilation failed.
    pub binary: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct ExecuteRequest<'a> {
    pub binary: &'a Path,
    pub cwd: &'a Path,
    /// A libtest binary: run its tests one at a time, so a hang names the test that hung.
    pub test: bool,
    pub limits: Limits,
}

#[derive(Debug, Clone)]
pub struct Execution {
    pub ended: Ended,
    pub stdout: String,
    pub stderr: String,
    /// Bytes of output beyond the cap that were not kept.
    pub dropped: u64,
    pub elapsed: Duration,
}

impl Execution {
    pub fn succeeded(&self) -> bool {
        matches!(self.ended, Ended::Exited(status) if status.success())
    }
}

pub trait Runner: Sync {
    fn compile(&self, request: &CompileRequest<'_>) -> Result<Compiled>;
    fn execute(&self, request: &ExecuteRequest<'_>) -> Result<Execution>;
    /// Which of `sources` (relative to `root`) are not rustfmt-clean: one rustfmt for all.
    fn rustfmt_unformatted(&self, root: &Path, sources: &[PathBuf]) -> Result<Vec<PathBuf>>;
    /// `rustc --explain CODE` (for `clippy::name`, clippy's explanation of the lint), or `None`
    /// when there is no explanation for it.
    fn explain(&self, code: &str) -> Result<Option<String>>;
    /// The curriculum's crates, built on first use.
    fn crates(&self) -> Result<Arc<Externs>>;
}

#[derive(Debug, Clone)]
pub struct RealRunner {
    pub toolchain: Toolchain,
    /// Set to stop every program this runner has running (ferry is quitting).
    pub cancel: Arc<AtomicBool>,
    crates: Arc<Crates>,
}

/// The curriculum's `[crates]`, and once built, where they are.
#[derive(Debug, Default)]
struct Crates {
    root: PathBuf,
    table: toml::Table,
    built: Mutex<Option<Arc<Externs>>>,
}

impl RealRunner {
    pub fn new(toolchain: Toolchain) -> RealRunner {
        RealRunner {
            toolchain,
            cancel: Arc::new(AtomicBool::new(false)),
            crates: Arc::default(),
        }
    }

    /// Gives the runner the curriculum's crate table, built into `root/.ferry/crates` when an
    /// exercise first needs it.
    pub fn with_crates(mut self, root: &Path, table: &toml::Table) -> RealRunner {
        self.crates = Arc::new(Crates {
            root: root.to_path_buf(),
            table: table.clone(),
            built: Mutex::new(None),
        });
        self
    }

    fn run(&self, command: Command, limits: Limits, program: &Path) -> Result<process::Captured> {
        process::run(command, limits, &self.cancel).map_err(|source| {
            if source.kind() == std::io::ErrorKind::Interrupted {
                Error::Cancelled
            } else {
                spawn_error(program, source)
            }
        })
    }
}

impl Runner for RealRunner {
    fn compile(&self, request: &CompileRequest<'_>) -> Result<Compiled> {
        let driver = self.toolchain.clippy_driver();
        let binary = request.out_dir.join(format!(
            "{}{}",
            request.crate_name,
            std::env::consts::EXE_SUFFIX
        ));
        std::fs::create_dir_all(request.out_dir).map_err(|source| Error::Write {
            path: request.out_dir.to_path_buf(),
            source,
        })?;
        let mut command = Command::new(&driver);
        command
            .current_dir(request.root)
            .arg(request.source)
            .args(["--edition", EDITION, "--crate-type", "bin", "--crate-name"])
            .arg(request.crate_name)
            .arg("--error-format=json")
            .arg("-o")
            .arg(&binary);
        if request.color {
            command.arg("--json=diagnostic-rendered-ansi");
        }
        if request.test {
            command.arg("--test");
        }
        if let Some(width) = request.width {
            command.arg(format!("--diagnostic-width={width}"));
        }
        command.args(request.extra);
        let captured = self.run(command, Limits::with_timeout(COMPILE_TIMEOUT), &driver)?;
        let mut messages = diagnostics::parse(captured.stderr.as_slice());
        let succeeded = matches!(captured.ended, Ended::Exited(s) if s.success());
        if !succeeded && !messages.iter().any(Message::is_error) {
            messages.push(Message {
                level: diagnostics::Level::Error,
                code: None,
                message: format!(
                    "the compiler stopped without a diagnostic ({:?})",
                    captured.ended
                ),
                primary: None,
                rendered: format!(
                    "error: the compiler stopped without a diagnostic ({:?})\n",
                    captured.ended
                ),
                suggestions: Vec::new(),
                json: String::new(),
            });
        }
        Ok(Compiled {
            messages,
            binary: succeeded.then_some(binary),
        })
    }

    fn execute(&self, request: &ExecuteRequest<'_>) -> Result<Execution> {
        let mut command = Command::new(request.binary);
        command
            .current_dir(request.cwd)
            .env("RUST_BACKTRACE", "0")
            .env_remove("RUST_TEST_THREADS");
        if request.test {
            command.args(["--test-threads=1", "--color=never", "--include-ignored"]);
        }
        let captured = self.run(command, request.limits, request.binary)?;
        Ok(Execution {
            ended: captured.ended,
            stdout: String::from_utf8_lossy(&captured.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&captured.stderr).into_owned(),
            dropped: captured.dropped,
            elapsed: captured.elapsed,
        })
    }

    fn rustfmt_unformatted(&self, root: &Path, sources: &[PathBuf]) -> Result<Vec<PathBuf>> {
        if sources.is_empty() {
            return Ok(Vec::new());
        }
        let rustfmt = self.toolchain.rustfmt()?;
        let mut command = Command::new(&rustfmt);
        command
            .current_dir(root)
            .args(["--check", "--edition", EDITION])
            .args(sources);
        let captured = self.run(command, Limits::with_timeout(COMPILE_TIMEOUT), &rustfmt)?;
        if matches!(captured.ended, Ended::Exited(s) if s.success()) {
            return Ok(Vec::new());
        }
        // `Diff in /abs/path/solutions/x.rs:12:` for every place that would change.
        let stdout = String::from_utf8_lossy(&captured.stdout);
        let diffs: Vec<&str> = stdout
            .lines()
            .filter_map(|l| l.strip_prefix("Diff in "))
            .collect();
        let unformatted: Vec<PathBuf> = sources
            .iter()
            .filter(|source| {
                let wanted = source.to_string_lossy().replace('\\', "/");
                diffs
                    .iter()
                    .any(|d| d.replace('\\', "/").contains(&format!("{wanted}:")))
            })
            .cloned()
            .collect();
        if unformatted.is_empty() {
            // rustfmt failed without a diff (a file it cannot parse): name them all.
            return Err(Error::Toolchain {
                what: format!(
                    "rustfmt --check failed: {}",
                    String::from_utf8_lossy(&captured.stderr).trim()
                ),
                fix: "run `rustfmt --check --edition 2024` on the solutions to see why".to_string(),
            });
        }
        Ok(unformatted)
    }

    fn crates(&self) -> Result<Arc<Externs>> {
        // One build at a time: parallel checks that need the crates wait for the first.
        let mut built = self.crates.built.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(externs) = built.as_ref() {
            return Ok(Arc::clone(externs));
        }
        if self.crates.table.is_empty() {
            return Err(Error::Usage(
                "this exercise uses crates, but the curriculum declares none\n  fix: add a [crates] table to info.toml".to_string(),
            ));
        }
        let dir = self
            .crates
            .root
            .join(crate::state::STATE_DIR)
            .join("crates");
        let externs = Arc::new(crates::prepare(
            &self.crates.root,
            &self.crates.table,
            &dir,
            &self.toolchain.sysroot,
            &self.cancel,
        )?);
        *built = Some(Arc::clone(&externs));
        Ok(externs)
    }

    fn explain(&self, code: &str) -> Result<Option<String>> {
        let (program, topic) = match code.strip_prefix("clippy::") {
            Some(lint) => (self.toolchain.cargo_clippy(), lint),
            None => (self.rustc(), code),
        };
        let mut command = Command::new(&program);
        command.args(["--explain", topic]);
        let captured = self.run(command, Limits::with_timeout(COMPILE_TIMEOUT), &program)?;
        let succeeded = matches!(captured.ended, Ended::Exited(s) if s.success());
        Ok(succeeded.then(|| String::from_utf8_lossy(&captured.stdout).into_owned()))
    }
}

impl RealRunner {
    fn rustc(&self) -> std::path::PathBuf {
        self.toolchain
            .sysroot
            .join("bin")
            .join(format!("rustc{}", std::env::consts::EXE_SUFFIX))
    }
}

fn spawn_error(program: &Path, source: std::io::Error) -> Error {
    Error::Spawn {
        command: program.display().to_string(),
        source,
        fix:
            "check that the Rust toolchain is installed (`rustup show`) and the folder is writable"
                .to_string(),
    }
}
