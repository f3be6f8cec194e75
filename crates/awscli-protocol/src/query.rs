//! The `query` and `ec2` protocols: requests are form-encoded
//! `Action=...&Version=...` bodies, responses XML.
//!
//! Specs: <https://smithy.io/2.0/aws/protocols/aws-query-protocol.html>,
//! <https://smithy.io/2.0/aws/protocols/aws-ec2-query-protocol.html>;
//! behaviour follows botocore `serialize.py` (`QuerySerializer`,
//! `EC2Serializer`) and `parsers.py` (`QueryParser`, `EC2QueryParser`).
use awscli_model::{Operation, Service, ShapeType, Value};
use indexmap::IndexMap;

use crate::error::{ParseError, SerializeError};
use crate::json::{base64_encode, blob_bytes};
use crate::rest_xml::{float_text, python_str, replace_nodes, ErrorRoot, Node, XmlParser};
use crate::shape_ref::{list_member, map_key_value, ShapeRef};
use crate::timestamp::{self, Format, Precision};
use crate::{HttpRequest, HttpResponse};

/// `query` or `ec2`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Query,
    Ec2,
}

struct Serializer<'s> {
    service: &'s Service,
    dialect: Dialect,
    precision: Precision,
}

impl Serializer<'_> {
    /// `_get_serialized_name`; ec2 prefers `queryName`, then a capitalized
    /// `locationName`.
    fn serialized_name<'a>(&self, sref: ShapeRef<'a>, default: &'a str) -> String {
        match self.dialect {
            Dialect::Query => sref.name().unwrap_or(default).to_owned(),
            Dialect::Ec2 => {
                if let Some(q) = sref.query_name() {
                    q.to_owned()
                } else if let Some(name) = sref.name() {
                    let mut chars = name.chars();
                    match chars.next() {
                        Some(first) => first.to_uppercase().chain(chars).collect(),
                        None => String::new(),
                    }
                } else {
                    default.to_owned()
                }
            }
        }
    }

    fn serialize(
        &self,
        out: &mut Vec<(String, String)>,
        value: &Value,
        sref: ShapeRef<'_>,
        prefix: &str,
    ) -> Result<(), SerializeError> {
        match sref.kind() {
            ShapeType::Structure => {
                let map = value.as_map().ok_or_else(|| SerializeError::InvalidType {
                    path: prefix.to_owned(),
                    expected: "dict",
                })?;
                for (key, v) in map {
                    if v.is_null() {
                        continue;
                    }
                    let member = sref.shape.members.get(key).ok_or_else(|| {
                        SerializeError::UnknownParameter {
                            path: if prefix.is_empty() {
                                "input".to_owned()
                            } else {
                                prefix.to_owned()
                            },
                            name: key.clone(),
                        }
                    })?;
                    let mref = ShapeRef::resolve(self.service, member)?;
                    let name = self.serialized_name(mref, key);
                    let member_prefix = if prefix.is_empty() {
                        name
                    } else {
                        format!("{prefix}.{name}")
                    };
                    self.serialize(out, v, mref, &member_prefix)?;
                }
            }
            ShapeType::List => {
                let items = value.as_list().ok_or_else(|| SerializeError::InvalidType {
                    path: prefix.to_owned(),
                    expected: "list",
                })?;
                let member = list_member(self.service, sref.shape)?;
                let list_prefix = match self.dialect {
                    Dialect::Ec2 => prefix.to_owned(),
                    Dialect::Query => {
                        if items.is_empty() {
                            // The query protocol sends empty lists as `Foo=`.
                            set(out, prefix.to_owned(), String::new());
                            return Ok(());
                        }
                        if sref.flattened() {
                            match member.name() {
                                Some(name) => match prefix.rsplit_once('.') {
                                    Some((head, _)) => format!("{head}.{name}"),
                                    None => name.to_owned(),
                                },
                                None => prefix.to_owned(),
                            }
                        } else {
                            format!("{prefix}.{}", member.name().unwrap_or("member"))
                        }
                    }
                };
                for (i, item) in items.iter().enumerate() {
                    self.serialize(out, item, member, &format!("{list_prefix}.{}", i + 1))?;
                }
            }
            ShapeType::Map => {
                let map = value.as_map().ok_or_else(|| SerializeError::InvalidType {
                    path: prefix.to_owned(),
                    expected: "dict",
                })?;
                let full_prefix = if sref.flattened() {
                    prefix.to_owned()
                } else {
                    format!("{prefix}.entry")
                };
                let (key_ref, value_ref) = map_key_value(self.service, sref.shape)?;
                let key_suffix = self.serialized_name(key_ref, "key");
                let value_suffix = self.serialized_name(value_ref, "value");
                for (i, (k, v)) in map.iter().enumerate() {
                    let i = i + 1;
                    self.serialize(
                        out,
                        &Value::String(k.clone()),
                        key_ref,
                        &format!("{full_prefix}.{i}.{key_suffix}"),
                    )?;
                    self.serialize(
                        out,
                        v,
                        value_ref,
                        &format!("{full_prefix}.{i}.{value_suffix}"),
                    )?;
                }
            }
            ShapeType::Blob => set(
                out,
                prefix.to_owned(),
                base64_encode(blob_bytes(value, prefix)?),
            ),
            ShapeType::Timestamp => {
                let ts = timestamp::timestamp_from_value(value).ok_or_else(|| {
                    SerializeError::InvalidTimestamp {
                        path: prefix.to_owned(),
                        value: python_str(value),
                    }
                })?;
                let format = sref
                    .timestamp_format()
                    .and_then(Format::from_model)
                    .unwrap_or(Format::Iso8601);
                set(
                    out,
                    prefix.to_owned(),
                    timestamp::format_text(&ts, format, self.precision),
                );
            }
            ShapeType::Boolean => {
                let truthy = match value {
                    Value::Bool(b) => *b,
                    Value::String(s) => !s.is_empty(),
                    Value::Integer(i) => *i != 0,
                    _ => true,
                };
                set(
                    out,
                    prefix.to_owned(),
                    if truthy { "true" } else { "false" }.to_owned(),
                );
            }
            ShapeType::Float | ShapeType::Double => set(out, prefix.to_owned(), float_text(value)),
            _ => set(out, prefix.to_owned(), python_str(value)),
        }
        Ok(())
    }
}

/// Assigning a key of botocore's body dict: a repeated key keeps its place.
fn set(out: &mut Vec<(String, String)>, key: String, value: String) {
    match out.iter_mut().find(|(k, _)| *k == key) {
        Some(slot) => slot.1 = value,
        None => out.push((key, value)),
    }
}

/// The form pairs of a query/ec2 request, `Action` and `Version` first.
pub(crate) fn form_pairs(
    service: &Service,
    operation: &Operation,
    input: &Value,
    dialect: Dialect,
    precision: Precision,
) -> Result<Vec<(String, String)>, SerializeError> {
    let mut pairs = vec![
        ("Action".to_owned(), operation.name.clone()),
        ("Version".to_owned(), service.metadata.api_version.clone()),
    ];
    if let Some(input_ref) = crate::shape_ref::input_ref(service, operation)? {
        let serializer = Serializer {
            service,
            dialect,
            precision,
        };
        let empty = Value::empty_map();
        let input = if input.is_null() { &empty } else { input };
        serializer.serialize(&mut pairs, input, input_ref, "")?;
    }
    Ok(pairs)
}

pub(crate) fn serialize(
    service: &Service,
    operation: &Operation,
    input: &Value,
    dialect: Dialect,
    precision: Precision,
    host_prefix: Option<String>,
) -> Result<HttpRequest, SerializeError> {
    let pairs = form_pairs(service, operation, input, dialect, precision)?;
    Ok(HttpRequest {
        method: if operation.http.method.is_empty() {
            "POST".to_owned()
        } else {
            operation.http.method.clone()
        },
        url_path: "/".to_owned(),
        headers: vec![(
            "Content-Type".to_owned(),
            "application/x-www-form-urlencoded; charset=utf-8".to_owned(),
        )],
        body: crate::uri::encode_form(&pairs).into_bytes(),
        host_prefix,
    })
}

/// Parses a successful response. Query outputs sit in `<{Operation}Result>`
/// (every query operation's `resultWrapper` in botocore's models is that
/// name); ec2 outputs are the document element itself.
pub(crate) fn parse_output(
    service: &Service,
    operation: &Operation,
    response: &HttpResponse,
    dialect: Dialect,
) -> Result<IndexMap<String, Value>, ParseError> {
    // botocore parses the document even when there is no output shape, so
    // a malformed body fails either way.
    let root = crate::xml::parse_document(&response.body)
        .map_err(|e| ParseError::xml(e, &response.body))?;
    let Some(output) = crate::shape_ref::output_ref(service, operation)? else {
        return Ok(IndexMap::new());
    };
    let start = match dialect {
        Dialect::Query => {
            let wrapper = format!("{}Result", operation.name);
            root.children
                .iter()
                .find(|c| c.name == wrapper)
                .unwrap_or(&root)
        }
        Dialect::Ec2 => &root,
    };
    let parser = XmlParser {
        service,
        error_root: error_root(dialect),
    };
    match parser.value(output, &Node::One(start))? {
        Value::Map(m) => Ok(m),
        _ => Ok(IndexMap::new()),
    }
}

pub(crate) fn error_root(dialect: Dialect) -> ErrorRoot {
    match dialect {
        Dialect::Query => ErrorRoot::ErrorResponse,
        Dialect::Ec2 => ErrorRoot::Ec2,
    }
}

/// `QueryParser._do_error_parse`: the whole document as nested text, with
/// `Errors` (ec2) flattened into it. Returns the `Error` map.
pub(crate) fn parse_error_document(body: &[u8]) -> Result<IndexMap<String, Value>, ParseError> {
    let root = crate::xml::parse_document(body).map_err(|e| ParseError::xml(e, body))?;
    let mut parsed = replace_nodes(&root);
    if let Some(Value::Map(errors)) = parsed.shift_remove("Errors") {
        parsed.extend(errors);
    }
    Ok(match parsed.shift_remove("Error") {
        Some(Value::Map(m)) => m,
        _ => IndexMap::new(),
    })
}
