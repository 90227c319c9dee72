//! `ferry init DIR [--chapters …] [--prepare]`: a fresh learner workspace from the curriculum
//! built into the binary. Works with no network for the std-only chapters; `--prepare` fetches
//! and builds the crates the async and backend chapters use, so the room needs no network.

use std::io::Write;
use std::path::Path;

use colored::Colorize;

use super::Success;
use crate::bundled;
use crate::config::Config;
use crate::curriculum::{Curriculum, INFO_FILE};
use crate::error::{Error, Result};
use crate::fs::write_atomically;
use crate::runner::{RealRunner, Runner, Toolchain, crates};
use crate::state::{Progress, STATE_DIR, StateDir};
use crate::workspace;

pub fn init(
    config: &Config,
    dir: &Path,
    chapters: &[String],
    prepare: bool,
    out: &mut dyn Write,
) -> Result<Success> {
    let known = bundled::chapters();
    for chapter in chapters {
        if !known.contains(chapter) {
            return Err(Error::Usage(format!(
                "--chapters {chapter}: there is no such chapter\n  fix: choose from {}",
                known.join(", ")
            )));
        }
    }
    let target = config.cwd.join(dir);
    refuse_existing(&target, dir)?;

    // The chosen chapters, in learning order whatever the order they were named in.
    let chosen: Vec<String> = known
        .iter()
        .filter(|c| chapters.is_empty() || chapters.contains(c))
        .cloned()
        .collect();
    let info = bundled::info_subset(chapters);
    let curriculum = Curriculum::parse(&target, &info)
        .map_err(|e| e.into_error(&target.join(INFO_FILE), &info))?;

    let write = |relative: &Path, bytes: &[u8]| -> Result<()> {
        let path = target.join(relative);
        write_atomically(&path, bytes).map_err(|source| Error::Write { path, source })
    };
    let state = StateDir::new(&target);
    let mut progress = Progress::default();
    for exercise in &curriculum.exercises {
        let text = bundled::exercise(exercise).expect("every bundled exercise has a file");
        write(&exercise.path(), text)?;
        // The untouched copy `ferry reset` restores.
        write(
            &Path::new(STATE_DIR).join("originals").join(exercise.path()),
            text,
        )?;
        progress.snapshotted.insert(exercise.name.clone());
    }
    for chapter in &chosen {
        if let Some(readme) = bundled::chapter_readme(chapter) {
            write(
                &Path::new(crate::curriculum::EXERCISES_DIR)
                    .join(chapter)
                    .join("README.md"),
                readme,
            )?;
        }
    }
    write(Path::new(INFO_FILE), info.as_bytes())?;
    write(
        Path::new("Cargo.toml"),
        workspace::manifest(&curriculum, "", &[]).as_bytes(),
    )?;
    write(
        Path::new(workspace::RUST_ANALYZER_FILE),
        workspace::rust_analyzer_toml().as_bytes(),
    )?;
    write(
        &Path::new(".vscode").join("settings.json"),
        workspace::vscode_settings().as_bytes(),
    )?;
    write(
        &Path::new(".vscode").join("extensions.json"),
        workspace::vscode_extensions().as_bytes(),
    )?;
    write(
        Path::new(".gitignore"),
        b"# ferry's progress and builds, and rust-analyzer's\n.ferry/\ntarget/\n",
    )?;
    write(
        Path::new("README.md"),
        workspace::readme(&chosen, prepare && !curriculum.crates.is_empty()).as_bytes(),
    )?;
    state.ensure()?;
    let marker = serde_json::json!({
        "made_by": format!("ferry {}", env!("CARGO_PKG_VERSION")),
        "chapters": chosen,
    });
    write(
        &Path::new(STATE_DIR).join(workspace::MARKER),
        serde_json::to_string_pretty(&marker)
            .unwrap_or_default()
            .as_bytes(),
    )?;
    state.save(&progress)?;

    writeln!(
        out,
        "{} {} with {} exercises: {}",
        "created".green().bold(),
        dir.display(),
        curriculum.exercises.len(),
        chosen.join(", ")
    )?;
    if prepare {
        prepare_crates(&target, &curriculum, out)?;
    } else if !curriculum.crates.is_empty() {
        writeln!(
            out,
            "the async/backend exercises need crates: the first check of one fetches and builds them (needs crates.io once); `ferry init --prepare` does it now, for rooms without network"
        )?;
    }
    writeln!(out, "next: cd {} && ferry", shell_quote(dir))?;
    Ok(Success::Yes)
}

fn refuse_existing(target: &Path, dir: &Path) -> Result<()> {
    if workspace::is_workspace(target) {
        return Err(Error::Usage(format!(
            "{} is already a ferry workspace, and ferry init never overwrites one (your work and progress are in it)\n  fix: work in it with `cd {} && ferry`, or give ferry init a new folder",
            dir.display(),
            shell_quote(dir)
        )));
    }
    if target.is_file() {
        return Err(Error::Usage(format!(
            "{} is a file\n  fix: give ferry init the name of a new folder",
            dir.display()
        )));
    }
    let not_empty = std::fs::read_dir(target).is_ok_and(|mut entries| entries.next().is_some());
    if not_empty {
        return Err(Error::Usage(format!(
            "{} is not empty, and ferry init writes a workspace only into a new or empty folder (it never mixes its files with yours)\n  fix: choose a new folder, e.g. `ferry init rust-workshop`",
            dir.display()
        )));
    }
    Ok(())
}

/// Vendors and builds the crates, so that the workspace can check every exercise offline.
fn prepare_crates(target: &Path, curriculum: &Curriculum, out: &mut dyn Write) -> Result<()> {
    if curriculum.crates.is_empty() {
        writeln!(
            out,
            "--prepare: nothing to prepare, these chapters need no crates (they work offline as they are)"
        )?;
        return Ok(());
    }
    let state_dir = target.join(STATE_DIR);
    let runner = RealRunner::new(Toolchain::resolve(target, Some(&state_dir))?)
        .with_crates_in_workspace(target, &curriculum.crates);
    writeln!(
        out,
        "preparing: fetching the crates ({}) into .ferry/vendor …",
        curriculum
            .crates
            .keys()
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    )?;
    out.flush()?;
    crates::vendor(
        target,
        &curriculum.crates,
        &state_dir.join("crates"),
        &state_dir.join("vendor"),
        &runner.cancel,
    )?;
    // Relative, so the workspace can be copied to every laptop in the room.
    let config = "# Written by `ferry init --prepare`: cargo takes the crates from .ferry/vendor, not the network.\n[source.crates-io]\nreplace-with = \"vendored-sources\"\n\n[source.vendored-sources]\ndirectory = \".ferry/vendor\"\n";
    let path = target.join(".cargo").join("config.toml");
    write_atomically(&path, config.as_bytes()).map_err(|source| Error::Write { path, source })?;
    if crates::adopt_shared_build(
        target,
        &curriculum.crates,
        &state_dir.join("crates"),
        &runner.toolchain.sysroot,
    ) {
        writeln!(
            out,
            "preparing: copied their build from FERRY_CRATES_DIR (same crates, same toolchain)"
        )?;
    } else {
        writeln!(out, "preparing: building them once (a minute or two) …")?;
        out.flush()?;
    }
    runner.crates()?;
    writeln!(
        out,
        "{} every exercise can now be checked without a network; copy the whole folder to each laptop (same OS: the build is reused; otherwise it is rebuilt offline from .ferry/vendor)",
        "prepared:".green().bold()
    )?;
    Ok(())
}

fn shell_quote(path: &Path) -> String {
    let text = path.display().to_string();
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        text
    } else {
        format!("\"{text}\"")
    }
}
