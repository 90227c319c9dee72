//! `ferry verify --cheats`: mutation testing for a curriculum. Every exercise is put through the
//! shortcuts learners take to make the compiler quiet without learning the lesson, and each is
//! judged exactly as a learner's file would be. A shortcut ferry would call done, and that the
//! exercise does not declare as its intended fix (`intended_shortcuts`), fails verify.
//!
//! The shortcuts: an empty `fn main() {}`; the tests deleted, `#[ignore]`d or emptied; rustc's
//! own suggestions applied round after round (every alternative, via rustfix); `.clone()` where
//! rustc says a value was moved or borrowed, with `#[derive(Clone)]` on the file's types;
//! `Box::leak` for a value that does not live long enough; `unsafe impl Send`/`Sync` for a type
//! that may not cross threads; and `#![allow(…)]` for whatever warnings a shortcut leaves.

use std::collections::HashSet;
use std::path::Path;

use cargo_metadata::diagnostic::{Diagnostic, DiagnosticSpan};
use serde::{Deserialize, Serialize};

use crate::check;
use crate::curriculum::Exercise;
use crate::diagnostics::Message;
use crate::error::{Error, Result};
use crate::runner::Runner;
use crate::source::Parsed;
use crate::verdict::{Status, Verdict};

/// Rounds of edits a shortcut gets (rustc's next suggestion often follows from the last).
const ROUNDS: usize = 3;
/// Alternatives of rustc's suggestions tried, at most.
const ALTERNATIVES: usize = 3;

/// One shortcut tried on one exercise.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tried {
    pub exercise: String,
    pub chapter: Option<String>,
    /// One of [`SHORTCUTS`].
    pub shortcut: String,
    /// ferry would call the exercise done with this shortcut.
    pub accepted: bool,
    /// The exercise declares this shortcut as its intended fix.
    pub intended: bool,
    /// What ferry said instead of done (when rejected), or what the shortcut changed.
    pub verdict: String,
    /// The line of info.toml that names the exercise (where `intended_shortcuts` goes).
    pub line: usize,
}

impl Tried {
    /// An accepted shortcut the exercise did not declare: a hole in the lesson.
    pub fn is_hole(&self) -> bool {
        self.accepted && !self.intended
    }

    pub fn label(&self) -> String {
        match &self.chapter {
            Some(chapter) => format!("{chapter}/{}", self.exercise),
            None => self.exercise.clone(),
        }
    }

    /// What a hole means for the author, said the same way in every report.
    pub fn hole_text(&self) -> String {
        format!(
            "{} accepts the shortcut `{}`: pin the lesson (a guard or a test), or declare it in `intended_shortcuts` if it is the fix",
            self.label(),
            self.shortcut
        )
    }
}

/// Where one exercise's shortcuts are compiled.
pub(super) struct Bench<'a> {
    pub runner: &'a dyn Runner,
    pub exercise: &'a Exercise,
    /// The untouched exercise text.
    pub text: &'a str,
    pub build: &'a Path,
    pub options: check::Options<'a>,
}

impl Bench<'_> {
    /// Tries every shortcut that applies; `untouched` is the untouched file's verdict.
    pub fn try_all(&self, untouched: &Verdict) -> Result<Vec<Tried>> {
        let mut tried = Vec::new();
        let parsed = Parsed::new(self.text).ok();
        proc_macro2::extra::invalidate_current_thread_spans();
        let mut simple: Vec<(&'static str, String)> = vec![("empty-main", "fn main() {}\n".into())];
        if let Some(parsed) = &parsed
            && !parsed.tests.is_empty()
        {
            simple.push(("tests-deleted", remove(self.text, &parsed.tests)));
            simple.push(("tests-ignored", ignore_tests(self.text, parsed)));
            simple.push(("tests-edited", empty_tests(self.text, parsed)));
        }
        for (name, text) in simple {
            let verdict = self.check(name, &text)?;
            tried.push(self.tried(name, &verdict));
        }

        let messages = all_messages(untouched);
        if messages.iter().any(|m| !m.suggestions.is_empty()) {
            let alternatives = max_alternatives(&messages).clamp(1, ALTERNATIVES);
            for alternative in 0..alternatives {
                let verdict =
                    self.rounds("suggestions", self.text, untouched, &mut |text, v| {
                        apply_suggestions(text, &all_messages(v), &self.file(), alternative, None)
                    })?;
                if let Some((verdict, name)) = verdict {
                    tried.push(self.tried(name, &verdict));
                }
            }
        }
        let file = self.file();
        let clone = |text: &str, v: &Verdict| clone_edits(text, &all_messages(v), &file);
        if clone(self.text, untouched).is_some()
            && let Some((verdict, name)) =
                self.rounds("clone", self.text, untouched, &mut |t, v| clone(t, v))?
        {
            tried.push(self.tried(name, &verdict));
        }
        if let Some(text) = leak_edits(self.text, &all_messages(untouched)) {
            let verdict = self.check("leak", &text)?;
            let (verdict, name) = self.follow_up("leak", &text, verdict)?;
            tried.push(self.tried(name, &verdict));
        }
        if let Some(text) = unsafe_send(self.text, &all_messages(untouched), parsed.as_ref()) {
            let verdict = self.check("unsafe-send", &text)?;
            tried.push(self.tried("unsafe-send", &verdict));
        }
        if std::env::var_os("FERRY_KEEP_SCRATCH").is_none() {
            let _ = std::fs::remove_dir_all(self.build.join("cheats").join(&self.exercise.name));
        }
        Ok(tried)
    }

    fn file(&self) -> String {
        self.exercise.path().to_string_lossy().replace('\\', "/")
    }

    /// Applies `edit` round after round, checking each result; the last verdict and the
    /// shortcut's name (`allow` when the follow-up was needed), or `None` when the edit never
    /// applied.
    fn rounds(
        &self,
        name: &'static str,
        start: &str,
        untouched: &Verdict,
        edit: &mut dyn FnMut(&str, &Verdict) -> Option<String>,
    ) -> Result<Option<(Verdict, &'static str)>> {
        let mut text = start.to_string();
        let mut last: Option<(String, Verdict)> = None;
        for _ in 0..ROUNDS {
            let verdict = match &last {
                Some((_, v)) => v,
                None => untouched,
            };
            let Some(next) = edit(&text, verdict) else {
                break;
            };
            if next == text {
                break;
            }
            text = next;
            let verdict = self.check(name, &text)?;
            let done = verdict.is_done() || verdict.errors.is_empty();
            last = Some((text.clone(), verdict));
            if done {
                break;
            }
        }
        match last {
            Some((text, verdict)) => Ok(Some(self.follow_up(name, &text, verdict)?)),
            None => Ok(None),
        }
    }

    /// A shortcut that left only warnings or lints gets `#![allow(…)]` for them too (then it
    /// is the `allow` shortcut).
    fn follow_up(
        &self,
        name: &'static str,
        text: &str,
        verdict: Verdict,
    ) -> Result<(Verdict, &'static str)> {
        if !matches!(verdict.status(), Status::Warnings | Status::Lints) {
            return Ok((verdict, name));
        }
        let lints: Vec<&str> = verdict
            .warnings
            .iter()
            .chain(&verdict.lints)
            .filter_map(|m| m.code.as_deref())
            .collect();
        if lints.is_empty() {
            return Ok((verdict, name));
        }
        let allowed = format!("#![allow({})]\n{text}", lints.join(", "));
        Ok((self.check(name, &allowed)?, "allow"))
    }

    /// Judges `text` as the learner's file, exactly as `ferry run` would.
    fn check(&self, name: &str, text: &str) -> Result<Verdict> {
        let root = self
            .build
            .join("cheats")
            .join(&self.exercise.name)
            .join(name);
        let path = root.join(self.exercise.path());
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&path, text).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
        check::check(
            self.runner,
            &root,
            self.exercise,
            &self.exercise.path(),
            Some(self.text),
            &root.join(".ferry").join("target"),
            self.options,
        )
    }

    fn tried(&self, shortcut: &'static str, verdict: &Verdict) -> Tried {
        let accepted = verdict.is_done();
        Tried {
            exercise: self.exercise.name.clone(),
            chapter: self.exercise.dir.clone(),
            shortcut: shortcut.to_string(),
            accepted,
            intended: self
                .exercise
                .intended_shortcuts
                .iter()
                .any(|s| s == shortcut),
            verdict: if accepted {
                "accepted: ferry would call it done".to_string()
            } else {
                describe(verdict)
            },
            line: self.exercise.line,
        }
    }
}

/// In a few words, why ferry did not call a shortcut done.
fn describe(verdict: &Verdict) -> String {
    match verdict.status() {
        Status::DoesNotCompile => {
            let labels = verdict.error_labels();
            format!("does not compile ({})", labels.join(", "))
        }
        Status::RunFailed => "tests fail".to_string(),
        Status::TimedOut => "times out".to_string(),
        Status::Deadlocked => "deadlocks".to_string(),
        Status::Flooded => "floods output".to_string(),
        Status::TooMuchMemory => "uses too much memory".to_string(),
        Status::SkipsLesson => format!(
            "skips the lesson ({})",
            verdict
                .hits
                .iter()
                .map(|h| h.what.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Status::Warnings => "warnings".to_string(),
        Status::Lints => "clippy remarks".to_string(),
        Status::Done => "done".to_string(),
    }
}

fn all_messages(verdict: &Verdict) -> Vec<&Message> {
    verdict
        .errors
        .iter()
        .map(|e| &e.message)
        .chain(&verdict.warnings)
        .chain(&verdict.lints)
        .collect()
}

fn max_alternatives(messages: &[&Message]) -> usize {
    messages
        .iter()
        .filter_map(|m| {
            rustfix::get_suggestions_from_json(
                &m.json,
                &HashSet::new(),
                rustfix::Filter::Everything,
            )
            .ok()
        })
        .flatten()
        .map(|s| s.solutions.len())
        .max()
        .unwrap_or(0)
}

/// Applies rustc's suggestions for `file` (alternative `alternative` of each, or the last one
/// there is), through rustfix; `only` keeps suggestions whose replacement contains it.
fn apply_suggestions(
    text: &str,
    messages: &[&Message],
    file: &str,
    alternative: usize,
    only: Option<&str>,
) -> Option<String> {
    let json: Vec<&str> = messages
        .iter()
        .map(|m| m.json.as_str())
        .filter(|j| !j.is_empty())
        .collect();
    let suggestions = rustfix::get_suggestions_from_json(
        &json.join("\n"),
        &HashSet::new(),
        rustfix::Filter::Everything,
    )
    .ok()?;
    let mut fix = rustfix::CodeFix::new(text);
    for suggestion in &suggestions {
        let Some(solution) = suggestion
            .solutions
            .get(alternative.min(suggestion.solutions.len().saturating_sub(1)))
        else {
            continue;
        };
        let ours = solution
            .replacements
            .iter()
            .all(|r| r.snippet.file_name.replace('\\', "/") == file);
        let wanted = only.is_none_or(|o| {
            solution
                .replacements
                .iter()
                .any(|r| r.replacement.contains(o))
        });
        if ours && wanted {
            // Overlapping suggestions: the first one wins, as with `cargo fix`.
            let _ = fix.apply_solution(solution);
        }
    }
    if !fix.modified() {
        return None;
    }
    fix.finish().ok()
}

fn spans_of(message: &Message) -> Vec<DiagnosticSpan> {
    serde_json::from_str::<Diagnostic>(&message.json)
        .map(|d| d.spans)
        .unwrap_or_default()
}

/// The name in the first pair of backticks of a message: "borrow of moved value: `req`".
fn backticked(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let end = start + message[start..].find('`')?;
    Some(&message[start..end])
}

/// Byte edits (start, end, replacement), applied from the end so offsets stay right; edits
/// that overlap one applied already, or do not fit the text, are skipped. `None`: no change.
pub(super) fn apply_edits(text: &str, mut edits: Vec<(usize, usize, String)>) -> Option<String> {
    if edits.is_empty() {
        return None;
    }
    edits.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    edits.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    let mut out = text.to_string();
    let mut limit = usize::MAX;
    for (start, end, replacement) in edits {
        if end > limit
            || end > out.len()
            || start > end
            || !out.is_char_boundary(start)
            || !out.is_char_boundary(end)
        {
            continue;
        }
        out.replace_range(start..end, &replacement);
        limit = start;
    }
    (out != text).then_some(out)
}

/// `.clone()` where rustc says a value was moved (E0382, E0505, E0507) or borrowed (E0502,
/// E0499, E0506), rustc's own clone suggestions, and `#[derive(Clone)]` on the file's types.
fn clone_edits(text: &str, messages: &[&Message], file: &str) -> Option<String> {
    let mut edits = Vec::new();
    for message in messages.iter().filter(|m| m.is_error()) {
        let code = message.error_code().unwrap_or("");
        for span in spans_of(message) {
            if span.file_name.replace('\\', "/") != file {
                continue;
            }
            let label = span.label.as_deref().unwrap_or("");
            let (start, end) = (span.byte_start as usize, span.byte_end as usize);
            let Some(spanned) = text.get(start..end) else {
                continue;
            };
            let moved = matches!(code, "E0382" | "E0505")
                && (label.contains("moved here") || label.starts_with("move out of"))
                && !spanned.trim_start().starts_with("move");
            let moved_out = code == "E0507" && span.is_primary;
            if moved || moved_out {
                edits.push((end, end, ".clone()".to_string()));
            }
            let borrowed = matches!(code, "E0502" | "E0499" | "E0506")
                && (label.contains("borrow occurs here") || label.contains("is borrowed here"));
            if borrowed
                && let Some(place) = backticked(&message.message)
                && let Some(at) = spanned.find(place)
            {
                let after = start + at + place.len();
                edits.push((after, after, ".clone()".to_string()));
            }
        }
    }
    let cloned_by_rustc = apply_suggestions(text, messages, file, 0, Some("clone"));
    let base = cloned_by_rustc.as_deref().unwrap_or(text);
    // rustc's edits went first; ours are on the original offsets, so use them only without it.
    let mut out = if cloned_by_rustc.is_some() {
        base.to_string()
    } else {
        apply_edits(text, edits).unwrap_or_else(|| text.to_string())
    };
    if let Ok(parsed) = Parsed::new(&out) {
        let derives: Vec<(usize, usize, String)> = parsed
            .types
            .iter()
            .filter(|t| !t.derives_clone)
            .map(|t| (t.start, t.start, "#[derive(Clone)]\n".to_string()))
            .collect();
        if let Some(derived) = apply_edits(&out, derives) {
            out = derived;
        }
    }
    proc_macro2::extra::invalidate_current_thread_spans();
    (out != text).then_some(out)
}

/// `Box::leak(Box::new(…))` for a value that does not live long enough (E0597), a reference
/// to a local or temporary that is returned (E0515), a temporary dropped while borrowed (E0716).
fn leak_edits(text: &str, messages: &[&Message]) -> Option<String> {
    let mut edits = Vec::new();
    for message in messages.iter().filter(|m| m.is_error()) {
        let code = message.error_code().unwrap_or("");
        if !matches!(code, "E0597" | "E0515" | "E0716") {
            continue;
        }
        let local = backticked(&message.message).map(str::to_string);
        for span in spans_of(message) {
            let (start, end) = (span.byte_start as usize, span.byte_end as usize);
            let Some(spanned) = text.get(start..end) else {
                continue;
            };
            let label = span.label.as_deref().unwrap_or("");
            let temporary = label.contains("temporary value") || code == "E0716" && span.is_primary;
            if temporary && !label.contains("returns") {
                edits.push((start, end, format!("Box::leak(Box::new({spanned}))")));
            } else if span.is_primary
                && let Some(local) = &local
                && let Some(at) = find_ident(spanned, local)
            {
                let (a, b) = (start + at, start + at + local.len());
                edits.push((a, b, format!("Box::leak(Box::new({local}))")));
            }
        }
    }
    apply_edits(text, edits)
}

/// The first place `name` stands as a whole identifier in `text`.
fn find_ident(text: &str, name: &str) -> Option<usize> {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(name).map(|(at, _)| at).find(|&at| {
        !text[..at].chars().last().is_some_and(is_ident)
            && !text[at + name.len()..].chars().next().is_some_and(is_ident)
    })
}

/// `unsafe impl Send` and `Sync` for every type of the file, when rustc says something cannot
/// be sent or shared between threads.
fn unsafe_send(text: &str, messages: &[&Message], parsed: Option<&Parsed>) -> Option<String> {
    let thread_error = messages.iter().any(|m| {
        m.is_error()
            && (m.message.contains("cannot be sent between threads safely")
                || m.message
                    .contains("cannot be shared between threads safely"))
    });
    let parsed = parsed?;
    if !thread_error || parsed.types.is_empty() {
        return None;
    }
    let mut out = text.to_string();
    for t in parsed.types.iter().filter(|t| !t.generic) {
        out.push_str(&format!(
            "\nunsafe impl Send for {0} {{}}\nunsafe impl Sync for {0} {{}}\n",
            t.name
        ));
    }
    Some(out)
}

fn remove(text: &str, ranges: &[std::ops::Range<usize>]) -> String {
    let mut out = String::new();
    let mut last = 0;
    for range in ranges {
        out.push_str(&text[last..range.start]);
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

fn ignore_tests(text: &str, parsed: &Parsed) -> String {
    let edits = parsed
        .test_fns
        .iter()
        .map(|(start, _)| (*start, *start, "#[ignore]\n".to_string()))
        .collect();
    apply_edits(text, edits).unwrap_or_else(|| text.to_string())
}

fn empty_tests(text: &str, parsed: &Parsed) -> String {
    let edits = parsed
        .test_fns
        .iter()
        .map(|(_, body)| (body.start, body.end, "{}".to_string()))
        .collect();
    apply_edits(text, edits).unwrap_or_else(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
struct Job;

fn main() {}

#[cfg(test)]
mod tests {
    #[test]
    fn runs() {
        assert_eq!(1 + 1, 2);
    }
}
";

    #[test]
    fn test_mutations_keep_the_code_and_break_the_tests() {
        let parsed = Parsed::new(FILE).unwrap();
        let deleted = remove(FILE, &parsed.tests);
        assert!(!deleted.contains("mod tests"));
        assert!(deleted.contains("struct Job;"));
        let ignored = ignore_tests(FILE, &parsed);
        assert!(ignored.contains("#[ignore]\n#[test]\n    fn runs()"));
        let emptied = empty_tests(FILE, &parsed);
        assert!(emptied.contains("fn runs() {}"));
        assert!(!emptied.contains("assert_eq!"));
    }

    #[test]
    fn backticks_and_identifiers() {
        assert_eq!(backticked("borrow of moved value: `req`"), Some("req"));
        assert_eq!(backticked("no name"), None);
        assert_eq!(find_ident("&reqs[0] + req", "req"), Some(11));
        assert_eq!(find_ident("request", "req"), None);
    }

    #[test]
    fn edits_apply_from_the_end() {
        let text = "let a = b; let c = d;";
        let out = apply_edits(
            text,
            vec![(9, 9, ".clone()".into()), (20, 20, ".clone()".into())],
        );
        assert_eq!(
            out.as_deref(),
            Some("let a = b.clone(); let c = d.clone();")
        );
        assert_eq!(apply_edits(text, Vec::new()), None);
    }
}
