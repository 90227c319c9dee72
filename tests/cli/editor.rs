//! Editors: clickable paths (OSC 8 hyperlinks) where the terminal shows them and nowhere else,
//! the list's path column, the editor settings a workspace gets, and solutions as targets.

use std::path::Path;

use crate::harness::{Curriculum, ferry_in};

const FIRST: &str = "move_log_request";
const SECOND: &str = "move_loop_health_checks";

/// `text` linked to the file at `path`, as ferry writes it.
fn linked(path: &Path, text: &str) -> String {
    ferry::render::link::hyperlink(&ferry::render::link::file_url(path), text)
}

#[test]
fn the_plain_list_has_a_path_column_and_links_only_when_asked() {
    let c = Curriculum::bundled(&[FIRST, "borrow_p50_latency"]);
    let plain = c.ferry(&["list"]);
    plain
        .code(0)
        .stdout_has("> pending  ownership/move_log_request    exercises/ownership/move_log_request.rs  ← current")
        .stdout_has("  pending  borrowing/borrow_p50_latency  exercises/borrowing/borrow_p50_latency.rs\n");
    assert!(!plain.stdout.contains('\u{1b}'), "a pipe gets no escapes");

    // A terminal known to show links is no reason when the output is not a terminal.
    let piped = c.ferry_with(&["list"], |cmd| {
        cmd.env("TERM_PROGRAM", "WezTerm");
    });
    assert!(!piped.stdout.contains('\u{1b}'), "{:?}", piped.stdout);

    let path = "exercises/ownership/move_log_request.rs";
    let link = linked(&c.path().join(path), path);
    c.ferry(&["--hyperlinks", "always", "list"])
        .code(0)
        .stdout_has(&link);
    c.ferry_with(&["list"], |cmd| {
        cmd.env("FORCE_HYPERLINK", "1");
    })
    .stdout_has(&link);
    let never = c.ferry_with(&["--hyperlinks", "never", "list"], |cmd| {
        cmd.env("FORCE_HYPERLINK", "1");
    });
    assert!(!never.stdout.contains('\u{1b}'), "{:?}", never.stdout);
    c.ferry(&["--hyperlinks", "sometimes", "list"])
        .code(2)
        .stderr_has("possible values: auto, always, never");
}

#[test]
fn run_links_the_exercise_the_solution_it_writes_and_the_next_exercise() {
    let room = Curriculum::empty();
    room.ferry(&["init", "werkstatt ü", "--chapters", "ownership"])
        .code(0);
    let ws = room.path().join("werkstatt ü");
    let run = |args: &[&str]| ferry_in(&ws, args, |_| {});
    let exercise = format!("exercises/ownership/{FIRST}.rs");
    let url = ferry::render::link::file_url(&ws.join(&exercise));
    assert!(url.contains("werkstatt%20%C3%BC"), "{url}");
    assert!(url.contains("ferry%20test%20"), "{url}");
    run(&["--hyperlinks", "always", "run"])
        .code(1)
        .stdout_has(&format!(
            "edit {} and run",
            linked(&ws.join(&exercise), &exercise)
        ));

    let solution = std::fs::read_to_string(
        crate::harness::repo().join(format!("solutions/ownership/{FIRST}.rs")),
    )
    .unwrap();
    std::fs::write(ws.join(&exercise), solution).unwrap();
    let written = format!("solutions/ownership/{FIRST}.rs");
    let next = format!("exercises/ownership/{SECOND}.rs");
    run(&["--hyperlinks", "always", "run"])
        .code(0)
        .stdout_has(&format!(
            "the reference solution is now in {}: compare",
            linked(&ws.join(&written), &written)
        ))
        .stdout_has(&format!("({})", linked(&ws.join(&next), &next)));
}

#[test]
fn verify_links_each_problems_file() {
    let c = Curriculum::bundled(&[FIRST]);
    let info = c.read("info.toml");
    c.write("info.toml", &info.replacen("\"E0382\"", "\"E0499\"", 1));
    let out = c.ferry(&["--hyperlinks", "always", "verify", "--exercises-only"]);
    out.code(1);
    let place = format!("info.toml:{}:", c.info_line(FIRST));
    out.stdout_has(&linked(&c.path().join("info.toml"), &place));
    let plain = c.ferry(&["verify", "--exercises-only"]);
    plain.code(1).stdout_has(&format!("    {place} "));
    assert!(!plain.stdout.contains('\u{1b}'));
}

/// A workspace of `chapters` made by `ferry init` in a folder with a space and an umlaut.
fn workspace(chapters: &str) -> (Curriculum, std::path::PathBuf) {
    let room = Curriculum::empty();
    room.ferry(&["init", "werkstatt ü", "--chapters", chapters])
        .code(0);
    let ws = room.path().join("werkstatt ü");
    (room, ws)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// rust-analyzer's check settings in a workspace: from rust-analyzer.toml and from VS Code's
/// settings.json, which must say the same.
fn check_settings(ws: &Path) -> (String, Vec<String>) {
    let ra: toml::Table = read(&ws.join("rust-analyzer.toml")).parse().unwrap();
    let command = ra["check"]["command"].as_str().unwrap().to_string();
    let args: Vec<String> = ra["check"]["extraArgs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    let vscode: serde_json::Value =
        serde_json::from_str(&read(&ws.join(".vscode/settings.json"))).unwrap();
    assert_eq!(vscode["rust-analyzer.check.command"], command.as_str());
    assert_eq!(
        vscode["rust-analyzer.check.extraArgs"],
        serde_json::json!(args)
    );
    (command, args)
}

/// The warnings and errors `cargo COMMAND ARGS` reports over every target, as rust-analyzer
/// runs it: "file: message" each; and the targets it checked.
fn cargo_check(ws: &Path, command: &str, args: &[String]) -> (Vec<String>, usize) {
    let out = std::process::Command::new("cargo")
        .arg(command)
        .args([
            "--workspace",
            "--all-targets",
            "--keep-going",
            "--message-format=json",
        ])
        .args(args)
        .current_dir(ws)
        .output()
        .unwrap();
    let mut found = Vec::new();
    let mut checked = 0;
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] == "compiler-artifact" {
            checked += 1;
        }
        if message["reason"] != "compiler-message" {
            continue;
        }
        let diagnostic = &message["message"];
        let file = diagnostic["spans"][0]["file_name"].as_str().unwrap_or("");
        if !file.is_empty() {
            found.push(format!(
                "{file}: {}",
                diagnostic["message"].as_str().unwrap()
            ));
        }
    }
    assert!(
        found.iter().any(|f| f.contains("error")) || out.status.success(),
        "cargo {command} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (found, checked)
}

#[test]
fn a_workspace_gets_editor_settings_under_which_rust_analyzer_says_what_ferry_says() {
    let (_room, ws) = workspace("threads,send_sync");
    let extensions: serde_json::Value =
        serde_json::from_str(&read(&ws.join(".vscode/extensions.json"))).unwrap();
    assert_eq!(
        extensions["recommendations"],
        serde_json::json!(["rust-lang.rust-analyzer"])
    );
    let (command, args) = check_settings(&ws);
    assert_eq!(command, "clippy", "ferry compiles with clippy");

    // Every solution is done for ferry: no warning, no remark. The editor, checking them with
    // these settings, must find nothing either.
    let curriculum = ferry::curriculum::Curriculum::load(&ws).unwrap();
    for exercise in &curriculum.exercises {
        let solution = crate::harness::repo().join(exercise.solution_path());
        std::fs::copy(solution, ws.join(exercise.path())).unwrap();
    }
    let (found, checked) = cargo_check(&ws, &command, &args);
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(
        checked,
        curriculum.exercises.len(),
        "every exercise is checked once"
    );
    // Without the settings' arguments cargo also builds each exercise without its tests and
    // calls the code only the tests use dead: warnings ferry never gives.
    let (without, _) = cargo_check(&ws, &command, &[]);
    assert!(
        without.iter().any(|w| w.contains("never")),
        "the arguments make no difference: {without:#?}"
    );
}

/// The targets cargo sees in the workspace's manifest: (name, path relative to it).
fn targets(ws: &Path) -> Vec<(String, String)> {
    let out = std::process::Command::new("cargo")
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(ws.join("Cargo.toml"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    metadata["packages"][0]["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let path = Path::new(t["src_path"].as_str().unwrap());
            let relative = path.strip_prefix(ws).unwrap_or(path);
            (
                t["name"].as_str().unwrap().to_string(),
                relative.to_string_lossy().replace('\\', "/"),
            )
        })
        .collect()
}

fn solve(ws: &Path, name: &str) -> crate::harness::Output {
    let solution = read(&crate::harness::repo().join(format!("solutions/ownership/{name}.rs")));
    std::fs::write(ws.join(format!("exercises/ownership/{name}.rs")), solution).unwrap();
    let out = ferry_in(ws, &["run", name], |_| {});
    out.code(0).stdout_has("the reference solution is now in");
    out
}

#[test]
fn a_done_exercises_solution_becomes_a_target_and_an_edited_manifest_is_left_alone() {
    let (_room, ws) = workspace("ownership");
    let exercises = targets(&ws).len();
    assert!(!targets(&ws).iter().any(|(name, _)| name.ends_with("_sol")));

    solve(&ws, FIRST).stdout_lacks("edits of yours");
    let now = targets(&ws);
    assert_eq!(now.len(), exercises + 1);
    assert!(
        now.contains(&(
            format!("{FIRST}_sol"),
            format!("solutions/ownership/{FIRST}.rs")
        )),
        "{now:?}"
    );
    let manifest = read(&ws.join("Cargo.toml"));
    assert!(manifest.starts_with("# Written by ferry"), "{manifest}");
    // Nothing half-written is left beside it.
    assert!(std::fs::read_dir(&ws).unwrap().all(|e| {
        !e.unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(".ferry-tmp")
    }));

    // A learner's own edit (a lint for their editor) is kept, and ferry says what to add.
    let edited = format!("{manifest}\n[lints.clippy]\npedantic = \"warn\"\n");
    std::fs::write(ws.join("Cargo.toml"), &edited).unwrap();
    solve(&ws, SECOND)
        .stdout_has("Cargo.toml has edits of yours, so ferry left it as it is")
        .stdout_has(&format!("name = \"{SECOND}_sol\""))
        .stdout_has(&format!("path = \"solutions/ownership/{SECOND}.rs\""));
    assert_eq!(read(&ws.join("Cargo.toml")), edited);
}

#[test]
fn the_repository_tells_editors_where_its_manifests_are() {
    let repo = crate::harness::repo();
    let settings: serde_json::Value =
        serde_json::from_str(&read(&repo.join(".vscode/settings.json"))).unwrap();
    let linked: Vec<&str> = settings["rust-analyzer.linkedProjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(linked, ["Cargo.toml", "dev/Cargo.toml"]);
    for manifest in linked {
        let text = read(&repo.join(manifest));
        let parsed: toml::Table = text.parse().unwrap();
        assert!(parsed.contains_key("package"), "{manifest}");
    }
    assert_eq!(settings["rust-analyzer.check.command"], "clippy");
    let extensions: serde_json::Value =
        serde_json::from_str(&read(&repo.join(".vscode/extensions.json"))).unwrap();
    assert_eq!(
        extensions["recommendations"],
        serde_json::json!(["rust-lang.rust-analyzer"])
    );
    // dev/ checks its exercises as a workspace does (kept current by the manifest test).
    let dev: toml::Table = read(&repo.join("dev/rust-analyzer.toml")).parse().unwrap();
    assert_eq!(dev["check"]["command"].as_str(), Some("clippy"));
}
