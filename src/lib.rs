//! ferry: learn Rust's ownership, borrowing and concurrency rules one compiler error at a time.
//!
//! `main.rs` calls [`run`]; everything else lives here so that it can be tested.

pub mod bundled;
pub mod cards;
pub mod check;
pub mod class;
pub mod cli;
pub mod commands;
pub mod config;
pub mod curriculum;
pub mod diagnostics;
pub mod error;
pub mod exam;
pub mod figures;
pub mod fs;
pub mod originals;
pub mod predict;
pub mod render;
pub mod runner;
pub mod session;
pub mod signals;
pub mod solution;
pub mod source;
pub mod state;
pub mod testreport;
pub mod verdict;
pub mod verify;
pub mod watch;
pub mod workspace;

use std::ffi::OsString;
use std::io::{self, Write};

use clap::Parser;

use crate::cli::Cli;
use crate::config::Config;
use crate::error::Error;

/// How a command ended, when ferry could do its job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Success {
    /// Exit 0.
    Yes,
    /// Exit 1: the exercise or the verification failed.
    No,
}

/// Runs ferry with these arguments and returns the process exit code: 0 success, 1 the exercise
/// (or verification) failed, 2 ferry could not do its job.
pub fn run(args: impl IntoIterator<Item = OsString>) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() { 2 } else { 0 };
        }
    };
    let config = match Config::from_cli(&cli) {
        Ok(config) => config,
        Err(err) => {
            eprintln!("error: cannot read the current folder: {err}");
            return 2;
        }
    };
    colored::control::set_override(config.color);
    signals::install();

    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = commands::dispatch(cli.command.as_ref(), &config, &mut out);
    let flushed = out.flush();
    if let Some(signal) = signals::pending() {
        // Whatever was running is stopped; the command has unwound.
        signals::restore_terminal();
        eprintln!("ferry: stopped by {}", signals::name(signal));
        return signals::exit_code(signal);
    }
    match result {
        Ok(_) if is_broken_pipe(&flushed) => 0,
        Ok(Success::Yes) => 0,
        Ok(Success::No) => 1,
        Err(Error::Output(err)) if err.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(err) => {
            eprintln!("{} {err}", error_prefix(config.color));
            err.exit_code()
        }
    }
}

fn is_broken_pipe(result: &io::Result<()>) -> bool {
    result
        .as_ref()
        .is_err_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

fn error_prefix(color: bool) -> String {
    use colored::Colorize;
    if color {
        "error:".red().bold().to_string()
    } else {
        "error:".to_string()
    }
}
