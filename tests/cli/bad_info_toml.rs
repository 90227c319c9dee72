//! Every malformed info.toml is refused with exit 2, the place, and the fix.

use crate::harness::Curriculum;

const HEADER: &str = "format_version = 1\n\n";

fn refused(info: &str, line: usize, message: &str, fix: &str) {
    let c = Curriculum::empty();
    c.write("info.toml", info);
    c.write("exercises/a.rs", "fn main() {}\n");
    for command in [&["list"][..], &["run", "a"], &["verify"]] {
        c.ferry(command)
            .code(2)
            .stderr_has(&format!("info.toml:{line}:"))
            .stderr_has(message)
            .stderr_has("fix:");
    }
    c.ferry(&["list"]).stderr_has(fix);
}

fn exercise(body: &str) -> String {
    format!("{HEADER}[[exercises]]\nname = \"a\"\n{body}\n")
}

#[test]
fn toml_syntax_error() {
    refused(
        &format!("{HEADER}[[exercises]\nname = \"a\"\n"),
        3,
        "",
        "correct the TOML",
    );
}

#[test]
fn unknown_key_typo() {
    refused(
        &exercise("test = true\nhnt = \"typo\""),
        6,
        "hnt",
        "an exercise takes: name, dir, errors, test, timeout, hint",
    );
}

#[test]
fn duplicate_name() {
    let info = format!(
        "{}\n[[exercises]]\nname = \"a\"\ntest = true\nhint = \"h\"\n",
        exercise("test = true\nhint = \"h\"")
    );
    refused(&info, 9, "used twice", "own name");
}

#[test]
fn name_with_other_characters() {
    refused(
        &format!("{HEADER}[[exercises]]\nname = \"Borrow-Push\"\ntest = true\nhint = \"h\"\n"),
        4,
        "a-z, 0-9 and _",
        "rename it",
    );
}

#[test]
fn absolute_dir() {
    refused(
        &exercise("dir = \"/etc\"\ntest = true\nhint = \"h\""),
        5,
        "absolute",
        "a folder inside exercises/",
    );
}

#[test]
fn dir_with_parent() {
    refused(
        &exercise("dir = \"../elsewhere\"\ntest = true\nhint = \"h\""),
        5,
        "..",
        "a folder inside exercises/",
    );
}

#[test]
fn missing_exercise_file() {
    refused(
        &format!("{HEADER}[[exercises]]\nname = \"b\"\ntest = true\nhint = \"h\"\n"),
        4,
        "exercises/b.rs does not exist",
        "ferry reset b",
    );
}

#[test]
fn empty_hint() {
    refused(
        &exercise("test = true\nhint = \"\""),
        6,
        "empty hint",
        "write a hint",
    );
}

#[test]
fn errors_entry_that_is_neither_code_nor_fragment() {
    refused(
        &exercise("errors = [\"E382\"]\ntest = true\nhint = \"h\""),
        5,
        "E382",
        "E0382",
    );
}

#[test]
fn errors_entry_that_is_a_malformed_lint() {
    refused(
        &exercise("errors = [\"clippy::Await Holding\"]\ntest = true\nhint = \"h\""),
        5,
        "is not a clippy lint",
        "clippy::await_holding_lock",
    );
}

#[test]
fn allow_that_names_no_lint() {
    refused(
        "format_version = 1\nallow = [\"Dead Code\"]\n",
        2,
        "which is not a lint",
        "dead_code",
    );
}

#[test]
fn no_curriculum_at_all() {
    let c = Curriculum::empty();
    c.ferry(&["list"])
        .code(2)
        .stderr_has("no info.toml")
        .stderr_has("fix:");
}

#[test]
fn guard_of_an_unknown_kind() {
    refused(
        &exercise(
            "test = true\nhint = \"h\"\nguards = [\n  { methd = \"clone\", reason = \"r\" },\n]",
        ),
        8,
        "methd",
        "a guard takes: method, path or derive",
    );
}

#[test]
fn guard_without_a_reason() {
    refused(
        &exercise(
            "test = true\nhint = \"h\"\nguards = [\n  { method = \"clone\", reason = \" \" },\n]",
        ),
        8,
        "a guard has no reason",
        "the learner reads it",
    );
}

#[test]
fn guard_path_that_names_nothing() {
    refused(
        &exercise(
            "test = true\nhint = \"h\"\nguards = [\n  { path = \"Box::\", reason = \"r\" },\n]",
        ),
        8,
        "names nothing Rust could call or use",
        "\"Box::leak\"",
    );
}

#[test]
fn unknown_intended_shortcut() {
    refused(
        &exercise("test = true\nhint = \"h\"\nintended_shortcuts = [\"sleep\"]"),
        7,
        "`sleep` is not a shortcut ferry tries",
        "empty-main",
    );
}

#[test]
fn memory_out_of_range() {
    refused(
        &exercise("test = true\nmemory = 0\nhint = \"h\""),
        6,
        "memory = 0 is out of range",
        "use a number of MiB from 1 to",
    );
    refused(
        &format!("{HEADER}memory = 0\n\n[[exercises]]\nname = \"a\"\ntest = true\nhint = \"h\"\n"),
        3,
        "memory = 0 is out of range",
        "the default is 2048, 2 GiB",
    );
}

#[test]
fn name_longer_than_64_characters_is_refused_before_the_linker_sees_it() {
    let long = "a".repeat(65);
    let c = Curriculum::empty();
    c.write(
        "info.toml",
        &format!("{HEADER}[[exercises]]\nname = \"{long}\"\ntest = false\nhint = \"h\"\n"),
    );
    c.write(&format!("exercises/{long}.rs"), "fn main() {}\n");
    for command in [&["list"][..], &["run", &long], &["verify"]] {
        c.ferry(command)
            .code(2)
            .stderr_has("info.toml:4:8:")
            .stderr_has("is 65 characters long")
            .stderr_has("fix: shorten it to 64 characters or fewer");
    }
}

#[test]
fn name_of_64_characters_is_accepted_and_builds() {
    let name = "a".repeat(64);
    let c = Curriculum::empty();
    c.write(
        "info.toml",
        &format!("{HEADER}[[exercises]]\nname = \"{name}\"\ntest = false\nhint = \"h\"\n"),
    );
    c.write(&format!("exercises/{name}.rs"), "fn main() {}\n");
    c.ferry(&["run", &name]).code(0);
}

#[test]
fn info_toml_that_is_not_utf8_is_reported_at_the_first_bad_byte() {
    let c = Curriculum::empty();
    // A Latin-1 é after `hint = "caf` (11 characters): line 5, column 12.
    let mut info = format!("{HEADER}[[exercises]]\nname = \"a\"\n").into_bytes();
    info.extend_from_slice(b"hint = \"caf\xE9\"\ntest = true\n");
    std::fs::write(c.path().join("info.toml"), info).unwrap();
    c.write("exercises/a.rs", "fn main() {}\n");
    for command in [&["list"][..], &["run", "a"], &["verify"]] {
        c.ferry(command)
            .code(2)
            .stderr_has("info.toml:5:12: info.toml is not UTF-8: the byte 0xE9")
            .stderr_has("fix: save info.toml as UTF-8");
    }
}

/// A curriculum whose exercises/ch is a link to a folder outside it (`outside`), holding a.rs.
#[cfg(unix)]
fn linked_out(outside: &std::path::Path) -> Curriculum {
    let c = Curriculum::empty();
    c.write(
        "info.toml",
        &format!("{HEADER}[[exercises]]\nname = \"a\"\ndir = \"ch\"\ntest = false\nhint = \"h\"\n"),
    );
    std::fs::write(outside.join("a.rs"), "fn main() {}\n").unwrap();
    std::fs::create_dir(c.path().join("exercises")).unwrap();
    std::os::unix::fs::symlink(outside, c.path().join("exercises/ch")).unwrap();
    c
}

#[cfg(unix)]
#[test]
fn dir_linked_out_of_the_curriculum_is_refused_and_reset_writes_nothing_there() {
    let outside = tempfile::tempdir().unwrap();
    let c = linked_out(outside.path());
    for command in [&["list"][..], &["run", "a"], &["verify"], &["reset", "a"]] {
        c.ferry(command)
            .code(2)
            .stderr_has("info.toml:5:7:")
            .stderr_has("exercises/ch is a symbolic link to")
            .stderr_has("leads out of the curriculum")
            .stderr_has("fix: make exercises/ch a real folder inside the curriculum");
    }
    // The learner edits through the link; nothing ferry does may write outside.
    std::fs::write(outside.path().join("a.rs"), "// edited\n").unwrap();
    c.ferry(&["reset", "a"]).code(2);
    c.ferry(&["reset", "--all", "--yes"]).code(2);
    assert_eq!(
        std::fs::read_to_string(outside.path().join("a.rs")).unwrap(),
        "// edited\n"
    );
    let names: Vec<_> = std::fs::read_dir(outside.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["a.rs"], "nothing else is written outside");
}

#[cfg(unix)]
#[test]
fn linked_exercise_file_is_refused_and_reset_keeps_the_link() {
    let c = Curriculum::empty();
    c.write("info.toml", &exercise("test = false\nhint = \"h\""));
    c.write("shared/a.rs", "fn main() {}\n");
    std::fs::create_dir(c.path().join("exercises")).unwrap();
    let link = c.path().join("exercises/a.rs");
    std::os::unix::fs::symlink("../shared/a.rs", &link).unwrap();
    for command in [&["list"][..], &["run", "a"], &["verify"], &["reset", "a"]] {
        c.ferry(command)
            .code(2)
            .stderr_has("info.toml:4:8: exercises/a.rs is a symbolic link to")
            .stderr_has("shared/a.rs; ferry watches and resets the file itself")
            .stderr_has("fix: replace the link with the file");
    }
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(c.read("shared/a.rs"), "fn main() {}\n");
}
