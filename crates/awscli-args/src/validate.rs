//! Checking an operation's input against its shape, as botocore's
//! `ParamValidator` does before serializing (`botocore/validate.py`), and the
//! `--cli-binary-format` input step (`awscli/customizations/binaryformat.py`).
//!
//! botocore checks: required members, unknown members, types, `min` of
//! string and list lengths and of numbers (not `max`, not `pattern`, not
//! enums), and tagged unions. All errors are collected and reported together
//! in traversal order. Timestamps given as text or numbers are turned into
//! [`Timestamp`]s here, since botocore accepts exactly what it can parse.
use awscli_model::{MemberRef, Service, Shape, ShapeType, Timestamp, Value};

use crate::pyfmt::{str_of, type_name};
use crate::unpack::model_error;
use crate::ArgsError;

/// `--cli-binary-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BinaryFormat {
    /// Blob parameters given as text must be base64 (the v2 default).
    #[default]
    Base64,
    /// Blob parameters given as text are sent as their UTF-8 bytes.
    RawInBase64Out,
}

impl BinaryFormat {
    /// Parses the option / `cli_binary_format` setting value.
    pub fn from_name(name: &str) -> Option<BinaryFormat> {
        match name {
            "base64" => Some(BinaryFormat::Base64),
            "raw-in-base64-out" => Some(BinaryFormat::RawInBase64Out),
            _ => None,
        }
    }
}

/// Turns blob members given as text into bytes: base64-decoded
/// (`Base64DecodeVisitor`) or taken as UTF-8. `fileb://` values are bytes
/// already and stay as they are.
pub fn apply_binary_format(
    service: &Service,
    shape: &Shape,
    value: &mut Value,
    format: BinaryFormat,
) -> Result<(), ArgsError> {
    match shape.kind {
        ShapeType::Structure => {
            let Value::Map(map) = value else {
                return Ok(());
            };
            for (name, member) in &shape.members {
                if let Some(child) = map.get_mut(name) {
                    let member_shape = service.resolve(member).map_err(model_error)?;
                    apply_binary_format(service, member_shape, child, format)?;
                }
            }
        }
        ShapeType::List => {
            if let (Value::List(items), Some(member)) = (value, &shape.member) {
                let member_shape = service.resolve(member).map_err(model_error)?;
                for item in items {
                    apply_binary_format(service, member_shape, item, format)?;
                }
            }
        }
        ShapeType::Map => {
            if let (Value::Map(map), Some(value_ref)) = (value, &shape.value) {
                let value_shape = service.resolve(value_ref).map_err(model_error)?;
                for item in map.values_mut() {
                    apply_binary_format(service, value_shape, item, format)?;
                }
            }
        }
        ShapeType::Blob => {
            if let Value::String(text) = value {
                let bytes = match format {
                    BinaryFormat::Base64 => python_b64decode(text)?,
                    BinaryFormat::RawInBase64Out => text.as_bytes().to_vec(),
                };
                *value = Value::Blob(bytes);
            }
        }
        _ => {}
    }
    Ok(())
}

/// Python's `base64.b64decode(s)` (non-strict `binascii.a2b_base64`):
/// characters outside the alphabet are skipped, decoding stops at complete
/// padding, and a dangling partial quantum is an error.
pub fn python_b64decode(text: &str) -> Result<Vec<u8>, ArgsError> {
    if !text.is_ascii() {
        return Err(ArgsError::General(
            "string argument should contain only ASCII characters".to_owned(),
        ));
    }
    let invalid = || ArgsError::InvalidBase64(text.to_owned());
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut quad_pos = 0u8;
    let mut left: u32 = 0;
    let mut pads = 0u8;
    for &c in text.as_bytes() {
        if c == b'=' {
            if quad_pos >= 2 {
                pads += 1;
                if quad_pos + pads >= 4 {
                    return Ok(out);
                }
            }
            continue;
        }
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue,
        } as u32;
        pads = 0;
        match quad_pos {
            0 => {
                left = v;
                quad_pos = 1;
            }
            1 => {
                out.push(((left << 2) | (v >> 4)) as u8);
                left = v & 0x0f;
                quad_pos = 2;
            }
            2 => {
                out.push(((left << 4) | (v >> 2)) as u8);
                left = v & 0x03;
                quad_pos = 3;
            }
            _ => {
                out.push(((left << 6) | v) as u8);
                quad_pos = 0;
            }
        }
    }
    if quad_pos != 0 {
        return Err(invalid());
    }
    Ok(out)
}

/// `validate_parameters(params, input_shape)`: `Err(ArgsError::Validation)`
/// with every problem found. Timestamps are normalized in place.
pub fn validate_parameters(
    service: &Service,
    shape: &Shape,
    params: &mut Value,
) -> Result<(), ArgsError> {
    let mut errors = Vec::new();
    validate(service, None, shape, params, "", &mut errors)?;
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ArgsError::Validation(errors.join("\n")))
    }
}

fn display_name(name: &str) -> &str {
    if name.is_empty() {
        "input"
    } else {
        name.strip_prefix('.').unwrap_or(name)
    }
}

fn invalid_type(errors: &mut Vec<String>, name: &str, value: &Value, valid: &[&str]) {
    errors.push(format!(
        "Invalid type for parameter {}, value: {}, type: {}, valid types: {}",
        display_name(name),
        str_of(value),
        type_name(value),
        valid.join(", ")
    ));
}

/// A `min` as Python prints it (`1`, not `1.0`, for integral bounds).
fn bound(min: f64) -> String {
    if min.fract() == 0.0 && min.abs() < 1e15 {
        format!("{}", min as i64)
    } else {
        crate::pyfmt::repr_float(min)
    }
}

fn range_check(
    member: Option<&MemberRef>,
    shape: &Shape,
    name: &str,
    value: f64,
    shown: &str,
    what: &str,
    errors: &mut Vec<String>,
) {
    let min = match shape.min {
        Some(min) => Some(min),
        None if member.is_some_and(|m| m.host_label) => Some(1.0),
        None => None,
    };
    if let Some(min) = min {
        if value < min {
            errors.push(format!(
                "Invalid {what} for parameter {}, value: {shown}, valid min {what}: {}",
                display_name(name),
                bound(min)
            ));
        }
    }
}

const STR: &[&str] = &["<class 'str'>"];
const INT: &[&str] = &["<class 'int'>"];
const BOOL: &[&str] = &["<class 'bool'>"];
const FLOAT: &[&str] = &[
    "<class 'float'>",
    "<class 'decimal.Decimal'>",
    "<class 'int'>",
];
const LIST: &[&str] = &["<class 'list'>", "<class 'tuple'>"];
const DICT: &[&str] = &["<class 'dict'>"];

fn scalar_types(kind: ShapeType) -> Option<&'static [&'static str]> {
    match kind {
        ShapeType::String => Some(STR),
        ShapeType::Integer | ShapeType::Long => Some(INT),
        ShapeType::Boolean => Some(BOOL),
        ShapeType::Float | ShapeType::Double => Some(FLOAT),
        _ => None,
    }
}

/// `isinstance(value, valid_types)` for the scalar types (a bool is an int).
fn scalar_type_ok(kind: ShapeType, value: &Value) -> bool {
    match kind {
        ShapeType::String => matches!(value, Value::String(_)),
        ShapeType::Integer | ShapeType::Long => matches!(value, Value::Integer(_) | Value::Bool(_)),
        ShapeType::Boolean => matches!(value, Value::Bool(_)),
        ShapeType::Float | ShapeType::Double => {
            matches!(value, Value::Integer(_) | Value::Bool(_) | Value::Float(_))
        }
        _ => true,
    }
}

fn numeric(value: &Value) -> f64 {
    match value {
        Value::Integer(i) => *i as f64,
        Value::Float(f) => *f,
        Value::Bool(b) => f64::from(u8::from(*b)),
        _ => 0.0,
    }
}

fn validate(
    service: &Service,
    member: Option<&MemberRef>,
    shape: &Shape,
    value: &mut Value,
    name: &str,
    errors: &mut Vec<String>,
) -> Result<(), ArgsError> {
    let is_json_value_header = member
        .is_some_and(|m| m.jsonvalue && m.location == Some(awscli_model::Location::Header))
        && shape.kind == ShapeType::String;
    if is_json_value_header {
        return Ok(());
    }
    if shape.kind == ShapeType::Structure && shape.document {
        validate_document(value, name, errors);
        return Ok(());
    }
    match shape.kind {
        ShapeType::Structure => {
            let Value::Map(map) = value else {
                invalid_type(errors, name, value, DICT);
                return Ok(());
            };
            if shape.union {
                let members: Vec<&str> = shape.members.keys().map(String::as_str).collect();
                if map.is_empty() {
                    errors.push(format!(
                        "Must set one of the following keys for tagged unionstructure {}: {}.",
                        display_name(name),
                        members.join(", ")
                    ));
                } else if map.len() > 1 {
                    errors.push(format!(
                        "Invalid number of parameters set for tagged union structure {}. Can only set one of the following keys: {}.",
                        display_name(name),
                        members.join(", ")
                    ));
                }
            }
            for required in &shape.required {
                if !map.contains_key(required) {
                    errors.push(format!(
                        "Missing required parameter in {}: \"{required}\"",
                        display_name(name)
                    ));
                }
            }
            let valid: Vec<&str> = shape.members.keys().map(String::as_str).collect();
            for key in map.keys() {
                if !shape.members.contains_key(key) {
                    errors.push(format!(
                        "Unknown parameter in {}: \"{key}\", must be one of: {}",
                        display_name(name),
                        valid.join(", ")
                    ));
                }
            }
            for (key, child) in map.iter_mut() {
                if let Some(member_ref) = shape.members.get(key) {
                    let member_shape = service.resolve(member_ref).map_err(model_error)?;
                    validate(
                        service,
                        Some(member_ref),
                        member_shape,
                        child,
                        &format!("{name}.{key}"),
                        errors,
                    )?;
                }
            }
        }
        ShapeType::List => {
            let Value::List(items) = value else {
                invalid_type(errors, name, value, LIST);
                return Ok(());
            };
            let len = items.len();
            range_check(
                member,
                shape,
                name,
                len as f64,
                &len.to_string(),
                "length",
                errors,
            );
            let Some(member_ref) = &shape.member else {
                return Ok(());
            };
            let member_shape = service.resolve(member_ref).map_err(model_error)?;
            let unconstrained = member_shape.required.is_empty()
                && member_shape.min.is_none()
                && !member_shape.document
                && !member_shape.union;
            if let (Some(valid), true) = (scalar_types(member_shape.kind), unconstrained) {
                for (i, item) in items.iter().enumerate() {
                    if !scalar_type_ok(member_shape.kind, item) {
                        invalid_type(errors, &format!("{name}[{i}]"), item, valid);
                    }
                }
                return Ok(());
            }
            for (i, item) in items.iter_mut().enumerate() {
                validate(
                    service,
                    Some(member_ref),
                    member_shape,
                    item,
                    &format!("{name}[{i}]"),
                    errors,
                )?;
            }
        }
        ShapeType::Map => {
            let Value::Map(map) = value else {
                invalid_type(errors, name, value, DICT);
                return Ok(());
            };
            let key_shape = match &shape.key {
                Some(k) => Some((k, service.resolve(k).map_err(model_error)?)),
                None => None,
            };
            let value_shape = match &shape.value {
                Some(v) => Some((v, service.resolve(v).map_err(model_error)?)),
                None => None,
            };
            for (key, child) in map.iter_mut() {
                if let Some((key_ref, key_shape)) = key_shape {
                    let mut key_value = Value::String(key.clone());
                    validate(
                        service,
                        Some(key_ref),
                        key_shape,
                        &mut key_value,
                        &format!("{name} (key: {key})"),
                        errors,
                    )?;
                }
                if let Some((value_ref, value_shape)) = value_shape {
                    validate(
                        service,
                        Some(value_ref),
                        value_shape,
                        child,
                        &format!("{name}.{key}"),
                        errors,
                    )?;
                }
            }
        }
        ShapeType::String => match value {
            Value::String(s) => {
                let len = s.chars().count();
                range_check(
                    member,
                    shape,
                    name,
                    len as f64,
                    &len.to_string(),
                    "length",
                    errors,
                );
            }
            other => invalid_type(errors, name, other, STR),
        },
        ShapeType::Integer | ShapeType::Long | ShapeType::Float | ShapeType::Double => {
            let valid = scalar_types(shape.kind).unwrap_or(INT);
            if scalar_type_ok(shape.kind, value) {
                let shown = str_of(value);
                range_check(member, shape, name, numeric(value), &shown, "value", errors);
            } else {
                invalid_type(errors, name, value, valid);
            }
        }
        ShapeType::Boolean if !matches!(value, Value::Bool(_)) => {
            invalid_type(errors, name, value, BOOL);
        }
        ShapeType::Blob if !matches!(value, Value::Blob(_) | Value::String(_)) => {
            invalid_type(
                errors,
                name,
                value,
                &["<class 'bytes'>", "<class 'bytearray'>", "file-like object"],
            );
        }
        ShapeType::Timestamp => match to_timestamp(value) {
            Some(ts) => *value = Value::Timestamp(ts),
            None => invalid_type(
                errors,
                name,
                value,
                &["<class 'datetime.datetime'>", "timestamp-string"],
            ),
        },
        _ => {}
    }
    Ok(())
}

fn validate_document(value: &Value, name: &str, errors: &mut Vec<String>) {
    match value {
        Value::Null
        | Value::String(_)
        | Value::Integer(_)
        | Value::Bool(_)
        | Value::Float(_) => {}
        Value::Map(map) => {
            // botocore names nested document values by their key alone.
            for (key, child) in map {
                validate_document(child, key, errors);
            }
        }
        Value::List(items) => {
            for (i, item) in items.iter().enumerate() {
                validate_document(item, &format!("{name}[{i}]"), errors);
            }
        }
        other => errors.push(format!(
            "Invalid type for document parameter {}, value: {}, type: {}, valid types: <class 'str'>, <class 'int'>, <class 'bool'>, <class 'float'>, <class 'list'>, <class 'dict'>",
            display_name(name),
            str_of(other),
            type_name(other)
        )),
    }
}

/// `parse_to_aware_datetime`: epoch numbers (also as text), ISO 8601 and
/// RFC 2822 dates. Times without a zone are UTC.
pub fn to_timestamp(value: &Value) -> Option<Timestamp> {
    match value {
        Value::Timestamp(t) => Some(t.clone()),
        Value::Integer(i) => Some(Timestamp {
            seconds: *i,
            nanos: 0,
            offset: Some(0),
            wire: None,
        }),
        Value::Float(f) if f.is_finite() => Some(Timestamp {
            offset: Some(0),
            ..Timestamp::from_epoch_f64(*f)
        }),
        Value::String(s) => parse_timestamp_text(s),
        _ => None,
    }
}

/// Parses a timestamp as botocore's `parse_timestamp` would.
pub fn parse_timestamp_text(text: &str) -> Option<Timestamp> {
    let t = text.trim();
    if let Some(epoch) = crate::argparse::py_float(t) {
        if epoch.is_finite() {
            return Some(Timestamp {
                offset: Some(0),
                ..Timestamp::from_epoch_f64(epoch)
            });
        }
        return None;
    }
    let from_jiff = |ts: jiff::Timestamp, offset: i32| Timestamp {
        seconds: ts.as_second(),
        nanos: ts.subsec_nanosecond().max(0) as u32,
        offset: Some(offset),
        wire: None,
    };
    if let Ok(zoned) = t.parse::<jiff::Zoned>() {
        return Some(from_jiff(zoned.timestamp(), zoned.offset().seconds()));
    }
    if let Ok(ts) = t.parse::<jiff::Timestamp>() {
        // The instant is what the serializers need; the written offset is
        // not kept.
        return Some(from_jiff(ts, 0));
    }
    let utc = |dt: jiff::civil::DateTime| dt.to_zoned(jiff::tz::TimeZone::UTC).ok();
    if let Ok(dt) = t.parse::<jiff::civil::DateTime>() {
        return utc(dt).map(|z| from_jiff(z.timestamp(), 0));
    }
    if let Ok(date) = t.parse::<jiff::civil::Date>() {
        return utc(date.to_datetime(jiff::civil::Time::midnight()))
            .map(|z| from_jiff(z.timestamp(), 0));
    }
    if let Ok(zoned) = jiff::fmt::rfc2822::parse(t) {
        return Some(from_jiff(zoned.timestamp(), zoned.offset().seconds()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_b64decode_is_lenient_like_binascii() {
        assert_eq!(python_b64decode("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(python_b64decode("aGVs bG8=").unwrap(), b"hello");
        assert_eq!(python_b64decode("aGVsbG8=junk").unwrap(), b"hello");
        assert_eq!(
            python_b64decode("hello").unwrap_err().to_string(),
            "Invalid base64: \"hello\""
        );
        assert_eq!(
            python_b64decode("hello!!!").unwrap_err().to_string(),
            "Invalid base64: \"hello!!!\""
        );
        assert_eq!(python_b64decode("").unwrap(), b"");
    }

    #[test]
    fn parse_timestamp_text_accepts_iso_and_epoch() {
        assert_eq!(parse_timestamp_text("0").unwrap().seconds, 0);
        assert_eq!(
            parse_timestamp_text("1700000000.5").unwrap().nanos,
            500_000_000
        );
        assert_eq!(parse_timestamp_text("1970-01-02").unwrap().seconds, 86400);
        assert_eq!(
            parse_timestamp_text("1970-01-01T01:00:00Z")
                .unwrap()
                .seconds,
            3600
        );
        assert_eq!(
            parse_timestamp_text("1970-01-01 01:00:00").unwrap().seconds,
            3600
        );
        assert_eq!(
            parse_timestamp_text("1970-01-01T01:00:00+01:00")
                .unwrap()
                .seconds,
            0
        );
        assert!(parse_timestamp_text("yesterday-ish").is_none());
    }

    #[test]
    fn validate_parameters_reports_like_botocore() {
        let sqs = awscli_model::store::load("sqs").unwrap();
        let op = sqs.operation("CreateQueue").unwrap();
        let shape = sqs.resolve(op.input.as_ref().unwrap()).unwrap();
        let mut input =
            crate::pyjson::loads(r#"{"QueueName": 5, "Foo": 1, "Attributes": {"a": ["b", "c"]}}"#)
                .unwrap();
        let err = validate_parameters(&sqs, shape, &mut input).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Parameter validation failed:\nUnknown parameter in input: \"Foo\", must be one of: QueueName, Attributes, tags\nInvalid type for parameter QueueName, value: 5, type: <class 'int'>, valid types: <class 'str'>\nInvalid type for parameter Attributes.a, value: ['b', 'c'], type: <class 'list'>, valid types: <class 'str'>"
        );
        let mut empty = Value::empty_map();
        assert_eq!(
            validate_parameters(&sqs, shape, &mut empty)
                .unwrap_err()
                .to_string(),
            "Parameter validation failed:\nMissing required parameter in input: \"QueueName\""
        );
    }
    /// `min` checks (`range_check` of botocore 1.43 `validate.py`): string
    /// and list lengths, integer and long values, the implicit min of 1 of
    /// host labels, and no check on maps or blobs. Each expected report is
    /// `ParamValidator().validate(params, shape).generate_report()` run with
    /// botocore 1.43.67 on the same input.
    #[test]
    fn validate_parameters_range_checks_match_botocore() {
        let cases = [
            (
                "iam",
                "AcceptDelegationRequest",
                r#"{"DelegationRequestId": "abc"}"#,
                "Invalid length for parameter DelegationRequestId, value: 3, valid min length: 16",
            ),
            (
                "iam",
                "CreateDelegationRequest",
                r#"{"SessionDuration": 5}"#,
                "Missing required parameter in input: \"Description\"\nMissing required parameter in input: \"Permissions\"\nMissing required parameter in input: \"RequestorWorkflowId\"\nMissing required parameter in input: \"NotificationChannel\"\nInvalid value for parameter SessionDuration, value: 5, valid min value: 300",
            ),
            (
                "iam",
                "ListPoliciesGrantingServiceAccess",
                r#"{"Arn": "x", "ServiceNamespaces": []}"#,
                "Invalid length for parameter Arn, value: 1, valid min length: 20\nInvalid length for parameter ServiceNamespaces, value: 0, valid min length: 1",
            ),
            ("dynamodb", "BatchGetItem", r#"{"RequestItems": {}}"#, ""),
            (
                "dynamodb",
                "UpdateGlobalTableSettings",
                r#"{"GlobalTableName": "tab", "GlobalTableProvisionedWriteCapacityUnits": 0}"#,
                "Invalid value for parameter GlobalTableProvisionedWriteCapacityUnits, value: 0, valid min value: 1",
            ),
            (
                "s3",
                "WriteGetObjectResponse",
                r#"{"RequestRoute": "", "RequestToken": "t"}"#,
                "Invalid length for parameter RequestRoute, value: 0, valid min length: 1",
            ),
            (
                "iam",
                "ListRoles",
                r#"{"PathPrefix": "", "MaxItems": 0}"#,
                "Invalid length for parameter PathPrefix, value: 0, valid min length: 1\nInvalid value for parameter MaxItems, value: 0, valid min value: 1",
            ),
        ];
        for (service_name, operation, input, expected) in cases {
            let service = awscli_model::store::load(service_name).unwrap();
            let op = service.operation(operation).unwrap();
            let shape = service.resolve(op.input.as_ref().unwrap()).unwrap();
            let mut input = crate::pyjson::loads(input).unwrap();
            let report = match validate_parameters(&service, shape, &mut input) {
                Ok(()) => String::new(),
                Err(e) => e
                    .to_string()
                    .trim_start_matches("Parameter validation failed:\n")
                    .to_owned(),
            };
            assert_eq!(report, expected, "{service_name} {operation}");
        }
    }

    #[test]
    fn validate_parameters_skips_blob_min() {
        // kinesis PutRecord Data has min 0 and botocore never range-checks blobs.
        let kinesis = awscli_model::store::load("kinesis").unwrap();
        let op = kinesis.operation("PutRecord").unwrap();
        let shape = kinesis.resolve(op.input.as_ref().unwrap()).unwrap();
        let mut input = Value::Map(
            [
                ("Data".to_owned(), Value::Blob(Vec::new())),
                ("PartitionKey".to_owned(), Value::String("p".into())),
            ]
            .into_iter()
            .collect(),
        );
        assert!(validate_parameters(&kinesis, shape, &mut input).is_ok());
    }
}
