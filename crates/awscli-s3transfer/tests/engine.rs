//! The engine against an in-memory fake S3 behind the real codec and
//! signer: part order and completeness of multipart uploads, ranged
//! downloads, and clean-up on failure (abort, no temporary files).
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use awscli_client::{
    BoxFuture, BufferedBody, CallContext, Credentials, HttpTransport, PreparedRequest,
    ProtocolCodec, SigningConfig, TransportError, TransportResponse,
};
use awscli_model::{Operation, Service, Value};
use awscli_s3transfer::{
    ChecksumPolicy, ContextProvider, DownloadRequest, S3Client, TransferConfig, TransferError,
    Transfers, UploadRequest, UploadSource,
};

#[derive(Default)]
struct FakeS3 {
    objects: Mutex<HashMap<String, Vec<u8>>>,
    parts: Mutex<HashMap<i64, Vec<u8>>>,
    log: Mutex<Vec<String>>,
    /// Part numbers / ranges that always fail with a 500.
    fail_part: Option<i64>,
    fail_range_start: Option<u64>,
    /// Ranged GETs whose body breaks off after 1000 bytes, counted down.
    truncate_ranges: Mutex<u32>,
    /// The same for whole-object GETs.
    truncate_whole: Mutex<u32>,
    /// A full-object checksum header sent with whole-object GETs.
    checksum_header: Option<(&'static str, String)>,
}

/// A body that sends its first bytes, then loses the connection.
struct BrokenBody(Option<Vec<u8>>);

impl awscli_client::BodyStream for BrokenBody {
    fn next_chunk(&mut self) -> BoxFuture<'_, Result<Option<bytes::Bytes>, TransportError>> {
        let next = self.0.take();
        Box::pin(async move {
            match next {
                Some(b) => Ok(Some(bytes::Bytes::from(b))),
                None => Err(TransportError::ConnectionClosed("reset".into())),
            }
        })
    }
}

fn response(status: u16, headers: Vec<(&str, String)>, body: Vec<u8>) -> TransportResponse {
    let mut headers: Vec<(String, String)> = headers
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    headers.push(("Content-Length".into(), body.len().to_string()));
    TransportResponse {
        status,
        headers,
        body: Box::new(BufferedBody::new(body)),
    }
}

fn error(status: u16, code: &str) -> TransportResponse {
    let body = format!("<Error><Code>{code}</Code><Message>x</Message></Error>");
    response(status, vec![], body.into_bytes())
}

impl FakeS3 {
    fn handle(&self, r: &PreparedRequest) -> TransportResponse {
        let (path, query) = r.url.split_once('?').unwrap_or((&r.url, ""));
        let key = path.rsplit('/').next().unwrap_or("").to_owned();
        let param = |name: &str| {
            query
                .split('&')
                .find_map(|kv| kv.strip_prefix(&format!("{name}=")).map(str::to_owned))
        };
        self.log
            .lock()
            .unwrap()
            .push(format!("{} {}", r.method, query));
        match (r.method.as_str(), query) {
            ("POST", "uploads") | ("POST", "uploads=") => response(
                200,
                vec![],
                format!("<InitiateMultipartUploadResult><Bucket>bkt</Bucket><Key>{key}</Key><UploadId>u1</UploadId></InitiateMultipartUploadResult>").into_bytes(),
            ),
            ("PUT", _) if param("partNumber").is_some() => {
                let n: i64 = param("partNumber").unwrap().parse().unwrap();
                if self.fail_part == Some(n) {
                    return error(500, "InternalError");
                }
                self.parts.lock().unwrap().insert(n, r.body.to_vec());
                response(200, vec![("ETag", format!("\"etag{n}\""))], vec![])
            }
            ("POST", _) if param("uploadId").is_some() => {
                let body = String::from_utf8_lossy(&r.body).into_owned();
                let numbers: Vec<i64> = body
                    .split("<PartNumber>")
                    .skip(1)
                    .map(|s| s.split('<').next().unwrap().parse().unwrap())
                    .collect();
                let parts = self.parts.lock().unwrap();
                let mut object = Vec::new();
                for n in &numbers {
                    object.extend_from_slice(&parts[n]);
                }
                self.objects.lock().unwrap().insert(key, object);
                response(
                    200,
                    vec![],
                    b"<CompleteMultipartUploadResult><ETag>\"e-n\"</ETag></CompleteMultipartUploadResult>".to_vec(),
                )
            }
            ("DELETE", _) if param("uploadId").is_some() => response(204, vec![], vec![]),
            ("PUT", _) => {
                self.objects.lock().unwrap().insert(key, r.body.to_vec());
                response(200, vec![("ETag", "\"single\"".into())], vec![])
            }
            ("GET", _) => {
                let objects = self.objects.lock().unwrap();
                let Some(object) = objects.get(&key) else {
                    return error(404, "NoSuchKey");
                };
                match r.header("Range") {
                    Some(range) => {
                        let (a, b) = range.trim_start_matches("bytes=").split_once('-').unwrap();
                        let (a, b): (u64, u64) = (a.parse().unwrap(), b.parse().unwrap());
                        if self.fail_range_start == Some(a) {
                            return error(500, "InternalError");
                        }
                        let slice = object[a as usize..=b as usize].to_vec();
                        let mut truncate = self.truncate_ranges.lock().unwrap();
                        if *truncate > 0 {
                            *truncate -= 1;
                            let mut r = response(206, vec![("ETag", "\"e-n\"".into())], vec![]);
                            r.headers.retain(|(k, _)| k != "Content-Length");
                            r.headers
                                .push(("Content-Length".into(), slice.len().to_string()));
                            r.body = Box::new(BrokenBody(Some(slice[..1000].to_vec())));
                            return r;
                        }
                        response(
                            206,
                            vec![
                                ("Content-Range", format!("bytes {a}-{b}/{}", object.len())),
                                ("ETag", "\"e-n\"".into()),
                            ],
                            slice,
                        )
                    }
                    None => {
                        let mut headers = vec![("ETag", "\"e-n\"".to_owned())];
                        if let Some((name, value)) = &self.checksum_header {
                            headers.push((name, value.clone()));
                        }
                        let mut r = response(200, headers, object.clone());
                        let mut truncate = self.truncate_whole.lock().unwrap();
                        if *truncate > 0 {
                            *truncate -= 1;
                            r.body = Box::new(BrokenBody(Some(object[..1000].to_vec())));
                        }
                        r
                    }
                }
            }
            _ => error(400, "Unexpected"),
        }
    }
}

struct Transport(Arc<FakeS3>);

impl HttpTransport for Transport {
    fn send<'a>(
        &'a self,
        request: &'a PreparedRequest,
    ) -> BoxFuture<'a, Result<TransportResponse, TransportError>> {
        let r = self.0.handle(request);
        Box::pin(async move { Ok(r) })
    }
}

struct Provider {
    service: Arc<Service>,
    fake: Arc<FakeS3>,
}

impl ContextProvider for Provider {
    fn context(
        &self,
        operation: &Operation,
        _input: &Value,
    ) -> Result<Arc<CallContext>, TransferError> {
        let signing = SigningConfig::resolve(&self.service, operation, None, "us-east-1", false);
        let mut ctx = CallContext::new(
            "http://127.0.0.1:9/bkt",
            signing,
            Some(Credentials::new("AKID", "SECRET")),
            Arc::new(Transport(Arc::clone(&self.fake))),
            Arc::new(ProtocolCodec),
        );
        ctx.sleeper = Arc::new(NoSleep);
        Ok(Arc::new(ctx))
    }
}

struct NoSleep;

impl awscli_client::Sleeper for NoSleep {
    fn sleep(&self, _: std::time::Duration) -> BoxFuture<'static, ()> {
        Box::pin(async {})
    }
}

fn engine(fake: Arc<FakeS3>) -> Transfers {
    engine_with(
        fake,
        TransferConfig {
            multipart_threshold: 5 << 20,
            multipart_chunksize: 5 << 20,
            max_concurrent_requests: 4,
            explicit_chunksize: true,
            ..TransferConfig::default()
        },
    )
}

fn engine_with(fake: Arc<FakeS3>, config: TransferConfig) -> Transfers {
    let service = Arc::new(awscli_model::store::load("s3").expect("the s3 model"));
    let provider = Arc::new(Provider {
        service: Arc::clone(&service),
        fake,
    });
    Transfers {
        client: Arc::new(S3Client::new(service, provider, 4)),
        config,
        request_checksums: ChecksumPolicy::WhenSupported,
        validate_responses: true,
    }
}

fn data() -> Vec<u8> {
    (0..(23u32 << 20))
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect()
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("s3transfer-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn upload_request(path: &std::path::Path, size: u64) -> UploadRequest {
    UploadRequest {
        bucket: "bkt".into(),
        key: "big".into(),
        source: UploadSource::File(path.to_path_buf()),
        size: Some(size),
        extra: Default::default(),
    }
}

#[test]
fn multipart_upload_then_ranged_download() {
    let fake = Arc::new(FakeS3::default());
    let transfers = engine(Arc::clone(&fake));
    let dir = temp_dir("roundtrip");
    let source = dir.join("source.bin");
    let body = data();
    std::fs::write(&source, &body).unwrap();
    let rt = awscli_s3transfer::runtime().unwrap();
    rt.block_on(transfers.upload(upload_request(&source, body.len() as u64), Arc::new(|_| {})))
        .expect("upload");
    let stored = fake.objects.lock().unwrap().get("big").cloned().unwrap();
    assert!(stored == body, "the object is not the file");
    let parts = fake
        .log
        .lock()
        .unwrap()
        .iter()
        .filter(|l| l.contains("partNumber"))
        .count();
    assert_eq!(parts, 5);
    let dest = dir.join("out.bin");
    let request = DownloadRequest {
        bucket: "bkt".into(),
        key: "big".into(),
        dest: dest.clone(),
        size: body.len() as u64,
        etag: Some("\"e-n\"".into()),
        last_modified: Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000)),
        extra: Default::default(),
    };
    rt.block_on(transfers.download(request, Arc::new(|_| {})))
        .expect("download");
    assert!(std::fs::read(&dest).unwrap() == body);
    let mtime = std::fs::metadata(&dest).unwrap().modified().unwrap();
    assert_eq!(
        mtime,
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000)
    );
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        2,
        "temporary files left"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_failed_part_aborts_the_upload() {
    let fake = Arc::new(FakeS3 {
        fail_part: Some(3),
        ..FakeS3::default()
    });
    let transfers = engine(Arc::clone(&fake));
    let dir = temp_dir("abort");
    let source = dir.join("source.bin");
    let body = data();
    std::fs::write(&source, &body).unwrap();
    let rt = awscli_s3transfer::runtime().unwrap();
    let result =
        rt.block_on(transfers.upload(upload_request(&source, body.len() as u64), Arc::new(|_| {})));
    assert!(result.is_err());
    let log = fake.log.lock().unwrap();
    assert!(
        log.iter().any(|l| l.starts_with("DELETE uploadId=u1")),
        "{log:?}"
    );
    assert!(!fake.objects.lock().unwrap().contains_key("big"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_failed_range_leaves_no_file() {
    let fake = Arc::new(FakeS3 {
        fail_range_start: Some(10 << 20),
        ..FakeS3::default()
    });
    fake.objects.lock().unwrap().insert("big".into(), data());
    let transfers = engine(Arc::clone(&fake));
    let dir = temp_dir("range");
    let dest = dir.join("out.bin");
    let request = DownloadRequest {
        bucket: "bkt".into(),
        key: "big".into(),
        dest: dest.clone(),
        size: 23 << 20,
        etag: None,
        last_modified: None,
        extra: Default::default(),
    };
    let rt = awscli_s3transfer::runtime().unwrap();
    let result = rt.block_on(transfers.download(request, Arc::new(|_| {})));
    assert!(result.is_err());
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "a file was left behind"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn ranged_download(
    fake: &Arc<FakeS3>,
    name: &str,
) -> (std::path::PathBuf, Result<(), TransferError>) {
    fake.objects.lock().unwrap().insert("big".into(), data());
    let transfers = engine(Arc::clone(fake));
    let dir = temp_dir(name);
    let request = DownloadRequest {
        bucket: "bkt".into(),
        key: "big".into(),
        dest: dir.join("out.bin"),
        size: 23 << 20,
        etag: None,
        last_modified: None,
        extra: Default::default(),
    };
    let rt = awscli_s3transfer::runtime().unwrap();
    let result = rt.block_on(transfers.download(request, Arc::new(|_| {})));
    (dir, result)
}

#[test]
fn truncated_ranges_are_retried_by_the_transfer() {
    let fake = Arc::new(FakeS3::default());
    *fake.truncate_ranges.lock().unwrap() = 3;
    let (dir, result) = ranged_download(&fake, "retry");
    result.expect("the download recovers");
    assert!(std::fs::read(dir.join("out.bin")).unwrap() == data());
    let gets = fake
        .log
        .lock()
        .unwrap()
        .iter()
        .filter(|l| l.starts_with("GET"))
        .count();
    // Five ranges, three of them sent twice.
    assert_eq!(gets, 8);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_range_truncated_five_times_fails_cleanly() {
    let fake = Arc::new(FakeS3 {
        fail_range_start: None,
        ..FakeS3::default()
    });
    *fake.truncate_ranges.lock().unwrap() = u32::MAX;
    let (dir, result) = ranged_download(&fake, "give-up");
    let error = result.expect_err("every GET breaks off");
    assert_eq!(error.to_string(), "Max Retries Exceeded");
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "a file was left behind"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A whole-object download of `object` (stored as `obj`) into a fresh
/// directory, with the engine's single-GET path chosen by `threshold`.
fn whole_download(
    fake: &Arc<FakeS3>,
    name: &str,
    object: Vec<u8>,
    threshold: u64,
) -> (std::path::PathBuf, Result<(), TransferError>) {
    let size = object.len() as u64;
    fake.objects.lock().unwrap().insert("obj".into(), object);
    let transfers = engine_with(
        Arc::clone(fake),
        TransferConfig {
            multipart_threshold: threshold,
            ..TransferConfig::default()
        },
    );
    let dir = temp_dir(name);
    let request = DownloadRequest {
        bucket: "bkt".into(),
        key: "obj".into(),
        dest: dir.join("sub").join("out.bin"),
        size,
        etag: None,
        last_modified: Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000)),
        extra: Default::default(),
    };
    let rt = awscli_s3transfer::runtime().unwrap();
    let result = rt.block_on(transfers.download(request, Arc::new(|_| {})));
    (dir, result)
}

fn gets(fake: &FakeS3) -> usize {
    fake.log
        .lock()
        .unwrap()
        .iter()
        .filter(|l| l.starts_with("GET"))
        .count()
}

/// Every entry under `dir`, as paths relative to it.
fn tree(dir: &std::path::Path) -> Vec<String> {
    fn walk(base: &std::path::Path, dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            out.push(path.strip_prefix(base).unwrap().display().to_string());
            if path.is_dir() {
                walk(base, &path, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn small_object() -> Vec<u8> {
    data()[..100 * 1024].to_vec()
}

#[test]
fn a_small_download_retries_truncated_bodies_and_dates_the_file() {
    let fake = Arc::new(FakeS3::default());
    *fake.truncate_whole.lock().unwrap() = 2;
    let (dir, result) = whole_download(&fake, "small-retry", small_object(), 8 << 20);
    result.expect("the download recovers");
    let out = dir.join("sub/out.bin");
    assert!(std::fs::read(&out).unwrap() == small_object());
    let mtime = std::fs::metadata(&out).unwrap().modified().unwrap();
    assert_eq!(
        mtime,
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000)
    );
    assert_eq!(gets(&fake), 3);
    assert_eq!(tree(&dir), ["sub", "sub/out.bin"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_small_download_truncated_five_times_leaves_no_file() {
    let fake = Arc::new(FakeS3::default());
    *fake.truncate_whole.lock().unwrap() = u32::MAX;
    let (dir, result) = whole_download(&fake, "small-give-up", small_object(), 8 << 20);
    assert_eq!(result.unwrap_err().to_string(), "Max Retries Exceeded");
    assert_eq!(gets(&fake), 5);
    assert_eq!(tree(&dir), Vec::<String>::new());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Above the in-memory limit (8 MiB) but below the threshold: one GET
/// streamed to a temporary file, emptied before each retry.
#[test]
fn a_streamed_single_get_retries_into_an_emptied_file() {
    let fake = Arc::new(FakeS3::default());
    *fake.truncate_whole.lock().unwrap() = 2;
    let (dir, result) = whole_download(&fake, "stream-retry", data(), 64 << 20);
    result.expect("the download recovers");
    assert!(std::fs::read(dir.join("sub/out.bin")).unwrap() == data());
    assert_eq!(gets(&fake), 3);
    assert_eq!(tree(&dir), ["sub", "sub/out.bin"]);
    let _ = std::fs::remove_dir_all(&dir);
}

fn crc32_of(body: &[u8]) -> String {
    let mut c = awscli_s3transfer::checksum::Checksum::for_algorithm("CRC32").unwrap();
    c.update(body);
    c.base64()
}

#[test]
fn small_downloads_are_checked_against_the_full_object_checksum() {
    let good = Arc::new(FakeS3 {
        checksum_header: Some(("x-amz-checksum-crc32", crc32_of(&small_object()))),
        ..FakeS3::default()
    });
    let (dir, result) = whole_download(&good, "checksum-good", small_object(), 8 << 20);
    result.expect("the checksum matches");
    assert_eq!(tree(&dir), ["sub", "sub/out.bin"]);
    let _ = std::fs::remove_dir_all(&dir);

    let bad = Arc::new(FakeS3 {
        checksum_header: Some(("x-amz-checksum-crc32", crc32_of(b"something else"))),
        ..FakeS3::default()
    });
    let (dir, result) = whole_download(&bad, "checksum-bad", small_object(), 8 << 20);
    let error = result.unwrap_err().to_string();
    assert!(
        error.starts_with("Expected checksum ")
            && error.contains("did not match calculated checksum"),
        "{error}"
    );
    assert_eq!(tree(&dir), Vec::<String>::new());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn streamed_downloads_are_checked_against_the_full_object_checksum() {
    let bad = Arc::new(FakeS3 {
        checksum_header: Some(("x-amz-checksum-crc32", crc32_of(b"something else"))),
        ..FakeS3::default()
    });
    let (dir, result) = whole_download(&bad, "stream-checksum-bad", data(), 64 << 20);
    assert!(result
        .unwrap_err()
        .to_string()
        .starts_with("Expected checksum "));
    assert_eq!(tree(&dir), ["sub"]);
    let _ = std::fs::remove_dir_all(&dir);
}
