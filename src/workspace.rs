//! Learner workspaces: what `ferry init` writes besides the exercises, and the Cargo manifest
//! that lets rust-analyzer see every exercise.

use std::path::Path;

use crate::curriculum::Curriculum;

/// Marks a folder made by `ferry init`: solutions of finished exercises are written into it.
pub const MARKER: &str = "workspace.json";
pub const MANIFEST_NOTE: &str = "# Written by ferry so that rust-analyzer (and every editor that uses it) sees each exercise\n# as a target: inline errors and completion while you work. ferry itself does not use this file;\n# it compiles each exercise on its own.\n";

/// A Cargo manifest with one `[[bin]]` per exercise, paths relative to `base` (the folder the
/// manifest sits in, relative to the curriculum root: "" for the root, or one folder beside
/// exercises/, such as `DEV_DIR`).
pub fn manifest(curriculum: &Curriculum, base: &str) -> String {
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
    let bins: Vec<toml::Value> = curriculum
        .exercises
        .iter()
        .map(|exercise| {
            let path = exercise.path();
            let relative = if base.is_empty() {
                path
            } else {
                Path::new("..").join(path)
            };
            let mut bin = toml::Table::new();
            bin.insert("name".into(), exercise.name.clone().into());
            bin.insert(
                "path".into(),
                relative.to_string_lossy().replace('\\', "/").into(),
            );
            bin.into()
        })
        .collect();
    doc.insert("bin".into(), bins.into());
    format!(
        "{MANIFEST_NOTE}\n{}",
        toml::to_string(&doc).expect("a manifest serializes")
    )
}

/// Where this repository keeps the manifest for self-study from a clone: outside exercises/,
/// because cargo leaves a folder with its own Cargo.toml out of ferry's package, and the
/// package carries exercises/ (ferry builds it into its binary).
pub const DEV_DIR: &str = "dev";

/// The manifest in dev/, its paths leading back to exercises/.
pub fn dev_manifest(curriculum: &Curriculum) -> String {
    manifest(curriculum, DEV_DIR)
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
