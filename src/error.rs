//! The one error type: everything that stops ferry from doing its job (exit code 2).
//!
//! "The exercise failed" is not an error; it is an outcome, and exits 1.

use std::io;
use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "no info.toml in {} or any folder above it\n  fix: run ferry inside a curriculum (the folder that holds info.toml)",
        start.display()
    )]
    NoCurriculum { start: PathBuf },

    #[error(
        "{} is a rustlings workspace (made by `rustlings init`): its exercise list lives inside the rustlings program, so there is no info.toml for ferry to read\n  fix: keep going with `rustlings` here; for ferry's curriculum, run `ferry init` in another folder; to run a curriculum in rustlings' format with ferry, use its repository, which has the info.toml",
        root.display()
    )]
    RustlingsWorkspace { root: PathBuf },

    #[error("{}:{line}:{column}: {message}\n  fix: {fix}", path.display())]
    InfoToml {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
        fix: String,
    },

    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },

    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },

    #[error("cannot save progress to {}: {source}\n  fix: check that the folder is writable", path.display())]
    StateWrite { path: PathBuf, source: io::Error },

    #[error("could not run `{command}`: {source}\n  fix: {fix}")]
    Spawn {
        command: String,
        source: io::Error,
        fix: String,
    },

    #[error("{what}\n  fix: {fix}")]
    Toolchain { what: String, fix: String },

    #[error("no exercise named `{name}`{suggestion}\n  fix: `ferry list` shows every exercise")]
    UnknownExercise { name: String, suggestion: String },

    #[error("{0}")]
    Usage(String),

    #[error(
        "cannot listen on {address}: {source}\n  fix: choose another address or port with --listen (e.g. --listen 0.0.0.0:7879), or stop what uses it"
    )]
    Listen { address: String, source: io::Error },

    #[error("{what}\n  fix: {fix}")]
    Class { what: String, fix: String },

    #[error("the check was cancelled")]
    Cancelled,

    #[error("cannot write output: {0}")]
    Output(#[from] io::Error),
}

impl Error {
    /// Every error means "ferry could not do its job".
    pub fn exit_code(&self) -> u8 {
        2
    }
}
