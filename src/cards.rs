//! ferry's explanation cards, one Markdown file per error code, built into the binary.
//!
//! A card says the rule, the concrete danger it prevents, idiomatic fixes, the tempting bad fix
//! and what it costs, and how the JVM would have behaved. Codes without a card fall back to
//! `rustc --explain`.

use include_dir::{Dir, include_dir};

static CARDS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/src/cards");

/// The sections every card has, in order.
pub const SECTIONS: [&str; 5] = [
    "## The rule",
    "## What would go wrong",
    "## Fixes",
    "## The tempting fix",
    "## Coming from Kotlin/Scala",
];

/// Situations with a card of their own: the code, the situation's name (the card is
/// `<code>.<name>.md`), and words of the compiler's message or notes that identify it. The
/// first situation whose words appear wins; an error in none of them gets the code's card.
pub const SITUATIONS: &[(&str, &str, &[&str])] = &[
    (
        "E0277",
        "not-send",
        &["cannot be sent between threads safely"],
    ),
    (
        "E0277",
        "not-sync",
        &["cannot be shared between threads safely"],
    ),
    (
        "E0277",
        "question-mark",
        &[
            "`?` couldn't convert the error",
            "the `?` operator can only be used",
            "the `?` operator can only be applied",
        ],
    ),
    (
        "E0308",
        "missing-await",
        &[
            "consider `await`ing on the `Future`",
            "found future",
            "found opaque type `impl Future",
        ],
    ),
];

/// `e0382`, `E0382` and `0382` all mean E0382; anything else is not an error code.
pub fn normalize(code: &str) -> Option<String> {
    let code = code.trim();
    let digits = code.strip_prefix(['E', 'e']).unwrap_or(code);
    (digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit())).then(|| format!("E{digits}"))
}

/// ferry's own card for `code` (already normalized), if it has one.
pub fn card(code: &str) -> Option<&'static str> {
    CARDS
        .get_file(format!("{code}.md"))
        .and_then(|f| f.contents_utf8())
}

/// The card for an error with `code` (normalized), chosen by what the compiler said about it:
/// `text` is its message and rendered output. Falls back to the code's general card.
pub fn card_for_error(code: &str, text: &str) -> Option<&'static str> {
    situation_of(code, text)
        .and_then(|name| card(&format!("{code}.{name}")))
        .or_else(|| card(code))
}

/// Which of `code`'s situations the compiler's `text` describes, if any.
pub fn situation_of(code: &str, text: &str) -> Option<&'static str> {
    let plain = strip_ansi(text);
    SITUATIONS
        .iter()
        .find(|(c, _, words)| *c == code && words.iter().any(|w| plain.contains(w)))
        .map(|(_, name, _)| *name)
}

/// The situations `code` has cards for, as `code.name`, for `ferry explain`.
pub fn situations(code: &str) -> Vec<String> {
    SITUATIONS
        .iter()
        .filter(|(c, _, _)| *c == code)
        .map(|(c, name, _)| format!("{c}.{name}"))
        .collect()
}

/// rustc's rendered text without colour codes, so words split by a colour change still match.
fn strip_ansi(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ parameters final-byte (a letter).
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
}

/// A situation card's file stem, `E0277.not-send`, split into its code and situation.
fn split_situation(stem: &str) -> Option<(String, &str)> {
    let (code, name) = stem.split_once('.')?;
    Some((normalize(code)?, name))
}

/// Every code with a card, sorted.
pub fn codes() -> Vec<&'static str> {
    let mut codes: Vec<&str> = CARDS
        .files()
        .filter_map(|f| f.path().file_stem()?.to_str())
        .filter(|stem| normalize(stem).is_some())
        .collect();
    codes.sort_unstable();
    codes
}

/// Cards for errors rustc reports without a code: (the message they are about, the card).
/// The file is named after the message, and its title is the message itself.
pub fn codeless() -> Vec<(&'static str, &'static str)> {
    CARDS
        .files()
        .filter(|f| {
            f.path()
                .file_stem()
                .and_then(|s| s.to_str())
                .is_some_and(|s| normalize(s).is_none() && split_situation(s).is_none())
        })
        .filter_map(|f| {
            let text = f.contents_utf8()?;
            let title = text.lines().next()?.strip_prefix("# ")?;
            Some((title, text))
        })
        .collect()
}

/// The card for a codeless error whose message contains a card's title.
pub fn card_for_message(message: &str) -> Option<&'static str> {
    codeless()
        .into_iter()
        .find(|(title, _)| message.contains(title))
        .map(|(_, text)| text)
}

/// What is wrong with a card's text; empty when it follows the format. `code` is the error
/// code, or for a codeless error the file's name (the message with `-` for spaces).
pub fn format_problems(code: &str, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default();
    let situation = split_situation(code);
    if let Some((base, name)) = &situation
        && !SITUATIONS.iter().any(|(c, n, _)| c == base && n == name)
    {
        problems.push(format!(
            "no situation `{name}` of {base} is listed in cards::SITUATIONS, so this card is never shown"
        ));
    }
    let code = situation.as_ref().map_or(code, |(base, _)| base.as_str());
    let codeless = normalize(code).is_none();
    if codeless {
        let title = code.replace('-', " ");
        if first != format!("# {title}") {
            problems.push(format!(
                "the first line should be `# {title}` (the message, as the file is named)"
            ));
        }
    } else if !first.starts_with(&format!("# {code}: ")) {
        problems.push(format!("the first line should be `# {code}: short name`"));
    }
    for (n, line) in text.lines().enumerate() {
        if line.chars().count() > 100 {
            problems.push(format!(
                "line {} is {} characters: wrap it at 100 (ferry wraps cards to the terminal, but the file is read too)",
                n + 1,
                line.chars().count()
            ));
        }
    }
    let mut at = 0;
    for section in SECTIONS {
        match text[at..].find(&format!("\n{section}\n")) {
            Some(i) => at += i + section.len(),
            None => problems.push(format!("missing or out of order: `{section}`")),
        }
    }
    let last = text.trim_end().lines().last().unwrap_or_default();
    if codeless {
        if !last.starts_with("More: ") {
            problems.push("the last line should be `More: ` and where to read on".to_string());
        }
    } else if last != format!("More: `rustc --explain {code}`") {
        problems.push(format!(
            "the last line should be: More: `rustc --explain {code}`"
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curriculum::ExpectedError;

    #[test]
    fn every_card_follows_the_format() {
        assert!(!codes().is_empty());
        assert!(!codeless().is_empty());
        for file in CARDS.files() {
            let stem = file.path().file_stem().unwrap().to_str().unwrap();
            let problems = format_problems(stem, file.contents_utf8().unwrap());
            assert!(problems.is_empty(), "{stem}: {problems:?}");
        }
    }

    #[test]
    fn every_codeless_error_of_the_bundled_curriculum_has_a_card() {
        for exercise in &crate::bundled::curriculum().exercises {
            for error in &exercise.errors {
                if let ExpectedError::Message(fragment) = error {
                    assert!(
                        card_for_message(fragment).is_some(),
                        "\"{fragment}\" (used by {}) has no card",
                        exercise.name
                    );
                }
            }
        }
        assert!(card_for_message("error: lifetime may not live long enough").is_some());
        assert!(card_for_message("mismatched types").is_none());
    }

    #[test]
    fn every_error_code_of_the_bundled_curriculum_has_a_card() {
        let curriculum = crate::bundled::curriculum();
        for exercise in &curriculum.exercises {
            for error in &exercise.errors {
                if let ExpectedError::Code(code) = error {
                    assert!(
                        card(code).is_some(),
                        "{code} (used by {}) has no card",
                        exercise.name
                    );
                }
            }
        }
    }

    /// The lines a solution adds to its exercise, as a learner would type them: code only, each
    /// trimmed, with a trailing `{` and runs of spaces normalized. Short lines (`}`, `Ok(())`,
    /// `let user = find_user(id)` before the line that does the work) are too generic to give
    /// anything away.
    fn fix_lines(exercise: &str, solution: &str) -> Vec<String> {
        let squash = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
        similar::TextDiff::from_lines(exercise, solution)
            .iter_all_changes()
            .filter(|c| c.tag() == similar::ChangeTag::Insert)
            .map(|c| squash(c.value().trim().trim_end_matches('{')))
            .filter(|l| l.len() >= 28 && !l.starts_with("//"))
            .collect()
    }

    #[test]
    fn no_card_gives_an_exercise_its_exact_fix() {
        let curriculum = crate::bundled::curriculum();
        let cards: Vec<(String, String)> = CARDS
            .files()
            .map(|f| {
                let text = f.contents_utf8().unwrap();
                let squashed = text.split_whitespace().collect::<Vec<_>>().join(" ");
                (f.path().display().to_string(), squashed)
            })
            .collect();
        let mut given = Vec::new();
        for exercise in &curriculum.exercises {
            let (Some(original), Some(solution)) = (
                crate::bundled::exercise(exercise),
                crate::bundled::solution(exercise),
            ) else {
                continue;
            };
            let original = String::from_utf8_lossy(original);
            let solution = String::from_utf8_lossy(solution);
            for line in fix_lines(&original, &solution) {
                for (card, text) in &cards {
                    if text.contains(&line) {
                        given.push(format!("{card} shows {}'s fix: {line}", exercise.name));
                    }
                }
            }
        }
        assert!(given.is_empty(), "{}", given.join("\n"));
    }

    #[test]
    fn the_fix_lines_are_what_a_solution_adds() {
        let exercise = "fn get_or(&self, name: &str, fallback: &str) -> &str {\n    x\n}\n";
        let solution =
            "fn get_or<'a>(&'a self, name: &str,  fallback: &'a str) -> &'a str {\n    x\n}\n";
        assert_eq!(
            fix_lines(exercise, solution),
            ["fn get_or<'a>(&'a self, name: &str, fallback: &'a str) -> &'a str"]
        );
    }

    #[test]
    fn situations_pick_their_card() {
        let not_send = "`Rc<Config>` cannot be sent between threads safely";
        assert_eq!(situation_of("E0277", not_send), Some("not-send"));
        let not_sync = "\u{1b}[1m`RefCell<u32>` cannot be \u{1b}[0mshared between threads safely";
        assert_eq!(situation_of("E0277", not_sync), Some("not-sync"));
        let convert = "`?` couldn't convert the error to `ApiError`";
        assert_eq!(situation_of("E0277", convert), Some("question-mark"));
        let await_ = "mismatched types\nhelp: consider `await`ing on the `Future`";
        assert_eq!(situation_of("E0308", await_), Some("missing-await"));
        assert_eq!(
            situation_of("E0308", "expected `User`, found `Option<User>`"),
            None
        );
        // Words of one code's situation don't pick a card for another code.
        assert_eq!(situation_of("E0308", not_send), None);
        let display = "`User` doesn't implement `std::fmt::Display`";
        assert_eq!(card_for_error("E0277", display), card("E0277"));
        assert!(
            card_for_error("E0277", not_send)
                .unwrap()
                .contains("not Send")
        );
        for (code, name, _) in SITUATIONS {
            assert!(
                card(&format!("{code}.{name}")).is_some(),
                "{code}.{name} is listed in SITUATIONS but has no card"
            );
        }
        assert!(!codes().iter().any(|c| c.contains('.')));
        assert!(codeless().iter().all(|(title, _)| !title.starts_with('E')));
    }

    #[test]
    fn codes_are_normalized() {
        assert_eq!(normalize("e0382").as_deref(), Some("E0382"));
        assert_eq!(normalize("0382").as_deref(), Some("E0382"));
        assert_eq!(normalize(" E0502 ").as_deref(), Some("E0502"));
        assert_eq!(normalize("E382"), None);
        assert_eq!(normalize("borrow"), None);
    }

    #[test]
    fn a_malformed_card_is_caught() {
        let problems = format_problems("E0001", "# E0001: x\n\n## The rule\nr\n");
        assert!(problems.len() >= 4, "{problems:?}");
        let long = format!("# E0001: x\n{}\n", "word ".repeat(30));
        assert!(
            format_problems("E0001", &long)
                .iter()
                .any(|p| p.contains("line 2 is 150 characters"))
        );
    }
}
