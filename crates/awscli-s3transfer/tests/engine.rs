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
                    None => response(200, vec![("ETag", "\"e-n\"".into())], object.clone()),
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
    let service = Arc::new(awscli_model::store::load("s3").expect("the s3 model"));
    let provider = Arc::new(Provider {
        service: Arc::clone(&service),
        fake,
    });
    let config = TransferConfig {
        multipart_threshold: 5 << 20,
        multipart_chunksize: 5 << 20,
        max_concurrent_requests: 4,
        explicit_chunksize: true,
        ..TransferConfig::default()
    };
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
