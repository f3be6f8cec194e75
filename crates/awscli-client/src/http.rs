//! The HTTP transport: one pooled async client for API calls, with the AWS
//! CLI's timeouts, TLS and proxy settings, behind the [`HttpTransport`]
//! trait so tests can swap in a fake. Request targets go on the wire as
//! built (no URL normalisation), as urllib3 sends botocore's.
//!
//! Spec: botocore `httpsession.py` (`URLLib3Session`: 60 s connect/read
//! timeouts, `verify`, `proxies`, exception mapping) and `endpoint.py`
//! (`MAX_POOL_CONNECTIONS = 10`). TLS is rustls with the system roots plus
//! the embedded webpki root set, so a `FROM scratch` image still verifies;
//! names are resolved with hickory (reads `/etc/resolv.conf` and
//! `/etc/hosts` itself), not glibc NSS.
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use hickory_resolver::config::LookupIpStrategy;
use hickory_resolver::TokioResolver;
use http::header::{HeaderName, HeaderValue, CONTENT_LENGTH, PROXY_AUTHORIZATION};
use http::uri::Scheme;
use http::{Method, Request, Uri};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::client::legacy::connect::dns::{GaiResolver, Name};
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::client::legacy::Client;
use hyper_util::client::proxy::matcher::{Intercept, Matcher};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use rustls::pki_types::{CertificateDer, ServerName};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tower_service::Service as _;

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

/// The real transport: hyper 1 (hyper-util's pooled client) over rustls,
/// HTTP/1.1 only, as botocore speaks.
///
/// The request target goes on the wire exactly as the caller built it:
/// `http::Uri` keeps `.` and `..` path segments, where a WHATWG URL parser
/// (reqwest's `url::Url`) removes them, even percent-encoded, so S3 keys such
/// as `a/../b.txt` could not be addressed (botocore sends them as they are).
#[derive(Clone)]
pub struct HttpClient {
    client: Client<Connector, Full<Bytes>>,
    connector: Connector,
    read_timeout: Option<Duration>,
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient")
            .field("read_timeout", &self.read_timeout)
            .finish_non_exhaustive()
    }
}

impl HttpClient {
    pub fn new(config: &HttpConfig) -> Result<HttpClient, HttpConfigError> {
        // Only one crypto provider is compiled in; installing it is a no-op
        // when another caller already did.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let roots = match &config.ca_bundle {
            Some(path) => Roots::Bundle(Arc::new(read_ca_bundle(path)?)),
            None => Roots::BuiltIn,
        };
        let mut proxies = Vec::new();
        for url in [&config.proxies.http, &config.proxies.https]
            .into_iter()
            .flatten()
        {
            url.parse::<Uri>()
                .map_err(|e| HttpConfigError::InvalidProxy {
                    url: url.clone(),
                    message: e.to_string(),
                })?;
            proxies.push(url.clone());
        }
        let matcher = (!proxies.is_empty()).then(|| {
            let mut builder = Matcher::builder();
            if let Some(url) = &config.proxies.http {
                builder = builder.http(url.as_str());
            }
            if let Some(url) = &config.proxies.https {
                builder = builder.https(url.as_str());
            }
            if let Some(no) = &config.proxies.no_proxy {
                builder = builder.no(no.as_str());
            }
            Arc::new(builder.build())
        });
        let resolver = if config.use_hickory_dns {
            Resolver::Hickory(Arc::default())
        } else {
            Resolver::System(GaiResolver::new())
        };
        let mut http = HttpConnector::new_with_resolver(resolver);
        // The connector also opens the TCP half of `https` connections.
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(config.connect_timeout);
        let connector = Connector {
            http,
            tls: Arc::new(TlsSettings {
                roots,
                verify: config.verify_ssl,
                config: OnceLock::new(),
            }),
            proxies: matcher,
            proxy_names: Arc::new([
                config.proxies.http.as_deref().map(proxy_display_name),
                config.proxies.https.as_deref().map(proxy_display_name),
            ]),
            connect_timeout: config.connect_timeout,
        };
        let client = Client::builder(TokioExecutor::new())
            .pool_max_idle_per_host(config.max_pool_connections)
            .pool_timer(TokioTimer::new())
            .build(connector.clone());
        Ok(HttpClient {
            client,
            connector,
            read_timeout: config.read_timeout,
        })
    }

    fn build_request(&self, request: &PreparedRequest) -> Result<Request<Full<Bytes>>, String> {
        let uri: Uri = request
            .url
            .parse()
            .map_err(|e| format!("invalid URL {:?}: {e}", request.url))?;
        let method = Method::from_bytes(request.method.as_bytes()).map_err(|e| e.to_string())?;
        let mut builder = Request::builder().method(method).uri(uri.clone());
        for (name, value) in &request.headers {
            builder = builder.header(
                HeaderName::from_bytes(name.as_bytes()).map_err(|e| e.to_string())?,
                HeaderValue::from_bytes(value.as_bytes()).map_err(|e| e.to_string())?,
            );
        }
        // botocore's `prepare_headers`: every method but GET, HEAD and
        // OPTIONS carries a Content-Length, `0` for an empty body (some
        // servers read a bodyless PUT differently without it).
        let has_length = request.headers.iter().any(|(k, _)| {
            k.eq_ignore_ascii_case("content-length") || k.eq_ignore_ascii_case("transfer-encoding")
        });
        if !has_length && !matches!(request.method.as_str(), "GET" | "HEAD" | "OPTIONS") {
            builder = builder.header(CONTENT_LENGTH, request.body.len());
        }
        // A plain-HTTP request through a forward proxy carries the proxy's
        // credentials itself (an HTTPS one sends them in the CONNECT).
        if uri.scheme() == Some(&Scheme::HTTP) {
            if let Some(auth) = self
                .connector
                .intercept(&uri)
                .and_then(|i| i.basic_auth().cloned())
            {
                builder = builder.header(PROXY_AUTHORIZATION, auth);
            }
        }
        builder
            .body(Full::new(request.body.clone()))
            .map_err(|e| e.to_string())
    }
}

/// `--ca-bundle`: the PEM certificates that replace the built-in roots.
fn read_ca_bundle(path: &std::path::Path) -> Result<Vec<CertificateDer<'static>>, HttpConfigError> {
    use rustls::pki_types::pem::PemObject;
    let invalid = |message: String| HttpConfigError::CaBundleInvalid {
        path: path.to_path_buf(),
        message,
    };
    let pem = std::fs::read(path).map_err(|source| HttpConfigError::CaBundleRead {
        path: path.to_path_buf(),
        source,
    })?;
    let mut certs = Vec::new();
    for cert in CertificateDer::pem_slice_iter(&pem) {
        let cert = cert.map_err(|e| invalid(e.to_string()))?;
        // A certificate webpki cannot use as an anchor is refused here, as
        // OpenSSL refuses a bundle it cannot load.
        rustls::RootCertStore::empty()
            .add(cert.clone())
            .map_err(|e| invalid(e.to_string()))?;
        certs.push(cert);
    }
    if certs.is_empty() {
        return Err(invalid("no certificates found".into()));
    }
    Ok(certs)
}

/// Where trusted roots come from.
enum Roots {
    /// The system store plus the embedded webpki set (a `FROM scratch`
    /// image has no system store).
    BuiltIn,
    Bundle(Arc<Vec<CertificateDer<'static>>>),
}

/// The TLS client settings, built on the first `https` connection: loading
/// the system roots costs milliseconds a plain-HTTP call should not pay.
struct TlsSettings {
    roots: Roots,
    verify: bool,
    config: OnceLock<Arc<rustls::ClientConfig>>,
}

impl TlsSettings {
    fn client_config(&self) -> Arc<rustls::ClientConfig> {
        self.config
            .get_or_init(|| {
                let builder = rustls::ClientConfig::builder();
                let mut config = if self.verify {
                    let mut store = rustls::RootCertStore::empty();
                    let mut trusted = Vec::new();
                    match &self.roots {
                        Roots::Bundle(certs) => trusted.extend(certs.iter().cloned()),
                        Roots::BuiltIn => {
                            store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
                            // Unreadable system certificates are skipped, as
                            // OpenSSL skips them; the embedded set remains.
                            trusted.extend(rustls_native_certs::load_native_certs().certs);
                        }
                    }
                    let _ = store.add_parsable_certificates(trusted.iter().cloned());
                    match rustls::client::WebPkiServerVerifier::builder(Arc::new(store)).build() {
                        Ok(webpki) => builder
                            .dangerous()
                            .with_custom_certificate_verifier(Arc::new(OpenSslLikeVerifier {
                                webpki,
                                trusted,
                            }))
                            .with_no_client_auth(),
                        // No usable root at all: every handshake fails as
                        // an unknown issuer, which is what OpenSSL reports.
                        Err(_) => builder
                            .with_root_certificates(rustls::RootCertStore::empty())
                            .with_no_client_auth(),
                    }
                } else {
                    builder
                        .dangerous()
                        .with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate))
                        .with_no_client_auth()
                };
                config.alpn_protocols = vec![b"http/1.1".to_vec()];
                Arc::new(config)
            })
            .clone()
    }
}

/// Certificate checks as OpenSSL and urllib3 make them, on top of webpki's.
///
/// - A self-signed server certificate that is itself in the trusted set is
///   accepted (OpenSSL trusts it directly; webpki refuses any certificate
///   marked as a CA as an end entity, which `openssl req -x509` makes by
///   default, so `--ca-bundle self-signed.pem` would never work).
/// - Failures carry the reference's wording: `self-signed certificate`, and
///   urllib3's `hostname 'h' doesn't match 'n'` (its `match_hostname`).
#[derive(Debug)]
struct OpenSslLikeVerifier {
    webpki: Arc<rustls::client::WebPkiServerVerifier>,
    trusted: Vec<CertificateDer<'static>>,
}

/// A certificate failure in the reference's words; read back by
/// [`describe_tls_error`].
#[derive(Debug, thiserror::Error)]
enum CertificateFailure {
    #[error("self-signed certificate")]
    SelfSigned,
    #[error("{0}")]
    HostnameMismatch(String),
}

impl CertificateFailure {
    fn into_rustls(self) -> rustls::Error {
        rustls::Error::InvalidCertificate(rustls::CertificateError::Other(rustls::OtherError(
            Arc::new(self),
        )))
    }
}

/// urllib3 1.26 `match_hostname`'s message for a name the certificate does
/// not cover (only the DNS names are listed: webpki does not expose IP
/// address entries).
fn hostname_mismatch(end_entity: &CertificateDer<'_>, server_name: &ServerName<'_>) -> String {
    let host = match server_name {
        ServerName::DnsName(name) => name.as_ref().to_owned(),
        ServerName::IpAddress(ip) => std::net::IpAddr::from(*ip).to_string(),
        _ => String::new(),
    };
    let names: Vec<String> = webpki::EndEntityCert::try_from(end_entity)
        .map(|cert| cert.valid_dns_names().map(|n| format!("'{n}'")).collect())
        .unwrap_or_default();
    match names.as_slice() {
        [] => "no appropriate commonName or subjectAltName fields were found".to_owned(),
        [one] => format!("hostname '{host}' doesn't match {one}"),
        many => format!(
            "hostname '{host}' doesn't match either of {}",
            many.join(", ")
        ),
    }
}

fn is_webpki_error(error: &rustls::Error, wanted: &webpki::Error) -> bool {
    matches!(
        error,
        rustls::Error::InvalidCertificate(rustls::CertificateError::Other(other))
            if other.0.downcast_ref::<webpki::Error>() == Some(wanted)
    )
}

fn is_self_issued(cert: &CertificateDer<'_>) -> bool {
    webpki::EndEntityCert::try_from(cert).is_ok_and(|c| c.issuer() == c.subject())
}

impl rustls::client::danger::ServerCertVerifier for OpenSslLikeVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        use rustls::CertificateError as C;
        let error = match self.webpki.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        ) {
            Ok(verified) => return Ok(verified),
            Err(error) => error,
        };
        let trusted_itself = || {
            self.trusted
                .iter()
                .any(|t| t.as_ref() == end_entity.as_ref())
        };
        if is_webpki_error(&error, &webpki::Error::CaUsedAsEndEntity) && trusted_itself() {
            let parsed = rustls::server::ParsedCertificate::try_from(end_entity)?;
            return match rustls::client::verify_server_name(&parsed, server_name) {
                Ok(()) => Ok(rustls::client::danger::ServerCertVerified::assertion()),
                Err(_) => Err(CertificateFailure::HostnameMismatch(hostname_mismatch(
                    end_entity,
                    server_name,
                ))
                .into_rustls()),
            };
        }
        let name_error = matches!(
            error,
            rustls::Error::InvalidCertificate(
                C::NotValidForName | C::NotValidForNameContext { .. }
            )
        );
        // OpenSSL judges an untrusted self-signed certificate by that alone,
        // whatever else webpki found first (a CA flag, or a trusted anchor
        // with the same name but another key).
        if !name_error
            && matches!(error, rustls::Error::InvalidCertificate(_))
            && intermediates.is_empty()
            && is_self_issued(end_entity)
            && !trusted_itself()
        {
            return Err(CertificateFailure::SelfSigned.into_rustls());
        }
        if name_error {
            return Err(CertificateFailure::HostnameMismatch(hostname_mismatch(
                end_entity,
                server_name,
            ))
            .into_rustls());
        }
        Err(error)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.webpki.supported_verify_schemes()
    }
}

/// `--no-verify-ssl`: urllib3's `CERT_NONE`, any certificate is accepted.
#[derive(Debug)]
struct AcceptAnyCertificate;

impl rustls::client::danger::ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        _message: &[u8],
        _cert: &rustls::pki_types::CertificateDer<'_>,
        _dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        Ok(rustls::client::danger::HandshakeSignatureValid::assertion())
    }

    fn verify_tls13_signature(
        &self,
        _message: &[u8],
        _cert: &rustls::pki_types::CertificateDer<'_>,
        _dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        Ok(rustls::client::danger::HandshakeSignatureValid::assertion())
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        rustls::crypto::ring::default_provider()
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// Name resolution: hickory (reads `/etc/resolv.conf` and `/etc/hosts`
/// itself, so a static binary needs no NSS) or the system's getaddrinfo.
#[derive(Clone)]
enum Resolver {
    /// Built on first use: it must be created inside the runtime.
    Hickory(Arc<OnceLock<TokioResolver>>),
    System(GaiResolver),
}

impl tower_service::Service<Name> for Resolver {
    type Response = std::vec::IntoIter<SocketAddr>;
    type Error = Box<dyn std::error::Error + Send + Sync>;
    type Future = BoxFuture<'static, Result<Self::Response, Self::Error>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, name: Name) -> Self::Future {
        match self {
            Resolver::Hickory(cell) => {
                let cell = cell.clone();
                Box::pin(async move {
                    let resolver = match cell.get() {
                        Some(r) => r.clone(),
                        None => {
                            let mut builder = TokioResolver::builder_tokio()?;
                            builder.options_mut().ip_strategy = LookupIpStrategy::Ipv4AndIpv6;
                            cell.get_or_init(|| builder.build()).clone()
                        }
                    };
                    let lookup = resolver.lookup_ip(name.as_str()).await?;
                    let addrs: Vec<SocketAddr> =
                        lookup.iter().map(|ip| SocketAddr::new(ip, 0)).collect();
                    Ok(addrs.into_iter())
                })
            }
            Resolver::System(gai) => {
                let lookup = gai.call(name);
                Box::pin(async move {
                    let addrs: Vec<SocketAddr> = lookup.await?.collect();
                    Ok(addrs.into_iter())
                })
            }
        }
    }
}

/// Why a connection could not be made; read back by [`classify_error`].
#[derive(Debug, thiserror::Error)]
enum ConnectError {
    #[error("connect timeout")]
    Timeout,
    #[error("{0}")]
    Tcp(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("Failed to connect to proxy URL: {url}: {source}")]
    Proxy {
        url: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("{0}")]
    Tls(#[source] std::io::Error),
    #[error("invalid host name in {0}")]
    BadHost(String),
}

/// A proxy URL as botocore prints it: `_fix_proxy_url` (a bare `host:port`
/// gets `http://`) then `mask_proxy_url` (user name and password become
/// `***`).
fn proxy_display_name(configured: &str) -> String {
    let fixed = if configured.starts_with("http:") || configured.starts_with("https:") {
        configured.to_owned()
    } else if let Some(rest) = configured.strip_prefix("//") {
        format!("http://{rest}")
    } else {
        format!("http://{configured}")
    };
    let Some(userinfo) = fixed
        .split_once("://")
        .and_then(|(_, rest)| rest.split(['/', '?', '#']).next())
        .and_then(|authority| authority.rsplit_once('@'))
        .map(|(userinfo, _)| userinfo.to_owned())
    else {
        return fixed;
    };
    let (user, password) = match userinfo.split_once(':') {
        Some((u, p)) => (u, Some(p)),
        None => (userinfo.as_str(), None),
    };
    let mut masked = fixed.clone();
    // Python's `str.replace(x, '***', 1)`: the first occurrence anywhere.
    for part in [Some(user), password].into_iter().flatten() {
        if !part.is_empty() {
            masked = masked.replacen(part, "***", 1);
        }
    }
    masked
}

/// Opens connections: TCP, through a proxy when one applies (a CONNECT
/// tunnel for `https`, absolute-form requests for `http`), then TLS.
#[derive(Clone)]
struct Connector {
    http: HttpConnector<Resolver>,
    tls: Arc<TlsSettings>,
    proxies: Option<Arc<Matcher>>,
    /// The configured `http` and `https` proxies as botocore names them in
    /// `ProxyConnectionError`.
    proxy_names: Arc<[Option<String>; 2]>,
    connect_timeout: Option<Duration>,
}

impl Connector {
    fn intercept(&self, dst: &Uri) -> Option<Intercept> {
        self.proxies.as_ref().and_then(|m| m.intercept(dst))
    }

    async fn connect(mut self, dst: Uri) -> Result<Conn, ConnectError> {
        let https = dst.scheme() == Some(&Scheme::HTTPS);
        let intercept = self.intercept(&dst);
        let proxy_name = self.proxy_names[usize::from(https)].clone();
        let proxy_error = |url: &Uri, source| ConnectError::Proxy {
            url: proxy_name.clone().unwrap_or_else(|| url.to_string()),
            source,
        };
        let tcp = match (&intercept, https) {
            (None, _) => self
                .http
                .call(dst.clone())
                .await
                .map_err(|e| ConnectError::Tcp(e.into()))?,
            (Some(proxy), false) => self
                .http
                .call(proxy.uri().clone())
                .await
                .map_err(|e| proxy_error(proxy.uri(), e.into()))?,
            (Some(proxy), true) => {
                let mut tunnel = Tunnel::new(proxy.uri().clone(), self.http.clone());
                if let Some(auth) = proxy.basic_auth() {
                    tunnel = tunnel.with_auth(auth.clone());
                }
                tunnel
                    .call(dst.clone())
                    .await
                    .map_err(|e| proxy_error(proxy.uri(), e.into()))?
            }
        };
        let tcp: TcpStream = tcp.into_inner();
        if !https {
            return Ok(Conn {
                io: TokioIo::new(Stream::Plain(tcp)),
                proxied: intercept.is_some(),
            });
        }
        let host = dst.host().unwrap_or_default();
        // `[::1]` in a URI is `::1` to TLS.
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let server_name = ServerName::try_from(host.to_owned())
            .map_err(|_| ConnectError::BadHost(dst.to_string()))?;
        let tls = TlsConnector::from(self.tls.client_config())
            .connect(server_name, tcp)
            .await
            .map_err(ConnectError::Tls)?;
        Ok(Conn {
            io: TokioIo::new(Stream::Tls(Box::new(tls))),
            proxied: false,
        })
    }
}

impl tower_service::Service<Uri> for Connector {
    type Response = Conn;
    type Error = ConnectError;
    type Future = BoxFuture<'static, Result<Conn, ConnectError>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        let connecting = self.clone().connect(dst);
        let timeout = self.connect_timeout;
        Box::pin(async move {
            match timeout {
                // The whole of it, TLS and proxy tunnel included, as
                // urllib3's connect timeout.
                Some(t) => tokio::time::timeout(t, connecting)
                    .await
                    .map_err(|_| ConnectError::Timeout)?,
                None => connecting.await,
            }
        })
    }
}

/// A plain or TLS byte stream.
enum Stream {
    Plain(TcpStream),
    Tls(Box<tokio_rustls::client::TlsStream<TcpStream>>),
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s).poll_write(cx, buf),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            Stream::Tls(s) => Pin::new(s).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            Stream::Plain(s) => s.is_write_vectored(),
            Stream::Tls(s) => s.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s).poll_shutdown(cx),
        }
    }
}

/// One connection as the pool sees it.
struct Conn {
    io: TokioIo<Stream>,
    /// Plain HTTP through a forward proxy: requests go in absolute form.
    proxied: bool,
}

impl Connection for Conn {
    fn connected(&self) -> Connected {
        Connected::new().proxy(self.proxied)
    }
}

impl hyper::rt::Read for Conn {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_read(cx, buf)
    }
}

impl hyper::rt::Write for Conn {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

/// A response body; each wait for the next chunk is bounded by the read
/// timeout, as a socket read is in urllib3.
struct HyperBody {
    body: Incoming,
    read_timeout: Option<Duration>,
    /// The body's end is set by `Content-Length` (not chunked). urllib3
    /// 1.26 does not enforce that length: a connection closed cleanly
    /// before it just ends the body (a reset is still an error).
    length_delimited: bool,
}

/// Whether `error` is the peer closing the connection cleanly (EOF), as
/// hyper reports a body cut short.
fn is_clean_eof(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(error);
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return io.kind() == std::io::ErrorKind::UnexpectedEof;
        }
        source = e.source();
    }
    false
}

impl BodyStream for HyperBody {
    fn next_chunk(&mut self) -> BoxFuture<'_, Result<Option<Bytes>, TransportError>> {
        Box::pin(async move {
            loop {
                let frame = match self.read_timeout {
                    Some(t) => tokio::time::timeout(t, self.body.frame())
                        .await
                        .map_err(|_| TransportError::ReadTimeout)?,
                    None => self.body.frame().await,
                };
                match frame {
                    None => return Ok(None),
                    Some(Err(e)) if self.length_delimited && is_clean_eof(&e) => return Ok(None),
                    Some(Err(e)) => return Err(classify_error(&e)),
                    // Trailers carry nothing the CLI reads.
                    Some(Ok(frame)) => match frame.into_data() {
                        Ok(data) if !data.is_empty() => return Ok(Some(data)),
                        _ => continue,
                    },
                }
            }
        })
    }
}

impl HttpTransport for HttpClient {
    fn send<'a>(
        &'a self,
        request: &'a PreparedRequest,
    ) -> BoxFuture<'a, Result<TransportResponse, TransportError>> {
        Box::pin(async move {
            let http_request = self.build_request(request).map_err(TransportError::Other)?;
            let sending = self.client.request(http_request);
            let response = match self.read_timeout {
                // Until the status line and headers are in, as botocore's
                // read timeout waits for the first byte of the answer.
                Some(t) => tokio::time::timeout(t, sending)
                    .await
                    .map_err(|_| TransportError::ReadTimeout)?,
                None => sending.await,
            }
            .map_err(|e| classify_error(&e))?;
            let status = response.status().as_u16();
            let length_delimited = response
                .headers()
                .contains_key(hyper::header::CONTENT_LENGTH)
                && !response
                    .headers()
                    .contains_key(hyper::header::TRANSFER_ENCODING);
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
                body: Box::new(HyperBody {
                    body: response.into_body(),
                    read_timeout: self.read_timeout,
                    length_delimited,
                }),
            })
        })
    }
}

/// Maps a client error onto botocore's exception classes by walking its
/// source chain.
fn classify_error(error: &(dyn std::error::Error + 'static)) -> TransportError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    let mut io_kind = None;
    let mut hyper_error = false;
    while let Some(e) = source {
        if let Some(connect) = e.downcast_ref::<ConnectError>() {
            return match connect {
                ConnectError::Timeout => TransportError::ConnectTimeout,
                ConnectError::Proxy { url, .. } => TransportError::Proxy {
                    proxy_url: url.clone(),
                },
                ConnectError::Tls(io) => match io
                    .get_ref()
                    .and_then(|inner| inner.downcast_ref::<rustls::Error>())
                {
                    Some(tls) => TransportError::Tls(describe_tls_error(tls)),
                    None => TransportError::Tls(format!("[SSL] {io}")),
                },
                ConnectError::Tcp(_) | ConnectError::BadHost(_) => {
                    TransportError::Connect(connect.to_string())
                }
            };
        }
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
        hyper_error |= e.downcast_ref::<hyper::Error>().is_some();
        source = e.source();
    }
    use std::io::ErrorKind as K;
    if hyper_error
        || matches!(
            io_kind,
            Some(K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::UnexpectedEof)
        )
    {
        // Reset, closed early, short body, unparsable answer: botocore's
        // `ConnectionClosedError` family, retried as such.
        return TransportError::ConnectionClosed(error.to_string());
    }
    TransportError::Other(error.to_string())
}

/// OpenSSL-style wording for the common certificate failures, as urllib3
/// prints them after `SSL validation failed for <url>`.
fn describe_tls_error(error: &rustls::Error) -> String {
    use rustls::CertificateError as C;
    if let rustls::Error::InvalidCertificate(C::Other(other)) = error {
        match other.0.downcast_ref::<CertificateFailure>() {
            // urllib3 raises its own CertificateError: no OpenSSL prefix.
            Some(failure @ CertificateFailure::HostnameMismatch(_)) => return failure.to_string(),
            Some(failure @ CertificateFailure::SelfSigned) => {
                return format!(
                    "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: {failure}"
                )
            }
            None => {}
        }
    }
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
    async fn short_body_ends_at_a_clean_close_but_a_short_chunk_is_an_error() {
        // urllib3 1.26 reads a Content-Length body until the peer closes
        // (the caller checks the length when it must), while a chunked
        // body cut short is a `ProtocolError` (ConnectionClosedError).
        for (answer, expected) in [
            (
                &b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"[..],
                Ok(b"abc".to_vec()),
            ),
            (
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\nabc",
                Err(()),
            ),
        ] {
            let listener = TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind loopback");
            let addr = listener.local_addr().expect("local addr");
            tokio::spawn(async move {
                let (mut stream, _) = listener.accept().await.expect("accept");
                read_head(&mut stream).await;
                let _ = stream.write_all(answer).await;
            });
            let client = HttpClient::new(&HttpConfig::default()).expect("client");
            let r = client
                .send(&request(format!("http://{addr}/")))
                .await
                .expect("head");
            match (r.into_bytes().await, expected) {
                (Ok((_, _, body)), Ok(expected)) => assert_eq!(body, expected),
                (Err(TransportError::ConnectionClosed(_)), Err(())) => {}
                (got, _) => panic!("{:?}", got.map(|(_, _, b)| b)),
            }
        }
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

    /// Accepts one connection, answers `reply` to its first request, and
    /// returns that request's head.
    async fn one_request_server(
        reply: &'static [u8],
    ) -> (SocketAddr, tokio::task::JoinHandle<String>) {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let server = tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.expect("accept");
            let head = read_head(&mut stream).await;
            let _ = stream.write_all(reply).await;
            head
        });
        (addr, server)
    }

    const OK: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    #[tokio::test]
    async fn dot_segments_reach_the_wire_unchanged() {
        // S3 keys such as `a/../b.txt` and `./c.txt` are distinct objects.
        for path in ["/bucket/a/../b.txt", "/bucket/./c.txt", "/bucket/%2E%2E/d"] {
            let (addr, server) = one_request_server(OK).await;
            let client = HttpClient::new(&HttpConfig::default()).expect("client");
            let r = client
                .send(&request(format!("http://{addr}{path}")))
                .await
                .expect("response");
            r.into_bytes().await.expect("body");
            let head = server.await.expect("server");
            assert!(
                head.starts_with(&format!("GET {path} HTTP/1.1\r\n")),
                "{head}"
            );
        }
    }

    #[tokio::test]
    async fn plain_http_through_a_proxy_is_absolute_form_with_credentials() {
        let (addr, server) = one_request_server(OK).await;
        let config = HttpConfig {
            proxies: ProxyConfig {
                http: Some(format!("http://user:pw@{addr}")),
                ..ProxyConfig::default()
            },
            ..HttpConfig::default()
        };
        let client = HttpClient::new(&config).expect("client");
        let r = client
            .send(&request("http://bucket.example.invalid:8000/a/../k".into()))
            .await
            .expect("response");
        r.into_bytes().await.expect("body");
        let head = server.await.expect("server");
        assert!(
            head.starts_with("GET http://bucket.example.invalid:8000/a/../k HTTP/1.1\r\n"),
            "{head}"
        );
        // base64("user:pw")
        assert!(
            head.to_ascii_lowercase()
                .contains("proxy-authorization: basic dxnlcjpwdw=="),
            "{head}"
        );
    }

    #[tokio::test]
    async fn https_through_a_proxy_opens_a_connect_tunnel() {
        let (addr, server) = one_request_server(b"HTTP/1.1 403 Forbidden\r\n\r\n").await;
        let config = HttpConfig {
            proxies: ProxyConfig {
                https: Some(format!("http://{addr}")),
                ..ProxyConfig::default()
            },
            ..HttpConfig::default()
        };
        let client = HttpClient::new(&config).expect("client");
        let err = client
            .send(&request("https://sts.example.invalid/".into()))
            .await
            .expect_err("the proxy refuses the tunnel");
        assert_eq!(
            err,
            TransportError::Proxy {
                proxy_url: format!("http://{addr}")
            }
        );
        let head = server.await.expect("server");
        assert!(
            head.starts_with("CONNECT sts.example.invalid:443 HTTP/1.1\r\n"),
            "{head}"
        );
    }

    #[tokio::test]
    async fn no_proxy_hosts_are_reached_directly() {
        let (addr, server) = one_request_server(OK).await;
        let config = HttpConfig {
            proxies: ProxyConfig {
                http: Some("http://127.0.0.1:1".into()),
                no_proxy: Some("localhost,127.0.0.1".into()),
                ..ProxyConfig::default()
            },
            ..HttpConfig::default()
        };
        let client = HttpClient::new(&config).expect("client");
        let r = client
            .send(&request(format!("http://{addr}/x")))
            .await
            .expect("direct");
        assert_eq!(r.status, 200);
        assert!(server.await.expect("server").starts_with("GET /x HTTP/1.1"));
    }

    #[tokio::test]
    async fn refused_proxy_is_a_proxy_error() {
        let config = HttpConfig {
            proxies: ProxyConfig {
                http: Some("http://127.0.0.1:1".into()),
                ..ProxyConfig::default()
            },
            ..HttpConfig::default()
        };
        let client = HttpClient::new(&config).expect("client");
        let err = client
            .send(&request("http://bucket.example.invalid/".into()))
            .await
            .expect_err("must fail");
        assert_eq!(
            err,
            TransportError::Proxy {
                proxy_url: "http://127.0.0.1:1".into()
            }
        );
    }

    #[test]
    fn proxy_names_are_fixed_and_masked_as_botocore_does() {
        for (configured, shown) in [
            ("http://proxy:3128", "http://proxy:3128"),
            ("proxy:3128", "http://proxy:3128"),
            ("//proxy:3128", "http://proxy:3128"),
            ("http://user:secret@proxy:3128", "http://***:***@proxy:3128"),
            ("https://user@proxy", "https://***@proxy"),
        ] {
            assert_eq!(proxy_display_name(configured), shown, "{configured}");
        }
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
