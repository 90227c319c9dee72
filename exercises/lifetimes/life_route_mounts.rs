// A reverse proxy mounts each service under "/<service>" and forwards the rest of the path to
// it: "/api/v2/users/7" goes to the api/v2 service as "/users/7". The two helpers below don't
// compile. Fix their signatures so that `forwarded_path` compiles and works too.

const SERVICES: [&str; 3] = ["api", "api/v2", "admin"];

// "/api/users/7" with mount "/api" becomes "/users/7". A path outside the mount is returned
// unchanged ("/apiary" is not under "/api").
fn strip_mount(path: &str, mount: &str) -> &str {
    match path.strip_prefix(mount) {
        Some(rest) if rest.starts_with('/') => rest,
        _ => path,
    }
}

// Of two candidate forwarded paths, the shorter one came from the more specific mount.
fn more_specific(a: &str, b: &str) -> &str {
    if b.len() < a.len() { b } else { a }
}

fn forwarded_path(path: &str) -> &str {
    let mut best = path;
    for service in SERVICES {
        let mount = format!("/{service}");
        best = more_specific(best, strip_mount(path, &mount));
    }
    best
}

fn main() {
    for path in ["/api/v2/users/7", "/admin/jobs", "/health"] {
        println!("{path} -> {}", forwarded_path(path));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // True if `part` is a view into `whole`'s text rather than a copy of it.
    fn points_into(whole: &str, part: &str) -> bool {
        whole.as_bytes().as_ptr_range().contains(&part.as_ptr())
    }

    #[test]
    fn strips_a_matching_mount() {
        assert_eq!(strip_mount("/api/users/7", "/api"), "/users/7");
        assert_eq!(strip_mount("/apiary/hives", "/api"), "/apiary/hives");
    }

    #[test]
    fn prefers_the_shorter_forwarded_path() {
        assert_eq!(more_specific("/v2/users", "/users"), "/users");
        assert_eq!(more_specific("/users", "/v2/users"), "/users");
    }

    #[test]
    fn forwards_to_the_most_specific_mount() {
        let path = String::from("/api/v2/users/7");
        let forwarded: &str = forwarded_path(&path);
        assert_eq!(forwarded, "/users/7");
        assert!(
            points_into(&path, forwarded),
            "expected a view into the request path"
        );
    }

    #[test]
    fn leaves_unmounted_paths_alone() {
        assert_eq!(forwarded_path("/health"), "/health");
        assert_eq!(forwarded_path("/apiary/hives"), "/apiary/hives");
    }
}
