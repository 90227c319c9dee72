//! An exercise's Rust source read as syntax: where its tests are, which tests it has, which item
//! a line belongs to, and how a learner's lines map back to the untouched file.
//!
//! The judge needs this to run the exercise's own tests whatever the learner did to theirs, and
//! to tell the error an exercise is about (declared code, declared place) from a new one.

use std::ops::Range;

use proc_macro2::Span;
use quote::ToTokens;
use syn::spanned::Spanned;

/// A source file split into the learner's part and the tests part.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// Byte ranges of the tests part: top-level items marked `#[cfg(test)]`, and `#[test]`
    /// functions outside them.
    pub tests: Vec<Range<usize>>,
    /// The tests part as tokens (comments and layout left out), to tell an edit from a reformat.
    pub tests_tokens: String,
    /// The test functions, as libtest names them (`tests::name`).
    pub test_names: Vec<String>,
    /// Where each test function starts (its first attribute) and its body, as byte ranges.
    pub test_fns: Vec<(usize, Range<usize>)>,
    /// Top-level structs and enums: name, byte offset of the item, does it derive `Clone`,
    /// has it generics.
    pub types: Vec<TypeItem>,
    /// Named items with the lines they span (1-based, inclusive), outermost first.
    pub items: Vec<ItemLines>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeItem {
    pub name: String,
    pub start: usize,
    pub derives_clone: bool,
    pub generic: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemLines {
    pub path: String,
    pub first: usize,
    pub last: usize,
}

impl Parsed {
    /// Reads `text`; `Err` carries syn's message when it is not Rust syn can read.
    pub fn new(text: &str) -> Result<Parsed, String> {
        let file = syn::parse_file(text).map_err(|e| {
            let at = e.span().start();
            format!("line {}: {e}", at.line)
        })?;
        // syn skips a byte-order mark; spans count from after it.
        let offset = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut parsed = Parsed {
            tests: Vec::new(),
            tests_tokens: String::new(),
            test_names: Vec::new(),
            test_fns: Vec::new(),
            types: Vec::new(),
            items: Vec::new(),
        };
        for item in &file.items {
            let cfg_test = attrs_of(item).is_some_and(|attrs| attrs.iter().any(is_cfg_test));
            let test_fn = matches!(item, syn::Item::Fn(f) if f.attrs.iter().any(is_test_attr));
            if cfg_test || test_fn {
                let range = item.span().byte_range();
                parsed
                    .tests
                    .push(range.start + offset..(range.end + offset).min(text.len()));
                parsed
                    .tests_tokens
                    .push_str(&item.to_token_stream().to_string());
                parsed.tests_tokens.push('\n');
                collect_tests(item, "", &mut parsed.test_names);
                collect_test_fns(item, offset, &mut parsed.test_fns);
            }
            let (ident, generics, attrs) = match item {
                syn::Item::Struct(s) => (&s.ident, &s.generics, &s.attrs),
                syn::Item::Enum(e) => (&e.ident, &e.generics, &e.attrs),
                _ => {
                    collect_items(item, "", &mut parsed.items);
                    continue;
                }
            };
            parsed.types.push(TypeItem {
                name: ident.to_string(),
                start: item.span().byte_range().start + offset,
                derives_clone: attrs.iter().any(|a| {
                    a.path().is_ident("derive")
                        && a.meta.to_token_stream().to_string().contains("Clone")
                }),
                generic: !generics.params.is_empty(),
            });
            collect_items(item, "", &mut parsed.items);
        }
        Ok(parsed)
    }

    /// The innermost named item (function, method, type, static) that holds `line`.
    pub fn item_at(&self, line: usize) -> Option<&str> {
        self.items
            .iter()
            .filter(|i| i.first <= line && line <= i.last)
            .min_by_key(|i| i.last - i.first)
            .map(|i| i.path.as_str())
    }
}

fn attrs_of(item: &syn::Item) -> Option<&[syn::Attribute]> {
    use syn::Item::*;
    Some(match item {
        Const(i) => &i.attrs,
        Enum(i) => &i.attrs,
        ExternCrate(i) => &i.attrs,
        Fn(i) => &i.attrs,
        ForeignMod(i) => &i.attrs,
        Impl(i) => &i.attrs,
        Macro(i) => &i.attrs,
        Mod(i) => &i.attrs,
        Static(i) => &i.attrs,
        Struct(i) => &i.attrs,
        Trait(i) => &i.attrs,
        TraitAlias(i) => &i.attrs,
        Type(i) => &i.attrs,
        Union(i) => &i.attrs,
        Use(i) => &i.attrs,
        _ => return None,
    })
}

fn is_cfg_test(attr: &syn::Attribute) -> bool {
    attr.path().is_ident("cfg")
        && attr
            .parse_args::<syn::Ident>()
            .is_ok_and(|ident| ident == "test")
}

/// `#[test]`, `#[tokio::test]` and the like.
fn is_test_attr(attr: &syn::Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "test")
}

fn collect_tests(item: &syn::Item, prefix: &str, names: &mut Vec<String>) {
    match item {
        syn::Item::Fn(f) if f.attrs.iter().any(is_test_attr) => {
            names.push(format!("{prefix}{}", f.sig.ident));
        }
        syn::Item::Mod(m) => {
            let prefix = format!("{prefix}{}::", m.ident);
            for inner in m.content.iter().flat_map(|(_, items)| items) {
                collect_tests(inner, &prefix, names);
            }
        }
        _ => {}
    }
}

fn collect_test_fns(item: &syn::Item, offset: usize, out: &mut Vec<(usize, Range<usize>)>) {
    match item {
        syn::Item::Fn(f) if f.attrs.iter().any(is_test_attr) => {
            let body = f.block.span().byte_range();
            out.push((
                item.span().byte_range().start + offset,
                body.start + offset..body.end + offset,
            ));
        }
        syn::Item::Mod(m) => {
            for inner in m.content.iter().flat_map(|(_, items)| items) {
                collect_test_fns(inner, offset, out);
            }
        }
        _ => {}
    }
}

fn lines(span: Span) -> (usize, usize) {
    (span.start().line, span.end().line)
}

fn collect_items(item: &syn::Item, prefix: &str, out: &mut Vec<ItemLines>) {
    let mut push = |name: String, span: Span| {
        let (first, last) = lines(span);
        out.push(ItemLines {
            path: format!("{prefix}{name}"),
            first,
            last,
        });
    };
    match item {
        syn::Item::Fn(f) => push(f.sig.ident.to_string(), item.span()),
        syn::Item::Struct(s) => push(s.ident.to_string(), item.span()),
        syn::Item::Enum(e) => push(e.ident.to_string(), item.span()),
        syn::Item::Static(s) => push(s.ident.to_string(), item.span()),
        syn::Item::Const(c) => push(c.ident.to_string(), item.span()),
        syn::Item::Trait(t) => {
            push(t.ident.to_string(), item.span());
            for inner in &t.items {
                if let syn::TraitItem::Fn(f) = inner {
                    push(format!("{}::{}", t.ident, f.sig.ident), inner.span());
                }
            }
        }
        syn::Item::Impl(i) => {
            let ty = i.self_ty.to_token_stream().to_string().replace(' ', "");
            let name = match &i.trait_ {
                Some((_, path, _)) => format!(
                    "<{ty} as {}>",
                    path.to_token_stream().to_string().replace(' ', "")
                ),
                None => ty,
            };
            push(name.clone(), item.span());
            for inner in &i.items {
                if let syn::ImplItem::Fn(f) = inner {
                    push(format!("{name}::{}", f.sig.ident), inner.span());
                }
            }
        }
        syn::Item::Mod(m) => {
            push(m.ident.to_string(), item.span());
            let prefix = format!("{prefix}{}::", m.ident);
            for inner in m.content.iter().flat_map(|(_, items)| items) {
                collect_items(inner, &prefix, out);
            }
        }
        _ => {}
    }
}

/// What the learner did to the exercise's tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestsChange {
    /// The tests are as the exercise ships them (layout and comments aside).
    Same,
    /// Changed (edited, renamed, `#[ignore]`d, a `println!` added): the first changed line.
    Edited { line: usize },
    /// No tests left in the file.
    Removed,
    /// ferry could not read the learner's file as Rust, so it could not put the tests back.
    Unreadable { reason: String },
}

/// How ferry names the exercise's own tests in messages, after the learner's file name, when
/// it compiles them beside a learner's file whose tests were changed.
pub const SHIPPED_TESTS: &str = " (tests as shipped)";

/// The program ferry compiles for a learner's file: their code, with the exercise's own tests.
#[derive(Debug, Clone)]
pub struct Assembled {
    /// The learner's file; when their tests were changed, with those tests blanked out.
    pub text: String,
    /// When the learner's tests were changed: the exercise's own tests, in a file of their own
    /// that keeps the untouched file's line numbers (everything else blanked), to `include!`.
    pub tests: Option<String>,
    pub change: TestsChange,
    /// The untouched file's tests: each must run and pass.
    pub expected_tests: Vec<String>,
}

impl Assembled {
    /// Puts the untouched file's tests in place of whatever tests the learner's file has. The
    /// learner's lines keep their numbers (their tests are blanked, not removed), and so do the
    /// exercise's tests, in a file of their own.
    pub fn new(
        original_text: &str,
        original: Option<&Parsed>,
        learner_text: &str,
        learner: Result<&Parsed, &str>,
    ) -> Assembled {
        let expected_tests = original.map(|o| o.test_names.clone()).unwrap_or_default();
        let keep = |change| Assembled {
            text: learner_text.to_string(),
            tests: None,
            change,
            expected_tests: expected_tests.clone(),
        };
        let Some(original) = original else {
            // The untouched file is not readable Rust (verify reports it): judge the file as it is.
            return keep(TestsChange::Same);
        };
        let learner = match learner {
            Ok(learner) => learner,
            Err(reason) => {
                return keep(TestsChange::Unreadable {
                    reason: reason.to_string(),
                });
            }
        };
        if learner.tests_tokens == original.tests_tokens {
            return keep(TestsChange::Same);
        }
        let change = match learner.tests.first() {
            None => TestsChange::Removed,
            Some(range) => TestsChange::Edited {
                line: first_changed_line(original_text, original, learner_text, learner)
                    .unwrap_or_else(|| line_of(learner_text, range.start)),
            },
        };
        let mut outside = Vec::new();
        let mut last = 0;
        for range in &original.tests {
            outside.push(last..range.start);
            last = range.end;
        }
        outside.push(last..original_text.len());
        Assembled {
            text: blank(learner_text, &learner.tests),
            tests: Some(blank(original_text, &outside)),
            change,
            expected_tests,
        }
    }
}

/// `text` with an `include!` of the exercise's tests (kept apart in `tests_path`) at its end.
pub fn include_tests(text: &str, tests_path: &str) -> String {
    let mut text = text.to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&format!("include!(r#\"{tests_path}\"#);\n"));
    text
}

/// Is a message's file the exercise's own tests, compiled apart?
pub fn is_shipped_tests(file: &str) -> bool {
    file.ends_with(SHIPPED_TESTS)
}

/// The first line of the learner's tests part that differs from the untouched tests.
fn first_changed_line(
    original_text: &str,
    original: &Parsed,
    learner_text: &str,
    learner: &Parsed,
) -> Option<usize> {
    let theirs: Vec<&str> = learner
        .tests
        .iter()
        .flat_map(|r| learner_text[r.clone()].lines())
        .collect();
    let ours: Vec<&str> = original
        .tests
        .iter()
        .flat_map(|r| original_text[r.clone()].lines())
        .collect();
    let first = learner.tests.first()?;
    let start = line_of(learner_text, first.start);
    let differs = theirs
        .iter()
        .zip(ours.iter().chain(std::iter::repeat(&"")))
        .position(|(a, b)| a.trim() != b.trim())?;
    Some(start + differs)
}

/// Spaces for every character of `ranges` except line breaks, so that nothing else moves.
fn blank(text: &str, ranges: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for range in ranges {
        out.push_str(&text[last..range.start]);
        out.extend(
            text[range.clone()]
                .chars()
                .map(|c| if c == '\n' || c == '\r' { c } else { ' ' }),
        );
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Maps lines of the learner's file to lines of the untouched file, through a line diff.
#[derive(Debug, Clone)]
pub struct LineMap {
    /// For each learner line (index 0 = line 1): the untouched line it stands for, if any.
    to_original: Vec<Option<usize>>,
    /// Learner lines that are not in the untouched file (added or changed).
    changed: Vec<bool>,
}

impl LineMap {
    pub fn new(original: &str, learner: &str) -> LineMap {
        use similar::{DiffTag, TextDiff};
        let diff = TextDiff::from_lines(original, learner);
        let count = learner.lines().count() + 1;
        let mut to_original = vec![None; count];
        let mut changed = vec![false; count];
        for op in diff.ops() {
            let (old, new) = (op.old_range(), op.new_range());
            for (k, line) in new.clone().enumerate() {
                if line >= count {
                    break;
                }
                match op.tag() {
                    DiffTag::Equal => to_original[line] = Some(old.start + k + 1),
                    // A replaced block: line k of the new block stands for line k of the old.
                    DiffTag::Replace => {
                        to_original[line] =
                            Some(old.start + k.min(old.len().saturating_sub(1)) + 1);
                        changed[line] = true;
                    }
                    DiffTag::Insert | DiffTag::Delete => changed[line] = true,
                }
            }
        }
        LineMap {
            to_original,
            changed,
        }
    }

    /// The untouched line that learner line `line` (1-based) stands for.
    pub fn to_original(&self, line: usize) -> Option<usize> {
        self.to_original
            .get(line.checked_sub(1)?)
            .copied()
            .flatten()
    }

    /// Did the learner add or change line `line` (1-based)?
    pub fn is_changed(&self, line: usize) -> bool {
        line.checked_sub(1)
            .and_then(|i| self.changed.get(i))
            .copied()
            .unwrap_or(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXERCISE: &str = "\
struct Cache;

impl Cache {
    fn get(&self) -> u32 {
        1
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gets() {
        assert_eq!(Cache.get(), 1);
    }

    #[test]
    #[ignore]
    fn slow() {}
}
";

    fn parsed(text: &str) -> Parsed {
        Parsed::new(text).unwrap()
    }

    fn assemble(learner: &str) -> Assembled {
        let original = parsed(EXERCISE);
        let theirs = Parsed::new(learner);
        Assembled::new(
            EXERCISE,
            Some(&original),
            learner,
            theirs.as_ref().map_err(String::as_str),
        )
    }

    #[test]
    fn finds_the_tests_and_their_names() {
        let p = parsed(EXERCISE);
        assert_eq!(p.test_names, vec!["tests::gets", "tests::slow"]);
        assert_eq!(p.test_fns.len(), 2);
        assert!(EXERCISE[p.test_fns[0].0..].starts_with("#[test]\n    fn gets"));
        assert!(EXERCISE[p.test_fns[0].1.clone()].starts_with("{\n        assert_eq!"));
        assert_eq!(p.types.len(), 1);
        assert_eq!(p.types[0].name, "Cache");
        assert!(!p.types[0].derives_clone);
        assert_eq!(p.tests.len(), 1);
        assert!(EXERCISE[p.tests[0].clone()].starts_with("#[cfg(test)]"));
        assert!(EXERCISE[p.tests[0].clone()].ends_with('}'));
        assert_eq!(p.item_at(5), Some("Cache::get"));
        assert_eq!(p.item_at(9), Some("main"));
        assert_eq!(p.item_at(2), None);
    }

    #[test]
    fn untouched_tests_leave_the_file_as_it_is() {
        let reformatted = EXERCISE.replace("fn gets() {", "fn gets()   {  // a comment");
        let a = assemble(&reformatted);
        assert_eq!(a.change, TestsChange::Same);
        assert_eq!(a.text, reformatted);
        assert!(a.tests.is_none());
    }

    #[test]
    fn edited_tests_are_replaced_and_lines_stay() {
        let edited = EXERCISE.replace(
            "assert_eq!(Cache.get(), 1);",
            "println!(\"debug\");\n        assert_eq!(1, 1);",
        );
        let a = assemble(&edited);
        assert_eq!(a.change, TestsChange::Edited { line: 17 });
        let program = include_tests(&a.text, "/t/tests.rs");
        assert!(!program.contains("debug"));
        assert!(program.ends_with("include!(r#\"/t/tests.rs\"#);\n"));
        // The learner's code keeps its lines, and the exercise's tests keep theirs.
        let learner_lines: Vec<&str> = edited.lines().take(9).collect();
        let judged_lines: Vec<&str> = program.lines().take(9).collect();
        assert_eq!(learner_lines, judged_lines);
        let tests = a.tests.unwrap();
        assert_eq!(tests.lines().count(), EXERCISE.lines().count());
        assert_eq!(tests.lines().nth(16), EXERCISE.lines().nth(16));
        assert_eq!(tests.lines().nth(3).map(str::trim), Some(""));
    }

    #[test]
    fn removed_ignored_and_emptied_tests_all_come_back() {
        let removed = &EXERCISE[..EXERCISE.find("#[cfg(test)]").unwrap()];
        let a = assemble(removed);
        assert_eq!(a.change, TestsChange::Removed);
        assert!(a.tests.unwrap().contains("fn gets()"));
        let ignored = EXERCISE.replace(
            "#[test]\n    fn gets",
            "#[test]\n    #[ignore]\n    fn gets",
        );
        assert!(matches!(
            assemble(&ignored).change,
            TestsChange::Edited { .. }
        ));
        let empty = assemble("fn main() {}\n");
        assert_eq!(empty.change, TestsChange::Removed);
        assert!(empty.text.starts_with("fn main() {}\n"));
        assert_eq!(empty.expected_tests, vec!["tests::gets", "tests::slow"]);
    }

    #[test]
    fn unreadable_learner_files_are_said_so() {
        let a = assemble("fn main( {\n");
        assert!(matches!(a.change, TestsChange::Unreadable { .. }));
        assert_eq!(a.text, "fn main( {\n");
    }

    #[test]
    fn line_map_follows_edits() {
        let original = "a\nb\nc\nd\n";
        let learner = "a\nnew\nb\nC\nd\n";
        let map = LineMap::new(original, learner);
        assert_eq!(map.to_original(1), Some(1));
        assert_eq!(map.to_original(3), Some(2));
        assert_eq!(map.to_original(4), Some(3));
        assert_eq!(map.to_original(5), Some(4));
        assert!(map.is_changed(2));
        assert!(map.is_changed(4));
        assert!(!map.is_changed(5));
    }
}
