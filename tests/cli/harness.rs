//! A small builder around the real binary: copy a fixture, run ferry in it, look at the result.

use std::path::{Path, PathBuf};
use std::process::Command;

pub const FERRY: &str = env!("CARGO_BIN_EXE_ferry");

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// One build of the crates exercises use, shared by every test's ferry (through
/// `FERRY_CRATES_DIR`, set for each ferry the harness runs): tokio is built once per `cargo
/// test`, under target/, and kept for the next run. Tests of the workspace's own
/// `.ferry/crates` take the variable away.
pub fn shared_crates() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("ferry-crates")
}

/// A workspace of the whole bundled curriculum that outlives the test run:
/// target/tmp/bundled-curriculum, its curriculum files copied afresh, its `.ferry/` (the
/// verdict cache) kept. CI checks it again with `--cheats` (see .ci/run).
pub fn bundled_workspace() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bundled-curriculum");
    for part in ["exercises", "solutions"] {
        let _ = std::fs::remove_dir_all(dir.join(part));
        copy_dir(&repo().join(part), &dir.join(part));
    }
    std::fs::copy(repo().join("info.toml"), dir.join("info.toml")).unwrap();
    dir
}

/// Makes sure the shared folder holds the build of the bundled curriculum's crates (one check
/// of its first exercise that uses them builds it, if no test has yet), once per test run.
pub fn ensure_shared_bundled_crates() {
    static BUILT: std::sync::Mutex<bool> = std::sync::Mutex::new(false);
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if *built {
        return;
    }
    let curriculum = ferry::bundled::curriculum();
    let first = curriculum
        .exercises
        .iter()
        .find(|e| !e.crates.is_empty())
        .expect("a bundled exercise uses crates");
    let c = Curriculum::bundled(&[first.name.as_str()]);
    let out = c.ferry(&["run", &first.name]);
    assert!(
        out.code == 0 || out.code == 1,
        "building the shared crates: {out:#?}"
    );
    *built = true;
}

/// The bundled curriculum's `[crates]` table, as info.toml writes it: a fixture that uses it
/// shares the bundled curriculum's build of the crates.
pub fn bundled_crates_table() -> String {
    let info = std::fs::read_to_string(repo().join("info.toml")).unwrap();
    let start = info
        .find("\n[crates]\n")
        .expect("info.toml has a [crates] table")
        + 1;
    let end = info[start..]
        .find("\n\n")
        .map_or(info.len(), |e| start + e + 1);
    info[start..end].to_string()
}

pub struct Curriculum {
    pub dir: tempfile::TempDir,
}

#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(self.code, expected, "exit code; output:\n{self:#?}");
        self
    }

    #[track_caller]
    pub fn stdout_has(&self, text: &str) -> &Self {
        assert!(
            self.stdout.contains(text),
            "stdout lacks {text:?}:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stdout_lacks(&self, text: &str) -> &Self {
        assert!(
            !self.stdout.contains(text),
            "stdout has {text:?}:\n{}",
            self.stdout
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, text: &str) -> &Self {
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}:\n{}\nstdout:\n{}",
            self.stderr,
            self.stdout
        );
        self
    }
}

impl Curriculum {
    /// A copy of tests/fixtures/<name>.
    pub fn fixture(name: &str) -> Curriculum {
        let c = Curriculum::empty();
        copy_dir(&repo().join("tests/fixtures").join(name), c.path());
        c
    }

    /// A copy of the bundled curriculum, keeping only the named exercises (all when empty):
    /// their files, their chapters' READMEs, and info.toml with just their entries.
    pub fn bundled(only: &[&str]) -> Curriculum {
        let c = Curriculum::empty();
        let info = std::fs::read_to_string(repo().join("info.toml")).unwrap();
        if only.is_empty() {
            copy_dir(&repo().join("exercises"), &c.path().join("exercises"));
            copy_dir(&repo().join("solutions"), &c.path().join("solutions"));
            c.write("info.toml", &info);
            return c;
        }
        let mut table: toml::Table = info.parse().unwrap();
        let exercises = table["exercises"].as_array().unwrap().clone();
        let mut kept = Vec::new();
        for exercise in exercises {
            let name = exercise["name"].as_str().unwrap().to_string();
            if !only.contains(&name.as_str()) {
                continue;
            }
            let path = exercise_path(&exercise, &name);
            for top in ["exercises", "solutions"] {
                let to = c.path().join(top).join(&path);
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                std::fs::copy(repo().join(top).join(&path), to).unwrap();
            }
            if let Some(dir) = exercise.get("dir").and_then(|d| d.as_str()) {
                let readme = repo().join("exercises").join(dir).join("README.md");
                if readme.is_file() {
                    std::fs::copy(
                        readme,
                        c.path().join("exercises").join(dir).join("README.md"),
                    )
                    .unwrap();
                }
            }
            kept.push(exercise);
        }
        table.insert("exercises".into(), toml::Value::Array(kept));
        c.write("info.toml", &toml::to_string(&table).unwrap());
        c
    }

    /// The line of info.toml that names an exercise.
    pub fn info_line(&self, name: &str) -> usize {
        self.read("info.toml")
            .lines()
            .position(|l| l.trim() == format!("name = \"{name}\""))
            .expect("the exercise is in info.toml")
            + 1
    }

    pub fn empty() -> Curriculum {
        Curriculum {
            dir: tempfile::Builder::new()
                .prefix("ferry test ")
                .tempdir()
                .unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path().join(relative)).unwrap()
    }

    pub fn ferry(&self, args: &[&str]) -> Output {
        self.ferry_with(args, |_| {})
    }

    pub fn ferry_with(&self, args: &[&str], setup: impl FnOnce(&mut Command)) -> Output {
        ferry_in(self.path(), args, setup)
    }
}

/// Runs the real binary in `dir`, on a plain terminal-less stdout.
pub fn ferry_in(dir: &Path, args: &[&str], setup: impl FnOnce(&mut Command)) -> Output {
    let mut command = Command::new(FERRY);
    command
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("FORCE_HYPERLINK")
        .env(ferry::runner::crates::SHARED_DIR_VARIABLE, shared_crates())
        .env("TERM", "dumb");
    setup(&mut command);
    let output = command.output().expect("ferry runs");
    Output {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn exercise_path(exercise: &toml::Value, name: &str) -> PathBuf {
    let mut path = PathBuf::new();
    if let Some(dir) = exercise.get("dir").and_then(|d| d.as_str()) {
        path.push(dir);
    }
    path.push(format!("{name}.rs"));
    path
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// `ferry ARGS` in `dir` on a new pseudo-terminal of `rows` x `cols`, as a learner's terminal
/// would run it (no colour, an xterm): the pty's master side, for reading and writing, and
/// the child.
pub fn ferry_in_pty(
    dir: &Path,
    args: &[&str],
    rows: u16,
    cols: u16,
) -> (
    Box<dyn portable_pty::MasterPty + Send>,
    Box<dyn portable_pty::Child + Send + Sync>,
) {
    ferry_in_pty_with(dir, args, rows, cols, &[("NO_COLOR", Some("1"))])
}

/// The environment a terminal's variables come from; the tests set the ones they need.
const TERMINAL_VARIABLES: [&str; 9] = [
    "FORCE_HYPERLINK",
    "TMUX",
    "STY",
    "TERM_PROGRAM",
    "VTE_VERSION",
    "WT_SESSION",
    "KONSOLE_VERSION",
    "DOMTERM",
    "COLORTERM",
];

/// [`ferry_in_pty`] in an xterm whose other variables are these (`None`: unset): none of the
/// terminal's own variables from the test's environment (tmux, a terminal that shows links)
/// reach ferry unless a test sets them.
pub fn ferry_in_pty_with(
    dir: &Path,
    args: &[&str],
    rows: u16,
    cols: u16,
    env: &[(&str, Option<&str>)],
) -> (
    Box<dyn portable_pty::MasterPty + Send>,
    Box<dyn portable_pty::Child + Send + Sync>,
) {
    let pair = portable_pty::native_pty_system()
        .openpty(portable_pty::PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut command = portable_pty::CommandBuilder::new(FERRY);
    command.args(args);
    command.cwd(dir);
    command.env_remove("NO_COLOR");
    for name in TERMINAL_VARIABLES {
        command.env_remove(name);
    }
    command.env("TERM", "xterm-256color");
    command.env(ferry::runner::crates::SHARED_DIR_VARIABLE, shared_crates());
    for (name, value) in env {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        }
    }
    let child = pair.slave.spawn_command(command).unwrap();
    drop(pair.slave);
    (pair.master, child)
}
