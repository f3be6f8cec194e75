//! One API call: serialize, sign, send, retry, parse, with botocore's
//! built-in handlers ([`crate::handlers`]) at their event points.
//!
//! Spec: botocore `endpoint.py` (`Endpoint._send_request`: the attempt
//! loop, `RetryAttempts`, the retries context behind `amz-sdk-invocation-id`
//! and `amz-sdk-request`), `client.py` (`_make_api_call`, host prefix
//! injection), `exceptions.py` (the error texts), `retries/standard.py` and
//! `retries/special.py` (DynamoDB's `x-amz-crc32`).
//!
//! A body is read as urllib3 1.26 reads it: one that ends early is not an
//! error in itself (urllib3 does not enforce `Content-Length`), so a short
//! buffered body goes to the parser as it is, and only a streamed body is
//! checked against its length (`StreamingBody._verify_content_length`).
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use awscli_model::{Operation, Service, Value};
use awscli_protocol::{HttpRequest, HttpResponse, ServiceError};
use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::credentials::Credentials;
use crate::debug::{self, DebugSink};
use crate::handlers::{self, CallState, HandlerConfig, HandlerError, ResponseValidator};
use crate::http::{BoxFuture, HttpTransport, PreparedRequest, TransportError};
use crate::retry::{
    backoff_delay, classify, sdk_request_header, AttemptOutcome, ModeledRetryableErrors,
    RetryConfig, RetryQuota, Retryability, TransportFailure,
};
use crate::sign::{sign_request, PayloadInfo, SignerKind, SigningConfig, SigningError};

/// An error from the protocol layer (serializer or parser).
pub type CodecError = Box<dyn std::error::Error + Send + Sync>;

/// The protocol layer as the client sees it. The binary implements it over
/// `awscli_protocol::{serialize_request, parse_response}`; tests use fakes.
pub trait OperationCodec: Send + Sync {
    /// The request for `input`, relative to the endpoint.
    fn serialize_request(
        &self,
        service: &Service,
        operation: &Operation,
        input: &Value,
    ) -> Result<HttpRequest, CodecError>;
    /// The output (`Ok`), a service error (`Err`), or a parse failure.
    fn parse_response(
        &self,
        service: &Service,
        operation: &Operation,
        response: &HttpResponse,
    ) -> Result<Result<Value, ServiceError>, CodecError>;
}

/// The real codec: `awscli_protocol`'s serializer and parser, with
/// botocore's idempotency-token filling (`generate_idempotent_uuid`).
#[derive(Debug, Default, Clone, Copy)]
pub struct ProtocolCodec;

impl OperationCodec for ProtocolCodec {
    fn serialize_request(
        &self,
        service: &Service,
        operation: &Operation,
        input: &Value,
    ) -> Result<HttpRequest, CodecError> {
        let mut input = input.clone();
        let mut random = || {
            let mut bytes = [0u8; 16];
            bytes.iter_mut().for_each(|b| *b = fastrand::u8(..));
            bytes
        };
        awscli_protocol::fill_idempotency_tokens(service, operation, &mut input, &mut random)?;
        Ok(awscli_protocol::serialize_request(
            service, operation, &input,
        )?)
    }

    fn parse_response(
        &self,
        service: &Service,
        operation: &Operation,
        response: &HttpResponse,
    ) -> Result<Result<Value, ServiceError>, CodecError> {
        match awscli_protocol::parse_response(service, operation, response) {
            Ok(value) => Ok(Ok(value)),
            Err(awscli_protocol::ParseOutcome::Service(error)) => Ok(Err(*error)),
            Err(awscli_protocol::ParseOutcome::Parse(error)) => Err(Box::new(error)),
        }
    }
}

/// Waits between attempts; injectable so tests do not sleep.
pub trait Sleeper: Send + Sync {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// The real sleeper.
#[derive(Debug, Default, Clone, Copy)]
pub struct TokioSleeper;

impl Sleeper for TokioSleeper {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// A source of uniform randoms in `[0, 1)` (retry jitter, invocation ids).
pub type RandomSource = Arc<dyn Fn() -> f64 + Send + Sync>;
/// The clock used for signing and the `ttl` of `amz-sdk-request`.
pub type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// Everything one call needs besides the operation and its input.
#[derive(Clone)]
pub struct CallContext {
    /// The resolved endpoint (`https://ec2.us-east-1.amazonaws.com`).
    pub endpoint_url: String,
    /// Extra headers the endpoint rule set asked for.
    pub endpoint_headers: Vec<(String, String)>,
    /// Prepend the operation's `hostPrefix` (botocore `inject_host_prefix`).
    pub inject_host_prefix: bool,
    pub signing: SigningConfig,
    /// `None` is only valid with an anonymous signer.
    pub credentials: Option<Credentials>,
    pub region: String,
    pub retry: RetryConfig,
    /// Shared by all calls of one client.
    pub retry_quota: Arc<RetryQuota>,
    pub transport: Arc<dyn HttpTransport>,
    pub codec: Arc<dyn OperationCodec>,
    pub user_agent: String,
    /// The read timeout, for the `ttl` in `amz-sdk-request`.
    pub read_timeout: Option<Duration>,
    pub debug: DebugSink,
    pub sleeper: Arc<dyn Sleeper>,
    pub random: RandomSource,
    pub clock: Clock,
    /// Settings of botocore's built-in handlers (checksums, trace id).
    pub handlers: HandlerConfig,
}

impl CallContext {
    /// A context with the CLI defaults: standard retries (3 attempts), a
    /// fresh retry quota, real sleep, clock and randomness, no debug log.
    pub fn new(
        endpoint_url: impl Into<String>,
        signing: SigningConfig,
        credentials: Option<Credentials>,
        transport: Arc<dyn HttpTransport>,
        codec: Arc<dyn OperationCodec>,
    ) -> CallContext {
        let region = signing.region.clone();
        CallContext {
            endpoint_url: endpoint_url.into(),
            endpoint_headers: Vec::new(),
            inject_host_prefix: true,
            signing,
            credentials,
            region,
            retry: RetryConfig::default(),
            retry_quota: Arc::new(RetryQuota::default()),
            transport,
            codec,
            user_agent: String::new(),
            read_timeout: Some(crate::http::DEFAULT_TIMEOUT),
            debug: None,
            sleeper: Arc::new(TokioSleeper),
            random: Arc::new(fastrand::f64),
            clock: Arc::new(SystemTime::now),
            handlers: HandlerConfig::default(),
        }
    }
}

/// A successful call.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The parsed output, without `ResponseMetadata`.
    pub output: Value,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// Attempts minus one (`ResponseMetadata.RetryAttempts`).
    pub retry_attempts: u32,
    /// `x-amzn-RequestId` / `x-amz-request-id`.
    pub request_id: Option<String>,
}

/// Why a call failed. `Display` gives the reference's text.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// botocore `ClientError`.
    #[error("{}", client_error_message(.error, .operation, .retry_attempts, *.max_attempts_reached))]
    Service {
        error: Box<ServiceError>,
        operation: String,
        retry_attempts: u32,
        /// `ResponseMetadata.MaxAttemptsReached`: adds the retry suffix.
        max_attempts_reached: bool,
        headers: Vec<(String, String)>,
    },
    /// `EndpointConnectionError`.
    #[error("Could not connect to the endpoint URL: \"{endpoint_url}\"")]
    Connection { endpoint_url: String },
    /// `ConnectTimeoutError`.
    #[error("Connect timeout on endpoint URL: \"{endpoint_url}\"")]
    ConnectTimeout { endpoint_url: String },
    /// `ReadTimeoutError`.
    #[error("Read timeout on endpoint URL: \"{endpoint_url}\"")]
    ReadTimeout { endpoint_url: String },
    /// `ConnectionClosedError`.
    #[error("Connection was closed before we received a valid response from endpoint URL: \"{endpoint_url}\".")]
    ConnectionClosed { endpoint_url: String },
    /// `SSLError`.
    #[error("SSL validation failed for {endpoint_url} {error}")]
    Tls { endpoint_url: String, error: String },
    /// `ProxyConnectionError`.
    #[error("Failed to connect to proxy URL: \"{proxy_url}\"")]
    Proxy { proxy_url: String },
    /// `HTTPClientError`.
    #[error("An HTTP Client raised an unhandled exception: {error}")]
    HttpClient { error: String },
    /// `IncompleteReadError`: a streamed body ended before its
    /// Content-Length.
    #[error("{read} read, but total bytes expected is {expected}.")]
    IncompleteBody { read: u64, expected: u64 },
    /// `ResponseStreamingError`: reading a streamed body failed otherwise.
    #[error("An error occurred while reading from response stream: {error}")]
    ResponseStreaming { error: String },
    /// `NoCredentialsError`.
    #[error("Unable to locate credentials")]
    NoCredentials,
    /// The request could not be built.
    #[error("{0}")]
    Serialize(#[source] CodecError),
    /// `ResponseParserError` and friends.
    #[error("{0}")]
    Parse(#[source] CodecError),
    #[error(transparent)]
    Signing(#[from] SigningError),
    /// Writing a streamed body to its destination failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A built-in handler refused the call: `ParamValidationError` (the
    /// CLI's exit code 252) or `FlexibleChecksumError` (255).
    #[error(transparent)]
    Handler(#[from] HandlerError),
}

fn client_error_message(
    error: &ServiceError,
    operation: &str,
    retry_attempts: &u32,
    max_reached: bool,
) -> String {
    let code = if error.code.is_empty() {
        "Unknown"
    } else {
        &error.code
    };
    let retry_info = if max_reached {
        format!(" (reached max retries: {retry_attempts})")
    } else {
        String::new()
    };
    format!(
        "An error occurred ({code}) when calling the {operation} operation{retry_info}: {}",
        error.message
    )
}

impl CallError {
    fn from_transport(error: TransportError, endpoint_url: &str) -> CallError {
        let endpoint_url = endpoint_url.to_owned();
        match error {
            TransportError::Connect(_) => CallError::Connection { endpoint_url },
            TransportError::ConnectTimeout => CallError::ConnectTimeout { endpoint_url },
            TransportError::ReadTimeout => CallError::ReadTimeout { endpoint_url },
            TransportError::ConnectionClosed(_) => CallError::ConnectionClosed { endpoint_url },
            TransportError::Tls(error) => CallError::Tls {
                endpoint_url,
                error,
            },
            TransportError::Proxy { proxy_url } => CallError::Proxy { proxy_url },
            TransportError::Other(error) => CallError::HttpClient { error },
        }
    }

    /// Whether a download that failed this way is worth starting again:
    /// s3transfer's `S3_RETRYABLE_DOWNLOAD_ERRORS` (timeouts, closed
    /// sockets, short and broken bodies).
    pub fn is_retryable_download(&self) -> bool {
        matches!(
            self,
            CallError::IncompleteBody { .. }
                | CallError::ResponseStreaming { .. }
                | CallError::ReadTimeout { .. }
                | CallError::ConnectionClosed { .. }
        )
    }

    /// The service error, if this is one.
    pub fn service_error(&self) -> Option<&ServiceError> {
        match self {
            CallError::Service { error, .. } => Some(error.as_ref()),
            _ => None,
        }
    }
}

/// Options of one call.
#[derive(Default)]
pub struct InvokeOptions<'w> {
    /// Write a successful response body here instead of parsing it
    /// (streaming outputs such as `s3api get-object OUTFILE`).
    pub stream_to: Option<&'w mut (dyn AsyncWrite + Unpin + Send)>,
}

/// `botocore.client._urljoin`: the endpoint's path, then the operation's
/// path; the host prefix goes in front of the host.
pub fn join_endpoint_url(endpoint_url: &str, url_path: &str, host_prefix: Option<&str>) -> String {
    let (scheme, rest) = endpoint_url
        .split_once("://")
        .unwrap_or(("https", endpoint_url));
    let (netloc, endpoint_path) = match rest.find(['/', '?']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let (endpoint_path, endpoint_query) = match endpoint_path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (endpoint_path, None),
    };
    let (op_path, op_query) = match url_path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (url_path, None),
    };
    let path = if op_path.is_empty() || op_path == "/" {
        if endpoint_path.is_empty() {
            "/".to_owned()
        } else {
            endpoint_path.to_owned()
        }
    } else if endpoint_path.ends_with('/') && op_path.starts_with('/') {
        format!("{}{op_path}", &endpoint_path[..endpoint_path.len() - 1])
    } else {
        format!("{endpoint_path}{op_path}")
    };
    let netloc = match host_prefix {
        Some(prefix) => format!("{prefix}{netloc}"),
        None => netloc.to_owned(),
    };
    let query: Vec<&str> = [endpoint_query, op_query]
        .into_iter()
        .flatten()
        .filter(|q| !q.is_empty())
        .collect();
    if query.is_empty() {
        format!("{scheme}://{netloc}{path}")
    } else {
        format!("{scheme}://{netloc}{path}?{}", query.join("&"))
    }
}

/// A random (version 4) UUID, as `uuid.uuid4()` writes it.
fn uuid4(random: &RandomSource) -> String {
    let mut bytes = [0u8; 16];
    for b in bytes.iter_mut() {
        *b = (random() * 256.0) as u8;
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// The modeled retryable errors of `operation`.
fn modeled_retryable(service: &Service, operation: &Operation) -> ModeledRetryableErrors {
    let errors = operation
        .errors
        .iter()
        .filter_map(|member| service.resolve(member).ok())
        .filter_map(|shape| {
            let retryable = shape.retryable.as_ref()?;
            let code = shape
                .error
                .as_ref()
                .and_then(|e| e.code.clone())
                .unwrap_or_else(|| shape.name.clone());
            let throttling = retryable
                .get("throttling")
                .and_then(|t| t.as_bool())
                .unwrap_or(false);
            Some((code, throttling))
        })
        .collect();
    ModeledRetryableErrors { errors }
}

/// Takes a blob payload member out of `input` (its name and bytes), so the
/// bytes can become the request body without a copy. Other payloads stay.
fn take_blob_payload(
    service: &Service,
    operation: &Operation,
    input: &mut Value,
) -> Option<(String, Vec<u8>)> {
    let shape = operation
        .input
        .as_ref()
        .and_then(|m| service.resolve(m).ok())?;
    let name = shape.payload.as_ref()?;
    let member = shape.members.get(name)?;
    if service.resolve(member).ok()?.kind != awscli_model::ShapeType::Blob {
        return None;
    }
    let map = input.as_map_mut()?;
    match map.get_mut(name.as_str())? {
        Value::Blob(bytes) => Some((name.clone(), std::mem::take(bytes))),
        _ => None,
    }
}

/// Whether the operation's input payload is a streaming blob.
pub fn has_streaming_input(service: &Service, operation: &Operation) -> bool {
    let Some(input) = operation
        .input
        .as_ref()
        .and_then(|m| service.resolve(m).ok())
    else {
        return false;
    };
    let Some(member) = input.payload.as_ref().and_then(|p| input.members.get(p)) else {
        return false;
    };
    member.streaming
        || service
            .resolve(member)
            .map(|s| s.streaming)
            .unwrap_or(false)
}

/// `_calculate_ttl`: now + read timeout + the server clock skew.
fn compute_ttl(
    date_header: &str,
    received: SystemTime,
    now: SystemTime,
    read_timeout: Duration,
) -> Option<String> {
    let server = jiff::fmt::rfc2822::parse(date_header).ok()?.timestamp();
    let received = jiff::Timestamp::try_from(received).ok()?;
    let now = jiff::Timestamp::try_from(now).ok()?;
    let skew = server.as_second() - received.as_second();
    let ttl = now.as_second() + read_timeout.as_secs() as i64 + skew;
    let ttl = jiff::Timestamp::from_second(ttl).ok()?;
    Some(ttl.strftime("%Y%m%dT%H%M%SZ").to_string())
}

fn headers_repr(headers: &[(String, String)]) -> String {
    let parts: Vec<String> = debug::redact_headers(headers)
        .into_iter()
        .map(|(k, v)| format!("'{k}': '{v}'"))
        .collect();
    format!("{{{}}}", parts.join(", "))
}

struct Attempt {
    status: u16,
    headers: Vec<(String, String)>,
    parsed: Result<Value, ServiceError>,
    /// The body did not match DynamoDB's `x-amz-crc32`.
    crc32_mismatch: bool,
}

/// Calls `operation` with `input` and returns its output (without
/// `ResponseMetadata`).
pub async fn invoke(
    ctx: &CallContext,
    service: &Service,
    operation: &Operation,
    input: &Value,
) -> Result<Value, CallError> {
    invoke_full(ctx, service, operation, input, InvokeOptions::default())
        .await
        .map(|r| r.output)
}

/// Calls `operation` and returns the output with the HTTP status, headers
/// and retry count; optionally streams the body to a writer.
pub async fn invoke_full(
    ctx: &CallContext,
    service: &Service,
    operation: &Operation,
    input: &Value,
    options: InvokeOptions<'_>,
) -> Result<Response, CallError> {
    invoke_owned(ctx, service, operation, input.clone(), options).await
}

/// [`invoke_full`] for an input the caller gives away: a blob payload
/// (an upload part) moves into the request instead of being copied, which
/// keeps the memory of concurrent uploads at one copy of each part.
pub async fn invoke_owned(
    ctx: &CallContext,
    service: &Service,
    operation: &Operation,
    mut input: Value,
    mut options: InvokeOptions<'_>,
) -> Result<Response, CallError> {
    let mut state = CallState::default();
    handlers::before_parameter_build(service, operation, &ctx.handlers, &mut input, &mut state)?;
    let blob_payload = take_blob_payload(service, operation, &mut input);
    let mut request = ctx
        .codec
        .serialize_request(service, operation, &input)
        .map_err(CallError::Serialize)?;
    if let Some((name, blob)) = blob_payload {
        // The serializer saw an empty payload; the handlers below see the
        // real body, and the input gets its member back for them.
        request.body = blob;
        if let Some(map) = input.as_map_mut() {
            map.insert(name, Value::Blob(Vec::new()));
        }
    }
    let host_prefix = if ctx.inject_host_prefix {
        request.host_prefix.as_deref()
    } else {
        None
    };
    let url = join_endpoint_url(&ctx.endpoint_url, &request.url_path, host_prefix);
    handlers::before_call(
        service,
        operation,
        &ctx.handlers,
        &input,
        &url,
        &mut request,
        &mut state,
    )?;
    let credentials = match (&ctx.signing.signer, &ctx.credentials) {
        (SignerKind::Anonymous, _) => None,
        (_, Some(c)) => Some(c),
        (_, None) => return Err(CallError::NoCredentials),
    };
    let modeled = modeled_retryable(service, operation);
    let payload = PayloadInfo {
        has_streaming_input: has_streaming_input(service, operation),
        streaming_trailer: request.header("x-amz-trailer").is_some(),
    };
    let invocation_id = uuid4(&ctx.random);
    let max_attempts = ctx.retry.max_attempts.max(1);
    debug::log(&ctx.debug, "botocore.endpoint", || {
        format!(
            "Making request for OperationModel(name={}) with params: {{'url_path': '{}', 'method': '{}', 'headers': {}, 'body': {}, 'url': '{}'}}",
            operation.name,
            request.url_path,
            request.method,
            headers_repr(&request.headers),
            debug::redact_body(&request.body),
            debug::redact_url(&url),
        )
    });
    // Shared by every attempt without a copy.
    let body = bytes::Bytes::from(std::mem::take(&mut request.body));

    let mut attempt: u32 = 1;
    let mut ttl: Option<String> = None;
    let mut last_acquired: Option<u32> = None;
    loop {
        let mut prepared = PreparedRequest {
            method: request.method.clone(),
            url: url.clone(),
            headers: request.headers.clone(),
            body: body.clone(),
        };
        prepared
            .headers
            .extend(ctx.endpoint_headers.iter().cloned());
        if !ctx.user_agent.is_empty() {
            prepared
                .headers
                .push(("User-Agent".into(), ctx.user_agent.clone()));
        }
        prepared
            .headers
            .push(("amz-sdk-invocation-id".into(), invocation_id.clone()));
        prepared.headers.push((
            "amz-sdk-request".into(),
            sdk_request_header(ttl.as_deref(), attempt, max_attempts),
        ));
        if let Some(credentials) = credentials {
            sign_request(
                &mut prepared,
                &ctx.signing,
                credentials,
                (ctx.clock)(),
                payload,
            )?;
        }
        debug::log(&ctx.debug, "botocore.endpoint", || {
            format!(
                "Sending http request: <AWSPreparedRequest stream_output={}, method={}, url={}, headers={}>",
                if options.stream_to.is_some() { "True" } else { "False" },
                prepared.method,
                debug::redact_url(&prepared.url),
                headers_repr(&prepared.headers)
            )
        });

        let result = send_attempt(ctx, service, operation, &prepared, &mut options, &state).await;
        let received = (ctx.clock)();
        let outcome = match &result {
            Ok(a) => AttemptOutcome::Response {
                status: a.status,
                error_code: a.parsed.as_ref().err().map(|e| e.code.as_str()),
            },
            Err(AttemptError::Transport(e)) => AttemptOutcome::TransportError {
                kind: match e {
                    TransportError::ConnectTimeout => TransportFailure::ConnectTimeout,
                    TransportError::ReadTimeout => TransportFailure::ReadTimeout,
                    TransportError::Connect(_)
                    | TransportError::Tls(_)
                    | TransportError::Proxy { .. } => TransportFailure::Connect,
                    _ => TransportFailure::Other,
                },
            },
            // Parse failures and local I/O errors are never retried.
            Err(AttemptError::Fatal(_)) => {
                let Err(AttemptError::Fatal(e)) = result else {
                    unreachable!("matched above")
                };
                return Err(e);
            }
        };
        // `RetryDDBChecksumError` retries even a successful response.
        let crc32_mismatch = matches!(&result, Ok(a) if a.crc32_mismatch);
        let is_success = matches!(&result, Ok(a) if a.parsed.is_ok()) && !crc32_mismatch;
        let mut max_attempts_reached = false;
        let mut retry_delay = None;
        // StandardRetryConditions checks the attempt count first, for every
        // response (a success too), so the last attempt always records
        // MaxAttemptsReached; botocore logs its decision each time.
        let not_retrying = || {
            debug::log(&ctx.debug, "botocore.retries.standard", || {
                "Not retrying request.".to_owned()
            })
        };
        if attempt >= max_attempts {
            max_attempts_reached = !is_success;
            debug::log(&ctx.debug, "botocore.retries.standard", || {
                format!("Max attempts of {max_attempts} reached.")
            });
            not_retrying();
        } else if !is_success
            && (crc32_mismatch
                || classify(&outcome, &service.metadata.service_id, &modeled) != Retryability::No)
        {
            match ctx.retry_quota.acquire(&outcome) {
                Some(cost) => {
                    last_acquired = Some(cost);
                    let delay = backoff_delay(attempt, (ctx.random)());
                    debug::log(&ctx.debug, "botocore.retries.standard", || {
                        format!(
                            "Retry needed, retrying request after delay of: {}",
                            crate::python::float_repr(delay.as_secs_f64(), false)
                        )
                    });
                    retry_delay = Some(delay);
                }
                None => debug::log(&ctx.debug, "botocore.retries.standard", || {
                    "Retry needed but retry quota reached, not retrying request.".to_owned()
                }),
            }
        } else {
            not_retrying();
        }
        if let Some(delay) = retry_delay {
            if let Ok(a) = &result {
                if let (Some(date), Some(read_timeout), false) = (
                    find_header(&a.headers, "date"),
                    ctx.read_timeout,
                    payload.has_streaming_input,
                ) {
                    ttl = compute_ttl(date, received, (ctx.clock)(), read_timeout);
                }
            }
            ctx.sleeper.sleep(delay).await;
            attempt += 1;
            continue;
        }
        let retry_attempts = attempt - 1;
        return match result {
            Ok(a) => {
                ctx.retry_quota.release_after_call(a.status, last_acquired);
                let request_id = find_header(&a.headers, "x-amzn-requestid")
                    .or_else(|| find_header(&a.headers, "x-amz-request-id"))
                    .map(str::to_owned);
                match a.parsed {
                    Ok(mut output) => {
                        if let Some(map) = output.as_map_mut() {
                            map.shift_remove("ResponseMetadata");
                        }
                        handlers::after_call(service, operation, &mut output, &state);
                        Ok(Response {
                            output,
                            status: a.status,
                            headers: a.headers,
                            retry_attempts,
                            request_id,
                        })
                    }
                    Err(error) => Err(CallError::Service {
                        error: Box::new(error),
                        operation: operation.name.clone(),
                        retry_attempts,
                        max_attempts_reached,
                        headers: a.headers,
                    }),
                }
            }
            Err(AttemptError::Transport(e)) => Err(CallError::from_transport(e, &url)),
            Err(AttemptError::Fatal(e)) => Err(e),
        };
    }
}

fn find_header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

enum AttemptError {
    Transport(TransportError),
    Fatal(CallError),
}

async fn send_attempt(
    ctx: &CallContext,
    service: &Service,
    operation: &Operation,
    prepared: &PreparedRequest,
    options: &mut InvokeOptions<'_>,
    state: &CallState,
) -> Result<Attempt, AttemptError> {
    let response = match ctx.transport.send(prepared).await {
        Ok(r) => r,
        Err(e) => {
            debug::log(&ctx.debug, "botocore.endpoint", || {
                format!("Exception received when sending HTTP request: {e}")
            });
            return Err(AttemptError::Transport(e));
        }
    };
    let status = response.status;
    let headers = response.headers;
    let mut stream = response.body;
    let mut body = Vec::new();
    let streaming = status < 300 && options.stream_to.is_some();
    let mut validator = ResponseValidator::for_response(state, &headers);
    let mut streamed: u64 = 0;
    loop {
        let chunk = match stream.next_chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) if streaming => match short_stream(&headers, streamed) {
                Some(error) => return Err(AttemptError::Fatal(error)),
                None => break,
            },
            Ok(None) => break,
            // botocore reads a streamed body after the call has returned,
            // outside the retry loop: a failure there is final (callers such
            // as s3transfer start the download again themselves).
            Err(e) if streaming => {
                return Err(AttemptError::Fatal(streaming_error(e, &headers, streamed)))
            }
            Err(e) => return Err(AttemptError::Transport(e)),
        };
        if let Some(v) = validator.as_mut() {
            v.update(&chunk);
        }
        match (&mut options.stream_to, streaming) {
            (Some(writer), true) => {
                streamed += chunk.len() as u64;
                writer
                    .write_all(&chunk)
                    .await
                    .map_err(|e| AttemptError::Fatal(CallError::Io(e)))?
            }
            _ => body.extend_from_slice(&chunk),
        }
    }
    if let (Some(writer), true) = (&mut options.stream_to, streaming) {
        writer
            .flush()
            .await
            .map_err(|e| AttemptError::Fatal(CallError::Io(e)))?;
    }
    if let Some(v) = validator {
        v.finish()
            .map_err(|e| AttemptError::Fatal(CallError::Handler(e)))?;
    }
    debug::log(&ctx.debug, "botocore.parsers", || {
        format!("Response headers: {}", headers_repr(&headers))
    });
    if !streaming {
        debug::log(&ctx.debug, "botocore.parsers", || {
            format!("Response body:\n{}", debug::redact_body(&body))
        });
    }
    let http_response = HttpResponse {
        status,
        headers,
        body,
    };
    let parsed = ctx
        .codec
        .parse_response(service, operation, &http_response)
        .map_err(|e| AttemptError::Fatal(CallError::Parse(e)))?;
    let crc32_mismatch = !streaming && dynamodb_crc32_mismatch(ctx, service, &http_response);
    Ok(Attempt {
        status,
        headers: http_response.headers,
        parsed,
        crc32_mismatch,
    })
}

/// `RetryDDBChecksumError`: a DynamoDB response whose body does not match
/// its `x-amz-crc32` header (a decimal CRC-32) is retried. botocore's
/// `int(checksum)` raises on a header that is not a number; such a header
/// is ignored here.
fn dynamodb_crc32_mismatch(ctx: &CallContext, service: &Service, response: &HttpResponse) -> bool {
    if service.name != "dynamodb" {
        return false;
    }
    let Some(expected) = response
        .header("x-amz-crc32")
        .and_then(|v| v.trim().parse::<i64>().ok())
    else {
        return false;
    };
    let digest = handlers::ChecksumAlgorithm::Crc32.digest(&response.body);
    let actual = digest
        .iter()
        .fold(0i64, |crc, byte| (crc << 8) | i64::from(*byte));
    if actual == expected {
        return false;
    }
    debug::log(&ctx.debug, "botocore.retries.special", || {
        format!("DynamoDB crc32 checksum does not match, expected: {expected}, actual: {actual}")
    });
    true
}

/// A streamed body that ended cleanly before its `Content-Length`:
/// `IncompleteReadError` (botocore `StreamingBody._verify_content_length`).
fn short_stream(headers: &[(String, String)], read: u64) -> Option<CallError> {
    let expected =
        find_header(headers, "content-length").and_then(|v| v.trim().parse::<u64>().ok())?;
    (read < expected).then_some(CallError::IncompleteBody { read, expected })
}

/// The error of a streamed body that broke off after `read` bytes, as
/// botocore's `StreamingBody` reports it: a short body against its
/// Content-Length, urllib3's read timeout (which carries no URL), or the
/// stream error itself.
fn streaming_error(error: TransportError, headers: &[(String, String)], read: u64) -> CallError {
    let expected =
        find_header(headers, "content-length").and_then(|v| v.trim().parse::<u64>().ok());
    match (error, expected) {
        (TransportError::ReadTimeout, _) => CallError::ReadTimeout {
            endpoint_url: "None".to_owned(),
        },
        (TransportError::ConnectionClosed(_), Some(expected)) if read < expected => {
            CallError::IncompleteBody { read, expected }
        }
        (other, _) => CallError::ResponseStreaming {
            error: other.to_string(),
        },
    }
}

/// Something that can call one operation repeatedly (paginators, waiters).
pub trait OperationCaller: Send + Sync {
    fn call<'a>(&'a self, input: &'a Value) -> BoxFuture<'a, Result<Response, CallError>>;
}

/// [`invoke_full`] bound to a context and an operation.
pub struct Invoker<'a> {
    pub ctx: &'a CallContext,
    pub service: &'a Service,
    pub operation: &'a Operation,
}

impl OperationCaller for Invoker<'_> {
    fn call<'a>(&'a self, input: &'a Value) -> BoxFuture<'a, Result<Response, CallError>> {
        Box::pin(invoke_full(
            self.ctx,
            self.service,
            self.operation,
            input,
            InvokeOptions::default(),
        ))
    }
}

#[cfg(test)]
pub(crate) mod tests;
