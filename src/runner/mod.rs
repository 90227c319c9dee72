//! Spawning compilers and learner programs: the only module that starts processes.
//!
//! `Runner` is a trait so that checks and verdicts can be tested with a fake; `RealRunner` drives
//! clippy-driver directly (it compiles and lints in one pass), with JSON diagnostics and an output
//! folder per exercise, so parallel checks never wait on a shared lock.

pub mod crates;
pub mod deadlock;
#[cfg(test)]
pub mod fake;
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
pub use deadlock::{ThreadWait, Wait};
pub use process::{DEFAULT_MEMORY, Ended, Limits};
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
    /// Build here, whatever `FERRY_CRATES_DIR` says (a prepared workspace carries its build).
    fixed_dir: Option<PathBuf>,
    built: Mutex<Option<Arc<Externs>>>,
}

impl RealRunner {
    /// A runner whose programs are stopped when ferry gets SIGINT, SIGTERM or SIGHUP.
    pub fn new(toolchain: Toolchain) -> RealRunner {
        let cancel = Arc::new(AtomicBool::new(false));
        crate::signals::register(&cancel);
        RealRunner {
            toolchain,
            cancel,
            crates: Arc::default(),
        }
    }

    /// Gives the runner the curriculum's crate table, built when an exercise first needs it
    /// into `root/.ferry/crates` (or the shared folder `FERRY_CRATES_DIR` names).
    pub fn with_crates(mut self, root: &Path, table: &toml::Table) -> RealRunner {
        self.crates = Arc::new(Crates {
            root: root.to_path_buf(),
            table: table.clone(),
            fixed_dir: None,
            built: Mutex::new(None),
        });
        self
    }

    /// The crates built into `root/.ferry/crates` whatever the environment says: for a
    /// workspace that must carry its own build.
    pub fn with_crates_in_workspace(mut self, root: &Path, table: &toml::Table) -> RealRunner {
        self.crates = Arc::new(Crates {
            root: root.to_path_buf(),
            table: table.clone(),
            fixed_dir: Some(root.join(crate::state::STATE_DIR).join("crates")),
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
        command.args(self.toolchain.link_flags());
        command.args(request.extra);
        let captured = match self.run(command, Limits::tool(COMPILE_TIMEOUT), &driver) {
            Err(Error::Cancelled) => {
                remove_compiler_leftovers(request.out_dir, &binary);
                return Err(Error::Cancelled);
            }
            other => other?,
        };
        let mut messages = diagnostics::parse(captured.stderr.as_slice());
        let succeeded = matches!(captured.ended, Ended::Exited(s) if s.success());
        if let Some(failure) = infrastructure_failure(&messages, request.out_dir) {
            remove_compiler_leftovers(request.out_dir, &binary);
            return Err(failure);
        }
        if !succeeded && !messages.iter().any(Message::is_error) {
            if captured.ended != Ended::TimedOut {
                // Killed, crashed, or gave up without saying why (LLVM, writing an object file
                // to a full disk, only prints to stderr): not the learner's error.
                let said = plain_text(&messages);
                let full =
                    full_disk(&said, request.out_dir).map(|cause| cause.replace('\n', "\n  "));
                remove_compiler_leftovers(request.out_dir, &binary);
                let what = format!(
                    "the compiler stopped without a diagnostic ({}) while building `{}`{said}",
                    describe_end(&captured.ended),
                    request.crate_name,
                );
                return Err(match full {
                    Some(cause) => Error::Toolchain {
                        what: format!("{what}{cause}"),
                        fix: disk_fix(request.out_dir),
                    },
                    None => Error::Toolchain {
                        what,
                        fix: MACHINE_FIX.to_string(),
                    },
                });
            }
            let text = format!(
                "the compiler ran for more than {} s (a runaway macro or type recursion?)",
                COMPILE_TIMEOUT.as_secs()
            );
            messages.push(Message {
                level: diagnostics::Level::Error,
                code: None,
                rendered: format!("error: {text}\n"),
                message: text,
                primary: None,
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
        let captured = self.run(command, Limits::tool(COMPILE_TIMEOUT), &rustfmt)?;
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
        let dir = match &self.crates.fixed_dir {
            Some(dir) => dir.clone(),
            None => crates::dir(
                &self.crates.root,
                &self.crates.table,
                &self.toolchain.sysroot,
            ),
        };
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
        let captured = self.run(command, Limits::tool(COMPILE_TIMEOUT), &program)?;
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

const MACHINE_FIX: &str = "this is a problem with the toolchain or the machine, not with the exercise: check free memory and disk space, and `rustup show`";

/// An error diagnostic that is about the machine, not the program: the disk is full, the linker
/// is missing or crashed, the compiler could not write its output or crashed itself. rustc reports
/// these without an error code; no source file can cause them.
fn infrastructure_failure(messages: &[Message], out_dir: &Path) -> Option<Error> {
    let message = messages.iter().find(|m| {
        m.is_error()
            && m.error_code().is_none()
            && (is_disk_full(&m.rendered)
                || is_internal_compiler_error(m)
                || INFRASTRUCTURE
                    .iter()
                    .any(|start| m.message.starts_with(start)))
    })?;
    let mut detail = strip_ansi(message.rendered.trim_end());
    let full = full_disk(&message.rendered, out_dir);
    let fix = if let Some(cause) = full {
        detail.push_str(&cause);
        disk_fix(out_dir)
    } else if message.message.starts_with("linking with")
        || message.message.starts_with("could not exec the linker")
    {
        "ferry links every exercise with the system's C linker: check that `cc` is installed and works (on Debian/Ubuntu: `apt install build-essential`)".to_string()
    } else {
        MACHINE_FIX.to_string()
    };
    Some(Error::Toolchain {
        what: format!("the compiler could not build the exercise:\n{detail}"),
        fix,
    })
}

/// Starts of rustc's codeless messages about the machine rather than the source.
const INFRASTRUCTURE: [&str; 8] = [
    "linking with `",
    "could not exec the linker",
    "could not write output to",
    "failed to write",
    "error writing dependencies",
    "couldn't create a temp dir",
    "failed to build archive",
    "could not create file",
];

/// Writes a few MiB beside the compiler's output: the error when the disk refuses them.
fn disk_refuses(dir: &Path) -> Option<String> {
    let probe = dir.join(".ferry-space-probe");
    let written = std::fs::write(&probe, vec![0u8; 4 << 20]);
    let _ = std::fs::remove_file(&probe);
    match written {
        Err(e) if e.raw_os_error() == Some(28) || e.kind() == std::io::ErrorKind::StorageFull => {
            Some(format!("writing to {}: {e}", dir.display()))
        }
        _ => None,
    }
}

/// Whether a failed compile ran out of disk: said so (nothing to add), or the disk refuses a
/// write now (what it said, on a line of its own). A linker that runs out of space may crash (lld
/// maps its output: SIGBUS), and LLVM only prints to stderr, instead of saying so: ask the disk.
fn full_disk(said: &str, out_dir: &Path) -> Option<String> {
    if is_disk_full(said) {
        Some(String::new())
    } else {
        disk_refuses(out_dir).map(|e| format!("\n{e}"))
    }
}

fn disk_fix(out_dir: &Path) -> String {
    format!(
        "free some space on {} (ferry builds exercises in {})",
        disk_of(out_dir),
        out_dir.display()
    )
}

fn is_disk_full(text: &str) -> bool {
    text.contains("No space left on device")
        || text.contains("os error 28")
        || text.contains("Disk quota exceeded")
}

fn is_internal_compiler_error(message: &Message) -> bool {
    serde_json::from_str::<serde_json::Value>(&message.json)
        .ok()
        .and_then(|v| {
            v.get("level")?
                .as_str()
                .map(|l| l.contains("internal compiler error"))
        })
        .unwrap_or(false)
}

/// The mount point holding `path` (the disk that is full), or the path itself elsewhere.
fn disk_of(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let dev = |p: &Path| std::fs::metadata(p).ok().map(|m| m.dev());
        if let Some(device) = dev(&path) {
            let mount = path
                .ancestors()
                .take_while(|a| dev(a) == Some(device))
                .last()
                .unwrap_or(&path);
            return format!("the disk mounted at {}", mount.display());
        }
        format!("the disk that holds {}", path.display())
    }
    #[cfg(not(unix))]
    format!("the disk that holds {}", path.display())
}

fn describe_end(ended: &Ended) -> String {
    match ended {
        Ended::Exited(status) => match status.code() {
            Some(code) => format!("exit code {code}"),
            None => format!("{status}"),
        },
        Ended::TimedOut => "timed out".to_string(),
        Ended::Deadlocked { .. } => "deadlocked".to_string(),
        Ended::Flooded => "flooded its output".to_string(),
        Ended::TooMuchMemory { .. } => "used too much memory".to_string(),
        Ended::Cancelled => "cancelled".to_string(),
    }
}

/// What the compiler printed that was not a diagnostic (a crash report), indented, or nothing.
fn plain_text(messages: &[Message]) -> String {
    let text: Vec<String> = messages
        .iter()
        .filter(|m| m.json.is_empty())
        .map(|m| format!("  {}", strip_ansi(m.rendered.trim_end())))
        .take(40)
        .collect();
    if text.is_empty() {
        String::new()
    } else {
        format!(":\n{}", text.join("\n"))
    }
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ parameters, then a final byte in @..~
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// A compiler killed half-way, or one that failed to write, leaves object files and temporary
/// folders behind.
fn remove_compiler_leftovers(out_dir: &Path, binary: &Path) {
    let _ = std::fs::remove_file(binary);
    let Ok(entries) = std::fs::read_dir(out_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let path = entry.path();
        if name.starts_with("rustc") && path.is_dir() {
            let _ = std::fs::remove_dir_all(&path);
        } else if name.contains(".rcgu.") || name.ends_with(".o") || name.ends_with(".rmeta") {
            let _ = std::fs::remove_file(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(message: &str, code: Option<&str>, rendered: &str) -> Message {
        Message {
            level: diagnostics::Level::Error,
            code: code.map(str::to_string),
            message: message.to_string(),
            primary: None,
            rendered: rendered.to_string(),
            suggestions: Vec::new(),
            json: String::new(),
        }
    }

    #[test]
    fn machine_failures_are_ferry_errors_and_source_errors_are_not() {
        let dir = std::env::temp_dir();
        let linker = error(
            "linking with `cc` failed: exit status: 1",
            None,
            "error: linking with `cc` failed: exit status: 1\n  = note: collect2: ld returned 1\n",
        );
        let Some(Error::Toolchain { what, fix }) = infrastructure_failure(&[linker], &dir) else {
            panic!("a linker failure is not the learner's error");
        };
        assert!(what.contains("collect2"), "{what}");
        assert!(
            fix.contains("linker") || fix.contains("free some space"),
            "{fix}"
        );

        let full = error(
            "could not write output to x.o: No space left on device (os error 28)",
            None,
            "error: could not write output to x.o: No space left on device (os error 28)\n",
        );
        let Some(Error::Toolchain { fix, .. }) = infrastructure_failure(&[full], &dir) else {
            panic!("a full disk is not the learner's error");
        };
        assert!(fix.contains("free some space on the disk"), "{fix}");

        let learner = [
            error("borrow of moved value: `x`", Some("E0382"), "error[E0382]"),
            error("lifetime may not live long enough", None, "error: lifetime"),
            error(
                "couldn't read `data.txt`: No such file or directory (os error 2)",
                None,
                "error: couldn't read",
            ),
        ];
        assert!(infrastructure_failure(&learner, &dir).is_none());
    }
}
