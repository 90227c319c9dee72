//! One file per subcommand; this module opens the curriculum and state they share.

pub mod class;
mod explain;
mod hint;
mod init;
mod list;
pub(crate) mod progress;
mod reset;
mod run;
pub mod upgrade;
mod verify;

use std::io::Write;

pub use crate::Success;
use crate::cli::Command;
use crate::config::Config;
use crate::error::Result;
pub use crate::session::Session;

pub fn dispatch(
    command: Option<&Command>,
    config: &Config,
    out: &mut dyn Write,
) -> Result<Success> {
    let Some(command) = command else {
        return crate::watch::watch(config, false, None, out);
    };
    match command {
        Command::Watch {
            manual,
            chapter,
            class,
        } => {
            if let Some(chapter) = chapter {
                crate::watch::needs_terminal(config)?;
                start_at_chapter(config, chapter)?;
            }
            crate::watch::watch(config, *manual, class.as_deref(), out)
        }
        Command::Class { command } => class::class(config, command, out),
        Command::Explain { code } => explain::explain(config, code, out),
        Command::Progress {
            json,
            disable_log,
            enable_log,
        } => progress::progress(
            config,
            *json,
            match (disable_log, enable_log) {
                (true, _) => Some(false),
                (_, true) => Some(true),
                _ => None,
            },
            out,
        ),
        Command::Init {
            dir,
            chapters,
            prepare,
        } => init::init(config, dir, chapters, *prepare, out),
        Command::Run { name } => run::run(config, name.as_deref(), out),
        Command::Upgrade { dry_run } => upgrade::upgrade(config, *dry_run, out),
        Command::Hint { name, all } => hint::hint(config, name.as_deref(), *all, out),
        Command::List { chapter, state } => list::list(config, chapter.as_deref(), *state, out),
        Command::Reset { name, all, yes } => match name {
            Some(name) if !all => reset::reset(config, name, out),
            _ => reset::reset_all(config, *yes, out),
        },
        Command::Verify {
            format,
            jobs,
            only,
            exercises_only,
            solutions_only,
            no_author_checks,
            cheats,
            partition,
            no_cache,
        } => verify::verify(
            config,
            *format,
            &crate::verify::Options {
                jobs: jobs.unwrap_or(config.jobs).max(1),
                only: only.clone(),
                exercises: !solutions_only,
                solutions: !exercises_only,
                author_checks: !no_author_checks,
                cheats: *cheats,
                partition: *partition,
                no_cache: *no_cache,
            },
            out,
        ),
    }
}

/// Makes the first pending exercise of `chapter` the current one (`ferry watch --chapter`).
fn start_at_chapter(config: &Config, chapter: &str) -> Result<()> {
    Session::open(config, true)?.start_chapter(chapter)
}
