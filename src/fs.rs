//! How ferry writes files: atomically, with the mode a normal file gets, and with temporary
//! files that carry ferry's name so that leftovers from a killed ferry can be swept.
//!
//! Every file ferry writes (progress, untouched copies, backups, reset exercises, a workspace's
//! files, caches) goes through [`write_atomically`]: the bytes go to a temporary file beside the
//! target, which is renamed over it, so a kill at any moment leaves the old file or the new one.

use std::io::{self, Write};
use std::path::Path;
use std::time::{Duration, SystemTime};

/// Every temporary file ferry makes starts with this, so that a leftover is recognisably
/// ferry's and never a learner's.
pub const TEMP_PREFIX: &str = ".ferry-tmp-";

/// How old a temporary file must be before ferry treats it as a leftover: writes take
/// milliseconds, so anything older belongs to a ferry that was killed mid-write.
pub const STALE_AFTER: Duration = Duration::from_secs(60);

/// Writes `bytes` to a temporary file beside `path` and renames it over `path`, creating the
/// folders on the way.
///
/// A new file gets the mode the umask gives a normal file (`0666 & !umask`, as `touch` would),
/// not the owner-only 0600 of a temporary file; a file that is replaced keeps its mode.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let existing = std::fs::metadata(path).ok().filter(|m| m.is_file());
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // open(2) applies the umask to this, exactly as for any new file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(dir)?;
    if let Some(existing) = existing {
        file.as_file().set_permissions(existing.permissions())?;
    }
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The folders of a curriculum ferry writes into, relative to its root, and whether their
/// subfolders are ferry's too. Build outputs (`.ferry/target`, the vendored crates) are left to
/// the tools that make them.
const WRITTEN: [(&str, bool); 10] = [
    ("", false),
    (".cargo", false),
    (".vscode", false),
    ("exercises", true),
    ("solutions", true),
    (".ferry", false),
    (".ferry/backups", false),
    (".ferry/originals", true),
    (".ferry/crates", false),
    (".ferry/crates/src", false),
];

/// Removes the temporary files a killed ferry left in the folders it writes into: only files
/// named with [`TEMP_PREFIX`] (and, inside `.ferry/`, the `.tmpXXXXXX` names ferry used before
/// it had one) that are older than [`STALE_AFTER`]. A learner's own files are never touched.
/// Returns how many were removed; a file that cannot be removed is left for the next run.
pub fn remove_stale_temp_files(root: &Path) -> usize {
    let now = SystemTime::now();
    let mut removed = 0;
    for (relative, recursive) in WRITTEN {
        let legacy = relative.starts_with(".ferry");
        removed += sweep(&root.join(relative), recursive, legacy, now);
    }
    // One output folder per exercise, each holding a small cache ferry writes.
    if let Ok(entries) = std::fs::read_dir(root.join(".ferry/target")) {
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                removed += sweep(&entry.path(), false, true, now);
            }
        }
    }
    removed
}

fn sweep(dir: &Path, recursive: bool, legacy: bool, now: SystemTime) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if kind.is_dir() {
            if recursive {
                removed += sweep(&entry.path(), true, legacy, now);
            }
            continue;
        }
        if !kind.is_file() || !(is_temp_name(&name) || legacy && is_legacy_temp_name(&name)) {
            continue;
        }
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|modified| now.duration_since(modified).unwrap_or_default() > STALE_AFTER);
        if stale && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

fn is_temp_name(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX)
}

/// tempfile's default name: `.tmp` and six letters or digits.
fn is_legacy_temp_name(name: &str) -> bool {
    name.strip_prefix(".tmp")
        .is_some_and(|rest| rest.len() == 6 && rest.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn age(path: &Path, by: Duration) {
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(SystemTime::now() - by).unwrap();
    }

    #[test]
    fn writes_create_folders_and_replace_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/file.txt");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["file.txt"], "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("script.sh");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o751)).unwrap();
        write_atomically(&path, b"new").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o751);
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_a_normal_files_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let ours = dir.path().join("ours");
        let normal = dir.path().join("normal");
        write_atomically(&ours, b"x").unwrap();
        std::fs::write(&normal, b"x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&ours), mode(&normal));
    }

    #[test]
    fn only_stale_temp_files_of_ferrys_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let make = |relative: &str, old: bool| {
            let path = root.join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "x").unwrap();
            if old {
                age(&path, Duration::from_secs(3600));
            }
            path
        };
        let swept = [
            make("exercises/ch/.ferry-tmp-a1b2c3", true),
            make(".ferry/.ferry-tmp-x", true),
            make(".ferry/.tmpAbC123", true),
            make(".ferry/backups/.ferry-tmp-y", true),
            make(".ferry/target/ex/.ferry-tmp-z", true),
            make(".ferry-tmp-root", true),
        ];
        let kept = [
            make("exercises/ch/.ferry-tmp-fresh", false),
            make("exercises/ch/.tmpAbC123", true),
            make("exercises/ch/notes.tmp", true),
            make("exercises/ch/x.rs", true),
            make(".ferry/.tmp-not-ours", true),
            make("elsewhere/.ferry-tmp-not-a-folder-ferry-writes", true),
        ];
        assert_eq!(remove_stale_temp_files(root), swept.len());
        for path in swept {
            assert!(!path.exists(), "{} should be gone", path.display());
        }
        for path in kept {
            assert!(path.exists(), "{} should be kept", path.display());
        }
    }

    #[test]
    fn legacy_names_are_tempfiles_own() {
        assert!(is_legacy_temp_name(".tmpA1b2C3"));
        assert!(!is_legacy_temp_name(".tmp"));
        assert!(!is_legacy_temp_name(".tmpA1b2C3.rs"));
        assert!(!is_legacy_temp_name("a.tmp"));
    }
}
