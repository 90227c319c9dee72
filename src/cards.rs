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
        .collect();
    codes.sort_unstable();
    codes
}

/// What is wrong with a card's text; empty when it follows the format.
pub fn format_problems(code: &str, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut lines = text.lines();
    if !lines
        .next()
        .is_some_and(|l| l.starts_with(&format!("# {code}: ")))
    {
        problems.push(format!("the first line should be `# {code}: short name`"));
    }
    let mut at = 0;
    for section in SECTIONS {
        match text[at..].find(&format!("\n{section}\n")) {
            Some(i) => at += i + section.len(),
            None => problems.push(format!("missing or out of order: `{section}`")),
        }
    }
    if text.trim_end().lines().last() != Some(format!("More: `rustc --explain {code}`").as_str()) {
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
        for code in codes() {
            let problems = format_problems(code, card(code).unwrap());
            assert!(problems.is_empty(), "{code}: {problems:?}");
        }
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
