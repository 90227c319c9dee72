//! Clickable file paths: OSC 8 hyperlinks (`ESC ] 8 ; ; URL ESC \ text ESC ] 8 ; ; ESC \`) to
//! `file://` URLs, for terminals that show them. Whether they are on is decided once, in
//! `config`; this module only writes them.

use std::path::{Path, PathBuf};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

/// What stays as it is in a URL's path: RFC 3986's unreserved characters, `/` between the
/// segments, and `:` (a Windows drive, `C:`). Everything else, spaces and non-ASCII bytes
/// included, is percent-encoded.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b':');

/// How to show paths inside one curriculum: linked to the file, or plain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    /// The curriculum's root, when links are on: relative paths are resolved against it.
    root: Option<PathBuf>,
}

impl Links {
    /// Links to files under `root` when `on`, plain text otherwise.
    pub fn new(root: &Path, on: bool) -> Links {
        Links {
            root: on.then(|| root.to_path_buf()),
        }
    }

    /// Plain text, always.
    pub fn off() -> Links {
        Links { root: None }
    }

    pub fn on(&self) -> bool {
        self.root.is_some()
    }

    /// `shown`, linked to the file at `relative` (to the curriculum root) when links are on.
    pub fn file(&self, relative: &Path, shown: &str) -> String {
        match &self.root {
            Some(root) => hyperlink(&file_url(&root.join(relative)), shown),
            None => shown.to_string(),
        }
    }

    /// The path itself as its text, linked to the file.
    pub fn path(&self, relative: &Path) -> String {
        self.file(relative, &relative.display().to_string())
    }
}

/// `text` as an OSC 8 hyperlink to `url`.
pub fn hyperlink(url: &str, text: &str) -> String {
    format!("\x1b]8;;{url}\x1b\\{text}\x1b]8;;\x1b\\")
}

/// The `file://` URL of an absolute path, with no host (every terminal opens those as local
/// files), percent-encoded.
pub fn file_url(path: &Path) -> String {
    let encoded = encoded_path(path);
    if encoded.starts_with('/') {
        format!("file://{encoded}")
    } else {
        // A Windows path: file:///C:/Users/…
        format!("file:///{encoded}")
    }
}

#[cfg(unix)]
fn encoded_path(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    // The bytes as they are: a file name that is not UTF-8 still gets a URL that names it.
    percent_encoding::percent_encode(path.as_os_str().as_bytes(), PATH).to_string()
}

#[cfg(not(unix))]
fn encoded_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    // A verbatim path (`\\?\C:\…`, from canonicalize) is the same file without its prefix.
    let text = text
        .strip_prefix(r"\\?\")
        .unwrap_or(&text)
        .replace('\\', "/");
    percent_encoding::utf8_percent_encode(&text, PATH).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn file_urls_percent_encode_spaces_and_non_ascii() {
        assert_eq!(
            file_url(Path::new("/tmp/ferry test ab/werkstatt ü/exercises/x.rs")),
            "file:///tmp/ferry%20test%20ab/werkstatt%20%C3%BC/exercises/x.rs"
        );
        // Characters a URL gives a meaning to are encoded too, so the path stays one path.
        assert_eq!(
            file_url(Path::new("/a/#b?c%d/e&f")),
            "file:///a/%23b%3Fc%25d/e%26f"
        );
        assert_eq!(file_url(Path::new("/a-b_c.d~e/")), "file:///a-b_c.d~e/");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_name_that_is_not_utf8_keeps_its_bytes() {
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(std::ffi::OsStr::from_bytes(b"/tmp/caf\xe9.rs"));
        assert_eq!(file_url(path), "file:///tmp/caf%E9.rs");
    }

    #[test]
    fn links_on_wrap_the_text_in_osc_8_to_the_absolute_file() {
        let root = std::env::temp_dir().join("werkstatt ü");
        let links = Links::new(&root, true);
        let relative = Path::new("exercises/ownership/move_log_request.rs");
        let url = file_url(&root.join(relative));
        assert!(url.starts_with("file:///"), "{url}");
        assert!(url.contains("werkstatt%20%C3%BC"), "{url}");
        assert!(!url.contains(' '), "{url}");
        assert_eq!(
            links.path(relative),
            format!("\x1b]8;;{url}\x1b\\exercises/ownership/move_log_request.rs\x1b]8;;\x1b\\")
        );
        assert_eq!(
            links.file(relative, "move_log_request.rs:24"),
            format!("\x1b]8;;{url}\x1b\\move_log_request.rs:24\x1b]8;;\x1b\\")
        );
    }

    #[test]
    fn links_off_are_the_plain_text() {
        let relative = Path::new("exercises/ownership/move_log_request.rs");
        for links in [Links::off(), Links::new(Path::new("/somewhere"), false)] {
            assert!(!links.on());
            assert_eq!(
                links.path(relative),
                "exercises/ownership/move_log_request.rs"
            );
            assert_eq!(links.file(relative, "shown"), "shown");
        }
    }

    #[test]
    fn a_linked_text_has_the_width_of_its_text() {
        let links = Links::new(Path::new("/a b"), true);
        let linked = links.path(Path::new("exercises/x.rs"));
        assert_eq!(
            textwrap::core::display_width(&linked),
            "exercises/x.rs".len()
        );
    }
}
