//! Learner workspaces: what `ferry init` writes besides the exercises: the Cargo manifest that
//! lets rust-analyzer see every exercise (and each solution once it is written), and the editor
//! settings that make rust-analyzer check them as ferry does.

use std::path::{Path, PathBuf};

use crate::curriculum::{Curriculum, Exercise};
use crate::fs::write_atomically;

/// The workspace's manifest, for rust-analyzer.
pub const MANIFEST: &str = "Cargo.toml";

/// Marks a folder made by `ferry init`: solutions of finished exercises are written into it.
pub const MARKER: &str = "workspace.json";
pub const MANIFEST_NOTE: &str = "# Written by ferry so that rust-analyzer (and every editor that uses it) sees each exercise\n# as a target: inline errors and completion while you work. ferry itself does not use this file;\n# it compiles each exercise on its own.\n";
/// Said in a workspace's manifest (not the repository's, whose solutions are there from the
/// start).
const SOLUTIONS_NOTE: &str = "# Each solution becomes a target too (`<name>_sol`) once ferry writes it: ferry rewrites this\n# file then, unless you have edited it.\n";

/// A Cargo manifest with one `[[bin]]` per exercise, and one per exercise of `solved` for its
/// solution (named `<name>_sol`, as rustlings names them), paths relative to `base` (the folder
/// the manifest sits in, relative to the curriculum root: "" for the root, or one folder beside
/// exercises/, such as `DEV_DIR`).
pub fn manifest(curriculum: &Curriculum, base: &str, solved: &[&Exercise]) -> String {
    let mut package = toml::Table::new();
    package.insert("name".into(), "ferry-exercises".into());
    package.insert("version".into(), "0.0.0".into());
    package.insert("edition".into(), crate::runner::EDITION.into());
    package.insert("publish".into(), false.into());
    for auto in [
        "autobins",
        "autoexamples",
        "autotests",
        "autobenches",
        "autolib",
    ] {
        package.insert(auto.into(), false.into());
    }
    let mut doc = toml::Table::new();
    doc.insert("package".into(), package.into());
    // Its own workspace, so that it never joins a package around it.
    doc.insert("workspace".into(), toml::Table::new().into());
    if !curriculum.crates.is_empty() {
        doc.insert("dependencies".into(), curriculum.crates.clone().into());
    }
    let bin = |name: String, path: PathBuf| -> toml::Value {
        let relative = if base.is_empty() {
            path
        } else {
            Path::new("..").join(path)
        };
        let mut bin = toml::Table::new();
        bin.insert("name".into(), name.into());
        bin.insert(
            "path".into(),
            relative.to_string_lossy().replace('\\', "/").into(),
        );
        bin.into()
    };
    let exercises = curriculum
        .exercises
        .iter()
        .map(|exercise| bin(exercise.name.clone(), exercise.path()));
    let solutions = curriculum
        .exercises
        .iter()
        .filter(|e| solved.iter().any(|s| s.name == e.name))
        .filter_map(|e| solution_target(curriculum, e).map(|name| bin(name, e.solution_path())));
    let bins: Vec<toml::Value> = exercises.chain(solutions).collect();
    doc.insert("bin".into(), bins.into());
    let note = if base.is_empty() { SOLUTIONS_NOTE } else { "" };
    format!(
        "{MANIFEST_NOTE}{note}\n{}",
        toml::to_string(&doc).expect("a manifest serializes")
    )
}

/// The target name of an exercise's solution: `<name>_sol`, unless an exercise is called that.
pub fn solution_target(curriculum: &Curriculum, exercise: &Exercise) -> Option<String> {
    let name = format!("{}_sol", exercise.name);
    curriculum
        .exercises
        .iter()
        .all(|e| e.name != name)
        .then_some(name)
}

/// What became of the workspace's manifest when a solution was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManifestUpdate {
    /// It lists every solution there is.
    Written,
    /// It has edits of the learner's: left as it is.
    KeptEdits,
}

/// Rewrites a workspace's Cargo.toml so that it lists the solutions that exist as targets too,
/// unless the learner has edited it: ferry rewrites only the file it wrote (byte for byte what
/// it writes for the solutions it lists), never someone's edits.
pub fn list_solutions(curriculum: &Curriculum) -> std::io::Result<ManifestUpdate> {
    let path = curriculum.root.join(MANIFEST);
    let solved = |e: &&Exercise| curriculum.root.join(e.solution_path()).is_file();
    let now: Vec<&Exercise> = curriculum.exercises.iter().filter(solved).collect();
    match std::fs::read_to_string(&path) {
        Ok(text) if !is_ferrys(curriculum, &text) => return Ok(ManifestUpdate::KeptEdits),
        Ok(text) if text == manifest(curriculum, "", &now) => return Ok(ManifestUpdate::Written),
        // Gone (a learner may delete it): nothing of theirs to keep.
        Ok(_) | Err(_) => {}
    }
    write_atomically(&path, manifest(curriculum, "", &now).as_bytes())?;
    Ok(ManifestUpdate::Written)
}

/// Whether `text` is a manifest as ferry writes it, for whichever solutions it lists.
fn is_ferrys(curriculum: &Curriculum, text: &str) -> bool {
    let Ok(doc) = text.parse::<toml::Table>() else {
        return false;
    };
    let targets: Vec<&str> = doc
        .get("bin")
        .and_then(|b| b.as_array())
        .map(|bins| {
            bins.iter()
                .filter_map(|b| b.get("name").and_then(|n| n.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let listed: Vec<&Exercise> = curriculum
        .exercises
        .iter()
        .filter(|e| {
            solution_target(curriculum, e).is_some_and(|name| targets.contains(&name.as_str()))
        })
        .collect();
    text == manifest(curriculum, "", &listed)
}

/// What to tell a learner whose edited manifest ferry left alone.
pub fn kept_edits_text(curriculum: &Curriculum, exercise: &Exercise) -> String {
    let target = solution_target(curriculum, exercise).unwrap_or_default();
    format!(
        "{MANIFEST} has edits of yours, so ferry left it as it is; for your editor to check the solution too, add\n  [[bin]]\n  name = \"{target}\"\n  path = \"{}\"",
        exercise
            .solution_path()
            .to_string_lossy()
            .replace('\\', "/")
    )
}

/// The cargo command rust-analyzer checks with, and what it adds, so that an editor shows what
/// ferry says. ferry compiles with clippy (it compiles and lints in one pass) and an exercise
/// with tests as its test harness (`--test`): `--profile test` checks every target that way,
/// so code that only the tests use is not "never used" (cargo's default also builds each
/// target without its tests, and finds warnings there that ferry never gives). A program
/// without tests gets the same diagnostics either way. The edition is the manifest's.
const CHECK_COMMAND: &str = "clippy";
const CHECK_EXTRA_ARGS: [&str; 2] = ["--profile", "test"];

/// rust-analyzer's settings file, read from a project's root (and beside dev/Cargo.toml).
pub const RUST_ANALYZER_FILE: &str = "rust-analyzer.toml";

/// rust-analyzer.toml: rust-analyzer checks as ferry does.
pub fn rust_analyzer_toml() -> String {
    let args: Vec<String> = CHECK_EXTRA_ARGS.iter().map(|a| format!("{a:?}")).collect();
    format!(
        "# Written by ferry: rust-analyzer checks each exercise as ferry does (clippy, tests\n# compiled in), so your editor shows what ferry will say.\n[check]\ncommand = \"{CHECK_COMMAND}\"\nextraArgs = [{}]\n",
        args.join(", ")
    )
}

/// .vscode/settings.json: the same for VS Code, whose rust-analyzer may predate
/// rust-analyzer.toml.
pub fn vscode_settings() -> String {
    let settings = serde_json::json!({
        "rust-analyzer.check.command": CHECK_COMMAND,
        "rust-analyzer.check.extraArgs": CHECK_EXTRA_ARGS,
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&settings).expect("settings serialize")
    )
}

/// .vscode/extensions.json: VS Code offers rust-analyzer when the workspace is opened.
pub fn vscode_extensions() -> String {
    let extensions = serde_json::json!({ "recommendations": ["rust-lang.rust-analyzer"] });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&extensions).expect("extensions serialize")
    )
}

/// Where this repository keeps the manifest for self-study from a clone: outside exercises/,
/// because cargo leaves a folder with its own Cargo.toml out of ferry's package, and the
/// package carries exercises/ (ferry builds it into its binary).
pub const DEV_DIR: &str = "dev";

/// The manifest in dev/, its paths leading back to exercises/.
pub fn dev_manifest(curriculum: &Curriculum) -> String {
    manifest(curriculum, DEV_DIR, &[])
}

/// Cargo config beside dev/Cargo.toml: rust-analyzer's builds go to the repository's target
/// folder.
pub const DEV_CARGO_CONFIG: &str = "# Written by ferry: rust-analyzer's builds of the exercises go to ../target, not into dev/.\n[build]\ntarget-dir = \"../target/exercises\"\n";

pub fn is_workspace(root: &Path) -> bool {
    root.join(crate::state::STATE_DIR).join(MARKER).is_file()
}

/// The README of a new workspace.
pub fn readme(chapters: &[String], prepared: bool) -> String {
    let list: Vec<String> = chapters.iter().map(|c| format!("- {c}")).collect();
    let offline = if prepared {
        "This workspace was prepared: the crates the async and backend exercises use are in\n`.ferry/`, so every exercise can be checked without a network.\n"
    } else {
        ""
    };
    include_str!("texts/workspace_readme.md")
        .replace("{chapters}", &list.join("\n"))
        .replace("{offline}", offline)
}
