//! Compares what two CLIs sent and printed for the same command line.
//!
//! Requests are compared after [`normalize`]: method, path (as sent), query
//! pairs (as sent, sorted: servers do not care about their order, and the
//! order follows model member order, which moved between the reference's
//! bundled models and ours), the headers that carry meaning, and the body by
//! meaning, as botocore's protocol tests and smithy-rs's `validate_body` do
//! (JSON as values, form bodies as sorted pairs, XML as its element/text
//! structure without insignificant whitespace).
//!
//! Headers left out ([`IGNORED_HEADERS`]): everything that differs per run
//! or per client build (signature, date, user agent, invocation id, retry
//! info, `Host`, connection management) and everything of the flexible
//! checksums feature: 2.36 adds a default CRC32 to S3 uploads
//! (`x-amz-checksum-*`, `x-amz-sdk-checksum-algorithm`, and with `aws-chunked`
//! content coding `x-amz-trailer`/`x-amz-decoded-content-length`) that
//! 2.9.19 does not send, and `Content-MD5`, which the newer SDKs replaced
//! with those checksums. `aws-chunked` bodies are decoded before comparison
//! and the coding removed from `Content-Encoding`; `Content-Length` is left
//! out because it follows from the body.

use std::fmt::Write as _;

use percent_encoding::percent_decode_str;
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::{CliOutput, RecordedRequest};

/// Header names (lower case) that are not compared; see the module docs.
pub const IGNORED_HEADERS: &[&str] = &[
    "accept-encoding",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
    "authorization",
    "connection",
    "content-length",
    "content-md5",
    "date",
    "expect",
    "host",
    "transfer-encoding",
    "user-agent",
    "x-amz-content-sha256",
    "x-amz-date",
    "x-amz-decoded-content-length",
    "x-amz-sdk-checksum-algorithm",
    "x-amz-security-token",
    "x-amz-trailer",
    "x-amz-user-agent",
];

/// Header name prefixes that are not compared (flexible checksums).
pub const IGNORED_HEADER_PREFIXES: &[&str] = &["x-amz-checksum-"];

/// A request body, by meaning.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Empty,
    Json(serde_json::Value),
    /// `application/x-www-form-urlencoded` pairs, decoded and sorted.
    Form(Vec<(String, String)>),
    /// XML as one line per element start/end or text, whitespace-only text
    /// and the declaration dropped.
    Xml(Vec<String>),
    /// Anything else, as text when it is UTF-8.
    Text(String),
    Bytes(Vec<u8>),
}

/// A request reduced to what is compared; see the module docs.
#[derive(Debug, Clone, PartialEq)]
pub struct NormalizedRequest {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    /// Lower-case names, sorted, without [`IGNORED_HEADERS`].
    pub headers: Vec<(String, String)>,
    pub body: Body,
}

fn ignored(name: &str) -> bool {
    IGNORED_HEADERS.contains(&name)
        || IGNORED_HEADER_PREFIXES
            .iter()
            .any(|prefix| name.starts_with(prefix))
}

/// Reduces a request to what is compared.
pub fn normalize(request: &RecordedRequest) -> NormalizedRequest {
    let mut body = request.body.clone();
    let mut headers = Vec::new();
    for (name, value) in &request.headers {
        let name = name.to_ascii_lowercase();
        if ignored(&name) {
            continue;
        }
        if name == "content-encoding" {
            let codings: Vec<&str> = value
                .split(',')
                .map(str::trim)
                .filter(|coding| !coding.eq_ignore_ascii_case("aws-chunked"))
                .collect();
            if codings.len() != value.split(',').count() {
                body = decode_aws_chunked(&body);
            }
            if !codings.is_empty() {
                headers.push((name, codings.join(",")));
            }
            continue;
        }
        headers.push((name, value.trim().to_string()));
    }
    headers.sort();
    let content_type = request.header("content-type").unwrap_or_default();
    let mut query: Vec<(String, String)> = split_pairs(request.query())
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    query.sort();
    NormalizedRequest {
        method: request.method.clone(),
        path: request.path().to_string(),
        query,
        headers,
        body: classify_body(content_type, &body),
    }
}

fn split_pairs(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
}

fn form_decode(text: &str) -> String {
    percent_decode_str(&text.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

fn classify_body(content_type: &str, body: &[u8]) -> Body {
    if body.is_empty() {
        return Body::Empty;
    }
    let content_type = content_type.to_ascii_lowercase();
    let text = std::str::from_utf8(body).ok();
    if content_type.contains("json") {
        if let Ok(value) = serde_json::from_slice(body) {
            return Body::Json(value);
        }
    }
    if content_type.contains("x-www-form-urlencoded") {
        if let Some(text) = text {
            let mut pairs: Vec<(String, String)> = split_pairs(text)
                .map(|(k, v)| (form_decode(k), form_decode(v)))
                .collect();
            pairs.sort();
            return Body::Form(pairs);
        }
    }
    if content_type.contains("xml") || text.is_some_and(|t| t.trim_start().starts_with('<')) {
        if let Some(xml) = xml_structure(body) {
            return Body::Xml(xml);
        }
    }
    match text {
        Some(text) => Body::Text(text.to_string()),
        None => Body::Bytes(body.to_vec()),
    }
}

fn xml_structure(body: &[u8]) -> Option<Vec<String>> {
    let mut reader = Reader::from_reader(body);
    reader.config_mut().trim_text(true);
    let mut lines = Vec::new();
    let mut depth = 0usize;
    let mut buffer = Vec::new();
    let start = |e: &quick_xml::events::BytesStart<'_>, depth: usize| -> Option<String> {
        let mut line = format!(
            "{}<{}",
            "  ".repeat(depth),
            String::from_utf8_lossy(e.name().as_ref())
        );
        let mut attributes = Vec::new();
        for attribute in e.attributes() {
            let attribute = attribute.ok()?;
            attributes.push(format!(
                "{}={:?}",
                String::from_utf8_lossy(attribute.key.as_ref()),
                attribute.unescape_value().ok()?
            ));
        }
        attributes.sort();
        for attribute in attributes {
            line.push(' ');
            line.push_str(&attribute);
        }
        line.push('>');
        Some(line)
    };
    loop {
        match reader.read_event_into(&mut buffer).ok()? {
            Event::Start(e) => {
                lines.push(start(&e, depth)?);
                depth += 1;
            }
            Event::Empty(e) => {
                lines.push(start(&e, depth)?);
                lines.push(format!(
                    "{}</{}>",
                    "  ".repeat(depth),
                    String::from_utf8_lossy(e.name().as_ref())
                ));
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                lines.push(format!(
                    "{}</{}>",
                    "  ".repeat(depth),
                    String::from_utf8_lossy(e.name().as_ref())
                ));
            }
            Event::Text(t) => lines.push(format!("{}{:?}", "  ".repeat(depth), t.unescape().ok()?)),
            Event::CData(t) => lines.push(format!(
                "{}{:?}",
                "  ".repeat(depth),
                String::from_utf8_lossy(&t)
            )),
            Event::Eof => return Some(lines),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
        buffer.clear();
    }
}

/// Undoes the `aws-chunked` content coding (`<hex size>[;ext]\r\n<data>\r\n`
/// ... `0\r\n<trailers>\r\n\r\n`); returns the input unchanged if it does not
/// parse.
pub fn decode_aws_chunked(body: &[u8]) -> Vec<u8> {
    let mut decoded = Vec::new();
    let mut rest = body;
    loop {
        let Some(end) = rest.windows(2).position(|w| w == b"\r\n") else {
            return body.to_vec();
        };
        let size_line = String::from_utf8_lossy(&rest[..end]);
        let size_text = size_line.split(';').next().unwrap_or_default().trim();
        let Ok(size) = usize::from_str_radix(size_text, 16) else {
            return body.to_vec();
        };
        rest = &rest[end + 2..];
        if size == 0 {
            return decoded;
        }
        if rest.len() < size + 2 {
            return body.to_vec();
        }
        decoded.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

/// Panics, showing both sides, unless the two request lists are equal after
/// [`normalize`].
#[track_caller]
pub fn assert_same_requests(reference: &[RecordedRequest], ours: &[RecordedRequest]) {
    let reference: Vec<NormalizedRequest> = reference.iter().map(normalize).collect();
    let ours: Vec<NormalizedRequest> = ours.iter().map(normalize).collect();
    if reference == ours {
        return;
    }
    let mut message = format!(
        "requests differ: reference sent {}, ours sent {}\n",
        reference.len(),
        ours.len()
    );
    for index in 0..reference.len().max(ours.len()) {
        let (r, o) = (reference.get(index), ours.get(index));
        if r == o {
            continue;
        }
        let _ = writeln!(message, "--- request {index}, reference:\n{r:#?}");
        let _ = writeln!(message, "+++ request {index}, ours:\n{o:#?}");
    }
    panic!("{message}");
}

/// Panics unless `ours` printed the same stdout and exited with the same code
/// as the reference, and its stderr equals the reference's converted to the
/// 2.36 layout.
#[track_caller]
pub fn assert_same_outcome(reference: &CliOutput, ours: &CliOutput) {
    let expected_stderr = reference.stderr_as_v2_36();
    if reference.stdout == ours.stdout
        && reference.exit_code == ours.exit_code
        && (expected_stderr == ours.stderr || same_but_details(&expected_stderr, &ours.stderr))
    {
        return;
    }
    panic!(
        "outcomes differ for `aws {}`\n\
         exit code: reference {}, ours {}\n\
         --- reference stdout:\n{}\n+++ ours stdout:\n{}\n\
         --- expected stderr (reference, 2.36 layout):\n{expected_stderr:?}\n+++ ours stderr:\n{:?}\n",
        reference.args.join(" "),
        reference.exit_code,
        ours.exit_code,
        reference.stdout_text(),
        ours.stdout_text(),
        ours.stderr,
    );
}

/// Whether `ours` is the expected service-error report followed by 2.36's
/// `Additional error details:` block. 2.9.19 prints no such block, so the
/// converted reference cannot contain it; the block itself is checked by the
/// binary's unit tests against the 2.36 error handler.
fn same_but_details(expected: &str, ours: &str) -> bool {
    match ours.split_once("\nAdditional error details:\n") {
        Some((head, _)) => head == expected && expected.contains("when calling the "),
        None => false,
    }
}

/// stdout parsed as JSON with the values of every key named in `fields`
/// (at any depth) replaced by `"<masked>"`, pretty-printed; `None` if stdout
/// is not JSON. For outputs that carry per-run values (creation times,
/// generated ids) when two runs cannot share one server state.
pub fn masked_json(stdout: &[u8], fields: &[&str]) -> Option<String> {
    fn mask(value: &mut serde_json::Value, fields: &[&str]) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map.iter_mut() {
                    if fields.contains(&key.as_str()) {
                        *value = serde_json::Value::String("<masked>".into());
                    } else {
                        mask(value, fields);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| mask(v, fields)),
            _ => {}
        }
    }
    let mut value: serde_json::Value = serde_json::from_slice(stdout).ok()?;
    mask(&mut value, fields);
    serde_json::to_string_pretty(&value).ok()
}

/// [`assert_same_outcome`] for JSON outputs with per-run values: stdout is
/// compared after [`masked_json`] (both must be JSON), exit code and stderr
/// as there.
#[track_caller]
pub fn assert_same_outcome_masked(reference: &CliOutput, ours: &CliOutput, fields: &[&str]) {
    let reference_json = masked_json(&reference.stdout, fields);
    let ours_json = masked_json(&ours.stdout, fields);
    let expected_stderr = reference.stderr_as_v2_36();
    if reference_json.is_some()
        && reference_json == ours_json
        && reference.exit_code == ours.exit_code
        && expected_stderr == ours.stderr
    {
        return;
    }
    panic!(
        "outcomes differ for `aws {}` (masked: {fields:?})\n\
         exit code: reference {}, ours {}\n\
         --- reference stdout:\n{}\n+++ ours stdout:\n{}\n\
         --- expected stderr (reference, 2.36 layout):\n{expected_stderr:?}\n+++ ours stderr:\n{:?}\n",
        reference.args.join(" "),
        reference.exit_code,
        ours.exit_code,
        reference.stdout_text(),
        ours.stdout_text(),
        ours.stderr,
    );
}

/// Like [`assert_same_outcome`] for a JSON result where our pinned models
/// (botocore 1.43) add members the reference's older models (2.9.19) lack:
/// each `(key, value)` of `drift` must be a top-level member of our output
/// with that value, and with those members removed both outputs must be the
/// same JSON, in the same order. Every use names the model change it covers.
#[track_caller]
pub fn assert_same_outcome_with_model_drift(
    reference: &CliOutput,
    ours: &CliOutput,
    drift: &[(&str, serde_json::Value)],
) {
    assert_eq!(
        reference.exit_code,
        ours.exit_code,
        "exit codes differ for `aws {}`",
        reference.args.join(" ")
    );
    assert_eq!(
        reference.stderr_as_v2_36(),
        ours.stderr,
        "stderr differs for `aws {}`",
        reference.args.join(" ")
    );
    let parse = |out: &CliOutput| -> serde_json::Value {
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", out.stdout_text()))
    };
    let expected = parse(reference);
    let mut actual = parse(ours);
    let object = actual.as_object_mut().expect("a JSON object on stdout");
    for (key, value) in drift {
        let found = object.shift_remove(*key);
        assert_eq!(
            found.as_ref(),
            Some(value),
            "model-drift member {key} in our output"
        );
    }
    assert_eq!(
        serde_json::to_string_pretty(&expected).unwrap_or_default(),
        serde_json::to_string_pretty(&actual).unwrap_or_default(),
        "outputs differ (beyond the model drift) for `aws {}`",
        reference.args.join(" ")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(headers: &[(&str, &str)], target: &str, body: &str) -> RecordedRequest {
        RecordedRequest {
            method: "POST".into(),
            target: target.into(),
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn normalize_compares_json_bodies_by_value_and_drops_volatile_headers() {
        let a = request(
            &[
                ("Content-Type", "application/x-amz-json-1.0"),
                ("X-Amz-Target", "DynamoDB_20120810.ListTables"),
                ("Authorization", "AWS4-HMAC-SHA256 a"),
                ("X-Amz-Date", "20260101T000000Z"),
            ],
            "/",
            r#"{"a": 1, "b": [2]}"#,
        );
        let b = request(
            &[
                ("x-amz-target", "DynamoDB_20120810.ListTables"),
                ("content-type", "application/x-amz-json-1.0"),
                ("authorization", "AWS4-HMAC-SHA256 b"),
            ],
            "/",
            r#"{"b":[2],"a":1}"#,
        );
        assert_eq!(normalize(&a), normalize(&b));
        assert_ne!(
            normalize(&a),
            normalize(&request(&[], "/", r#"{"a": 2}"#)),
            "a different body must differ"
        );
    }

    #[test]
    fn normalize_sorts_form_pairs_and_query_pairs() {
        let ct = [(
            "Content-Type",
            "application/x-www-form-urlencoded; charset=utf-8",
        )];
        let a = request(&ct, "/?b=2&a=1", "Action=X&Version=1&InstanceId.1=i-1");
        let b = request(&ct, "/?a=1&b=2", "InstanceId.1=i-1&Action=X&Version=1");
        assert_eq!(normalize(&a), normalize(&b));
        assert_ne!(normalize(&a), normalize(&request(&ct, "/?a=1&b=3", "")));
    }

    #[test]
    fn normalize_compares_xml_structure_not_whitespace() {
        let ct = [("Content-Type", "application/xml")];
        let a = request(
            &ct,
            "/b",
            "<?xml version=\"1.0\"?>\n<T xmlns=\"x\">\n  <K>v &amp; w</K>\n</T>",
        );
        let b = request(&ct, "/b", "<T xmlns=\"x\"><K>v &amp; w</K></T>");
        assert_eq!(normalize(&a), normalize(&b));
        let c = request(&ct, "/b", "<T xmlns=\"x\"><K>v</K></T>");
        assert_ne!(normalize(&a), normalize(&c));
    }

    #[test]
    fn normalize_decodes_aws_chunked_and_ignores_checksums() {
        let chunked = request(
            &[
                ("Content-Encoding", "aws-chunked"),
                ("X-Amz-Trailer", "x-amz-checksum-crc32"),
                ("X-Amz-Decoded-Content-Length", "5"),
            ],
            "/b/k",
            "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n",
        );
        let plain = request(
            &[("Content-MD5", "XUFAKrxLKna5cZ2REBfFkg==")],
            "/b/k",
            "hello",
        );
        assert_eq!(normalize(&chunked), normalize(&plain));
        assert_eq!(normalize(&plain).body, Body::Text("hello".into()));
    }

    #[test]
    fn masked_json_masks_fields_at_any_depth() {
        let stdout = br#"{"User": {"UserName": "a", "UserId": "X1", "Tags": [{"UserId": 2}]}}"#;
        let masked = masked_json(stdout, &["UserId"]).unwrap();
        assert!(masked.contains(r#""UserName": "a""#));
        assert!(!masked.contains("X1"));
        assert_eq!(masked.matches("<masked>").count(), 2);
        assert_eq!(masked_json(b"not json", &[]), None);
    }

    #[test]
    fn assert_same_requests_accepts_equal_lists() {
        let a = request(&[], "/", "");
        assert_same_requests(std::slice::from_ref(&a), std::slice::from_ref(&a));
    }

    #[test]
    #[should_panic(expected = "requests differ: reference sent 1, ours sent 0")]
    fn assert_same_requests_reports_missing_requests() {
        assert_same_requests(&[request(&[], "/", "")], &[]);
    }
}
