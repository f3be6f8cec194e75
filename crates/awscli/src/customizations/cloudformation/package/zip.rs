//! The zip archive `cloudformation package` uploads for a directory
//! artifact, byte for byte as the reference's `make_zip` writes it with
//! Python's `zipfile` (`ZIP_DEFLATED`, zlib level 6, raw deflate).
//!
//! Spec: `artifact_exporter.make_zip` and CPython 3.11 `zipfile`
//! (`ZipInfo.from_file`, `FileHeader`, `_write_end_record`). Files are
//! taken in `os.walk(followlinks=True)` order (top-down, each directory's
//! entries in the order the file system lists them, files before
//! subdirectories), so the archive (and so its MD5, the S3 key) matches
//! the reference's for the same tree. Entries carry the local-time mtime in
//! DOS form and the Unix mode in the external attributes; directories are
//! not stored.
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why an archive could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ZipError {
    #[error("[Errno 2] No such file or directory: '{}'", .0.display())]
    Missing(PathBuf),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// One file to store: its archive name, content, mode and mtime.
pub struct Entry {
    pub name: String,
    pub data: Vec<u8>,
    pub mode: u32,
    pub mtime: i64,
}

/// The files of `root` as `os.walk(root, followlinks=True)` visits them.
pub fn walk(root: &Path) -> Result<Vec<Entry>, ZipError> {
    let mut entries = Vec::new();
    walk_into(root, root, &mut entries)?;
    Ok(entries)
}

fn walk_into(root: &Path, dir: &Path, entries: &mut Vec<Entry>) -> Result<(), ZipError> {
    // os.walk silently skips directories it cannot list.
    let Ok(listing) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    let mut subdirs = Vec::new();
    for item in listing.flatten() {
        let path = item.path();
        // `is_dir()` of a scandir entry follows symlinks.
        if std::fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
            subdirs.push(path);
            continue;
        }
        entries.push(entry_for(&path, relative_name(root, &path))?);
    }
    for sub in subdirs {
        walk_into(root, &sub, entries)?;
    }
    Ok(())
}

fn relative_name(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// A file as `ZipInfo.from_file` sees it (`os.stat`, following links).
pub fn entry_for(path: &Path, name: String) -> Result<Entry, ZipError> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).map_err(|_| ZipError::Missing(path.to_owned()))?;
    let data = std::fs::read(path)?;
    Ok(Entry {
        name,
        data,
        mode: meta.mode(),
        mtime: meta.mtime(),
    })
}

/// `(dosdate, dostime)` of a Unix time in the local time zone.
fn dos_date_time(mtime: i64) -> (u16, u16) {
    let zoned = jiff::Timestamp::from_second(mtime)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned(jiff::tz::TimeZone::system());
    let year = (i32::from(zoned.year()) - 1980).clamp(0, 127) as u16;
    let date = (year << 9) | ((zoned.month() as u16) << 5) | zoned.day() as u16;
    let time = ((zoned.hour() as u16) << 11)
        | ((zoned.minute() as u16) << 5)
        | ((zoned.second() as u16) / 2);
    (date, time)
}

fn deflate(data: &[u8]) -> Result<Vec<u8>, std::io::Error> {
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::new(6));
    encoder.write_all(data)?;
    encoder.finish()
}

/// The archive of `entries`, as `zipfile.ZipFile(f, 'w', ZIP_DEFLATED)`
/// writes it to a seekable file.
pub fn archive(entries: &[Entry]) -> Result<Vec<u8>, ZipError> {
    const VERSION: u16 = 20;
    let mut out = Vec::new();
    let mut central = Vec::new();
    for entry in entries {
        let compressed = deflate(&entry.data)?;
        let crc = {
            let mut crc = flate2::Crc::new();
            crc.update(&entry.data);
            crc.sum()
        };
        let (flags, name) = if entry.name.is_ascii() {
            (0u16, entry.name.as_bytes())
        } else {
            (0x800u16, entry.name.as_bytes())
        };
        let (date, time) = dos_date_time(entry.mtime);
        let offset = out.len() as u32;
        let sizes = |v: &mut Vec<u8>| {
            v.extend(crc.to_le_bytes());
            v.extend((compressed.len() as u32).to_le_bytes());
            v.extend((entry.data.len() as u32).to_le_bytes());
            v.extend((name.len() as u16).to_le_bytes());
            v.extend(0u16.to_le_bytes());
        };
        out.extend(b"PK\x03\x04");
        out.extend(VERSION.to_le_bytes());
        out.extend(flags.to_le_bytes());
        out.extend(8u16.to_le_bytes());
        out.extend(time.to_le_bytes());
        out.extend(date.to_le_bytes());
        sizes(&mut out);
        out.extend(name);
        out.extend(&compressed);

        central.extend(b"PK\x01\x02");
        // create_version, create_system (3 = Unix), extract_version, reserved
        central.extend([VERSION as u8, 3]);
        central.extend(VERSION.to_le_bytes());
        central.extend(flags.to_le_bytes());
        central.extend(8u16.to_le_bytes());
        central.extend(time.to_le_bytes());
        central.extend(date.to_le_bytes());
        sizes(&mut central);
        // comment length, disk number, internal attributes
        central.extend([0u8; 6]);
        central.extend(((entry.mode & 0xffff) << 16).to_le_bytes());
        central.extend(offset.to_le_bytes());
        central.extend(name);
    }
    let central_offset = out.len() as u32;
    let count = entries.len() as u16;
    out.extend(&central);
    out.extend(b"PK\x05\x06");
    out.extend([0u8; 4]);
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(central_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    Ok(out)
}

/// `zipfile.is_zipfile`: an end-of-central-directory record near the end.
pub fn is_zip_file(path: &Path) -> bool {
    let Ok(data) = std::fs::read(path) else {
        return false;
    };
    if data.len() < 22 {
        return false;
    }
    let from = data.len().saturating_sub(22 + 65_535);
    let tail = &data[from..];
    (0..=tail.len() - 22).rev().any(|i| {
        &tail[i..i + 4] == b"PK\x05\x06" && {
            let comment = u16::from_le_bytes([tail[i + 20], tail[i + 21]]) as usize;
            i + 22 + comment == tail.len()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_layout() {
        let zip = archive(&[Entry {
            name: "a.txt".into(),
            data: b"hello".to_vec(),
            mode: 0o100644,
            mtime: 0,
        }])
        .unwrap();
        assert_eq!(&zip[..4], b"PK\x03\x04");
        // Local header (30 + 5 name) + deflated data + central (46 + 5) + end (22).
        assert!(zip.ends_with(&[0, 0]));
        let dir = std::env::temp_dir().join(format!("zip-test-{}", std::process::id()));
        std::fs::write(&dir, &zip).unwrap();
        assert!(is_zip_file(&dir));
        std::fs::remove_file(&dir).unwrap();
    }
}
