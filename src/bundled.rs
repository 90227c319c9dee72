//! The curriculum built into the binary: info.toml, the exercises with their chapter READMEs,
//! and the solutions. `ferry init` writes workspaces from it; `ferry reset` restores from it.

use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::curriculum::{Curriculum, EXERCISES_DIR, Exercise};

pub const INFO: &str = include_str!("../info.toml");
static EXERCISES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/exercises");
static SOLUTIONS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/solutions");

/// The bundled curriculum, parsed (its root is meaningless: nothing is read from disk).
pub fn curriculum() -> Curriculum {
    Curriculum::parse(Path::new("."), INFO).expect("the bundled info.toml is valid (tested)")
}

/// The untouched text of a bundled exercise.
pub fn exercise(exercise: &Exercise) -> Option<&'static [u8]> {
    let path = exercise.path();
    let inside = path.strip_prefix(EXERCISES_DIR).ok()?;
    EXERCISES.get_file(inside).map(|f| f.contents())
}

/// The reference solution of a bundled exercise.
pub fn solution(exercise: &Exercise) -> Option<&'static [u8]> {
    let path = exercise.solution_path();
    let inside = path.strip_prefix(crate::curriculum::SOLUTIONS_DIR).ok()?;
    SOLUTIONS.get_file(inside).map(|f| f.contents())
}

/// A chapter's README.
pub fn chapter_readme(chapter: &str) -> Option<&'static [u8]> {
    EXERCISES
        .get_file(Path::new(chapter).join("README.md"))
        .map(|f| f.contents())
}

/// The chapters, in learning order.
pub fn chapters() -> Vec<String> {
    let mut chapters: Vec<String> = Vec::new();
    for exercise in curriculum().exercises {
        if let Some(dir) = exercise.dir
            && !chapters.contains(&dir)
        {
            chapters.push(dir);
        }
    }
    chapters
}

/// info.toml with only the exercises of `chapters` (all of them when empty), keeping the
/// bundled file's own text: its comments, multi-line hints and layout. The `[crates]` table is
/// kept only if a chosen exercise uses crates.
pub fn info_subset(chapters: &[String]) -> String {
    let chosen = |dir: Option<&str>| {
        chapters.is_empty() || dir.is_some_and(|d| chapters.iter().any(|c| c == d))
    };
    let first = INFO.find("\n[[exercises]]").map_or(INFO.len(), |i| i + 1);
    let (header, body) = INFO.split_at(first);
    let mut blocks = Vec::new();
    let mut starts: Vec<usize> = body
        .match_indices("[[exercises]]")
        .map(|(i, _)| i)
        .filter(|&i| i == 0 || body.as_bytes()[i - 1] == b'\n')
        .collect();
    starts.push(body.len());
    for pair in starts.windows(2) {
        let block = &body[pair[0]..pair[1]];
        // Comments and blank lines at the end introduce the next chapter: not this block's.
        let mut lines: Vec<&str> = block.lines().collect();
        while lines
            .last()
            .is_some_and(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            lines.pop();
        }
        let text = lines.join("\n");
        let table: toml::Table = text.parse().expect("each bundled exercise table parses");
        let entry = &table["exercises"][0];
        let dir = entry.get("dir").and_then(|d| d.as_str()).map(String::from);
        let uses_crates = entry.get("crates").is_some();
        blocks.push((dir, uses_crates, text));
    }

    let kept: Vec<&(Option<String>, bool, String)> = blocks
        .iter()
        .filter(|(dir, _, _)| chosen(dir.as_deref()))
        .collect();
    let needs_crates = kept.iter().any(|(_, uses, _)| *uses);
    let mut out = String::new();
    let mut skipping = false;
    for line in header.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("# ----") {
            continue;
        }
        if !needs_crates {
            if trimmed == "[crates]" || trimmed.starts_with("# Crates") {
                skipping = true;
                continue;
            }
            if skipping {
                if trimmed.is_empty() {
                    skipping = false;
                }
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    let mut chapter: Option<&str> = None;
    for (dir, _, text) in kept {
        if dir.as_deref() != chapter {
            chapter = dir.as_deref();
            if let Some(dir) = chapter {
                out.push_str(&format!("\n# ---- chapter: {dir}\n"));
            }
        }
        out.push('\n');
        out.push_str(text);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_curriculum_is_complete() {
        let curriculum = curriculum();
        assert!(curriculum.exercises.len() >= 80);
        for exercise in &curriculum.exercises {
            assert!(super::exercise(exercise).is_some(), "{}", exercise.name);
            assert!(solution(exercise).is_some(), "{}", exercise.name);
        }
        for chapter in chapters() {
            assert!(chapter_readme(&chapter).is_some(), "{chapter}");
        }
    }

    #[test]
    fn a_subset_keeps_only_the_chosen_chapters_and_parses() {
        let text = info_subset(&["ownership".to_string(), "borrowing".to_string()]);
        let subset = Curriculum::parse(Path::new("."), &text).unwrap();
        let all = curriculum();
        let expected: Vec<&str> = all
            .exercises
            .iter()
            .filter(|e| matches!(e.dir.as_deref(), Some("ownership" | "borrowing")))
            .map(|e| e.name.as_str())
            .collect();
        let got: Vec<&str> = subset.exercises.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(got, expected);
        // The exercises are the bundled ones, hints and all (only their line moves).
        assert_eq!(
            Exercise {
                line: 0,
                ..subset.exercises[0].clone()
            },
            Exercise {
                line: 0,
                ..all.exercises[0].clone()
            }
        );
        assert!(
            subset.crates.is_empty(),
            "no crates without the async chapters"
        );
        assert_eq!(subset.welcome_message, all.welcome_message);
    }

    #[test]
    fn a_subset_with_async_keeps_the_crates() {
        let text = info_subset(&["async".to_string()]);
        let subset = Curriculum::parse(Path::new("."), &text).unwrap();
        assert!(subset.crates.contains_key("tokio"));
        assert!(
            subset
                .exercises
                .iter()
                .all(|e| e.dir.as_deref() == Some("async"))
        );
    }

    #[test]
    fn the_whole_subset_is_the_whole_curriculum() {
        let without_lines = |c: Curriculum| -> Vec<Exercise> {
            c.exercises
                .into_iter()
                .map(|e| Exercise {
                    line: 0,
                    guards: e
                        .guards
                        .into_iter()
                        .map(|g| crate::curriculum::Guard { line: 0, ..g })
                        .collect(),
                    ..e
                })
                .collect()
        };
        let subset = Curriculum::parse(Path::new("."), &info_subset(&[])).unwrap();
        assert_eq!(without_lines(subset), without_lines(curriculum()));
    }
}
