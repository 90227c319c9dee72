//! The compile-fail suite's wrappers: every bundled exercise that must not compile has a one-line
//! wrapper under tests/compile_fail/ that `include!`s it (so the exercise files stay the single
//! source), and the package there (`ferry-compile-fail`, run by `cargo test --workspace`) pins
//! each to the exact errors rustc gives with trybuild and the .stderr snapshots beside it. It is
//! a package of its own so that trybuild builds only the crates the exercises use.
//!
//! New exercise: `TRYBUILD=overwrite cargo test --workspace --test compile_fail` writes its
//! wrapper and snapshot; review both and commit them.

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

#[test]
fn every_compile_fail_exercise_has_its_wrapper() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let curriculum = Curriculum::load(root).expect("the bundled info.toml loads");
    let bless = std::env::var("TRYBUILD").is_ok_and(|v| v == "overwrite");

    let mut wrappers = Vec::new();
    let mut stale = Vec::new();
    for exercise in curriculum.exercises.iter().filter(|e| !e.is_runtime()) {
        let (wrapper, text) = wrapper_for(&exercise.path());
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

    assert!(!wrappers.is_empty());
}

#[test]
fn the_suite_s_package_has_the_crates_the_curriculum_gives() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let curriculum = Curriculum::load(root).unwrap();
    let manifest: toml::Table = std::fs::read_to_string(root.join(SUITE).join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let mut suite: Vec<&String> = manifest["dependencies"]
        .as_table()
        .unwrap()
        .keys()
        .collect();
    let mut curriculum: Vec<&String> = curriculum.crates.keys().collect();
    suite.sort();
    curriculum.sort();
    assert_eq!(
        suite, curriculum,
        "tests/compile_fail/Cargo.toml's [dependencies] should be info.toml's [crates]"
    );
}

#[test]
fn no_snapshot_outlives_its_exercise() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let curriculum = Curriculum::load(root).unwrap();
    let expected: Vec<PathBuf> = curriculum
        .exercises
        .iter()
        .filter(|e| !e.is_runtime())
        .map(|e| wrapper_for(&e.path()).0)
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
        "files in {SUITE} for exercises that are not compile-fail exercises any more: {orphans:?}"
    );
}
