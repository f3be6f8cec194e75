//! Turning one argument's text into the value of its input member
//! (`awscli/argprocess.py`: `ParamShorthandParser`, `unpack_cli_arg`,
//! `unpack_scalar_cli_arg`; `awscli/shorthand.py:BackCompatVisitor`;
//! `awscli/paramfile.py` for `file://` and `fileb://`).
//!
//! The order is the reference's: the `file://` / `fileb://` prefix is
//! resolved first, then shorthand syntax is tried for complex shapes unless
//! the text starts with `[` or `{`, and otherwise the value is read as JSON
//! or as a scalar of the member's type.
use awscli_model::{MemberRef, Service, Shape, ShapeType, Value};
use indexmap::IndexMap;

use crate::argparse::{py_float, py_int, RawValue};
use crate::paramfile::{expand_path, get_paramfile, ParamFile, ParamFileSystem};
use crate::pyfmt::{repr_bytes, repr_str};
use crate::shorthand::{self, ShorthandValue};
use crate::table::CliArgument;
use crate::ArgsError;

/// An argument value as the reference holds it after `load-cli-arg`.
#[derive(Debug, Clone)]
enum PyArg {
    Str(String),
    List(Vec<String>),
    Bytes(Vec<u8>),
    Int(i64),
    Float(f64),
}

/// A failure inside a conversion: Python's `ValueError` / `TypeError`, which
/// list arguments report differently from other errors.
enum Failure {
    Value(String),
    Other(ArgsError),
}

impl From<ArgsError> for Failure {
    fn from(e: ArgsError) -> Self {
        Failure::Other(e)
    }
}

impl Failure {
    fn into_error(self) -> ArgsError {
        match self {
            Failure::Value(message) => ArgsError::General(message),
            Failure::Other(e) => e,
        }
    }
}

/// Model errors are bugs in the embedded models; they surface as 255.
pub(crate) fn model_error(e: awscli_model::ModelError) -> ArgsError {
    ArgsError::General(e.to_string())
}

/// Argument names that keep the pre-shorthand reading of a list of
/// single-member structures (`ParamShorthand._uses_old_list_case`).
const OLD_LIST_CASES: &[(&str, &str, &str)] = &[
    ("firehose", "put-record-batch", "records"),
    (
        "workspaces",
        "reboot-workspaces",
        "reboot-workspace-requests",
    ),
    (
        "workspaces",
        "rebuild-workspaces",
        "rebuild-workspace-requests",
    ),
    (
        "workspaces",
        "terminate-workspaces",
        "terminate-workspace-requests",
    ),
    ("elb", "remove-tags", "tags"),
    ("elb", "describe-instance-health", "instances"),
    (
        "elb",
        "deregister-instances-from-load-balancer",
        "instances",
    ),
    ("elb", "register-instances-with-load-balancer", "instances"),
];

/// Where an argument sits, for the special cases keyed by command names.
pub(crate) struct ArgContext<'a> {
    pub service: &'a Service,
    pub service_command: &'a str,
    pub operation_command: &'a str,
    pub fs: &'a dyn ParamFileSystem,
}

/// Whether `shape` is a document or only wraps documents.
pub(crate) fn is_document_container(service: &Service, shape: &Shape) -> bool {
    if shape.document {
        return true;
    }
    let inner = match shape.kind {
        ShapeType::List => shape.member.as_ref(),
        ShapeType::Map => shape.value.as_ref(),
        _ => None,
    };
    inner
        .and_then(|r| service.resolve(r).ok())
        .is_some_and(|s| is_document_container(service, s))
}

fn supports_shorthand(service: &Service, shape: &Shape) -> bool {
    if is_document_container(service, shape) {
        return false;
    }
    match shape.kind {
        ShapeType::Structure | ShapeType::Map => true,
        ShapeType::List => shape
            .member
            .as_ref()
            .and_then(|r| service.resolve(r).ok())
            .is_some_and(|m| {
                matches!(
                    m.kind,
                    ShapeType::Structure | ShapeType::List | ShapeType::Map
                )
            }),
        _ => false,
    }
}

fn is_json_value_header(member: &MemberRef, shape: &Shape) -> bool {
    member.jsonvalue
        && member.location == Some(awscli_model::Location::Header)
        && shape.kind == ShapeType::String
}

fn is_streaming_blob(member: &MemberRef, shape: &Shape) -> bool {
    shape.kind == ShapeType::Blob && (shape.streaming || member.streaming)
}

/// Unpacks the value argparse stored for a model member's argument.
pub(crate) fn unpack_member(
    ctx: &ArgContext<'_>,
    argument: &CliArgument,
    member: &MemberRef,
    raw: &RawValue,
) -> Result<Value, ArgsError> {
    let shape = ctx.service.resolve(member).map_err(model_error)?;
    let cli_name = argument.cli_name();
    let mut value = match raw {
        RawValue::Str(s) => PyArg::Str(s.clone()),
        RawValue::List(v) => PyArg::List(v.clone()),
        RawValue::Bool(b) => return Ok(Value::Bool(*b)),
        RawValue::Int(i) => PyArg::Int(*i),
        RawValue::Float(f) => PyArg::Float(*f),
    };
    // load-cli-arg: a one-element list is looked at as its element.
    let candidate = match &value {
        PyArg::Str(s) => Some(s.clone()),
        PyArg::List(v) if v.len() == 1 => Some(v[0].clone()),
        _ => None,
    };
    if let Some(candidate) = candidate {
        match get_paramfile(&candidate, ctx.fs) {
            Ok(Some(ParamFile::Text(text))) => value = PyArg::Str(text),
            Ok(Some(ParamFile::Bytes(bytes))) => value = PyArg::Bytes(bytes),
            Ok(None) => {}
            Err(message) => return Err(ArgsError::param(&cli_name, message)),
        }
    }
    if let Some(parsed) = try_shorthand(ctx, argument, shape, &value)? {
        return Ok(parsed);
    }
    unpack_cli_arg(ctx, member, shape, &value, &cli_name).map_err(Failure::into_error)
}

/// `ParamShorthandParser.__call__`: `Ok(None)` when the value is not read
/// as shorthand.
fn try_shorthand(
    ctx: &ArgContext<'_>,
    argument: &CliArgument,
    shape: &Shape,
    value: &PyArg,
) -> Result<Option<Value>, ArgsError> {
    let looks_like_json = |s: &str| {
        let t = s.trim_matches(shorthand::is_space);
        t.starts_with('[') || t.starts_with('{')
    };
    match value {
        PyArg::Str(s) if looks_like_json(s) => return Ok(None),
        PyArg::List(v) if v.first().is_some_and(|s| looks_like_json(s)) => return Ok(None),
        PyArg::Str(_) | PyArg::List(_) | PyArg::Bytes(_) => {}
        _ => return Ok(None),
    }
    if !supports_shorthand(ctx.service, shape) {
        return Ok(None);
    }
    let cli_name = argument.cli_name();
    let items: Vec<String> = match value {
        PyArg::Str(s) => vec![s.clone()],
        PyArg::List(v) => v.clone(),
        PyArg::Bytes(b) => vec![String::from_utf8_lossy(b).into_owned()],
        _ => return Ok(None),
    };
    let is_list_value = matches!(value, PyArg::List(_));

    // Special case 1: the old reading of a list of one-member structures.
    if shape.kind == ShapeType::List
        && OLD_LIST_CASES.contains(&(
            ctx.service_command,
            ctx.operation_command,
            argument.name.as_str(),
        ))
    {
        if let Some(member_shape) = shape
            .member
            .as_ref()
            .and_then(|r| ctx.service.resolve(r).ok())
            .filter(|m| m.kind == ShapeType::Structure && m.members.len() == 1)
        {
            let key = member_shape
                .members
                .keys()
                .next()
                .expect("filtered to structures with exactly one member")
                .clone();
            // A plain string is iterated character by character, as in Python.
            let values: Vec<String> = match value {
                PyArg::Str(s) => s.chars().map(String::from).collect(),
                _ => items,
            };
            return Ok(Some(Value::List(
                values
                    .into_iter()
                    .map(|v| {
                        let mut m = IndexMap::new();
                        m.insert(key.clone(), Value::String(v));
                        Value::Map(m)
                    })
                    .collect(),
            )));
        }
    }
    // Special case 2: `{"Value": "x"}` structures take a bare value.
    if shape.kind == ShapeType::Structure && shape.members.len() == 1 {
        if let Some(member) = shape.members.get("Value") {
            let is_string = ctx
                .service
                .resolve(member)
                .is_ok_and(|s| s.kind == ShapeType::String);
            let has_equals = if is_list_value {
                items.iter().any(|i| i == "=")
            } else {
                items.iter().any(|i| i.contains('='))
            };
            if is_string && !has_equals {
                let inner = if is_list_value {
                    Value::List(items.into_iter().map(Value::String).collect())
                } else {
                    Value::String(items.into_iter().next().unwrap_or_default())
                };
                let mut m = IndexMap::new();
                m.insert("Value".to_owned(), inner);
                return Ok(Some(Value::Map(m)));
            }
        }
    }

    let fs = ctx.fs;
    let resolver = |text: &str| -> Result<Option<ShorthandValue>, String> {
        Ok(get_paramfile(text, fs)?.map(|loaded| match loaded {
            ParamFile::Text(t) => ShorthandValue::String(t),
            ParamFile::Bytes(b) => ShorthandValue::Bytes(b),
        }))
    };
    let mut parsed_items = Vec::with_capacity(items.len());
    for item in &items {
        let parsed = shorthand::parse_with_files(item, &resolver)
            .map_err(|e| ArgsError::param(&cli_name, e.to_string()))?;
        parsed_items.push(Value::Map(
            parsed
                .into_iter()
                .map(|(k, v)| (k, from_shorthand(v)))
                .collect(),
        ));
    }
    let mut parsed = if is_list_value {
        Value::List(parsed_items)
    } else {
        parsed_items
            .into_iter()
            .next()
            .expect("a string value gives exactly one parsed item")
    };
    back_compat_root(ctx.service, shape, &mut parsed).map_err(|e| match e {
        VisitError::DocumentFound => ArgsError::General(String::new()),
        VisitError::Document(member) => ArgsError::param(
            &cli_name,
            format!(
                "Shorthand syntax does not support document types. Use JSON input for top-level argument to specify nested parameter: {member}"
            ),
        ),
        VisitError::Failure(message) => ArgsError::General(message),
        VisitError::Model(e) => e,
    })?;
    Ok(Some(parsed))
}

fn from_shorthand(value: ShorthandValue) -> Value {
    match value {
        ShorthandValue::String(s) => Value::String(s),
        ShorthandValue::Bytes(b) => Value::Blob(b),
        ShorthandValue::List(items) => Value::List(items.into_iter().map(from_shorthand).collect()),
        ShorthandValue::Map(m) => {
            Value::Map(m.into_iter().map(|(k, v)| (k, from_shorthand(v))).collect())
        }
    }
}

enum VisitError {
    /// A document type reached inside shorthand, not yet named.
    DocumentFound,
    /// The same, named by the nearest enclosing structure member.
    Document(String),
    /// A Python `ValueError`/`TypeError`/`AttributeError` message.
    Failure(String),
    Model(ArgsError),
}

/// `BackCompatVisitor.visit(parsed, model)`: the root sits in a throwaway
/// parent, so a root that is not a list is not wrapped.
fn back_compat_root(service: &Service, shape: &Shape, value: &mut Value) -> Result<(), VisitError> {
    if shape.kind == ShapeType::List && !matches!(value, Value::List(_)) {
        return Ok(());
    }
    visit(service, shape, value)
}

fn visit(service: &Service, shape: &Shape, value: &mut Value) -> Result<(), VisitError> {
    let resolve = |r: &MemberRef| {
        service
            .resolve(r)
            .map_err(|e| VisitError::Model(model_error(e)))
    };
    match shape.kind {
        ShapeType::Structure => {
            if shape.document && !value.is_null() {
                return Err(VisitError::DocumentFound);
            }
            let Value::Map(map) = value else {
                return Ok(());
            };
            for (name, member) in &shape.members {
                let Some(child) = map.get_mut(name) else {
                    continue;
                };
                let member_shape = resolve(member)?;
                match visit(service, member_shape, child) {
                    Err(VisitError::DocumentFound) => {
                        return Err(VisitError::Document(name.clone()))
                    }
                    other => other?,
                }
            }
            Ok(())
        }
        ShapeType::List => {
            if !matches!(value, Value::List(_)) {
                // `foo=bar` where the model wants a list: ["bar"].
                if !value.is_null() {
                    let single = std::mem::replace(value, Value::Null);
                    *value = Value::List(vec![single]);
                }
                return Ok(());
            }
            let Some(member) = &shape.member else {
                return Ok(());
            };
            let member_shape = resolve(member)?;
            if let Value::List(items) = value {
                for item in items {
                    visit(service, member_shape, item)?;
                }
            }
            Ok(())
        }
        ShapeType::Map => {
            let (Value::Map(map), Some(value_ref)) = (value, &shape.value) else {
                return Ok(());
            };
            let value_shape = resolve(value_ref)?;
            for item in map.values_mut() {
                visit(service, value_shape, item)?;
            }
            Ok(())
        }
        kind => visit_scalar(kind, value),
    }
}

fn py_type_word(value: &Value) -> &'static str {
    match value {
        Value::List(_) => "list",
        Value::Map(_) => "dict",
        Value::Blob(_) => "bytes",
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Integer(_) => "int",
        Value::Float(_) => "float",
        Value::String(_) => "str",
        Value::Timestamp(_) => "datetime",
    }
}

fn visit_scalar(kind: ShapeType, value: &mut Value) -> Result<(), VisitError> {
    if value.is_null() {
        return Ok(());
    }
    match kind {
        ShapeType::Integer | ShapeType::Long => {
            let converted = match value {
                Value::String(s) => py_int(s).ok_or_else(|| {
                    format!("invalid literal for int() with base 10: {}", repr_str(s))
                })?,
                Value::Blob(b) => {
                    let text = String::from_utf8_lossy(b);
                    py_int(&text).ok_or_else(|| {
                        format!("invalid literal for int() with base 10: {}", repr_bytes(b))
                    })?
                }
                other => {
                    return Err(VisitError::Failure(format!(
                        "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                        py_type_word(other)
                    )))
                }
            };
            *value = Value::Integer(converted);
        }
        ShapeType::Float | ShapeType::Double => {
            let converted = match value {
                Value::String(s) => py_float(s)
                    .ok_or_else(|| format!("could not convert string to float: {}", repr_str(s)))?,
                other => {
                    return Err(VisitError::Failure(format!(
                        "float() argument must be a string or a real number, not '{}'",
                        py_type_word(other)
                    )))
                }
            };
            *value = Value::Float(converted);
        }
        ShapeType::Boolean => match value {
            Value::String(s) => {
                // Only "true"/"false" become booleans; anything else is left
                // for validation to reject.
                if s.eq_ignore_ascii_case("true") {
                    *value = Value::Bool(true);
                } else if s.eq_ignore_ascii_case("false") {
                    *value = Value::Bool(false);
                }
            }
            other => {
                return Err(VisitError::Failure(format!(
                    "'{}' object has no attribute 'lower'",
                    py_type_word(other)
                )))
            }
        },
        _ => {}
    }
    Ok(())
}

impl From<String> for VisitError {
    fn from(message: String) -> Self {
        VisitError::Failure(message)
    }
}

fn json_arg(text: &str, cli_name: &str) -> Result<Value, Failure> {
    crate::pyjson::loads(text).map_err(|e| {
        Failure::Other(ArgsError::param(
            cli_name,
            format!("Invalid JSON: {e}\nJSON received: {text}"),
        ))
    })
}

fn text_of(value: &PyArg) -> Option<String> {
    match value {
        PyArg::Str(s) => Some(s.clone()),
        PyArg::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
        _ => None,
    }
}

/// `_unpack_cli_arg`.
fn unpack_cli_arg(
    ctx: &ArgContext<'_>,
    member: &MemberRef,
    shape: &Shape,
    value: &PyArg,
    cli_name: &str,
) -> Result<Value, Failure> {
    if is_json_value_header(member, shape) || shape.document {
        return match text_of(value) {
            Some(text) => json_arg(&text, cli_name),
            None => Err(Failure::Other(ArgsError::General(
                "the JSON object must be str, bytes or bytearray, not list".to_owned(),
            ))),
        };
    }
    match shape.kind {
        ShapeType::Structure | ShapeType::Map => {
            let text = text_of(value).unwrap_or_default();
            match text.trim_start_matches(shorthand::is_space).chars().next() {
                Some('{') => json_arg(&text, cli_name),
                Some(_) => Err(Failure::Other(ArgsError::param(
                    cli_name,
                    format!("Invalid JSON:\n{text}"),
                ))),
                None => Err(Failure::Other(ArgsError::General(
                    "string index out of range".to_owned(),
                ))),
            }
        }
        ShapeType::List => {
            let items: Vec<String> = match value {
                PyArg::List(v) => {
                    if v.len() == 1 {
                        let single = v[0].trim_matches(shorthand::is_space);
                        if single.starts_with('[') {
                            return json_arg(&v[0], cli_name);
                        }
                    }
                    v.clone()
                }
                other => {
                    let text = text_of(other).unwrap_or_default();
                    match text.trim_start_matches(shorthand::is_space).chars().next() {
                        Some('[') => return json_arg(&text, cli_name),
                        Some(_) => {}
                        None => {
                            return Err(Failure::Other(ArgsError::General(
                                "string index out of range".to_owned(),
                            )))
                        }
                    }
                    // Python iterates the characters of a string.
                    text.chars().map(String::from).collect()
                }
            };
            let Some(member_ref) = &shape.member else {
                return Ok(Value::List(Vec::new()));
            };
            let member_shape = ctx
                .service
                .resolve(member_ref)
                .map_err(|e| Failure::Other(model_error(e)))?;
            let mut out = Vec::with_capacity(items.len());
            for item in &items {
                match unpack_cli_arg(
                    ctx,
                    member_ref,
                    member_shape,
                    &PyArg::Str(item.clone()),
                    cli_name,
                ) {
                    Ok(v) => out.push(v),
                    // A ValueError in any element reports the first element.
                    Err(Failure::Value(_)) => {
                        return Err(Failure::Other(ArgsError::param(
                            cli_name,
                            items.first().cloned().unwrap_or_default(),
                        )))
                    }
                    Err(other) => return Err(other),
                }
            }
            Ok(Value::List(out))
        }
        _ => unpack_scalar(ctx, member, shape, value, cli_name),
    }
}

/// `unpack_scalar_cli_arg`.
fn unpack_scalar(
    ctx: &ArgContext<'_>,
    member: &MemberRef,
    shape: &Shape,
    value: &PyArg,
    cli_name: &str,
) -> Result<Value, Failure> {
    match (shape.kind, value) {
        (ShapeType::Integer | ShapeType::Long, PyArg::Int(i)) => Ok(Value::Integer(*i)),
        (ShapeType::Integer | ShapeType::Long, PyArg::Str(s)) => {
            py_int(s).map(Value::Integer).ok_or_else(|| {
                Failure::Value(format!(
                    "invalid literal for int() with base 10: {}",
                    repr_str(s)
                ))
            })
        }
        (ShapeType::Integer | ShapeType::Long, PyArg::Bytes(b)) => {
            py_int(&String::from_utf8_lossy(b))
                .map(Value::Integer)
                .ok_or_else(|| {
                    Failure::Value(format!(
                        "invalid literal for int() with base 10: {}",
                        repr_bytes(b)
                    ))
                })
        }
        (ShapeType::Float | ShapeType::Double, PyArg::Float(f)) => Ok(Value::Float(*f)),
        (ShapeType::Float | ShapeType::Double, PyArg::Str(s)) => {
            py_float(s).map(Value::Float).ok_or_else(|| {
                Failure::Value(format!(
                    "could not convert string to float: {}",
                    repr_str(s)
                ))
            })
        }
        (ShapeType::Float | ShapeType::Double, PyArg::Bytes(b)) => {
            py_float(&String::from_utf8_lossy(b))
                .map(Value::Float)
                .ok_or_else(|| {
                    Failure::Value(format!(
                        "could not convert string to float: {}",
                        repr_bytes(b)
                    ))
                })
        }
        (ShapeType::Blob, _) if is_streaming_blob(member, shape) => {
            let path = text_of(value).unwrap_or_default();
            let file_path = expand_path(&path, ctx.fs);
            let path = std::path::Path::new(&file_path);
            if !ctx.fs.is_file(path) {
                return Err(Failure::Other(ArgsError::param(
                    cli_name,
                    "Blob values must be a path to a file.",
                )));
            }
            ctx.fs.read(path).map(Value::Blob).map_err(|e| {
                Failure::Other(ArgsError::General(crate::paramfile::os_error(
                    &e, &file_path,
                )))
            })
        }
        (ShapeType::Boolean, PyArg::Str(s)) => Ok(Value::Bool(
            !s.eq_ignore_ascii_case("false") && !s.is_empty(),
        )),
        (_, PyArg::Str(s)) => Ok(Value::String(s.clone())),
        (_, PyArg::Bytes(b)) => Ok(Value::Blob(b.clone())),
        (_, PyArg::Int(i)) => Ok(Value::Integer(*i)),
        (_, PyArg::Float(f)) => Ok(Value::Float(*f)),
        (_, PyArg::List(items)) => Ok(Value::List(
            items.iter().cloned().map(Value::String).collect(),
        )),
    }
}
