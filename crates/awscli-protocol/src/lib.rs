//! The six AWS wire protocols: `json` (1.0 and 1.1), `rest-json`, `rest-xml`,
//! `query`, `ec2` and `smithy-rpc-v2-cbor`.
//!
//! Pure and synchronous: an operation plus its input [`Value`] becomes an
//! [`HttpRequest`] (before endpoint resolution and signing), and an
//! [`HttpResponse`] becomes either the output [`Value`] or a
//! [`ServiceError`]. No I/O, no tokio, no hyper (CI checks `cargo tree`).
//!
//! Specs: the Smithy AWS protocol documents
//! (<https://smithy.io/2.0/aws/protocols/index.html>) and, where botocore
//! differs, botocore's `serialize.py` and `parsers.py`, which the CLI runs.
//! The botocore protocol suites (`tests/unit/protocols`) are run as data.

pub use awscli_model::Value;

/// An HTTP request as the protocol lays it out, relative to the endpoint.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HttpRequest {
    pub method: String,
    /// Path and query string, percent-encoded, starting with `/`
    /// (`/bucket/key?versionId=1`). The endpoint's own path is prefixed by
    /// the client.
    pub url_path: String,
    /// Headers in the order set; names as the protocol writes them.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The expanded `hostPrefix` of the operation (`data-`), to prepend to
    /// the endpoint host unless host prefix injection is disabled.
    pub host_prefix: Option<String>,
}

impl HttpRequest {
    /// The first header called `name`, case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// An HTTP response as received.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header called `name`, case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// An error response from the service, as botocore's parsers report it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServiceError {
    /// `Error.Code` (`InvalidInstanceID.NotFound`, `NoSuchKey`, `404` ...).
    pub code: String,
    /// `Error.Message` (may be empty).
    pub message: String,
    /// The HTTP status.
    pub status: u16,
    /// Any other fields of the error: modeled members of the exception shape,
    /// in the order botocore puts them, and other `Error` keys it keeps.
    pub fields: indexmap::IndexMap<String, Value>,
}
