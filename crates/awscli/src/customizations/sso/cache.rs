//! The two JSON file caches `aws sso login` and `aws sso logout` work on:
//! `~/.aws/sso/cache` (SSO tokens and OIDC client registrations) and
//! `~/.aws/cli/cache` (the role credentials the SSO provider cached).
//!
//! Spec: botocore `utils.py:JSONFileCache` with the CLI's `_sso_json_dumps`
//! (`awscli/customizations/sso/utils.py`), and the sweepers of
//! `awscli/customizations/sso/logout.py`. Unlike botocore, which truncates
//! and rewrites the file in place, entries are written to a temporary file
//! in the same directory and renamed over the old one, so an interrupted
//! login never leaves a half-written token that other SDKs would choke on.
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use awscli_model::Value;

/// `JSONFileCache`: one `<key>.json` file per entry in a directory.
#[derive(Debug, Clone)]
pub struct JsonFileCache {
    dir: PathBuf,
}

impl JsonFileCache {
    pub fn new(dir: impl Into<PathBuf>) -> JsonFileCache {
        JsonFileCache { dir: dir.into() }
    }

    /// The file holding `key`.
    pub fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }

    /// The entry, or `None` when the file is missing or not JSON
    /// (`__getitem__`'s `KeyError`).
    pub fn get(&self, key: &str) -> Option<serde_json::Value> {
        let bytes = std::fs::read(self.path(key)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Writes the entry as `json.dumps` (default separators, ASCII only)
    /// into a 0600 file, creating the directory when needed.
    pub fn set(&self, key: &str, value: &Value) -> io::Result<()> {
        let mut text = String::new();
        awscli_jmespath::python::write_json(&mut text, value, SSO_JSON);
        write_private_atomically(&self.path(key), text.as_bytes())
    }
}

/// `json.dumps(obj)`'s layout.
const SSO_JSON: awscli_jmespath::python::JsonStyle = awscli_jmespath::python::JsonStyle {
    indent: None,
    ensure_ascii: true,
    compact: false,
};

/// The error as Python's `str(OSError)` words it for `path`
/// (`[Errno 13] Permission denied: '/x'`), which is what the reference
/// prints when a cache file cannot be written or removed.
fn os_error(error: io::Error, path: &Path) -> io::Error {
    let text = match error.raw_os_error() {
        Some(errno) => {
            let full = io::Error::from_raw_os_error(errno).to_string();
            // Rust appends " (os error N)" to strerror's text.
            let strerror = full
                .strip_suffix(&format!(" (os error {errno})"))
                .unwrap_or(&full)
                .to_owned();
            format!("[Errno {errno}] {strerror}: '{}'", path.display())
        }
        None => format!("{error}: '{}'", path.display()),
    };
    io::Error::new(error.kind(), text)
}

/// Writes `contents` to a temporary sibling of `path` created with mode
/// 0600, then renames it over `path`.
fn write_private_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "cache path has no folder"))?;
    std::fs::create_dir_all(dir).map_err(|e| os_error(e, dir))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&temp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        // The rename did not happen; the temporary file is ours to remove.
        let _ = std::fs::remove_file(&temp);
    }
    result.map_err(|e| os_error(e, path))
}

/// `BaseCredentialSweeper.delete_credentials`: every file of `dir` whose
/// JSON content `should_delete` accepts is handed to `before_deletion`, then
/// removed. Unreadable files and non-JSON files are skipped; a missing
/// folder is nothing to do.
pub fn sweep<E>(
    dir: &Path,
    should_delete: impl Fn(&serde_json::Value) -> bool,
    mut before_deletion: impl FnMut(&serde_json::Value) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<io::Error>,
{
    if !dir.is_dir() {
        return Ok(());
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    // os.listdir's order is the filesystem's; sorting keeps runs repeatable.
    paths.sort();
    for path in paths {
        let Some(contents) = std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        else {
            continue;
        };
        if should_delete(&contents) {
            before_deletion(&contents)?;
            std::fs::remove_file(&path).map_err(|e| os_error(e, &path))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use indexmap::IndexMap;

    fn temp_dir(tag: &str) -> PathBuf {
        std::env::temp_dir().join(format!("awscli-sso-cache-{tag}-{}", std::process::id()))
    }

    #[test]
    fn set_writes_python_json_privately_and_get_reads_it() {
        let dir = temp_dir("set");
        let cache = JsonFileCache::new(dir.join("sso/cache"));
        let value = Value::Map(IndexMap::from([
            (
                "startUrl".to_owned(),
                Value::String("https://x/start".into()),
            ),
            (
                "scopes".to_owned(),
                Value::List(vec![Value::String("a".into()), Value::String("é".into())]),
            ),
        ]));
        cache.set("k", &value).expect("temp dir is writable");
        let text = std::fs::read_to_string(cache.path("k")).expect("just written");
        assert_eq!(
            text,
            r#"{"startUrl": "https://x/start", "scopes": ["a", "\u00e9"]}"#
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(cache.path("k"))
                .expect("just written")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(
            cache.get("k").and_then(|v| v.get("startUrl").cloned()),
            Some(serde_json::json!("https://x/start"))
        );
        // Only the entry is left behind, no temporary file.
        let names: Vec<_> = std::fs::read_dir(dir.join("sso/cache"))
            .expect("exists")
            .filter_map(|e| e.ok().map(|e| e.file_name()))
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("k.json")]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn errors_read_like_python_os_errors() {
        let error = os_error(
            io::Error::from_raw_os_error(13),
            Path::new("/h/.aws/sso/cache/k.json"),
        );
        assert_eq!(
            error.to_string(),
            "[Errno 13] Permission denied: '/h/.aws/sso/cache/k.json'"
        );
        assert_eq!(error.kind(), io::ErrorKind::PermissionDenied);
    }

    #[test]
    fn sweep_removes_only_matching_json_files() {
        let dir = temp_dir("sweep");
        std::fs::create_dir_all(&dir).expect("temp dir is writable");
        std::fs::write(dir.join("a.json"), r#"{"accessToken": "t"}"#).expect("write");
        std::fs::write(dir.join("b.json"), r#"{"clientId": "c"}"#).expect("write");
        std::fs::write(dir.join("c.json"), "not json").expect("write");
        let mut seen = Vec::new();
        sweep::<io::Error>(
            &dir,
            |v| v.get("accessToken").is_some(),
            |v| {
                seen.push(v.clone());
                Ok(())
            },
        )
        .expect("sweep");
        assert_eq!(seen.len(), 1);
        assert!(!dir.join("a.json").exists());
        assert!(dir.join("b.json").exists());
        assert!(dir.join("c.json").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
