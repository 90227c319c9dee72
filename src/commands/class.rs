//! `ferry class serve|join|leave`: the instructor's board, and a learner joining or leaving it.

use std::io::Write;
use std::time::Duration;

use super::{Session, Success};
use crate::class::client::{self, Delivery, Remembered};
use crate::class::room::RoomExercise;
use crate::class::server;
use crate::class::store::Sqlite;
use crate::cli::ClassCommand;
use crate::config::Config;
use crate::curriculum::Curriculum;
use crate::error::{Error, Result};
use crate::state::StateDir;

/// How long `ferry class join` waits for the room to answer.
const JOIN_WAIT: Duration = Duration::from_secs(3);

pub fn class(config: &Config, command: &ClassCommand, out: &mut dyn Write) -> Result<Success> {
    match command {
        ClassCommand::Serve {
            listen,
            db,
            chapters,
            stuck_after,
        } => serve(config, *listen, db.as_deref(), chapters, *stuck_after, out),
        ClassCommand::Join { url, name, code } => {
            join(config, url, name.as_deref(), code.as_deref(), out)
        }
        ClassCommand::Leave => leave(config, out),
    }
}

/// The exercises of the chosen chapters (all when none are named), in learning order.
fn chosen(curriculum: &Curriculum, chapters: &[String]) -> Result<Vec<RoomExercise>> {
    let mut known: Vec<&str> = Vec::new();
    for dir in curriculum.exercises.iter().filter_map(|e| e.dir.as_deref()) {
        if !known.contains(&dir) {
            known.push(dir);
        }
    }
    if let Some(unknown) = chapters.iter().find(|c| !known.contains(&c.as_str())) {
        return Err(Error::Usage(format!(
            "--chapters {unknown}: this curriculum has no such chapter\n  fix: choose from {}",
            known.join(", ")
        )));
    }
    let exercises: Vec<RoomExercise> = curriculum
        .exercises
        .iter()
        .filter(|e| chapters.is_empty() || e.dir.as_ref().is_some_and(|d| chapters.contains(d)))
        .map(|e| RoomExercise {
            name: e.name.clone(),
            label: e.label(),
        })
        .collect();
    if exercises.is_empty() {
        return Err(Error::Usage(
            "this curriculum has no exercises for a class\n  fix: add [[exercises]] to info.toml"
                .to_string(),
        ));
    }
    Ok(exercises)
}

fn serve(
    config: &Config,
    listen: std::net::SocketAddr,
    db: Option<&std::path::Path>,
    chapters: &[String],
    stuck_after: u64,
    out: &mut dyn Write,
) -> Result<Success> {
    let root = Curriculum::find_root(&config.cwd)?;
    let curriculum = Curriculum::load(&root)?;
    let exercises = chosen(&curriculum, chapters)?;
    let state = StateDir::new(&root);
    state.ensure()?;
    let db = match db {
        Some(db) => config.cwd.join(db),
        None => state.path.join(client::CLASS_DIR).join("server.db"),
    };
    let store = Sqlite::open(&db).map_err(|e| Error::Class {
        what: format!("cannot open the class session {}: {}", db.display(), e.0),
        fix: "choose another file with --db".to_string(),
    })?;
    let count = exercises.len();
    let options = server::Options {
        listen,
        exercises,
        stuck_secs: stuck_after.saturating_mul(60),
    };
    server::serve(options, Box::new(store), |bound, secrets| {
        server::announce(out, bound, secrets, count, &db)
    })?;
    writeln!(
        out,
        "ferry class: stopped; the session is kept in {}",
        db.display()
    )?;
    Ok(Success::Yes)
}

fn join(
    config: &Config,
    url: &str,
    name: Option<&str>,
    code: Option<&str>,
    out: &mut dyn Write,
) -> Result<Success> {
    let session = Session::open(config, false)?;
    let link = client::link_to(&session.state, url, code, name)?;
    let remember = || {
        client::remember(
            &session.state,
            &Remembered {
                url: link.base.clone(),
                code: link.code.clone(),
            },
        )
        .map_err(|source| Error::StateWrite {
            path: session.state.path.join(client::CLASS_DIR),
            source,
        })
    };
    match link.join(JOIN_WAIT) {
        Ok(joined) => {
            remember()?;
            writeln!(
                out,
                "joined the class at {} as {}: from now on each check goes to the instructor's board",
                link.base, link.identity.name
            )?;
            let followed = session
                .curriculum
                .exercises
                .iter()
                .filter(|e| joined.exercises.contains(&e.name))
                .count();
            if followed < session.curriculum.exercises.len() {
                writeln!(
                    out,
                    "the board follows {followed} of this workspace's {} exercises",
                    session.curriculum.exercises.len()
                )?;
            }
        }
        Err(Delivery::Refused(reason)) => {
            return Err(Error::Class {
                what: format!(
                    "the class at {} refused to let you join: {reason}",
                    link.base
                ),
                fix: "ask the instructor for the join address again (it ends in /join/CODE)"
                    .to_string(),
            });
        }
        Err(other) => {
            remember()?;
            let reason = match other {
                Delivery::Later { reason, .. } => reason,
                _ => String::new(),
            };
            writeln!(
                out,
                "the class cannot be reached now ({reason}): ferry remembers it and sends your checks once it can"
            )?;
        }
    }
    writeln!(
        out,
        "sent per check: the exercise, the verdict, error codes, hint level and time on it — never your code; `a` in ferry watch asks for help and sends the file and the error"
    )?;
    Ok(Success::Yes)
}

fn leave(config: &Config, out: &mut dyn Write) -> Result<Success> {
    let root = Curriculum::find_root(&config.cwd)?;
    let state = StateDir::new(&root);
    let was = client::remembered(&state).and_then(|r| r.ok());
    let removed = client::forget(&state).map_err(|source| Error::StateWrite {
        path: state.path.join(client::CLASS_DIR),
        source,
    })?;
    match (removed, was) {
        (true, Some(class)) => writeln!(
            out,
            "left the class at {}: ferry sends nothing more (what it sent is listed in .ferry/class/)",
            class.url
        )?,
        (true, None) => writeln!(out, "left the class: ferry sends nothing more")?,
        (false, _) => writeln!(out, "this workspace is in no class")?,
    }
    Ok(Success::Yes)
}
