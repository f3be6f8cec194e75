//! A temporary directory that serves as a CLI run's HOME and working
//! directory, removed when dropped. Hermetic runs need nothing more than a
//! fresh directory, so this avoids a `tempfile` dependency.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::HarnessError;

static NEXT: AtomicU64 = AtomicU64::new(0);

/// A fresh directory under the system temp dir; removed on drop.
#[derive(Debug)]
pub struct Sandbox {
    root: PathBuf,
}

impl Sandbox {
    /// Creates `$TMPDIR/awscli-test-<pid>-<n>-<nanos>` with `.aws/` inside.
    pub fn new() -> Result<Sandbox, HarnessError> {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let root = std::env::temp_dir().join(format!(
            "awscli-test-{}-{}-{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        fs::create_dir_all(root.join(".aws"))
            .map_err(HarnessError::io(format!("creating {}", root.display())))?;
        Ok(Sandbox { root })
    }

    /// The directory (HOME and working directory of runs in this sandbox).
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// `AWS_CONFIG_FILE` of runs in this sandbox (may not exist).
    pub fn config_file(&self) -> PathBuf {
        self.root.join(".aws").join("config")
    }

    /// `AWS_SHARED_CREDENTIALS_FILE` of runs in this sandbox (may not exist).
    pub fn credentials_file(&self) -> PathBuf {
        self.root.join(".aws").join("credentials")
    }

    /// Writes `contents` to `relative` inside the sandbox (creating parent
    /// directories) and returns the absolute path.
    pub fn write(
        &self,
        relative: impl AsRef<Path>,
        contents: impl AsRef<[u8]>,
    ) -> Result<PathBuf, HarnessError> {
        let path = self.root.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(HarnessError::io(format!("creating {}", parent.display())))?;
        }
        fs::write(&path, contents)
            .map_err(HarnessError::io(format!("writing {}", path.display())))?;
        Ok(path)
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        // Best effort: a leftover temp dir is not worth failing a test over.
        let _ = fs::remove_dir_all(&self.root);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sandbox_is_fresh_and_removed_on_drop() {
        let sandbox = Sandbox::new().unwrap();
        let root = sandbox.path().to_path_buf();
        let file = sandbox.write("a/b.txt", "x").unwrap();
        assert_eq!(fs::read(&file).unwrap(), b"x");
        assert_ne!(Sandbox::new().unwrap().path(), root);
        drop(sandbox);
        assert!(!root.exists());
    }
}
