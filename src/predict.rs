//! Predict exercises: before fixing, the learner writes which error the code gives (its code and
//! the line rustc points at) on the file's answer line; ferry grades it against the answer key,
//! which `ferry verify` checks against the real compiler.
//!
//! The answer line, as shipped:   `// ANSWER: E____ line __`
//! and as the learner fills it:   `// ANSWER: E0382 line 14`

use crate::curriculum::Prediction;

pub const MARKER: &str = "// ANSWER:";

use serde::{Deserialize, Serialize};

/// What the learner wrote on the answer line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub code: String,
    pub line: usize,
}

impl std::fmt::Display for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} line {}", self.code, self.line)
    }
}

/// Where the answer line is (1-based) and what it says, if it is filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerLine {
    pub line: usize,
    pub answer: Option<Answer>,
    /// Something was written that ferry cannot read as an answer (`E381 line 22`).
    pub unreadable: Option<String>,
}

/// Finds the answer line of a source file.
pub fn answer_line(source: &str) -> Option<AnswerLine> {
    source.lines().enumerate().find_map(|(i, text)| {
        let rest = text.trim_start().strip_prefix(MARKER)?;
        let answer = parse_answer(rest);
        let written = rest
            .replace("E____", "")
            .replace("line", "")
            .replace(['_', ' ', '\t', ':', ','], "");
        let unreadable =
            (answer.is_none() && !written.trim().is_empty()).then(|| rest.trim().to_string());
        Some(AnswerLine {
            line: i + 1,
            answer,
            unreadable,
        })
    })
}

fn parse_answer(text: &str) -> Option<Answer> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ':')
        .filter(|w| !w.is_empty())
        .collect();
    let code = words.iter().find_map(|w| {
        let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        let code = w.to_ascii_uppercase();
        (code.len() == 5 && code.starts_with('E') && code[1..].chars().all(|c| c.is_ascii_digit()))
            .then_some(code)
    })?;
    let line = words
        .iter()
        .skip_while(|w| !w.eq_ignore_ascii_case("line"))
        .skip(1)
        .find_map(|w| w.trim_matches(|c: char| !c.is_ascii_digit()).parse().ok())?;
    Some(Answer { code, line })
}

/// A graded answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grade {
    pub answer: Answer,
    pub code_right: bool,
    pub line_right: bool,
}

impl Grade {
    pub fn is_right(&self) -> bool {
        self.code_right && self.line_right
    }
}

/// What ferry says about an answer it cannot read.
pub fn unreadable_text(written: &str) -> String {
    format!(
        "ferry can't read the answer `{written}`: write the error code as E and four digits and the line as a number, e.g. `{MARKER} E0382 line 14`"
    )
}

/// Why a hint level is not shown yet.
pub const HINT_WITHHELD: &str = "predict first: the next hint gives the answer away. It opens once you have written your prediction on the answer line and saved.";

pub fn grade(key: &Prediction, answer: &Answer) -> Grade {
    Grade {
        answer: answer.clone(),
        code_right: answer.code == key.code,
        line_right: answer.line == key.line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> Prediction {
        Prediction {
            code: "E0382".into(),
            line: 14,
        }
    }

    #[test]
    fn an_unfilled_answer_line_is_found_but_empty() {
        let source = "fn main() {}\n// ANSWER: E____ line __\n";
        assert_eq!(
            answer_line(source),
            Some(AnswerLine {
                line: 2,
                answer: None,
                unreadable: None,
            })
        );
        assert_eq!(answer_line("fn main() {}\n"), None);
    }

    #[test]
    fn filled_answers_are_read_leniently() {
        for text in [
            "// ANSWER: E0382 line 14",
            "    // ANSWER: e0382, line: 14",
            "// ANSWER: error E0382 on line 14.",
        ] {
            let line = answer_line(text).unwrap();
            assert_eq!(
                line.answer,
                Some(Answer {
                    code: "E0382".into(),
                    line: 14
                }),
                "{text}"
            );
        }
        assert_eq!(
            answer_line("// ANSWER: E0382 line __").unwrap().answer,
            None
        );
    }

    #[test]
    fn an_answer_that_cannot_be_read_is_told_apart_from_a_blank_one() {
        for text in [
            "// ANSWER: E381 line 22",
            "// ANSWER: E0382 line __",
            "// ANSWER: the borrow one",
        ] {
            let line = answer_line(text).unwrap();
            assert_eq!(line.answer, None, "{text}");
            assert!(line.unreadable.is_some(), "{text}");
        }
        assert_eq!(
            answer_line("// ANSWER: E____ line __").unwrap().unreadable,
            None
        );
    }

    #[test]
    fn grades_code_and_line_separately() {
        let right = grade(
            &key(),
            &Answer {
                code: "E0382".into(),
                line: 14,
            },
        );
        assert!(right.is_right());
        let wrong_line = grade(
            &key(),
            &Answer {
                code: "E0382".into(),
                line: 12,
            },
        );
        assert!(wrong_line.code_right && !wrong_line.line_right);
        let wrong_code = grade(
            &key(),
            &Answer {
                code: "E0505".into(),
                line: 14,
            },
        );
        assert!(!wrong_code.code_right && wrong_code.line_right);
    }
}
