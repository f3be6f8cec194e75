//! Content-Type guessing for uploads, as Python's `mimetypes.guess_type`
//! (used by the reference's `guess_content_type`): the built-in table, then
//! the system's `/etc/mime.types` overriding it, suffix aliases (`.tgz`)
//! and compression suffixes (`.gz`), which are stripped before the lookup.
use std::collections::HashMap;
use std::sync::OnceLock;

const BUILTIN: &[(&str, &str)] = &[
    ("js", "text/javascript"),
    ("mjs", "text/javascript"),
    ("json", "application/json"),
    ("webmanifest", "application/manifest+json"),
    ("doc", "application/msword"),
    ("bin", "application/octet-stream"),
    ("exe", "application/octet-stream"),
    ("pdf", "application/pdf"),
    ("ps", "application/postscript"),
    ("rtf", "application/rtf"),
    ("xls", "application/vnd.ms-excel"),
    ("ppt", "application/vnd.ms-powerpoint"),
    ("wasm", "application/wasm"),
    ("bz2", "application/x-bzip2"),
    ("tar", "application/x-tar"),
    ("sh", "application/x-sh"),
    ("swf", "application/x-shockwave-flash"),
    ("xml", "text/xml"),
    ("zip", "application/zip"),
    ("mp3", "audio/mpeg"),
    ("wav", "audio/x-wav"),
    ("bmp", "image/bmp"),
    ("gif", "image/gif"),
    ("ico", "image/vnd.microsoft.icon"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("png", "image/png"),
    ("svg", "image/svg+xml"),
    ("tif", "image/tiff"),
    ("tiff", "image/tiff"),
    ("webp", "image/webp"),
    ("css", "text/css"),
    ("csv", "text/csv"),
    ("htm", "text/html"),
    ("html", "text/html"),
    ("md", "text/markdown"),
    ("markdown", "text/markdown"),
    ("txt", "text/plain"),
    ("text", "text/plain"),
    ("conf", "text/plain"),
    ("py", "text/x-python"),
    ("mp4", "video/mp4"),
    ("mpeg", "video/mpeg"),
    ("mov", "video/quicktime"),
    ("webm", "video/webm"),
    ("avi", "video/x-msvideo"),
];

const SUFFIXES: &[(&str, &str)] = &[
    ("svgz", "svg.gz"),
    ("tgz", "tar.gz"),
    ("taz", "tar.gz"),
    ("tz", "tar.gz"),
    ("tbz2", "tar.bz2"),
    ("txz", "tar.xz"),
];

const ENCODINGS: &[&str] = &["gz", "Z", "bz2", "xz", "br"];

fn table() -> &'static HashMap<String, String> {
    static TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map: HashMap<String, String> = BUILTIN
            .iter()
            .map(|(e, t)| ((*e).to_owned(), (*t).to_owned()))
            .collect();
        if let Ok(text) = std::fs::read_to_string("/etc/mime.types") {
            for line in text.lines() {
                let line = line.split('#').next().unwrap_or("");
                let mut words = line.split_whitespace();
                let Some(kind) = words.next() else { continue };
                for ext in words {
                    map.insert(ext.to_owned(), kind.to_owned());
                }
            }
        }
        map
    })
}

/// `posixpath.splitext` on a base name: the extension starts at the last
/// dot that has a non-dot character before it (`.bashrc` and `..txt` have
/// none). Returns (stem, extension without its dot).
fn splitext(name: &str) -> Option<(&str, &str)> {
    let dot = name.rfind('.')?;
    name[..dot]
        .bytes()
        .any(|b| b != b'.')
        .then(|| (&name[..dot], &name[dot + 1..]))
}

/// `mimetypes.guess_type(path)[0]` (Python 3.11): suffix aliases are
/// matched case-insensitively, compression suffixes case-sensitively, the
/// type table with the lower-cased extension.
pub fn guess_type(path: &str) -> Option<String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut base = name.to_owned();
    while let Some((stem, ext)) = splitext(&base) {
        let lower = ext.to_ascii_lowercase();
        match SUFFIXES.iter().find(|(s, _)| *s == lower) {
            Some((_, replacement)) => base = format!("{stem}.{replacement}"),
            None => break,
        }
    }
    let (stem, ext) = splitext(&base)?;
    let ext = if ENCODINGS.contains(&ext) {
        splitext(stem)?.1
    } else {
        ext
    };
    table().get(&ext.to_ascii_lowercase()).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_types() {
        assert_eq!(guess_type("a.txt").as_deref(), Some("text/plain"));
        assert_eq!(guess_type("d/a.JPG").as_deref(), Some("image/jpeg"));
        assert_eq!(guess_type("a.tar.gz").as_deref(), Some("application/x-tar"));
        assert_eq!(guess_type("a.gz"), None);
        assert_eq!(guess_type("noext"), None);
        // Checked against Python 3.11's mimetypes with /etc/mime.types.
        assert_eq!(guess_type(".bashrc"), None);
        assert_eq!(guess_type("..txt"), None);
        assert_eq!(guess_type("a..txt").as_deref(), Some("text/plain"));
        assert_eq!(guess_type("x.TGZ").as_deref(), Some("application/x-tar"));
        assert_eq!(guess_type("a.Z"), None);
    }
}
