//! Files the providers read and write besides the shared config files: web identity and
//! container token files, and botocore's `JSONFileCache` directories (`~/.aws/cli/cache` for
//! assumed-role and SSO credentials, `~/.aws/sso/cache` for SSO tokens).
//!
//! Injected as [`FileSystem`] so tests run against [`MemoryFileSystem`]. Cache writes follow
//! `botocore/utils.py:JSONFileCache.__setitem__`: the directory is created if missing and the
//! file is written with mode 0600 (reference-reliability.md section 4).

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Read and write access to files.
pub trait FileSystem: Send + Sync {
    /// The contents of the regular file at `path`.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// Replaces (or creates) the file at `path` with mode 0600, creating parent directories.
    fn write_private(&self, path: &Path, contents: &[u8]) -> io::Result<()>;
}

/// The real filesystem (the binary's choice).
#[derive(Debug, Clone, Copy, Default)]
pub struct RealFileSystem;

impl FileSystem for RealFileSystem {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    /// Writes a temporary file beside `path` and renames it over `path`, so
    /// a reader (another `aws` sharing the cache) never sees half a file
    /// and a failure leaves the old one as it was.
    fn write_private(&self, path: &Path, contents: &[u8]) -> io::Result<()> {
        use std::io::Write;
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
        if let Some(parent) = parent {
            std::fs::create_dir_all(parent)?;
        }
        let name = path
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(".tmp-{}", std::process::id()));
        let temp = path.with_file_name(temp_name);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        // A file that exists keeps its mode, as the reference's in-place
        // rewrite keeps it; a new one is owner-only.
        let existing = std::fs::metadata(path).ok().map(|m| m.permissions());
        let written = options
            .open(&temp)
            .and_then(|mut file| {
                file.write_all(contents)?;
                match existing {
                    Some(permissions) => file.set_permissions(permissions),
                    None => Ok(()),
                }
            })
            .and_then(|()| std::fs::rename(&temp, path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        written
    }
}

/// An in-memory filesystem for tests; clones share their files.
#[derive(Debug, Clone, Default)]
pub struct MemoryFileSystem {
    files: Arc<Mutex<BTreeMap<PathBuf, Vec<u8>>>>,
}

impl MemoryFileSystem {
    /// An empty filesystem.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces a file.
    pub fn insert(&self, path: impl Into<PathBuf>, contents: impl Into<Vec<u8>>) {
        self.lock().insert(path.into(), contents.into());
    }

    /// The contents of a file, if present.
    pub fn get(&self, path: impl AsRef<Path>) -> Option<Vec<u8>> {
        self.lock().get(path.as_ref()).cloned()
    }

    /// Every path, in order.
    pub fn paths(&self) -> Vec<PathBuf> {
        self.lock().keys().cloned().collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<PathBuf, Vec<u8>>> {
        // Every update is a single insert, so a poisoned map is still consistent.
        self.files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl FileSystem for MemoryFileSystem {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.get(path)
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "No such file or directory"))
    }

    fn write_private(&self, path: &Path, contents: &[u8]) -> io::Result<()> {
        self.insert(path, contents.to_vec());
        Ok(())
    }
}

/// Lets a [`FileSystem`] serve the config crate's read-only [`awscli_config::Fs`]
/// (`AWS_CREDENTIAL_FILE`, boto config).
pub(crate) struct ConfigFs<'a>(pub &'a dyn FileSystem);

impl awscli_config::Fs for ConfigFs<'_> {
    fn read_file(&self, path: &Path) -> Option<Vec<u8>> {
        self.0.read(path).ok()
    }
}

/// Python's text for an `OSError` from `open(path)`, e.g.
/// `[Errno 2] No such file or directory: '/x'`.
pub(crate) fn os_error_text(error: &io::Error, path: &Path) -> String {
    let (errno, text) = match error.kind() {
        io::ErrorKind::NotFound => (2, "No such file or directory"),
        io::ErrorKind::PermissionDenied => (13, "Permission denied"),
        _ => return format!("{error}: '{}'", path.display()),
    };
    format!("[Errno {errno}] {text}: '{}'", path.display())
}

/// botocore's `JSONFileCache`: one `<key>.json` file per entry in a directory.
#[derive(Clone)]
pub struct JsonFileCache {
    dir: PathBuf,
    fs: Arc<dyn FileSystem>,
}

impl std::fmt::Debug for JsonFileCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonFileCache")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

impl JsonFileCache {
    /// A cache in `dir`.
    pub fn new(dir: impl Into<PathBuf>, fs: Arc<dyn FileSystem>) -> Self {
        Self {
            dir: dir.into(),
            fs,
        }
    }

    /// The file holding `key`.
    pub fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }

    /// The entry, or `None` when the file is missing, unreadable or not JSON (`KeyError`).
    pub fn get(&self, key: &str) -> Option<serde_json::Value> {
        let bytes = self.fs.read(&self.path(key)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Writes the entry as Python's `json.dumps` would (default separators).
    pub fn set(&self, key: &str, value: &serde_json::Value) -> io::Result<()> {
        let text = crate::pyjson::dumps(value, false, false);
        self.fs.write_private(&self.path(key), text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_round_trip_in_memory() {
        let fs = MemoryFileSystem::new();
        let cache = JsonFileCache::new("/h/.aws/cli/cache", Arc::new(fs.clone()));
        assert_eq!(cache.get("k"), None);
        cache
            .set("k", &serde_json::json!({"a": 1, "b": "x"}))
            .expect("memory write");
        assert_eq!(
            fs.get("/h/.aws/cli/cache/k.json"),
            Some(br#"{"a": 1, "b": "x"}"#.to_vec())
        );
        assert_eq!(cache.get("k"), Some(serde_json::json!({"a": 1, "b": "x"})));
        fs.insert("/h/.aws/cli/cache/bad.json", "not json");
        assert_eq!(cache.get("bad"), None);
    }

    #[test]
    fn real_fs_writes_private_files() {
        let dir = std::env::temp_dir().join(format!("awscli-credentials-{}", std::process::id()));
        let path = dir.join("nested/x.json");
        RealFileSystem
            .write_private(&path, b"{}")
            .expect("temp dir is writable");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path)
                .expect("just written")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn real_fs_replaces_a_file_by_rename() {
        let dir = std::env::temp_dir().join(format!("awscli-credentials-r-{}", std::process::id()));
        let path = dir.join("token.json");
        RealFileSystem
            .write_private(&path, b"old")
            .expect("temp dir is writable");
        // A hard link keeps the old inode: a rename leaves it untouched,
        // an in-place rewrite would change it.
        let old = dir.join("old-link");
        std::fs::hard_link(&path, &old).expect("hard link");
        RealFileSystem
            .write_private(&path, b"new contents")
            .expect("rewrite");
        assert_eq!(std::fs::read(&path).expect("new"), b"new contents");
        assert_eq!(std::fs::read(&old).expect("old"), b"old");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .expect("listing")
            .filter_map(|e| e.ok().map(|e| e.file_name()))
            .collect();
        assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
