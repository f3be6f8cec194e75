//! A fault-injecting HTTP/1.1 proxy on 127.0.0.1, put between a CLI and an
//! upstream server (normally [`crate::MotoServer`]) to show how the CLI
//! retries and fails.
//!
//! Spec: `/work/shared/docs/reference-reliability.md` sections 2 and 5 (the
//! faults the reference was observed under, and the recommended actions);
//! the retry behaviour it exercises is botocore `retries/standard.py`.
//!
//! The proxy is scripted with [`Rule`]s: each matches requests by method and
//! path (or query) and counts the requests it matched, so a rule can apply
//! to "attempts" 1 to 2 of a `GET /` and let the third through. The first
//! rule whose match and attempt range fit decides the [`Fault`]; a request no
//! rule takes passes through. Every request is logged ([`ProxiedRequest`])
//! with the fault applied, so tests can count attempts and read the
//! `amz-sdk-request: attempt=N; max=M` header.
//!
//! HTTP handling: requests are read whole (`Content-Length` or chunked;
//! `Expect: 100-continue` is answered by the proxy and not forwarded), each
//! is sent to the upstream on a fresh connection, and the upstream response
//! is read whole and re-sent with a `Content-Length`, so faults can cut or
//! alter the body at an exact byte. Client connections are kept alive.
//!
//! The proxy runs on its own thread with a single-threaded tokio runtime, so
//! synchronous tests can use it; dropping the [`FaultProxy`] stops it.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::ops::{Bound, RangeBounds};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

use crate::http::reason_phrase;
use crate::{CannedResponse, HarnessError, RecordedRequest};

/// What the proxy does with one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Forward to the upstream and relay its response unchanged.
    PassThrough,
    /// Answer with this response; the upstream never sees the request.
    Respond(CannedResponse),
    /// Read the request, then reset the connection (`SO_LINGER` 0 and close,
    /// so the client gets a TCP RST instead of a response).
    Reset,
    /// Forward, then send the response head with the full `Content-Length`
    /// but only the first `body_bytes` bytes of the body, and close.
    Truncate { body_bytes: usize },
    /// Wait before doing anything (a slow server: read timeouts), then
    /// forward.
    DelayHeaders(Duration),
    /// Forward, send the head and the first `after_bytes` bytes of the body,
    /// wait `delay`, then send the rest.
    DelayBody { after_bytes: usize, delay: Duration },
    /// Forward, and flip the lowest bit of the body byte at `offset` (the
    /// last byte when the body is shorter), keeping the headers as they
    /// were. ASCII stays ASCII, so a text body still decodes and only its
    /// checksum (or content) is wrong.
    Corrupt { offset: usize },
}

impl Fault {
    /// S3's `503 SlowDown` (rest-xml error body).
    pub fn slow_down() -> Fault {
        Fault::Respond(
            CannedResponse::new(503)
                .header("Content-Type", "application/xml")
                .body(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code>\
                     <Message>Please reduce your request rate.</Message>\
                     <RequestId>FAULTPROXY0001</RequestId><HostId>fault-proxy</HostId></Error>",
                ),
        )
    }

    /// S3's `500 InternalError` (rest-xml error body).
    pub fn internal_error() -> Fault {
        Fault::Respond(
            CannedResponse::new(500)
                .header("Content-Type", "application/xml")
                .body(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code>\
                     <Message>We encountered an internal error. Please try again.</Message>\
                     <RequestId>FAULTPROXY0002</RequestId><HostId>fault-proxy</HostId></Error>",
                ),
        )
    }

    /// `400 ThrottlingException` as the JSON protocols send it
    /// (`__type` and `message`).
    pub fn throttling_json() -> Fault {
        Fault::Respond(
            CannedResponse::new(400)
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("x-amzn-RequestId", "FAULTPROXY0003")
                .body("{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"),
        )
    }

    /// `400 Throttling` as the query protocol sends it (`ErrorResponse`).
    pub fn throttling_xml() -> Fault {
        Fault::Respond(
            CannedResponse::new(400)
                .header("Content-Type", "text/xml")
                .body(
                    "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
                     <Error><Type>Sender</Type><Code>Throttling</Code>\
                     <Message>Rate exceeded</Message></Error>\
                     <RequestId>FAULTPROXY0004</RequestId></ErrorResponse>",
                ),
        )
    }

    /// A response with `status` and no body.
    pub fn status(status: u16) -> Fault {
        Fault::Respond(CannedResponse::new(status))
    }

    /// Adds `x-amz-retry-after` (milliseconds) to a [`Fault::Respond`];
    /// other faults are returned unchanged.
    pub fn with_retry_after(self, milliseconds: u64) -> Fault {
        match self {
            Fault::Respond(response) => {
                Fault::Respond(response.header("x-amz-retry-after", milliseconds.to_string()))
            }
            other => other,
        }
    }
}

/// When a [`Fault`] applies; see the module docs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    method: Option<String>,
    path: Option<String>,
    path_prefix: Option<String>,
    query_contains: Option<String>,
    first_attempt: u32,
    last_attempt: Option<u32>,
    fault: Fault,
}

impl Rule {
    /// `fault` for every request and every attempt.
    pub fn new(fault: Fault) -> Rule {
        Rule {
            method: None,
            path: None,
            path_prefix: None,
            query_contains: None,
            first_attempt: 1,
            last_attempt: None,
            fault,
        }
    }

    /// Only requests with this method (case-insensitive).
    pub fn method(mut self, method: impl Into<String>) -> Rule {
        self.method = Some(method.into());
        self
    }

    /// Only requests whose path (the target before `?`, still encoded) is
    /// exactly `path`.
    pub fn path(mut self, path: impl Into<String>) -> Rule {
        self.path = Some(path.into());
        self
    }

    /// Only requests whose path starts with `prefix`.
    pub fn path_prefix(mut self, prefix: impl Into<String>) -> Rule {
        self.path_prefix = Some(prefix.into());
        self
    }

    /// Only requests whose query string contains `text` (e.g. `list-type=2`).
    pub fn query_contains(mut self, text: impl Into<String>) -> Rule {
        self.query_contains = Some(text.into());
        self
    }

    /// Only the matching requests whose 1-based count (per rule, since the
    /// rules were set) is in `range`; e.g. `..=2` for the first two.
    pub fn attempts(mut self, range: impl RangeBounds<u32>) -> Rule {
        self.first_attempt = match range.start_bound() {
            Bound::Included(&n) => n,
            Bound::Excluded(&n) => n.saturating_add(1),
            Bound::Unbounded => 1,
        };
        self.last_attempt = match range.end_bound() {
            Bound::Included(&n) => Some(n),
            Bound::Excluded(&n) => Some(n.saturating_sub(1)),
            Bound::Unbounded => None,
        };
        self
    }

    fn matches(&self, request: &RecordedRequest) -> bool {
        self.method
            .as_ref()
            .is_none_or(|m| m.eq_ignore_ascii_case(&request.method))
            && self.path.as_ref().is_none_or(|p| p == request.path())
            && self
                .path_prefix
                .as_ref()
                .is_none_or(|p| request.path().starts_with(p.as_str()))
            && self
                .query_contains
                .as_ref()
                .is_none_or(|q| request.query().contains(q.as_str()))
    }

    fn in_range(&self, attempt: u32) -> bool {
        attempt >= self.first_attempt && self.last_attempt.is_none_or(|last| attempt <= last)
    }
}

/// One request the proxy received, and what it did with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxiedRequest {
    pub request: RecordedRequest,
    /// The fault applied ([`Fault::PassThrough`] when no rule took it).
    pub fault: Fault,
    /// The index of the rule that took it.
    pub rule: Option<usize>,
}

/// The parsed `amz-sdk-request` header (`attempt=N; max=M`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SdkRequest {
    pub attempt: u32,
    pub max: Option<u32>,
}

impl ProxiedRequest {
    /// The request's `amz-sdk-request` header, parsed; `None` when absent or
    /// malformed (the reference 2.9.19 does not send it).
    pub fn sdk_request(&self) -> Option<SdkRequest> {
        let value = self.request.header("amz-sdk-request")?;
        let mut attempt = None;
        let mut max = None;
        // Other parts (`ttl=20250101T000000Z` after a response with a
        // `Date` header) are skipped.
        for part in value.split(';') {
            let Some((name, number)) = part.trim().split_once('=') else {
                continue;
            };
            let number = number.trim().parse::<u32>().ok();
            match name.trim() {
                "attempt" => attempt = number,
                "max" => max = number,
                _ => {}
            }
        }
        Some(SdkRequest {
            attempt: attempt?,
            max,
        })
    }
}

#[derive(Debug, Default)]
struct Script {
    rules: Vec<(Rule, u32)>,
    log: Vec<ProxiedRequest>,
}

impl Script {
    /// Counts `request` against every rule that matches it and returns the
    /// fault of the first rule whose attempt range holds its count.
    fn decide(&mut self, request: &RecordedRequest) -> (Fault, Option<usize>) {
        let mut chosen = None;
        for (index, (rule, seen)) in self.rules.iter_mut().enumerate() {
            if !rule.matches(request) {
                continue;
            }
            *seen += 1;
            if chosen.is_none() && rule.in_range(*seen) {
                chosen = Some((rule.fault.clone(), Some(index)));
            }
        }
        let (fault, rule) = chosen.unwrap_or((Fault::PassThrough, None));
        self.log.push(ProxiedRequest {
            request: request.clone(),
            fault: fault.clone(),
            rule,
        });
        (fault, rule)
    }
}

fn lock(script: &Mutex<Script>) -> MutexGuard<'_, Script> {
    // Every update is a push or a counter bump, so a poisoned lock still
    // holds consistent data.
    script
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The proxy; see the module docs.
#[derive(Debug)]
pub struct FaultProxy {
    addr: SocketAddr,
    upstream: SocketAddr,
    script: Arc<Mutex<Script>>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl FaultProxy {
    /// Starts a proxy on 127.0.0.1 and a free port in front of `upstream`
    /// (which must be a loopback address). Until rules are set, every
    /// request passes through.
    pub fn start(upstream: SocketAddr) -> Result<FaultProxy, HarnessError> {
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .map_err(HarnessError::io("binding the fault proxy"))?;
        let addr = listener
            .local_addr()
            .map_err(HarnessError::io("reading the fault proxy's address"))?;
        listener
            .set_nonblocking(true)
            .map_err(HarnessError::io("configuring the fault proxy's socket"))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(HarnessError::io("starting the fault proxy's runtime"))?;
        let script = Arc::new(Mutex::new(Script::default()));
        let (shutdown, stopped) = oneshot::channel();
        let thread = {
            let script = Arc::clone(&script);
            thread::spawn(move || runtime.block_on(accept(listener, upstream, script, stopped)))
        };
        Ok(FaultProxy {
            addr,
            upstream,
            script,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`, for `--endpoint-url`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn upstream(&self) -> SocketAddr {
        self.upstream
    }

    /// Replaces the rules, restarting every attempt count.
    pub fn set_rules(&self, rules: impl IntoIterator<Item = Rule>) {
        lock(&self.script).rules = rules.into_iter().map(|rule| (rule, 0)).collect();
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<ProxiedRequest> {
        lock(&self.script).log.clone()
    }

    /// The requests received so far, clearing the log.
    pub fn take_requests(&self) -> Vec<ProxiedRequest> {
        std::mem::take(&mut lock(&self.script).log)
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn accept(
    listener: std::net::TcpListener,
    upstream: SocketAddr,
    script: Arc<Mutex<Script>>,
    mut stopped: oneshot::Receiver<()>,
) {
    let Ok(listener) = TcpListener::from_std(listener) else {
        return;
    };
    loop {
        tokio::select! {
            _ = &mut stopped => return,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let script = Arc::clone(&script);
                // Connection tasks die with the runtime when the proxy stops.
                tokio::spawn(async move {
                    let _ = serve(stream, upstream, &script).await;
                });
            }
        }
    }
}

fn invalid(message: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.into())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Whether a `Connection` header asks to close after this message.
fn wants_close(headers: &[(String, String)]) -> bool {
    header(headers, "connection").is_some_and(|v| v.eq_ignore_ascii_case("close"))
}

/// One CRLF-terminated line; `None` at a clean end of stream.
async fn read_line<R: AsyncBufReadExt + Unpin>(reader: &mut R) -> io::Result<Option<String>> {
    let mut line = Vec::new();
    if reader.read_until(b'\n', &mut line).await? == 0 {
        return Ok(None);
    }
    while matches!(line.last(), Some(b'\n' | b'\r')) {
        line.pop();
    }
    String::from_utf8(line)
        .map(Some)
        .map_err(|_| invalid("header line is not UTF-8"))
}

async fn read_headers<R: AsyncBufReadExt + Unpin>(
    reader: &mut R,
) -> io::Result<Vec<(String, String)>> {
    let mut headers = Vec::new();
    loop {
        let line = read_line(reader)
            .await?
            .ok_or_else(|| invalid("end of stream inside headers"))?;
        if line.is_empty() {
            return Ok(headers);
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| invalid(format!("malformed header line {line:?}")))?;
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
}

async fn read_chunked<R: AsyncBufReadExt + Unpin>(reader: &mut R) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let size_line = read_line(reader)
            .await?
            .ok_or_else(|| invalid("end of stream in chunk"))?;
        let size_text = size_line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| invalid(format!("bad chunk size {size_line:?}")))?;
        if size == 0 {
            read_headers(reader).await?;
            return Ok(body);
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..]).await?;
        read_line(reader).await?;
    }
}

/// Reads a message body framed by `headers` (chunked or `Content-Length`);
/// `to_end` says what no framing means: read to the end of the stream
/// (responses) or no body (requests).
async fn read_body<R: AsyncBufReadExt + Unpin>(
    reader: &mut R,
    headers: &[(String, String)],
    to_end: bool,
) -> io::Result<Vec<u8>> {
    if header(headers, "transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"))
    {
        return read_chunked(reader).await;
    }
    if let Some(length) = header(headers, "content-length") {
        let length: usize = length
            .parse()
            .map_err(|_| invalid(format!("bad Content-Length {length:?}")))?;
        let mut body = vec![0; length];
        reader.read_exact(&mut body).await?;
        return Ok(body);
    }
    let mut body = Vec::new();
    if to_end {
        reader.read_to_end(&mut body).await?;
    }
    Ok(body)
}

/// Reads the next request of a client connection; `None` when the client
/// closed it. Answers `Expect: 100-continue` itself.
async fn read_request(reader: &mut BufReader<TcpStream>) -> io::Result<Option<RecordedRequest>> {
    let request_line = loop {
        match read_line(reader).await? {
            None => return Ok(None),
            // Stray CRLFs between requests are allowed (RFC 9112 section 2.2).
            Some(line) if line.is_empty() => continue,
            Some(line) => break line,
        }
    };
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(invalid(format!("malformed request line {request_line:?}")));
    };
    let (method, target) = (method.to_string(), target.to_string());
    let headers = read_headers(reader).await?;
    if header(&headers, "expect").is_some_and(|v| v.eq_ignore_ascii_case("100-continue")) {
        let stream = reader.get_mut();
        stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").await?;
        stream.flush().await?;
    }
    let body = read_body(reader, &headers, false).await?;
    Ok(Some(RecordedRequest {
        method,
        target,
        headers,
        body,
    }))
}

/// The reason phrase of a canned response (the harness's table, plus the
/// gateway errors retry tests use).
fn reason(status: u16) -> &'static str {
    match status {
        502 => "Bad Gateway",
        504 => "Gateway Timeout",
        status => reason_phrase(status),
    }
}

/// A response ready to relay: the head's fields and the whole body.
struct Response {
    status: u16,
    reason: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn canned(response: &CannedResponse) -> Response {
        Response {
            status: response.status,
            reason: reason(response.status).to_string(),
            headers: response.headers.clone(),
            body: response.body.clone(),
        }
    }

    /// The head, with the framing replaced by a `Content-Length` of the
    /// whole body (for HEAD, the upstream's own fields are kept: they
    /// describe the body a GET would have).
    fn head(&self, head_request: bool) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {} {}\r\n", self.status, self.reason).into_bytes();
        for (name, value) in &self.headers {
            let framing = name.eq_ignore_ascii_case("content-length")
                || name.eq_ignore_ascii_case("transfer-encoding");
            if framing && !head_request {
                continue;
            }
            out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
        if !head_request {
            out.extend_from_slice(format!("Content-Length: {}\r\n", self.body.len()).as_bytes());
        } else if header(&self.headers, "content-length").is_none() {
            out.extend_from_slice(b"Content-Length: 0\r\n");
        }
        out.extend_from_slice(b"\r\n");
        out
    }
}

/// Sends `request` to the upstream on a fresh connection and reads the whole
/// response.
async fn forward(upstream: SocketAddr, request: &RecordedRequest) -> io::Result<Response> {
    let stream = TcpStream::connect(upstream).await?;
    let mut stream = BufReader::new(stream);
    let mut head = format!("{} {} HTTP/1.1\r\n", request.method, request.target).into_bytes();
    for (name, value) in &request.headers {
        // The proxy already answered `Expect` and undid chunked framing.
        let skip = ["expect", "transfer-encoding", "content-length"]
            .iter()
            .any(|skipped| name.eq_ignore_ascii_case(skipped));
        if !skip {
            head.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
    }
    let framed = header(&request.headers, "content-length").is_some()
        || header(&request.headers, "transfer-encoding").is_some();
    if framed || !request.body.is_empty() {
        head.extend_from_slice(format!("Content-Length: {}\r\n", request.body.len()).as_bytes());
    }
    head.extend_from_slice(b"\r\n");
    head.extend_from_slice(&request.body);
    stream.get_mut().write_all(&head).await?;
    stream.get_mut().flush().await?;
    loop {
        let status_line = read_line(&mut stream)
            .await?
            .ok_or_else(|| invalid("upstream closed without a response"))?;
        let mut parts = status_line.splitn(3, ' ');
        let status: u16 = parts
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| invalid(format!("malformed status line {status_line:?}")))?;
        let reason = parts.next().unwrap_or_default().to_string();
        let headers = read_headers(&mut stream).await?;
        if (100..200).contains(&status) {
            continue;
        }
        let bodiless =
            request.method.eq_ignore_ascii_case("HEAD") || status == 204 || status == 304;
        let body = if bodiless {
            Vec::new()
        } else {
            read_body(&mut stream, &headers, true).await?
        };
        return Ok(Response {
            status,
            reason,
            headers,
            body,
        });
    }
}

/// Serves one client connection until it closes or a fault ends it. An
/// upstream that cannot be reached ends the client connection without a
/// response.
async fn serve(stream: TcpStream, upstream: SocketAddr, script: &Mutex<Script>) -> io::Result<()> {
    let mut reader = BufReader::new(stream);
    while let Some(request) = read_request(&mut reader).await? {
        let (fault, _) = lock(script).decide(&request);
        let head_request = request.method.eq_ignore_ascii_case("HEAD");
        let mut close = wants_close(&request.headers);
        let mut response = match &fault {
            Fault::Reset => {
                reader.get_ref().set_zero_linger()?;
                return Ok(());
            }
            Fault::Respond(canned) => Response::canned(canned),
            Fault::DelayHeaders(delay) => {
                tokio::time::sleep(*delay).await;
                forward(upstream, &request).await?
            }
            _ => forward(upstream, &request).await?,
        };
        close |= wants_close(&response.headers);
        if let Fault::Corrupt { offset } = fault {
            if let Some(last) = response.body.len().checked_sub(1) {
                response.body[offset.min(last)] ^= 1;
            }
        }
        let body = &response.body;
        let stream = reader.get_mut();
        stream.write_all(&response.head(head_request)).await?;
        if !head_request {
            match fault {
                Fault::Truncate { body_bytes } => {
                    stream
                        .write_all(&body[..body_bytes.min(body.len())])
                        .await?;
                    stream.flush().await?;
                    stream.shutdown().await?;
                    return Ok(());
                }
                Fault::DelayBody { after_bytes, delay } => {
                    let (first, rest) = body.split_at(after_bytes.min(body.len()));
                    stream.write_all(first).await?;
                    stream.flush().await?;
                    tokio::time::sleep(delay).await;
                    stream.write_all(rest).await?;
                }
                _ => stream.write_all(body).await?,
            }
        }
        stream.flush().await?;
        if close {
            stream.shutdown().await?;
            return Ok(());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RecordingServer;
    use std::io::{BufRead, BufReader as StdBufReader, Read, Write};
    use std::net::TcpStream as StdTcpStream;
    use std::time::Instant;

    const TIMEOUT: Duration = Duration::from_secs(5);

    fn fixture() -> (RecordingServer, FaultProxy) {
        let upstream = RecordingServer::start().unwrap();
        upstream.set_default(CannedResponse::xml("<ok>hello world</ok>"));
        let proxy = FaultProxy::start(upstream.addr()).unwrap();
        (upstream, proxy)
    }

    /// Sends one request on a fresh connection; returns status, the
    /// advertised length and the body bytes that arrived before the end of
    /// stream or an error.
    fn get(proxy: &FaultProxy, path: &str) -> io::Result<(u16, usize, Vec<u8>)> {
        let mut stream = StdTcpStream::connect(proxy.addr())?;
        stream.set_read_timeout(Some(TIMEOUT))?;
        write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n")?;
        let mut reader = StdBufReader::new(stream);
        let mut status_line = String::new();
        if reader.read_line(&mut status_line)? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line)?;
            if line.trim().is_empty() {
                break;
            }
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        let mut got = 0;
        while got < length {
            match reader.read(&mut body[got..])? {
                0 => break,
                n => got += n,
            }
        }
        body.truncate(got);
        Ok((status, length, body))
    }

    #[test]
    fn passes_through_and_logs() {
        let (upstream, proxy) = fixture();
        let (status, _, body) = get(&proxy, "/a?b=1").unwrap();
        assert_eq!(
            (status, body.as_slice()),
            (200, b"<ok>hello world</ok>".as_slice())
        );
        assert_eq!(upstream.requests()[0].target, "/a?b=1");
        let log = proxy.take_requests();
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].fault, Fault::PassThrough);
        assert_eq!(log[0].rule, None);
    }

    #[test]
    fn rules_match_method_path_and_attempts() {
        let (upstream, proxy) = fixture();
        proxy.set_rules([
            Rule::new(Fault::slow_down())
                .method("GET")
                .path("/x")
                .attempts(..=2),
            Rule::new(Fault::status(404)).path_prefix("/other"),
        ]);
        let statuses: Vec<u16> = ["/x", "/y", "/x", "/x", "/other/1"]
            .iter()
            .map(|path| get(&proxy, path).unwrap().0)
            .collect();
        assert_eq!(statuses, [503, 200, 503, 200, 404]);
        assert_eq!(upstream.requests().len(), 2, "/y and the third /x");
        let rules: Vec<Option<usize>> = proxy.requests().iter().map(|r| r.rule).collect();
        assert_eq!(rules, [Some(0), None, Some(0), None, Some(1)]);
    }

    #[test]
    fn reset_gives_the_client_an_error() {
        let (upstream, proxy) = fixture();
        proxy.set_rules([Rule::new(Fault::Reset)]);
        let error = get(&proxy, "/").unwrap_err();
        assert!(
            matches!(
                error.kind(),
                io::ErrorKind::ConnectionReset | io::ErrorKind::UnexpectedEof
            ),
            "{error:?}"
        );
        assert!(upstream.requests().is_empty());
        assert_eq!(proxy.requests().len(), 1);
    }

    #[test]
    fn truncate_advertises_the_full_length() {
        let (_upstream, proxy) = fixture();
        proxy.set_rules([Rule::new(Fault::Truncate { body_bytes: 5 })]);
        let (status, length, body) = get(&proxy, "/").unwrap();
        assert_eq!(
            (status, length, body.as_slice()),
            (200, 20, b"<ok>h".as_slice())
        );
    }

    #[test]
    fn corrupt_flips_one_bit() {
        let (_upstream, proxy) = fixture();
        proxy.set_rules([Rule::new(Fault::Corrupt { offset: 1 })]);
        let (_, _, body) = get(&proxy, "/").unwrap();
        assert_eq!(body[1], b'n');
        assert_eq!(&body[2..], b"k>hello world</ok>");
    }

    #[test]
    fn delays_before_headers_and_mid_body() {
        let (_upstream, proxy) = fixture();
        proxy.set_rules([
            Rule::new(Fault::DelayHeaders(Duration::from_millis(300))).path("/h"),
            Rule::new(Fault::DelayBody {
                after_bytes: 3,
                delay: Duration::from_millis(300),
            })
            .path("/b"),
        ]);
        for path in ["/h", "/b"] {
            let started = Instant::now();
            let (_, _, body) = get(&proxy, path).unwrap();
            assert!(started.elapsed() >= Duration::from_millis(300), "{path}");
            assert_eq!(body, b"<ok>hello world</ok>");
        }
    }

    #[test]
    fn keeps_client_connections_alive_and_answers_expect_continue() {
        let (upstream, proxy) = fixture();
        let mut stream = StdTcpStream::connect(proxy.addr()).unwrap();
        stream.set_read_timeout(Some(TIMEOUT)).unwrap();
        stream
            .write_all(
                b"PUT /k HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n",
            )
            .unwrap();
        let mut interim = [0u8; 25];
        stream.read_exact(&mut interim).unwrap();
        assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
        stream.write_all(b"abc").unwrap();
        stream
            .write_all(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n")
            .unwrap();
        let mut seen = Vec::new();
        let mut buffer = [0u8; 512];
        while seen
            .windows(20)
            .filter(|w| w == b"<ok>hello world</ok>")
            .count()
            < 2
        {
            let n = stream.read(&mut buffer).unwrap();
            assert!(n > 0, "connection closed early");
            seen.extend_from_slice(&buffer[..n]);
        }
        let requests = upstream.requests();
        assert_eq!(requests[0].body, b"abc");
        assert_eq!(requests[0].header("expect"), None);
        assert_eq!(requests[1].body, b"hi");
    }

    #[test]
    fn parses_amz_sdk_request_and_adds_retry_after() {
        let mut request = RecordedRequest {
            method: "GET".into(),
            target: "/".into(),
            headers: vec![("amz-sdk-request".into(), "attempt=2; max=3".into())],
            body: Vec::new(),
        };
        let logged = |request: &RecordedRequest| ProxiedRequest {
            request: request.clone(),
            fault: Fault::PassThrough,
            rule: None,
        };
        assert_eq!(
            logged(&request).sdk_request(),
            Some(SdkRequest {
                attempt: 2,
                max: Some(3)
            })
        );
        request.headers.clear();
        assert_eq!(logged(&request).sdk_request(), None);
        let Fault::Respond(response) = Fault::throttling_json().with_retry_after(1500) else {
            panic!("throttling_json is a Respond fault");
        };
        assert!(response
            .headers
            .contains(&("x-amz-retry-after".into(), "1500".into())));
    }
}
