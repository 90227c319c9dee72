// A blog API accepts free-form tags with each post. Before saving, it trims and lowercases them,
// drops empty ones and duplicates, and stores them as one comma-separated column.
// `normalize_tags` doesn't compile: fix it.

fn normalize_tags(raw: &[&str]) -> String {
    let mut tags: Vec<&str> = Vec::new();
    for tag in raw {
        let normalized = tag.trim().to_lowercase();
        if normalized.is_empty() || tags.contains(&normalized.as_str()) {
            continue;
        }
        tags.push(&normalized);
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
