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

    /// When to make file paths clickable (OSC 8 hyperlinks): auto (a terminal known to show
    /// them, with colour on, not inside tmux or screen; FORCE_HYPERLINK=1 forces them, =0 turns
    /// them off), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    pub hyperlinks: ColorChoice,

    /// Do not record checks, hints and cards in .ferry/attempts.jsonl during this run
    /// (`ferry progress --disable-log` turns it off for good).
    #[arg(long, global = true)]
    pub no_log: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// auto, always or never: for `--color` and `--hyperlinks`.
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
        /// Start at this chapter (its first exercise not done yet).
        #[arg(long)]
        chapter: Option<String>,
        /// Send this session's checks to a class board, as `ferry class join URL` does for
        /// good (`http://HOST:PORT/join/CODE`).
        #[arg(long, value_name = "URL")]
        class: Option<String>,
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
    List {
        /// Only this chapter.
        #[arg(long)]
        chapter: Option<String>,
        /// Only exercises in this state.
        #[arg(long, value_enum)]
        state: Option<StateFilter>,
    },
    /// A fresh learner workspace from the curriculum built into ferry (no solutions: each appears
    /// once its exercise is done).
    Init {
        /// The new folder (must not exist yet, or be empty).
        dir: std::path::PathBuf,
        /// Only these chapters, e.g. `--chapters ownership,borrowing` (default: all).
        #[arg(long, value_delimiter = ',')]
        chapters: Vec<String>,
        /// Fetch and build the crates the async/backend chapters use now, so that the workspace
        /// works with no network (copy it to every laptop in the room).
        #[arg(long)]
        prepare: bool,
    },
    /// Where you got: per chapter, and per exercise the checks, time spent, errors met, hints and
    /// cards used (from the local attempt log, which never leaves this machine).
    Progress {
        /// Machine-readable, for an instructor collecting a room's progress.
        #[arg(long)]
        json: bool,
        /// Stop recording checks, hints and cards from now on (a setting kept in .ferry/).
        #[arg(long, conflicts_with = "enable_log")]
        disable_log: bool,
        /// Record them again.
        #[arg(long)]
        enable_log: bool,
    },
    /// ferry's explanation card for an error code, e.g. `ferry explain E0502`.
    Explain {
        /// The error code, as in `error[E0502]`; a situation of it, as in `E0277.not-send` (the
        /// code's card lists them); a clippy lint, as in `clippy::await_holding_lock`; or the
        /// message of an error that has no code.
        code: String,
    },
    /// Restore an exercise to its untouched state. Your version is backed up first.
    #[command(group = clap::ArgGroup::new("what").required(true).args(["name", "all"]))]
    Reset {
        /// The exercise's name.
        name: Option<String>,
        /// Every exercise (asks first; each version is backed up).
        #[arg(long)]
        all: bool,
        /// Do not ask (for scripts).
        #[arg(long, requires = "all")]
        yes: bool,
    },
    /// For curriculum authors and CI: every untouched exercise fails exactly as declared, and
    /// every solution passes.
    ///
    /// Results are kept in .ferry/verify-cache/, keyed on everything that can change them (the
    /// file, its info.toml entry, the toolchain, this ferry build, the crates), so a re-run
    /// checks only what changed; a check that ran into a timeout or memory limit is always
    /// re-run.
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
        /// Also try the shortcuts learners take on every exercise (empty main, tests removed,
        /// rustc's suggestions, clones, leaks, unsafe impl Send, allow): any that ferry would
        /// call done, and the exercise does not declare as intended, fails verify.
        #[arg(long)]
        cheats: bool,
        /// Only the k-th of n disjoint parts of the exercises (`2/3`; nextest's `count:2/3`
        /// works too), for CI jobs that share a curriculum: together the n parts are the
        /// whole run.
        #[arg(long, value_name = "K/N")]
        partition: Option<crate::verify::Partition>,
        /// Check everything afresh instead of reusing unchanged results from the verdict
        /// cache (the cache is still refreshed with the new results).
        #[arg(long)]
        no_cache: bool,
    },
    /// A workshop's live board: the instructor serves it, learners' ferry sends it a line per
    /// check (never their code, unless they ask for help).
    Class {
        #[command(subcommand)]
        command: ClassCommand,
    },
    /// For curriculum authors: make a curriculum in rustlings' format ferry's. Compiles every
    /// untouched exercise that declares no `errors` and writes what the compiler said into
    /// info.toml (codes, messages of codeless errors, lints), so learners are told whether an
    /// error is the one the exercise is about and `ferry verify` holds each exercise to it.
    /// Comments and layout are kept; the previous info.toml goes to .ferry/backups/.
    Upgrade {
        /// Say what would be written, and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ClassCommand {
    /// For the instructor: serve the board for the curriculum in this folder. Prints the
    /// address learners join and the board's address with the instructor's token.
    Serve {
        /// Where to listen. The default is this machine only; for the room, its address on
        /// the room's network, or 0.0.0.0:7878 for every interface.
        #[arg(long, default_value = "127.0.0.1:7878", value_name = "ADDRESS:PORT")]
        listen: std::net::SocketAddr,
        /// The session's file (SQLite), kept across restarts (default:
        /// .ferry/class/server.db).
        #[arg(long, value_name = "PATH")]
        db: Option<std::path::PathBuf>,
        /// Only these chapters' exercises, e.g. `--chapters ownership,borrowing` (default:
        /// all).
        #[arg(long, value_delimiter = ',')]
        chapters: Vec<String>,
        /// Minutes on one exercise after which the board calls a learner stuck.
        #[arg(long, default_value_t = 5, value_name = "MINUTES")]
        stuck_after: u64,
    },
    /// For a learner: send every check from now on to the class at URL (remembered in
    /// .ferry/), e.g. `ferry class join http://192.168.1.20:7878/join/ABCD-EFGH`.
    Join {
        /// The address the instructor gives.
        url: String,
        /// The name the board shows (default: the one given before, else your login name).
        #[arg(long)]
        name: Option<String>,
        /// The join code, when the address does not end in /join/CODE.
        #[arg(long)]
        code: Option<String>,
    },
    /// Stop sending checks to the class (what was sent stays in .ferry/class/).
    Leave,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StateFilter {
    Done,
    Pending,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Junit,
    Github,
}
