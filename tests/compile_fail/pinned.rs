//! The sample fails exactly as pinned under plain cargo: trybuild compiles each wrapper in this
//! folder (one per chapter, `include!`ing its exercise) with `cargo check` and compares rustc's
//! errors with the `.stderr` snapshot beside it. (Every exercise's errors are pinned through
//! ferry's own checker in tests/errors; this is the check that plain cargo agrees.) Which
//! wrappers exist is kept in step with info.toml by ferry's own tests/compile_fail.rs. A changed
//! sample: `TRYBUILD=overwrite cargo test --workspace --test compile_fail` writes its wrapper
//! and snapshot; review both and commit them.

use std::path::{Path, PathBuf};

fn wrappers(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            wrappers(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") && path.parent() != Some(root()) {
            found.push(path.strip_prefix(root()).unwrap().to_path_buf());
        }
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_sample_fails_as_pinned() {
    let mut found = Vec::new();
    wrappers(root(), &mut found);
    assert!(found.len() >= 10, "too few wrappers: {found:?}");
    let cases = trybuild::TestCases::new();
    for wrapper in &found {
        cases.compile_fail(wrapper);
    }
}
