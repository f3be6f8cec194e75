//! The injected environment and filesystem, and botocore's path expansion.
//!
//! The library never reads the process environment or the real `~/.aws`: the binary builds an
//! [`Env`] from `std::env::vars()` and passes [`RealFs`]; tests pass a map and a [`MemoryFs`]
//! (the `Env::from_slice`/`Fs::from_slice` pattern of smithy-rs `aws-types`).
//! Path expansion follows `raw_config_parse` in `awscli/botocore/configloader.py`:
//! `os.path.expandvars` then `os.path.expanduser`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A snapshot of environment variables. Absent and empty are different: botocore treats an
/// empty `AWS_REGION=` as a value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    vars: BTreeMap<String, String>,
}

impl Env {
    /// An empty environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds an environment from `(name, value)` pairs, e.g. `std::env::vars()`.
    pub fn from_vars<I, K, V>(vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Self {
            vars: vars
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }

    /// Builds an environment from a slice of pairs (tests).
    pub fn from_slice(vars: &[(&str, &str)]) -> Self {
        Self::from_vars(vars.iter().copied())
    }

    /// The value of `name`, if set (possibly empty).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    /// The value of `name` only if set and non-empty (botocore's `environ.get(x, '')` + truthiness).
    pub fn get_non_empty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.is_empty())
    }

    /// Sets a variable (tests and the binary's overrides).
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.vars.insert(name.into(), value.into());
    }

    /// Iterates over all variables in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.vars.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// Read access to files. `read_file` returns `None` when the path is not a readable regular file:
/// botocore treats a missing file (`os.path.isfile` false) and an unreadable one
/// (`RawConfigParser.read` swallows `OSError`) the same way, as an empty configuration.
pub trait Fs {
    /// The bytes of the regular file at `path`, or `None`.
    fn read_file(&self, path: &Path) -> Option<Vec<u8>>;
}

impl<F> Fs for F
where
    F: Fn(&Path) -> Option<Vec<u8>>,
{
    fn read_file(&self, path: &Path) -> Option<Vec<u8>> {
        self(path)
    }
}

/// The real filesystem. Only the binary should construct it.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealFs;

impl Fs for RealFs {
    fn read_file(&self, path: &Path) -> Option<Vec<u8>> {
        // `os.path.isfile` follows symlinks, as `metadata` does.
        let metadata = std::fs::metadata(path).ok()?;
        if !metadata.is_file() {
            return None;
        }
        std::fs::read(path).ok()
    }
}

/// An in-memory filesystem for tests.
#[derive(Debug, Clone, Default)]
pub struct MemoryFs {
    files: BTreeMap<PathBuf, Vec<u8>>,
}

impl MemoryFs {
    /// An empty filesystem.
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds a filesystem from `(path, contents)` pairs.
    pub fn from_slice(files: &[(&str, &str)]) -> Self {
        let mut fs = Self::new();
        for (path, contents) in files {
            fs.insert(path, contents.as_bytes().to_vec());
        }
        fs
    }

    /// Adds or replaces a file.
    pub fn insert(&mut self, path: impl Into<PathBuf>, contents: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), contents.into());
    }
}

impl Fs for MemoryFs {
    fn read_file(&self, path: &Path) -> Option<Vec<u8>> {
        self.files.get(path).cloned()
    }
}

/// `os.path.expanduser(os.path.expandvars(path))` against the injected environment.
pub fn expand_path(path: &str, env: &Env) -> PathBuf {
    PathBuf::from(expand_user(&expand_vars(path, env), env))
}

/// `posixpath.expandvars`: `$name` and `${name}` where name is `\w+`; unknown variables are left
/// as written.
pub fn expand_vars(path: &str, env: &Env) -> String {
    if !path.contains('$') {
        return path.to_string();
    }
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        let (name, consumed) = if let Some(braced) = after.strip_prefix('{') {
            match braced.find('}') {
                Some(end) => (&braced[..end], end + 2),
                None => ("", 0),
            }
        } else {
            let end = after
                .char_indices()
                .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
                .map_or(after.len(), |(i, _)| i);
            (&after[..end], end)
        };
        match env.get(name) {
            Some(value) if consumed > 0 && !name.is_empty() => {
                out.push_str(value);
                rest = &after[consumed..];
            }
            _ => {
                out.push('$');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `posixpath.expanduser` for `~` and `~/...` using `HOME`. `~user` forms need the password
/// database and are left unchanged.
pub fn expand_user(path: &str, env: &Env) -> String {
    let Some(rest) = path.strip_prefix('~') else {
        return path.to_string();
    };
    if !(rest.is_empty() || rest.starts_with('/')) {
        return path.to_string();
    }
    match env.get(crate::EnvVars::HOME) {
        Some(home) => {
            let home = home.trim_end_matches('/');
            let joined = format!("{home}{rest}");
            if joined.is_empty() {
                "/".to_string()
            } else {
                joined
            }
        }
        None => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expand_vars_known_unknown_and_braced() {
        let env = Env::from_slice(&[("A", "x"), ("HOME", "/h")]);
        assert_eq!(expand_vars("$A/${A}/$B/${B}/$", &env), "x/x/$B/${B}/$");
        assert_eq!(expand_vars("${A", &env), "${A");
        assert_eq!(expand_vars("$A_b", &env), "$A_b");
    }

    #[test]
    fn expand_user_home_and_tilde_user() {
        let env = Env::from_slice(&[("HOME", "/home/u/")]);
        assert_eq!(expand_user("~/.aws/config", &env), "/home/u/.aws/config");
        assert_eq!(expand_user("~", &env), "/home/u");
        assert_eq!(expand_user("~bob/x", &env), "~bob/x");
        assert_eq!(expand_user("/abs", &env), "/abs");
        assert_eq!(expand_user("~/x", &Env::new()), "~/x");
    }

    #[test]
    fn closure_is_an_fs() {
        let fs = |p: &Path| (p == Path::new("/a")).then(|| b"x".to_vec());
        assert_eq!(fs.read_file(Path::new("/a")), Some(b"x".to_vec()));
        assert_eq!(fs.read_file(Path::new("/b")), None);
    }
}
