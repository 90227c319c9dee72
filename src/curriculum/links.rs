//! Exercise paths checked after following symbolic links.
//!
//! ferry writes where info.toml's `name` and `dir` lead (reset restores exercises/, a workspace
//! gets solutions/), and watches the exercise file itself. A `dir` that a link leads out of the
//! curriculum would make ferry write outside it, and a linked exercise file would be watched as
//! the link (edits unseen) and replaced by reset: both are refused, with the link named.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::{Curriculum, Exercise, INFO_FILE, SpannedError};
use crate::error::{Error, Result};

/// Where an exercise's `name` and `dir` values are in info.toml.
#[derive(Debug, Clone)]
pub(super) struct Places {
    pub name: Range<usize>,
    pub dir: Option<Range<usize>>,
}

/// A folder on an exercise's path that is a link out of the curriculum, or to nothing.
#[derive(Debug, Clone)]
struct Escape {
    /// The link, relative to the curriculum root.
    link: PathBuf,
    target: PathBuf,
    dangling: bool,
}

/// Refuses an exercise whose folder (in exercises/ or solutions/) a symbolic link leads out of
/// the curriculum, and an exercise file that is itself a link. Links that stay inside are fine.
pub(super) fn check_links(curriculum: &Curriculum, places: &[Places]) -> Result<(), SpannedError> {
    let Some(mut links) = Links::new(&curriculum.root) else {
        // info.toml was just read from it; nothing to check against if it has gone since.
        return Ok(());
    };
    for (exercise, place) in curriculum.exercises.iter().zip(places) {
        if let Some(problem) = links.problem(exercise) {
            let span = match (&problem, &place.dir) {
                (Problem::Escape { .. }, Some(dir)) => dir.clone(),
                _ => place.name.clone(),
            };
            let (message, fix) = problem.explain();
            return Err(SpannedError::new(span, message, fix));
        }
    }
    Ok(())
}

impl Curriculum {
    /// The same check as loading makes, for one exercise, again: for the commands that write
    /// its files long after loading (a reset from `ferry watch`).
    pub fn check_links_of(&self, exercise: &Exercise) -> Result<()> {
        let problem = Links::new(&self.root).and_then(|mut links| links.problem(exercise));
        match problem {
            None => Ok(()),
            Some(problem) => {
                let (message, fix) = problem.explain();
                Err(Error::InfoToml {
                    path: self.root.join(INFO_FILE),
                    line: exercise.line,
                    column: 1,
                    message,
                    fix,
                })
            }
        }
    }
}

/// What is wrong with an exercise's paths.
#[derive(Debug, Clone)]
enum Problem {
    /// `file`'s folder is, or goes through, a link out of the curriculum or to nothing.
    Escape { file: PathBuf, escape: Escape },
    /// The exercise file itself is a link.
    LinkedFile { path: PathBuf, target: PathBuf },
}

/// The curriculum root as the filesystem sees it, and what is known of its folders.
struct Links<'a> {
    root: &'a Path,
    real_root: PathBuf,
    folders: HashMap<PathBuf, Option<Escape>>,
}

impl<'a> Links<'a> {
    fn new(root: &'a Path) -> Option<Links<'a>> {
        Some(Links {
            root,
            real_root: root.canonicalize().ok()?,
            folders: HashMap::new(),
        })
    }

    fn problem(&mut self, exercise: &Exercise) -> Option<Problem> {
        for file in [exercise.path(), exercise.solution_path()] {
            let folder = file.parent().unwrap_or(Path::new("")).to_path_buf();
            let (root, real_root) = (self.root, &self.real_root);
            let escape = self
                .folders
                .entry(folder)
                .or_insert_with_key(|folder| escape(root, real_root, folder));
            if let Some(escape) = escape {
                return Some(Problem::Escape {
                    file,
                    escape: escape.clone(),
                });
            }
        }
        let path = exercise.path();
        let full = self.root.join(&path);
        let linked = std::fs::symlink_metadata(&full).is_ok_and(|m| m.file_type().is_symlink());
        linked.then(|| Problem::LinkedFile {
            target: full
                .canonicalize()
                .or_else(|_| std::fs::read_link(&full))
                .unwrap_or_default(),
            path,
        })
    }
}

impl Problem {
    /// The message and the fix.
    fn explain(&self) -> (String, String) {
        match self {
            Problem::Escape { file, escape } => {
                let link = escape.link.display();
                let target = escape.target.display();
                if escape.dangling {
                    (
                        format!(
                            "{} goes through {link}, a symbolic link to {target}, which does not exist",
                            file.display()
                        ),
                        format!(
                            "remove the link {link}, or make it a real folder inside the curriculum"
                        ),
                    )
                } else {
                    (
                        format!(
                            "{} leads out of the curriculum: {link} is a symbolic link to {target}, and ferry writes into exercise folders (reset, solutions)",
                            file.display()
                        ),
                        format!(
                            "make {link} a real folder inside the curriculum (e.g. replace the link with a copy of {target})"
                        ),
                    )
                }
            }
            Problem::LinkedFile { path, target } => {
                let shown = path.display();
                let target = target.display();
                (
                    format!(
                        "{shown} is a symbolic link to {target}; ferry watches and resets the file itself, not what a link points to"
                    ),
                    format!(
                        "replace the link with the file, e.g. `cp \"{target}\" {shown}.copy && mv {shown}.copy {shown}`"
                    ),
                )
            }
        }
    }
}

/// The first folder on `folder` (relative to `root`) that is a link out of the curriculum or to
/// nothing. Folders that do not exist yet end the walk: ferry creates them as real folders.
fn escape(root: &Path, real_root: &Path, folder: &Path) -> Option<Escape> {
    let mut prefix = PathBuf::new();
    for component in folder.components() {
        prefix.push(component);
        let full = root.join(&prefix);
        let meta = std::fs::symlink_metadata(&full).ok()?;
        if !meta.file_type().is_symlink() {
            continue;
        }
        match full.canonicalize() {
            Ok(real) if real.starts_with(real_root) => {}
            Ok(real) => {
                return Some(Escape {
                    link: prefix,
                    target: real,
                    dangling: false,
                });
            }
            Err(_) => {
                return Some(Escape {
                    link: prefix,
                    target: std::fs::read_link(&full).unwrap_or_default(),
                    dangling: true,
                });
            }
        }
    }
    None
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    const INFO: &str = "format_version = 1\n\n[[exercises]]\nname = \"a\"\ndir = \"ch\"\ntest = true\nhint = \"h\"\n";

    fn curriculum(root: &Path) -> crate::error::Result<Curriculum> {
        std::fs::write(root.join("info.toml"), INFO).unwrap();
        Curriculum::load(root)
    }

    fn refusal(root: &Path) -> (usize, usize, String, String) {
        match curriculum(root) {
            Err(crate::error::Error::InfoToml {
                line,
                column,
                message,
                fix,
                ..
            }) => (line, column, message, fix),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_dir_linked_out_of_the_curriculum_is_refused_at_its_line() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("exercises")).unwrap();
        symlink(outside.path(), root.path().join("exercises/ch")).unwrap();
        let (line, column, message, fix) = refusal(root.path());
        assert_eq!((line, column), (5, 7));
        assert!(
            message.contains("exercises/ch is a symbolic link to"),
            "{message}"
        );
        assert!(fix.contains("real folder"), "{fix}");
    }

    #[test]
    fn a_solutions_folder_linked_out_is_refused_too() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("exercises/ch")).unwrap();
        symlink(outside.path(), root.path().join("solutions")).unwrap();
        let (_, _, message, _) = refusal(root.path());
        assert!(
            message.contains("solutions is a symbolic link"),
            "{message}"
        );
    }

    #[test]
    fn a_dangling_link_is_refused() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("exercises")).unwrap();
        symlink("nowhere", root.path().join("exercises/ch")).unwrap();
        let (_, _, message, _) = refusal(root.path());
        assert!(message.contains("does not exist"), "{message}");
    }

    #[test]
    fn links_that_stay_inside_are_fine() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("chapters/ch")).unwrap();
        std::fs::write(root.path().join("chapters/ch/a.rs"), "fn main() {}\n").unwrap();
        std::fs::create_dir(root.path().join("exercises")).unwrap();
        symlink("../chapters/ch", root.path().join("exercises/ch")).unwrap();
        curriculum(root.path()).unwrap();
    }

    #[test]
    fn a_link_made_after_loading_is_refused_before_writing() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("exercises")).unwrap();
        let c = curriculum(root.path()).unwrap();
        c.check_links_of(&c.exercises[0]).unwrap();
        symlink(outside.path(), root.path().join("exercises/ch")).unwrap();
        let err = c.check_links_of(&c.exercises[0]).unwrap_err().to_string();
        assert!(err.contains("info.toml:4:1:"), "{err}");
        assert!(err.contains("exercises/ch is a symbolic link"), "{err}");
    }

    #[test]
    fn a_linked_exercise_file_is_refused_at_its_name() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("exercises/ch")).unwrap();
        std::fs::write(root.path().join("real.rs"), "fn main() {}\n").unwrap();
        symlink("../../real.rs", root.path().join("exercises/ch/a.rs")).unwrap();
        let (line, _, message, fix) = refusal(root.path());
        assert_eq!(line, 4);
        assert!(
            message.contains("exercises/ch/a.rs is a symbolic link to"),
            "{message}"
        );
        assert!(message.contains("real.rs"), "{message}");
        assert!(fix.contains("replace the link with the file"), "{fix}");
    }
}
