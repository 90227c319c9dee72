//! Workshops: `ferry init`, solutions on done, progress export, reset --all, list filters,
//! rust-analyzer manifests, offline use, and awkward paths and line endings.

use std::process::Command;

use crate::harness::{Curriculum, repo};

/// An empty folder to run `ferry init` in, with a non-ASCII name and a space in its path.
fn room() -> Curriculum {
    Curriculum::empty()
}

fn init(room: &Curriculum, args: &[&str]) -> crate::harness::Output {
    let mut all = vec!["init"];
    all.extend_from_slice(args);
    room.ferry(&all)
}

/// A Curriculum handle for a workspace folder inside `room` (it lives as long as `room`).
fn inside(room: &Curriculum, name: &str) -> Workspace {
    Workspace(room.path().join(name))
}

struct Workspace(std::path::PathBuf);

impl Workspace {
    fn ferry(&self, args: &[&str]) -> crate::harness::Output {
        crate::harness::ferry_in(&self.0, args, |_| {})
    }

    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.0.join(relative)).unwrap()
    }

    fn write(&self, relative: &str, text: &str) {
        std::fs::write(self.0.join(relative), text).unwrap();
    }

    fn has(&self, relative: &str) -> bool {
        self.0.join(relative).exists()
    }
}

fn bundled_names(chapters: &[&str]) -> Vec<String> {
    ferry::bundled::curriculum()
        .exercises
        .into_iter()
        .filter(|e| chapters.is_empty() || chapters.contains(&e.dir.as_deref().unwrap_or("")))
        .map(|e| e.name)
        .collect()
}

#[test]
fn init_writes_a_complete_workspace_without_solutions() {
    let room = room();
    init(&room, &["werkstatt ü"])
        .code(0)
        .stdout_has("created werkstatt ü with")
        .stdout_has("next: cd \"werkstatt ü\" && ferry");
    let ws = inside(&room, "werkstatt ü");
    for file in [
        "info.toml",
        "README.md",
        ".gitignore",
        "Cargo.toml",
        "exercises/ownership/README.md",
    ] {
        assert!(ws.has(file), "{file}");
    }
    assert!(
        !ws.has("solutions"),
        "no solutions until exercises are done"
    );
    let names = bundled_names(&[]);
    let listed = ws.ferry(&["list"]);
    listed
        .code(0)
        .stdout_has(&format!("0/{} done", names.len()));
    // The untouched file is the bundled one, and reset can restore it.
    ws.write("exercises/ownership/move_log_request.rs", "// mine\n");
    ws.ferry(&["reset", "move_log_request"]).code(0);
    assert_eq!(
        ws.read("exercises/ownership/move_log_request.rs"),
        std::fs::read_to_string(repo().join("exercises/ownership/move_log_request.rs")).unwrap()
    );
}

#[test]
fn cargo_metadata_lists_every_exercise_as_a_target() {
    let room = room();
    init(&room, &["ws"]).code(0);
    let ws = inside(&room, "ws");
    let out = Command::new("cargo")
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .current_dir(&ws.0)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut targets: Vec<String> = metadata["packages"][0]["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect();
    let mut names = bundled_names(&[]);
    targets.sort();
    names.sort();
    assert_eq!(targets, names);
}

#[test]
fn init_takes_a_subset_of_chapters() {
    let room = room();
    init(&room, &["ws", "--chapters", "borrowing,ownership"])
        .code(0)
        .stdout_has("ownership, borrowing");
    let ws = inside(&room, "ws");
    let info = ws.read("info.toml");
    assert!(
        !info.contains("[crates]"),
        "std-only chapters need no crates"
    );
    assert!(!ws.read("Cargo.toml").contains("[dependencies]"));
    assert!(!ws.has("exercises/threads"));
    ws.ferry(&["list"]).code(0).stdout_has(&format!(
        "0/{} done",
        bundled_names(&["ownership", "borrowing"]).len()
    ));
    init(&room, &["other", "--chapters", "nonesuch"])
        .code(2)
        .stderr_has("there is no such chapter")
        .stderr_has("ownership");
}

#[test]
fn init_refuses_a_non_empty_folder_and_never_overwrites_a_workspace() {
    let room = room();
    room.write("busy/notes.txt", "mine");
    init(&room, &["busy"])
        .code(2)
        .stderr_has("is not empty")
        .stderr_has("fix:");
    assert_eq!(room.read("busy/notes.txt"), "mine");
    assert!(!room.path().join("busy/info.toml").exists());

    init(&room, &["ws", "--chapters", "ownership"]).code(0);
    let ws = inside(&room, "ws");
    ws.write("exercises/ownership/move_log_request.rs", "// my work\n");
    init(&room, &["ws"])
        .code(2)
        .stderr_has("already a ferry workspace")
        .stderr_has("never overwrites");
    assert_eq!(
        ws.read("exercises/ownership/move_log_request.rs"),
        "// my work\n"
    );
}

#[test]
fn solving_exercises_writes_their_solutions_and_progress_tells_the_story() {
    let room = room();
    init(&room, &["ws", "--chapters", "ownership"]).code(0);
    let ws = inside(&room, "ws");
    let first = "move_log_request";
    let second = "move_loop_health_checks";
    ws.ferry(&["run"]).code(1);
    ws.ferry(&["hint"]).code(0);
    for name in [first, second] {
        let solution =
            std::fs::read_to_string(repo().join(format!("solutions/ownership/{name}.rs"))).unwrap();
        ws.write(&format!("exercises/ownership/{name}.rs"), &solution);
        ws.ferry(&["run"]).code(0).stdout_has(&format!(
            "the reference solution is now in solutions/ownership/{name}.rs"
        ));
        assert!(ws.has(&format!("solutions/ownership/{name}.rs")));
    }
    let out = ws.ferry(&["progress", "--json"]);
    out.code(0);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["done"], 2);
    assert_eq!(json["chapters"][0]["name"], "ownership");
    assert_eq!(json["chapters"][0]["done"], 2);
    let exercise = json["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == first)
        .unwrap();
    assert_eq!(exercise["attempts"], 2);
    assert_eq!(exercise["errors_met"], serde_json::json!(["E0382"]));
    assert_eq!(exercise["hints"], 1);
    assert_eq!(exercise["done"], true);
    ws.ferry(&["progress"])
        .code(0)
        .stdout_has("2/")
        .stdout_has(first);

    // Logging can be turned off, and then nothing more is recorded.
    let before = ws.read(".ferry/attempts.jsonl").lines().count();
    ws.ferry(&["progress", "--disable-log"]).code(0);
    ws.ferry(&["run", second]).code(0);
    ws.ferry(&["--no-log", "run", first]).code(0);
    assert_eq!(ws.read(".ferry/attempts.jsonl").lines().count(), before);
}

#[test]
fn reset_all_asks_or_needs_yes_and_backs_everything_up() {
    let c = Curriculum::fixture("basic");
    c.ferry(&["list"]).code(0);
    c.write("exercises/basics/warns.rs", "// a\n");
    c.write("exercises/basics/flood.rs", "// b\n");
    c.ferry(&["reset", "--all"]).code(2).stderr_has("add --yes");
    assert_eq!(c.read("exercises/basics/warns.rs"), "// a\n");
    c.ferry(&["reset", "--all", "--yes"])
        .code(0)
        .stdout_has("2 of 7 exercises were reset");
    assert!(c.read("exercises/basics/warns.rs").contains("fn main"));
    let backups = std::fs::read_dir(c.path().join(".ferry/backups"))
        .unwrap()
        .count();
    assert_eq!(backups, 2);
}

#[test]
fn list_filters_by_chapter_and_state() {
    let c = Curriculum::bundled(&[
        "move_log_request",
        "borrow_p50_latency",
        "mut_queue_positions",
    ]);
    c.write(
        "exercises/borrowing/borrow_p50_latency.rs",
        &c.read("solutions/borrowing/borrow_p50_latency.rs"),
    );
    c.ferry(&["run", "borrow_p50_latency"]).code(0);
    let borrowing = c.ferry(&["list", "--chapter", "borrowing"]);
    borrowing
        .code(0)
        .stdout_has("borrowing/borrow_p50_latency")
        .stdout_lacks("ownership/");
    let done = c.ferry(&["list", "--state", "done"]);
    done.stdout_has("borrow_p50_latency")
        .stdout_lacks("move_log_request");
    let pending = c.ferry(&["list", "--state", "pending"]);
    pending
        .stdout_has("move_log_request")
        .stdout_lacks("borrow_p50_latency");
    c.ferry(&["list", "--chapter", "nonesuch"])
        .code(2)
        .stderr_has("no such chapter");
}

#[test]
fn the_repository_keeps_a_current_manifest_for_rust_analyzer() {
    let curriculum = ferry::curriculum::Curriculum::load(repo()).unwrap();
    let expected = [
        (
            "dev/Cargo.toml",
            ferry::workspace::dev_manifest(&curriculum),
        ),
        (
            "dev/.cargo/config.toml",
            ferry::workspace::DEV_CARGO_CONFIG.to_string(),
        ),
        (
            "dev/rust-analyzer.toml",
            ferry::workspace::rust_analyzer_toml(),
        ),
    ];
    let bless = std::env::var("FERRY_BLESS").is_ok_and(|v| v == "1");
    for (file, text) in expected {
        let path = repo().join(file);
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &text).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(&path).unwrap_or_default(),
            text,
            "{file} is out of date: run `FERRY_BLESS=1 cargo test --test cli manifest` and commit it"
        );
    }
    // And cargo reads it, with every exercise a target.
    let out = Command::new("cargo")
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(repo().join("dev/Cargo.toml"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let targets = metadata["packages"][0]["targets"].as_array().unwrap().len();
    assert_eq!(targets, curriculum.exercises.len());
}

#[test]
fn windows_line_endings_and_awkward_paths_check_the_same() {
    let c = Curriculum::bundled(&["predict_warm_cache", "move_log_request"]);
    for name in ["predict_warm_cache", "move_log_request"] {
        let path = format!("exercises/ownership/{name}.rs");
        let crlf = c.read(&path).replace('\n', "\r\n");
        c.write(&path, &crlf);
    }
    c.ferry(&["run", "move_log_request"])
        .code(1)
        .stdout_has("E0382 (line 24): the error this exercise is about");
    let path = "exercises/ownership/predict_warm_cache.rs";
    c.write(
        path,
        &c.read(path).replace("E____ line __", "E0382 line 15"),
    );
    c.ferry(&["run", "predict_warm_cache"])
        .code(1)
        .stdout_has("you predicted E0382 line 15: right");
    c.ferry(&["verify", "--exercises-only", "--only", "move_log_request"])
        .code(0);
}

#[test]
fn colour_follows_the_terminal_and_no_color() {
    let c = Curriculum::fixture("basic");
    let plain = c.ferry(&["run", "compile_fail"]);
    assert!(
        !plain.stdout.contains('\u{1b}'),
        "no colour when not a terminal"
    );
    let forced = c.ferry(&["--color", "always", "run", "compile_fail"]);
    assert!(forced.stdout.contains("\u{1b}["), "--color always colours");
    let never = c.ferry_with(&["--color", "never", "run", "compile_fail"], |cmd| {
        cmd.env("NO_COLOR", "1");
    });
    assert!(!never.stdout.contains('\u{1b}'));
}

#[test]
#[cfg_attr(not(unix), ignore = "uses a Unix path for the empty CARGO_HOME")]
fn a_prepared_workspace_checks_its_crates_exercises_offline() {
    // The build the tests share (FERRY_CRATES_DIR) is copied into the workspace, not redone.
    crate::harness::ensure_shared_bundled_crates();
    let room = room();
    init(&room, &["prepared", "--chapters", "async", "--prepare"])
        .code(0)
        .stdout_has("copied their build from FERRY_CRATES_DIR")
        .stdout_has("prepared:");
    assert!(
        inside(&room, "prepared").has(".ferry/crates/target"),
        "the workspace carries its own build"
    );
    let ws = inside(&room, "prepared");
    assert!(ws.has(".ferry/vendor"));
    assert!(ws.read(".cargo/config.toml").contains("vendored-sources"));
    // No registry cache, no network: only what the workspace carries (its build of the
    // crates, as on a laptop of the same platform).
    let empty_home = tempfile::tempdir().unwrap();
    // A runtime exercise: it compiles against tokio, then its tests fail, as they should.
    let name = ferry::bundled::curriculum()
        .exercises
        .into_iter()
        .find(|e| e.dir.as_deref() == Some("async") && e.is_runtime())
        .unwrap()
        .name;
    let out = Command::new(crate::harness::FERRY)
        .args(["run", &name])
        .current_dir(&ws.0)
        .env("CARGO_NET_OFFLINE", "true")
        .env("CARGO_HOME", empty_home.path())
        .env("TERM", "dumb")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(stdout.contains("compiles, but"), "{stdout}");
    // On a laptop of another platform the build is redone from .ferry/vendor: every package
    // cargo needs is there (cargo checks each against its checksum), with no network.
    let fetched = Command::new("cargo")
        .args([
            "fetch",
            "--offline",
            "--manifest-path",
            ".ferry/crates/Cargo.toml",
        ])
        .current_dir(&ws.0)
        .env("CARGO_HOME", empty_home.path())
        .output()
        .unwrap();
    assert!(
        fetched.status.success(),
        "{}",
        String::from_utf8_lossy(&fetched.stderr)
    );
}

/// `ferry init NAME` run under a given umask (through sh, which sets it for ferry).
#[cfg(unix)]
fn init_under_umask(room: &Curriculum, name: &str, umask: &str) {
    let out = Command::new("sh")
        .args(["-c", &format!("umask {umask} && exec \"$0\" init {name}")])
        .arg(crate::harness::FERRY)
        .current_dir(room.path())
        .env("TERM", "dumb")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn init_writes_files_with_the_mode_the_umask_gives() {
    let room = room();
    let files = [
        "info.toml",
        "README.md",
        "Cargo.toml",
        ".gitignore",
        "rust-analyzer.toml",
        ".vscode/settings.json",
        "exercises/ownership/move_log_request.rs",
        "exercises/ownership/README.md",
        ".ferry/state.json",
        ".ferry/workspace.json",
        ".ferry/originals/exercises/ownership/move_log_request.rs",
    ];
    for (umask, expected) in [("022", 0o644), ("077", 0o600), ("002", 0o664)] {
        let name = format!("ws{umask}");
        init_under_umask(&room, &name, umask);
        let ws = inside(&room, &name);
        for file in files {
            assert_eq!(
                mode(&ws.0.join(file)),
                expected,
                "{file} under umask {umask}"
            );
        }
    }
    // A file ferry rewrites keeps the mode it has.
    let ws = inside(&room, "ws022");
    let state = ws.0.join(".ferry/state.json");
    std::fs::set_permissions(&state, std::os::unix::fs::PermissionsExt::from_mode(0o640)).unwrap();
    ws.ferry(&["hint", "move_log_request"]).code(0);
    assert!(ws.read(".ferry/state.json").contains("move_log_request"));
    assert_eq!(mode(&state), 0o640);
}

#[test]
fn stale_temp_files_of_a_killed_ferry_are_swept_and_the_learners_are_not() {
    let c = Curriculum::fixture("basic");
    c.ferry(&["list"]).code(0);
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let make = |relative: &str, old: bool| {
        c.write(relative, "left behind\n");
        if old {
            std::fs::File::options()
                .write(true)
                .open(c.path().join(relative))
                .unwrap()
                .set_modified(hour_ago)
                .unwrap();
        }
        relative.to_string()
    };
    let swept = [
        make(".ferry/.ferry-tmp-Ab12Cd", true),
        make(".ferry/.tmpAb12Cd", true),
        make(".ferry/backups/.ferry-tmp-Ab12Cd", true),
        make(".ferry/originals/exercises/basics/.ferry-tmp-Ab12Cd", true),
        make("exercises/basics/.ferry-tmp-Ab12Cd", true),
        make(".ferry-tmp-Ab12Cd", true),
    ];
    let kept = [
        // Another ferry's write in progress.
        make(".ferry/.ferry-tmp-Ef34Gh", false),
        // The learner's own files, however old and whatever they look like.
        make("exercises/basics/.tmpAb12Cd", true),
        make("exercises/basics/notes.tmp", true),
        make("exercises/basics/.tmp", true),
    ];
    c.ferry(&["list"]).code(0);
    for file in &swept {
        assert!(!c.path().join(file).exists(), "{file} should be swept");
    }
    for file in &kept {
        assert!(c.path().join(file).exists(), "{file} should be kept");
    }
}
