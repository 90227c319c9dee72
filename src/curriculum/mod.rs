//! The curriculum model: info.toml parsed into typed values, then validated.
//!
//! Parsing is strict: an unknown key, a duplicate name, an overlong name, a path that escapes the
//! curriculum (also through a symbolic link) or a file that is not UTF-8 is refused with the line
//! and column it is on and how to fix it, never silently ignored. Parsing is linear in the size
//! of info.toml.

pub mod chapter;
pub mod guards;
mod links;

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Result};
pub use guards::Guard;
use links::{Places, check_links};

pub const INFO_FILE: &str = "info.toml";
pub const EXERCISES_DIR: &str = "exercises";
pub const SOLUTIONS_DIR: &str = "solutions";
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
const MAX_TIMEOUT_SECS: u64 = 600;
/// `memory = MiB`: resident memory a program or its tests may use (default 2048).
pub const DEFAULT_MEMORY_MIB: u64 = 2048;
const MAX_MEMORY_MIB: u64 = 1 << 20;
/// Longer names fail later, as file names the compiler and linker build from them.
pub const MAX_NAME_LEN: usize = 64;
const EXERCISE_KEYS: &str = "name, dir, errors, test, timeout, hint, predict, crates, guards, permit, intended_shortcuts, memory, skip_check_unsolved, strict_clippy, learner_tests";
/// What a curriculum in rustlings' format allows when it says nothing (rustlings' own workspace
/// manifest allows dead code: "can't be avoided in some exercises").
pub const RUSTLINGS_ALLOW: [&str; 1] = ["dead_code"];

/// The shortcuts `ferry verify --cheats` tries, by the names `intended_shortcuts` uses.
pub const SHORTCUTS: [&str; 9] = [
    "empty-main",
    "tests-deleted",
    "tests-ignored",
    "tests-edited",
    "suggestions",
    "clone",
    "leak",
    "unsafe-send",
    "allow",
];

#[derive(Debug, Clone)]
pub struct Curriculum {
    /// The folder holding info.toml; every other path is relative to it.
    pub root: PathBuf,
    pub welcome_message: Option<String>,
    pub final_message: Option<String>,
    /// Crates exercises may use, as Cargo dependency specifications (`tokio = { version = "1",
    /// features = ["full"] }`), from info.toml's `[crates]` table.
    pub crates: toml::Table,
    /// Lints this curriculum's exercises may trigger without it counting against done
    /// (info.toml's `allow`; rustlings' `dead_code` for a curriculum in rustlings' format).
    pub allow: Vec<String>,
    /// No exercise declares `errors`: the format rustlings curricula are written in. verify
    /// then asks only that an untouched exercise is not done, and learners are told the
    /// compiler's errors without "the one this exercise is about".
    pub rustlings_format: bool,
    pub exercises: Vec<Exercise>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    pub name: String,
    pub dir: Option<String>,
    /// How the untouched exercise fails to compile; empty: it compiles and fails at run time.
    pub errors: Vec<ExpectedError>,
    /// False in a curriculum in rustlings' format (no exercise declares `errors`): then how the
    /// untouched exercise fails is not known, only that it must.
    pub errors_declared: bool,
    /// The untouched exercise is already done (rustlings' `skip_check_unsolved`, for an
    /// introduction that only shows the loop): verify does not ask it to fail.
    pub skip_check_unsolved: bool,
    /// Lints passed to the compiler as `-A` (the curriculum's `allow`).
    pub allow: Vec<String>,
    /// The learner writes or completes the tests (rustlings' tests chapter): they judge as the
    /// learner leaves them, instead of the tests the exercise ships. The default in rustlings'
    /// format, which always runs the learner's file as it is.
    pub learner_tests: bool,
    /// Compile with `--test` and run its tests (true), or run `main` (false).
    pub test: bool,
    pub timeout: Duration,
    /// Resident bytes the program or its tests may use (info.toml's `memory`, in MiB).
    pub memory: u64,
    /// Hint levels, from a nudge to the specific move.
    pub hints: Vec<String>,
    /// The crates (from the curriculum's `[crates]`) this exercise uses.
    pub crates: Vec<String>,
    /// A predict exercise: the learner first writes which error (code and line) the untouched
    /// file gives; this is the answer key.
    pub predict: Option<Prediction>,
    /// What a fix may not add (the exercise's own guards, then the defaults it keeps).
    pub guards: Vec<Guard>,
    /// Shortcuts (`SHORTCUTS`) that are this exercise's intended fix, so `verify --cheats`
    /// accepts them.
    pub intended_shortcuts: Vec<String>,
    /// The line of info.toml that names this exercise.
    pub line: usize,
}

/// The answer key of a predict exercise: the error's code and the line rustc points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prediction {
    pub code: String,
    pub line: usize,
}

impl Prediction {
    /// Does this hint give the answer away (the code, or "line N")?
    pub fn given_away_by(&self, hint: &str) -> bool {
        hint.contains(&self.code) || hint.contains(&format!("line {}", self.line))
    }
}

/// One entry of an exercise's `errors`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpectedError {
    /// An error code such as `E0382`.
    Code(String),
    /// A fragment of the message of an error rustc reports without a code.
    Message(String),
    /// A lint: clippy's, such as `clippy::await_holding_lock` (the program compiles and may pass
    /// its tests, but clippy, which ferry runs as CI would, warnings as errors, objects), or
    /// rustc's, such as `unused_imports`. A lint the exercise denies or forbids
    /// (`#![forbid(unused_imports)]`, or clippy's deny-by-default `approx_constant`) is an error
    /// of that name instead, and matches it.
    Lint(String),
}

impl ExpectedError {
    /// Does a compiler error with this code (if any) and message match this entry?
    pub fn matches(&self, code: Option<&str>, message: &str) -> bool {
        match self {
            ExpectedError::Code(expected) => code == Some(expected.as_str()),
            ExpectedError::Message(fragment) => code.is_none() && message.contains(fragment),
            // Needs the lint's name, which is not an error code: see `matches_message`.
            ExpectedError::Lint(_) => false,
        }
    }

    /// Does the place of an untouched file's error (its code, lint name, or message when it
    /// has neither) belong to this entry?
    pub fn matches_place(&self, label: &str) -> bool {
        let is_code = label.len() == 5 && label.starts_with('E');
        match self {
            ExpectedError::Lint(lint) => label == lint,
            _ => self.matches(is_code.then_some(label), label),
        }
    }

    /// Does this compiler error match this entry? A lint entry matches an error of its name
    /// (a lint raised to deny or forbid).
    pub fn matches_message(&self, message: &crate::diagnostics::Message) -> bool {
        match self {
            ExpectedError::Lint(lint) => {
                message.is_error() && message.code.as_deref() == Some(lint.as_str())
            }
            _ => self.matches(message.error_code(), &message.message),
        }
    }

    pub fn is_lint(&self) -> bool {
        matches!(self, ExpectedError::Lint(_))
    }
}

impl fmt::Display for ExpectedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExpectedError::Code(code) => f.write_str(code),
            ExpectedError::Message(fragment) => write!(f, "\"{fragment}\""),
            ExpectedError::Lint(lint) => f.write_str(lint),
        }
    }
}

impl Exercise {
    /// exercises/<dir>/<name>.rs, relative to the curriculum root.
    pub fn path(&self) -> PathBuf {
        self.path_in(EXERCISES_DIR)
    }

    /// solutions/<dir>/<name>.rs, relative to the curriculum root.
    pub fn solution_path(&self) -> PathBuf {
        self.path_in(SOLUTIONS_DIR)
    }

    fn path_in(&self, top: &str) -> PathBuf {
        let mut path = PathBuf::from(top);
        if let Some(dir) = &self.dir {
            path.push(dir);
        }
        path.push(format!("{}.rs", self.name));
        path
    }

    /// `chapter/name`, as every screen and report names an exercise.
    pub fn label(&self) -> String {
        match &self.dir {
            Some(dir) => format!("{dir}/{}", self.name),
            None => self.name.clone(),
        }
    }

    /// How many hint levels may be shown before the learner has made their prediction: the
    /// leading ones that do not give the answer key away (all of them, for other exercises).
    pub fn hints_before_prediction(&self) -> usize {
        match &self.predict {
            None => self.hints.len(),
            Some(key) => self
                .hints
                .iter()
                .take_while(|h| !key.given_away_by(h))
                .count(),
        }
    }

    /// Compiles untouched: expected to fail at run time (or, when it declares lints, by the
    /// lints' verdict) rather than at compile time.
    pub fn is_runtime(&self) -> bool {
        self.errors.iter().all(ExpectedError::is_lint)
    }

    /// The clippy lints this exercise is about (`clippy::…`), if it is a lint exercise.
    pub fn lints(&self) -> impl Iterator<Item = &str> {
        self.errors.iter().filter_map(|e| match e {
            ExpectedError::Lint(lint) => Some(lint.as_str()),
            _ => None,
        })
    }

    /// Is this clippy remark one this exercise is about?
    pub fn declares_lint(&self, message: &crate::diagnostics::Message) -> bool {
        message
            .code
            .as_deref()
            .is_some_and(|code| self.lints().any(|lint| lint == code))
    }
}

impl Curriculum {
    /// Finds the nearest info.toml at or above `start`.
    pub fn find_root(start: &Path) -> Result<PathBuf> {
        if let Some(root) = start.ancestors().find(|dir| dir.join(INFO_FILE).is_file()) {
            return Ok(root.to_path_buf());
        }
        match start.ancestors().find(|dir| is_rustlings_workspace(dir)) {
            Some(root) => Err(Error::RustlingsWorkspace {
                root: root.to_path_buf(),
            }),
            None => Err(Error::NoCurriculum {
                start: start.to_path_buf(),
            }),
        }
    }

    /// Reads and validates `root/info.toml`, and refuses exercise paths that a symbolic link
    /// leads out of the curriculum, and exercise files that are links (`links`). Does not read
    /// the exercise files.
    ///
    /// Every command that works in a curriculum starts here, so this is also where the
    /// temporary files of a ferry that was killed mid-write are swept away.
    pub fn load(root: &Path) -> Result<Curriculum> {
        crate::fs::remove_stale_temp_files(root);
        let path = root.join(INFO_FILE);
        let bytes = std::fs::read(&path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        let text = std::str::from_utf8(&bytes).map_err(|err| not_utf8(&path, &bytes, &err))?;
        let (curriculum, places) =
            Curriculum::parse_with_places(root, text).map_err(|e| e.into_error(&path, text))?;
        check_links(&curriculum, &places).map_err(|e| e.into_error(&path, text))?;
        Ok(curriculum)
    }

    /// Parses info.toml text; errors carry byte spans, turned into lines by the caller.
    pub fn parse(root: &Path, text: &str) -> Result<Curriculum, SpannedError> {
        Curriculum::parse_with_places(root, text).map(|(curriculum, _)| curriculum)
    }

    /// Parses, and keeps where each exercise's `name` and `dir` are, for the checks `load`
    /// makes on the filesystem. Linear in the size of the file.
    fn parse_with_places(
        root: &Path,
        text: &str,
    ) -> Result<(Curriculum, Vec<Places>), SpannedError> {
        let raw: RawInfo = toml::from_str(text).map_err(|e| SpannedError {
            span: e.span(),
            fix: fix_for_toml_error(e.message()),
            message: e.message().trim().to_string(),
        })?;

        if *raw.format_version.get_ref() != 1 {
            return Err(SpannedError::new(
                raw.format_version.span(),
                format!(
                    "format_version {} is not one this ferry understands",
                    raw.format_version.get_ref()
                ),
                "use `format_version = 1`, or update ferry if the curriculum needs a newer one",
            ));
        }

        let memory = memory_mib(raw.memory.as_ref(), DEFAULT_MEMORY_MIB)?;
        // rustlings' format: no exercise says how it fails, and nothing only ferry's format
        // has. (A ferry curriculum of runtime exercises says `errors = []`.)
        let rustlings_format = raw.crates.is_empty()
            && raw.allow.is_none()
            && raw.memory.is_none()
            && raw.exercises.iter().all(RawExercise::is_rustlings);
        let allow = match raw.allow {
            Some(entries) => {
                let mut allow = Vec::with_capacity(entries.len());
                for entry in entries {
                    if !is_lint_name(entry.get_ref()) {
                        return Err(SpannedError::new(
                            entry.span(),
                            format!("`allow` names `{}`, which is not a lint", entry.get_ref()),
                            "name lints as rustc and clippy do: `dead_code`, `clippy::needless_return`",
                        ));
                    }
                    allow.push(entry.into_inner());
                }
                allow
            }
            None if rustlings_format => RUSTLINGS_ALLOW.map(String::from).to_vec(),
            None => Vec::new(),
        };
        let lines = Lines::new(text);
        let mut seen: HashMap<String, Range<usize>> = HashMap::with_capacity(raw.exercises.len());
        let mut exercises = Vec::with_capacity(raw.exercises.len());
        let mut places = Vec::with_capacity(raw.exercises.len());
        for raw_exercise in raw.exercises {
            let explicit_learner_tests = raw_exercise.learner_tests;
            let (mut exercise, place) = raw_exercise.validate(text, &lines, &raw.crates, memory)?;
            exercise.errors_declared = !rustlings_format;
            exercise.learner_tests = explicit_learner_tests.unwrap_or(rustlings_format);
            exercise.allow = allow.clone();
            if let Some(first) = seen.get(&exercise.name) {
                return Err(SpannedError::new(
                    place.name.clone(),
                    format!(
                        "the name `{}` is used twice (first on line {})",
                        exercise.name,
                        lines.line_col(text, first.start).0
                    ),
                    "give every exercise its own name",
                ));
            }
            seen.insert(exercise.name.clone(), place.name.clone());
            exercises.push(exercise);
            places.push(place);
        }

        let curriculum = Curriculum {
            root: root.to_path_buf(),
            welcome_message: raw.welcome_message,
            final_message: raw.final_message,
            crates: raw.crates,
            allow,
            rustlings_format,
            exercises,
        };
        Ok((curriculum, places))
    }

    /// Refuses a curriculum whose exercise files are missing.
    pub fn check_files(&self) -> Result<()> {
        for exercise in &self.exercises {
            let path = exercise.path();
            if !self.root.join(&path).is_file() {
                return Err(Error::InfoToml {
                    path: self.root.join(INFO_FILE),
                    line: exercise.line,
                    column: 1,
                    message: format!(
                        "exercise `{}` has no file: {} does not exist",
                        exercise.name,
                        path.display()
                    ),
                    fix: format!(
                        "create {}, fix the entry's `name`/`dir`, or, if you deleted it, restore it with `ferry reset {}`",
                        path.display(),
                        exercise.name
                    ),
                });
            }
        }
        Ok(())
    }

    /// Refuses a guard whose `on` names something the untouched exercise never mentions (it
    /// could never apply). Reads the exercise files, so authors' commands (verify) call it.
    pub fn check_guards(&self) -> Result<()> {
        for exercise in &self.exercises {
            let mut text = None;
            for guard in exercise.guards.iter().filter(|g| g.on.is_some()) {
                let on = guard.on.as_deref().unwrap_or_default();
                let text = text.get_or_insert_with(|| {
                    std::fs::read_to_string(self.root.join(exercise.path())).unwrap_or_default()
                });
                if !guards::mentioned_in(on, text) {
                    return Err(Error::InfoToml {
                        path: self.root.join(INFO_FILE),
                        line: guard.line,
                        column: 1,
                        message: format!(
                            "the guard's `on = \"{on}\"` names nothing in {}",
                            exercise.path().display()
                        ),
                        fix: "name a value or type the exercise's code uses, e.g. a variable or a field (`self.pending`)".to_string(),
                    });
                }
            }
        }
        Ok(())
    }

    pub fn get(&self, name: &str) -> Result<&Exercise> {
        self.exercises
            .iter()
            .find(|e| e.name == name)
            .ok_or_else(|| Error::UnknownExercise {
                name: name.to_string(),
                suggestion: self.suggest(name),
            })
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.exercises.iter().position(|e| e.name == name)
    }

    fn suggest(&self, name: &str) -> String {
        self.exercises
            .iter()
            .map(|e| (edit_distance(name, &e.name), &e.name))
            .filter(|(d, candidate)| *d <= 2.max(candidate.len() / 4))
            .min()
            .map(|(_, candidate)| format!(" (did you mean `{candidate}`?)"))
            .unwrap_or_default()
    }
}

/// A validation error with the byte span it is about; `into_error` gives it a line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpannedError {
    pub span: Option<Range<usize>>,
    pub message: String,
    pub fix: String,
}

impl SpannedError {
    fn new(span: Range<usize>, message: String, fix: impl Into<String>) -> SpannedError {
        SpannedError {
            span: Some(span),
            message,
            fix: fix.into(),
        }
    }

    pub fn into_error(self, path: &Path, text: &str) -> Error {
        let (line, column) = self.span.map_or((1, 1), |s| line_col(text, s.start));
        Error::InfoToml {
            path: path.to_path_buf(),
            line,
            column,
            message: self.message,
            fix: self.fix,
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    Lines::new(text).line_col(text, offset)
}

/// Where every line of a text starts, so that finding the line of an offset costs a binary
/// search rather than a scan from the top (which made parsing quadratic in the exercises).
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { starts }
    }

    /// 1-based line and column (in characters) of a byte offset into the same text.
    fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        (line, text[start..offset].chars().count() + 1)
    }
}

/// info.toml is not UTF-8: the line and column of the first byte that is not.
fn not_utf8(path: &Path, bytes: &[u8], err: &std::str::Utf8Error) -> Error {
    let at = err.valid_up_to();
    let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
    let (line, column) = line_col(before, at);
    Error::InfoToml {
        path: path.to_path_buf(),
        line,
        column,
        message: format!(
            "info.toml is not UTF-8: the byte 0x{:02X} here is not part of a UTF-8 character",
            bytes[at]
        ),
        fix: "save info.toml as UTF-8, the encoding TOML requires (e.g. `iconv -f LATIN1 -t UTF-8`, or your editor's \"save with encoding\")".to_string(),
    }
}

fn fix_for_toml_error(message: &str) -> String {
    if message.contains("unknown field") && message.contains("`method`") {
        format!(
            "a guard takes: {}; correct the key's spelling",
            guards::GUARD_KEYS
        )
    } else if message.contains("unknown field") {
        format!(
            "remove the key or correct its spelling; an exercise takes: {EXERCISE_KEYS}; the top level takes: format_version, welcome_message, final_message, memory, allow, crates, exercises"
        )
    } else if message.contains("missing field") {
        "add the missing key to this exercise".to_string()
    } else if message.contains("duplicate key") {
        "keep one of the two keys".to_string()
    } else {
        "correct the TOML at this place (https://toml.io describes the syntax)".to_string()
    }
}

/// `memory = N` (MiB) checked, or `default` when absent.
fn memory_mib(value: Option<&Spanned<u64>>, default: u64) -> Result<u64, SpannedError> {
    match value {
        None => Ok(default),
        Some(m) if (1..=MAX_MEMORY_MIB).contains(m.get_ref()) => Ok(*m.get_ref()),
        Some(m) => Err(SpannedError::new(
            m.span(),
            format!("memory = {} is out of range", m.get_ref()),
            format!(
                "use a number of MiB from 1 to {MAX_MEMORY_MIB} (the default is {DEFAULT_MEMORY_MIB}, 2 GiB)"
            ),
        )),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInfo {
    format_version: Spanned<u32>,
    welcome_message: Option<String>,
    final_message: Option<String>,
    /// MiB of resident memory for every exercise that sets none.
    memory: Option<Spanned<u64>>,
    #[serde(default)]
    crates: toml::Table,
    /// Lints that do not count against done in this curriculum.
    allow: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    exercises: Vec<RawExercise>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExercise {
    name: Spanned<String>,
    dir: Option<Spanned<String>>,
    /// Absent in every exercise: rustlings' format (see `Curriculum::rustlings_format`).
    errors: Option<Vec<Spanned<String>>>,
    /// rustlings' default.
    #[serde(default = "yes")]
    test: bool,
    #[serde(default)]
    skip_check_unsolved: bool,
    learner_tests: Option<bool>,
    /// rustlings' switch for clippy's warnings as errors; ferry always holds an exercise to
    /// clippy (as rustlings holds every solution), so it is read and changes nothing.
    #[serde(default, rename = "strict_clippy")]
    _strict_clippy: bool,
    timeout: Option<Spanned<u64>>,
    memory: Option<Spanned<u64>>,
    hint: Spanned<RawHint>,
    predict: Option<Spanned<RawPrediction>>,
    #[serde(default)]
    crates: Vec<Spanned<String>>,
    #[serde(default)]
    guards: Vec<Spanned<guards::RawGuard>>,
    #[serde(default)]
    permit: Vec<Spanned<String>>,
    #[serde(default)]
    intended_shortcuts: Vec<Spanned<String>>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrediction {
    code: String,
    line: usize,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawHint {
    One(String),
    Levels(Vec<String>),
}

impl RawExercise {
    /// Has no key that only ferry's format has.
    fn is_rustlings(&self) -> bool {
        self.errors.is_none()
            && self.timeout.is_none()
            && self.memory.is_none()
            && self.predict.is_none()
            && self.crates.is_empty()
            && self.guards.is_empty()
            && self.permit.is_empty()
            && self.intended_shortcuts.is_empty()
            && self.learner_tests.is_none()
    }

    fn validate(
        self,
        text: &str,
        lines: &Lines,
        crates: &toml::Table,
        default_memory_mib: u64,
    ) -> Result<(Exercise, Places), SpannedError> {
        let name_span = self.name.span();
        let name = self.name.into_inner();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(SpannedError::new(
                name_span,
                format!("the name `{name}` may only use a-z, 0-9 and _"),
                "rename it, e.g. `borrow_push`",
            ));
        }
        if name.len() > MAX_NAME_LEN {
            return Err(SpannedError::new(
                name_span,
                format!(
                    "the name `{name}` is {} characters long; an exercise's name may have at most {MAX_NAME_LEN} (the compiler and linker make longer file names from it)",
                    name.len()
                ),
                format!("shorten it to {MAX_NAME_LEN} characters or fewer, e.g. `borrow_push`"),
            ));
        }

        let mut dir_span = None;
        let dir = match self.dir {
            None => None,
            Some(dir) => {
                let span = dir.span();
                dir_span = Some(span.clone());
                let dir = dir.into_inner();
                validate_dir(&dir).map_err(|problem| {
                    SpannedError::new(
                        span,
                        format!("`dir = \"{dir}\"` {problem}"),
                        "use a folder inside exercises/, e.g. `dir = \"borrowing\"`",
                    )
                })?;
                Some(dir)
            }
        };

        let entries = self.errors.unwrap_or_default();
        let mut errors = Vec::with_capacity(entries.len());
        for entry in entries {
            let span = entry.span();
            let error = parse_expected_error(entry.get_ref()).map_err(|problem| {
                SpannedError::new(span, problem, "write an error code like \"E0382\", for an error rustc reports without a code a fragment of its message like \"lifetime may not live long enough\", or a lint like \"clippy::await_holding_lock\" or \"unused_imports\"")
            })?;
            errors.push(error);
        }

        let timeout = match self.timeout {
            None => DEFAULT_TIMEOUT,
            Some(t) if (1..=MAX_TIMEOUT_SECS).contains(t.get_ref()) => {
                Duration::from_secs(*t.get_ref())
            }
            Some(t) => {
                return Err(SpannedError::new(
                    t.span(),
                    format!("timeout = {} is out of range", t.get_ref()),
                    format!("use a number of seconds from 1 to {MAX_TIMEOUT_SECS}"),
                ));
            }
        };

        let memory = memory_mib(self.memory.as_ref(), default_memory_mib)? << 20;

        let hint_span = self.hint.span();
        let hints = match self.hint.into_inner() {
            RawHint::One(hint) => vec![hint],
            RawHint::Levels(levels) => levels,
        };
        if hints.is_empty() || hints.iter().any(|h| h.trim().is_empty()) {
            return Err(SpannedError::new(
                hint_span,
                format!("exercise `{name}` has an empty hint"),
                "write a hint: a string, or a list of levels from a nudge to the specific move",
            ));
        }

        let predict = match self.predict {
            None => None,
            Some(raw) => {
                let span = raw.span();
                let raw = raw.into_inner();
                let declared = errors.contains(&ExpectedError::Code(raw.code.clone()));
                if !declared || raw.line == 0 {
                    return Err(SpannedError::new(
                        span,
                        format!(
                            "the answer key {{ code = \"{}\", line = {} }} is not one of this exercise's errors",
                            raw.code, raw.line
                        ),
                        "use the code of one of the exercise's `errors` and the line (from 1) rustc points at",
                    ));
                }
                Some(Prediction {
                    code: raw.code,
                    line: raw.line,
                })
            }
        };

        let mut used = Vec::with_capacity(self.crates.len());
        for krate in self.crates {
            if !crates.contains_key(krate.get_ref()) {
                return Err(SpannedError::new(
                    krate.span(),
                    format!(
                        "the crate `{}` is not in the curriculum's [crates] table",
                        krate.get_ref()
                    ),
                    format!(
                        "add it to [crates] at the top of info.toml, e.g. `{} = \"1\"`",
                        krate.get_ref()
                    ),
                ));
            }
            used.push(krate.into_inner());
        }

        let mut declared = Vec::with_capacity(self.guards.len());
        for raw in self.guards {
            let span = raw.span();
            let mut guard = raw
                .into_inner()
                .validate()
                .map_err(|(message, fix)| SpannedError::new(span.clone(), message, fix))?;
            // The span may start at the whitespace before the entry.
            let start = span.start
                + text[span.start..]
                    .find(|c: char| !c.is_whitespace())
                    .unwrap_or(0);
            guard.line = lines.line_col(text, start).0;
            declared.push(guard);
        }
        let mut permit = Vec::with_capacity(self.permit.len());
        for entry in self.permit {
            if !guards::DEFAULTS.contains(&entry.get_ref().as_str()) {
                return Err(SpannedError::new(
                    entry.span(),
                    format!(
                        "`permit` names `{}`, which is not a default guard",
                        entry.get_ref()
                    ),
                    format!("permit one of: {}", guards::DEFAULTS.join(", ")),
                ));
            }
            permit.push(entry.into_inner());
        }
        declared.extend(guards::defaults(&permit));
        let mut intended_shortcuts = Vec::with_capacity(self.intended_shortcuts.len());
        for entry in self.intended_shortcuts {
            if !SHORTCUTS.contains(&entry.get_ref().as_str()) {
                return Err(SpannedError::new(
                    entry.span(),
                    format!("`{}` is not a shortcut ferry tries", entry.get_ref()),
                    format!("use one of: {}", SHORTCUTS.join(", ")),
                ));
            }
            intended_shortcuts.push(entry.into_inner());
        }

        let line = lines.line_col(text, name_span.start).0;
        Ok((
            Exercise {
                name,
                dir,
                errors,
                errors_declared: true,
                skip_check_unsolved: self.skip_check_unsolved,
                allow: Vec::new(),
                learner_tests: false,
                test: self.test,
                timeout,
                memory,
                hints: hints.into_iter().map(|h| h.trim().to_string()).collect(),
                predict,
                crates: used,
                guards: declared,
                intended_shortcuts,
                line,
            },
            Places {
                name: name_span,
                dir: dir_span,
            },
        ))
    }
}

fn validate_dir(dir: &str) -> Result<(), &'static str> {
    let path = Path::new(dir);
    if dir.trim().is_empty() {
        return Err("is empty");
    }
    if path.is_absolute() || dir.starts_with('/') || dir.starts_with('\\') || path.has_root() {
        return Err("is an absolute path");
    }
    if path.components().any(|c| {
        matches!(
            c,
            Component::ParentDir | Component::Prefix(_) | Component::RootDir
        )
    }) || dir.split(['/', '\\']).any(|part| part == "..")
    {
        return Err("leaves the exercises folder (it contains `..`)");
    }
    Ok(())
}

/// A folder `rustlings init` made: its state file, or a Cargo.toml whose targets are
/// `exercises/…` files beside an `exercises/` folder (rustlings keeps its list in its binary).
fn is_rustlings_workspace(dir: &Path) -> bool {
    if dir.join(".rustlings-state.txt").is_file() {
        return true;
    }
    dir.join(EXERCISES_DIR).is_dir()
        && std::fs::read_to_string(dir.join("Cargo.toml"))
            .is_ok_and(|t| t.starts_with("bin = [") && t.contains("path = \"exercises/"))
}

/// A rustc lint (`dead_code`) or a clippy lint (`clippy::todo`): snake_case.
fn is_lint_name(name: &str) -> bool {
    let bare = name.strip_prefix("clippy::").unwrap_or(name);
    bare.starts_with(|c: char| c.is_ascii_lowercase())
        && bare
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// `E` and four digits is a code; `clippy::name` a clippy lint, a snake_case name with an
/// underscore (`unused_imports`) a rustc lint; two or more words are a message fragment;
/// anything else is probably a mistyped code and is refused.
fn parse_expected_error(entry: &str) -> Result<ExpectedError, String> {
    let trimmed = entry.trim();
    if trimmed.contains('_') && !trimmed.contains("::") && is_lint_name(trimmed) {
        return Ok(ExpectedError::Lint(trimmed.to_string()));
    }
    if let Some(lint) = trimmed.strip_prefix("clippy::") {
        let named = !lint.is_empty()
            && lint
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        return if named {
            Ok(ExpectedError::Lint(trimmed.to_string()))
        } else {
            Err(format!(
                "`{trimmed}` is not a clippy lint: a lint is `clippy::` and its name in snake_case"
            ))
        };
    }
    let is_code = trimmed.len() == 5
        && trimmed.starts_with('E')
        && trimmed[1..].chars().all(|c| c.is_ascii_digit());
    if is_code {
        return Ok(ExpectedError::Code(trimmed.to_string()));
    }
    let looks_like_code = trimmed
        .strip_prefix(['E', 'e'])
        .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()));
    if looks_like_code {
        return Err(format!(
            "`{trimmed}` is not an error code: a code is E and four digits, like E0382"
        ));
    }
    let words = trimmed
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    if words >= 2 {
        Ok(ExpectedError::Message(trimmed.to_string()))
    } else {
        Err(format!(
            "`{trimmed}` is neither an error code nor a message fragment"
        ))
    }
}

/// Levenshtein distance, for "did you mean" suggestions on short names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
format_version = 1
welcome_message = "hi"

[[exercises]]
name = "move_once"
dir = "ownership"
errors = ["E0382"]
test = true
hint = ["nudge", "move"]

[[exercises]]
name = "drop_order"
test = false
timeout = 3
hint = "one level"
"#;

    fn parse(text: &str) -> Result<Curriculum, SpannedError> {
        Curriculum::parse(Path::new("/c"), text)
    }

    fn error_at(text: &str) -> (usize, String, String) {
        let err = parse(text).expect_err("should be refused");
        let Error::InfoToml {
            line, message, fix, ..
        } = err.into_error(Path::new("info.toml"), text)
        else {
            unreachable!()
        };
        (line, message, fix)
    }

    fn with_exercise(body: &str) -> String {
        format!("format_version = 1\n\n[[exercises]]\n{body}\n")
    }

    #[test]
    fn parses_a_good_file() {
        let c = parse(GOOD).unwrap();
        assert_eq!(c.exercises.len(), 2);
        let first = &c.exercises[0];
        assert_eq!(first.name, "move_once");
        assert_eq!(first.path(), Path::new("exercises/ownership/move_once.rs"));
        assert_eq!(
            first.solution_path(),
            Path::new("solutions/ownership/move_once.rs")
        );
        assert_eq!(first.errors, vec![ExpectedError::Code("E0382".into())]);
        assert_eq!(first.hints, vec!["nudge", "move"]);
        assert_eq!(first.timeout, DEFAULT_TIMEOUT);
        assert_eq!(first.line, 6);
        let second = &c.exercises[1];
        assert_eq!(second.path(), Path::new("exercises/drop_order.rs"));
        assert!(second.is_runtime());
        assert_eq!(second.timeout, Duration::from_secs(3));
        assert_eq!(second.hints, vec!["one level"]);
    }

    #[test]
    fn syntax_error_names_line_and_column() {
        let text = "format_version = 1\n[[exercises]\nname = \"x\"\n";
        let (line, _, fix) = error_at(text);
        assert_eq!(line, 2);
        assert!(fix.contains("TOML"), "{fix}");
    }

    #[test]
    fn unknown_key_is_refused() {
        let text = with_exercise("name = \"a\"\ntest = true\nhnt = \"typo\"");
        let (line, message, fix) = error_at(&text);
        assert_eq!(line, 6);
        assert!(message.contains("hnt"), "{message}");
        assert!(fix.contains("hint"), "{fix}");
    }

    #[test]
    fn unknown_top_level_key_is_refused() {
        let (line, message, _) = error_at("format_version = 1\nwelcome = \"x\"\n");
        assert_eq!(line, 2);
        assert!(message.contains("welcome"), "{message}");
    }

    #[test]
    fn duplicate_names_are_refused() {
        let text = format!(
            "{}\n[[exercises]]\nname = \"a\"\ntest = true\nhint = \"h\"\n",
            with_exercise("name = \"a\"\ntest = true\nhint = \"h\"")
        );
        let (line, message, _) = error_at(&text);
        assert_eq!(line, 9);
        assert!(message.contains("first on line 4"), "{message}");
    }

    #[test]
    fn bad_names_are_refused() {
        for name in ["Move", "move-once", "", "naïve"] {
            let text = with_exercise(&format!("name = \"{name}\"\ntest = true\nhint = \"h\""));
            let (line, message, _) = error_at(&text);
            assert_eq!(line, 4, "{name}");
            assert!(message.contains("a-z, 0-9 and _"), "{message}");
        }
    }

    #[test]
    fn names_longer_than_64_characters_are_refused() {
        let named =
            |name: &str| with_exercise(&format!("name = \"{name}\"\ntest = true\nhint = \"h\""));
        assert!(parse(&named(&"a".repeat(MAX_NAME_LEN))).is_ok());
        let (line, message, fix) = error_at(&named(&"a".repeat(MAX_NAME_LEN + 1)));
        assert_eq!(line, 4);
        assert!(message.contains("65 characters long"), "{message}");
        assert!(fix.contains("64 characters or fewer"), "{fix}");
    }

    #[test]
    fn line_index_agrees_with_counting_from_the_top() {
        let text = "a\nbé\n\nxyz\r\nlast";
        let lines = Lines::new(text);
        for offset in 0..=text.len() + 2 {
            let before = &text[..text.floor_char_boundary(offset.min(text.len()))];
            let line = before.matches('\n').count() + 1;
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            let expected = (line, before[start..].chars().count() + 1);
            assert_eq!(lines.line_col(text, offset), expected, "offset {offset}");
        }
    }

    #[test]
    fn non_utf8_is_reported_at_its_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = b"format_version = 1\nwelcome_message = \"caf\xE9 \xE9\"\n";
        std::fs::write(dir.path().join(INFO_FILE), bytes).unwrap();
        let Err(Error::InfoToml {
            line,
            column,
            message,
            fix,
            ..
        }) = Curriculum::load(dir.path())
        else {
            panic!("non-UTF-8 should be refused");
        };
        assert_eq!((line, column), (2, 23));
        assert!(message.contains("0xE9"), "{message}");
        assert!(fix.contains("UTF-8"), "{fix}");
    }

    #[test]
    fn dirs_that_escape_are_refused() {
        for dir in ["/etc", "../outside", "a/../../b", "a\\..\\b", ""] {
            let text = with_exercise(&format!(
                "name = \"a\"\ndir = '{dir}'\ntest = true\nhint = \"h\""
            ));
            let (line, message, _) = error_at(&text);
            assert_eq!(line, 5, "{dir}");
            assert!(message.contains("dir"), "{message}");
        }
        let ok = with_exercise("name = \"a\"\ndir = \"a/b\"\ntest = true\nhint = \"h\"");
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn empty_hints_are_refused() {
        for hint in ["\"\"", "\"   \"", "[]", "[\"a\", \"\"]"] {
            let text = with_exercise(&format!("name = \"a\"\ntest = true\nhint = {hint}"));
            let (line, message, _) = error_at(&text);
            assert_eq!(line, 6, "{hint}");
            assert!(message.contains("empty hint"), "{message}");
        }
    }

    #[test]
    fn error_entries_are_codes_or_fragments() {
        let text = with_exercise(
            "name = \"a\"\nerrors = [\"E0382\", \"lifetime may not live long enough\"]\ntest = true\nhint = \"h\"",
        );
        let c = parse(&text).unwrap();
        assert_eq!(
            c.exercises[0].errors,
            vec![
                ExpectedError::Code("E0382".into()),
                ExpectedError::Message("lifetime may not live long enough".into())
            ]
        );
        for bad in ["E382", "e0382", "E03820", "", "oops"] {
            let text = with_exercise(&format!(
                "name = \"a\"\nerrors = [\"{bad}\"]\ntest = true\nhint = \"h\""
            ));
            let (line, _, fix) = error_at(&text);
            assert_eq!(line, 5, "{bad}");
            assert!(fix.contains("E0382"), "{fix}");
        }
    }

    #[test]
    fn test_defaults_to_true_as_in_rustlings() {
        let c = parse(&with_exercise("name = \"a\"\nerrors = []\nhint = \"h\"")).unwrap();
        assert!(c.exercises[0].test);
    }

    #[test]
    fn predict_keys_must_name_a_declared_error() {
        let good = with_exercise(
            "name = \"a\"\nerrors = [\"E0382\"]\ntest = false\nhint = \"h\"\npredict = { code = \"E0382\", line = 7 }",
        );
        let c = parse(&good).unwrap();
        assert_eq!(
            c.exercises[0].predict,
            Some(Prediction {
                code: "E0382".into(),
                line: 7
            })
        );
        for bad in [
            "predict = { code = \"E0505\", line = 7 }",
            "predict = { code = \"E0382\", line = 0 }",
            "predict = { code = \"E0382\", lines = 7 }",
        ] {
            let text = with_exercise(&format!(
                "name = \"a\"\nerrors = [\"E0382\"]\ntest = false\nhint = \"h\"\n{bad}"
            ));
            let (line, _, _) = error_at(&text);
            assert_eq!(line, 8, "{bad}");
        }
    }

    #[test]
    fn crates_must_be_declared_at_the_top() {
        let text = "format_version = 1\n\n[crates]\ntokio = { version = \"1\", features = [\"rt\"] }\n\n[[exercises]]\nname = \"a\"\ntest = true\nhint = \"h\"\ncrates = [\"tokio\"]\n";
        let c = parse(text).unwrap();
        assert_eq!(c.exercises[0].crates, vec!["tokio"]);
        assert!(c.crates.contains_key("tokio"));
        let (line, message, fix) =
            error_at(&text.replace("crates = [\"tokio\"]", "crates = [\"serde\"]"));
        assert_eq!(line, 10);
        assert!(message.contains("serde"), "{message}");
        assert!(fix.contains("[crates]"), "{fix}");
    }

    #[test]
    fn guards_are_read_with_their_lines_and_defaults() {
        let text = with_exercise(
            "name = \"a\"\ntest = true\nhint = \"h\"\nguards = [\n  { method = \"clone\", reason = \"r\" },\n  { path = \"Box::leak\", reason = \"r\" },\n]\npermit = [\"unsafe\"]\nintended_shortcuts = [\"clone\"]",
        );
        let c = parse(&text).unwrap();
        let e = &c.exercises[0];
        let lines: Vec<usize> = e.guards.iter().take(2).map(|g| g.line).collect();
        assert_eq!(lines, vec![8, 9]);
        // Two declared, and the defaults less `unsafe`.
        assert_eq!(e.guards.len(), 4);
        assert_eq!(e.intended_shortcuts, vec!["clone"]);
        for (bad, fix) in [
            ("permit = [\"clone\"]", "permit one of"),
            ("intended_shortcuts = [\"sleep\"]", "use one of"),
            (
                "guards = [{ metod = \"clone\", reason = \"r\" }]",
                "a guard takes",
            ),
            (
                "guards = [{ path = \"Box::\", reason = \"r\" }]",
                "Rust path",
            ),
            ("guards = [{ method = \"clone\", reason = \"\" }]", "reason"),
        ] {
            let text = with_exercise(&format!("name = \"a\"\ntest = true\nhint = \"h\"\n{bad}"));
            let (line, _, got) = error_at(&text);
            assert_eq!(line, 7, "{bad}");
            assert!(got.contains(fix), "{bad}: {got}");
        }
    }

    #[test]
    fn format_version_must_be_1() {
        let (line, message, _) = error_at("format_version = 2\n");
        assert_eq!(line, 1);
        assert!(message.contains("format_version 2"), "{message}");
    }

    #[test]
    fn timeout_must_be_sane() {
        let text = with_exercise("name = \"a\"\ntest = true\ntimeout = 0\nhint = \"h\"");
        let (line, _, _) = error_at(&text);
        assert_eq!(line, 6);
    }

    #[test]
    fn expected_errors_match_codes_and_fragments() {
        let code = ExpectedError::Code("E0382".into());
        assert!(code.matches(Some("E0382"), "borrow of moved value"));
        assert!(!code.matches(Some("E0505"), "borrow of moved value"));
        let fragment = ExpectedError::Message("may not live long enough".into());
        assert!(fragment.matches(None, "lifetime may not live long enough"));
        assert!(!fragment.matches(Some("E0597"), "lifetime may not live long enough"));
    }

    #[test]
    fn unknown_names_get_a_suggestion() {
        let c = parse(GOOD).unwrap();
        let err = c.get("move_onse").unwrap_err().to_string();
        assert!(err.contains("did you mean `move_once`"), "{err}");
        let err = c.get("zzz").unwrap_err().to_string();
        assert!(!err.contains("did you mean"), "{err}");
    }

    const RUSTLINGS: &str = r#"
format_version = 1

[[exercises]]
name = "intro1"
dir = "00_intro"
test = false
skip_check_unsolved = true
hint = "Enter `n`"

[[exercises]]
name = "tests1"
dir = "17_tests"
strict_clippy = true
hint = "Assert"
"#;

    #[test]
    fn reads_rustlings_format_as_it_is() {
        let c = parse(RUSTLINGS).unwrap();
        assert!(c.rustlings_format);
        assert_eq!(c.allow, vec!["dead_code"]);
        let (intro, tests) = (&c.exercises[0], &c.exercises[1]);
        assert!(intro.skip_check_unsolved && !intro.test);
        // rustlings' default for `test`, and its semantics: the learner's file as it is.
        assert!(tests.test && !tests.skip_check_unsolved);
        assert!(tests.learner_tests && !tests.errors_declared);
        assert_eq!(tests.allow, vec!["dead_code"]);
    }

    #[test]
    fn one_ferry_key_makes_it_ferry_s_format() {
        for ferry_only in ["errors = []", "timeout = 3", "learner_tests = false"] {
            let text = RUSTLINGS.replace("strict_clippy = true", ferry_only);
            let c = parse(&text).unwrap();
            assert!(!c.rustlings_format, "{ferry_only}");
            assert!(c.allow.is_empty(), "{ferry_only}");
            assert!(
                c.exercises
                    .iter()
                    .all(|e| e.errors_declared && !e.learner_tests)
            );
        }
        let c = parse(&format!(
            "allow = [\"dead_code\", \"clippy::needless_return\"]\n{RUSTLINGS}"
        ))
        .unwrap();
        assert!(!c.rustlings_format);
        assert_eq!(
            c.exercises[1].allow,
            vec!["dead_code", "clippy::needless_return"]
        );
    }

    #[test]
    fn errors_name_rustc_lints_and_lints_match_errors_of_their_name() {
        assert_eq!(
            parse_expected_error("unused_imports"),
            Ok(ExpectedError::Lint("unused_imports".into()))
        );
        // A single word is still a mistyped code, not a lint.
        assert!(parse_expected_error("borrowck").is_err());
        let lint = ExpectedError::Lint("clippy::approx_constant".into());
        let message = |level| {
            crate::verdict::fixtures::message(
                level,
                Some("clippy::approx_constant"),
                "approximate value of `f32::consts::PI` found",
                1,
            )
        };
        assert!(lint.matches_message(&message(crate::diagnostics::Level::Error)));
        assert!(!lint.matches_message(&message(crate::diagnostics::Level::Warning)));
        assert!(lint.matches_place("clippy::approx_constant"));
        assert!(!ExpectedError::Code("E0382".into()).matches_place("clippy::approx_constant"));
    }
}
