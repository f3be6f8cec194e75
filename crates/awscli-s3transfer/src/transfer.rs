//! One transfer each: upload (single PutObject or multipart), download
//! (single or ranged GETs with `If-Match`, into a temporary file renamed
//! at the end), copy (CopyObject or UploadPartCopy) and delete.
//!
//! Spec: `s3transfer/upload.py`, `download.py`, `copies.py`, `delete.py`
//! and `utils.py` (`get_temp_filename`, `ChunksizeAdjuster`), as the AWS
//! CLI 2.36 drives them: CRC64NVME checksums on uploads, full-object
//! checksum validation on single-GET downloads, multipart uploads aborted
//! on failure, temporary files removed on failure.
use std::future::Future;
use std::io::SeekFrom;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::SystemTime;

use awscli_model::Value;
use indexmap::IndexMap;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncSeekExt, AsyncWrite, BufWriter};
use tokio::task::JoinSet;

use crate::checksum::{self, Checksum};
use crate::client::{s, S3Client};
use crate::config::TransferConfig;
use crate::place::place_file;
pub use crate::place::temp_filename;
use crate::TransferError;

/// Called with the number of bytes just transferred.
pub type Progress = Arc<dyn Fn(u64) + Send + Sync>;

/// How request checksums are chosen (`request_checksum_calculation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChecksumPolicy {
    /// `when_supported`: CRC64NVME unless the caller chose an algorithm.
    WhenSupported,
    /// `when_required`: only what the caller asked for.
    WhenRequired,
}

/// Settings shared by every transfer of one command.
#[derive(Clone)]
pub struct Transfers {
    pub client: Arc<S3Client>,
    pub config: TransferConfig,
    pub request_checksums: ChecksumPolicy,
    /// `response_checksum_validation = when_supported`.
    pub validate_responses: bool,
}

/// Members of PutObject/CreateMultipartUpload that UploadPart repeats.
const PART_MEMBERS: &[&str] = &[
    "SSECustomerAlgorithm",
    "SSECustomerKey",
    "SSECustomerKeyMD5",
    "RequestPayer",
    "ExpectedBucketOwner",
];

/// Where an upload's bytes come from.
pub enum UploadSource {
    File(PathBuf),
    /// A non-seekable stream (stdin), read in order.
    Stream(Box<dyn AsyncRead + Unpin + Send>),
}

/// One upload.
pub struct UploadRequest {
    pub bucket: String,
    pub key: String,
    pub source: UploadSource,
    /// The size if known (files); streams may give `--expected-size`.
    pub size: Option<u64>,
    /// PutObject-shaped members (ACL, ContentType, Metadata ...).
    pub extra: IndexMap<String, Value>,
}

/// One download.
pub struct DownloadRequest {
    pub bucket: String,
    pub key: String,
    pub dest: PathBuf,
    pub size: u64,
    pub etag: Option<String>,
    /// Set as the file's mtime when done.
    pub last_modified: Option<SystemTime>,
    /// GetObject members (SSECustomer*, RequestPayer).
    pub extra: IndexMap<String, Value>,
}

/// One server-side copy.
pub struct CopyRequest {
    pub source_bucket: String,
    pub source_key: String,
    pub bucket: String,
    pub key: String,
    pub size: u64,
    /// CopyObject-shaped members.
    pub extra: IndexMap<String, Value>,
    /// Members of the source's HeadObject to carry onto a multipart copy
    /// (Content-Type, Metadata ...), when the metadata is copied.
    pub copy_metadata: bool,
    /// Carry the source's tags onto a multipart copy (`--copy-props default`;
    /// a single CopyObject copies them server-side).
    pub copy_tags: bool,
}

fn map(pairs: Vec<(&str, Value)>) -> IndexMap<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// The `Python OSError` text of an I/O error on `path`.
pub fn os_error(e: &std::io::Error, path: &Path) -> TransferError {
    TransferError::Other(format!(
        "[Errno {}] {}: '{}'",
        e.raw_os_error().unwrap_or(0),
        strip_os_suffix(&e.to_string()),
        path.display()
    ))
}

fn strip_os_suffix(message: &str) -> String {
    // Rust appends " (os error N)"; Python shows only the strerror.
    match message.rfind(" (os error ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

impl Transfers {
    /// The GetObject input of a whole-object download, asking for the
    /// response checksum when downloads are validated.
    fn whole_object_input(&self, request: &DownloadRequest) -> IndexMap<String, Value> {
        let mut input = map(vec![
            ("Bucket", s(&request.bucket)),
            ("Key", s(&request.key)),
        ]);
        input.extend(request.extra.clone());
        if self.validate_responses {
            input.insert("ChecksumMode".into(), s("ENABLED"));
        }
        input
    }

    /// Fresh running checksums for a (re)started download, one per
    /// validated algorithm; `None` when downloads are not validated.
    fn new_checksums(&self) -> Option<Vec<Checksum>> {
        self.validate_responses.then(|| {
            checksum::VALIDATED
                .iter()
                .filter_map(|a| Checksum::for_algorithm(a))
                .collect()
        })
    }

    fn upload_algorithm(&self, extra: &IndexMap<String, Value>) -> Option<String> {
        match extra.get("ChecksumAlgorithm").and_then(Value::as_str) {
            Some(a) => Some(a.to_ascii_uppercase()),
            None if self.request_checksums == ChecksumPolicy::WhenSupported => {
                Some("CRC64NVME".to_owned())
            }
            None => None,
        }
    }

    /// Sets `ChecksumAlgorithm` and the checksum of `body` on `input`.
    fn add_checksum(
        &self,
        input: &mut IndexMap<String, Value>,
        algorithm: Option<&str>,
        body: &[u8],
    ) {
        let Some(algorithm) = algorithm else { return };
        input.insert("ChecksumAlgorithm".into(), s(algorithm));
        if let Some(mut c) = Checksum::for_algorithm(algorithm) {
            c.update(body);
            input.insert(checksum::member_for(algorithm), s(c.base64()));
        }
    }

    /// Uploads one file or stream.
    pub async fn upload(
        &self,
        request: UploadRequest,
        progress: Progress,
    ) -> Result<(), TransferError> {
        let UploadRequest {
            bucket,
            key,
            mut source,
            size,
            extra,
        } = request;
        crate::client::validate(&Value::Map(map(vec![("Key", s(&key))])))?;
        let algorithm = self.upload_algorithm(&extra);
        let threshold = self.config.multipart_threshold;
        // A stream of unknown size is read up to the threshold first: a
        // short one becomes a single PutObject.
        let mut first: Option<Vec<u8>> = None;
        let multipart = match (&mut source, size) {
            (UploadSource::File(_), Some(n)) => n >= threshold,
            (UploadSource::Stream(reader), _) => {
                let mut buf = Vec::new();
                let mut limited = reader.take(threshold);
                limited
                    .read_to_end(&mut buf)
                    .await
                    .map_err(TransferError::Io)?;
                let full = buf.len() as u64 >= threshold;
                first = Some(buf);
                full
            }
            (UploadSource::File(_), None) => false,
        };
        if !multipart {
            let _slot = self.client.slot().await;
            let _buffer = match (&first, size) {
                (None, Some(n)) => Some(self.client.buffer(n).await),
                _ => None,
            };
            let body = match (&mut source, first) {
                (_, Some(buf)) => buf,
                (UploadSource::File(path), None) => tokio::fs::read(&*path)
                    .await
                    .map_err(|e| os_error(&e, path))?,
                (UploadSource::Stream(_), None) => Vec::new(),
            };
            let len = body.len() as u64;
            let mut input = map(vec![("Bucket", s(&bucket)), ("Key", s(&key))]);
            input.extend(extra.clone());
            self.add_checksum(&mut input, algorithm.as_deref(), &body);
            input.insert("Body".into(), Value::Blob(body));
            self.client.throttle(len).await;
            self.client.call("PutObject", Value::Map(input)).await?;
            progress(len);
            return Ok(());
        }
        let chunk = self.config.chunksize_for(size);
        let mut create = map(vec![("Bucket", s(&bucket)), ("Key", s(&key))]);
        create.extend(extra.clone());
        if let Some(a) = &algorithm {
            create.insert("ChecksumAlgorithm".into(), s(a));
        }
        create.shift_remove(&checksum::member_for(algorithm.as_deref().unwrap_or("")));
        // Conditional writes apply to the completion, not the creation.
        let if_none_match = create.shift_remove("IfNoneMatch");
        let created = self
            .client
            .call("CreateMultipartUpload", Value::Map(create))
            .await?;
        let upload_id = created
            .output
            .get("UploadId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let part_extra: IndexMap<String, Value> = extra
            .iter()
            .filter(|(k, _)| PART_MEMBERS.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let result = self
            .upload_parts(
                &bucket,
                &key,
                &upload_id,
                source,
                first,
                size,
                chunk,
                &part_extra,
                algorithm.as_deref(),
                &progress,
            )
            .await;
        match result {
            Ok(parts) => {
                let mut complete = map(vec![
                    ("Bucket", s(&bucket)),
                    ("Key", s(&key)),
                    ("UploadId", s(&upload_id)),
                    (
                        "MultipartUpload",
                        Value::Map(map(vec![("Parts", Value::List(parts))])),
                    ),
                ]);
                for k in PART_MEMBERS {
                    if let Some(v) = extra.get(*k) {
                        complete.insert((*k).to_owned(), v.clone());
                    }
                }
                if let Some(v) = if_none_match {
                    complete.insert("IfNoneMatch".into(), v);
                }
                match self
                    .client
                    .call("CompleteMultipartUpload", Value::Map(complete))
                    .await
                {
                    Ok(_) => Ok(()),
                    Err(e) => {
                        self.abort(&bucket, &key, &upload_id, &extra).await;
                        Err(e)
                    }
                }
            }
            Err(e) => {
                self.abort(&bucket, &key, &upload_id, &extra).await;
                Err(e)
            }
        }
    }

    async fn abort(
        &self,
        bucket: &str,
        key: &str,
        upload_id: &str,
        extra: &IndexMap<String, Value>,
    ) {
        let mut input = map(vec![
            ("Bucket", s(bucket)),
            ("Key", s(key)),
            ("UploadId", s(upload_id)),
        ]);
        if let Some(v) = extra.get("RequestPayer") {
            input.insert("RequestPayer".into(), v.clone());
        }
        // The failure being reported is the one that matters; a failed abort
        // leaves an upload that lifecycle rules can expire.
        let _ = self
            .client
            .call_uncancellable("AbortMultipartUpload", Value::Map(input))
            .await;
    }

    #[allow(clippy::too_many_arguments)]
    async fn upload_parts(
        &self,
        bucket: &str,
        key: &str,
        upload_id: &str,
        mut source: UploadSource,
        first: Option<Vec<u8>>,
        size: Option<u64>,
        chunk: u64,
        part_extra: &IndexMap<String, Value>,
        algorithm: Option<&str>,
        progress: &Progress,
    ) -> Result<Vec<Value>, TransferError> {
        let failed = Arc::new(AtomicBool::new(false));
        let mut tasks: JoinSet<Result<(i64, Value), TransferError>> = JoinSet::new();
        let mut pending_first = first;
        let mut part_number: i64 = 0;
        let mut offset: u64 = 0;
        let mut error: Option<TransferError> = None;
        let mut parts = Vec::new();
        loop {
            if failed.load(Ordering::Relaxed) {
                break;
            }
            if let Some(n) = size {
                if offset >= n && part_number > 0 {
                    break;
                }
            }
            let slot = self.client.slot().await;
            if self.client.is_cancelled() {
                error.get_or_insert(TransferError::Cancelled);
                break;
            }
            // Reap finished parts so errors stop the loop early.
            while let Some(done) = tasks.try_join_next() {
                match flatten(done) {
                    Ok(p) => parts.push(p),
                    Err(e) => {
                        failed.store(true, Ordering::Relaxed);
                        error.get_or_insert(e);
                    }
                }
            }
            if failed.load(Ordering::Relaxed) {
                break;
            }
            let buffer = self.client.buffer(chunk).await;
            let body = match &mut source {
                UploadSource::File(path) => {
                    let len = size.map(|n| chunk.min(n - offset)).unwrap_or(chunk);
                    match read_range(path, offset, len).await {
                        Ok(b) => b,
                        Err(e) => {
                            error = Some(e);
                            break;
                        }
                    }
                }
                UploadSource::Stream(reader) => {
                    let mut buf = pending_first.take().unwrap_or_default();
                    let want = chunk.saturating_sub(buf.len() as u64);
                    let mut limited = reader.take(want);
                    if let Err(e) = limited.read_to_end(&mut buf).await {
                        error = Some(TransferError::Io(e));
                        break;
                    }
                    if buf.is_empty() && part_number > 0 {
                        break;
                    }
                    buf
                }
            };
            part_number += 1;
            let len = body.len() as u64;
            offset += len;
            let mut input = map(vec![
                ("Bucket", s(bucket)),
                ("Key", s(key)),
                ("UploadId", s(upload_id)),
                ("PartNumber", Value::Integer(part_number)),
            ]);
            input.extend(part_extra.clone());
            let algorithm = algorithm.map(str::to_owned);
            let client = Arc::clone(&self.client);
            let progress = Arc::clone(progress);
            let number = part_number;
            tasks.spawn(async move {
                let _slot = slot;
                let _buffer = buffer;
                // The checksum is computed here, on the worker threads, so
                // parts hash in parallel.
                let checksum_member = algorithm.as_deref().map(checksum::member_for);
                if let Some(a) = &algorithm {
                    input.insert("ChecksumAlgorithm".into(), s(a));
                    if let Some(mut c) = Checksum::for_algorithm(a) {
                        c.update(&body);
                        input.insert(checksum::member_for(a), s(c.base64()));
                    }
                }
                let checksum_value = checksum_member.as_ref().and_then(|m| input.get(m).cloned());
                input.insert("Body".into(), Value::Blob(body));
                client.throttle(len).await;
                let response = client.call("UploadPart", Value::Map(input)).await?;
                progress(len);
                let etag = response.output.get("ETag").cloned().unwrap_or(Value::Null);
                let mut part = map(vec![("ETag", etag), ("PartNumber", Value::Integer(number))]);
                if let (Some(m), Some(v)) = (checksum_member, checksum_value) {
                    part.insert(m, v);
                }
                Ok((number, Value::Map(part)))
            });
            if let UploadSource::Stream(_) = source {
                if len < chunk {
                    break;
                }
            }
        }
        while let Some(done) = tasks.join_next().await {
            match flatten(done) {
                Ok(p) => parts.push(p),
                Err(e) => {
                    error.get_or_insert(e);
                }
            }
        }
        if let Some(e) = error {
            return Err(e);
        }
        if parts.len() as i64 != part_number {
            return Err(TransferError::Other(format!(
                "{} of {part_number} parts were uploaded",
                parts.len()
            )));
        }
        parts.sort_by_key(|(n, _)| *n);
        Ok(parts.into_iter().map(|(_, p)| p).collect())
    }

    /// Downloads one object to `request.dest` through a temporary file.
    pub async fn download(
        &self,
        request: DownloadRequest,
        progress: Progress,
    ) -> Result<(), TransferError> {
        if request.size < self.config.multipart_threshold && request.size <= IN_MEMORY_DOWNLOAD {
            return self.download_small(request, &progress).await;
        }
        let dest = request.dest.clone();
        if let Some(parent) = dest.parent() {
            if !parent.as_os_str().is_empty() {
                tokio::fs::create_dir_all(parent)
                    .await
                    .map_err(|e| os_error(&e, parent))?;
            }
        }
        let temp = temp_filename(&dest);
        let result = self.download_to_temp(&request, &temp, &progress).await;
        if let Err(e) = result {
            let _ = tokio::fs::remove_file(&temp).await;
            return Err(e);
        }
        if let Err(e) = tokio::fs::rename(&temp, &dest).await {
            let _ = tokio::fs::remove_file(&temp).await;
            return Err(os_error(&e, &dest));
        }
        if let Some(mtime) = request.last_modified {
            set_mtime(&dest, mtime)
                .map_err(|_| TransferError::Utime(dest.display().to_string()))?;
        }
        Ok(())
    }

    /// A download below `multipart_threshold`: one GET into memory (within
    /// the buffer budget), checked, then written, dated and renamed into
    /// place by one blocking call, with few such calls at a time (creating
    /// and renaming files in one directory from many threads at once makes
    /// the kernel spin on the directory lock).
    async fn download_small(
        &self,
        request: DownloadRequest,
        progress: &Progress,
    ) -> Result<(), TransferError> {
        let slot = self.client.slot().await;
        let _buffer = self.client.buffer(request.size).await;
        let input = self.whole_object_input(&request);
        // No running checksums: the body is in memory, so only the
        // algorithm the response names is computed, once it is known.
        let mut writer = TrackingWriter::new(
            Vec::with_capacity(request.size as usize),
            None,
            progress,
            &self.client,
        );
        let response = get_object(&self.client, &input, &mut writer).await?;
        if self.validate_responses {
            if let Some((index, expected)) = checksum::response_checksum(&response.output) {
                let computed = Checksum::for_algorithm(checksum::VALIDATED[index]).map(|mut c| {
                    c.update(&writer.inner);
                    c
                });
                if let Some(c) = computed {
                    check_checksum(&expected, &c)?;
                }
            }
        }
        drop(slot);
        let _file_op = self.client.file_op().await;
        let contents = std::mem::take(&mut writer.inner);
        let dest = request.dest.clone();
        let mtime = request.last_modified;
        tokio::task::spawn_blocking(move || place_file(&dest, &contents, mtime))
            .await
            .map_err(|e| TransferError::Other(format!("writing the file failed: {e}")))?
    }

    async fn download_to_temp(
        &self,
        request: &DownloadRequest,
        temp: &Path,
        progress: &Progress,
    ) -> Result<(), TransferError> {
        let file = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(temp)
            .await
            .map_err(|e| os_error(&e, temp))?;
        if request.size < self.config.multipart_threshold {
            // One GET too big to hold in memory: streamed to the file.
            let _slot = self.client.slot().await;
            let input = self.whole_object_input(request);
            let mut writer = TrackingWriter::new(
                FileSink::whole(file, temp),
                self.new_checksums(),
                progress,
                &self.client,
            );
            let response = get_object(&self.client, &input, &mut writer).await?;
            writer.verify(&response)?;
            return Ok(());
        }
        file.set_len(request.size)
            .await
            .map_err(|e| os_error(&e, temp))?;
        drop(file);
        let chunk = self.config.download_chunksize_for(request.size);
        let mut tasks: JoinSet<Result<(), TransferError>> = JoinSet::new();
        let mut offset = 0u64;
        let mut error = None;
        // Many writers into one file contend for its lock; unless the
        // profile chose the concurrency, a few ranges at a time are faster.
        let in_flight = if self.config.explicit_concurrency {
            self.config.max_concurrent_requests
        } else {
            self.config.max_concurrent_requests.min(RANGES_IN_FLIGHT)
        };
        let ranges = Arc::new(tokio::sync::Semaphore::new(in_flight.max(1)));
        while offset < request.size {
            let range = Arc::clone(&ranges)
                .acquire_owned()
                .await
                .expect("the range semaphore is never closed");
            let slot = self.client.slot().await;
            if self.client.is_cancelled() {
                error.get_or_insert(TransferError::Cancelled);
                break;
            }
            while let Some(done) = tasks.try_join_next() {
                if let Err(e) = flatten(done) {
                    error.get_or_insert(e);
                }
            }
            if error.is_some() {
                break;
            }
            let end = (offset + chunk).min(request.size) - 1;
            let mut input = map(vec![
                ("Bucket", s(&request.bucket)),
                ("Key", s(&request.key)),
                ("Range", s(format!("bytes={offset}-{end}"))),
            ]);
            if let Some(etag) = &request.etag {
                input.insert("IfMatch".into(), s(etag));
            }
            input.extend(request.extra.clone());
            let client = Arc::clone(&self.client);
            let progress = Arc::clone(progress);
            let path = temp.to_path_buf();
            let start = offset;
            tasks.spawn(async move {
                let _slot = slot;
                let _range = range;
                let file = tokio::fs::OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .await
                    .map_err(|e| os_error(&e, &path))?;
                let sink = FileSink::range(file, &path, start)
                    .await
                    .map_err(|e| os_error(&e, &path))?;
                let mut writer = TrackingWriter::new(sink, None, &progress, &client);
                match get_object(&client, &input, &mut writer).await {
                    Err(TransferError::Call(e))
                        if e.service_error().is_some_and(|s| s.code == "PreconditionFailed") =>
                    {
                        Err(TransferError::Other(
                            "Contents of stored object changed while it was being downloaded (ETag mismatch)".into(),
                        ))
                    }
                    Err(e) => Err(e),
                    Ok(r) => {
                        let got = r.output.get("ContentLength").and_then(|v| match v {
                            Value::Integer(i) => Some(*i as u64),
                            _ => None,
                        });
                        match got {
                            Some(n) if n != end - start + 1 => Err(TransferError::Other(format!(
                                "Expected {} bytes for range {start}-{end}, received {n}",
                                end - start + 1
                            ))),
                            _ => Ok(()),
                        }
                    }
                }
            });
            offset = end + 1;
        }
        while let Some(done) = tasks.join_next().await {
            if let Err(e) = flatten(done) {
                error.get_or_insert(e);
            }
        }
        match error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Streams one object to `writer` (`aws s3 cp s3://b/k -`).
    pub async fn download_stream(
        &self,
        bucket: &str,
        key: &str,
        extra: &IndexMap<String, Value>,
        writer: &mut (dyn AsyncWrite + Unpin + Send),
    ) -> Result<(), TransferError> {
        let mut input = map(vec![("Bucket", s(bucket)), ("Key", s(key))]);
        input.extend(extra.clone());
        self.client
            .call_to("GetObject", Value::Map(input), writer)
            .await?;
        Ok(())
    }

    /// Copies one object inside S3.
    pub async fn copy(
        &self,
        request: CopyRequest,
        progress: Progress,
    ) -> Result<(), TransferError> {
        let copy_source = copy_source(&request.source_bucket, &request.source_key);
        if request.size < self.config.multipart_threshold {
            let _slot = self.client.slot().await;
            let mut input = map(vec![
                ("Bucket", s(&request.bucket)),
                ("Key", s(&request.key)),
                ("CopySource", s(&copy_source)),
            ]);
            input.extend(request.extra.clone());
            self.client.call("CopyObject", Value::Map(input)).await?;
            progress(request.size);
            return Ok(());
        }
        let mut create = map(vec![
            ("Bucket", s(&request.bucket)),
            ("Key", s(&request.key)),
        ]);
        if request.copy_metadata {
            let head = self
                .client
                .call(
                    "HeadObject",
                    Value::Map(map(vec![
                        ("Bucket", s(&request.source_bucket)),
                        ("Key", s(&request.source_key)),
                    ])),
                )
                .await?;
            for member in [
                "CacheControl",
                "ContentDisposition",
                "ContentEncoding",
                "ContentLanguage",
                "ContentType",
                "Expires",
                "Metadata",
                "WebsiteRedirectLocation",
            ] {
                if let Some(v) = head.output.get(member) {
                    create.insert(member.to_owned(), v.clone());
                }
            }
        }
        if request.copy_tags {
            let tagging = self
                .client
                .call(
                    "GetObjectTagging",
                    Value::Map(map(vec![
                        ("Bucket", s(&request.source_bucket)),
                        ("Key", s(&request.source_key)),
                    ])),
                )
                .await?;
            let pairs: Vec<String> = tagging
                .output
                .get("TagSet")
                .and_then(Value::as_list)
                .unwrap_or(&[])
                .iter()
                .map(|tag| {
                    let field = |name| tag.get(name).and_then(Value::as_str).unwrap_or_default();
                    format!(
                        "{}={}",
                        form_encode(field("Key")),
                        form_encode(field("Value"))
                    )
                })
                .collect();
            if !pairs.is_empty() {
                create.insert("Tagging".into(), s(pairs.join("&")));
            }
        }
        for (k, v) in &request.extra {
            if k.starts_with("CopySource")
                || k == "MetadataDirective"
                || k == "TaggingDirective"
                || k == "IfNoneMatch"
            {
                continue;
            }
            create.insert(k.clone(), v.clone());
        }
        let created = self
            .client
            .call("CreateMultipartUpload", Value::Map(create))
            .await?;
        let upload_id = created
            .output
            .get("UploadId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let chunk = self.config.chunksize_for(Some(request.size));
        let mut tasks: JoinSet<Result<(i64, Value), TransferError>> = JoinSet::new();
        let mut offset = 0;
        let mut number = 0i64;
        let mut error = None;
        let mut parts = Vec::new();
        while offset < request.size {
            let slot = self.client.slot().await;
            if self.client.is_cancelled() {
                error.get_or_insert(TransferError::Cancelled);
                break;
            }
            while let Some(done) = tasks.try_join_next() {
                match flatten(done) {
                    Ok(p) => parts.push(p),
                    Err(e) => {
                        error.get_or_insert(e);
                    }
                }
            }
            if error.is_some() {
                break;
            }
            number += 1;
            let end = (offset + chunk).min(request.size) - 1;
            let mut input = map(vec![
                ("Bucket", s(&request.bucket)),
                ("Key", s(&request.key)),
                ("UploadId", s(&upload_id)),
                ("PartNumber", Value::Integer(number)),
                ("CopySource", s(&copy_source)),
                ("CopySourceRange", s(format!("bytes={offset}-{end}"))),
            ]);
            for (k, v) in &request.extra {
                if PART_MEMBERS.contains(&k.as_str()) || k.starts_with("CopySourceSSECustomer") {
                    input.insert(k.clone(), v.clone());
                }
            }
            let client = Arc::clone(&self.client);
            let progress = Arc::clone(&progress);
            let n = number;
            let len = end - offset + 1;
            tasks.spawn(async move {
                let _slot = slot;
                let r = client.call("UploadPartCopy", Value::Map(input)).await?;
                progress(len);
                let etag = r
                    .output
                    .get("CopyPartResult")
                    .and_then(|c| c.get("ETag"))
                    .cloned()
                    .unwrap_or(Value::Null);
                Ok((
                    n,
                    Value::Map(map(vec![("ETag", etag), ("PartNumber", Value::Integer(n))])),
                ))
            });
            offset = end + 1;
        }
        while let Some(done) = tasks.join_next().await {
            match flatten(done) {
                Ok(p) => parts.push(p),
                Err(e) => {
                    error.get_or_insert(e);
                }
            }
        }
        if error.is_none() && parts.len() as i64 != number {
            error = Some(TransferError::Other(format!(
                "{} of {number} parts were copied",
                parts.len()
            )));
        }
        if let Some(e) = error {
            self.abort(&request.bucket, &request.key, &upload_id, &request.extra)
                .await;
            return Err(e);
        }
        parts.sort_by_key(|(n, _)| *n);
        let mut complete = map(vec![
            ("Bucket", s(&request.bucket)),
            ("Key", s(&request.key)),
            ("UploadId", s(&upload_id)),
            (
                "MultipartUpload",
                Value::Map(map(vec![(
                    "Parts",
                    Value::List(parts.into_iter().map(|(_, p)| p).collect()),
                )])),
            ),
        ]);
        if let Some(v) = request.extra.get("IfNoneMatch") {
            complete.insert("IfNoneMatch".into(), v.clone());
        }
        if let Err(e) = self
            .client
            .call("CompleteMultipartUpload", Value::Map(complete))
            .await
        {
            self.abort(&request.bucket, &request.key, &upload_id, &request.extra)
                .await;
            return Err(e);
        }
        Ok(())
    }

    /// Deletes one object.
    pub async fn delete(
        &self,
        bucket: &str,
        key: &str,
        extra: &IndexMap<String, Value>,
    ) -> Result<(), TransferError> {
        let _slot = self.client.slot().await;
        let mut input = map(vec![("Bucket", s(bucket)), ("Key", s(key))]);
        input.extend(extra.clone());
        self.client.call("DeleteObject", Value::Map(input)).await?;
        Ok(())
    }
}

/// Writes to a downloaded file go to disk in blocks of this size: a few
/// large writes cost far less than one per network chunk.
const WRITE_BUFFER: usize = 1 << 20;

/// Single-GET downloads up to this size are read into memory and written
/// in one go; bigger ones stream to the file.
const IN_MEMORY_DOWNLOAD: u64 = 8 * 1024 * 1024;

/// Ranges of one ranged download in flight at once by default.
const RANGES_IN_FLIGHT: usize = 4;

/// `num_download_attempts`: GETs of one object or range whose body broke off.
pub const DOWNLOAD_ATTEMPTS: u32 = 5;

/// `RetriesExceededError`'s text.
const MAX_RETRIES: &str = "Max Retries Exceeded";

/// A GET whose body failed in a way s3transfer retries.
fn retryable_download(error: &TransferError) -> bool {
    matches!(error, TransferError::Call(e) if e.is_retryable_download())
}

/// GetObject with `input`, its body written to `writer`, retried from the
/// start (`Sink::restart`) while the body breaks off, up to
/// [`DOWNLOAD_ATTEMPTS`] GETs (s3transfer `download.py`
/// `GetObjectTask`: `S3_RETRYABLE_DOWNLOAD_ERRORS`, then
/// `RetriesExceededError`).
async fn get_object<W: Sink>(
    client: &S3Client,
    input: &IndexMap<String, Value>,
    writer: &mut TrackingWriter<W>,
) -> Result<awscli_client::Response, TransferError> {
    let mut attempt = 1;
    loop {
        match client
            .call_to("GetObject", Value::Map(input.clone()), writer)
            .await
        {
            Err(e) if retryable_download(&e) => {
                if attempt >= DOWNLOAD_ATTEMPTS {
                    return Err(TransferError::Other(MAX_RETRIES.into()));
                }
                attempt += 1;
                writer.restart().await?;
            }
            other => return other,
        }
    }
}

/// Where a GET's body goes, and how a retried GET starts it over.
trait Sink: AsyncWrite + Unpin + Send {
    /// Discards what a failed attempt wrote.
    fn restart(&mut self) -> impl Future<Output = Result<(), TransferError>> + Send;
}

/// A small object, held in memory until it is placed.
impl Sink for Vec<u8> {
    async fn restart(&mut self) -> Result<(), TransferError> {
        self.clear();
        Ok(())
    }
}

/// A temporary file written from `start`: a whole object streamed from
/// offset 0 (emptied on restart) or one range of a ranged download (which
/// other tasks write beside it: rewritten in place).
struct FileSink {
    file: BufWriter<tokio::fs::File>,
    path: PathBuf,
    start: u64,
    truncate: bool,
}

impl FileSink {
    fn whole(file: tokio::fs::File, path: &Path) -> FileSink {
        FileSink {
            file: BufWriter::with_capacity(WRITE_BUFFER, file),
            path: path.to_path_buf(),
            start: 0,
            truncate: true,
        }
    }

    async fn range(file: tokio::fs::File, path: &Path, start: u64) -> std::io::Result<FileSink> {
        let mut file = BufWriter::with_capacity(WRITE_BUFFER, file);
        file.seek(SeekFrom::Start(start)).await?;
        Ok(FileSink {
            file,
            path: path.to_path_buf(),
            start,
            truncate: false,
        })
    }
}

impl Sink for FileSink {
    async fn restart(&mut self) -> Result<(), TransferError> {
        // Seeking first flushes what the failed GET left buffered.
        self.file
            .seek(SeekFrom::Start(self.start))
            .await
            .map_err(|e| os_error(&e, &self.path))?;
        if self.truncate {
            self.file
                .get_mut()
                .set_len(self.start)
                .await
                .map_err(|e| os_error(&e, &self.path))?;
        }
        Ok(())
    }
}

impl AsyncWrite for FileSink {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.file).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.file).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.file).poll_shutdown(cx)
    }
}

fn flatten<T>(
    joined: Result<Result<T, TransferError>, tokio::task::JoinError>,
) -> Result<T, TransferError> {
    match joined {
        Ok(r) => r,
        Err(e) => Err(TransferError::Other(format!("transfer task failed: {e}"))),
    }
}

async fn read_range(path: &Path, offset: u64, len: u64) -> Result<Vec<u8>, TransferError> {
    // One blocking read straight into a buffer of the part's size: no
    // intermediate buffer, no copy, no growth.
    let owned = path.to_path_buf();
    let read = tokio::task::spawn_blocking(move || -> std::io::Result<Vec<u8>> {
        use std::io::{Read, Seek};
        let mut file = std::fs::File::open(&owned)?;
        file.seek(SeekFrom::Start(offset))?;
        let mut buf = Vec::with_capacity(len as usize);
        file.take(len).read_to_end(&mut buf)?;
        Ok(buf)
    })
    .await
    .map_err(|e| TransferError::Other(format!("reading a part failed: {e}")))?;
    read.map_err(|e| os_error(&e, path))
}

/// `CopySource` as botocore's `handle_copy_source_param` writes it:
/// `bucket/key`, the key percent-encoded except `/` and `~`.
pub fn copy_source(bucket: &str, key: &str) -> String {
    let mut out = String::with_capacity(bucket.len() + key.len() + 1);
    out.push_str(bucket);
    out.push('/');
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `urllib.parse.urlencode` of one tag key or value.
fn form_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Sets a file's access and modification times (`os.utime`).
pub fn set_mtime(path: &Path, time: SystemTime) -> std::io::Result<()> {
    let file = std::fs::OpenOptions::new().write(true).open(path)?;
    let times = std::fs::FileTimes::new()
        .set_accessed(time)
        .set_modified(time);
    file.set_times(times)
}

/// Writes through to a sink, counting progress and feeding checksums.
struct TrackingWriter<W> {
    inner: W,
    /// One running checksum per [`checksum::VALIDATED`] algorithm.
    checksums: Option<Vec<Checksum>>,
    progress: Progress,
    /// For `max_bandwidth`.
    client: Arc<S3Client>,
    pause: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<W: Sink> TrackingWriter<W> {
    fn new(
        inner: W,
        checksums: Option<Vec<Checksum>>,
        progress: &Progress,
        client: &Arc<S3Client>,
    ) -> TrackingWriter<W> {
        TrackingWriter {
            inner,
            checksums,
            progress: Arc::clone(progress),
            client: Arc::clone(client),
            pause: None,
        }
    }

    /// Starts the body over for a retried GET, checksums included.
    async fn restart(&mut self) -> Result<(), TransferError> {
        self.inner.restart().await?;
        if let Some(all) = &mut self.checksums {
            for c in all.iter_mut() {
                *c = c.fresh();
            }
        }
        Ok(())
    }

    /// Checks the body against the response's full-object checksum, when
    /// downloads are validated and the object has one.
    fn verify(&self, response: &awscli_client::Response) -> Result<(), TransferError> {
        if let (Some((index, expected)), Some(computed)) = (
            checksum::response_checksum(&response.output),
            &self.checksums,
        ) {
            check_checksum(&expected, &computed[index])?;
        }
        Ok(())
    }
}

/// `FlexibleChecksumError`'s text when a body does not match.
fn check_checksum(expected: &str, computed: &Checksum) -> Result<(), TransferError> {
    let calculated = computed.base64();
    if calculated != expected {
        return Err(TransferError::Other(format!(
            "Expected checksum {expected} did not match calculated checksum: {calculated}"
        )));
    }
    Ok(())
}

impl<W: AsyncWrite + Unpin> AsyncWrite for TrackingWriter<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = &mut *self;
        if let Some(pause) = &mut this.pause {
            if pause.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            this.pause = None;
        }
        match Pin::new(&mut this.inner).poll_write(cx, buf) {
            Poll::Ready(Ok(n)) => {
                if let Some(wait) = this.client.reserve(n as u64) {
                    this.pause = Some(Box::pin(tokio::time::sleep(wait)));
                }
                if let Some(all) = &mut this.checksums {
                    for c in all.iter_mut() {
                        c.update(&buf[..n]);
                    }
                }
                (this.progress)(n as u64);
                Poll::Ready(Ok(n))
            }
            other => other,
        }
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_source_quoting() {
        assert_eq!(copy_source("b", "a b/c~d+e"), "b/a%20b/c~d%2Be");
    }
}
