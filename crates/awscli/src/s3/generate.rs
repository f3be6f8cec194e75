//! What a transfer command works on: the files of a local tree or the
//! objects under an S3 prefix, in S3's key order, each with its
//! destination and compare key; and `sync`'s comparison of the two sides.
//!
//! Spec: `awscli/customizations/s3/filegenerator.py`, `fileformat.py`,
//! `comparator.py`, `syncstrategy/` and `utils.py` (`BucketLister`,
//! `find_dest_path_comp_key`).
use std::os::unix::fs::FileTypeExt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use awscli_model::Value;
use awscli_s3transfer::client::s;
use awscli_s3transfer::S3Client;
use indexmap::IndexMap;
use tokio::sync::mpsc;

use super::filters::Filter;
use super::paths::find_bucket_key;
use super::results::Event;

/// Where a path lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Local,
    S3,
}

/// The operation a file gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Upload,
    Download,
    Copy,
    Delete,
}

impl Op {
    pub fn name(self) -> &'static str {
        match self {
            Op::Upload => "upload",
            Op::Download => "download",
            Op::Copy => "copy",
            Op::Delete => "delete",
        }
    }
}

/// One file or object to act on (`FileStat`/`FileInfo`).
#[derive(Debug, Clone)]
pub struct FileInfo {
    /// An absolute local path, or `bucket/key`.
    pub src: String,
    pub dest: String,
    pub compare_key: String,
    pub size: Option<u64>,
    /// Modification time in microseconds since the epoch.
    pub last_update: Option<i64>,
    pub src_type: Location,
    pub dest_type: Location,
    pub op: Op,
    pub etag: Option<String>,
    pub storage_class: Option<String>,
    /// `Restore` of a HeadObject response (`ongoing-request="false"` when restored).
    pub restore: Option<String>,
    /// Set by the comparator for a file missing at the destination in
    /// exactly this case: the file `--case-conflict` checks.
    pub not_at_dest: bool,
}

/// The formatted source and destination (`FileFormat.format`).
#[derive(Debug, Clone)]
pub struct Files {
    pub src_path: String,
    pub src_type: Location,
    pub dest_path: String,
    pub dest_type: Location,
    pub dir_op: bool,
    pub use_src_name: bool,
}

impl Files {
    /// `FileFormat.format(src, dest, dir_op)`; local paths must be absolute already.
    pub fn format(src: &str, dest: &str, dir_op: bool, cwd: &str) -> Files {
        let (src_type, src_path) = identify(src);
        let (dest_type, dest_path) = identify(dest);
        let src_path = format_path(src_type, &src_path, dir_op, cwd).0;
        let (dest_path, use_src_name) = format_path(dest_type, &dest_path, dir_op, cwd);
        Files {
            src_path,
            src_type,
            dest_path,
            dest_type,
            dir_op,
            use_src_name,
        }
    }

    /// `find_dest_path_comp_key`.
    pub fn dest_and_compare_key(&self, src_path: &str) -> (String, String) {
        let rel = if self.dir_op {
            src_path.get(self.src_path.len()..).unwrap_or("").to_owned()
        } else {
            src_path.rsplit('/').next().unwrap_or("").to_owned()
        };
        let dest = if self.use_src_name {
            format!("{}{rel}", self.dest_path)
        } else {
            self.dest_path.clone()
        };
        (dest, rel)
    }
}

fn identify(path: &str) -> (Location, String) {
    match path.strip_prefix("s3://") {
        Some(p) => (Location::S3, p.to_owned()),
        None => (Location::Local, path.to_owned()),
    }
}

fn format_path(kind: Location, path: &str, dir_op: bool, cwd: &str) -> (String, bool) {
    match kind {
        Location::Local => {
            let full = super::paths::abspath(path, cwd);
            let full = if full == "/" { String::new() } else { full };
            let is_dir = super::paths::is_dir(if full.is_empty() { "/" } else { &full });
            if dir_op || is_dir || path.ends_with('/') {
                (format!("{full}/"), true)
            } else {
                (full, false)
            }
        }
        Location::S3 => {
            if dir_op && !path.ends_with('/') {
                (format!("{path}/"), true)
            } else {
                (path.to_owned(), path.ends_with('/'))
            }
        }
    }
}

/// Sends a generated file, or stops when the receiver is gone.
pub type Sink = mpsc::Sender<FileInfo>;

fn warning(path: &str, message: &str) -> Event {
    Event::Warning(format!("warning: Skipping file {path}. {message}"))
}

fn micros(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_micros() as i64,
        Err(e) => -(e.duration().as_micros() as i64),
    }
}

/// A micro-second timestamp as a `SystemTime`.
pub fn system_time(micros: i64) -> SystemTime {
    if micros >= 0 {
        UNIX_EPOCH + Duration::from_micros(micros as u64)
    } else {
        UNIX_EPOCH - Duration::from_micros(micros.unsigned_abs())
    }
}

/// Walks local files (`FileGenerator.list_files`), blocking; run it on a
/// blocking thread.
pub struct LocalWalk {
    pub files: Files,
    pub op: Op,
    pub follow_symlinks: bool,
    pub filter: Filter,
    pub events: mpsc::UnboundedSender<Event>,
    pub sink: Sink,
}

impl LocalWalk {
    pub fn run(&self) {
        let root = self.files.src_path.clone();
        if self.ignore(&root) {
            return;
        }
        if !self.files.dir_op {
            if let Some(info) = self.stat(&root) {
                let _ = self.emit(info);
            }
            return;
        }
        self.walk(&root);
    }

    /// Returns false once the consumer has gone.
    fn walk(&self, dir: &str) -> bool {
        let entries = match std::fs::read_dir(dir.trim_end_matches('/').to_owned() + "/") {
            Ok(e) => e,
            Err(_) => return true,
        };
        let mut names: Vec<String> = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = format!("{dir}{name}");
            if self.ignore(&path) {
                continue;
            }
            if std::path::Path::new(&path).is_dir() {
                names.push(format!("{name}/"));
            } else {
                names.push(name);
            }
        }
        names.sort();
        for name in names {
            let path = format!("{dir}{name}");
            if name.ends_with('/') {
                if !self.ignore(&path) && !self.walk(&path) {
                    return false;
                }
            } else if let Some(info) = self.stat(&path) {
                if !self.emit(info) {
                    return false;
                }
            }
        }
        true
    }

    fn emit(&self, info: FileInfo) -> bool {
        if !self.filter.includes(&info.src) {
            return true;
        }
        self.sink.blocking_send(info).is_ok()
    }

    /// `should_ignore_file`: links when not following them, and files that
    /// warn (missing, special, unreadable).
    fn ignore(&self, path: &str) -> bool {
        let p = std::path::Path::new(path.trim_end_matches('/'));
        let p = if p.as_os_str().is_empty() {
            std::path::Path::new("/")
        } else {
            p
        };
        if !self.follow_symlinks
            && p.symlink_metadata()
                .map(|m| m.file_type().is_symlink())
                .unwrap_or(false)
        {
            return true;
        }
        let display = path;
        let Ok(meta) = std::fs::metadata(p) else {
            let _ = self.events.send(warning(display, "File does not exist."));
            return true;
        };
        let ft = meta.file_type();
        if ft.is_char_device() || ft.is_block_device() || ft.is_fifo() || ft.is_socket() {
            let _ = self.events.send(warning(
                display,
                "File is character special device, block special device, FIFO, or socket.",
            ));
            return true;
        }
        let readable = if meta.is_dir() {
            std::fs::read_dir(p).is_ok()
        } else {
            std::fs::File::open(p).is_ok()
        };
        if !readable {
            let _ = self
                .events
                .send(warning(display, "File/Directory is not readable."));
            return true;
        }
        false
    }

    fn stat(&self, path: &str) -> Option<FileInfo> {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(_) => {
                self.ignore(path);
                return None;
            }
        };
        let (dest, compare_key) = self.files.dest_and_compare_key(path);
        Some(FileInfo {
            src: path.to_owned(),
            dest,
            compare_key,
            size: Some(meta.len()),
            last_update: meta.modified().ok().map(micros),
            src_type: Location::Local,
            dest_type: self.files.dest_type,
            op: self.op,
            etag: None,
            storage_class: None,
            restore: None,
            not_at_dest: false,
        })
    }
}

/// Why an S3 listing stopped.
pub enum ListError {
    /// The consumer went away.
    Closed,
    /// `fatal error: <message>`.
    Fatal(String),
}

/// `urllib.parse.unquote_plus`, for keys listed with `EncodingType=url`.
pub fn unquote_plus(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn timestamp_micros(v: Option<&Value>) -> Option<i64> {
    match v {
        Some(Value::Timestamp(t)) => Some(t.seconds * 1_000_000 + i64::from(t.nanos / 1000)),
        _ => None,
    }
}

fn int(v: Option<&Value>) -> Option<u64> {
    match v {
        Some(Value::Integer(i)) => Some(*i as u64),
        _ => None,
    }
}

/// One page of `ListObjectsV2` (keys decoded).
pub struct Page {
    pub objects: Vec<Value>,
    pub prefixes: Vec<String>,
    pub next: Option<String>,
}

/// Calls ListObjectsV2 once, with `EncodingType=url` as botocore adds it.
pub async fn list_page(
    client: &S3Client,
    bucket: &str,
    prefix: &str,
    delimiter: Option<&str>,
    page_size: Option<i64>,
    token: Option<&str>,
    extra: &IndexMap<String, Value>,
) -> Result<Page, awscli_s3transfer::TransferError> {
    let mut input: IndexMap<String, Value> = IndexMap::new();
    input.insert("Bucket".into(), s(bucket));
    input.insert("Prefix".into(), s(prefix));
    if let Some(d) = delimiter {
        input.insert("Delimiter".into(), s(d));
    }
    input.insert("EncodingType".into(), s("url"));
    if let Some(n) = page_size {
        input.insert("MaxKeys".into(), Value::Integer(n));
    }
    if let Some(t) = token {
        input.insert("ContinuationToken".into(), s(t));
    }
    input.extend(extra.clone());
    let response = client.call("ListObjectsV2", Value::Map(input)).await?;
    let out = response.output;
    let mut objects: Vec<Value> = out
        .get("Contents")
        .and_then(Value::as_list)
        .unwrap_or(&[])
        .to_vec();
    for o in objects.iter_mut() {
        if let Some(map) = o.as_map_mut() {
            if let Some(Value::String(k)) = map.get_mut("Key") {
                *k = unquote_plus(k);
            }
        }
    }
    let prefixes = out
        .get("CommonPrefixes")
        .and_then(Value::as_list)
        .unwrap_or(&[])
        .iter()
        .filter_map(|p| p.get("Prefix").and_then(Value::as_str).map(unquote_plus))
        .collect();
    let truncated = matches!(out.get("IsTruncated"), Some(Value::Bool(true)));
    let next = if truncated {
        out.get("NextContinuationToken")
            .and_then(Value::as_str)
            .map(str::to_owned)
    } else {
        None
    };
    Ok(Page {
        objects,
        prefixes,
        next,
    })
}

/// Lists S3 objects (`FileGenerator.list_objects`).
pub struct S3Walk {
    pub client: Arc<S3Client>,
    pub files: Files,
    pub op: Op,
    pub page_size: Option<i64>,
    pub filter: Filter,
    pub list_extra: IndexMap<String, Value>,
    pub head_extra: IndexMap<String, Value>,
    pub sink: Sink,
}

impl S3Walk {
    pub async fn run(&self) -> Result<(), ListError> {
        let s3_path = self.files.src_path.clone();
        let (bucket, prefix) = find_bucket_key(&s3_path);
        if !self.files.dir_op && !prefix.is_empty() {
            let info = self.single(&s3_path, &bucket, &prefix).await?;
            return self.emit(info).await;
        }
        let mut token: Option<String> = None;
        loop {
            let page = list_page(
                &self.client,
                &bucket,
                &prefix,
                None,
                self.page_size,
                token.as_deref(),
                &self.list_extra,
            )
            .await
            .map_err(|e| ListError::Fatal(e.to_string()))?;
            for object in &page.objects {
                let key = object
                    .get("Key")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let source = format!("{bucket}/{key}");
                let size = int(object.get("Size")).unwrap_or(0);
                if size == 0 && source.ends_with('/') {
                    if self.op != Op::Delete {
                        continue;
                    }
                } else if !self.files.dir_op && s3_path != source {
                    continue;
                }
                let (dest, compare_key) = self.files.dest_and_compare_key(&source);
                let info = FileInfo {
                    src: source,
                    dest,
                    compare_key,
                    size: Some(size),
                    last_update: timestamp_micros(object.get("LastModified")),
                    src_type: Location::S3,
                    dest_type: self.files.dest_type,
                    op: self.op,
                    etag: object
                        .get("ETag")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    storage_class: object
                        .get("StorageClass")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    restore: None,
                    not_at_dest: false,
                };
                self.emit(info).await?;
            }
            match page.next {
                Some(t) => token = Some(t),
                None => return Ok(()),
            }
        }
    }

    async fn emit(&self, info: FileInfo) -> Result<(), ListError> {
        if !self.filter.includes(&info.src) {
            return Ok(());
        }
        self.sink.send(info).await.map_err(|_| ListError::Closed)
    }

    async fn single(&self, s3_path: &str, bucket: &str, key: &str) -> Result<FileInfo, ListError> {
        let (dest, compare_key) = self.files.dest_and_compare_key(s3_path);
        let mut info = FileInfo {
            src: s3_path.to_owned(),
            dest,
            compare_key,
            size: None,
            last_update: None,
            src_type: Location::S3,
            dest_type: self.files.dest_type,
            op: self.op,
            etag: None,
            storage_class: None,
            restore: None,
            not_at_dest: false,
        };
        if self.op == Op::Delete {
            return Ok(info);
        }
        let mut input: IndexMap<String, Value> = IndexMap::new();
        input.insert("Bucket".into(), s(bucket));
        input.insert("Key".into(), s(key));
        input.extend(self.head_extra.clone());
        let response = self.client.call("HeadObject", Value::Map(input)).await.map_err(|e| {
            let not_found = matches!(&e, awscli_s3transfer::TransferError::Call(c)
                if c.service_error().is_some_and(|s| s.code == "404"));
            if not_found {
                ListError::Fatal(format!(
                    "An error occurred (404) when calling the HeadObject operation: Key \"{key}\" does not exist"
                ))
            } else {
                ListError::Fatal(e.to_string())
            }
        })?;
        let out = response.output;
        info.size = int(out.get("ContentLength"));
        info.last_update = timestamp_micros(out.get("LastModified"));
        info.etag = out.get("ETag").and_then(Value::as_str).map(str::to_owned);
        info.storage_class = out
            .get("StorageClass")
            .and_then(Value::as_str)
            .map(str::to_owned);
        info.restore = out
            .get("Restore")
            .and_then(Value::as_str)
            .map(str::to_owned);
        Ok(info)
    }
}

/// `sync`'s rules for a file present at both ends.
#[derive(Debug, Clone, Copy, Default)]
pub struct SyncRules {
    pub size_only: bool,
    pub exact_timestamps: bool,
    pub delete: bool,
    /// `AlwaysSync`: a file at both ends is always transferred (`cp` and
    /// `mv`, which go through the comparator only for `--case-conflict`).
    pub always: bool,
}

impl SyncRules {
    /// `SizeAndLastModifiedSync` / `SizeOnlySync` / `ExactTimestampsSync`.
    pub fn should_sync(&self, src: &FileInfo, dest: &FileInfo) -> bool {
        let same_size = src.size == dest.size;
        if self.size_only {
            return !same_size;
        }
        let (Some(s), Some(d)) = (src.last_update, dest.last_update) else {
            return true;
        };
        // Python compares datetimes; S3 times have whole seconds.
        let delta = (d - s) as f64 / 1e6;
        let same_time = match src.op {
            Op::Download if self.exact_timestamps => delta == 0.0,
            Op::Download => delta <= 0.0,
            _ => delta >= 0.0,
        };
        !same_size || !same_time
    }
}

/// `Comparator.call`: merges the two sorted streams by compare key.
pub async fn compare(
    mut src: mpsc::Receiver<FileInfo>,
    mut dest: mpsc::Receiver<FileInfo>,
    rules: SyncRules,
    out: Sink,
) {
    let mut s = src.recv().await;
    let mut d = dest.recv().await;
    loop {
        let send = match (s.take(), d.take()) {
            (None, None) => return,
            (Some(a), None) => {
                s = src.recv().await;
                Some(missing(a))
            }
            (None, Some(b)) => {
                d = dest.recv().await;
                rules.delete.then(|| deleted(b))
            }
            (Some(a), Some(b)) => {
                if a.compare_key == b.compare_key {
                    let sync = rules.always || rules.should_sync(&a, &b);
                    s = src.recv().await;
                    d = dest.recv().await;
                    sync.then_some(a)
                } else if a.compare_key < b.compare_key {
                    d = Some(b);
                    s = src.recv().await;
                    Some(missing(a))
                } else {
                    s = Some(a);
                    d = dest.recv().await;
                    rules.delete.then(|| deleted(b))
                }
            }
        };
        if let Some(info) = send {
            if out.send(info).await.is_err() {
                return;
            }
        }
    }
}

/// A file missing at the destination: transferred (`MissingFileSync`),
/// unless the `--case-conflict` check that follows says otherwise.
fn missing(mut info: FileInfo) -> FileInfo {
    info.not_at_dest = true;
    info
}

fn deleted(mut info: FileInfo) -> FileInfo {
    info.op = Op::Delete;
    info
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dest_paths() {
        let f = Files::format("/h/dir", "s3://b/pre", true, "/h");
        assert_eq!(f.src_path, "/h/dir/");
        assert_eq!(f.dest_path, "b/pre/");
        assert_eq!(
            f.dest_and_compare_key("/h/dir/x/a.txt"),
            ("b/pre/x/a.txt".into(), "x/a.txt".into())
        );
        let f = Files::format("s3://b/k.txt", "/h/out.txt", false, "/h");
        assert_eq!(
            f.dest_and_compare_key("b/k.txt"),
            ("/h/out.txt".into(), "k.txt".into())
        );
    }

    #[test]
    fn unquote() {
        assert_eq!(unquote_plus("a+b%2Fc%"), "a b/c%");
    }
}
