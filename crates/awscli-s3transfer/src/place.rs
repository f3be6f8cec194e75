//! How a download held in memory lands at its target: written, dated, and
//! only then given the target's name, so a failure leaves neither a partial
//! file nor a temporary one (s3transfer `download.py`,
//! `DownloadFilenameOutputManager`: a temporary file beside the target,
//! renamed when complete; `utils.py` `OSUtils.get_temp_filename`).
//!
//! On Linux the file starts as an unnamed `O_TMPFILE` inode in the target's
//! directory and is linked to the target's name when complete. Against a
//! named temporary renamed into place this is one directory-entry operation
//! instead of three (create, then rename's insert and remove), the inode is
//! allocated without holding the directory's lock (on ext4 that allocation
//! is the slow part when many files were deleted recently, and a second
//! thread spins on the lock meanwhile), and a crash leaves no temporary
//! name behind. Where the target already exists the inode is linked to a
//! temporary name and renamed over it; where `O_TMPFILE` or the link is not
//! available (other systems, some filesystems, no `/proc`), the named
//! temporary file is used from the start.
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::transfer::os_error;
use crate::TransferError;

/// Writes `contents` to `dest` through a temporary file beside it, with
/// `mtime` as its access and modification times. A file that was written
/// but could not be dated is still put in place (`Utime`), as the
/// reference does.
pub fn place_file(
    dest: &Path,
    contents: &[u8],
    mtime: Option<SystemTime>,
) -> Result<(), TransferError> {
    #[cfg(target_os = "linux")]
    match unnamed::place(dest, contents, mtime) {
        Ok(dated) => return dated_result(dest, dated),
        Err(unnamed::Fallback::Failed(e)) => return Err(e),
        Err(unnamed::Fallback::Unsupported) => {}
    }
    let dated = place_named(dest, contents, mtime)?;
    dated_result(dest, dated)
}

fn dated_result(dest: &Path, dated: bool) -> Result<(), TransferError> {
    if dated {
        Ok(())
    } else {
        Err(TransferError::Utime(dest.display().to_string()))
    }
}

/// The parent directory a file is created in ("." for a bare name).
fn parent_of(dest: &Path) -> &Path {
    match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Creates the target's directory after a create failed for want of it.
/// A parent that exists as a file fails here with the error the
/// reference reports (`[Errno 17] File exists`).
fn create_parent(dest: &Path) -> Result<(), TransferError> {
    let parent = parent_of(dest);
    std::fs::create_dir_all(parent).map_err(|e| os_error(&e, parent))
}

/// Whether a create failed because the directory is missing (or is not a
/// directory): the one case where creating the directory is worth a try.
/// Checking first would cost a `stat` per file in the common case.
fn missing_parent(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
    )
}

/// Sets both times on an open file (`futimens`): before the file has its
/// name, so the name never shows an undated file.
fn date(file: &std::fs::File, mtime: Option<SystemTime>) -> bool {
    mtime.is_none_or(|t| {
        file.set_times(std::fs::FileTimes::new().set_accessed(t).set_modified(t))
            .is_ok()
    })
}

/// The named temporary file renamed over `dest`; whether it could be
/// dated.
fn place_named(
    dest: &Path,
    contents: &[u8],
    mtime: Option<SystemTime>,
) -> Result<bool, TransferError> {
    let temp = temp_filename(dest);
    let create = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
    };
    let mut file = match create() {
        Err(e) if missing_parent(&e) => {
            create_parent(dest)?;
            create()
        }
        other => other,
    }
    .map_err(|e| os_error(&e, &temp))?;
    if let Err(e) = file.write_all(contents) {
        drop(file);
        let _ = std::fs::remove_file(&temp);
        return Err(os_error(&e, &temp));
    }
    let dated = date(&file, mtime);
    drop(file);
    rename_into_place(&temp, dest)?;
    Ok(dated)
}

/// Renames `temp` over `dest`, removing `temp` if that fails.
fn rename_into_place(temp: &Path, dest: &Path) -> Result<(), TransferError> {
    std::fs::rename(temp, dest).map_err(|e| {
        let _ = std::fs::remove_file(temp);
        os_error(&e, dest)
    })
}

/// `OSUtils.get_temp_filename`: `<name>.<8 random hexdigits>` beside the
/// target, the name cut so the whole stays within 255 characters.
pub fn temp_filename(dest: &Path) -> PathBuf {
    const HEXDIGITS: &[u8] = b"0123456789abcdefABCDEF";
    let suffix: String = (0..8)
        .map(|_| HEXDIGITS[fastrand::usize(..HEXDIGITS.len())] as char)
        .collect();
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let keep = 255 - 9;
    let cut: String = name.chars().take(keep).collect();
    dest.with_file_name(format!("{cut}.{suffix}"))
}

#[cfg(target_os = "linux")]
mod unnamed {
    //! `O_TMPFILE` + `linkat`.
    use std::io::Write;
    use std::os::fd::AsRawFd;
    use std::path::Path;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::SystemTime;

    use rustix::fs::{AtFlags, Mode, OFlags, CWD};
    use rustix::io::Errno;

    use super::{create_parent, date, missing_parent, parent_of, rename_into_place, temp_filename};
    use crate::transfer::os_error;
    use crate::TransferError;

    /// Why the unnamed way did not place the file.
    pub enum Fallback {
        /// Not available here: use a named temporary file instead.
        Unsupported,
        /// A real failure, reported as is.
        Failed(TransferError),
    }

    /// Set once `linkat(fd, "", AT_EMPTY_PATH)` was refused (it needs
    /// `CAP_DAC_READ_SEARCH`): later links go through `/proc/self/fd`.
    static NO_EMPTY_PATH: AtomicBool = AtomicBool::new(false);

    /// Places the file; `Ok(dated)` once it is at `dest`.
    pub fn place(
        dest: &Path,
        contents: &[u8],
        mtime: Option<SystemTime>,
    ) -> Result<bool, Fallback> {
        let open = || {
            rustix::fs::openat(
                CWD,
                parent_of(dest),
                OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC,
                Mode::from_raw_mode(0o666),
            )
            .map_err(std::io::Error::from)
        };
        let fd = match open() {
            Err(e) if missing_parent(&e) => {
                create_parent(dest).map_err(Fallback::Failed)?;
                open()
            }
            other => other,
        }
        // EOPNOTSUPP (the filesystem), EISDIR (kernels before 3.11), ...
        .map_err(|_| Fallback::Unsupported)?;
        let mut file = std::fs::File::from(fd);
        // A failed write leaves nothing: the inode has no name yet.
        file.write_all(contents)
            .map_err(|e| Fallback::Failed(os_error(&e, dest)))?;
        let dated = date(&file, mtime);
        match link(&file, dest) {
            Ok(()) => Ok(dated),
            Err(Errno::EXIST) => {
                // Replacing a file: a name beside it, then rename over it
                // (a link never replaces).
                let temp = temp_filename(dest);
                link(&file, &temp).map_err(|_| Fallback::Unsupported)?;
                rename_into_place(&temp, dest).map_err(Fallback::Failed)?;
                Ok(dated)
            }
            Err(_) => Err(Fallback::Unsupported),
        }
    }

    /// Gives the unnamed file `file` the name `to`.
    fn link(file: &std::fs::File, to: &Path) -> Result<(), Errno> {
        if !NO_EMPTY_PATH.load(Ordering::Relaxed) {
            match rustix::fs::linkat(file, "", CWD, to, AtFlags::EMPTY_PATH) {
                Ok(()) => return Ok(()),
                Err(Errno::EXIST) => return Err(Errno::EXIST),
                // ENOENT or EPERM without the capability.
                Err(_) => NO_EMPTY_PATH.store(true, Ordering::Relaxed),
            }
        }
        link_through_proc(file, to)
    }

    /// `linkat` of the file's `/proc/self/fd` entry, which any user may do.
    pub(super) fn link_through_proc(file: &std::fs::File, to: &Path) -> Result<(), Errno> {
        let proc_path = format!("/proc/self/fd/{}", file.as_raw_fd());
        rustix::fs::linkat(CWD, proc_path.as_str(), CWD, to, AtFlags::SYMLINK_FOLLOW)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "s3transfer-place-{name}-{}-{}",
            std::process::id(),
            fastrand::u32(..)
        ));
        std::fs::create_dir_all(&dir).expect("creating a scratch directory");
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .expect("listing the scratch directory")
            .map(|e| {
                e.expect("a directory entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn temp_names_sit_beside_the_target() {
        let t = temp_filename(Path::new("/d/file.txt"));
        let name = t.file_name().unwrap().to_str().unwrap().to_owned();
        assert!(name.starts_with("file.txt."));
        assert_eq!(name.len(), "file.txt.".len() + 8);
        assert_eq!(t.parent(), Some(Path::new("/d")));
        let long = "x".repeat(300);
        let t = temp_filename(&Path::new("/d").join(&long));
        assert_eq!(t.file_name().unwrap().len(), 255);
    }

    #[test]
    fn places_new_and_existing_files_dated_with_nothing_left_over() {
        let dir = scratch("new");
        let when = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_500_000_000);
        let dest = dir.join("sub/deeper/a.bin");
        place_file(&dest, b"first", Some(when)).unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"first");
        let modified = std::fs::metadata(&dest).unwrap().modified().unwrap();
        assert_eq!(modified, when);
        // Replacing keeps one name and the new contents.
        place_file(&dest, b"second", None).unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"second");
        assert_eq!(names(&dir.join("sub/deeper")), vec!["a.bin"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn placed_files_get_the_mode_of_a_created_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("mode");
        place_file(&dir.join("placed"), b"", None).unwrap();
        std::fs::write(dir.join("created"), b"").unwrap();
        let mode = |name: &str| {
            std::fs::metadata(dir.join(name))
                .unwrap()
                .permissions()
                .mode()
        };
        assert_eq!(mode("placed"), mode("created"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn named_fallback_places_and_cleans_up() {
        let dir = scratch("named");
        let dest = dir.join("new/b.bin");
        assert!(place_named(&dest, b"x", None).unwrap());
        assert_eq!(std::fs::read(&dest).unwrap(), b"x");
        // Renaming a file over a directory fails and removes the temp file.
        std::fs::create_dir(dir.join("new/taken")).unwrap();
        assert!(place_named(&dir.join("new/taken"), b"y", None).is_err());
        assert_eq!(names(&dir.join("new")), vec!["b.bin", "taken"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_parent_that_is_a_file_fails_like_the_reference() {
        let dir = scratch("parent-file");
        std::fs::write(dir.join("f"), b"").unwrap();
        let err = place_file(&dir.join("f/c.bin"), b"z", None).unwrap_err();
        assert!(
            err.to_string().starts_with("[Errno 17] File exists"),
            "{err}"
        );
        assert_eq!(names(&dir), vec!["f"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_directory_at_the_target_fails_and_leaves_nothing() {
        let dir = scratch("target-dir");
        std::fs::create_dir(dir.join("d")).unwrap();
        assert!(place_file(&dir.join("d"), b"z", None).is_err());
        assert_eq!(names(&dir), vec!["d"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn links_through_proc_without_the_capability() {
        use rustix::fs::{Mode, OFlags, CWD};
        let dir = scratch("proc");
        let fd = rustix::fs::openat(
            CWD,
            &dir,
            OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC,
            Mode::from_raw_mode(0o666),
        )
        .unwrap();
        let mut file = std::fs::File::from(fd);
        file.write_all(b"via proc").unwrap();
        unnamed::link_through_proc(&file, &dir.join("p.bin")).unwrap();
        assert_eq!(std::fs::read(dir.join("p.bin")).unwrap(), b"via proc");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
