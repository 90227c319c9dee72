//! The verdict cache of `ferry verify`: each check's result kept in `.ferry/verify-cache/`,
//! keyed on everything that can change it, so a re-run only checks what changed.
//!
//! The key is a BLAKE3 hash of: this ferry build, the toolchain (`rustc -vV`, `clippy-driver
//! -V`), clippy's configuration, which checks run (exercise or solution, author checks,
//! `--cheats`), the exercise's parsed info.toml entry, the checked file, for a solution the
//! untouched exercise whose tests judge it, and for an exercise that uses crates the `[crates]`
//! table, its lockfile and the built libraries. An entry is one small JSON file,
//! `<kind>/<exercise>/<key>.json`, written atomically; one that can't be read is a miss.
//!
//! What is kept: passes and failures, when every program the check ran ended by itself. A check
//! in which a program ran into its timeout or memory limit, flooded its output or was killed by
//! a signal is not kept, whatever its verdict: those outcomes depend on the machine's load as
//! much as on the code (a slow machine turns a passing solution into a timeout, and an untouched
//! exercise that should fail but is merely slow into a "deadlock"), and a cache would make such
//! a one-off verdict stick. The untouched exercises that deadlock on purpose are therefore
//! re-run every time. Nor is a check ferry could not do (an error): that is about the machine.
//!
//! rustfmt is not part of an entry: one rustfmt for every solution runs on each verify (it is
//! cheaper than keying on rustfmt's configuration), and its finding is added to the cached check.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::cheats::Tried;
use super::{Check, Kind, Options, Status, Warning};
use crate::curriculum::{Curriculum, Exercise, INFO_FILE};
use crate::error::Result;
use crate::runner::{CompileRequest, Compiled, Ended, ExecuteRequest, Execution, Externs, Runner};

/// The cache's folder inside `.ferry/`.
pub const CACHE_DIR: &str = "verify-cache";
/// Bump when what an entry holds, or what it means, changes.
const FORMAT: u32 = 1;
/// Entries kept for one check (older versions of the file, another toolchain, with and
/// without `--cheats`); the oldest go when a new one is written.
const KEPT: usize = 4;

/// What one check produced: the check, the author checks' warnings, the shortcuts tried.
pub type Checked = (Check, Vec<Warning>, Vec<Tried>);

/// The cache of one verify run.
pub struct Cache {
    dir: PathBuf,
    /// The run-wide inputs, hashed once.
    run: blake3::Hasher,
    /// Serve checks from the cache (`--no-cache`: check everything, still write the results).
    read: bool,
}

/// An entry's key: a BLAKE3 hash, in hex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key(String);

/// What is the same for every check of a run.
#[derive(Debug, Clone, Default)]
pub(super) struct RunInputs {
    /// This ferry build ([`ferry_build`]).
    pub ferry: String,
    /// `rustc -vV` and `clippy-driver -V`.
    pub toolchain: String,
    /// clippy's configuration file and the environment clippy-driver reads.
    pub clippy: String,
}

/// What one check's result depends on, beyond the run-wide inputs.
#[derive(Debug, Clone)]
pub(super) struct Inputs<'a> {
    pub kind: Kind,
    pub author_checks: bool,
    pub cheats: bool,
    pub exercise: &'a Exercise,
    /// The checked file.
    pub file: &'a [u8],
    /// For a solution: the untouched exercise, whose tests and guards judge it.
    pub untouched: Option<&'a [u8]>,
    /// For an exercise that uses crates: the `[crates]` table, the lockfile and the libraries.
    pub crates: Option<&'a str>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    format: u32,
    key: String,
    /// The line of the exercise's entry in info.toml when this was written: what the check
    /// says about info.toml is moved along with the entry.
    line: usize,
    check: Check,
    warnings: Vec<Warning>,
    tried: Vec<Tried>,
}

impl Cache {
    /// The cache of the curriculum at `curriculum.root`; `toolchain` is
    /// [`Toolchain::versions`](crate::runner::Toolchain::versions). `None` when this ferry's
    /// build cannot be identified (then nothing may be reused).
    pub fn open(curriculum: &Curriculum, toolchain: &str, read: bool) -> Option<Cache> {
        let state = crate::state::StateDir::new(&curriculum.root);
        // Like the progress state, never part of a commit; a cache that can't be written only
        // costs time.
        let _ = state.ensure();
        let inputs = RunInputs {
            ferry: ferry_build()?,
            toolchain: toolchain.to_string(),
            clippy: clippy_inputs(&curriculum.root),
        };
        Some(Cache::new(state.path.join(CACHE_DIR), &inputs, read))
    }

    pub(super) fn new(dir: PathBuf, inputs: &RunInputs, read: bool) -> Cache {
        let mut run = blake3::Hasher::new();
        field(&mut run, "cache format", &FORMAT.to_le_bytes());
        field(&mut run, "ferry", inputs.ferry.as_bytes());
        field(&mut run, "toolchain", inputs.toolchain.as_bytes());
        field(&mut run, "clippy", inputs.clippy.as_bytes());
        Cache { dir, run, read }
    }

    /// The key of one check's inputs.
    pub(super) fn key_of(&self, inputs: &Inputs<'_>) -> Key {
        let mut hasher = self.run.clone();
        field(&mut hasher, "kind", kind_word(inputs.kind).as_bytes());
        // Author checks and shortcuts are tried on untouched exercises only.
        let flags = match inputs.kind {
            Kind::Exercise => format!("author {} cheats {}", inputs.author_checks, inputs.cheats),
            Kind::Solution => String::new(),
        };
        field(&mut hasher, "flags", flags.as_bytes());
        field(&mut hasher, "entry", entry_text(inputs.exercise).as_bytes());
        field(&mut hasher, "file", inputs.file);
        field(
            &mut hasher,
            "untouched",
            inputs.untouched.unwrap_or_default(),
        );
        field(
            &mut hasher,
            "crates",
            inputs.crates.unwrap_or_default().as_bytes(),
        );
        Key(hasher.finalize().to_hex().to_string())
    }

    /// The key of checking `exercise` (its untouched file, or its solution) as the files stand;
    /// `None` when a file can't be read or the crates can't be built (the check will say why).
    pub(super) fn key(
        &self,
        runner: &dyn Runner,
        curriculum: &Curriculum,
        options: &Options,
        exercise: &Exercise,
        kind: Kind,
    ) -> Option<Key> {
        let root = &curriculum.root;
        let untouched = std::fs::read(root.join(exercise.path())).ok()?;
        let solution = match kind {
            Kind::Exercise => None,
            Kind::Solution => Some(std::fs::read(root.join(exercise.solution_path())).ok()?),
        };
        let crates = if exercise.crates.is_empty() {
            None
        } else {
            Some(crates_inputs(&*runner.crates().ok()?, curriculum))
        };
        Some(self.key_of(&Inputs {
            kind,
            author_checks: options.author_checks,
            cheats: options.cheats,
            exercise,
            file: solution.as_deref().unwrap_or(&untouched),
            untouched: solution.is_some().then_some(untouched.as_slice()),
            crates: crates.as_deref(),
        }))
    }

    fn path(&self, key: &Key, exercise: &Exercise, kind: Kind) -> PathBuf {
        self.dir
            .join(kind_word(kind))
            .join(&exercise.name)
            .join(format!("{}.json", key.0))
    }

    /// The kept result for `key`, as a fresh check of `exercise` would report it now; `None`
    /// for a miss (no entry, an unreadable or foreign one, or `--no-cache`).
    pub(super) fn load(&self, key: &Key, exercise: &Exercise, kind: Kind) -> Option<Checked> {
        if !self.read {
            return None;
        }
        let bytes = std::fs::read(self.path(key, exercise, kind)).ok()?;
        let mut entry: Entry = serde_json::from_slice(&bytes).ok()?;
        let fits = entry.format == FORMAT
            && entry.key == key.0
            && entry.check.exercise == exercise.name
            && entry.check.kind == kind
            && entry.check.status != Status::Error;
        if !fits {
            return None;
        }
        // The key leaves out where the entry sits in info.toml (an exercise added above it
        // moves it), so what the check says about info.toml moves with it.
        let stored = entry.line;
        let moved = |line: usize| (line + exercise.line).checked_sub(stored);
        for problem in &mut entry.check.problems {
            if problem.file == INFO_FILE
                && let Some(line) = &mut problem.line
            {
                *line = moved(*line)?;
            }
        }
        for warning in &mut entry.warnings {
            if warning.file == INFO_FILE
                && let Some(line) = &mut warning.line
            {
                *line = moved(*line)?;
            }
        }
        for tried in &mut entry.tried {
            tried.line = moved(tried.line)?;
        }
        entry.check.cached = true;
        Some((entry.check, entry.warnings, entry.tried))
    }

    /// Keeps `checked` under `key`. Failing to write is not an error: it costs a check later.
    pub(super) fn store(&self, key: &Key, exercise: &Exercise, kind: Kind, checked: &Checked) {
        let (check, warnings, tried) = checked;
        let entry = Entry {
            format: FORMAT,
            key: key.0.clone(),
            line: exercise.line,
            check: Check {
                cached: false,
                ..check.clone()
            },
            warnings: warnings.clone(),
            tried: tried.clone(),
        };
        let Ok(json) = serde_json::to_vec(&entry) else {
            return;
        };
        let path = self.path(key, exercise, kind);
        if crate::fs::write_atomically(&path, &json).is_ok() {
            prune(&path);
        }
    }

    /// Drops the entries of exercises the curriculum no longer has (after a run that saw all of
    /// them).
    pub(super) fn forget_removed(&self, curriculum: &Curriculum) {
        for kind in [Kind::Exercise, Kind::Solution] {
            let Ok(folders) = std::fs::read_dir(self.dir.join(kind_word(kind))) else {
                continue;
            };
            for folder in folders.flatten() {
                let name = folder.file_name();
                let known = curriculum
                    .exercises
                    .iter()
                    .any(|e| *e.name == *name.to_string_lossy());
                if !known && folder.file_type().is_ok_and(|t| t.is_dir()) {
                    let _ = std::fs::remove_dir_all(folder.path());
                }
            }
        }
    }
}

/// Removes all but the [`KEPT`] newest entries beside `written` (never `written` itself), and
/// temporary files a killed ferry left there.
fn prune(written: &Path) {
    let Some(folder) = written.parent() else {
        return;
    };
    let Ok(files) = std::fs::read_dir(folder) else {
        return;
    };
    let now = std::time::SystemTime::now();
    let mut entries = Vec::new();
    for file in files.flatten() {
        let path = file.path();
        let Ok(modified) = file.metadata().and_then(|m| m.modified()) else {
            continue;
        };
        let name = file.file_name();
        if name.to_string_lossy().starts_with(crate::fs::TEMP_PREFIX) {
            if now
                .duration_since(modified)
                .is_ok_and(|age| age > crate::fs::STALE_AFTER)
            {
                let _ = std::fs::remove_file(&path);
            }
        } else if path != written && path.extension().is_some_and(|e| e == "json") {
            entries.push((modified, path));
        }
    }
    entries.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (_, path) in entries.into_iter().skip(KEPT - 1) {
        let _ = std::fs::remove_file(path);
    }
}

/// One input of a key: its label and length first, so no two inputs run into each other.
fn field(hasher: &mut blake3::Hasher, label: &str, bytes: &[u8]) {
    hasher.update(label.as_bytes());
    hasher.update(&[0]);
    hasher.update(&(bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

fn kind_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Exercise => "exercise",
        Kind::Solution => "solution",
    }
}

/// The exercise's parsed entry, every field of it (errors, test, timeout, memory, hints,
/// crates, predict, guards with the curriculum's defaults, intended shortcuts), with the
/// defaults info.toml's top level gives (memory, default guards) applied. Its `Debug` text is a
/// complete serialization that stays the same for one build of ferry, and the key holds the
/// build, so it needs nothing from the curriculum model; a field added there is in it too.
/// Lines of info.toml are counted from the entry's own line: moving the entry keeps its key.
fn entry_text(exercise: &Exercise) -> String {
    let mut entry = exercise.clone();
    entry.line = 0;
    for guard in &mut entry.guards {
        guard.line = guard.line.saturating_sub(exercise.line);
    }
    format!("{entry:?}")
}

/// The crates an exercise is built with: the `[crates]` table, the lockfile (the versions cargo
/// picked) and the built libraries (their file names carry cargo's hash of the build).
fn crates_inputs(externs: &Externs, curriculum: &Curriculum) -> String {
    let mut text = toml::to_string(&curriculum.crates).unwrap_or_default();
    let lockfile = externs.dir.join("Cargo.lock");
    text.push_str(&std::fs::read_to_string(lockfile).unwrap_or_default());
    for (name, library) in &externs.crates {
        let file = library.file_name().unwrap_or_default().to_string_lossy();
        text.push_str(&format!("\n{name}={file}"));
    }
    text
}

/// This ferry build: its version, and its executable's size and modification time.
///
/// Every build of ferry writes a new executable, so a rebuilt ferry (a change to how it judges,
/// its texts, its compiler flags) never reuses an older build's verdicts, and reading metadata
/// costs nothing. Hashing the executable's bytes would also recognise an identical binary
/// reinstalled from scratch, but costs a read of 10–80 MB on every run; a CI job that caches
/// the cache folder caches ferry's binary too (or it would spend minutes building it).
/// `None` when the executable can't be found (deleted while running): then nothing is reused.
fn ferry_build() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(exe).ok()?;
    let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some(format!(
        "{} {} bytes, modified {}",
        env!("CARGO_PKG_VERSION"),
        meta.len(),
        modified.as_nanos()
    ))
}

/// What clippy-driver reads besides its arguments: the environment that finds and changes its
/// configuration, and the first `clippy.toml` (or `.clippy.toml`) at or above where it looks,
/// which is the curriculum unless the environment says otherwise.
fn clippy_inputs(root: &Path) -> String {
    let mut text = String::new();
    let vars = ["CLIPPY_CONF_DIR", "CARGO_MANIFEST_DIR", "CLIPPY_ARGS"];
    for var in vars {
        text.push_str(&format!("{var}={:?};", std::env::var_os(var)));
    }
    let start = std::env::var_os("CLIPPY_CONF_DIR")
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
        .map_or_else(|| root.to_path_buf(), PathBuf::from);
    for dir in start.ancestors() {
        let mut found = false;
        for name in [".clippy.toml", "clippy.toml"] {
            if let Ok(config) = std::fs::read_to_string(dir.join(name)) {
                text.push_str(&format!("{}:\n{config}\n", dir.join(name).display()));
                found = true;
            }
        }
        if found {
            break;
        }
    }
    text
}

/// A runner that notes whether every program ran to its own end, and the compiler too: only
/// then is a check's result kept.
pub(super) struct Watched<'a> {
    inner: &'a dyn Runner,
    unsettled: AtomicBool,
}

impl<'a> Watched<'a> {
    pub fn new(inner: &'a dyn Runner) -> Watched<'a> {
        Watched {
            inner,
            unsettled: AtomicBool::new(false),
        }
    }

    /// Every program exited by itself (and every compiler finished in time).
    pub fn settled(&self) -> bool {
        !self.unsettled.load(Ordering::Relaxed)
    }
}

impl Runner for Watched<'_> {
    fn compile(&self, request: &CompileRequest<'_>) -> Result<Compiled> {
        let compiled = self.inner.compile(request)?;
        // ferry's own error, not the compiler's: the compiler ran into its timeout.
        if compiled
            .messages
            .iter()
            .any(|m| m.is_error() && m.json.is_empty())
        {
            self.unsettled.store(true, Ordering::Relaxed);
        }
        Ok(compiled)
    }

    fn execute(&self, request: &ExecuteRequest<'_>) -> Result<Execution> {
        let execution = self.inner.execute(request)?;
        if !matches!(execution.ended, Ended::Exited(status) if status.code().is_some()) {
            self.unsettled.store(true, Ordering::Relaxed);
        }
        Ok(execution)
    }

    fn rustfmt_unformatted(&self, root: &Path, sources: &[PathBuf]) -> Result<Vec<PathBuf>> {
        self.inner.rustfmt_unformatted(root, sources)
    }

    fn explain(&self, code: &str) -> Result<Option<String>> {
        self.inner.explain(code)
    }

    fn crates(&self) -> Result<Arc<Externs>> {
        self.inner.crates()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::time::Duration;

    use super::*;
    use crate::curriculum::guards::{Guard, Rule};
    use crate::curriculum::{ExpectedError, Prediction};

    fn exercise() -> Exercise {
        Exercise {
            name: "move_log_request".to_string(),
            dir: Some("ownership".to_string()),
            errors: vec![ExpectedError::Code("E0382".to_string())],
            errors_declared: true,
            skip_check_unsolved: false,
            allow: Vec::new(),
            learner_tests: false,
            test: true,
            timeout: Duration::from_secs(10),
            memory: 2048 << 20,
            hints: vec!["a nudge".to_string()],
            crates: Vec::new(),
            predict: None,
            guards: vec![Guard {
                rule: Rule::Method(vec!["clone".to_string()]),
                on: None,
                reason: "no clones".to_string(),
                line: 14,
            }],
            intended_shortcuts: Vec::new(),
            line: 10,
        }
    }

    fn run_inputs() -> RunInputs {
        RunInputs {
            ferry: "0.1.0 100 bytes, modified 1".to_string(),
            toolchain: "rustc 1.95.0\nclippy 0.1.95".to_string(),
            clippy: String::new(),
        }
    }

    /// Every input of one check's key, owned, to change one at a time.
    #[derive(Clone)]
    struct All {
        run: RunInputs,
        kind: Kind,
        author_checks: bool,
        cheats: bool,
        exercise: Exercise,
        file: Vec<u8>,
        untouched: Option<Vec<u8>>,
        crates: Option<String>,
    }

    impl All {
        fn key(&self) -> Key {
            Cache::new(PathBuf::from("unused"), &self.run, true).key_of(&Inputs {
                kind: self.kind,
                author_checks: self.author_checks,
                cheats: self.cheats,
                exercise: &self.exercise,
                file: &self.file,
                untouched: self.untouched.as_deref(),
                crates: self.crates.as_deref(),
            })
        }
    }

    /// One input changed from the base.
    type Change = fn(&mut All);

    #[test]
    fn every_input_changes_the_key() {
        let base = All {
            run: run_inputs(),
            kind: Kind::Exercise,
            author_checks: true,
            cheats: false,
            exercise: exercise(),
            file: b"fn main() {}\n".to_vec(),
            untouched: None,
            crates: None,
        };
        let changes: [(&str, Change); 31] = [
            ("ferry", |a| a.run.ferry.push_str(" rebuilt")),
            ("toolchain", |a| a.run.toolchain = "rustc 1.96.0".into()),
            ("clippy", |a| {
                a.run.clippy = "clippy.toml: msrv = \"1.80\"".into()
            }),
            ("kind", |a| a.kind = Kind::Solution),
            ("author checks", |a| a.author_checks = false),
            ("cheats", |a| a.cheats = true),
            ("file", |a| a.file.extend(b"// edited\n")),
            ("crates", |a| a.crates = Some("tokio = \"1\"".into())),
            ("solution", |a| {
                a.kind = Kind::Solution;
                a.untouched = Some(b"fn main() { todo!() }\n".to_vec());
            }),
            ("untouched", |a| {
                a.kind = Kind::Solution;
                a.untouched = Some(b"fn main() { todo!() } // edited\n".to_vec());
            }),
            ("name", |a| a.exercise.name = "other".into()),
            ("dir", |a| a.exercise.dir = None),
            ("errors", |a| {
                a.exercise.errors = vec![ExpectedError::Code("E0505".into())]
            }),
            ("error kind", |a| {
                a.exercise.errors = vec![ExpectedError::Message("E0382".into())];
            }),
            ("test", |a| a.exercise.test = false),
            ("errors_declared", |a| a.exercise.errors_declared = false),
            ("skip_check_unsolved", |a| {
                a.exercise.skip_check_unsolved = true
            }),
            ("allow", |a| {
                a.exercise.allow = vec!["dead_code".to_string()]
            }),
            ("learner_tests", |a| a.exercise.learner_tests = true),
            ("timeout", |a| a.exercise.timeout = Duration::from_secs(3)),
            ("memory", |a| a.exercise.memory = 512 << 20),
            ("hints", |a| a.exercise.hints.push("the move".into())),
            ("exercise crates", |a| {
                a.exercise.crates = vec!["tokio".into()]
            }),
            ("predict", |a| {
                a.exercise.predict = Some(Prediction {
                    code: "E0382".into(),
                    line: 7,
                });
            }),
            ("guard rule", |a| a.exercise.guards[0].rule = Rule::Unsafe),
            ("guard on", |a| a.exercise.guards[0].on = Some("req".into())),
            ("guard reason", |a| {
                a.exercise.guards[0].reason = "why".into()
            }),
            ("guard place in the entry", |a| {
                a.exercise.guards[0].line += 1
            }),
            ("guards", |a| a.exercise.guards.clear()),
            ("intended shortcuts", |a| {
                a.exercise.intended_shortcuts = vec!["clone".into()];
            }),
            ("same bytes, another split", |a| {
                a.file = b"fn main() {}".to_vec();
                a.crates = Some("\n".into());
            }),
        ];
        let mut seen = HashMap::from([(base.key().0, "nothing")]);
        for (what, change) in changes {
            let mut changed = base.clone();
            change(&mut changed);
            if let Some(before) = seen.insert(changed.key().0, what) {
                panic!("changing {what} gives the key of changing {before}");
            }
        }

        // The same inputs, the same key; an entry moved in info.toml (its guard with it) keeps
        // its key.
        assert_eq!(base.key(), base.clone().key());
        let mut moved = base.clone();
        moved.exercise.line += 5;
        moved.exercise.guards[0].line += 5;
        assert_eq!(moved.key(), base.key());
    }

    fn checked(exercise: &Exercise) -> Checked {
        let check = Check {
            exercise: exercise.name.clone(),
            chapter: exercise.dir.clone(),
            kind: Kind::Exercise,
            file: "exercises/ownership/move_log_request.rs".to_string(),
            status: Status::Fail,
            expected_errors: vec!["E0382".to_string()],
            actual_errors: Vec::new(),
            failed_tests: Vec::new(),
            problems: vec![
                super::super::Placed {
                    message: "compiles, but should fail with E0382".to_string(),
                    file: INFO_FILE.to_string(),
                    line: Some(exercise.line),
                },
                super::super::Placed {
                    message: "unexpected warning".to_string(),
                    file: "exercises/ownership/move_log_request.rs".to_string(),
                    line: Some(3),
                },
            ],
            duration: Duration::from_millis(120),
            cached: false,
        };
        (check, Vec::new(), Vec::new())
    }

    #[test]
    fn an_entry_comes_back_as_written_and_moves_with_its_exercise() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_path_buf(), &run_inputs(), true);
        let ex = exercise();
        let inputs = Inputs {
            kind: Kind::Exercise,
            author_checks: true,
            cheats: false,
            exercise: &ex,
            file: b"fn main() {}\n",
            untouched: None,
            crates: None,
        };
        let key = cache.key_of(&inputs);
        assert!(cache.load(&key, &ex, Kind::Exercise).is_none());
        cache.store(&key, &ex, Kind::Exercise, &checked(&ex));
        let (check, _, _) = cache.load(&key, &ex, Kind::Exercise).expect("a hit");
        assert!(check.cached);
        assert_eq!(check.status, Status::Fail);
        assert_eq!(check.problems, checked(&ex).0.problems);

        let mut moved = ex.clone();
        moved.line = 30;
        let (check, _, _) = cache.load(&key, &moved, Kind::Exercise).expect("a hit");
        assert_eq!(check.problems[0].line, Some(30), "info.toml's line moves");
        assert_eq!(check.problems[1].line, Some(3), "the file's line stays");

        // --no-cache reads nothing; a corrupt entry is a miss.
        let fresh = Cache::new(dir.path().to_path_buf(), &run_inputs(), false);
        assert!(fresh.load(&key, &ex, Kind::Exercise).is_none());
        std::fs::write(
            cache.path(&key, &ex, Kind::Exercise),
            "{\"format\": 1, \"ke",
        )
        .unwrap();
        assert!(cache.load(&key, &ex, Kind::Exercise).is_none());
    }

    #[test]
    fn only_the_newest_entries_of_a_check_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_path_buf(), &run_inputs(), true);
        let ex = exercise();
        let keys: Vec<Key> = (0..KEPT + 3)
            .map(|n| {
                let file = format!("fn main() {{}} // {n}\n");
                let key = cache.key_of(&Inputs {
                    kind: Kind::Exercise,
                    author_checks: true,
                    cheats: false,
                    exercise: &ex,
                    file: file.as_bytes(),
                    untouched: None,
                    crates: None,
                });
                cache.store(&key, &ex, Kind::Exercise, &checked(&ex));
                key
            })
            .collect();
        let folder = dir.path().join("exercise").join(&ex.name);
        assert_eq!(std::fs::read_dir(&folder).unwrap().count(), KEPT);
        assert!(
            cache
                .load(keys.last().unwrap(), &ex, Kind::Exercise)
                .is_some()
        );
    }
}
