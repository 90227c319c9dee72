//! Command-line arguments, as clap parses them. Turned into a `Config` before any command runs.

use clap::{Parser, Subcommand, ValueEnum};

/// Learn Rust's ownership, borrowing and concurrency rules one compiler error at a time.
///
/// ferry works on the curriculum in the current folder (the nearest info.toml above it).
/// Without a command, it starts `ferry watch`.
#[derive(Debug, Parser)]
#[command(name = "ferry", version)]
pub struct Cli {
    /// When to use colour: auto (a terminal without NO_COLOR), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The learning loop: re-checks the current exercise on every save (the default command).
    Watch {
        /// Do not watch files; press `r` to re-check (for file systems that do not report saves).
        #[arg(long)]
        manual: bool,
    },
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
    /// List every exercise with its state; the current one is marked. On a terminal the list is
    /// interactive (move, jump to an exercise, reset one); plain text otherwise.
    List,
    /// ferry's explanation card for an error code, e.g. `ferry explain E0502`.
    Explain {
        /// The error code, as in `error[E0502]`.
        code: String,
    },
    /// Restore an exercise to its untouched state. Your version is backed up first.
    Reset {
        /// The exercise's name.
        name: String,
    },
    /// For curriculum authors and CI: every untouched exercise fails exactly as declared, and
    /// every solution passes.
    Verify {
        /// The report: human (default), json, junit (JUnit XML) or github (annotations).
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// How many checks run at once (default: every core).
        #[arg(long, short)]
        jobs: Option<usize>,
        /// Only these exercises or chapters (by name or folder; repeat or separate with commas).
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
        /// Check only the untouched exercises.
        #[arg(long, conflicts_with = "solutions_only")]
        exercises_only: bool,
        /// Check only the solutions.
        #[arg(long)]
        solutions_only: bool,
        /// Skip the author checks (hints that give the fix away, rustc help that fixes an
        /// exercise verbatim, an exercise identical to its solution, a chapter with no README).
        #[arg(long)]
        no_author_checks: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Junit,
    Github,
}
