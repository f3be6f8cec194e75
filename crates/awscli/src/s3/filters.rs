//! `--include`/`--exclude`: `fnmatch` patterns joined to the source (and
//! destination) root, applied in command-line order, the last match
//! winning; every file starts included.
//!
//! Spec: `awscli/customizations/s3/filters.py` and Python's `fnmatch`
//! (`*` also matches `/`; `[seq]`, `[!seq]`).

/// A compiled filter.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// (include?, pattern on the source root, pattern on the destination root).
    patterns: Vec<(bool, String, String)>,
}

fn join(root: &str, pattern: &str) -> String {
    // os.path.join: an absolute pattern replaces the root.
    if pattern.starts_with('/') || root.is_empty() {
        pattern.to_owned()
    } else if root.ends_with('/') {
        format!("{root}{pattern}")
    } else {
        format!("{root}/{pattern}")
    }
}

impl Filter {
    pub fn new(filters: &[(String, String)], src_root: &str, dst_root: &str) -> Filter {
        Filter {
            patterns: filters
                .iter()
                .map(|(kind, p)| (kind == "include", join(src_root, p), join(dst_root, p)))
                .collect(),
        }
    }

    /// Whether the file at `path` (absolute local path or `bucket/key`) passes.
    pub fn includes(&self, path: &str) -> bool {
        let mut included = true;
        for (include, src, dst) in &self.patterns {
            if fnmatch(path, src) {
                included = *include;
            }
            if fnmatch(path, dst) {
                included = *include;
            }
        }
        included
    }
}

/// Python's `fnmatch.fnmatchcase`.
pub fn fnmatch(name: &str, pattern: &str) -> bool {
    let n: Vec<char> = name.chars().collect();
    let p: Vec<char> = pattern.chars().collect();
    matches(&n, &p)
}

fn matches(n: &[char], p: &[char]) -> bool {
    let (mut ni, mut pi) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() {
            match p[pi] {
                '*' => {
                    star = Some((pi, ni));
                    pi += 1;
                    continue;
                }
                '?' => {
                    ni += 1;
                    pi += 1;
                    continue;
                }
                '[' => {
                    if let Some((matched, next)) = class(&p[pi..], n[ni]) {
                        if matched {
                            ni += 1;
                            pi += next;
                            continue;
                        }
                    } else if n[ni] == '[' {
                        ni += 1;
                        pi += 1;
                        continue;
                    }
                }
                c if c == n[ni] => {
                    ni += 1;
                    pi += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some((sp, sn)) => {
                pi = sp + 1;
                ni = sn + 1;
                star = Some((sp, sn + 1));
            }
            None => return false,
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Matches `c` against the class at the start of `p` (`[...]`); `None` if
/// the bracket is not closed (then it is a literal `[`).
fn class(p: &[char], c: char) -> Option<(bool, usize)> {
    let mut i = 1;
    let negate = p.get(i) == Some(&'!');
    if negate {
        i += 1;
    }
    let start = i;
    // A `]` right after `[` or `[!` is a literal member.
    if p.get(i) == Some(&']') {
        i += 1;
    }
    while i < p.len() && p[i] != ']' {
        i += 1;
    }
    if i >= p.len() {
        return None;
    }
    let members = &p[start..i];
    let mut found = false;
    let mut j = 0;
    while j < members.len() {
        if j + 2 < members.len() && members[j + 1] == '-' {
            if members[j] <= c && c <= members[j + 2] {
                found = true;
            }
            j += 3;
        } else {
            if members[j] == c {
                found = true;
            }
            j += 1;
        }
    }
    Some((found != negate, i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnmatch_semantics() {
        assert!(fnmatch("/r/a/b.txt", "/r/*.txt"));
        assert!(fnmatch("abc", "a?c"));
        assert!(fnmatch("a1", "a[0-9]"));
        assert!(!fnmatch("ab", "a[!b]"));
        assert!(fnmatch("a[", "a["));
        assert!(!fnmatch("a.txt.bak", "*.txt"));
    }

    #[test]
    fn last_match_wins() {
        let f = Filter::new(
            &[
                ("exclude".into(), "*".into()),
                ("include".into(), "*.txt".into()),
            ],
            "/r",
            "b/p",
        );
        assert!(f.includes("/r/x.txt"));
        assert!(!f.includes("/r/x.bin"));
        let f = Filter::new(
            &[
                ("include".into(), "*.txt".into()),
                ("exclude".into(), "*".into()),
            ],
            "/r",
            "b/p",
        );
        assert!(!f.includes("/r/x.txt"));
    }
}
