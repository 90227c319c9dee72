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
