//! The HTTP transport: one pooled async client for API calls, with the AWS
//! CLI's timeouts, TLS and proxy settings, behind the [`HttpTransport`]
//! trait so tests can swap in a fake.
//!
//! Spec: botocore `httpsession.py` (`URLLib3Session`: 60 s connect/read
//! timeouts, `verify`, `proxies`, exception mapping) and `endpoint.py`
//! (`MAX_POOL_CONNECTIONS = 10`). TLS is rustls with the system roots plus
//! the embedded webpki root set, so a `FROM scratch` image still verifies;
//! names are resolved with hickory (reads `/etc/resolv.conf` and
//! `/etc/hosts` itself), not glibc NSS.
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;

/// A boxed, sendable future (the transport traits are object-safe).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// botocore `DEFAULT_TIMEOUT`.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// botocore `MAX_POOL_CONNECTIONS`.
pub const MAX_POOL_CONNECTIONS: usize = 10;

/// A request ready to go on the wire: absolute URL, final headers, body.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PreparedRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

impl PreparedRequest {
    /// The first header called `name`, case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// How a request failed below HTTP (botocore's exception classes).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TransportError {
    /// `EndpointConnectionError`: refused, unreachable, name not resolved.
    #[error("connect error: {0}")]
    Connect(String),
    /// `ConnectTimeoutError`.
    #[error("connect timeout")]
    ConnectTimeout,
    /// `ReadTimeoutError`.
    #[error("read timeout")]
    ReadTimeout,
    /// `ConnectionClosedError`: reset, or closed before a full response.
    #[error("connection closed: {0}")]
    ConnectionClosed(String),
    /// `SSLError`, with the text that follows the URL in the message.
    #[error("{0}")]
    Tls(String),
    /// `ProxyConnectionError`.
    #[error("proxy connect error: {proxy_url}")]
    Proxy { proxy_url: String },
    /// `HTTPClientError`: anything else.
    #[error("{0}")]
    Other(String),
}

/// A response body, read chunk by chunk.
pub trait BodyStream: Send {
    /// The next chunk, or `None` at the end.
    fn next_chunk(&mut self) -> BoxFuture<'_, Result<Option<Bytes>, TransportError>>;
}

/// A response whose body has not been read yet.
pub struct TransportResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Box<dyn BodyStream>,
}

impl std::fmt::Debug for TransportResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TransportResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

impl TransportResponse {
    /// Reads the whole body.
    pub async fn into_bytes(
        mut self,
    ) -> Result<(u16, Vec<(String, String)>, Vec<u8>), TransportError> {
        let mut body = Vec::new();
        while let Some(chunk) = self.body.next_chunk().await? {
            body.extend_from_slice(&chunk);
        }
        Ok((self.status, self.headers, body))
    }
}

/// Sends one request. Implemented by [`HttpClient`] and by test fakes.
pub trait HttpTransport: Send + Sync {
    fn send<'a>(
        &'a self,
        request: &'a PreparedRequest,
    ) -> BoxFuture<'a, Result<TransportResponse, TransportError>>;
}

/// A body that is already in memory (for fakes and tests).
pub struct BufferedBody(Option<Bytes>);

impl BufferedBody {
    pub fn new(body: impl Into<Bytes>) -> Self {
        BufferedBody(Some(body.into()))
    }
}

impl BodyStream for BufferedBody {
    fn next_chunk(&mut self) -> BoxFuture<'_, Result<Option<Bytes>, TransportError>> {
        let chunk = self.0.take().filter(|b| !b.is_empty());
        Box::pin(async move { Ok(chunk) })
    }
}

/// Proxy settings, as resolved from `HTTP_PROXY`/`HTTPS_PROXY`/`NO_PROXY`
/// by the caller (this library reads no environment).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxyConfig {
    pub http: Option<String>,
    pub https: Option<String>,
    /// Comma-separated hosts, domains, IPs or CIDRs (`NO_PROXY`).
    pub no_proxy: Option<String>,
}

/// Settings of the HTTP client (`--cli-connect-timeout`,
/// `--cli-read-timeout`, `--ca-bundle`, `--no-verify-ssl`, proxies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpConfig {
    /// `None` waits forever (the CLI's `0`).
    pub connect_timeout: Option<Duration>,
    /// `None` waits forever (the CLI's `0`). Applies to each read.
    pub read_timeout: Option<Duration>,
    pub verify_ssl: bool,
    /// A PEM bundle that replaces the built-in roots.
    pub ca_bundle: Option<PathBuf>,
    pub proxies: ProxyConfig,
    pub max_pool_connections: usize,
    /// Resolve names with hickory instead of the system resolver.
    pub use_hickory_dns: bool,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            connect_timeout: Some(DEFAULT_TIMEOUT),
            read_timeout: Some(DEFAULT_TIMEOUT),
            verify_ssl: true,
            ca_bundle: None,
            proxies: ProxyConfig::default(),
            max_pool_connections: MAX_POOL_CONNECTIONS,
            use_hickory_dns: true,
        }
    }
}

impl HttpConfig {
    /// A timeout from the CLI's seconds value, where `0` means none.
    pub fn timeout_from_secs(secs: f64) -> Option<Duration> {
        (secs > 0.0).then(|| Duration::from_secs_f64(secs))
    }
}

/// Errors building the HTTP client.
#[derive(Debug, thiserror::Error)]
pub enum HttpConfigError {
    #[error("Unable to read CA bundle {path}: {source}")]
    CaBundleRead {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("Invalid CA bundle {path}: {message}")]
    CaBundleInvalid { path: PathBuf, message: String },
    #[error("Invalid proxy URL {url:?}: {message}")]
    InvalidProxy { url: String, message: String },
    #[error("Unable to create the HTTP client: {0}")]
    Build(String),
}

/// The real transport: reqwest (hyper 1) over rustls, HTTP/1.1 only, as
/// botocore speaks.
#[derive(Debug, Clone)]
pub struct HttpClient {
    client: reqwest::Client,
    proxy_urls: Vec<String>,
}

impl HttpClient {
    pub fn new(config: &HttpConfig) -> Result<HttpClient, HttpConfigError> {
        // Only one crypto provider is compiled in; installing it is a no-op
        // when another caller already did.
        let _ = rustls::crypto::ring::default_provider().install_default();
        // reqwest adds `Accept: */*` to requests that set no Accept header;
        // botocore sends none. AWS ignores it, so the difference is accepted
        // (docs/architecture.md, "Known differences on the wire").
        let mut builder = reqwest::Client::builder()
            .http1_only()
            .use_rustls_tls()
            .no_proxy()
            .pool_max_idle_per_host(config.max_pool_connections)
            .redirect(reqwest::redirect::Policy::none())
            .hickory_dns(config.use_hickory_dns);
        if let Some(t) = config.connect_timeout {
            builder = builder.connect_timeout(t);
        }
        if let Some(t) = config.read_timeout {
            builder = builder.read_timeout(t);
        }
        if !config.verify_ssl {
            builder = builder.danger_accept_invalid_certs(true);
        }
        if let Some(path) = &config.ca_bundle {
            let pem = std::fs::read(path).map_err(|source| HttpConfigError::CaBundleRead {
                path: path.clone(),
                source,
            })?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
                HttpConfigError::CaBundleInvalid {
                    path: path.clone(),
                    message: e.to_string(),
                }
            })?;
            if certs.is_empty() {
                return Err(HttpConfigError::CaBundleInvalid {
                    path: path.clone(),
                    message: "no certificates found".into(),
                });
            }
            builder = builder.tls_built_in_root_certs(false);
            for cert in certs {
                builder = builder.add_root_certificate(cert);
            }
        }
        let mut proxy_urls = Vec::new();
        let no_proxy = config
            .proxies
            .no_proxy
            .as_deref()
            .and_then(reqwest::NoProxy::from_string);
        for (url, https) in [(&config.proxies.http, false), (&config.proxies.https, true)] {
            let Some(url) = url else { continue };
            let proxy = if https {
                reqwest::Proxy::https(url.as_str())
            } else {
                reqwest::Proxy::http(url.as_str())
            }
            .map_err(|e| HttpConfigError::InvalidProxy {
                url: url.clone(),
                message: e.to_string(),
            })?
            .no_proxy(no_proxy.clone());
            proxy_urls.push(url.clone());
            builder = builder.proxy(proxy);
        }
        let client = builder
            .build()
            .map_err(|e| HttpConfigError::Build(e.to_string()))?;
        Ok(HttpClient { client, proxy_urls })
    }
}

struct ReqwestBody(reqwest::Response);

impl BodyStream for ReqwestBody {
    fn next_chunk(&mut self) -> BoxFuture<'_, Result<Option<Bytes>, TransportError>> {
        Box::pin(async move { self.0.chunk().await.map_err(|e| classify_error(&e, &[])) })
    }
}

impl HttpTransport for HttpClient {
    fn send<'a>(
        &'a self,
        request: &'a PreparedRequest,
    ) -> BoxFuture<'a, Result<TransportResponse, TransportError>> {
        Box::pin(async move {
            let method = reqwest::Method::from_bytes(request.method.as_bytes())
                .map_err(|e| TransportError::Other(e.to_string()))?;
            let mut builder = self.client.request(method, request.url.as_str());
            for (name, value) in &request.headers {
                builder = builder.header(name.as_str(), value.as_str());
            }
            // botocore's `prepare_headers`: every method but GET, HEAD and
            // OPTIONS carries a Content-Length, `0` for an empty body (some
            // servers read a bodyless PUT differently without it).
            let has_length = request.headers.iter().any(|(k, _)| {
                k.eq_ignore_ascii_case("content-length")
                    || k.eq_ignore_ascii_case("transfer-encoding")
            });
            if !has_length && !matches!(request.method.as_str(), "GET" | "HEAD" | "OPTIONS") {
                builder = builder.header("Content-Length", request.body.len().to_string());
            }
            let response = builder
                .body(request.body.clone())
                .send()
                .await
                .map_err(|e| classify_error(&e, &self.proxy_urls))?;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            Ok(TransportResponse {
                status,
                headers,
                body: Box::new(ReqwestBody(response)),
            })
        })
    }
}

/// Maps a reqwest error onto botocore's exception classes by walking its
/// source chain.
fn classify_error(error: &reqwest::Error, proxy_urls: &[String]) -> TransportError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    let mut io_kind = None;
    let mut hyper_incomplete = false;
    while let Some(e) = source {
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            return TransportError::Tls(describe_tls_error(tls));
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if let Some(tls) = io
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
            {
                return TransportError::Tls(describe_tls_error(tls));
            }
            io_kind.get_or_insert(io.kind());
        }
        if let Some(h) = e.downcast_ref::<hyper::Error>() {
            hyper_incomplete |= h.is_incomplete_message() || h.is_canceled();
        }
        source = e.source();
    }
    if error.is_timeout() {
        return if error.is_connect() {
            TransportError::ConnectTimeout
        } else {
            TransportError::ReadTimeout
        };
    }
    if error.is_connect() {
        if let Some(proxy_url) = proxy_urls.first() {
            if io_kind == Some(std::io::ErrorKind::ConnectionRefused) {
                return TransportError::Proxy {
                    proxy_url: proxy_url.clone(),
                };
            }
        }
        return TransportError::Connect(error.to_string());
    }
    use std::io::ErrorKind as K;
    if hyper_incomplete
        || matches!(
            io_kind,
            Some(K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::UnexpectedEof)
        )
        || error.is_body()
        || error.is_request()
    {
        return TransportError::ConnectionClosed(error.to_string());
    }
    TransportError::Other(error.to_string())
}

/// OpenSSL-style wording for the common certificate failures, as urllib3
/// prints them after `SSL validation failed for <url>`.
fn describe_tls_error(error: &rustls::Error) -> String {
    use rustls::CertificateError as C;
    let reason = match error {
        rustls::Error::InvalidCertificate(C::UnknownIssuer) => {
            "unable to get local issuer certificate".to_owned()
        }
        rustls::Error::InvalidCertificate(C::Expired | C::ExpiredContext { .. }) => {
            "certificate has expired".to_owned()
        }
        rustls::Error::InvalidCertificate(
            C::NotValidForName | C::NotValidForNameContext { .. },
        ) => "Hostname mismatch, certificate is not valid".to_owned(),
        rustls::Error::InvalidCertificate(other) => format!("{other:?}"),
        other => return format!("[SSL] {other}"),
    };
    format!("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: {reason}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    fn request(url: String) -> PreparedRequest {
        PreparedRequest {
            method: "GET".into(),
            url,
            headers: vec![("x-test".into(), "1".into())],
            body: Bytes::new(),
        }
    }

    async fn read_head(stream: &mut tokio::net::TcpStream) -> String {
        let mut buf = Vec::new();
        let mut byte = [0u8; 1];
        while !buf.ends_with(b"\r\n\r\n") {
            if stream.read(&mut byte).await.unwrap_or(0) == 0 {
                break;
            }
            buf.push(byte[0]);
        }
        String::from_utf8_lossy(&buf).into_owned()
    }

    #[test]
    fn timeout_zero_means_none() {
        assert_eq!(HttpConfig::timeout_from_secs(0.0), None);
        assert_eq!(
            HttpConfig::timeout_from_secs(1.5),
            Some(Duration::from_millis(1500))
        );
    }

    #[tokio::test]
    async fn send_reuses_one_connection() {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let server = tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.expect("accept");
            let mut heads = Vec::new();
            for _ in 0..2 {
                heads.push(read_head(&mut stream).await);
                stream
                    .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                    .await
                    .expect("write");
            }
            heads
        });
        let client = HttpClient::new(&HttpConfig::default()).expect("client");
        for _ in 0..2 {
            let r = client
                .send(&request(format!("http://{addr}/")))
                .await
                .expect("response");
            let (status, _, body) = r.into_bytes().await.expect("body");
            assert_eq!((status, body.as_slice()), (200, &b"ok"[..]));
        }
        let heads = server.await.expect("server");
        assert!(heads[1].to_ascii_lowercase().contains("x-test: 1"));
    }

    #[tokio::test]
    async fn refused_connection_is_connect_error() {
        let client = HttpClient::new(&HttpConfig::default()).expect("client");
        let err = client
            .send(&request("http://127.0.0.1:1/".into()))
            .await
            .expect_err("must fail");
        assert!(matches!(err, TransportError::Connect(_)), "{err:?}");
    }

    #[tokio::test]
    async fn slow_server_is_read_timeout() {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let server = tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.expect("accept");
            read_head(&mut stream).await;
            tokio::time::sleep(Duration::from_millis(800)).await;
        });
        let config = HttpConfig {
            read_timeout: Some(Duration::from_millis(200)),
            ..HttpConfig::default()
        };
        let client = HttpClient::new(&config).expect("client");
        let err = client
            .send(&request(format!("http://{addr}/")))
            .await
            .expect_err("must fail");
        assert_eq!(err, TransportError::ReadTimeout);
        server.abort();
    }

    #[tokio::test]
    async fn closed_before_response_is_connection_closed() {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let server = tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.expect("accept");
            read_head(&mut stream).await;
            drop(stream);
        });
        let client = HttpClient::new(&HttpConfig::default()).expect("client");
        let err = client
            .send(&request(format!("http://{addr}/")))
            .await
            .expect_err("must fail");
        assert!(
            matches!(err, TransportError::ConnectionClosed(_)),
            "{err:?}"
        );
        server.await.expect("server");
    }

    #[tokio::test]
    async fn truncated_body_is_connection_closed() {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.expect("accept");
            read_head(&mut stream).await;
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
                .await;
        });
        let client = HttpClient::new(&HttpConfig::default()).expect("client");
        let r = client
            .send(&request(format!("http://{addr}/")))
            .await
            .expect("head");
        let err = r.into_bytes().await.expect_err("must fail");
        assert!(
            matches!(err, TransportError::ConnectionClosed(_)),
            "{err:?}"
        );
    }

    #[tokio::test]
    async fn tls_to_plain_server_fails_as_tls_or_closed() {
        // A TLS handshake against a server that answers garbage.
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.expect("accept");
            let _ = stream.write_all(b"HTTP/1.1 400 Bad\r\n\r\n").await;
        });
        let client = HttpClient::new(&HttpConfig::default()).expect("client");
        let err = client
            .send(&request(format!("https://{addr}/")))
            .await
            .expect_err("must fail");
        assert!(
            matches!(err, TransportError::Tls(_) | TransportError::Connect(_)),
            "{err:?}"
        );
    }

    #[test]
    fn ca_bundle_missing_file_is_an_error() {
        let config = HttpConfig {
            ca_bundle: Some("/nonexistent/ca.pem".into()),
            ..HttpConfig::default()
        };
        assert!(matches!(
            HttpClient::new(&config),
            Err(HttpConfigError::CaBundleRead { .. })
        ));
    }
}
