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
fn errors_entry_that_is_a_malformed_lint_or_mixes_lints_and_errors() {
    refused(
        &exercise("errors = [\"clippy::Await Holding\"]\ntest = true\nhint = \"h\""),
        5,
        "is not a clippy lint",
        "clippy::await_holding_lock",
    );
    refused(
        &exercise(
            "errors = [\"E0382\", \"clippy::await_holding_lock\"]\ntest = true\nhint = \"h\"",
        ),
        5,
        "declares both compile errors and clippy lints",
        "an exercise of its own",
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
