//! Crates for exercises (tokio, serde): built once with cargo, then handed to the compiler.
//!
//! The curriculum lists its crates in info.toml's `[crates]` table. The first check of an
//! exercise that uses them writes a small package into `.ferry/crates/`, builds it with cargo
//! (`--message-format=json`) and records where each crate's `.rlib` landed; every later check
//! compiles with `--extern name=path -L dependency=…`, at the bare compiler's speed. The record
//! is keyed on the crate table and the toolchain, so a change to either builds again.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::process::{self, Ended, Limits};
use crate::error::{Error, Result};

const PACKAGE: &str = "ferry-crates";
/// Building tokio and serde from scratch on a slow laptop takes minutes, not hours.
const BUILD_TIMEOUT: Duration = Duration::from_secs(30 * 60);

/// Where the built crates are: one `--extern` per crate, and the folder of their dependencies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Externs {
    key: String,
    /// The folder the crates were built in (its Cargo.lock says which versions cargo picked).
    #[serde(skip)]
    pub dir: PathBuf,
    /// Crate name as code uses it (`serde_json`), and its library file.
    pub crates: Vec<(String, PathBuf)>,
    pub deps: PathBuf,
}

impl Externs {
    /// The record's relative paths, made absolute under `dir`.
    fn under(self, dir: &Path) -> Externs {
        Externs {
            key: self.key,
            dir: dir.to_path_buf(),
            crates: self
                .crates
                .into_iter()
                .map(|(name, path)| (name, dir.join(path)))
                .collect(),
            deps: dir.join(self.deps),
        }
    }

    /// The compiler flags for the named crates.
    pub fn flags(&self, wanted: &[String]) -> Vec<String> {
        let mut flags = vec![format!("-Ldependency={}", self.deps.display())];
        for (name, path) in &self.crates {
            if wanted.iter().any(|w| normalize(w) == *name) {
                flags.push("--extern".to_string());
                flags.push(format!("{name}={}", path.display()));
            }
        }
        flags
    }
}

/// The environment variable that names a folder of crate builds shared by every workspace on
/// the machine (the test suite, a learner with several workspaces), instead of one build in
/// each workspace's `.ferry/crates`.
pub const SHARED_DIR_VARIABLE: &str = "FERRY_CRATES_DIR";

/// Where the crates of `table` are built for the workspace at `root`: its `.ferry/crates`, or
/// with `FERRY_CRATES_DIR` set, a folder of that one named after the table and the toolchain
/// (so curricula with different crates, or toolchains, never share a build).
pub fn dir(root: &Path, table: &toml::Table, sysroot: &Path) -> PathBuf {
    match std::env::var_os(SHARED_DIR_VARIABLE) {
        Some(shared) if !shared.is_empty() => {
            PathBuf::from(shared).join(key(&manifest(table), sysroot))
        }
        _ => root.join(crate::state::STATE_DIR).join("crates"),
    }
}

/// The crates of `table`, built under `dir` (see [`dir`]) unless already built.
pub fn prepare(
    root: &Path,
    table: &toml::Table,
    dir: &Path,
    sysroot: &Path,
    cancel: &std::sync::atomic::AtomicBool,
) -> Result<Externs> {
    let manifest = manifest(table);
    let key = key(&manifest, sysroot);
    let record = dir.join("externs.json");
    // Paths in the record are relative to `dir`, so a prepared workspace still works after it
    // was copied to another folder or machine (of the same platform).
    if let Ok(text) = std::fs::read_to_string(&record)
        && let Ok(stored) = serde_json::from_str::<Externs>(&text)
        && stored.key == key
    {
        let externs = stored.under(dir);
        if externs.crates.iter().all(|(_, path)| path.is_file()) {
            return Ok(externs);
        }
    }

    write_manifest(dir, table)?;

    let mut command = Command::new("cargo");
    command
        .current_dir(root)
        .arg("build")
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(dir.join("target"))
        .args(["--message-format=json", "--quiet"])
        // Learners never step through tokio in a debugger: without debug info the build is a
        // third of the size on disk, and nothing here is ever rebuilt incrementally.
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_INCREMENTAL", "0");
    let captured = process::run(command, Limits::tool(BUILD_TIMEOUT), cancel).map_err(
        |source| {
            if source.kind() == std::io::ErrorKind::Interrupted {
                Error::Cancelled
            } else {
                Error::Spawn {
                    command: "cargo build".to_string(),
                    source,
                    fix: "install Rust with rustup (https://rustup.rs): ferry needs cargo to build the crates some exercises use".to_string(),
                }
            }
        },
    )?;
    let succeeded = matches!(captured.ended, Ended::Exited(s) if s.success());
    let wanted: Vec<String> = table.keys().map(|k| normalize(k)).collect();
    let mut crates = Vec::new();
    for message in cargo_metadata::Message::parse_stream(captured.stdout.as_slice()).flatten() {
        if let cargo_metadata::Message::CompilerArtifact(artifact) = message {
            let name = normalize(&artifact.target.name);
            if !wanted.contains(&name) || crates.iter().any(|(n, _)| *n == name) {
                continue;
            }
            if let Some(file) = artifact
                .filenames
                .iter()
                .find(|f| is_library(f.as_std_path()))
            {
                crates.push((name, file.clone().into_std_path_buf()));
            }
        }
    }
    if !succeeded || crates.len() < wanted.len() {
        let missing: Vec<&String> = wanted
            .iter()
            .filter(|w| !crates.iter().any(|(n, _)| n == *w))
            .collect();
        return Err(Error::Toolchain {
            what: format!(
                "building the crates exercises use ({}) failed{}:\n{}",
                wanted.join(", "),
                if missing.is_empty() {
                    String::new()
                } else {
                    format!(" (not built: {missing:?})")
                },
                String::from_utf8_lossy(&captured.stderr).trim()
            ),
            fix: "the first build needs crates.io (or a prepared workspace); connect once and check again, or check [crates] in info.toml".to_string(),
        });
    }
    let stored = Externs {
        key,
        dir: PathBuf::new(),
        crates: crates
            .into_iter()
            .map(|(name, path)| {
                let relative = path
                    .strip_prefix(dir)
                    .map(Path::to_path_buf)
                    .unwrap_or(path);
                (name, relative)
            })
            .collect(),
        deps: Path::new("target").join("debug").join("deps"),
    };
    write(
        record,
        &serde_json::to_string_pretty(&stored).unwrap_or_default(),
    )?;
    let externs = stored.under(dir);
    Ok(externs)
}

fn write(path: PathBuf, text: &str) -> Result<()> {
    crate::fs::write_atomically(&path, text.as_bytes())
        .map_err(|source| Error::Write { path, source })
}

/// Copies the build of the shared crates folder (`FERRY_CRATES_DIR`) into `dir`, a prepared
/// workspace's `.ferry/crates`, when there is one of the same table and toolchain whose cargo
/// picked the versions `dir`'s lockfile (written by [`vendor`]) says: then the workspace
/// carries a build without building. Returns whether it did.
pub fn adopt_shared_build(root: &Path, table: &toml::Table, dir: &Path, sysroot: &Path) -> bool {
    let shared = self::dir(root, table, sysroot);
    if shared == dir {
        return false;
    }
    let lock = |d: &Path| std::fs::read_to_string(d.join("Cargo.lock")).ok();
    let Some(record) = std::fs::read_to_string(shared.join("externs.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<Externs>(&t).ok())
    else {
        return false;
    };
    if record.key != key(&manifest(table), sysroot)
        || lock(&shared).is_none()
        || lock(&shared) != lock(dir)
    {
        return false;
    }
    let copied = copy_tree(&shared.join("target"), &dir.join("target"))
        .and_then(|()| std::fs::copy(shared.join("externs.json"), dir.join("externs.json")));
    if copied.is_err() {
        // Half a copy is no build: the next check builds it.
        let _ = std::fs::remove_dir_all(dir.join("target"));
        let _ = std::fs::remove_file(dir.join("externs.json"));
        return false;
    }
    true
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        let kind = entry.file_type()?;
        if kind.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Writes the package that holds the curriculum's crates into `dir`.
pub fn write_manifest(dir: &Path, table: &toml::Table) -> Result<()> {
    write(dir.join("Cargo.toml"), &manifest(table))?;
    write(
        dir.join("src").join("lib.rs"),
        "// Built by ferry: the crates exercises use.\n",
    )
}

/// Copies the sources of the curriculum's crates (and everything they depend on) into `vendor`
/// with `cargo vendor`; returns the Cargo configuration that makes cargo use them instead of
/// the network.
pub fn vendor(
    root: &Path,
    table: &toml::Table,
    dir: &Path,
    vendor: &Path,
    cancel: &std::sync::atomic::AtomicBool,
) -> Result<String> {
    write_manifest(dir, table)?;
    let mut command = Command::new("cargo");
    command
        .current_dir(root)
        .arg("vendor")
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .arg("--versioned-dirs")
        .arg(vendor);
    let captured =
        process::run(command, Limits::tool(BUILD_TIMEOUT), cancel).map_err(|source| {
            Error::Spawn {
                command: "cargo vendor".to_string(),
                source,
                fix: "install Rust with rustup (https://rustup.rs)".to_string(),
            }
        })?;
    if !matches!(captured.ended, Ended::Exited(s) if s.success()) {
        return Err(Error::Toolchain {
            what: format!(
                "fetching the crates with `cargo vendor` failed:\n{}",
                String::from_utf8_lossy(&captured.stderr).trim()
            ),
            fix: "preparing needs crates.io once: run it where the network works, then copy the workspace".to_string(),
        });
    }
    Ok(String::from_utf8_lossy(&captured.stdout).into_owned())
}

fn manifest(table: &toml::Table) -> String {
    let mut doc = toml::Table::new();
    let mut package = toml::Table::new();
    package.insert("name".into(), PACKAGE.into());
    package.insert("version".into(), "0.0.0".into());
    package.insert("edition".into(), super::EDITION.into());
    package.insert("publish".into(), false.into());
    doc.insert("package".into(), package.into());
    doc.insert("dependencies".into(), table.clone().into());
    // Its own workspace: never part of whatever package the curriculum sits in.
    doc.insert("workspace".into(), toml::Table::new().into());
    format!(
        "# Written by ferry from the [crates] table of info.toml; edits are overwritten.\n{}",
        toml::to_string(&doc).unwrap_or_default()
    )
}

fn key(manifest: &str, sysroot: &Path) -> String {
    let mut hasher = DefaultHasher::new();
    // Bump when the way the crates are built changes, so old builds are redone.
    "build settings 2: no debug info".hash(&mut hasher);
    manifest.hash(&mut hasher);
    sysroot.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

fn normalize(name: &str) -> String {
    name.replace('-', "_")
}

fn is_library(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "rlib" || e == "so" || e == "dylib" || e == "dll")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_is_its_own_workspace_with_the_curriculums_crates() {
        let table: toml::Table =
            "tokio = { version = \"1\", features = [\"rt\"] }\nserde_json = \"1\""
                .parse()
                .unwrap();
        let text = manifest(&table);
        let parsed: toml::Table = text.parse().unwrap();
        assert_eq!(parsed["package"]["name"].as_str(), Some(PACKAGE));
        assert!(parsed.contains_key("workspace"));
        assert_eq!(parsed["dependencies"]["serde_json"].as_str(), Some("1"));
        assert_eq!(
            parsed["dependencies"]["tokio"]["features"][0].as_str(),
            Some("rt")
        );
    }

    #[test]
    fn flags_name_only_the_wanted_crates() {
        let externs = Externs {
            key: String::new(),
            dir: PathBuf::from("/t"),
            crates: vec![
                ("tokio".into(), PathBuf::from("/t/libtokio.rlib")),
                ("serde_json".into(), PathBuf::from("/t/libserde_json.rlib")),
            ],
            deps: PathBuf::from("/t"),
        };
        assert_eq!(
            externs.flags(&["serde-json".to_string()]),
            vec![
                "-Ldependency=/t",
                "--extern",
                "serde_json=/t/libserde_json.rlib"
            ]
        );
    }
}
