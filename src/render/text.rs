//! Text fitted to the terminal, wrapped once: curriculum texts (READMEs, cards, the welcome) are
//! hard-wrapped in their files, so their paragraphs are joined first and then wrapped to the
//! width; the compiler's output keeps its layout and is only cut where a line is too long.

use colored::Colorize;

/// Columns `text` takes on a terminal (ANSI escapes and hyperlinks take none).
pub fn width_of(text: &str) -> usize {
    textwrap::core::display_width(text)
}

/// The text with the hard-wrapped lines of each paragraph joined: blank lines still separate
/// paragraphs, and a line that starts a list item (`- `, `* `, `1. `) starts a new one.
pub fn unwrap_paragraphs(text: &str) -> String {
    let mut out = String::new();
    let mut in_paragraph = false;
    for line in text.trim().lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            out.push_str("\n\n");
            in_paragraph = false;
        } else if in_paragraph && !starts_item(trimmed) {
            out.push(' ');
            out.push_str(trimmed);
        } else {
            if in_paragraph {
                out.push('\n');
            }
            out.push_str(trimmed);
            in_paragraph = true;
        }
    }
    out
}

/// ferry's own prose, line by line: each line wrapped to `width`, its continuation lines
/// indented two columns past its own indentation.
pub fn prose(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            lines.push(String::new());
            continue;
        }
        let indent = " ".repeat(line.len() - line.trim_start().len() + 2);
        let options = textwrap::Options::new(width.max(1)).subsequent_indent(&indent);
        lines.extend(
            textwrap::wrap(line, options)
                .into_iter()
                .map(|l| l.into_owned()),
        );
    }
    lines
}

/// Each line wrapped to `width` on its own, as it is (for short messages).
pub fn lines(text: &str, width: usize) -> Vec<String> {
    text.lines()
        .flat_map(|line| {
            if line.is_empty() {
                vec![String::new()]
            } else {
                textwrap::wrap(line, width.max(1))
                    .into_iter()
                    .map(|l| l.into_owned())
                    .collect()
            }
        })
        .collect()
}

/// A line that keeps its layout (the compiler's output, a program's), in pieces of at most
/// `width` columns: broken between words where it can be, each piece after the first indented
/// like the line. Escape sequences are kept whole and take no room.
pub fn fit(line: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    if width_of(line) <= width {
        return vec![line.to_string()];
    }
    let indent: String = plain(line)
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    let indent = if indent.len() * 2 < width {
        indent
    } else {
        String::new()
    };
    let options = textwrap::Options::new(width)
        .subsequent_indent(&indent)
        .break_words(true);
    textwrap::wrap(line, options)
        .into_iter()
        .map(|l| l.into_owned())
        .flat_map(|l| cut(&l, width))
        .collect()
}

/// `line` cut into pieces of at most `width` columns, wherever that falls.
fn cut(line: &str, width: usize) -> Vec<String> {
    if width_of(line) <= width {
        return vec![line.to_string()];
    }
    let mut pieces = Vec::new();
    let mut piece = String::new();
    let mut used = 0;
    let mut chars = line.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '\x1b' {
            piece.push(ch);
            match chars.next() {
                Some('[') => {
                    piece.push('[');
                    for c in chars.by_ref() {
                        piece.push(c);
                        if ('\x40'..='\x7e').contains(&c) {
                            break;
                        }
                    }
                }
                Some(']') => {
                    piece.push(']');
                    let mut last = ']';
                    for c in chars.by_ref() {
                        piece.push(c);
                        if c == '\x07' || (c == '\\' && last == '\x1b') {
                            break;
                        }
                        last = c;
                    }
                }
                Some(c) => piece.push(c),
                None => {}
            }
            continue;
        }
        let mut buf = [0u8; 4];
        let w = width_of(ch.encode_utf8(&mut buf));
        if used + w > width && used > 0 {
            pieces.push(std::mem::take(&mut piece));
            used = 0;
        }
        piece.push(ch);
        used += w;
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}

/// The text without its escape sequences (to show it dimmed as a whole).
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        if ch != '\x1b' {
            out.push(ch);
            continue;
        }
        match chars.next() {
            Some('[') => {
                for c in chars.by_ref() {
                    if ('\x40'..='\x7e').contains(&c) {
                        break;
                    }
                }
            }
            Some(']') => {
                let mut last = ']';
                for c in chars.by_ref() {
                    if c == '\x07' || (c == '\\' && last == '\x1b') {
                        break;
                    }
                    last = c;
                }
            }
            _ => {}
        }
    }
    out
}

fn starts_item(trimmed: &str) -> bool {
    item_marker(trimmed).is_some()
}

/// The length of a list item's marker with its space (`- `, `* `, `12. `).
fn item_marker(trimmed: &str) -> Option<usize> {
    if trimmed.starts_with("- ") || trimmed.starts_with("* ") {
        return Some(2);
    }
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && trimmed[digits..].starts_with(". ")).then_some(digits + 2)
}

/// Markdown as a terminal shows it, wrapped to `width`: `#` titles in bold, `##` headings in
/// bold cyan, paragraphs and list items reflowed (items with a hanging indent), `**strong**`
/// in bold, code blocks (fenced or indented) as they are. Runs of blank lines become one.
pub fn markdown(text: &str, width: usize) -> Vec<String> {
    let width = width.max(10);
    let mut out: Vec<String> = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    let blank = |out: &mut Vec<String>| {
        if out.last().is_some_and(|l| !l.is_empty()) {
            out.push(String::new());
        }
    };
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if trimmed.is_empty() {
            blank(&mut out);
            i += 1;
        } else if trimmed.starts_with("```") {
            i += 1;
            while i < lines.len() && !lines[i].trim().starts_with("```") {
                out.extend(fit(lines[i], width));
                i += 1;
            }
            i += 1;
        } else if let Some(title) = trimmed.strip_prefix("# ") {
            out.extend(wrap_styled(&strong(title), width, "", |l| {
                l.bold().to_string()
            }));
            i += 1;
        } else if trimmed.starts_with("##") {
            let heading = trimmed.trim_start_matches('#').trim();
            out.extend(wrap_styled(&strong(heading), width, "", |l| {
                l.cyan().bold().to_string()
            }));
            i += 1;
        } else if line.starts_with("    ") && item_marker(trimmed).is_none() {
            // Indented code.
            out.extend(fit(line, width));
            i += 1;
        } else {
            let indent = line.len() - line.trim_start().len();
            let marker = item_marker(trimmed);
            let mut joined = trimmed.to_string();
            i += 1;
            while i < lines.len() {
                let next = lines[i].trim();
                if next.is_empty()
                    || next.starts_with('#')
                    || next.starts_with("```")
                    || item_marker(next).is_some()
                {
                    break;
                }
                joined.push(' ');
                joined.push_str(next);
                i += 1;
            }
            let lead = " ".repeat(indent);
            let hanging = " ".repeat(indent + marker.unwrap_or(0));
            let options = textwrap::Options::new(width)
                .initial_indent(&lead)
                .subsequent_indent(&hanging);
            out.extend(
                textwrap::wrap(&strong(&joined), options)
                    .into_iter()
                    .map(|l| l.into_owned()),
            );
        }
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

fn wrap_styled(
    text: &str,
    width: usize,
    indent: &str,
    style: impl Fn(&str) -> String,
) -> Vec<String> {
    let options = textwrap::Options::new(width).subsequent_indent(indent);
    textwrap::wrap(text, options)
        .iter()
        .map(|l| style(l))
        .collect()
}

/// `**strong**` in bold (and without its stars).
fn strong(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("**") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("**") else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str(&after[..end].bold().to_string());
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hard_wrapped_paragraphs_are_joined_and_items_kept_apart() {
        let text =
            "Welcome to ferry! Each exercise\nis small.\n\nStuck? Press h.\n- one\n  more\n- two\n";
        assert_eq!(
            unwrap_paragraphs(text),
            "Welcome to ferry! Each exercise is small.\n\nStuck? Press h.\n- one more\n- two"
        );
    }

    #[test]
    fn markdown_is_wrapped_once_to_the_width_with_hanging_items() {
        let text = "# Ownership\n\nEvery value in Rust has exactly one owner: a variable,\na struct field, a Vec slot.\n\n- **Moves.** Assigning a value moves\n  it.\n\n\n## Coming from Kotlin/Scala\n\n    let code = 1;\n";
        colored::control::set_override(false);
        let lines = markdown(text, 30);
        assert_eq!(
            lines,
            [
                "Ownership",
                "",
                "Every value in Rust has",
                "exactly one owner: a variable,",
                "a struct field, a Vec slot.",
                "",
                "- Moves. Assigning a value",
                "  moves it.",
                "",
                "Coming from Kotlin/Scala",
                "",
                "    let code = 1;",
            ]
        );
        for line in &lines {
            assert!(width_of(line) <= 30, "{line:?}");
        }
    }

    #[test]
    fn a_long_line_is_broken_between_words_and_indented_like_itself() {
        assert_eq!(
            fit("   |  ^^^ value borrowed here after move", 24),
            ["   |  ^^^ value borrowed", "   here after move"]
        );
        assert_eq!(fit("ab", 4), ["ab"]);
        // A word longer than the width is cut, its escapes kept whole.
        assert_eq!(fit("abcdef", 4), ["abcd", "ef"]);
        let red = "\x1b[31mabcdef\x1b[0m";
        assert_eq!(cut(red, 3), ["\x1b[31mabc", "def\x1b[0m"]);
        assert_eq!(plain(red), "abcdef");
        assert_eq!(cut("üüü", 2), ["üü", "ü"]);
    }

    #[test]
    fn prose_hangs_continuation_lines_under_their_line() {
        assert_eq!(
            prose("✗ it does not\n  E0382 (line 2): a new error", 14),
            [
                "✗ it does not",
                "  E0382 (line",
                "    2): a new",
                "    error"
            ]
        );
    }
}
