//! Errors of serialization and parsing, and [`ParseOutcome`], the failure
//! side of [`crate::parse_response`]: either the service said no
//! ([`ServiceError`]) or the response could not be read ([`ParseError`]).
use awscli_model::ModelError;
use thiserror::Error;

use crate::xml::XmlError;
use crate::ServiceError;

/// A model that cannot be walked: a missing shape, or a shape lacking what
/// its type requires.
#[derive(Debug, Error)]
pub enum ModelLookup {
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error("invalid model: {0}")]
    Malformed(String),
}

/// Why an input could not be serialized.
#[derive(Debug, Error)]
pub enum SerializeError {
    #[error(transparent)]
    Model(#[from] ModelLookup),
    #[error("unsupported protocol: {0}")]
    UnsupportedProtocol(String),
    #[error("Unknown parameter in {path}: \"{name}\"")]
    UnknownParameter { path: String, name: String },
    #[error("Invalid type for parameter {path}, expected {expected}")]
    InvalidType {
        path: String,
        expected: &'static str,
    },
    #[error("Invalid timestamp value for parameter {path}: {value}")]
    InvalidTimestamp { path: String, value: String },
    #[error("Missing required parameter for the request URI: {0}")]
    MissingUriParameter(String),
    #[error(
        "Invalid value for parameter(s): {0}. Must contain only alphanumeric characters, hyphen, or period."
    )]
    InvalidHostLabel(String),
}

impl From<ModelError> for SerializeError {
    fn from(e: ModelError) -> Self {
        SerializeError::Model(ModelLookup::Model(e))
    }
}

/// Why a response could not be read (botocore's `ResponseParserError`).
#[derive(Debug, Error)]
pub enum ParseError {
    #[error(transparent)]
    Model(#[from] ModelLookup),
    #[error("unsupported protocol: {0}")]
    UnsupportedProtocol(String),
    /// `_parse_xml_string_to_dom`: expat's error, then the body as Python
    /// prints `bytes`.
    #[error("Unable to parse response ({error}), invalid XML received. Further retries may succeed:\n{}", python_bytes_repr(.body))]
    Xml { error: XmlError, body: Vec<u8> },
    #[error("Unable to parse response, invalid JSON received: {0}")]
    Json(String),
    #[error("Unable to parse response, invalid CBOR received: {0}")]
    Cbor(String),
    #[error("Invalid service response: {0}")]
    InvalidValue(String),
    #[error(
        "Event stream responses are not supported (operation {0}); the output member is an event stream"
    )]
    EventStreamUnsupported(String),
}

impl ParseError {
    /// The error for `body`, which expat rejected with `error`.
    pub fn xml(error: XmlError, body: &[u8]) -> ParseError {
        ParseError::Xml {
            error,
            body: body.to_vec(),
        }
    }
}

/// `repr(bytes)`: `b'...'` (`b"..."` when the bytes hold `'` and no `"`),
/// printable ASCII as it is and everything else escaped.
pub fn python_bytes_repr(bytes: &[u8]) -> String {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(bytes.len() + 3);
    out.push('b');
    out.push(quote);
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            _ if b == quote as u8 => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push(quote);
    out
}

impl From<ModelError> for ParseError {
    fn from(e: ModelError) -> Self {
        ParseError::Model(ModelLookup::Model(e))
    }
}

/// The failure side of [`crate::parse_response`].
#[derive(Debug, Error)]
pub enum ParseOutcome {
    /// The service answered with an error (HTTP status >= 301, or an S3
    /// error inside a 200).
    #[error("An error occurred ({}): {}", .0.code, .0.message)]
    /// Boxed: a [`ServiceError`] is large and the error path is cold.
    Service(Box<ServiceError>),
    /// The response could not be parsed.
    #[error(transparent)]
    Parse(#[from] ParseError),
}

impl From<ModelLookup> for ParseOutcome {
    fn from(e: ModelLookup) -> Self {
        ParseOutcome::Parse(ParseError::Model(e))
    }
}

impl From<ModelError> for ParseOutcome {
    fn from(e: ModelError) -> Self {
        ParseOutcome::Parse(e.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_repr_matches_python() {
        assert_eq!(python_bytes_repr(b""), "b''");
        assert_eq!(python_bytes_repr(b"<GetCaller"), "b'<GetCaller'");
        assert_eq!(python_bytes_repr(b"it's"), "b\"it's\"");
        assert_eq!(python_bytes_repr(b"'\""), "b'\\'\"'");
        assert_eq!(
            python_bytes_repr(b"a\\\t\n\r\x00\x7f\xc3\xa9"),
            "b'a\\\\\\t\\n\\r\\x00\\x7f\\xc3\\xa9'"
        );
    }

    #[test]
    fn xml_error_quotes_expat_and_the_body() {
        let error = crate::xml::parse_document(b"").expect_err("an empty body is not XML");
        assert_eq!(
            ParseError::xml(error, b"").to_string(),
            "Unable to parse response (no element found: line 1, column 0), invalid XML received. Further retries may succeed:\nb''"
        );
    }
}
