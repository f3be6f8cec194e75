//! The `--debug` log sink and the redaction applied before anything
//! reaches it.
//!
//! The reference logs request headers and bodies verbatim (session tokens
//! and STS secrets included); we log the same events with `Authorization`,
//! `X-Amz-Security-Token`, presigned-URL signatures and secret-looking body
//! fields replaced by `REDACTED`. Logger names follow botocore's
//! (`botocore.endpoint`, `botocore.parsers`, `botocore.retries.standard`).
use std::sync::Arc;

/// Where debug lines go. The binary formats and prints them.
pub trait DebugLog: Send + Sync {
    /// One log record from `logger` (a botocore logger name).
    fn debug(&self, logger: &str, message: &str);
}

/// A shared debug sink, or none.
pub type DebugSink = Option<Arc<dyn DebugLog>>;

/// The replacement text.
pub const REDACTED: &str = "REDACTED";

const SENSITIVE_HEADERS: &[&str] = &[
    "authorization",
    "x-amz-security-token",
    "x-amz-server-side-encryption-customer-key",
    "x-amz-copy-source-server-side-encryption-customer-key",
    "proxy-authorization",
];

/// Field names whose values are secrets wherever they appear in a body.
const SENSITIVE_FIELDS: &[&str] = &[
    "SecretAccessKey",
    "SessionToken",
    "Password",
    "NewPassword",
    "OldPassword",
    "SecretString",
    "SecretBinary",
    "PrivateKey",
    "AccessToken",
    "RefreshToken",
    "ClientSecret",
    "IdToken",
    "CertificatePrivateKey",
    "authorizationToken",
    "accessToken",
    "secretAccessKey",
    "sessionToken",
];

const SENSITIVE_QUERY: &[&str] = &["X-Amz-Signature", "X-Amz-Security-Token", "Signature"];

/// Headers with secret values replaced.
pub fn redact_headers(headers: &[(String, String)]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            if SENSITIVE_HEADERS.iter().any(|s| k.eq_ignore_ascii_case(s)) {
                (k.clone(), REDACTED.to_owned())
            } else {
                (k.clone(), v.clone())
            }
        })
        .collect()
}

/// A URL with presigning secrets in its query replaced.
pub fn redact_url(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    let parts: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if SENSITIVE_QUERY.iter().any(|s| s.eq_ignore_ascii_case(k)) => {
                format!("{k}={REDACTED}")
            }
            _ => pair.to_owned(),
        })
        .collect();
    format!("{base}?{}", parts.join("&"))
}

fn is_sensitive_field(name: &str) -> bool {
    SENSITIVE_FIELDS.contains(&name)
}

/// A request or response body as text with secret fields replaced: JSON
/// members, XML elements and form fields named like secrets.
pub fn redact_body(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        if let Ok(mut json) = serde_json::from_str::<serde_json::Value>(&text) {
            redact_json(&mut json);
            return json.to_string();
        }
    }
    if trimmed.starts_with('<') {
        return redact_xml(&text);
    }
    if !text.contains(' ') && text.contains('=') {
        return text
            .split('&')
            .map(|pair| match pair.split_once('=') {
                // Query protocol members are dotted paths: `Foo.Password`.
                Some((k, _)) if k.rsplit('.').next().is_some_and(is_sensitive_field) => {
                    format!("{k}={REDACTED}")
                }
                _ => pair.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("&");
    }
    text.into_owned()
}

fn redact_json(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if is_sensitive_field(k) {
                    *v = serde_json::Value::String(REDACTED.to_owned());
                } else {
                    redact_json(v);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact_json),
        _ => {}
    }
}

fn redact_xml(text: &str) -> String {
    let mut out = text.to_owned();
    for field in SENSITIVE_FIELDS {
        let open = format!("<{field}>");
        let close = format!("</{field}>");
        let mut from = 0;
        while let Some(start) = out[from..].find(&open).map(|i| i + from + open.len()) {
            let Some(end) = out[start..].find(&close).map(|i| i + start) else {
                break;
            };
            out.replace_range(start..end, REDACTED);
            from = start + REDACTED.len() + close.len();
        }
    }
    out
}

/// Logs through an optional sink; formatting happens only when there is one.
pub(crate) fn log(sink: &DebugSink, logger: &str, message: impl FnOnce() -> String) {
    if let Some(sink) = sink {
        sink.debug(logger, &message());
    }
}

/// A sink that keeps lines in memory (tests, `--debug` buffering).
#[derive(Debug, Default)]
pub struct MemoryLog {
    pub lines: std::sync::Mutex<Vec<(String, String)>>,
}

impl DebugLog for MemoryLog {
    fn debug(&self, logger: &str, message: &str) {
        if let Ok(mut lines) = self.lines.lock() {
            lines.push((logger.to_owned(), message.to_owned()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_headers_hides_authorization_and_token() {
        let h = vec![
            (
                "Authorization".to_owned(),
                "AWS4-HMAC-SHA256 ...".to_owned(),
            ),
            (
                "X-Amz-Security-Token".to_owned(),
                "SESSIONTOKENSECRET123".to_owned(),
            ),
            ("X-Amz-Date".to_owned(), "20150830T123600Z".to_owned()),
        ];
        let r = redact_headers(&h);
        assert_eq!(r[0].1, REDACTED);
        assert_eq!(r[1].1, REDACTED);
        assert_eq!(r[2].1, "20150830T123600Z");
    }

    #[test]
    fn redact_body_xml_json_form() {
        let xml = "<Credentials><AccessKeyId>AKID</AccessKeyId><SecretAccessKey>s3cr3t</SecretAccessKey><SessionToken>tok</SessionToken></Credentials>";
        let r = redact_body(xml.as_bytes());
        assert!(
            !r.contains("s3cr3t") && !r.contains(">tok<") && r.contains("AKID"),
            "{r}"
        );
        let json = r#"{"Name":"x","SecretString":"hunter2"}"#;
        let r = redact_body(json.as_bytes());
        assert!(!r.contains("hunter2") && r.contains("\"x\""), "{r}");
        let form = "Action=CreateLoginProfile&UserName=bob&Password=hunter2";
        assert_eq!(
            redact_body(form.as_bytes()),
            "Action=CreateLoginProfile&UserName=bob&Password=REDACTED"
        );
    }

    #[test]
    fn redact_url_hides_presign_signature() {
        assert_eq!(
            redact_url("https://b.s3.amazonaws.com/k?X-Amz-Date=1&X-Amz-Signature=abc&X-Amz-Security-Token=t"),
            "https://b.s3.amazonaws.com/k?X-Amz-Date=1&X-Amz-Signature=REDACTED&X-Amz-Security-Token=REDACTED"
        );
    }
}
