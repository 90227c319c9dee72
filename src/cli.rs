//! Command-line arguments, as clap parses them. Turned into a `Config` before any command runs.

use clap::{Parser, Subcommand, ValueEnum};

/// Learn Rust's ownership, borrowing and concurrency rules one compiler error at a time.
///
/// ferry works on the curriculum in the current folder (the nearest info.toml above it).
#[derive(Debug, Parser)]
#[command(name = "ferry", version, arg_required_else_help = true)]
pub struct Cli {
    /// When to use colour: auto (a terminal without NO_COLOR), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check one exercise (default: the current one) and print the verdict.
    ///
    /// Exits 0 when it is done (compiles warning-free, tests pass, clippy is clean), 1 when not.
    Run {
        /// The exercise's name, as `ferry list` shows it.
        name: Option<String>,
    },
    /// Show a hint for an exercise (default: the current one); run again for the next level.
    Hint {
        /// The exercise's name.
        name: Option<String>,
        /// Show every hint level at once.
        #[arg(long)]
        all: bool,
    },
    /// List every exercise with its state; the current one is marked.
    List,
    /// Restore an exercise to its untouched state. Your version is backed up first.
    Reset {
        /// The exercise's name.
        name: String,
    },
    /// For curriculum authors and CI: every untouched exercise fails exactly as declared, and
    /// every solution passes.
    Verify,
}
