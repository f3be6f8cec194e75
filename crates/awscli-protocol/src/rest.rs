//! The HTTP bindings shared by `rest-json` and `rest-xml`: URI labels,
//! query strings, headers, prefixed header maps, payload members, status
//! codes. The two differ only in the body codec.
//!
//! Spec: <https://smithy.io/2.0/spec/http-bindings.html>; behaviour follows
//! botocore `serialize.py` (`BaseRestSerializer`, `RestJSONSerializer`,
//! `RestXMLSerializer`) and `parsers.py` (`BaseRestParser`,
//! `RestJSONParser`, `RestXMLParser`).
use awscli_model::{Location, Operation, Service, ShapeType, Value};
use base64::Engine;
use indexmap::IndexMap;

use crate::error::{ParseError, SerializeError};
use crate::json::{self, Flavor, Json, JsonParser, JsonSerializer, Style};
use crate::rest_xml::{
    float_text, python_str, scalar_from_text, ErrorRoot, Node, XmlParser, XmlSerializer,
};
use crate::shape_ref::{list_member, ShapeRef};
use crate::timestamp::{self, Format, Precision};
use crate::uri::{self, QueryValue};
use crate::{HttpRequest, HttpResponse};

/// The body codec of a rest protocol.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Codec {
    Json,
    Xml,
}

/// `_get_uri_and_query_string_value`.
fn uri_value(
    sref: ShapeRef<'_>,
    value: &Value,
    path: &str,
    precision: Precision,
) -> Result<String, SerializeError> {
    Ok(match sref.kind() {
        ShapeType::Boolean => python_str(value).to_ascii_lowercase(),
        ShapeType::Timestamp => {
            let ts = timestamp::timestamp_from_value(value).ok_or_else(|| {
                SerializeError::InvalidTimestamp {
                    path: path.to_owned(),
                    value: python_str(value),
                }
            })?;
            let format = sref
                .timestamp_format()
                .and_then(Format::from_model)
                .unwrap_or(Format::Iso8601);
            timestamp::format_text(&ts, format, precision)
        }
        ShapeType::Float | ShapeType::Double => float_text(value),
        _ => python_str(value),
    })
}

/// `_convert_header_value`.
fn header_value(
    service: &Service,
    sref: ShapeRef<'_>,
    value: &Value,
    path: &str,
    precision: Precision,
) -> Result<String, SerializeError> {
    Ok(match sref.kind() {
        ShapeType::Timestamp => {
            let mut ts = timestamp::timestamp_from_value(value).ok_or_else(|| {
                SerializeError::InvalidTimestamp {
                    path: path.to_owned(),
                    value: python_str(value),
                }
            })?;
            // botocore goes through `calendar.timegm`, dropping the fraction.
            ts.nanos = 0;
            let format = sref
                .timestamp_format()
                .and_then(Format::from_model)
                .unwrap_or(Format::Rfc822);
            timestamp::format_text(&ts, format, precision)
        }
        ShapeType::List => {
            let member = list_member(service, sref.shape)?;
            let items = value.as_list().ok_or_else(|| SerializeError::InvalidType {
                path: path.to_owned(),
                expected: "list",
            })?;
            let mut parts = Vec::with_capacity(items.len());
            for item in items.iter().filter(|v| !v.is_null()) {
                if member.kind() == ShapeType::String {
                    let s = python_str(item);
                    if s.contains('"') || s.contains(',') {
                        parts.push(format!("\"{}\"", s.replace('"', "\\\"")));
                    } else {
                        parts.push(s);
                    }
                } else {
                    parts.push(header_value(service, member, item, path, precision)?);
                }
            }
            parts.join(",")
        }
        _ if sref.jsonvalue() => json::base64_encode(
            json::write_json(&json::value_to_json(value), Style::Compact).as_bytes(),
        ),
        ShapeType::Boolean => python_str(value).to_ascii_lowercase(),
        ShapeType::Float | ShapeType::Double => float_text(value),
        _ => python_str(value),
    })
}

pub(crate) fn serialize(
    service: &Service,
    operation: &Operation,
    input: &Value,
    codec: Codec,
    precision: Precision,
    host_prefix: Option<String>,
    request_uri: &str,
) -> Result<HttpRequest, SerializeError> {
    let mut request = HttpRequest {
        method: if operation.http.method.is_empty() {
            "POST".to_owned()
        } else {
            operation.http.method.clone()
        },
        host_prefix,
        ..HttpRequest::default()
    };
    let Some(input_ref) = crate::shape_ref::input_ref(service, operation)? else {
        request.url_path = request_uri.to_owned();
        return Ok(request);
    };
    let empty = IndexMap::new();
    let params = match input {
        Value::Map(m) => m,
        Value::Null => &empty,
        _ => {
            return Err(SerializeError::InvalidType {
                path: "input".to_owned(),
                expected: "dict",
            })
        }
    };
    let mut labels: IndexMap<String, String> = IndexMap::new();
    let mut query: IndexMap<String, QueryValue> = IndexMap::new();
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut body_params: IndexMap<String, Value> = IndexMap::new();
    let set_header =
        |headers: &mut Vec<(String, String)>, name: String, value: String| match headers
            .iter_mut()
            .find(|(k, _)| *k == name)
        {
            Some(slot) => slot.1 = value,
            None => headers.push((name, value)),
        };
    for (name, value) in params {
        if value.is_null() {
            continue;
        }
        let member =
            input_ref
                .shape
                .members
                .get(name)
                .ok_or_else(|| SerializeError::UnknownParameter {
                    path: "input".to_owned(),
                    name: name.clone(),
                })?;
        let mref = ShapeRef::resolve(service, member)?;
        let key = mref.name().unwrap_or(name).to_owned();
        match mref.location() {
            Some(Location::Uri) => {
                labels.insert(key, uri_value(mref, value, name, precision)?);
            }
            Some(Location::Querystring) => match (mref.kind(), value) {
                (ShapeType::Map, Value::Map(map)) => {
                    for (k, v) in map {
                        let qv = match v {
                            Value::List(items) => {
                                QueryValue::Many(items.iter().map(python_str).collect())
                            }
                            other => QueryValue::One(python_str(other)),
                        };
                        query.insert(k.clone(), qv);
                    }
                }
                (ShapeType::List, Value::List(items)) => {
                    let member_ref = list_member(service, mref.shape)?;
                    let values = items
                        .iter()
                        .map(|v| uri_value(member_ref, v, name, precision))
                        .collect::<Result<Vec<_>, _>>()?;
                    query.insert(key, QueryValue::Many(values));
                }
                _ => {
                    query.insert(
                        key,
                        QueryValue::One(uri_value(mref, value, name, precision)?),
                    );
                }
            },
            Some(Location::Header) => {
                if mref.kind() == ShapeType::List
                    && value.as_list().is_some_and(<[Value]>::is_empty)
                {
                    continue;
                }
                let v = header_value(service, mref, value, name, precision)?;
                set_header(&mut headers, key, v);
            }
            Some(Location::Headers) => {
                let map = value.as_map().ok_or_else(|| SerializeError::InvalidType {
                    path: name.clone(),
                    expected: "dict",
                })?;
                for (k, v) in map {
                    set_header(&mut headers, format!("{key}{k}"), python_str(v));
                }
            }
            Some(Location::StatusCode) | None => {
                body_params.insert(name.clone(), value.clone());
            }
        }
    }
    let mut url = uri::render_uri_template(request_uri, &labels)?;
    let encoded = uri::encode_query(&query);
    if !encoded.is_empty() {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&encoded);
    }
    request.url_path = url;
    request.headers = headers;

    // The payload.
    let payload = input_ref.shape.payload.as_deref();
    let payload_ref = match payload {
        Some(p) => {
            let member = input_ref.shape.members.get(p).ok_or_else(|| {
                crate::error::ModelLookup::Malformed(format!("payload member {p} is not a member"))
            })?;
            Some(ShapeRef::resolve(service, member)?)
        }
        None => None,
    };
    let streaming =
        payload_ref.is_some_and(|r| matches!(r.kind(), ShapeType::Blob | ShapeType::String));
    let json_ser = JsonSerializer { service, precision };
    let xml_ser = XmlSerializer { service, precision };
    if streaming {
        let name = payload.expect("streaming implies a payload member");
        request.body = match params.get(name) {
            Some(Value::Blob(b)) => b.clone(),
            Some(Value::String(s)) => s.as_bytes().to_vec(),
            Some(Value::Null) | None => Vec::new(),
            Some(other) => python_str(other).into_bytes(),
        };
    } else if let (Some(name), Some(pref)) = (payload, payload_ref) {
        match params.get(name) {
            Some(v) if !v.is_null() => {
                request.body = match codec {
                    Codec::Json => json::write_json(&json_ser.value(pref, v, name)?, Style::Python)
                        .into_bytes(),
                    Codec::Xml => {
                        let root = pref.name().unwrap_or(name);
                        xml_ser.document(pref, v, root)?.into_bytes()
                    }
                };
            }
            _ => {
                if codec == Codec::Json {
                    request.body = b"{}".to_vec();
                }
            }
        }
    } else if !body_params.is_empty() {
        request.body = match codec {
            Codec::Json => json::write_json(
                &json_ser.structure(input_ref, &body_params, "input")?,
                Style::Python,
            )
            .into_bytes(),
            Codec::Xml => {
                let root = input_ref.name().ok_or_else(|| {
                    crate::error::ModelLookup::Malformed(format!(
                        "input shape {} has body members but no locationName",
                        input_ref.shape.name
                    ))
                })?;
                xml_ser
                    .document(input_ref, &Value::Map(body_params), root)?
                    .into_bytes()
            }
        };
    } else if codec == Codec::Json {
        let has_body_members = input_ref
            .shape
            .members
            .values()
            .any(|m| m.location.is_none());
        if has_body_members {
            request.body = b"{}".to_vec();
        }
    }
    if codec == Codec::Json
        && !streaming
        && !request.body.is_empty()
        && request.header("Content-Type").is_none()
    {
        request
            .headers
            .push(("Content-Type".to_owned(), "application/json".to_owned()));
    }
    Ok(request)
}

/// A header value parsed as its member shape (`_parse_shape` on a string).
fn parse_header(
    service: &Service,
    sref: ShapeRef<'_>,
    text: &str,
    codec: Codec,
) -> Result<Value, ParseError> {
    match sref.kind() {
        ShapeType::List => {
            let member = list_member(service, sref.shape)?;
            text.split(',')
                .map(|item| parse_header(service, member, item.trim(), codec))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::List)
        }
        ShapeType::String if sref.jsonvalue() => {
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(text.trim())
                .map_err(|e| {
                    ParseError::InvalidValue(format!("invalid base64 jsonvalue header: {e}"))
                })?;
            let text = String::from_utf8(decoded).map_err(|e| {
                ParseError::InvalidValue(format!("jsonvalue header is not UTF-8: {e}"))
            })?;
            let parsed = json::parse_json(&text).map_err(ParseError::Json)?;
            Ok(json::json_to_value(&parsed))
        }
        ShapeType::Boolean if codec == Codec::Json => {
            Ok(Value::Bool(text.eq_ignore_ascii_case("true")))
        }
        _ => scalar_from_text(sref, text),
    }
}

/// Parses a successful (or modeled error) response into the structure
/// `sref`: located members first, then the body, as botocore's dict is
/// built (the CLI prints in that order).
pub(crate) fn parse_into(
    service: &Service,
    sref: ShapeRef<'_>,
    response: &HttpResponse,
    codec: Codec,
    skip_streaming: bool,
) -> Result<IndexMap<String, Value>, ParseError> {
    let mut out = IndexMap::new();
    for (name, member) in &sref.shape.members {
        let mref = ShapeRef::resolve(service, member)?;
        match mref.location() {
            Some(Location::StatusCode) => {
                out.insert(name.clone(), Value::Integer(i64::from(response.status)));
            }
            Some(Location::Headers) => {
                let prefix = mref.name().unwrap_or("").to_ascii_lowercase();
                let mut map = IndexMap::new();
                for (k, v) in &response.headers {
                    if k.to_ascii_lowercase().starts_with(&prefix) {
                        map.insert(k[prefix.len()..].to_owned(), Value::String(v.clone()));
                    }
                }
                out.insert(name.clone(), Value::Map(map));
            }
            Some(Location::Header) => {
                let header = mref.name().unwrap_or(name);
                if let Some(v) = response.header(header) {
                    out.insert(name.clone(), parse_header(service, mref, v, codec)?);
                }
            }
            _ => {}
        }
    }
    let body = &response.body;
    match sref.shape.payload.as_deref() {
        Some(payload) => {
            let member = sref.shape.members.get(payload).ok_or_else(|| {
                crate::error::ModelLookup::Malformed(format!("payload {payload} is not a member"))
            })?;
            let pref = ShapeRef::resolve(service, member)?;
            if pref.eventstream() {
                return Err(ParseError::EventStreamUnsupported(sref.shape.name.clone()));
            }
            match pref.kind() {
                // botocore hands every blob payload over as a stream
                // (`OperationModel.has_streaming_output`).
                ShapeType::Blob if skip_streaming => {}
                ShapeType::Blob => {
                    out.insert(payload.to_owned(), Value::Blob(body.clone()));
                }
                ShapeType::String => {
                    out.insert(
                        payload.to_owned(),
                        Value::String(String::from_utf8_lossy(body).into_owned()),
                    );
                }
                _ => {
                    let parsed = match codec {
                        Codec::Json => {
                            let doc = json_body(body);
                            JsonParser {
                                service,
                                flavor: Flavor::Rest,
                            }
                            .value(pref, &doc)?
                        }
                        Codec::Xml => {
                            if body.is_empty() {
                                // An empty element, as botocore's `ETree.Element('')`.
                                Value::Map(IndexMap::new())
                            } else {
                                let root = crate::xml::parse_document(body)
                                    .map_err(|e| ParseError::xml(e, body))?;
                                XmlParser {
                                    service,
                                    error_root: ErrorRoot::ErrorResponse,
                                }
                                .value(pref, &Node::One(&root))?
                            }
                        }
                    };
                    out.insert(payload.to_owned(), parsed);
                }
            }
        }
        None => {
            let parsed = match codec {
                Codec::Json => {
                    let doc = json_body(body);
                    JsonParser {
                        service,
                        flavor: Flavor::Rest,
                    }
                    .value(sref, &doc)?
                }
                Codec::Xml => {
                    if body.is_empty() {
                        Value::Map(IndexMap::new())
                    } else {
                        let root = crate::xml::parse_document(body)
                            .map_err(|e| ParseError::xml(e, body))?;
                        XmlParser {
                            service,
                            error_root: ErrorRoot::ErrorResponse,
                        }
                        .value(sref, &Node::One(&root))?
                    }
                }
            };
            if let Value::Map(m) = parsed {
                out.extend(m);
            }
        }
    }
    Ok(out)
}

/// `_parse_body_as_json`: empty is `{}`, and a body that is not JSON
/// becomes `{"message": <body>}`.
pub(crate) fn json_body(body: &[u8]) -> Json {
    if body.is_empty() {
        return Json::Object(Vec::new());
    }
    let text = String::from_utf8_lossy(body);
    json::parse_json(&text).unwrap_or_else(|_| {
        Json::Object(vec![(
            "message".to_owned(),
            Json::String(text.into_owned()),
        )])
    })
}
