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
                .is_some_and(|s| normalize(s).is_none())
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
    }
}
