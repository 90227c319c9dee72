//! A chapter's README (`exercises/<chapter>/README.md`): the whole text, and the introduction
//! watch shows on entering the chapter — its opening and its "Coming from Kotlin/Scala" part.

use std::path::{Path, PathBuf};

use super::EXERCISES_DIR;

/// Where a chapter's README is, relative to the curriculum.
pub fn readme_path(chapter: &str) -> PathBuf {
    Path::new(EXERCISES_DIR).join(chapter).join("README.md")
}

/// The README of `chapter` in the curriculum at `root`, if it has one.
pub fn readme(root: &Path, chapter: &str) -> Option<String> {
    std::fs::read_to_string(root.join(readme_path(chapter)))
        .ok()
        .filter(|text| !text.trim().is_empty())
}

/// The introduction to a chapter: the README's title and first paragraph, then its section
/// on coming from the JVM (a `## Coming from …` heading), when it has one.
pub fn introduction(readme: &str) -> String {
    let lines: Vec<&str> = readme.lines().collect();
    let mut intro: Vec<&str> = Vec::new();
    let mut i = 0;
    if let Some(title) = lines.first().filter(|l| l.starts_with("# ")) {
        intro.push(title);
        intro.push("");
        i = 1;
    }
    while i < lines.len() && lines[i].trim().is_empty() {
        i += 1;
    }
    while i < lines.len() && !lines[i].trim().is_empty() && !lines[i].starts_with('#') {
        intro.push(lines[i]);
        i += 1;
    }
    if let Some(start) = lines.iter().position(|l| l.starts_with("## Coming from")) {
        let end = lines[start + 1..]
            .iter()
            .position(|l| l.starts_with("## "))
            .map_or(lines.len(), |n| start + 1 + n);
        intro.push("");
        intro.extend(&lines[start..end]);
    }
    let mut text = intro.join("\n").trim_end().to_string();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_introduction_is_the_opening_and_the_jvm_section() {
        let readme = "# Ownership\n\nEvery value has one owner.\nIt is dropped at the end.\n\nThis chapter covers:\n\n- moves\n\n## Coming from Kotlin/Scala\n\n- The GC keeps it alive.\n\n## Further reading\n\nThe book.\n";
        assert_eq!(
            introduction(readme),
            "# Ownership\n\nEvery value has one owner.\nIt is dropped at the end.\n\n## Coming from Kotlin/Scala\n\n- The GC keeps it alive.\n"
        );
        // Without a JVM section, the opening alone.
        assert_eq!(
            introduction("# Threads\n\nSpawn them.\n\nMore.\n"),
            "# Threads\n\nSpawn them.\n"
        );
    }

    #[test]
    fn every_bundled_chapter_has_an_introduction_with_a_jvm_section() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for chapter in crate::bundled::chapters() {
            let readme = readme(root, &chapter).expect("a README");
            let intro = introduction(&readme);
            assert!(intro.contains("## Coming from Kotlin/Scala"), "{chapter}");
            assert!(intro.lines().count() > 5, "{chapter}: {intro}");
        }
    }
}
