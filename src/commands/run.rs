//! `ferry run [NAME]`: check one exercise and print the verdict.

use std::io::Write;

use colored::Colorize;

use super::{Session, Success};
use crate::check;
use crate::class::client::Delivery;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::render;
use crate::render::link::Links;
use crate::runner::{RealRunner, Toolchain};
use crate::verdict;
use crate::workspace::{self, ManifestUpdate};

/// How long `ferry run` gives the class's outbox once the verdict is out (loopback or the
/// room's network answer in milliseconds; a room out of reach waits for the next check).
const CLASS_BUDGET: std::time::Duration = std::time::Duration::from_secs(2);

pub fn run(config: &Config, name: Option<&str>, out: &mut dyn Write) -> Result<Success> {
    let mut session = Session::open(config, true)?;
    let result = check_and_say(config, &mut session, name, out);
    // The verdict first; then, in a class, the check goes out.
    out.flush()?;
    match session.deliver_class(CLASS_BUDGET) {
        Some(Delivery::Later { waiting, reason }) => eprintln!(
            "class: {waiting} check(s) wait in .ferry/class/ ({reason}); ferry sends them with the next check"
        ),
        Some(Delivery::Refused(reason)) => eprintln!(
            "class: the class refused this workspace's checks ({reason}); `ferry class join` with the instructor's address"
        ),
        Some(Delivery::Done { .. }) | None => {}
    }
    result
}

fn check_and_say(
    config: &Config,
    session: &mut Session,
    name: Option<&str>,
    out: &mut dyn Write,
) -> Result<Success> {
    let exercise = session.pick(name)?.clone();
    session.state.ensure()?;
    let root = session.curriculum.root.clone();
    let runner = RealRunner::new(Toolchain::resolve(&root, Some(&session.state.path))?)
        .with_crates(&root, &session.curriculum.crates);
    if !exercise.crates.is_empty()
        && !crate::runner::crates::dir(&root, &session.curriculum.crates, &runner.toolchain.sysroot)
            .join("externs.json")
            .is_file()
    {
        eprintln!(
            "building the crates this exercise uses ({}) once; this takes a minute or two…",
            exercise.crates.join(", ")
        );
    }
    let path = root.join(exercise.path());
    let source = std::fs::read_to_string(&path).map_err(|source| Error::Read { path, source })?;
    let original = session.originals().text(&exercise);
    let verdict = check::check(
        &runner,
        &root,
        &exercise,
        &exercise.path(),
        original.as_deref(),
        &session.state.target(&exercise.name),
        check::Options {
            color: config.color,
            ..check::Options::default()
        },
    )?;
    let recorded = session.progress.predictions.get(&exercise.name);
    let assessment = verdict::assess(&exercise, verdict, &source, recorded);
    let was_current = session
        .progress
        .current(&session.curriculum)
        .is_some_and(|c| c.name == exercise.name);
    let recorded = session.record(&exercise, &assessment, crate::state::Trigger::Run)?;
    let links = Links::new(&root, config.hyperlinks);

    render::compiler_output(out, &assessment)?;
    render::verdict_panel(out, &exercise, &assessment)?;
    if !assessment.done {
        writeln!(
            out,
            "edit {} and run `ferry run` again; `ferry hint` helps",
            links.path(&exercise.path())
        )?;
        return Ok(Success::No);
    }

    if let Some(solution) = &recorded.solution {
        writeln!(
            out,
            "the reference solution is now in {}: compare it with yours",
            links.path(solution)
        )?;
        if recorded.manifest == Some(ManifestUpdate::KeptEdits) {
            writeln!(
                out,
                "{}",
                workspace::kept_edits_text(&session.curriculum, &exercise)
            )?;
        }
    }
    if was_current {
        let index = session.curriculum.index_of(&exercise.name).unwrap_or(0);
        let next = session
            .progress
            .next_pending(&session.curriculum, index + 1)
            .cloned();
        match next {
            Some(next) => {
                session.set_current(Some(&next))?;
                writeln!(
                    out,
                    "next: {} ({})",
                    next.label().bold(),
                    links.path(&next.path())
                )?;
            }
            None => {
                if let Some(message) = &session.curriculum.final_message {
                    writeln!(out, "\n{}", message.trim())?;
                }
            }
        }
    }
    Ok(Success::Yes)
}
