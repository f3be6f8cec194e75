//! `before-call` handlers that adjust the serialized request (botocore
//! 1.43 `handlers.py`): `add_recursion_detection_header`,
//! `add_glacier_version`, `add_glacier_checksums` and apigateway's
//! `add_accept_header`.
use awscli_model::Service;
use awscli_protocol::HttpRequest;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::TraceEnv;

/// `quote(trace_id, safe='-=;:+&[]{}"\',')` (plus `_.~`, which `quote`
/// never encodes).
const TRACE_ID_SAFE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'=')
    .remove(b';')
    .remove(b':')
    .remove(b'+')
    .remove(b'&')
    .remove(b'[')
    .remove(b']')
    .remove(b'{')
    .remove(b'}')
    .remove(b'"')
    .remove(b'\'')
    .remove(b',');

/// `add_recursion_detection_header`: inside Lambda, pass the trace id on.
pub(super) fn add_recursion_detection_header(env: &TraceEnv, request: &mut HttpRequest) {
    let Some(trace_id) = env.trace_id.as_deref().filter(|t| !t.is_empty()) else {
        return;
    };
    if !env.in_lambda || request.header("X-Amzn-Trace-Id").is_some() {
        return;
    }
    let value = utf8_percent_encode(trace_id, TRACE_ID_SAFE).to_string();
    request.headers.push(("X-Amzn-Trace-Id".into(), value));
}

/// `add_glacier_version`.
pub(super) fn add_glacier_version(service: &Service, request: &mut HttpRequest) {
    request
        .headers
        .retain(|(k, _)| !k.eq_ignore_ascii_case("x-amz-glacier-version"));
    request.headers.push((
        "x-amz-glacier-version".into(),
        service.metadata.api_version.clone(),
    ));
}

/// `add_accept_header`.
pub(super) fn add_accept_header(request: &mut HttpRequest) {
    if request.header("Accept").is_none() {
        request
            .headers
            .push(("Accept".into(), "application/json".into()));
    }
}

fn sha256(data: &[u8]) -> Vec<u8> {
    ring::digest::digest(&ring::digest::SHA256, data)
        .as_ref()
        .to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `utils.calculate_tree_hash`: SHA-256 of each MiB, then pairwise up to
/// one root.
pub(crate) fn tree_hash(body: &[u8]) -> String {
    let mut level: Vec<Vec<u8>> = body.chunks(1024 * 1024).map(sha256).collect();
    if level.is_empty() {
        return hex(&sha256(b""));
    }
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [first, second] => sha256(&[first.as_slice(), second.as_slice()].concat()),
                [single] => single.clone(),
                _ => unreachable!("chunks(2) yields one or two items"),
            })
            .collect();
    }
    hex(&level[0])
}

/// `add_glacier_checksums`: `x-amz-content-sha256` and
/// `x-amz-sha256-tree-hash`, unless the caller set them.
pub(super) fn add_glacier_checksums(request: &mut HttpRequest) {
    if request.header("x-amz-content-sha256").is_none() {
        let value = hex(&sha256(&request.body));
        request.headers.push(("x-amz-content-sha256".into(), value));
    }
    if request.header("x-amz-sha256-tree-hash").is_none() {
        let value = tree_hash(&request.body);
        request
            .headers
            .push(("x-amz-sha256-tree-hash".into(), value));
    }
}

#[cfg(test)]
mod tests;
