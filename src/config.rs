//! The settled configuration: what the raw flags and the environment mean, decided once.
//!
//! Commands read this, never the flags or `is_terminal()` themselves.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::{Cli, ColorChoice};

#[derive(Debug, Clone)]
pub struct Config {
    /// Where ferry was started; the curriculum is the nearest info.toml at or above it.
    pub cwd: PathBuf,
    /// Write ANSI colour (ours, and the compiler's rendered output).
    pub color: bool,
    /// Standard output is an interactive terminal.
    pub terminal: bool,
    /// How many checks may run at once.
    pub jobs: usize,
    /// The terminal's width (100 when not a terminal).
    pub width: u16,
    /// Do not append to the attempt log in this run.
    pub no_log: bool,
}

impl Config {
    pub fn from_cli(cli: &Cli) -> std::io::Result<Config> {
        let terminal = std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        let color = match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && !no_color && !dumb,
        };
        Ok(Config {
            cwd: std::env::current_dir()?,
            color,
            terminal,
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            no_log: cli.no_log,
            width: if terminal {
                crossterm::terminal::size().map_or(100, |(w, _)| w)
            } else {
                100
            },
        })
    }
}
