//! Lesson guards: what a fix may not add, each with the reason the learner reads.
//!
//! An exercise declares its own (`guards = [{ method = "clone", on = "backends", reason = "…" }]`)
//! and every curriculum gets three by default: no `unsafe`, no `static mut`, no new `allow` or
//! `expect` attribute for a lint. Only what the learner added counts: a guard fires when the
//! learner's file has more of a thing than the untouched file had.
//!
//! Guards read tokens (proc-macro2), not text: comments and strings never match, and code
//! inside macro calls (`println!`, `vec!`) is seen like any other.

use std::collections::HashMap;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use serde::Deserialize;

use crate::source::LineMap;

/// One thing a fix may not add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guard {
    pub rule: Rule,
    /// For `method` and `derive`: only on this value or type (`backends`, `self.pending`, `Order`).
    pub on: Option<String>,
    pub reason: String,
    /// The line of info.toml that declares it; 0 for the defaults.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// A method call: `.clone()`, `.to_vec()` (also `Clone::clone(&x)`).
    Method(Vec<String>),
    /// A use of a path, in an expression, a type or a macro: `Box::leak`, `RefCell`, `Arc`.
    /// Paths match their last segments, after `use` imports are followed.
    Path(Vec<Vec<String>>),
    /// `#[derive(Clone)]`, or a hand-written `impl Clone for …`.
    Derive(Vec<String>),
    Unsafe,
    StaticMut,
    Allow,
}

/// The default guards, by the name an exercise uses in `permit` to switch one off.
pub const DEFAULTS: [&str; 3] = ["unsafe", "static-mut", "allow"];

impl Rule {
    /// A short name, for the attempt log and reports.
    pub fn name(&self) -> String {
        match self {
            Rule::Method(m) => m.join("/"),
            Rule::Path(p) => p.iter().map(|p| p.join("::")).collect::<Vec<_>>().join("/"),
            Rule::Derive(d) => format!("derive {}", d.join("/")),
            Rule::Unsafe => "unsafe".to_string(),
            Rule::StaticMut => "static-mut".to_string(),
            Rule::Allow => "allow".to_string(),
        }
    }
}

/// The guards every curriculum gets, less those an exercise permits.
pub fn defaults(permit: &[String]) -> Vec<Guard> {
    let all = [
        (
            "unsafe",
            Rule::Unsafe,
            "`unsafe` tells the compiler to stop checking exactly what this exercise is about; every one of these programs can be written in safe Rust",
        ),
        (
            "static-mut",
            Rule::StaticMut,
            "a `static mut` is a global that any thread can change without a lock (a data race the compiler can no longer rule out); pass the value, or share it with Arc/Mutex or an atomic",
        ),
        (
            "allow",
            Rule::Allow,
            "ferry counts the compiler's warnings and clippy's lints as part of done: an `allow` hides the remark instead of fixing what it points at",
        ),
    ];
    all.into_iter()
        .filter(|(name, _, _)| !permit.iter().any(|p| p == name))
        .map(|(_, rule, reason)| Guard {
            rule,
            on: None,
            reason: reason.to_string(),
            line: 0,
        })
        .collect()
}

/// A guard the learner's file breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// What was added, e.g. "`.clone()` on `backends`".
    pub what: String,
    pub line: usize,
    pub rule: String,
    pub reason: String,
}

/// What the learner's file adds that a guard rules out. `map` maps learner lines to the
/// untouched file's, so that among several equal uses the new ones are named.
pub fn hits(guards: &[Guard], original: &str, learner: &str, map: &LineMap) -> Vec<Hit> {
    let (Ok(original), Ok(learner)) = (Tokens::new(original), Tokens::new(learner)) else {
        // Not tokens at all: it does not compile either, and that is the verdict.
        return Vec::new();
    };
    let mut hits = Vec::new();
    let mut said = std::collections::HashSet::new();
    for guard in guards {
        let before = count(&original.find(guard));
        let mut by_key: HashMap<String, Vec<Found>> = HashMap::new();
        for found in learner.find(guard) {
            by_key.entry(found.key.clone()).or_default().push(found);
        }
        let mut keys: Vec<&String> = by_key.keys().collect();
        keys.sort();
        for key in keys {
            let mut found = by_key[key].clone();
            let extra = found
                .len()
                .saturating_sub(before.get(key).copied().unwrap_or(0));
            if extra == 0 {
                continue;
            }
            // The new ones: those on lines the learner changed first, then the last ones.
            found.sort_by_key(|f| (!map.is_changed(f.line), std::cmp::Reverse(f.line)));
            let mut new: Vec<Found> = found.into_iter().take(extra).collect();
            new.sort_by_key(|f| f.line);
            for f in new {
                if said.insert(f.at) {
                    hits.push(Hit {
                        what: f.what,
                        line: f.line,
                        rule: guard.rule.name(),
                        reason: guard.reason.clone(),
                    });
                }
            }
        }
    }
    hits.sort_by_key(|h| h.line);
    hits
}

fn count(found: &[Found]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for f in found {
        *counts.entry(f.key.clone()).or_insert(0) += 1;
    }
    counts
}

#[derive(Debug, Clone)]
struct Found {
    key: String,
    what: String,
    line: usize,
    /// The token that matched (a method's or a path's last name), so that two guards
    /// matching one token (`Box::leak` and `.leak()`) are said once.
    at: usize,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Punct(char, Spacing),
    Open(Delimiter),
    Close(Delimiter),
    Literal,
}

/// A file's tokens, flattened, each with its line.
struct Tokens {
    toks: Vec<(Tok, usize)>,
    /// `use` imports: the name in scope → the full path.
    aliases: HashMap<String, Vec<String>>,
}

impl Tokens {
    fn new(text: &str) -> Result<Tokens, proc_macro2::LexError> {
        let stream: TokenStream = text.parse()?;
        let mut toks = Vec::new();
        flatten(stream, &mut toks);
        let mut tokens = Tokens {
            toks,
            aliases: HashMap::new(),
        };
        tokens.aliases = tokens.collect_aliases();
        Ok(tokens)
    }

    fn ident(&self, i: usize) -> Option<&str> {
        match self.toks.get(i) {
            Some((Tok::Ident(s), _)) => Some(s),
            _ => None,
        }
    }

    fn punct(&self, i: usize) -> Option<char> {
        match self.toks.get(i) {
            Some((Tok::Punct(c, _), _)) => Some(*c),
            _ => None,
        }
    }

    fn line(&self, i: usize) -> usize {
        self.toks.get(i).map_or(1, |t| t.1)
    }

    /// `::` at `i` (two joint colons).
    fn path_sep(&self, i: usize) -> bool {
        matches!(self.toks.get(i), Some((Tok::Punct(':', Spacing::Joint), _)))
            && self.punct(i + 1) == Some(':')
    }

    /// The index just past the group that opens at `i`.
    fn group_end(&self, i: usize) -> usize {
        let mut depth = 0usize;
        for (j, (tok, _)) in self.toks.iter().enumerate().skip(i) {
            match tok {
                Tok::Open(_) => depth += 1,
                Tok::Close(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return j + 1;
                    }
                }
                _ => {}
            }
        }
        self.toks.len()
    }

    /// The index of the group's opening token, for the group that closes at `i`.
    fn group_start(&self, i: usize) -> usize {
        let mut depth = 0usize;
        for j in (0..=i).rev() {
            match self.toks[j].0 {
                Tok::Close(_) => depth += 1,
                Tok::Open(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return j;
                    }
                }
                _ => {}
            }
        }
        0
    }

    fn text(&self, range: std::ops::Range<usize>) -> String {
        let mut out = String::new();
        for (tok, _) in &self.toks[range] {
            match tok {
                Tok::Ident(s) => {
                    if out
                        .chars()
                        .last()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_')
                    {
                        out.push(' ');
                    }
                    out.push_str(s);
                }
                Tok::Punct(c, _) => out.push(*c),
                Tok::Open(d) => out.push(open_char(*d)),
                Tok::Close(d) => out.push(close_char(*d)),
                Tok::Literal => out.push('…'),
            }
        }
        out
    }

    /// The path that starts at `i` (`std::mem::forget`), as segments, and where it ends.
    fn path_at(&self, i: usize) -> Option<(Vec<String>, usize)> {
        let mut segments = vec![self.ident(i)?.to_string()];
        let mut j = i + 1;
        loop {
            // Skip a turbofish or generics between segments: `Vec::<u8>::new`.
            if self.path_sep(j) {
                if let Some(next) = self.ident(j + 2) {
                    segments.push(next.to_string());
                    j += 3;
                    continue;
                }
                if self.punct(j + 2) == Some('<') {
                    j = self.skip_angle(j + 2);
                    continue;
                }
            }
            break;
        }
        Some((segments, j))
    }

    /// Past a `<…>` that starts at `i`.
    fn skip_angle(&self, i: usize) -> usize {
        let mut depth = 0i32;
        let mut j = i;
        while j < self.toks.len() {
            match &self.toks[j].0 {
                Tok::Punct('<', _) => depth += 1,
                Tok::Punct('>', _) if !matches!(self.punct(j.wrapping_sub(1)), Some('-' | '=')) => {
                    depth -= 1;
                    if depth == 0 {
                        return j + 1;
                    }
                }
                Tok::Open(_) => {
                    j = self.group_end(j);
                    continue;
                }
                _ => {}
            }
            j += 1;
        }
        j
    }

    fn collect_aliases(&self) -> HashMap<String, Vec<String>> {
        let mut aliases = HashMap::new();
        let mut i = 0;
        while i < self.toks.len() {
            if self.ident(i) == Some("use") {
                let end = (i..self.toks.len())
                    .find(|&j| self.punct(j) == Some(';'))
                    .unwrap_or(self.toks.len());
                self.use_tree(i + 1, end, &mut Vec::new(), &mut aliases);
                i = end;
            }
            i += 1;
        }
        aliases
    }

    /// Reads a use tree between `i` and `end`, with `prefix` before it.
    fn use_tree(
        &self,
        mut i: usize,
        end: usize,
        prefix: &mut Vec<String>,
        out: &mut HashMap<String, Vec<String>>,
    ) {
        let depth = prefix.len();
        while i < end {
            match &self.toks[i].0 {
                Tok::Ident(name) if name == "as" => {
                    if let (Some(alias), Some(last)) = (self.ident(i + 1), prefix.last()) {
                        let _ = last;
                        out.insert(alias.to_string(), prefix.clone());
                    }
                    i += 2;
                    continue;
                }
                Tok::Ident(name) => {
                    prefix.truncate(depth);
                    prefix.push(name.clone());
                    let mut j = i + 1;
                    while self.path_sep(j) {
                        match &self.toks.get(j + 2).map(|t| &t.0) {
                            Some(Tok::Ident(next)) => {
                                prefix.push(next.clone());
                                j += 3;
                            }
                            Some(Tok::Open(Delimiter::Brace)) => {
                                let close = self.group_end(j + 2);
                                let mut inner = prefix.clone();
                                self.use_tree(j + 3, close - 1, &mut inner, out);
                                j = close;
                                break;
                            }
                            _ => break,
                        }
                    }
                    if self.ident(j) == Some("as") {
                        if let Some(alias) = self.ident(j + 1) {
                            out.insert(alias.to_string(), prefix.clone());
                        }
                        j += 2;
                    } else if let Some(last) = prefix.last()
                        && last != "self"
                        && last != "*"
                    {
                        out.insert(last.clone(), prefix.clone());
                    }
                    i = j;
                    continue;
                }
                Tok::Open(Delimiter::Brace) => {
                    let close = self.group_end(i);
                    let mut inner = prefix.clone();
                    self.use_tree(i + 1, close - 1, &mut inner, out);
                    i = close;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        prefix.truncate(depth);
    }

    /// Is token `i` inside a `use` declaration?
    fn in_use(&self, i: usize) -> bool {
        (0..i)
            .rev()
            .take_while(|&j| !matches!(self.punct(j), Some(';' | '}' | '{')))
            .any(|j| self.ident(j) == Some("use"))
    }

    fn find(&self, guard: &Guard) -> Vec<Found> {
        match &guard.rule {
            Rule::Method(names) => self.find_methods(names, guard.on.as_deref()),
            Rule::Path(paths) => self.find_paths(paths),
            Rule::Derive(traits) => self.find_derives(traits, guard.on.as_deref()),
            Rule::Unsafe => self.find_keyword("unsafe", None),
            Rule::StaticMut => self.find_keyword("static", Some("mut")),
            Rule::Allow => self.find_allows(),
        }
    }

    fn find_methods(&self, names: &[String], on: Option<&str>) -> Vec<Found> {
        let mut found = Vec::new();
        for i in 0..self.toks.len() {
            let Some(name) = self.ident(i) else { continue };
            if !names.iter().any(|n| n == name) {
                continue;
            }
            let called = matches!(
                self.toks.get(i + 1),
                Some((Tok::Open(Delimiter::Parenthesis), _))
            ) || self.path_sep(i + 1);
            if !called {
                continue;
            }
            // `.name(` — a method call on whatever stands before the dot.
            let dot = i.checked_sub(1).filter(|&d| {
                self.punct(d) == Some('.')
                    && d.checked_sub(1).is_none_or(|p| self.punct(p) != Some('.'))
            });
            let receiver = if let Some(dot) = dot {
                let start = self.receiver_start(dot);
                self.text(start..dot)
            } else if i >= 2 && self.path_sep(i - 2) {
                // `Clone::clone(&x)`: the receiver is the first argument.
                let open = i + 1;
                if !matches!(
                    self.toks.get(open),
                    Some((Tok::Open(Delimiter::Parenthesis), _))
                ) {
                    continue;
                }
                let close = self.group_end(open) - 1;
                let comma = (open + 1..close)
                    .find(|&j| self.punct(j) == Some(','))
                    .unwrap_or(close);
                self.text(open + 1..comma)
            } else {
                continue;
            };
            let receiver = receiver.trim_start_matches(['&', '*']).to_string();
            if let Some(on) = on
                && !mentions(&receiver, on)
            {
                continue;
            }
            found.push(Found {
                key: format!("{name}:{receiver}"),
                what: match on {
                    Some(on) => format!("`.{name}()` on `{on}`"),
                    None => format!("`.{name}()`"),
                },
                line: self.line(i),
                at: i,
            });
        }
        found
    }

    /// Where the expression before the `.` at `dot` starts: idents, paths, calls, indexing.
    fn receiver_start(&self, dot: usize) -> usize {
        let mut j = dot;
        loop {
            let Some(prev) = j.checked_sub(1) else {
                return j;
            };
            match &self.toks[prev].0 {
                Tok::Close(_) => j = self.group_start(prev),
                Tok::Ident(s) if s != "return" && s != "in" && s != "let" => j = prev,
                Tok::Literal => j = prev,
                Tok::Punct('.' | '?', _) => j = prev,
                Tok::Punct(':', _) if prev >= 1 && self.path_sep(prev - 1) => j = prev - 1,
                _ => return j,
            }
        }
    }

    fn find_paths(&self, paths: &[Vec<String>]) -> Vec<Found> {
        let mut found = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            let starts_path = self.ident(i).is_some()
                && !(i >= 2 && self.path_sep(i - 2))
                && !(i >= 1 && self.punct(i - 1) == Some('.'));
            if !starts_path {
                i += 1;
                continue;
            }
            let Some((segments, end)) = self.path_at(i) else {
                i += 1;
                continue;
            };
            if !self.in_use(i) {
                let expanded: Vec<String> = match self.aliases.get(&segments[0]) {
                    Some(full) => full.iter().chain(&segments[1..]).cloned().collect(),
                    None => segments.clone(),
                };
                for path in paths {
                    if let Some(w) = expanded.windows(path.len()).position(|w| w == path) {
                        let shown = path.join("::");
                        // The token of the path's last matched name, counted from its end.
                        let from_end = expanded.len() - (w + path.len());
                        found.push(Found {
                            key: shown.clone(),
                            what: format!("`{shown}`"),
                            line: self.line(i),
                            at: end.saturating_sub(1 + 3 * from_end),
                        });
                    }
                }
            }
            i = end.max(i + 1);
        }
        found
    }

    fn find_derives(&self, traits: &[String], on: Option<&str>) -> Vec<Found> {
        let mut found = Vec::new();
        for i in 0..self.toks.len() {
            // #[derive(A, B)] followed (after more attributes) by struct/enum/union NAME.
            if self.punct(i) == Some('#')
                && matches!(
                    self.toks.get(i + 1),
                    Some((Tok::Open(Delimiter::Bracket), _))
                )
                && self.ident(i + 2) == Some("derive")
            {
                let close = self.group_end(i + 1);
                let derived: Vec<&str> = (i + 3..close).filter_map(|j| self.ident(j)).collect();
                let name = (close..self.toks.len())
                    .find(|&j| matches!(self.ident(j), Some("struct" | "enum" | "union")))
                    .and_then(|j| self.ident(j + 1));
                for t in traits {
                    if derived.contains(&t.as_str()) && on.is_none_or(|o| name == Some(o)) {
                        found.push(Found {
                            key: format!("derive:{t}:{}", name.unwrap_or("")),
                            what: format!("`#[derive({t})]` on `{}`", name.unwrap_or("?")),
                            line: self.line(i),
                            at: i,
                        });
                    }
                }
            }
            // impl [<…>] TRAIT for TYPE
            if self.ident(i) == Some("impl") {
                let Some(for_at) = (i + 1..self.toks.len().min(i + 40))
                    .take_while(|&j| !matches!(self.toks[j].0, Tok::Open(Delimiter::Brace)))
                    .find(|&j| self.ident(j) == Some("for"))
                else {
                    continue;
                };
                let trait_name = (i + 1..for_at)
                    .rev()
                    .find_map(|j| self.ident(j))
                    .unwrap_or("");
                let ty = self.ident(for_at + 1).unwrap_or("");
                for t in traits {
                    if trait_name == t && on.is_none_or(|o| o == ty) {
                        found.push(Found {
                            key: format!("derive:{t}:{ty}"),
                            what: format!("`impl {t} for {ty}`"),
                            line: self.line(i),
                            at: i,
                        });
                    }
                }
            }
        }
        found
    }

    fn find_keyword(&self, keyword: &str, then: Option<&str>) -> Vec<Found> {
        (0..self.toks.len())
            .filter(|&i| self.ident(i) == Some(keyword))
            .filter(|&i| then.is_none_or(|t| self.ident(i + 1) == Some(t)))
            .map(|i| {
                let shown = match then {
                    Some(t) => format!("{keyword} {t}"),
                    None => keyword.to_string(),
                };
                Found {
                    key: shown.clone(),
                    what: format!("`{shown}`"),
                    line: self.line(i),
                    at: i,
                }
            })
            .collect()
    }

    /// `#[allow(…)]`, `#![allow(…)]`, `#[expect(…)]`, and the same inside `cfg_attr`: one find
    /// per lint named.
    fn find_allows(&self) -> Vec<Found> {
        let mut found = Vec::new();
        for i in 0..self.toks.len() {
            if self.punct(i) != Some('#') {
                continue;
            }
            let open = if self.punct(i + 1) == Some('!') {
                i + 2
            } else {
                i + 1
            };
            if !matches!(
                self.toks.get(open),
                Some((Tok::Open(Delimiter::Bracket), _))
            ) {
                continue;
            }
            let close = self.group_end(open);
            let mut j = open + 1;
            while j < close {
                if matches!(self.ident(j), Some("allow" | "expect"))
                    && matches!(
                        self.toks.get(j + 1),
                        Some((Tok::Open(Delimiter::Parenthesis), _))
                    )
                {
                    let kind = self.ident(j).unwrap_or("allow").to_string();
                    let end = self.group_end(j + 1);
                    let mut k = j + 2;
                    while k < end - 1 {
                        if let Some((segments, after)) = self.path_at(k) {
                            let lint = segments.join("::");
                            if !ALLOWED_GROUPS.contains(&lint.as_str()) {
                                found.push(Found {
                                    key: format!("{kind}:{lint}"),
                                    what: format!("`#[{kind}({lint})]`"),
                                    line: self.line(i),
                                    at: k,
                                });
                            }
                            k = after;
                        } else {
                            k += 1;
                        }
                    }
                    j = end;
                } else {
                    j += 1;
                }
            }
        }
        found
    }
}

/// Lint groups that are off by default: allowing them changes nothing ferry asks for.
const ALLOWED_GROUPS: [&str; 4] = [
    "clippy::pedantic",
    "clippy::nursery",
    "clippy::restriction",
    "clippy::cargo",
];

/// Does `text` (tokens without spaces) mention `place` as whole identifiers?
fn mentions(text: &str, place: &str) -> bool {
    let place: String = place.chars().filter(|c| !c.is_whitespace()).collect();
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(&place).any(|(at, _)| {
        let before = text[..at].chars().last();
        let after = text[at + place.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

fn flatten(stream: TokenStream, out: &mut Vec<(Tok, usize)>) {
    for tree in stream {
        match tree {
            TokenTree::Ident(ident) => {
                let line = ident.span().start().line;
                let name = ident.to_string();
                out.push((Tok::Ident(name.trim_start_matches("r#").to_string()), line));
            }
            TokenTree::Punct(p) => {
                out.push((Tok::Punct(p.as_char(), p.spacing()), p.span().start().line))
            }
            TokenTree::Literal(l) => out.push((Tok::Literal, l.span().start().line)),
            TokenTree::Group(g) => {
                let delimiter = g.delimiter();
                out.push((Tok::Open(delimiter), g.span_open().start().line));
                flatten(g.stream(), out);
                out.push((Tok::Close(delimiter), g.span_close().start().line));
            }
        }
    }
}

fn open_char(d: Delimiter) -> char {
    match d {
        Delimiter::Parenthesis => '(',
        Delimiter::Brace => '{',
        Delimiter::Bracket => '[',
        Delimiter::None => ' ',
    }
}

fn close_char(d: Delimiter) -> char {
    match d {
        Delimiter::Parenthesis => ')',
        Delimiter::Brace => '}',
        Delimiter::Bracket => ']',
        Delimiter::None => ' ',
    }
}

/// One entry of an exercise's `guards` in info.toml.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGuard {
    method: Option<OneOrMany>,
    path: Option<OneOrMany>,
    derive: Option<OneOrMany>,
    on: Option<String>,
    #[serde(default)]
    reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

pub(super) const GUARD_KEYS: &str = "method, path or derive (what may not be added), on (optional: only on this value or type), reason";

impl RawGuard {
    /// Checks a guard entry; `Err` is (what is wrong, how to fix it).
    pub(super) fn validate(self) -> Result<Guard, (String, String)> {
        let kinds = [&self.method, &self.path, &self.derive]
            .iter()
            .filter(|k| k.is_some())
            .count();
        if kinds != 1 {
            return Err((
                format!(
                    "a guard names one kind of thing a fix may not add, this one names {kinds}"
                ),
                format!(
                    "write one of `method = \"clone\"`, `path = \"Box::leak\"` or `derive = \"Clone\"`; a guard takes: {GUARD_KEYS}"
                ),
            ));
        }
        if self.reason.trim().is_empty() {
            return Err((
                "a guard has no reason".to_string(),
                "add `reason = \"…\"`: the learner reads it when the guard stops their fix, so say what the shortcut would cost".to_string(),
            ));
        }
        let check_all = |names: Vec<String>, what: &str, ok: &dyn Fn(&str) -> bool| {
            if names.is_empty() {
                return Err((
                    format!("a guard's `{what}` list is empty"),
                    format!("name at least one {what}"),
                ));
            }
            for name in &names {
                if !ok(name) {
                    return Err((
                        format!("`{what} = \"{name}\"` names nothing Rust could call or use"),
                        match what {
                            "path" => "write a Rust path such as \"Box::leak\", \"mem::forget\" or \"RefCell\"".to_string(),
                            _ => format!("write a plain Rust name, e.g. `{what} = \"clone\"`"),
                        },
                    ));
                }
            }
            Ok(names)
        };
        let is_ident = |s: &str| syn::parse_str::<syn::Ident>(s).is_ok();
        let is_path = |s: &str| {
            syn::parse_str::<syn::Path>(s).is_ok_and(|p| {
                p.segments
                    .iter()
                    .all(|seg| matches!(seg.arguments, syn::PathArguments::None))
            })
        };
        let rule = if let Some(method) = self.method {
            Rule::Method(check_all(method.into_vec(), "method", &is_ident)?)
        } else if let Some(path) = self.path {
            if self.on.is_some() {
                return Err((
                    "`on` goes with `method` or `derive`, not with `path`".to_string(),
                    "remove `on`, or guard a method on that value: `method = \"clone\", on = \"…\"`".to_string(),
                ));
            }
            let paths = check_all(path.into_vec(), "path", &is_path)?;
            Rule::Path(
                paths
                    .iter()
                    .map(|p| {
                        p.trim_start_matches("::")
                            .split("::")
                            .map(|s| s.trim().to_string())
                            .collect()
                    })
                    .collect(),
            )
        } else {
            Rule::Derive(check_all(
                self.derive.map(OneOrMany::into_vec).unwrap_or_default(),
                "derive",
                &is_ident,
            )?)
        };
        if let Some(on) = &self.on {
            let place_ok = !on.trim().is_empty()
                && on
                    .split(['.', ':'])
                    .filter(|s| !s.is_empty())
                    .all(|s| is_ident(s.trim()) || s.trim() == "self");
            if !place_ok {
                return Err((
                    format!("`on = \"{on}\"` is not a value or type name"),
                    "write the value or type the lesson is about, e.g. `on = \"backends\"` or `on = \"self.pending\"`".to_string(),
                ));
            }
        }
        Ok(Guard {
            rule,
            on: self.on,
            reason: self.reason.trim().to_string(),
            line: 0,
        })
    }
}

/// Does the untouched file mention `on` (so that the guard can ever apply)?
pub fn mentioned_in(on: &str, text: &str) -> bool {
    let Ok(tokens) = Tokens::new(text) else {
        return true;
    };
    mentions(&tokens.text(0..tokens.toks.len()), on)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(rule: Rule, on: Option<&str>) -> Guard {
        Guard {
            rule,
            on: on.map(String::from),
            reason: "why".into(),
            line: 0,
        }
    }

    fn new_hits(guards: &[Guard], original: &str, learner: &str) -> Vec<(String, usize)> {
        hits(guards, original, learner, &LineMap::new(original, learner))
            .into_iter()
            .map(|h| (h.what, h.line))
            .collect()
    }

    const ORIGINAL: &str = "\
fn check(backends: Vec<String>) {
    let names = backends.clone(); // the file already had one
    for b in backends {
        println!(\"{b}\");
    }
}
";

    #[test]
    fn only_new_clones_of_the_value_count() {
        let clone = [guard(
            Rule::Method(vec!["clone".into(), "to_vec".into()]),
            Some("backends"),
        )];
        assert!(new_hits(&clone, ORIGINAL, ORIGINAL).is_empty());
        let learner = ORIGINAL.replace("for b in backends {", "for b in backends.clone() {");
        assert_eq!(
            new_hits(&clone, ORIGINAL, &learner),
            vec![("`.clone()` on `backends`".to_string(), 3)]
        );
        let other = ORIGINAL.replace("println!(\"{b}\");", "println!(\"{}\", b.clone());");
        assert!(new_hits(&clone, ORIGINAL, &other).is_empty());
        let ufcs = ORIGINAL.replace("for b in backends {", "for b in Clone::clone(&backends) {");
        assert_eq!(new_hits(&clone, ORIGINAL, &ufcs).len(), 1);
        let field = "fn f(s: &S) { let p = self.pending.to_vec(); }";
        let on_field = [guard(
            Rule::Method(vec!["to_vec".into()]),
            Some("self.pending"),
        )];
        assert_eq!(new_hits(&on_field, "fn f(s: &S) {}", field).len(), 1);
        // In a comment or a string it is not code.
        let comment = ORIGINAL.replace(
            "for b in backends {",
            "for b in backends { // backends.clone()",
        );
        assert!(new_hits(&clone, ORIGINAL, &comment).is_empty());
    }

    #[test]
    fn paths_match_through_imports_and_macros() {
        let leak = [guard(
            Rule::Path(vec![
                vec!["Box".into(), "leak".into()],
                vec!["mem".into(), "forget".into()],
            ]),
            None,
        )];
        let original = "fn name() -> &'static str { \"x\" }\n";
        for learner in [
            "fn name() -> &'static str { Box::leak(String::new().into_boxed_str()) }\n",
            "fn name() -> &'static str { std::boxed::Box::leak(Box::new(String::new())) }\n",
            "fn name() -> &'static str { Box::<String>::leak(Box::new(String::new())) }\n",
            "use std::mem::forget;\nfn name() { forget(String::new()) }\n",
            "use std::mem;\nfn name() { println!(\"{:?}\", mem::forget(1)) }\n",
            "use std::{mem::{self}, boxed::Box as B};\nfn name() { B::leak(Box::new(1)); }\n",
        ] {
            assert_eq!(new_hits(&leak, original, learner).len(), 1, "{learner}");
        }
        // One token matched by two guards is said once.
        let both = [
            leak[0].clone(),
            guard(Rule::Method(vec!["leak".into()]), None),
        ];
        let learner = "fn name() -> &'static str { Box::leak(String::new().into_boxed_str()) }\nfn other() -> &'static str { String::new().leak() }\n";
        assert_eq!(
            new_hits(&both, original, learner),
            vec![("`Box::leak`".to_string(), 1), ("`.leak()`".to_string(), 2)]
        );
        let cell = [guard(Rule::Path(vec![vec!["RefCell".into()]]), None)];
        let learner = "use std::cell::RefCell;\nstruct S { v: Rc<RefCell<u32>> }\nfn f() { let c = RefCell::new(1); }\n";
        assert_eq!(
            new_hits(&cell, "", learner),
            vec![("`RefCell`".to_string(), 2), ("`RefCell`".to_string(), 3)]
        );
    }

    #[test]
    fn derives_and_impls_of_a_trait() {
        let no_clone = [guard(Rule::Derive(vec!["Clone".into()]), Some("Order"))];
        let original = "#[derive(Debug)]\nstruct Order;\nstruct Other;\n";
        let derived = "#[derive(Debug, Clone)]\nstruct Order;\nstruct Other;\n";
        assert_eq!(new_hits(&no_clone, original, derived).len(), 1);
        let by_hand =
            format!("{original}impl Clone for Order {{ fn clone(&self) -> Self {{ Order }} }}\n");
        assert_eq!(new_hits(&no_clone, original, &by_hand).len(), 1);
        let other = "#[derive(Debug)]\nstruct Order;\n#[derive(Clone)]\nstruct Other;\n";
        assert!(new_hits(&no_clone, original, other).is_empty());
    }

    #[test]
    fn default_guards_catch_unsafe_static_mut_and_allows() {
        let defaults = defaults(&[]);
        let original = "fn main() {}\n";
        let learner = "\
#![allow(clippy::needless_range_loop)]
static mut COUNT: u32 = 0;
struct P(std::rc::Rc<u32>);
unsafe impl Send for P {}
#[cfg_attr(test, expect(dead_code))]
#[allow(clippy::pedantic)]
fn main() { unsafe { COUNT += 1 } }
";
        let found = new_hits(&defaults, original, learner);
        let whats: Vec<&str> = found.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(
            whats,
            vec![
                "`#[allow(clippy::needless_range_loop)]`",
                "`static mut`",
                "`unsafe`",
                "`#[expect(dead_code)]`",
                "`unsafe`"
            ]
        );
        // What the untouched file already had is not the learner's doing.
        assert!(new_hits(&defaults, learner, learner).is_empty());
        assert_eq!(super::defaults(&["unsafe".into()]).len(), 2);
    }

    #[test]
    fn malformed_guards_are_refused() {
        let raw = |text: &str| -> Result<Guard, (String, String)> {
            toml::from_str::<RawGuard>(text).unwrap().validate()
        };
        assert!(raw("method = \"clone\"\nreason = \"r\"").is_ok());
        assert!(
            raw("method = \"clone\"\nreason = \" \"")
                .unwrap_err()
                .0
                .contains("no reason")
        );
        assert!(
            raw("path = \"Box::\"\nreason = \"r\"")
                .unwrap_err()
                .0
                .contains("names nothing")
        );
        assert!(
            raw("path = \"\"\nreason = \"r\"")
                .unwrap_err()
                .0
                .contains("names nothing")
        );
        assert!(
            raw("method = \"clone\"\npath = \"Rc\"\nreason = \"r\"")
                .unwrap_err()
                .0
                .contains("names 2")
        );
        assert!(raw("reason = \"r\"").unwrap_err().0.contains("names 0"));
        assert!(raw("path = \"Rc\"\non = \"x\"\nreason = \"r\"").is_err());
        assert!(raw("method = \"clone\"\non = \"a b\"\nreason = \"r\"").is_err());
        assert!(toml::from_str::<RawGuard>("metod = \"clone\"\nreason = \"r\"").is_err());
        assert!(mentioned_in(
            "self.pending",
            "fn f(&self) { self . pending.len(); }"
        ));
        assert!(!mentioned_in("backendz", ORIGINAL));
    }
}
