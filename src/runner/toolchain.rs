//! Finding the real compiler and clippy behind rustup's proxies.
//!
//! rustup's `clippy-driver` proxy costs ~8 ms a call and `rustc --print sysroot` ~20 ms, a third of
//! a whole check; so the sysroot is resolved once and cached beside the progress state, keyed on
//! everything that can change which toolchain rustup picks.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

const CACHE_FILE: &str = "toolchain.json";
const EXE: &str = std::env::consts::EXE_SUFFIX;

#[derive(Debug, Clone)]
pub struct Toolchain {
    pub sysroot: PathBuf,
    /// The host's library folder in the sysroot (`lib/rustlib/<host>/lib`): where the standard
    /// library's shared object is, for programs linked against it.
    pub libdir: PathBuf,
}

#[derive(Serialize, Deserialize)]
struct Cached {
    key: String,
    sysroot: PathBuf,
    libdir: PathBuf,
}

impl Toolchain {
    /// The toolchain rustup would pick in `root`; `cache_dir` keeps the answer between runs.
    pub fn resolve(root: &Path, cache_dir: Option<&Path>) -> Result<Toolchain> {
        let key = fingerprint(root);
        let cache_path = cache_dir.map(|d| d.join(CACHE_FILE));
        if let Some(path) = &cache_path
            && let Ok(text) = std::fs::read_to_string(path)
            && let Ok(cached) = serde_json::from_str::<Cached>(&text)
            && cached.key == key
        {
            let toolchain = Toolchain {
                sysroot: cached.sysroot,
                libdir: cached.libdir,
            };
            if toolchain.clippy_driver().is_file() {
                return Ok(toolchain);
            }
        }

        let toolchain = ask_sysroot(root)?;
        if !toolchain.clippy_driver().is_file() {
            return Err(Error::Toolchain {
                what: format!(
                    "clippy is not installed for the toolchain in {}",
                    toolchain.sysroot.display()
                ),
                fix: "run `rustup component add clippy`".to_string(),
            });
        }
        if let Some(path) = cache_path {
            let cached = Cached {
                key,
                sysroot: toolchain.sysroot.clone(),
                libdir: toolchain.libdir.clone(),
            };
            // A cache that cannot be written only costs time next run.
            let _ = crate::fs::write_atomically(
                &path,
                serde_json::to_string(&cached)
                    .unwrap_or_default()
                    .as_bytes(),
            );
        }
        Ok(toolchain)
    }

    /// What ferry adds to the compiler's defaults when it links a learner's program. On Linux
    /// the standard library is linked as the toolchain's shared object (found through the
    /// program's runpath, so the program also runs on its own), and the standard library's debug
    /// info is left out (the learner's code is compiled without any, as cargo's profiles without
    /// debug info do). Most of a small program's compile is the link: this makes it less than
    /// half, and the program a twelfth of the size. Elsewhere the defaults stand.
    pub fn link_flags(&self) -> Vec<OsString> {
        if !cfg!(target_os = "linux") {
            return Vec::new();
        }
        let mut flags: Vec<OsString> = ["-Cprefer-dynamic", "-Cstrip=debuginfo"]
            .map(OsString::from)
            .to_vec();
        // `-Xlinker` hands the linker one argument as it is (`-Wl,` would split a path at its
        // commas).
        for arg in [OsStr::new("-rpath"), self.libdir.as_os_str()] {
            flags.push("-Clink-arg=-Xlinker".into());
            let mut flag = OsString::from("-Clink-arg=");
            flag.push(arg);
            flags.push(flag);
        }
        flags
    }

    pub fn clippy_driver(&self) -> PathBuf {
        self.sysroot.join("bin").join(format!("clippy-driver{EXE}"))
    }

    /// `cargo-clippy`, which explains clippy's lints (`--explain NAME`).
    pub fn cargo_clippy(&self) -> PathBuf {
        self.sysroot.join("bin").join(format!("cargo-clippy{EXE}"))
    }

    /// `rustc -vV` and `clippy-driver -V` of this toolchain: what identifies the compiler and
    /// clippy exactly (release, commit, host, LLVM), for caches of their verdicts. Two processes,
    /// so callers ask once per run, not per check.
    pub fn versions(&self) -> Result<String> {
        let rustc = self.sysroot.join("bin").join(format!("rustc{EXE}"));
        let asked = [(rustc, "-vV"), (self.clippy_driver(), "-V")];
        // Both at once: each is a process start of the compiler.
        let answers: Vec<_> = std::thread::scope(|scope| {
            let asking: Vec<_> = asked
                .iter()
                .map(|(program, flag)| {
                    scope.spawn(move || Command::new(program).arg(flag).output())
                })
                .collect();
            asking
                .into_iter()
                .map(|a| a.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        let mut text = String::new();
        for ((program, flag), output) in asked.iter().zip(answers) {
            let output = output.map_err(|source| Error::Spawn {
                command: format!("{} {flag}", program.display()),
                source,
                fix: "check your Rust installation with `rustup show`".to_string(),
            })?;
            if !output.status.success() {
                return Err(Error::Toolchain {
                    what: format!(
                        "`{} {flag}` failed: {}",
                        program.display(),
                        String::from_utf8_lossy(&output.stderr).trim()
                    ),
                    fix: "check your Rust installation with `rustup show`".to_string(),
                });
            }
            text.push_str(&String::from_utf8_lossy(&output.stdout));
        }
        Ok(text)
    }

    pub fn rustfmt(&self) -> Result<PathBuf> {
        let path = self.sysroot.join("bin").join(format!("rustfmt{EXE}"));
        if path.is_file() {
            Ok(path)
        } else {
            Err(Error::Toolchain {
                what: format!(
                    "rustfmt is not installed for the toolchain in {}",
                    self.sysroot.display()
                ),
                fix: "run `rustup component add rustfmt`".to_string(),
            })
        }
    }
}

/// The sysroot and the host's library folder, in one start of the compiler.
fn ask_sysroot(root: &Path) -> Result<Toolchain> {
    let output = Command::new("rustc")
        .args(["--print", "sysroot", "--print", "target-libdir"])
        .current_dir(root)
        .output()
        .map_err(|source| Error::Spawn {
            command: "rustc --print sysroot".to_string(),
            source,
            fix: "install Rust with rustup (https://rustup.rs) and make sure `rustc` is on PATH"
                .to_string(),
        })?;
    if !output.status.success() {
        return Err(Error::Toolchain {
            what: format!(
                "`rustc --print sysroot` failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            ),
            fix: "check your Rust installation with `rustup show`".to_string(),
        });
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    match (lines.next(), lines.next()) {
        (Some(sysroot), Some(libdir)) => Ok(Toolchain {
            sysroot: PathBuf::from(sysroot),
            libdir: PathBuf::from(libdir),
        }),
        _ => Err(Error::Toolchain {
            what: format!("`rustc --print sysroot --print target-libdir` printed {text:?}"),
            fix: "check your Rust installation with `rustup show`".to_string(),
        }),
    }
}

/// Everything that decides which toolchain `rustc` on PATH resolves to, cheaply: the
/// environment, rustup's settings (default toolchain, `rustup override`) and toolchain files.
fn fingerprint(root: &Path) -> String {
    let mut key = String::new();
    for var in ["PATH", "RUSTUP_TOOLCHAIN", "RUSTUP_HOME"] {
        key.push_str(&format!("{var}={:?};", std::env::var_os(var)));
    }
    let rustup_home = std::env::var_os("RUSTUP_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::home_dir().map(|h| h.join(".rustup")));
    if let Some(home) = rustup_home {
        key.push_str(&stamp(&home.join("settings.toml")));
    }
    for dir in root.ancestors() {
        for name in ["rust-toolchain", "rust-toolchain.toml"] {
            key.push_str(&stamp(&dir.join(name)));
        }
    }
    key
}

fn stamp(path: &Path) -> String {
    match std::fs::metadata(path) {
        Ok(meta) => {
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}:{}:{modified};", path.display(), meta.len())
        }
        Err(_) => String::new(),
    }
}
