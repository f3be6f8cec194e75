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
//!
//! Entry points: [`serialize_request`] and [`parse_response`]. Around them:
//! [`fill_idempotency_tokens`] (botocore's `generate_idempotent_uuid`
//! handler, with the randomness passed in), [`content_md5`] for
//! `httpChecksumRequired` operations (the client decides whether to send it,
//! as botocore's checksum handlers do), [`streaming_output_member`] (the
//! output member whose bytes the client writes to a file: `parse_response`
//! leaves it out of the output), and the S3 special cases
//! (`GetBucketLocation`'s bare `<LocationConstraint>` body and errors inside
//! 200 responses, see [`is_error_response`]).
//!
//! Event streams are not supported: parsing an operation whose output is an
//! event stream returns [`ParseError::EventStreamUnsupported`].
//!
//! ```
//! use awscli_protocol::{parse_response, serialize_request, HttpResponse, Value};
//!
//! let sts = awscli_model::store::load("sts").unwrap();
//! let op = sts.operation("GetCallerIdentity").unwrap();
//! let request = serialize_request(&sts, op, &Value::empty_map()).unwrap();
//! assert_eq!(request.body, b"Action=GetCallerIdentity&Version=2011-06-15");
//!
//! let body = "<GetCallerIdentityResponse><GetCallerIdentityResult>\
//!     <Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>";
//! let response = HttpResponse { status: 200, headers: vec![], body: body.into() };
//! let output = parse_response(&sts, op, &response).unwrap();
//! assert_eq!(output.get("Account").and_then(Value::as_str), Some("123456789012"));
//! ```

mod cbor;
mod checksum;
mod error;
mod error_response;
mod json;
mod query;
mod rest;
mod rest_xml;
mod rpcv2_cbor;
mod shape_ref;
pub mod timestamp;
mod uri;
mod xml;

use awscli_model::{Operation, Service, ShapeType};
use indexmap::IndexMap;

pub use awscli_model::Value;
pub use checksum::{content_md5, md5};
pub use error::{ModelLookup, ParseError, ParseOutcome, SerializeError};
pub use error_response::reason_phrase;
pub use json::python_float_repr;
pub use uri::{percent_encode, percent_encode_greedy};
pub use xml::XmlError;

use shape_ref::ShapeRef;
use timestamp::Precision;

/// An HTTP request as the protocol lays it out, relative to the endpoint.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HttpRequest {
    pub method: String,
    /// Path and query string, percent-encoded (`/key?versionId=1`), to
    /// join to the endpoint with [`build_url`]. Usually starts with `/`;
    /// for S3, whose rule set puts the bucket in the endpoint, botocore drops
    /// `/{Bucket}` from the path, which can leave it empty or starting with
    /// `?` (`?location`).
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
    /// The modeled members of the exception shape found for `code`
    /// (botocore merges them into the top level of the parsed error), in
    /// model order.
    pub fields: indexmap::IndexMap<String, Value>,
    /// The other keys botocore keeps in its `Error` dict besides `Code` and
    /// `Message` (`Type`, `QueryErrorCode`, S3's `BucketName`, ...).
    pub extra: indexmap::IndexMap<String, Value>,
    /// The request id (`x-amzn-requestid`, `x-amz-request-id` or the
    /// `RequestId` element), if the response carried one.
    pub request_id: Option<String>,
}

/// The protocol of a service, as botocore picks it (`metadata.protocol`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Json,
    RestJson,
    RestXml,
    Query,
    Ec2,
    RpcV2Cbor,
}

/// botocore's `PRIORITY_ORDERED_SUPPORTED_PROTOCOLS`.
const PROTOCOL_PRIORITY: [&str; 6] = [
    "json",
    "rest-json",
    "rest-xml",
    "smithy-rpc-v2-cbor",
    "query",
    "ec2",
];

impl Protocol {
    fn from_name(name: &str) -> Option<Protocol> {
        Some(match name {
            "json" => Protocol::Json,
            "rest-json" => Protocol::RestJson,
            "rest-xml" => Protocol::RestXml,
            "query" => Protocol::Query,
            "ec2" => Protocol::Ec2,
            "smithy-rpc-v2-cbor" => Protocol::RpcV2Cbor,
            _ => return None,
        })
    }

    /// botocore's `ServiceModel.resolved_protocol`: the first protocol of
    /// its priority list that `metadata.protocols` names, else
    /// `metadata.protocol`. (CloudWatch declares `smithy-rpc-v2-cbor` as
    /// `protocol` but lists `json` too, and botocore speaks `json` to it.)
    pub fn of(service: &Service) -> Option<Protocol> {
        let listed = &service.metadata.protocols;
        if listed.is_empty() {
            return Protocol::from_name(service.protocol());
        }
        PROTOCOL_PRIORITY
            .iter()
            .find(|p| listed.iter().any(|l| l == *p))
            .and_then(|p| Protocol::from_name(p))
    }

    /// The protocol's name in botocore's models.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Json => "json",
            Protocol::RestJson => "rest-json",
            Protocol::RestXml => "rest-xml",
            Protocol::Query => "query",
            Protocol::Ec2 => "ec2",
            Protocol::RpcV2Cbor => "smithy-rpc-v2-cbor",
        }
    }
}

fn unsupported(service: &Service) -> SerializeError {
    SerializeError::UnsupportedProtocol(service.protocol().to_owned())
}

/// Whether the service is `awsQueryCompatible` (its errors carry
/// `x-amzn-query-error`, its requests `x-amzn-query-mode: true`).
pub fn is_query_compatible(service: &Service) -> bool {
    service.metadata.aws_query_compatible.is_some()
}

fn is_s3(service: &Service) -> bool {
    service.name == "s3" || service.metadata.service_id == "S3"
}

/// Whether the operation's output has an event-stream member.
pub fn has_event_stream_output(service: &Service, operation: &Operation) -> bool {
    let Ok(Some(output)) = shape_ref::output_ref(service, operation) else {
        return false;
    };
    output
        .shape
        .members
        .values()
        .any(|m| service.resolve(m).map(|s| s.eventstream).unwrap_or(false))
}

/// The output member carrying a streaming body (S3 `GetObject`'s `Body`,
/// Lambda `Invoke`'s `Payload`): the output shape's `payload` when it is a
/// blob, as botocore's `OperationModel.has_streaming_output` decides (the
/// `streaming` trait is not required); the CLI gives such operations an
/// `outfile` argument.
/// [`parse_response`] leaves this member out; the client writes the
/// response body where it belongs (a file, stdout) instead.
pub fn streaming_output_member<'s>(
    service: &'s Service,
    operation: &'s Operation,
) -> Option<&'s str> {
    let output = shape_ref::output_ref(service, operation).ok()??;
    let payload = output.shape.payload.as_deref()?;
    let member = output.shape.members.get(payload)?;
    let sref = ShapeRef::resolve(service, member).ok()?;
    (sref.kind() == ShapeType::Blob).then_some(payload)
}

/// The `requestUri` botocore serializes with. For S3 the leading
/// `/{Bucket}` is dropped (`remove_bucket_from_url_paths_from_model`):
/// the endpoint rule set already puts the bucket in the host or path, so
/// `url_path` can be empty or start with `?`. Join with [`build_url`].
fn request_uri_for<'o>(service: &Service, operation: &'o Operation) -> &'o str {
    let uri = operation.http.request_uri.as_str();
    if is_s3(service) {
        if let Some(rest) = uri.strip_prefix("/{Bucket}") {
            return rest;
        }
    }
    uri
}

/// botocore's `_urljoin` plus the query string: the request URL from the
/// resolved endpoint (`https://bucket.s3.us-east-1.amazonaws.com`), the
/// request's `url_path` and its `host_prefix`.
pub fn build_url(endpoint: &str, request: &HttpRequest) -> String {
    let (scheme, rest) = endpoint.split_once("://").unwrap_or(("", endpoint));
    let (rest, fragment) = match rest.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (rest, None),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    let (netloc, base_path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let url_path = request.url_path.as_str();
    let mut path = if url_path.is_empty() || url_path == "/" {
        if base_path.is_empty() {
            "/".to_owned()
        } else {
            base_path.to_owned()
        }
    } else if base_path.ends_with('/') && url_path.starts_with('/') {
        format!("{}{url_path}", &base_path[..base_path.len() - 1])
    } else {
        format!("{base_path}{url_path}")
    };
    // `urlunsplit` puts a `/` between the host and a path that lacks one.
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    let mut url = format!(
        "{scheme}://{}{netloc}{path}",
        request.host_prefix.as_deref().unwrap_or("")
    );
    if let Some(q) = query.filter(|q| !q.is_empty()) {
        url.push('?');
        url.push_str(q);
    }
    if let Some(f) = fragment.filter(|f| !f.is_empty()) {
        url.push('#');
        url.push_str(f);
    }
    url
}

/// The timestamp precision botocore's serializer uses for a service
/// (bedrock-agentcore registers millisecond precision).
fn precision_for(service: &Service) -> Precision {
    if service.name == "bedrock-agentcore" {
        Precision::Millisecond
    } else {
        Precision::Default
    }
}

/// `_expand_host_prefix`: the operation's `endpoint.hostPrefix` with its
/// `{Label}`s replaced by the `hostLabel` members of the input.
fn expand_host_prefix(
    service: &Service,
    operation: &Operation,
    input: &Value,
) -> Result<Option<String>, SerializeError> {
    let Some(prefix) = operation
        .endpoint
        .as_ref()
        .and_then(|e| e.host_prefix.as_deref())
    else {
        return Ok(None);
    };
    // botocore's `remove_accid_host_prefix_from_model` (s3-control): the
    // endpoint rule set already puts the account id in the host.
    let requires_account_id = operation
        .static_context_params
        .get("RequiresAccountId")
        .and_then(|p| p.get("value"))
        == Some(&serde_json::Value::Bool(true));
    if service.name == "s3control" && prefix == "{AccountId}." && requires_account_id {
        return Ok(None);
    }
    let Some(input_ref) = shape_ref::input_ref(service, operation)? else {
        return Ok(Some(prefix.to_owned()));
    };
    let mut expanded = prefix.to_owned();
    let mut bad = Vec::new();
    for (name, member) in &input_ref.shape.members {
        if !member.host_label {
            continue;
        }
        let value = match input.get(name) {
            Some(Value::String(s)) => s.clone(),
            Some(v) if !v.is_null() => rest_xml::python_str(v),
            _ => return Err(SerializeError::MissingUriParameter(name.clone())),
        };
        let valid = !value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        if !valid {
            bad.push(name.clone());
        }
        expanded = expanded.replace(&format!("{{{name}}}"), &value);
    }
    if !bad.is_empty() {
        return Err(SerializeError::InvalidHostLabel(bad.join(", ")));
    }
    Ok(Some(expanded))
}

/// Serializes the input of `operation` as botocore's serializer for the
/// service's protocol does (`serialize_to_request`), with the query
/// string already appended to `url_path`.
///
/// Members are written in the order of the input map (botocore iterates
/// the parameters dict). `Null` members are skipped. Idempotency tokens are
/// not filled in here: call [`fill_idempotency_tokens`] first.
pub fn serialize_request(
    service: &Service,
    operation: &Operation,
    input: &Value,
) -> Result<HttpRequest, SerializeError> {
    let protocol = Protocol::of(service).ok_or_else(|| unsupported(service))?;
    let precision = precision_for(service);
    let host_prefix = expand_host_prefix(service, operation, input)?;
    match protocol {
        Protocol::Json => {
            let target = service
                .metadata
                .target_prefix
                .as_deref()
                .unwrap_or_default();
            let version = service.metadata.json_version.as_deref().unwrap_or("1.0");
            let mut headers = vec![
                (
                    "X-Amz-Target".to_owned(),
                    format!("{target}.{}", operation.name),
                ),
                (
                    "Content-Type".to_owned(),
                    format!("application/x-amz-json-{version}"),
                ),
            ];
            if is_query_compatible(service) {
                headers.push(("x-amzn-query-mode".to_owned(), "true".to_owned()));
            }
            let body = match shape_ref::input_ref(service, operation)? {
                Some(input_ref) => {
                    let empty = IndexMap::new();
                    let map = match input {
                        Value::Map(m) => m,
                        Value::Null => &empty,
                        _ => {
                            return Err(SerializeError::InvalidType {
                                path: "input".to_owned(),
                                expected: "dict",
                            })
                        }
                    };
                    json::JsonSerializer { service, precision }
                        .structure(input_ref, map, "input")?
                }
                None => json::Json::Object(Vec::new()),
            };
            Ok(HttpRequest {
                method: if operation.http.method.is_empty() {
                    "POST".to_owned()
                } else {
                    operation.http.method.clone()
                },
                url_path: "/".to_owned(),
                headers,
                body: json::write_json(&body, json::Style::Python).into_bytes(),
                host_prefix,
            })
        }
        Protocol::RestJson => rest::serialize(
            service,
            operation,
            input,
            rest::Codec::Json,
            precision,
            host_prefix,
            &operation.http.request_uri,
        ),
        Protocol::RestXml => rest::serialize(
            service,
            operation,
            input,
            rest::Codec::Xml,
            precision,
            host_prefix,
            request_uri_for(service, operation),
        ),
        Protocol::Query => query::serialize(
            service,
            operation,
            input,
            query::Dialect::Query,
            precision,
            host_prefix,
        ),
        Protocol::Ec2 => query::serialize(
            service,
            operation,
            input,
            query::Dialect::Ec2,
            precision,
            host_prefix,
        ),
        Protocol::RpcV2Cbor => {
            rpcv2_cbor::serialize(service, operation, input, precision, host_prefix)
        }
    }
}

/// A random version 4 UUID from 16 random bytes, as `str(uuid.uuid4())`.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
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

/// botocore's `generate_idempotent_uuid`: every top-level input member
/// marked `idempotencyToken` that the input lacks gets a fresh UUID v4 made
/// from `random` (pass the OS random source; tests pass a fixed one).
pub fn fill_idempotency_tokens(
    service: &Service,
    operation: &Operation,
    input: &mut Value,
    random: &mut dyn FnMut() -> [u8; 16],
) -> Result<(), ModelLookup> {
    let Some(input_ref) = shape_ref::input_ref(service, operation)? else {
        return Ok(());
    };
    if input.is_null() {
        *input = Value::empty_map();
    }
    let Some(map) = input.as_map_mut() else {
        return Ok(());
    };
    for (name, member) in &input_ref.shape.members {
        if member.idempotency_token && map.get(name).is_none_or(Value::is_null) {
            map.insert(name.clone(), Value::String(uuid_v4(random())));
        }
    }
    Ok(())
}

/// botocore's `_looks_like_special_case_error`: a 200 whose body is not
/// XML, or whose document element is `<Error>`.
fn looks_like_s3_error(response: &HttpResponse) -> bool {
    if response.status != 200 || response.body.is_empty() {
        return false;
    }
    match xml::parse_document(&response.body) {
        Err(_) => true,
        Ok(root) => root.name == "Error",
    }
}

/// The status botocore acts on: S3 turns an error inside a 200 into a 500
/// (`_handle_200_error`, for every S3 operation without a streaming or
/// event-stream output).
fn effective_status(service: &Service, operation: &Operation, response: &HttpResponse) -> u16 {
    if !is_s3(service) {
        return response.status;
    }
    let Ok(Some(output)) = shape_ref::output_ref(service, operation) else {
        return response.status;
    };
    if has_event_stream_output(service, operation) {
        return response.status;
    }
    if let Some(payload) = output.shape.payload.as_deref() {
        let is_raw = output
            .shape
            .members
            .get(payload)
            .and_then(|m| service.resolve(m).ok())
            .is_some_and(|s| matches!(s.kind, ShapeType::Blob | ShapeType::String));
        if is_raw {
            return response.status;
        }
    }
    if looks_like_s3_error(response) {
        500
    } else {
        response.status
    }
}

/// Whether `parse_response` will report this response as a service error:
/// HTTP status >= 301, or (S3) an error document inside a 200.
pub fn is_error_response(
    service: &Service,
    operation: &Operation,
    response: &HttpResponse,
) -> bool {
    effective_status(service, operation, response) >= 301
}

/// Parses a response into the operation's output, members in the order
/// botocore's dict has them (header-bound members, then body members, each
/// in model order; absent members omitted), or into a [`ServiceError`].
///
/// Timestamps come back as [`awscli_model::Timestamp`] with `wire` set;
/// blobs as [`Value::Blob`]. The [`streaming_output_member`] is left out.
pub fn parse_response(
    service: &Service,
    operation: &Operation,
    response: &HttpResponse,
) -> Result<Value, ParseOutcome> {
    parse_response_with(service, operation, response, &ParseOptions::default())
}

/// Options of [`parse_response_with`].
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// Put the [`streaming_output_member`] into the output as a
    /// [`Value::Blob`] of the whole body, as botocore's dict has it (its
    /// `StreamingBody`), instead of leaving it out.
    pub keep_streaming_body: bool,
}

/// [`parse_response`] with options.
pub fn parse_response_with(
    service: &Service,
    operation: &Operation,
    response: &HttpResponse,
    options: &ParseOptions,
) -> Result<Value, ParseOutcome> {
    let skip_streaming = !options.keep_streaming_body;
    let protocol = Protocol::of(service)
        .ok_or_else(|| ParseError::UnsupportedProtocol(service.protocol().to_owned()))?;
    let status = effective_status(service, operation, response);
    if status >= 301 {
        let error = error_response::parse_error(service, operation, response, protocol, status)?;
        return Err(ParseOutcome::Service(Box::new(error)));
    }
    if is_s3(service) && operation.name == "GetBucketLocation" {
        // The body is a bare `<LocationConstraint>` element that the model
        // cannot describe (botocore's `parse_get_bucket_location`).
        let root =
            xml::parse_document(&response.body).map_err(|e| ParseError::xml(e, &response.body))?;
        let mut map = IndexMap::new();
        map.insert(
            "LocationConstraint".to_owned(),
            root.text.clone().map_or(Value::Null, Value::String),
        );
        return Ok(Value::Map(map));
    }
    let Some(output) = shape_ref::output_ref(service, operation)? else {
        return Ok(Value::empty_map());
    };
    if is_s3(service) {
        if let Some(expires) = s3_expires_header(service, output, response) {
            // botocore's `handle_expires_header`: the raw value is added as
            // `ExpiresString` after the modeled members, and an `Expires`
            // that is not a timestamp is dropped rather than failing.
            let mut response = response.clone();
            if timestamp::parse_timestamp(&expires).is_none() {
                response
                    .headers
                    .retain(|(k, _)| !k.eq_ignore_ascii_case("Expires"));
            }
            let mut parsed = parse_output(
                service,
                operation,
                output,
                &response,
                protocol,
                skip_streaming,
            )?;
            if let Some(map) = parsed.as_map_mut() {
                map.insert("ExpiresString".to_owned(), Value::String(expires));
            }
            return Ok(parsed);
        }
    }
    parse_output(
        service,
        operation,
        output,
        response,
        protocol,
        skip_streaming,
    )
}

/// botocore's `_has_expires_shape` check: the raw `Expires` header when the
/// output has a member of shape `Expires` bound to that header.
fn s3_expires_header(
    service: &Service,
    output: ShapeRef<'_>,
    response: &HttpResponse,
) -> Option<String> {
    let has_shape = output.shape.members.values().any(|m| {
        m.shape == "Expires"
            && ShapeRef::resolve(service, m).ok().and_then(|r| r.name()) == Some("Expires")
    });
    if !has_shape {
        return None;
    }
    response.header("Expires").map(str::to_owned)
}

fn parse_output(
    service: &Service,
    operation: &Operation,
    output: ShapeRef<'_>,
    response: &HttpResponse,
    protocol: Protocol,
    skip_streaming: bool,
) -> Result<Value, ParseOutcome> {
    if protocol != Protocol::RestJson
        && protocol != Protocol::RestXml
        && has_event_stream_output(service, operation)
    {
        return Err(ParseError::EventStreamUnsupported(operation.name.clone()).into());
    }
    let map = match protocol {
        Protocol::Json => {
            let doc = rest::json_body(&response.body);
            return Ok(json::JsonParser {
                service,
                flavor: json::Flavor::Rpc,
            }
            .value(output, &doc)
            .map(|v| if v.is_null() { Value::empty_map() } else { v })?);
        }
        Protocol::RestJson => {
            rest::parse_into(service, output, response, rest::Codec::Json, skip_streaming)?
        }
        Protocol::RestXml => {
            rest::parse_into(service, output, response, rest::Codec::Xml, skip_streaming)?
        }
        Protocol::Query => {
            query::parse_output(service, operation, response, query::Dialect::Query)?
        }
        Protocol::Ec2 => query::parse_output(service, operation, response, query::Dialect::Ec2)?,
        Protocol::RpcV2Cbor => {
            if response.body.is_empty() {
                IndexMap::new()
            } else {
                let item = cbor::decode(&response.body).map_err(ParseError::Cbor)?;
                match (rpcv2_cbor::Parser { service }).value(output, &item)? {
                    Value::Map(m) => m,
                    _ => IndexMap::new(),
                }
            }
        }
    };
    Ok(Value::Map(map))
}

#[cfg(test)]
mod tests {
    use super::*;
    use awscli_model::store;

    fn map(entries: &[(&str, Value)]) -> Value {
        Value::Map(
            entries
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        )
    }

    fn s(text: &str) -> Value {
        Value::String(text.to_owned())
    }

    fn request(service: &str, op: &str, input: &Value) -> HttpRequest {
        let service = store::load(service).unwrap();
        let op = service.operation(op).unwrap();
        serialize_request(&service, op, input).unwrap()
    }

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    fn parse(service: &str, op: &str, resp: &HttpResponse) -> Result<Value, ParseOutcome> {
        let service = store::load(service).unwrap();
        let op = service.operation(op).unwrap();
        parse_response(&service, op, resp)
    }

    // Expected bytes below come from botocore 1.43.67 run on the same input.

    #[test]
    fn serialize_ec2_capitalizes_and_form_encodes_like_urlencode() {
        let input = map(&[
            (
                "Filters",
                Value::List(vec![map(&[
                    ("Name", s("tag:Name")),
                    ("Values", Value::List(vec![s("a b"), s("c*")])),
                ])]),
            ),
            ("InstanceIds", Value::List(vec![s("i-1")])),
            ("MaxResults", Value::Integer(5)),
        ]);
        let req = request("ec2", "DescribeInstances", &input);
        assert_eq!(
            String::from_utf8(req.body).unwrap(),
            "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=tag%3AName&Filter.1.Value.1=a+b&Filter.1.Value.2=c%2A&InstanceId.1=i-1&MaxResults=5"
        );
    }

    #[test]
    fn serialize_query_compatible_json_sets_query_mode() {
        let input = map(&[
            ("QueueUrl", s("u")),
            ("MessageBody", s("hé \"x\"")),
            ("DelaySeconds", Value::Integer(1)),
        ]);
        let req = request("sqs", "SendMessage", &input);
        assert_eq!(req.header("X-Amz-Target"), Some("AmazonSQS.SendMessage"));
        assert_eq!(req.header("x-amzn-query-mode"), Some("true"));
        assert_eq!(
            String::from_utf8(req.body).unwrap(),
            r#"{"QueueUrl": "u", "MessageBody": "h\u00e9 \"x\"", "DelaySeconds": 1}"#
        );
    }

    #[test]
    fn serialize_cloudwatch_resolves_json_from_protocols() {
        let ts = Value::Timestamp(awscli_model::Timestamp {
            seconds: 1_577_836_800,
            nanos: 0,
            offset: Some(0),
            wire: None,
        });
        let input = map(&[
            ("Namespace", s("n")),
            (
                "MetricData",
                Value::List(vec![map(&[
                    ("MetricName", s("m")),
                    ("Value", Value::Float(1.5)),
                    ("Timestamp", ts),
                ])]),
            ),
        ]);
        let req = request("cloudwatch", "PutMetricData", &input);
        assert_eq!(req.url_path, "/");
        assert_eq!(
            req.header("Content-Type"),
            Some("application/x-amz-json-1.0")
        );
        assert_eq!(
            String::from_utf8(req.body).unwrap(),
            r#"{"Namespace": "n", "MetricData": [{"MetricName": "m", "Value": 1.5, "Timestamp": 1577836800}]}"#
        );
    }

    #[test]
    fn serialize_s3_put_object_streams_body_and_encodes_key() {
        let ts = timestamp::parse_timestamp("2020-01-02T03:04:05.006Z").unwrap();
        let input = map(&[
            ("Bucket", s("b")),
            ("Key", s("a b/c+d")),
            ("Body", Value::Blob(b"hi".to_vec())),
            ("Metadata", map(&[("k", s("v"))])),
            ("Expires", Value::Timestamp(ts)),
        ]);
        let req = request("s3", "PutObject", &input);
        assert_eq!(req.method, "PUT");
        // botocore drops `/{Bucket}`: the endpoint carries the bucket.
        assert_eq!(req.url_path, "/a%20b/c%2Bd");
        assert_eq!(
            build_url("https://s3.us-east-1.amazonaws.com/b", &req),
            "https://s3.us-east-1.amazonaws.com/b/a%20b/c%2Bd"
        );
        assert_eq!(
            req.headers,
            vec![
                ("x-amz-meta-k".to_owned(), "v".to_owned()),
                (
                    "Expires".to_owned(),
                    "Thu, 02 Jan 2020 03:04:05 GMT".to_owned()
                ),
            ]
        );
        assert_eq!(req.body, b"hi");
    }

    #[test]
    fn serialize_s3_create_bucket_location_constraint_payload() {
        let input = map(&[
            ("Bucket", s("b")),
            (
                "CreateBucketConfiguration",
                map(&[("LocationConstraint", s("eu-west-1"))]),
            ),
        ]);
        let req = request("s3", "CreateBucket", &input);
        assert_eq!(req.url_path, "");
        assert_eq!(
            build_url("https://b.s3.amazonaws.com", &req),
            "https://b.s3.amazonaws.com/"
        );
        assert_eq!(
            String::from_utf8(req.body).unwrap(),
            r#"<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>"#
        );
    }

    #[test]
    fn serialize_s3_query_appends_to_request_uri_query() {
        let input = map(&[
            ("Bucket", s("b")),
            ("Prefix", s("a b")),
            ("MaxKeys", Value::Integer(3)),
            ("EncodingType", s("url")),
        ]);
        let req = request("s3", "ListObjectsV2", &input);
        assert_eq!(
            req.url_path,
            "?list-type=2&prefix=a%20b&max-keys=3&encoding-type=url"
        );
        assert_eq!(
            build_url("https://b.s3.amazonaws.com", &req),
            "https://b.s3.amazonaws.com/?list-type=2&prefix=a%20b&max-keys=3&encoding-type=url"
        );
    }

    #[test]
    fn serialize_route53_body_uses_input_location_name() {
        let record = map(&[
            ("Name", s("a.")),
            ("Type", s("A")),
            ("TTL", Value::Integer(60)),
            (
                "ResourceRecords",
                Value::List(vec![map(&[("Value", s("1.2.3.4"))])]),
            ),
        ]);
        let input = map(&[
            ("HostedZoneId", s("Z1")),
            (
                "ChangeBatch",
                map(&[(
                    "Changes",
                    Value::List(vec![map(&[
                        ("Action", s("CREATE")),
                        ("ResourceRecordSet", record),
                    ])]),
                )]),
            ),
        ]);
        let req = request("route53", "ChangeResourceRecordSets", &input);
        assert_eq!(req.url_path, "/2013-04-01/hostedzone/Z1/rrset/");
        assert_eq!(
            String::from_utf8(req.body).unwrap(),
            r#"<ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeBatch><Changes><Change><Action>CREATE</Action><ResourceRecordSet><Name>a.</Name><Type>A</Type><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>1.2.3.4</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></Change></Changes></ChangeBatch></ChangeResourceRecordSetsRequest>"#
        );
    }

    #[test]
    fn parse_s3_error_without_body_uses_status_and_reason() {
        let err = parse(
            "s3",
            "HeadObject",
            &response(404, &[("x-amz-request-id", "r1")], ""),
        )
        .unwrap_err();
        let ParseOutcome::Service(e) = err else {
            panic!("{err:?}")
        };
        assert_eq!(
            (e.code.as_str(), e.message.as_str(), e.status),
            ("404", "Not Found", 404)
        );
        assert_eq!(e.request_id.as_deref(), Some("r1"));
    }

    #[test]
    fn parse_s3_error_document_inside_200_is_an_error() {
        let body = "<?xml version=\"1.0\"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message><RequestId>x</RequestId></Error>";
        let err = parse("s3", "CompleteMultipartUpload", &response(200, &[], body)).unwrap_err();
        let ParseOutcome::Service(e) = err else {
            panic!("{err:?}")
        };
        assert_eq!((e.code.as_str(), e.status), ("InternalError", 500));
        assert_eq!(e.message, "We encountered an internal error.");
    }

    #[test]
    fn parse_s3_get_bucket_location_reads_bare_element() {
        let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>"#;
        let out = parse("s3", "GetBucketLocation", &response(200, &[], body)).unwrap();
        assert_eq!(out, map(&[("LocationConstraint", s("eu-west-1"))]));
        let empty = r#"<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>"#;
        let out = parse("s3", "GetBucketLocation", &response(200, &[], empty)).unwrap();
        assert_eq!(out, map(&[("LocationConstraint", Value::Null)]));
    }

    #[test]
    fn parse_s3_get_object_leaves_streaming_body_out() {
        let service = store::load("s3").unwrap();
        let op = service.operation("GetObject").unwrap();
        assert_eq!(streaming_output_member(&service, op), Some("Body"));
        let resp = response(
            200,
            &[
                ("Content-Length", "2"),
                ("Last-Modified", "Thu, 02 Jan 2020 03:04:05 GMT"),
                ("x-amz-meta-foo", "bar"),
                ("Accept-Ranges", "bytes"),
            ],
            "hi",
        );
        let out = parse_response(&service, op, &resp).unwrap();
        let keys: Vec<&str> = out.as_map().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["AcceptRanges", "LastModified", "ContentLength", "Metadata"]
        );
        let Some(Value::Timestamp(ts)) = out.get("LastModified") else {
            panic!()
        };
        assert_eq!(ts.seconds, 1_577_934_245);
        assert_eq!(ts.offset, Some(0));
        assert_eq!(
            ts.wire,
            Some(awscli_model::WireValue::Text(
                "Thu, 02 Jan 2020 03:04:05 GMT".to_owned()
            ))
        );
    }

    #[test]
    fn parse_s3_expires_adds_expires_string_and_drops_bad_dates() {
        let ok = response(200, &[("Expires", "Thu, 02 Jan 2020 03:04:05 GMT")], "");
        let out = parse("s3", "HeadObject", &ok).unwrap();
        let keys: Vec<&str> = out.as_map().unwrap().keys().map(String::as_str).collect();
        // A `headers` map member is always there, as in botocore.
        assert_eq!(keys, ["Expires", "Metadata", "ExpiresString"]);
        let bad = response(200, &[("Expires", "soon")], "");
        let out = parse("s3", "HeadObject", &bad).unwrap();
        assert_eq!(
            out,
            map(&[("Metadata", map(&[])), ("ExpiresString", s("soon"))])
        );
    }

    #[test]
    fn parse_ec2_error_reads_errors_element() {
        let body = "<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>The instance ID 'i-1' does not exist</Message></Error></Errors><RequestID>req</RequestID></Response>";
        let err = parse("ec2", "DescribeInstances", &response(400, &[], body)).unwrap_err();
        let ParseOutcome::Service(e) = err else {
            panic!("{err:?}")
        };
        assert_eq!(e.code, "InvalidInstanceID.NotFound");
        assert_eq!(e.message, "The instance ID 'i-1' does not exist");
        assert_eq!(e.request_id.as_deref(), Some("req"));
    }

    #[test]
    fn parse_query_compatible_error_uses_query_error_header() {
        let resp = response(
            400,
            &[(
                "x-amzn-query-error",
                "AWS.SimpleQueueService.NonExistentQueue;Sender",
            )],
            r#"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}"#,
        );
        let err = parse("sqs", "GetQueueUrl", &resp).unwrap_err();
        let ParseOutcome::Service(e) = err else {
            panic!("{err:?}")
        };
        assert_eq!(e.code, "AWS.SimpleQueueService.NonExistentQueue");
        assert_eq!(e.extra.get("QueryErrorCode"), Some(&s("QueueDoesNotExist")));
        assert_eq!(e.extra.get("Type"), Some(&s("Sender")));
    }

    #[test]
    fn parse_json_timestamp_keeps_wire_number() {
        let body = r#"{"Table":{"TableName":"t","CreationDateTime":1.795743167741E9}}"#;
        let out = parse("dynamodb", "DescribeTable", &response(200, &[], body)).unwrap();
        let Some(Value::Timestamp(ts)) = out.get("Table").and_then(|t| t.get("CreationDateTime"))
        else {
            panic!("{out:?}")
        };
        assert_eq!(ts.seconds, 1_795_743_167);
        assert_eq!(ts.offset, None);
        assert_eq!(
            ts.wire,
            Some(awscli_model::WireValue::Number(
                "1.795743167741E9".to_owned()
            ))
        );
    }

    #[test]
    fn fill_idempotency_tokens_only_fills_missing() {
        let service = store::load("ec2").unwrap();
        let op = service.operation("RunInstances").unwrap();
        let mut input = map(&[("MinCount", Value::Integer(1))]);
        fill_idempotency_tokens(&service, op, &mut input, &mut || [0u8; 16]).unwrap();
        assert_eq!(
            input.get("ClientToken"),
            Some(&s("00000000-0000-4000-8000-000000000000"))
        );
    }

    #[test]
    fn uuid_v4_sets_version_and_variant() {
        assert_eq!(uuid_v4([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
    }
}
