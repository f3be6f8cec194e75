//! The S3 handlers of botocore 1.43 `handlers.py`: bucket-name validation,
//! `EncodingType=url` on listings (and decoding the keys back), the
//! `CopySource` forms, ASCII-only metadata, SSE-C key encoding, the
//! `Expect: 100-continue` header and XML newline escaping.
use std::sync::LazyLock;

use awscli_model::{Operation, Service, Value};
use awscli_protocol::HttpRequest;
use base64::Engine;
use indexmap::IndexMap;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::{CallState, HandlerError};

/// `VALID_BUCKET.pattern`.
const VALID_BUCKET: &str = r"^[a-zA-Z0-9.\-_]{1,255}$";
/// `VALID_S3_ARN.pattern`: access point or outpost access point ARNs.
const VALID_S3_ARN: &str = concat!(
    r"^arn:(aws).*:(s3|s3-object-lambda):[a-z\-0-9]*:[0-9]{12}:accesspoint[/:]",
    r"[a-zA-Z0-9\-.]{1,63}$",
    "|",
    r"^arn:(aws).*:s3-outposts:[a-z\-0-9]+:[0-9]{12}:outpost[/:]",
    r"[a-zA-Z0-9\-]{1,63}[/:]accesspoint[/:][a-zA-Z0-9\-]{1,63}$"
);

fn is_valid_bucket(bucket: &str) -> bool {
    let n = bucket.chars().count();
    (1..=255).contains(&n)
        && bucket
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// `[a-zA-Z0-9\-.]{1,63}` style: every char allowed, length 1..=63.
fn is_label(text: &str, extra: &[char]) -> bool {
    (1..=63).contains(&text.len())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || extra.contains(&c))
}

/// Splits on the first `/` or `:` (the regexes' `[/:]`).
fn split_sep(text: &str) -> Option<(&str, &str)> {
    let i = text.find(['/', ':'])?;
    Some((&text[..i], &text[i + 1..]))
}

/// `VALID_S3_ARN.search(bucket)`. The regexes start with `arn:(aws).*:`,
/// whose greedy `.*` lets the partition contain colons; so try every split
/// point for the service field.
fn is_valid_s3_arn(arn: &str) -> bool {
    let Some(rest) = arn.strip_prefix("arn:aws") else {
        return false;
    };
    // `.*:` then service: every `:` in `rest` may end the `.*`.
    rest.match_indices(':').any(|(i, _)| {
        let tail = &rest[i + 1..];
        access_point_arn_tail(tail) || outpost_arn_tail(tail)
    })
}

fn digits12(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

fn region_chars(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `(s3|s3-object-lambda):[a-z\-0-9]*:[0-9]{12}:accesspoint[/:][a-zA-Z0-9\-.]{1,63}$`
fn access_point_arn_tail(tail: &str) -> bool {
    let Some(rest) = tail
        .strip_prefix("s3:")
        .or_else(|| tail.strip_prefix("s3-object-lambda:"))
    else {
        return false;
    };
    let Some((region, rest)) = rest.split_once(':') else {
        return false;
    };
    let Some((account, rest)) = rest.split_once(':') else {
        return false;
    };
    let Some(name) = rest
        .strip_prefix("accesspoint")
        .and_then(|r| r.strip_prefix(['/', ':']))
    else {
        return false;
    };
    region_chars(region) && digits12(account) && is_label(name, &['.'])
}

/// `s3-outposts:[a-z\-0-9]+:[0-9]{12}:outpost[/:][a-zA-Z0-9\-]{1,63}[/:]accesspoint[/:][a-zA-Z0-9\-]{1,63}$`
fn outpost_arn_tail(tail: &str) -> bool {
    let Some(rest) = tail.strip_prefix("s3-outposts:") else {
        return false;
    };
    let Some((region, rest)) = rest.split_once(':') else {
        return false;
    };
    let Some((account, rest)) = rest.split_once(':') else {
        return false;
    };
    let Some(rest) = rest
        .strip_prefix("outpost")
        .and_then(|r| r.strip_prefix(['/', ':']))
    else {
        return false;
    };
    let Some((outpost, rest)) = split_sep(rest) else {
        return false;
    };
    let Some(name) = rest
        .strip_prefix("accesspoint")
        .and_then(|r| r.strip_prefix(['/', ':']))
    else {
        return false;
    };
    !region.is_empty()
        && region_chars(region)
        && digits12(account)
        && is_label(outpost, &[])
        && is_label(name, &[])
}

/// `validate_bucket_name`.
pub(super) fn validate_bucket_name(params: &IndexMap<String, Value>) -> Result<(), HandlerError> {
    let Some(Value::String(bucket)) = params.get("Bucket") else {
        return Ok(());
    };
    if is_valid_bucket(bucket) || is_valid_s3_arn(bucket) {
        return Ok(());
    }
    Err(HandlerError::ParamValidation(format!(
        "Invalid bucket name \"{bucket}\": Bucket name must match the regex \"{VALID_BUCKET}\" \
         or be an ARN matching the regex \"{VALID_S3_ARN}\""
    )))
}

/// `set_list_objects_encoding_type_url`.
pub(super) fn set_list_objects_encoding_type_url(
    params: &mut IndexMap<String, Value>,
    state: &mut CallState,
) {
    if !params.contains_key("EncodingType") {
        state.encoding_type_auto_set = true;
        params.insert("EncodingType".into(), Value::String("url".into()));
    }
}

/// `percent_encode(value, safe=SAFE_CHARS + '/')`.
const COPY_SOURCE_SAFE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

fn quote_copy_source(text: &str) -> String {
    utf8_percent_encode(text, COPY_SOURCE_SAFE).to_string()
}

/// `VERSION_ID_SUFFIX = r'\?versionId=[^\s]+$'`: where the suffix starts.
fn version_id_suffix(value: &str) -> Option<usize> {
    value
        .match_indices("?versionId=")
        .map(|(i, _)| i)
        .find(|&i| {
            let id = &value[i + "?versionId=".len()..];
            !id.is_empty() && !id.chars().any(char::is_whitespace)
        })
}

/// `handle_copy_source_param`: quote the key of a string `CopySource`
/// (keeping a `?versionId=` suffix) or build one from the dict form.
pub(super) fn handle_copy_source_param(
    params: &mut IndexMap<String, Value>,
) -> Result<(), HandlerError> {
    let Some(source) = params.get_mut("CopySource") else {
        return Ok(());
    };
    match source {
        Value::String(value) => {
            *value = match version_id_suffix(value) {
                Some(i) => format!("{}{}", quote_copy_source(&value[..i]), &value[i..]),
                None => quote_copy_source(value),
            };
        }
        Value::Map(dict) => {
            let field = |name: &str| match dict.get(name) {
                Some(Value::String(s)) => Ok(s.clone()),
                Some(other) => Ok(crate::python::str_of(other)),
                None => Err(HandlerError::ParamValidation(format!(
                    "Missing required parameter: '{name}'"
                ))),
            };
            let bucket = field("Bucket")?;
            let key = field("Key")?;
            let joined = if is_valid_s3_arn(&bucket) {
                format!("{bucket}/object/{key}")
            } else {
                format!("{bucket}/{key}")
            };
            let mut quoted = quote_copy_source(&joined);
            if let Some(Value::String(version)) = dict.get("VersionId") {
                quoted.push_str(&format!("?versionId={version}"));
            }
            *source = Value::String(quoted);
        }
        _ => {}
    }
    Ok(())
}

/// `validate_ascii_metadata`.
pub(super) fn validate_ascii_metadata(
    params: &IndexMap<String, Value>,
) -> Result<(), HandlerError> {
    let Some(Value::Map(metadata)) = params.get("Metadata") else {
        return Ok(());
    };
    for (key, value) in metadata {
        let Value::String(value) = value else {
            continue;
        };
        if !key.is_ascii() || !value.is_ascii() {
            return Err(HandlerError::ParamValidation(format!(
                "Non ascii characters found in S3 metadata for key \"{key}\", value: \"{value}\".  \
                 \nS3 metadata can only contain ASCII characters. "
            )));
        }
    }
    Ok(())
}

/// `_sse_md5`: `<prefix>Key` becomes its base64 and `<prefix>KeyMD5` the
/// base64 of its MD5, unless the caller set the MD5.
pub(super) fn sse_md5(params: &mut IndexMap<String, Value>, prefix: &str) {
    let key_member = format!("{prefix}Key");
    let md5_member = format!("{prefix}KeyMD5");
    if params.contains_key(&md5_member) {
        return;
    }
    let key = match params.get(&key_member) {
        Some(Value::String(s)) => s.as_bytes().to_vec(),
        Some(Value::Blob(b)) => b.clone(),
        _ => return,
    };
    let b64 = base64::engine::general_purpose::STANDARD;
    params.insert(key_member, Value::String(b64.encode(&key)));
    params.insert(
        md5_member,
        Value::String(b64.encode(awscli_protocol::md5(&key))),
    );
}

/// `add_expect_header`: PUT/POST requests whose body is a file-like object
/// (a streaming payload the caller supplied) ask for `100-continue`.
pub(super) fn add_expect_header(
    service: &Service,
    operation: &Operation,
    params: &Value,
    request: &mut HttpRequest,
) {
    if !matches!(operation.http.method.as_str(), "PUT" | "POST") {
        return;
    }
    if !crate::invoke::has_streaming_input(service, operation) {
        return;
    }
    let payload_given = service
        .resolve(
            operation
                .input
                .as_ref()
                .expect("has_streaming_input implies an input"),
        )
        .ok()
        .and_then(|input| input.payload.as_deref())
        .is_some_and(|payload| params.get(payload).is_some());
    if payload_given {
        request
            .headers
            .push(("Expect".into(), "100-continue".into()));
    }
}

/// `escape_xml_payload`: CR and LF as character references, so the XML
/// parser on the other side cannot normalize them.
pub(super) fn escape_xml_payload(request: &mut HttpRequest) {
    if !request.body.iter().any(|b| matches!(b, b'\r' | b'\n')) {
        return;
    }
    let mut body = Vec::with_capacity(request.body.len() + 16);
    for &b in &request.body {
        match b {
            b'\r' => body.extend_from_slice(b"&#xD;"),
            b'\n' => body.extend_from_slice(b"&#xA;"),
            other => body.push(other),
        }
    }
    request.body = body;
}

/// `unquote_str` (`urllib.parse.unquote_plus`).
fn unquote_plus(text: &str) -> String {
    let spaced = text.replace('+', " ");
    percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}

/// `_decode_list_object`, called only when the handler set `EncodingType`.
fn decode_list(parsed: &mut Value, top_level: &[&str], nested: &[(&str, &str)]) {
    let Some(map) = parsed.as_map_mut() else {
        return;
    };
    if map.get("EncodingType").and_then(Value::as_str) != Some("url") {
        return;
    }
    for key in top_level {
        if let Some(Value::String(s)) = map.get_mut(*key) {
            *s = unquote_plus(s);
        }
    }
    for (top, child) in nested {
        if let Some(Value::List(items)) = map.get_mut(*top) {
            for item in items {
                if let Some(Value::String(s)) = item.as_map_mut().and_then(|m| m.get_mut(*child)) {
                    *s = unquote_plus(s);
                }
            }
        }
    }
}

static LIST_OBJECTS_NESTED: LazyLock<Vec<(&'static str, &'static str)>> =
    LazyLock::new(|| vec![("Contents", "Key"), ("CommonPrefixes", "Prefix")]);

/// `decode_list_object`.
pub(super) fn decode_list_object(parsed: &mut Value) {
    decode_list(
        parsed,
        &["Delimiter", "Marker", "NextMarker"],
        &LIST_OBJECTS_NESTED,
    );
}

/// `decode_list_object_v2`.
pub(super) fn decode_list_object_v2(parsed: &mut Value) {
    decode_list(
        parsed,
        &["Delimiter", "Prefix", "StartAfter"],
        &LIST_OBJECTS_NESTED,
    );
}

/// `decode_list_object_versions`.
pub(super) fn decode_list_object_versions(parsed: &mut Value) {
    decode_list(
        parsed,
        &["KeyMarker", "NextKeyMarker", "Prefix", "Delimiter"],
        &[
            ("Versions", "Key"),
            ("DeleteMarkers", "Key"),
            ("CommonPrefixes", "Prefix"),
        ],
    );
}

#[cfg(test)]
mod tests;
