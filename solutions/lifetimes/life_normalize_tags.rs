// A blog API accepts free-form tags with each post. Before saving, it trims and lowercases them,
// drops empty ones and duplicates, and stores them as one comma-separated column.
// `normalize_tags` doesn't compile: fix it.

fn normalize_tags(raw: &[&str]) -> String {
    // Each `normalized` is a brand-new String, and the loop body owns it: it is freed at the
    // end of its iteration. A `Vec<&str>` of them would hold pointers to freed buffers, and the
    // next `to_lowercase()` may reuse that memory, so the column could read "tokio,tokio" or
    // garbage. Let the Vec own the Strings instead: `push(normalized)` moves the String in
    // (a pointer, length and capacity), it doesn't copy the text. No clone is needed, and no
    // lifetime annotation could help: annotations describe how long values live, they can't
    // make `normalized` live past its `}`.
    let mut tags: Vec<String> = Vec::new();
    for tag in raw {
        let normalized = tag.trim().to_lowercase();
        if normalized.is_empty() || tags.contains(&normalized) {
            continue;
        }
        tags.push(normalized);
    }
    tags.join(",")
}

fn main() {
    let column = normalize_tags(&[" Rust", "backend ", "RUST", ""]);
    println!("tags column: {column:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_lowercases() {
        assert_eq!(normalize_tags(&[" Rust", "Backend "]), "rust,backend");
    }

    #[test]
    fn keeps_the_first_of_each_duplicate() {
        assert_eq!(
            normalize_tags(&["Tokio", "rust", "TOKIO", " Rust "]),
            "tokio,rust"
        );
    }

    #[test]
    fn drops_empty_tags() {
        assert_eq!(normalize_tags(&["", "   ", "api"]), "api");
    }
}
