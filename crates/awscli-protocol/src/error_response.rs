//! Error responses: botocore's `_do_error_parse` per protocol (JSON
//! `__type` and `x-amzn-errortype`, query `<ErrorResponse>`, ec2
//! `<Response><Errors>`, rest-xml `<ErrorResponse>` and S3's bare `<Error>`,
//! CBOR `__type`), the generic and body-less errors (code = HTTP status,
//! message = reason phrase), the `awsQueryCompatible` code header, and the
//! modeled exception members botocore merges in
//! (`Endpoint._add_modeled_error_fields`).
//!
//! Specs: the error sections of the Smithy AWS protocol documents
//! (<https://smithy.io/2.0/aws/protocols/index.html>) and botocore
//! `parsers.py`.
use awscli_model::{Operation, Service, Value};
use indexmap::IndexMap;

use crate::error::ParseError;
use crate::shape_ref::ShapeRef;
use crate::{cbor, json, query, rest, rest_xml, rpcv2_cbor, xml};
use crate::{HttpResponse, Protocol, ServiceError};

/// The reason phrase of an HTTP status (Python's `http.client.responses`).
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        305 => "Use Proxy",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Request Entity Too Large",
        414 => "Request-URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Requested Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "I'm a Teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => "",
    }
}

/// An error with code = the status and message = its reason phrase
/// (`_do_generic_error_parse`, `_parse_error_from_http_status`).
fn status_error(response: &HttpResponse, status: u16) -> ServiceError {
    ServiceError {
        code: status.to_string(),
        message: reason_phrase(status).to_owned(),
        status,
        request_id: response.header("x-amz-request-id").map(str::to_owned),
        ..ServiceError::default()
    }
}

fn value_text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => rest_xml::python_str(other),
    }
}

/// `code` from a JSON or CBOR `__type`: drop a `:`-suffix (an URI) and a
/// `namespace#` prefix.
fn sanitize_code(code: &str) -> String {
    let code = code.split(':').next().unwrap_or(code);
    code.rsplit('#').next().unwrap_or(code).to_owned()
}

/// `_do_query_compatible_error_parse`: `x-amzn-query-error: Code;Type`.
fn apply_query_error_header(error: &mut ServiceError, response: &HttpResponse) {
    let Some(header) = response.header("x-amzn-query-error") else {
        return;
    };
    let parts: Vec<&str> = header.split(';').collect();
    if parts.len() == 2 && !parts[0].is_empty() {
        error.extra.insert(
            "QueryErrorCode".to_owned(),
            Value::String(error.code.clone()),
        );
        error
            .extra
            .insert("Type".to_owned(), Value::String(parts[1].to_owned()));
        error.code = parts[0].to_owned();
    }
}

pub(crate) fn parse_error(
    service: &Service,
    operation: &Operation,
    response: &HttpResponse,
    protocol: Protocol,
    status: u16,
) -> Result<ServiceError, ParseError> {
    let body = &response.body;
    let trimmed = body.trim_ascii();
    if status >= 500 && (trimmed.is_empty() || trimmed.starts_with(b"<html>")) {
        return Ok(status_error(response, status));
    }
    let mut error = ServiceError {
        status,
        ..ServiceError::default()
    };
    match protocol {
        Protocol::Json | Protocol::RestJson => {
            let doc = rest::json_body(body);
            error.message = value_text(
                doc.get("message")
                    .or_else(|| doc.get("Message"))
                    .map(json::json_to_value)
                    .as_ref(),
            );
            error.code = match doc.get("__type") {
                Some(json::Json::String(t)) => sanitize_code(t),
                Some(other) => rest_xml::python_str(&json::json_to_value(other)),
                None => status.to_string(),
            };
            apply_query_error_header(&mut error, response);
            if protocol == Protocol::RestJson {
                let code = match response.header("x-amzn-errortype") {
                    Some(h) => Some(h.to_owned()),
                    None => doc
                        .get("code")
                        .or_else(|| doc.get("Code"))
                        .map(|c| value_text(Some(&json::json_to_value(c)))),
                };
                if let Some(code) = code {
                    error.code = sanitize_code(&code);
                }
            }
            error.request_id = response.header("x-amzn-requestid").map(str::to_owned);
        }
        Protocol::RpcV2Cbor => {
            let doc = if body.is_empty() {
                cbor::Cbor::Map(Vec::new())
            } else {
                cbor::decode(body).map_err(ParseError::Cbor)?
            };
            let as_value = |c: Option<&cbor::Cbor>| c.map(rpcv2_cbor::cbor_to_value);
            error.message =
                value_text(as_value(doc.get("message").or_else(|| doc.get("Message"))).as_ref());
            error.code = match doc.get("__type") {
                Some(cbor::Cbor::Text(t)) => sanitize_code(t),
                _ => status.to_string(),
            };
            apply_query_error_header(&mut error, response);
            error.request_id = response.header("x-amzn-requestid").map(str::to_owned);
        }
        Protocol::Query | Protocol::Ec2 => {
            let mut fields = query::parse_error_document(body)?;
            error.code = value_text(fields.shift_remove("Code").as_ref());
            error.message = value_text(fields.shift_remove("Message").as_ref());
            error.extra = fields;
            if let Ok(root) = xml::parse_document(body) {
                let id = root
                    .children
                    .iter()
                    .find(|c| c.name == "RequestId" || c.name == "RequestID");
                error.request_id = id.map(|c| c.text_content().to_owned());
            }
        }
        Protocol::RestXml => {
            let parsed = if body.is_empty() {
                None
            } else {
                xml::parse_document(body).ok()
            };
            let Some(root) = parsed else {
                return Ok(status_error(response, status));
            };
            let mut fields = if root.name == "Error" {
                let mut all = rest_xml::replace_nodes(&root);
                all.shift_remove("RequestId");
                all.shift_remove("HostId");
                error.request_id = response
                    .header("x-amzn-requestid")
                    .or_else(|| response.header("x-amz-request-id"))
                    .map(str::to_owned);
                all
            } else {
                let mut all = rest_xml::replace_nodes(&root);
                if let Some(id) = all.shift_remove("RequestId") {
                    error.request_id = Some(value_text(Some(&id)));
                }
                match all.shift_remove("Error") {
                    Some(Value::Map(m)) => m,
                    _ => IndexMap::new(),
                }
            };
            error.code = value_text(fields.shift_remove("Code").as_ref());
            error.message = value_text(fields.shift_remove("Message").as_ref());
            error.extra = fields;
        }
    }
    if let Some(shape) = error_shape_for_code(service, operation, &error.code) {
        // As botocore, a modeled parse that fails leaves the code and
        // message standing.
        if let Ok(fields) = parse_modeled_error(service, shape, response, protocol) {
            error.fields = fields;
        }
    }
    Ok(error)
}

/// `ServiceModel.shape_for_error_code`: the exception shape whose
/// `error.code` (or name) is `code`. The operation's own errors are tried
/// first, then the shape named `code`, then every shape.
fn error_shape_for_code<'s>(
    service: &'s Service,
    operation: &'s Operation,
    code: &str,
) -> Option<&'s awscli_model::Shape> {
    let matches = |shape: &awscli_model::Shape| {
        shape.exception
            && shape
                .error
                .as_ref()
                .and_then(|e| e.code.as_deref())
                .filter(|c| !c.is_empty())
                .unwrap_or(&shape.name)
                == code
    };
    for e in &operation.errors {
        if let Ok(shape) = service.resolve(e) {
            if matches(shape) {
                return Some(shape);
            }
        }
    }
    if let Ok(shape) = service.shape(code) {
        if matches(shape) {
            return Some(shape);
        }
    }
    let mut names: Vec<&str> = service.shape_names().collect();
    names.sort_unstable();
    names
        .into_iter()
        .filter_map(|n| service.shape(n).ok())
        .find(|s| matches(s))
}

fn parse_modeled_error(
    service: &Service,
    shape: &awscli_model::Shape,
    response: &HttpResponse,
    protocol: Protocol,
) -> Result<IndexMap<String, Value>, ParseError> {
    let sref = ShapeRef {
        shape,
        member: None,
    };
    let as_map = |v: Value| match v {
        Value::Map(m) => m,
        _ => IndexMap::new(),
    };
    Ok(match protocol {
        Protocol::Json => as_map(
            json::JsonParser {
                service,
                flavor: json::Flavor::Rpc,
            }
            .value(sref, &rest::json_body(&response.body))?,
        ),
        Protocol::RestJson => rest::parse_into(service, sref, response, rest::Codec::Json, false)?,
        Protocol::RestXml => rest::parse_into(service, sref, response, rest::Codec::Xml, false)?,
        Protocol::Query | Protocol::Ec2 => {
            let dialect = if protocol == Protocol::Query {
                query::Dialect::Query
            } else {
                query::Dialect::Ec2
            };
            let root = xml::parse_document(&response.body)
                .map_err(|e| ParseError::xml(e, &response.body))?;
            as_map(
                rest_xml::XmlParser {
                    service,
                    error_root: query::error_root(dialect),
                }
                .value(sref, &rest_xml::Node::One(&root))?,
            )
        }
        Protocol::RpcV2Cbor => {
            if response.body.is_empty() {
                IndexMap::new()
            } else {
                let item = cbor::decode(&response.body).map_err(ParseError::Cbor)?;
                as_map((rpcv2_cbor::Parser { service }).value(sref, &item)?)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_code_strips_namespace_and_uri() {
        assert_eq!(
            sanitize_code("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/"),
            "FooError"
        );
    }
}
