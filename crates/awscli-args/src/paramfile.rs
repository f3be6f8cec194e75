//! `file://` and `fileb://` parameter values (`awscli/paramfile.py`).
//!
//! `file://path` is read as text (UTF-8, universal newlines, as Python's
//! `open(path, 'r')`), `fileb://path` as bytes. `~` and `$VAR` / `${VAR}` in
//! the path are expanded (`os.path.expanduser(os.path.expandvars(...))`).
//! AWS CLI v2 has no `http://` values. All file access goes through
//! [`ParamFileSystem`] so tests can supply files and environment.
use std::path::{Path, PathBuf};

/// What loading a parameter needs from the machine.
pub trait ParamFileSystem {
    /// The bytes of a file.
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>>;
    /// Whether `path` is a regular file (streaming blob parameters).
    fn is_file(&self, path: &Path) -> bool;
    /// An environment variable, for `$VAR` and `~` (`HOME`).
    fn env_var(&self, name: &str) -> Option<String>;
    /// Whether files can be created in the directory `path` (`os.access(
    /// path, os.W_OK)` as the reference checks output files before a
    /// call). Approximated as "is an existing directory".
    fn is_writable_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }
}

/// The real file system and process environment.
#[derive(Debug, Default, Clone, Copy)]
pub struct StdFileSystem;

impl ParamFileSystem for StdFileSystem {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }

    fn env_var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
}

/// The content of a `file://` or `fileb://` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamFile {
    Text(String),
    Bytes(Vec<u8>),
}

/// `get_paramfile`: `Ok(None)` when `value` has neither prefix; the error is
/// the message of the reference's `ResourceLoadingError`.
pub fn get_paramfile(value: &str, fs: &dyn ParamFileSystem) -> Result<Option<ParamFile>, String> {
    let (prefix, binary) = if value.starts_with("file://") {
        ("file://", false)
    } else if value.starts_with("fileb://") {
        ("fileb://", true)
    } else {
        return Ok(None);
    };
    let file_path = expand_path(&value[prefix.len()..], fs);
    let bytes = fs.read(Path::new(&file_path)).map_err(|e| {
        format!(
            "Unable to load paramfile {value}: {}",
            os_error(&e, &file_path)
        )
    })?;
    if binary {
        return Ok(Some(ParamFile::Bytes(bytes)));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Some(ParamFile::Text(universal_newlines(&text)))),
        Err(_) => Err(format!(
            "Unable to load paramfile ({file_path}), text contents could not be decoded.  If this is a binary file, please use the fileb:// prefix instead of the file:// prefix."
        )),
    }
}

/// `os.path.expanduser(os.path.expandvars(path))`.
pub fn expand_path(path: &str, fs: &dyn ParamFileSystem) -> String {
    expand_user(&expand_vars(path, fs), fs)
}

/// Python's `str(OSError)`: `[Errno 2] No such file or directory: '/x'`.
pub(crate) fn os_error(e: &std::io::Error, path: &str) -> String {
    match e.raw_os_error() {
        Some(code) => {
            let text = e.to_string();
            let message = text
                .strip_suffix(&format!(" (os error {code})"))
                .unwrap_or(&text);
            format!("[Errno {code}] {message}: {}", crate::pyfmt::repr_str(path))
        }
        None => e.to_string(),
    }
}

/// Python text mode turns `\r\n` and `\r` into `\n`.
fn universal_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// `os.path.expandvars`: `$name` and `${name}`; unknown names stay as written.
fn expand_vars(path: &str, fs: &dyn ParamFileSystem) -> String {
    if !path.contains('$') {
        return path.to_owned();
    }
    let chars: Vec<char> = path.chars().collect();
    let mut out = String::with_capacity(path.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '$' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let (name, end) = if chars.get(i + 1) == Some(&'{') {
            match chars[i + 2..].iter().position(|c| *c == '}') {
                Some(offset) => (
                    chars[i + 2..i + 2 + offset].iter().collect::<String>(),
                    i + 3 + offset,
                ),
                None => (String::new(), i + 1),
            }
        } else {
            let mut j = i + 1;
            while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            (chars[i + 1..j].iter().collect(), j)
        };
        match (name.is_empty(), fs.env_var(&name)) {
            (false, Some(value)) => {
                out.push_str(&value);
                i = end;
            }
            _ => {
                let written: String = chars[i..end.max(i + 1)].iter().collect();
                out.push_str(&written);
                i = end.max(i + 1);
            }
        }
    }
    out
}

/// `os.path.expanduser` for `~` and `~/...` (`~user` is left as written).
fn expand_user(path: &str, fs: &dyn ParamFileSystem) -> String {
    let rest = match path.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => rest,
        _ => return path.to_owned(),
    };
    match fs.env_var("HOME") {
        Some(home) => {
            let home = home.trim_end_matches('/');
            let home = if home.is_empty() { "/" } else { home };
            if rest.is_empty() {
                home.to_owned()
            } else if home == "/" {
                rest.to_owned()
            } else {
                format!("{home}{rest}")
            }
        }
        None => path.to_owned(),
    }
}

/// An in-memory [`ParamFileSystem`] for tests.
#[derive(Debug, Default, Clone)]
pub struct MemoryFileSystem {
    pub files: std::collections::HashMap<PathBuf, Vec<u8>>,
    pub env: std::collections::HashMap<String, String>,
}

impl MemoryFileSystem {
    pub fn with_file(mut self, path: &str, content: &[u8]) -> Self {
        self.files.insert(PathBuf::from(path), content.to_vec());
        self
    }

    pub fn with_env(mut self, name: &str, value: &str) -> Self {
        self.env.insert(name.to_owned(), value.to_owned());
        self
    }
}

impl ParamFileSystem for MemoryFileSystem {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| std::io::Error::from_raw_os_error(2))
    }

    fn is_file(&self, path: &Path) -> bool {
        self.files.contains_key(path)
    }

    fn env_var(&self, name: &str) -> Option<String> {
        self.env.get(name).cloned()
    }

    /// A directory "exists" when it is `/` or holds one of the files.
    fn is_writable_dir(&self, path: &Path) -> bool {
        path == Path::new("/") || self.files.keys().any(|f| f.starts_with(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_paramfile_missing_file_message_matches_python() {
        let fs = MemoryFileSystem::default();
        let err = get_paramfile("file:///nonexist", &fs).unwrap_err();
        assert_eq!(
            err,
            "Unable to load paramfile file:///nonexist: [Errno 2] No such file or directory: '/nonexist'"
        );
    }

    #[test]
    fn get_paramfile_expands_home_and_vars() {
        let fs = MemoryFileSystem::default()
            .with_env("HOME", "/home/u")
            .with_env("D", "data")
            .with_file("/home/u/data/a.txt", b"x\r\ny");
        assert_eq!(
            get_paramfile("file://~/$D/a.txt", &fs).unwrap(),
            Some(ParamFile::Text("x\ny".into()))
        );
        assert_eq!(
            get_paramfile("fileb://~/${D}/a.txt", &fs).unwrap(),
            Some(ParamFile::Bytes(b"x\r\ny".to_vec()))
        );
        assert_eq!(get_paramfile("plain", &fs).unwrap(), None);
    }

    #[test]
    fn get_paramfile_binary_text_suggests_fileb() {
        let fs = MemoryFileSystem::default().with_file("/b", &[0xff, 0xfe]);
        let err = get_paramfile("file:///b", &fs).unwrap_err();
        assert!(
            err.starts_with("Unable to load paramfile (/b), text contents could not be decoded.")
        );
    }
}
