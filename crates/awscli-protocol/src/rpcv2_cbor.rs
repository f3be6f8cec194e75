//! The `smithy-rpc-v2-cbor` protocol: `POST /service/{target}/operation/{op}`
//! with a CBOR body.
//!
//! Spec: <https://smithy.io/2.0/additional-specs/protocols/smithy-rpc-v2.html>;
//! behaviour follows botocore `serialize.py` (`RpcV2CBORSerializer`) and
//! `parsers.py` (`RpcV2CBORParser`).
use awscli_model::{Operation, Service, ShapeType, Value, WireValue};
use indexmap::IndexMap;

use crate::cbor::{self, Cbor};
use crate::error::{ParseError, SerializeError};
use crate::json::{blob_bytes, python_float_repr};
use crate::shape_ref::{list_member, map_key_value, ShapeRef};
use crate::timestamp::{self, Precision};
use crate::HttpRequest;

struct Serializer<'s> {
    service: &'s Service,
    precision: Precision,
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        Value::String(s) => crate::json::parse_python_float(s).ok(),
        _ => None,
    }
}

impl Serializer<'_> {
    fn item(
        &self,
        out: &mut Vec<u8>,
        sref: ShapeRef<'_>,
        value: &Value,
        path: &str,
    ) -> Result<(), SerializeError> {
        let invalid = |expected| SerializeError::InvalidType {
            path: path.to_owned(),
            expected,
        };
        match sref.kind() {
            ShapeType::Structure => {
                let map = value.as_map().ok_or_else(|| invalid("dict"))?;
                let present: Vec<_> = map.iter().filter(|(_, v)| !v.is_null()).collect();
                cbor::write_head(out, 5, present.len() as u64);
                for (key, v) in present {
                    let member = sref.shape.members.get(key).ok_or_else(|| {
                        SerializeError::UnknownParameter {
                            path: path.to_owned(),
                            name: key.clone(),
                        }
                    })?;
                    let mref = ShapeRef::resolve(self.service, member)?;
                    cbor::write_text(out, mref.name().unwrap_or(key));
                    self.item(out, mref, v, &format!("{path}.{key}"))?;
                }
            }
            ShapeType::List => {
                let items = value.as_list().ok_or_else(|| invalid("list"))?;
                let member = list_member(self.service, sref.shape)?;
                cbor::write_head(out, 4, items.len() as u64);
                for (i, item) in items.iter().enumerate() {
                    self.item(out, member, item, &format!("{path}[{i}]"))?;
                }
            }
            ShapeType::Map => {
                let map = value.as_map().ok_or_else(|| invalid("dict"))?;
                let (_, value_ref) = map_key_value(self.service, sref.shape)?;
                cbor::write_head(out, 5, map.len() as u64);
                for (k, v) in map {
                    cbor::write_text(out, k);
                    self.item(out, value_ref, v, &format!("{path}.{k}"))?;
                }
            }
            ShapeType::Timestamp => {
                let ts = timestamp::timestamp_from_value(value).ok_or_else(|| {
                    SerializeError::InvalidTimestamp {
                        path: path.to_owned(),
                        value: format!("{value:?}"),
                    }
                })?;
                cbor::write_head(out, 6, 1);
                match timestamp::format_unix(&ts, self.precision) {
                    timestamp::EpochNumber::Integer(i) => cbor::write_int(out, i),
                    timestamp::EpochNumber::Float(f) => cbor::write_f64(out, f),
                }
            }
            ShapeType::Blob => cbor::write_bytes(out, blob_bytes(value, path)?),
            ShapeType::Boolean => match value {
                Value::Bool(b) => cbor::write_bool(out, *b),
                _ => return Err(invalid("bool")),
            },
            ShapeType::Float => {
                cbor::write_f32(out, number(value).ok_or_else(|| invalid("float"))?)
            }
            ShapeType::Double | ShapeType::Bigdecimal => {
                cbor::write_f64(out, number(value).ok_or_else(|| invalid("float"))?)
            }
            ShapeType::Integer
            | ShapeType::Long
            | ShapeType::Short
            | ShapeType::Byte
            | ShapeType::Biginteger => match value {
                Value::Integer(i) => cbor::write_int(out, *i),
                Value::Float(f) if f.fract() == 0.0 => cbor::write_int(out, *f as i64),
                _ => return Err(invalid("int")),
            },
            _ => match value {
                Value::String(s) => cbor::write_text(out, s),
                other => cbor::write_text(out, &crate::rest_xml::python_str(other)),
            },
        }
        Ok(())
    }
}

pub(crate) fn serialize(
    service: &Service,
    operation: &Operation,
    input: &Value,
    precision: Precision,
    host_prefix: Option<String>,
) -> Result<HttpRequest, SerializeError> {
    let target = service
        .metadata
        .target_prefix
        .as_deref()
        .unwrap_or_default();
    let mut request = HttpRequest {
        method: "POST".to_owned(),
        url_path: format!("/service/{target}/operation/{}", operation.name),
        host_prefix,
        ..HttpRequest::default()
    };
    if let Some(input_ref) = crate::shape_ref::input_ref(service, operation)? {
        let empty = Value::empty_map();
        let input = if input.is_null() { &empty } else { input };
        Serializer { service, precision }.item(&mut request.body, input_ref, input, "input")?;
    }
    request
        .headers
        .push(("smithy-protocol".to_owned(), "rpc-v2-cbor".to_owned()));
    if crate::is_query_compatible(service) {
        request
            .headers
            .push(("x-amzn-query-mode".to_owned(), "true".to_owned()));
    }
    let content_type = if crate::has_event_stream_output(service, operation) {
        "application/vnd.amazon.eventstream"
    } else {
        "application/cbor"
    };
    request
        .headers
        .push(("Accept".to_owned(), content_type.to_owned()));
    if !request.body.is_empty() {
        request
            .headers
            .push(("Content-Type".to_owned(), content_type.to_owned()));
    }
    Ok(request)
}

fn cbor_number_text(item: &Cbor) -> Option<String> {
    Some(match item {
        Cbor::Unsigned(u) => u.to_string(),
        Cbor::Negative(n) => (-1 - i128::from(*n)).to_string(),
        Cbor::Float(f) => python_float_repr(*f),
        _ => return None,
    })
}

/// CBOR to [`Value`] with no shape.
pub(crate) fn cbor_to_value(item: &Cbor) -> Value {
    match item {
        Cbor::Unsigned(u) => i64::try_from(*u).map_or(Value::Float(*u as f64), Value::Integer),
        Cbor::Negative(n) => {
            i64::try_from(*n).map_or(Value::Float(-1.0 - *n as f64), |n| Value::Integer(-1 - n))
        }
        Cbor::Bytes(b) => Value::Blob(b.clone()),
        Cbor::Text(t) => Value::String(t.clone()),
        Cbor::Array(items) => Value::List(items.iter().map(cbor_to_value).collect()),
        Cbor::Map(entries) => {
            let mut map = IndexMap::new();
            for (k, v) in entries {
                if v.is_null() {
                    continue;
                }
                let key = match k {
                    Cbor::Text(t) => t.clone(),
                    other => format!("{:?}", cbor_to_value(other)),
                };
                map.insert(key, cbor_to_value(v));
            }
            Value::Map(map)
        }
        Cbor::Tag(1, inner) => timestamp_value(inner).unwrap_or(Value::Null),
        Cbor::Tag(_, inner) => cbor_to_value(inner),
        Cbor::Bool(b) => Value::Bool(*b),
        Cbor::Null | Cbor::Undefined => Value::Null,
        Cbor::Float(f) => Value::Float(*f),
    }
}

fn timestamp_value(item: &Cbor) -> Option<Value> {
    let text = cbor_number_text(item)?;
    let mut ts = match item {
        Cbor::Float(f) => awscli_model::Timestamp::from_epoch_f64(*f),
        _ => timestamp::epoch_from_decimal_text(&text)?,
    };
    ts.wire = Some(WireValue::Number(text));
    Some(Value::Timestamp(ts))
}

pub(crate) struct Parser<'s> {
    pub service: &'s Service,
}

impl Parser<'_> {
    pub fn value(&self, sref: ShapeRef<'_>, item: &Cbor) -> Result<Value, ParseError> {
        if item.is_null() {
            return Ok(Value::Null);
        }
        match (sref.kind(), item) {
            (ShapeType::Structure, Cbor::Map(entries)) if !sref.is_document() => {
                let present = entries.iter().filter(|(_, v)| !v.is_null());
                if sref.shape.union {
                    let keys: Vec<(&str, bool)> = present
                        .clone()
                        .filter_map(|(k, _)| match k {
                            Cbor::Text(t) => Some((t.as_str(), false)),
                            _ => None,
                        })
                        .collect();
                    // botocore's rpc-v2 parser only checks the count.
                    let count = keys.iter().filter(|(k, _)| *k != "__type").count();
                    if count != 1 {
                        return Err(ParseError::InvalidValue(format!(
                            "{} must have one and only one member set.",
                            sref.shape.name
                        )));
                    }
                }
                let mut map = IndexMap::new();
                for (name, member) in &sref.shape.members {
                    if let Some(v) = item.get(name).filter(|v| !v.is_null()) {
                        let mref = ShapeRef::resolve(self.service, member)?;
                        map.insert(name.clone(), self.value(mref, v)?);
                    }
                }
                Ok(Value::Map(map))
            }
            (ShapeType::List, Cbor::Array(items)) => {
                let member = list_member(self.service, sref.shape)?;
                items
                    .iter()
                    .map(|i| self.value(member, i))
                    .collect::<Result<Vec<_>, _>>()
                    .map(Value::List)
            }
            (ShapeType::Map, Cbor::Map(entries)) => {
                let (_, value_ref) = map_key_value(self.service, sref.shape)?;
                let mut map = IndexMap::new();
                for (k, v) in entries {
                    if v.is_null() {
                        continue;
                    }
                    let key = match k {
                        Cbor::Text(t) => t.clone(),
                        other => crate::rest_xml::python_str(&cbor_to_value(other)),
                    };
                    map.insert(key, self.value(value_ref, v)?);
                }
                Ok(Value::Map(map))
            }
            (ShapeType::Timestamp, Cbor::Tag(1, inner)) => {
                timestamp_value(inner).ok_or_else(|| {
                    ParseError::InvalidValue(format!("Unable to parse datetime value: {inner:?}"))
                })
            }
            (ShapeType::Timestamp, other) if cbor_number_text(other).is_some() => {
                timestamp_value(other).ok_or_else(|| {
                    ParseError::InvalidValue(format!("Unable to parse datetime value: {other:?}"))
                })
            }
            _ => Ok(cbor_to_value(item)),
        }
    }
}
