//! The trybuild suite's wrappers. Every compile-fail exercise's errors are pinned through
//! ferry's own checker (tests/errors, checked by the whole-curriculum verify in
//! tests/cli/verify.rs, which compiles every exercise anyway). trybuild keeps a sample: in each
//! chapter, the first compile-fail exercise that uses no crates, compiled by plain `cargo check`
//! (what a learner's own cargo and rust-analyzer show) and compared with the `.stderr` snapshot
//! beside its wrapper. Each wrapper under tests/compile_fail/ `include!`s its exercise, so the
//! exercise files stay the single source; the package there (`ferry-compile-fail`, run by
//! `cargo test --workspace`) depends on nothing, so trybuild builds nothing but the wrappers.
//!
//! A chapter's sample changed: `TRYBUILD=overwrite cargo test --workspace --test compile_fail`
//! writes its wrapper and snapshot; review both and commit them.

use std::path::{Path, PathBuf};

use ferry::curriculum::Curriculum;

const SUITE: &str = "tests/compile_fail";

fn wrapper_for(exercise_path: &Path) -> (PathBuf, String) {
    // exercises/<dir>/<name>.rs -> tests/compile_fail/<dir>/<name>.rs
    let inside = exercise_path.strip_prefix("exercises").unwrap();
    let wrapper = Path::new(SUITE).join(inside);
    let depth = wrapper.components().count() - 1;
    let up = "../".repeat(depth);
    let include = format!("{up}{}", exercise_path.display()).replace('\\', "/");
    (wrapper, format!("include!(\"{include}\");\n"))
}

/// In each chapter (in info.toml's order), the first compile-fail exercise that uses no crates.
fn sample(curriculum: &Curriculum) -> Vec<PathBuf> {
    let mut chapters = Vec::new();
    let mut sample = Vec::new();
    for exercise in &curriculum.exercises {
        if exercise.is_runtime() || !exercise.crates.is_empty() || chapters.contains(&exercise.dir)
        {
            continue;
        }
        chapters.push(exercise.dir.clone());
        sample.push(exercise.path());
    }
    sample
}

#[test]
fn each_chapter_s_sample_has_its_wrapper() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let curriculum = Curriculum::load(root).expect("the bundled info.toml loads");
    let bless = std::env::var("TRYBUILD").is_ok_and(|v| v == "overwrite");

    let mut wrappers = Vec::new();
    let mut stale = Vec::new();
    for exercise in sample(&curriculum) {
        let (wrapper, text) = wrapper_for(&exercise);
        let on_disk = std::fs::read_to_string(root.join(&wrapper)).ok();
        if on_disk.as_deref() != Some(text.as_str()) {
            if bless {
                std::fs::create_dir_all(root.join(wrapper.parent().unwrap())).unwrap();
                std::fs::write(root.join(&wrapper), &text).unwrap();
            } else {
                stale.push(wrapper.display().to_string());
            }
        }
        wrappers.push(wrapper);
    }
    assert!(
        stale.is_empty(),
        "missing or outdated wrappers: {stale:?}\nrun `TRYBUILD=overwrite cargo test --workspace --test compile_fail`, review and commit"
    );
    assert!(wrappers.len() >= 10, "a sample of {wrappers:?}");
}

#[test]
fn the_suite_s_package_depends_on_nothing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest: toml::Table = std::fs::read_to_string(root.join(SUITE).join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        !manifest.contains_key("dependencies"),
        "tests/compile_fail/Cargo.toml has [dependencies]: trybuild would build them, and the \
         sample is of exercises that use no crates"
    );
}

#[test]
fn no_snapshot_outlives_its_exercise() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let curriculum = Curriculum::load(root).unwrap();
    let expected: Vec<PathBuf> = sample(&curriculum)
        .iter()
        .map(|e| wrapper_for(e).0)
        .collect();
    let mut orphans = Vec::new();
    let mut stack = vec![PathBuf::from(SUITE)];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(root.join(&dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let relative = dir.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                stack.push(relative);
            } else if dir == Path::new(SUITE) {
                // The suite's package: its manifest, lib.rs and pinned.rs.
            } else if !expected.contains(&relative.with_extension("rs")) {
                orphans.push(relative.display().to_string());
            }
        }
    }
    assert!(
        orphans.is_empty(),
        "files in {SUITE} for exercises that are not in the sample (any more): {orphans:?}"
    );
}
