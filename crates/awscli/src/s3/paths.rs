//! Paths as the `aws s3` commands see them: `s3://bucket/key` splitting
//! (including access-point and outpost ARNs), Python's `posixpath`
//! `normpath`/`abspath`/`relpath`, and where each source file lands.
//!
//! Spec: `awscli/customizations/s3/utils.py` (`find_bucket_key`,
//! `relative_path`, `find_dest_path_comp_key`) and `fileformat.py`.
use std::path::Path;

/// `find_bucket_key` on a path without `s3://`.
pub fn find_bucket_key(path: &str) -> (String, String) {
    if path.starts_with("arn:") {
        // arn:partition:s3:region:account:accesspoint/name[/key]
        // arn:partition:s3-outposts:region:account:outpost/id/accesspoint/name[/key]
        let resource_start = path.match_indices(':').nth(4).map(|(i, _)| i + 1);
        if let Some(start) = resource_start {
            let resource = &path[start..];
            let segments = if resource.starts_with("outpost") {
                4
            } else {
                2
            };
            let mut seen = 0;
            for (i, c) in resource.char_indices() {
                if c == '/' || c == ':' {
                    seen += 1;
                    if seen == segments {
                        return (path[..start + i].to_owned(), resource[i + 1..].to_owned());
                    }
                }
            }
            return (path.to_owned(), String::new());
        }
    }
    match path.split_once('/') {
        Some((b, k)) => (b.to_owned(), k.to_owned()),
        None => (path.to_owned(), String::new()),
    }
}

/// Python's `posixpath.normpath`.
pub fn normpath(path: &str) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let initial = if path.starts_with("//") && !path.starts_with("///") {
        2
    } else if path.starts_with('/') {
        1
    } else {
        0
    };
    let mut parts: Vec<&str> = Vec::new();
    for comp in path.split('/') {
        if comp.is_empty() || comp == "." {
            continue;
        }
        if comp != ".." || (initial == 0 && parts.is_empty()) || parts.last() == Some(&"..") {
            parts.push(comp);
        } else if !parts.is_empty() {
            parts.pop();
        }
    }
    let joined = parts.join("/");
    let out = format!("{}{}", "/".repeat(initial), joined);
    if out.is_empty() {
        ".".to_owned()
    } else {
        out
    }
}

/// Python's `os.path.abspath` (no symlink resolution).
pub fn abspath(path: &str, cwd: &str) -> String {
    if path.starts_with('/') {
        normpath(path)
    } else {
        normpath(&format!("{cwd}/{path}"))
    }
}

/// Python's `os.path.relpath(path, start)` for absolute, normalised inputs.
pub fn relpath(path: &str, start: &str) -> String {
    let p: Vec<&str> = path.split('/').filter(|c| !c.is_empty()).collect();
    let s: Vec<&str> = start.split('/').filter(|c| !c.is_empty()).collect();
    let common = p.iter().zip(&s).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; s.len() - common];
    out.extend(&p[common..]);
    if out.is_empty() {
        ".".to_owned()
    } else {
        out.join("/")
    }
}

/// `relative_path`: the directory relative to the cwd, then the name
/// (`./a.txt`, `../x/a.txt`, `sub/a.txt`).
pub fn relative_path(path: &str, cwd: &str) -> String {
    let (dir, base) = match path.rfind('/') {
        Some(i) => (&path[..i.max(1)], &path[i + 1..]),
        None => ("", path),
    };
    let dir = abspath(if dir.is_empty() { "." } else { dir }, cwd);
    let rel = relpath(&dir, cwd);
    format!("{rel}/{base}")
}

/// Whether `key` would escape the download directory: the reference's
/// `_warn_parent_reference` with the 2.34.57 fix for a leading `/../` and
/// the bare `..` case (aws/aws-cli#10579).
pub fn references_parent(compare_key: &str) -> bool {
    let normalized = normpath(&format!("./{compare_key}"));
    normalized == ".." || normalized.starts_with("../")
}

/// Whether `path` is a directory on disk (following links).
pub fn is_dir(path: &str) -> bool {
    Path::new(path).is_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_key() {
        assert_eq!(find_bucket_key("b/k/x"), ("b".into(), "k/x".into()));
        assert_eq!(find_bucket_key("b"), ("b".into(), "".into()));
        assert_eq!(
            find_bucket_key("arn:aws:s3:us-west-2:123456789012:accesspoint/ap/k"),
            (
                "arn:aws:s3:us-west-2:123456789012:accesspoint/ap".into(),
                "k".into()
            )
        );
    }

    #[test]
    fn python_paths() {
        assert_eq!(normpath("./a/../../x"), "../x");
        assert_eq!(normpath("/../x"), "/x");
        assert_eq!(normpath("a//b/./c/"), "a/b/c");
        assert_eq!(relpath("/h/a/b", "/h"), "a/b");
        assert_eq!(relpath("/h", "/h"), ".");
        assert_eq!(relpath("/x", "/h/y"), "../../x");
        assert_eq!(relative_path("/h/a.txt", "/h"), "./a.txt");
        assert_eq!(relative_path("/h/d/a.txt", "/h"), "d/a.txt");
    }

    #[test]
    fn traversal() {
        for key in ["../x", "/../x", "a/../..", "..", "x/../../evil"] {
            assert!(references_parent(key), "{key}");
        }
        for key in ["a/b", "a/../b", "..a", "/x"] {
            assert!(!references_parent(key), "{key}");
        }
    }
}
