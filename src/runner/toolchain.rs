//! Finding the real compiler and clippy behind rustup's proxies.
//!
//! rustup's `clippy-driver` proxy costs ~8 ms a call and `rustc --print sysroot` ~20 ms, a third of
//! a whole check; so the sysroot is resolved once and cached beside the progress state, keyed on
//! everything that can change which toolchain rustup picks.

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
}

#[derive(Serialize, Deserialize)]
struct Cached {
    key: String,
    sysroot: PathBuf,
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
            };
            if toolchain.clippy_driver().is_file() {
                return Ok(toolchain);
            }
        }

        let toolchain = Toolchain {
            sysroot: ask_sysroot(root)?,
        };
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

fn ask_sysroot(root: &Path) -> Result<PathBuf> {
    let output = Command::new("rustc")
        .args(["--print", "sysroot"])
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
    Ok(PathBuf::from(
        String::from_utf8_lossy(&output.stdout).trim().to_string(),
    ))
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
