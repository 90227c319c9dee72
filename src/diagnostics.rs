//! rustc's JSON diagnostics (`--error-format=json`) turned into typed values.
//!
//! A pure function over `impl BufRead`: no processes, no terminal. Tested on recorded output.

use std::io::BufRead;

use cargo_metadata::diagnostic::{Applicability, Diagnostic, DiagnosticLevel, DiagnosticSpan};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    /// Notes and help that arrive on their own, and anything newer than this ferry knows.
    Other,
}

/// Where the compiler points: the primary span's start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// One message from the compiler (or from clippy, which speaks the same format).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub level: Level,
    /// `E0382`, `clippy::needless_return`, `unused_variables`; `None` for codeless errors.
    pub code: Option<String>,
    pub message: String,
    pub primary: Option<Location>,
    /// The text rustc would print, possibly with ANSI colour if it was asked for.
    pub rendered: String,
    /// Edits rustc's `help:` proposes for this message (in the primary span's file).
    pub suggestions: Vec<Suggestion>,
    /// The compiler's JSON for this message, for tools that read it whole (rustfix, the
    /// shortcut suite); empty for text that was not JSON.
    pub json: String,
}

/// One edit rustc proposes: replace bytes `start..end` of `file` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub file: String,
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

impl Message {
    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    pub fn is_warning(&self) -> bool {
        self.level == Level::Warning
    }

    /// A lint from clippy rather than from rustc itself.
    pub fn is_clippy(&self) -> bool {
        self.code
            .as_deref()
            .is_some_and(|c| c.starts_with("clippy::"))
    }

    /// An error code in the E0000 form (lint names are not error codes).
    pub fn error_code(&self) -> Option<&str> {
        self.code
            .as_deref()
            .filter(|c| c.len() == 5 && c.starts_with('E'))
    }

    /// The line rustc points at, if it points anywhere.
    pub fn line(&self) -> Option<usize> {
        self.primary.as_ref().map(|p| p.line)
    }

    /// "E0382" or, for codeless errors, the message itself.
    pub fn label(&self) -> &str {
        self.error_code().unwrap_or(&self.message)
    }
}

/// Reads rustc's JSON lines. Summaries ("aborting due to…", "N warnings emitted", "For more
/// information…") are dropped; lines that are not diagnostics are kept as `Other` text.
pub fn parse(reader: impl BufRead) -> Vec<Message> {
    let mut messages = Vec::new();
    for line in reader.lines() {
        let Ok(line) = line else { break };
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if !trimmed.starts_with('{') {
            // Not JSON: a crashed compiler or a linker speaking plain text.
            messages.push(Message {
                level: Level::Other,
                code: None,
                message: trimmed.to_string(),
                primary: None,
                rendered: format!("{line}\n"),
                suggestions: Vec::new(),
                json: String::new(),
            });
            continue;
        }
        let Ok(value) = serde_json::from_str::<serde_json::Value>(trimmed) else {
            continue;
        };
        let kind = value.get("$message_type").and_then(|k| k.as_str());
        if kind.is_some_and(|k| k != "diagnostic") {
            continue;
        }
        match serde_json::from_value::<Diagnostic>(value) {
            Ok(diagnostic) => {
                if let Some(mut message) = from_diagnostic(diagnostic) {
                    message.json = trimmed.to_string();
                    messages.push(message);
                }
            }
            Err(_) => messages.push(Message {
                level: Level::Other,
                code: None,
                message: "unrecognised compiler message".to_string(),
                primary: None,
                rendered: format!("{trimmed}\n"),
                suggestions: Vec::new(),
                json: String::new(),
            }),
        }
    }
    messages
}

fn from_diagnostic(d: Diagnostic) -> Option<Message> {
    let level = match d.level {
        DiagnosticLevel::Error | DiagnosticLevel::Ice => Level::Error,
        DiagnosticLevel::Warning => Level::Warning,
        DiagnosticLevel::FailureNote => return None,
        _ => Level::Other,
    };
    if is_summary(&d) {
        return None;
    }
    let primary = d.spans.iter().find(|s| s.is_primary).map(|s| {
        let s = in_own_source(s);
        Location {
            file: s.file_name.clone(),
            line: s.line_start,
            column: s.column_start,
        }
    });
    let suggestions = d
        .children
        .iter()
        .flat_map(|child| &child.spans)
        .filter(|span| {
            matches!(
                span.suggestion_applicability,
                Some(Applicability::MachineApplicable | Applicability::MaybeIncorrect)
            )
        })
        .filter_map(|span| {
            Some(Suggestion {
                file: span.file_name.clone(),
                start: span.byte_start as usize,
                end: span.byte_end as usize,
                replacement: span.suggested_replacement.clone()?,
            })
        })
        .collect();
    Some(Message {
        level,
        code: d.code.map(|c| c.code),
        rendered: d.rendered.unwrap_or_else(|| format!("{}\n", d.message)),
        message: d.message,
        primary,
        suggestions,
        json: String::new(),
    })
}

/// Where a span inside a macro's expansion was written in the program's own file: an error
/// in `assert_eq!(a, b)` points into core's macro source (line 46 of a file the learner never
/// saw), and its expansion chain leads back to the `assert_eq!` call.
fn in_own_source(span: &DiagnosticSpan) -> &DiagnosticSpan {
    let mut span = span;
    while is_foreign(&span.file_name) {
        match &span.expansion {
            Some(expansion) => span = &expansion.span,
            None => break,
        }
    }
    span
}

/// A file that is not the program's: the standard library's source, a crate from the
/// registry, or a macro's own pseudo-file (`<::core::macros::panic>`).
fn is_foreign(file: &str) -> bool {
    file.starts_with("/rustc/")
        || file.starts_with('<')
        || file.contains("/.cargo/registry/")
        || file.contains("/.rustup/toolchains/")
        || file.contains("/lib/rustlib/")
}

fn is_summary(d: &Diagnostic) -> bool {
    d.code.is_none()
        && d.spans.is_empty()
        && (d.message.starts_with("aborting due to")
            || (d.message.contains("warning") && d.message.ends_with("emitted"))
            || d.message.starts_with("For more information about"))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Recorded from rustc 1.95: `clippy-driver --error-format=json --edition 2024`.
    const E0382: &str = include_str!("../tests/recorded/e0382.json");
    const CLIPPY: &str = include_str!("../tests/recorded/clippy_warning.json");
    const LIFETIME: &str = include_str!("../tests/recorded/lifetime_no_code.json");
    // `assert_eq!(a, U)` for a `U` without PartialEq or Debug: the primary spans are in core's
    // macro source.
    const MACRO: &str = include_str!("../tests/recorded/macro_span.json");

    #[test]
    fn an_error_inside_a_macro_points_at_the_call_in_the_program() {
        let messages = parse(MACRO.as_bytes());
        let errors: Vec<&Message> = messages.iter().filter(|m| m.is_error()).collect();
        assert_eq!(errors.len(), 3, "{errors:?}");
        for error in errors {
            let at = error.primary.as_ref().unwrap();
            assert_eq!(at.file, "mac.rs", "{error:?}");
            assert_eq!(at.line, 4, "the assert_eq! call: {error:?}");
        }
    }

    #[test]
    fn parses_a_borrow_error() {
        let messages = parse(E0382.as_bytes());
        assert_eq!(messages.len(), 1, "{messages:#?}");
        let m = &messages[0];
        assert!(m.is_error());
        assert_eq!(m.error_code(), Some("E0382"));
        assert_eq!(m.label(), "E0382");
        assert_eq!(m.message, "borrow of moved value: `s`");
        assert_eq!(
            m.primary,
            Some(Location {
                file: "fail.rs".into(),
                line: 5,
                column: 26
            })
        );
        assert!(m.rendered.starts_with("error[E0382]"), "{}", m.rendered);
        // "help: consider cloning the value": `.clone()` inserted after `s` in `consume(s)`.
        assert_eq!(
            m.suggestions,
            vec![Suggestion {
                file: "fail.rs".into(),
                start: 108,
                end: 108,
                replacement: ".clone()".into()
            }]
        );
    }

    #[test]
    fn parses_clippy_and_rustc_warnings() {
        let messages = parse(CLIPPY.as_bytes());
        let codes: Vec<_> = messages.iter().map(|m| m.code.as_deref()).collect();
        assert_eq!(
            codes,
            vec![Some("unused_variables"), Some("clippy::needless_return")]
        );
        assert!(messages.iter().all(Message::is_warning));
        assert!(!messages[0].is_clippy());
        assert!(messages[1].is_clippy());
        assert_eq!(messages[1].error_code(), None);
    }

    #[test]
    fn codeless_errors_are_labelled_by_message() {
        let messages = parse(LIFETIME.as_bytes());
        assert_eq!(messages.len(), 1, "{messages:#?}");
        assert_eq!(messages[0].code, None);
        assert_eq!(messages[0].label(), "lifetime may not live long enough");
    }

    #[test]
    fn plain_text_lines_are_kept() {
        let messages = parse("error: linker `cc` not found\n".as_bytes());
        assert_eq!(messages.len(), 1);
        assert_eq!(messages[0].level, Level::Other);
        assert!(messages[0].rendered.contains("linker"));
    }

    #[test]
    fn non_diagnostic_json_is_skipped() {
        let artifact = r#"{"$message_type":"artifact","artifact":"x.rmeta","emit":"metadata"}"#;
        assert!(parse(artifact.as_bytes()).is_empty());
    }
}
