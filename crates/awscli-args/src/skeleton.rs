//! `--generate-cli-skeleton [input|output|yaml-input]`
//! (`awscli/customizations/generatecliskeleton.py`, botocore's
//! `ArgumentGenerator`).
//!
//! - `input`: the input shape with placeholder values, as
//!   `json.dump(indent=4)` writes it (blobs `null`, timestamps
//!   `"1970-01-01T00:00:00"`, maps `{"KeyName": ...}`, one list item, the
//!   first enum value for strings);
//! - `yaml-input`: the same as YAML in the layout of ruamel's round-trip
//!   dumper, each member followed by a comment: `[REQUIRED]`, the first
//!   sentence of its documentation, its enum values;
//! - `output`: a fake response where strings hold their member names
//!   (`"QueueUrl": "QueueUrl"`); the caller validates the input and prints
//!   it like a real response.
//!
//! A structure met again inside itself becomes `{}`.
use awscli_model::{Docs, MemberRef, Operation, Service, Shape, ShapeType, Timestamp, Value};
use indexmap::IndexMap;

use crate::unpack::model_error;
use crate::ArgsError;

/// The value of `--generate-cli-skeleton`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkeletonKind {
    Input,
    Output,
    YamlInput,
}

impl SkeletonKind {
    pub fn from_name(name: &str) -> Option<SkeletonKind> {
        match name {
            "input" => Some(SkeletonKind::Input),
            "output" => Some(SkeletonKind::Output),
            "yaml-input" => Some(SkeletonKind::YamlInput),
            _ => None,
        }
    }
}

fn epoch() -> Value {
    Value::Timestamp(Timestamp {
        seconds: 0,
        nanos: 0,
        offset: None,
        wire: None,
    })
}

/// `ArgumentGenerator.generate_skeleton(shape)`.
fn generate(
    service: &Service,
    shape: &Shape,
    stack: &mut Vec<String>,
    name: &str,
    use_member_names: bool,
) -> Result<Value, ArgsError> {
    stack.push(shape.name.clone());
    let result = (|| {
        Ok(match shape.kind {
            ShapeType::Structure => {
                let mut map = IndexMap::new();
                if stack.iter().filter(|s| **s == shape.name).count() > 1 {
                    return Ok(Value::Map(map));
                }
                for (member_name, member) in &shape.members {
                    let member_shape = service.resolve(member).map_err(model_error)?;
                    map.insert(
                        member_name.clone(),
                        generate(service, member_shape, stack, member_name, use_member_names)?,
                    );
                }
                Value::Map(map)
            }
            ShapeType::List => match &shape.member {
                Some(member) => {
                    let member_shape = service.resolve(member).map_err(model_error)?;
                    let item_name = if use_member_names {
                        member_shape.name.clone()
                    } else {
                        String::new()
                    };
                    Value::List(vec![generate(
                        service,
                        member_shape,
                        stack,
                        &item_name,
                        use_member_names,
                    )?])
                }
                None => Value::List(Vec::new()),
            },
            ShapeType::Map => {
                let mut map = IndexMap::new();
                if let Some(value) = &shape.value {
                    let value_shape = service.resolve(value).map_err(model_error)?;
                    map.insert(
                        "KeyName".to_owned(),
                        generate(service, value_shape, stack, "", use_member_names)?,
                    );
                }
                Value::Map(map)
            }
            ShapeType::String => {
                if use_member_names {
                    Value::String(name.to_owned())
                } else {
                    let first = shape.enum_values.as_ref().and_then(|e| e.first());
                    Value::String(first.cloned().unwrap_or_default())
                }
            }
            ShapeType::Integer | ShapeType::Long => Value::Integer(0),
            ShapeType::Float | ShapeType::Double => Value::Float(0.0),
            ShapeType::Boolean => Value::Bool(true),
            ShapeType::Timestamp => epoch(),
            _ => Value::Null,
        })
    })();
    stack.pop();
    result
}

fn shape_of<'s>(
    service: &'s Service,
    member: Option<&MemberRef>,
) -> Result<Option<&'s Shape>, ArgsError> {
    member
        .map(|m| service.resolve(m).map_err(model_error))
        .transpose()
}

/// The input skeleton as a value (blobs `Null`, timestamps the epoch).
pub fn input_skeleton(service: &Service, operation: &Operation) -> Result<Value, ArgsError> {
    match shape_of(service, operation.input.as_ref())? {
        Some(shape) => generate(service, shape, &mut Vec::new(), "", false),
        None => Ok(Value::empty_map()),
    }
}

/// The fake response of `--generate-cli-skeleton output`.
///
/// The reference hands it to botocore's `Stubber`, which validates it
/// against the output shape first; placeholders that break the model's
/// constraints (a `null` blob, a member name shorter than `min`) make the
/// command fail with `Parameter validation failed:` (rc 252), and so they do
/// here.
pub fn output_skeleton(service: &Service, operation: &Operation) -> Result<Value, ArgsError> {
    match shape_of(service, operation.output.as_ref())? {
        Some(shape) => {
            let value = generate(service, shape, &mut Vec::new(), "", true)?;
            // Validate a copy: validation turns timestamps into the instant
            // form, while the output keeps the naive placeholder.
            crate::validate::validate_parameters(service, shape, &mut value.clone())?;
            Ok(value)
        }
        None => Ok(Value::empty_map()),
    }
}

/// `--generate-cli-skeleton [input]`: the text printed, newline included.
pub fn render_input_skeleton_json(
    service: &Service,
    operation: &Operation,
) -> Result<String, ArgsError> {
    let value = input_skeleton(service, operation)?;
    let mut out = String::new();
    write_json(&value, 0, &mut out);
    out.push('\n');
    Ok(out)
}

/// `json.dump(value, indent=4)` with the CLI's `json_encoder` (timestamps
/// as `isoformat()`, blobs as base64) and `ensure_ascii`.
pub fn write_json(value: &Value, indent: usize, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Integer(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&json_float(*f)),
        Value::String(s) => write_json_string(s, out),
        Value::Blob(b) => {
            use base64::Engine as _;
            write_json_string(&base64::engine::general_purpose::STANDARD.encode(b), out);
        }
        Value::Timestamp(t) => write_json_string(&isoformat(t), out),
        Value::List(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline_indent(indent + 4, out);
                write_json(item, indent + 4, out);
            }
            newline_indent(indent, out);
            out.push(']');
        }
        Value::Map(map) => {
            if map.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline_indent(indent + 4, out);
                write_json_string(key, out);
                out.push_str(": ");
                write_json(item, indent + 4, out);
            }
            newline_indent(indent, out);
            out.push('}');
        }
    }
}

fn newline_indent(n: usize, out: &mut String) {
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', n));
}

fn json_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".to_owned()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        crate::pyfmt::repr_float(f)
    }
}

fn write_json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `datetime.isoformat()` of a naive UTC datetime.
fn isoformat(t: &Timestamp) -> String {
    match jiff::Timestamp::new(t.seconds, t.nanos as i32) {
        Ok(ts) => {
            let dt = ts.to_zoned(jiff::tz::TimeZone::UTC).datetime();
            if t.nanos == 0 {
                dt.strftime("%Y-%m-%dT%H:%M:%S").to_string()
            } else {
                format!("{}.{:06}", dt.strftime("%Y-%m-%dT%H:%M:%S"), t.nanos / 1000)
            }
        }
        Err(_) => t.seconds.to_string(),
    }
}

/// A YAML node of the yaml-input skeleton.
enum Node {
    /// A structure: ruamel `CommentedMap`, members with their comments.
    Commented(Vec<(String, Node, Option<String>)>),
    /// A map (a plain `dict`, no comments).
    Plain(Vec<(String, Node)>),
    List(Vec<Node>),
    /// A scalar, already in YAML form.
    Scalar(String),
}

/// `--generate-cli-skeleton yaml-input`: the text printed. `docs` gives the
/// comments (`awscli_model::store::docs`); without it only `[REQUIRED]` and
/// enum values are written.
pub fn render_input_skeleton_yaml(
    service: &Service,
    operation: &Operation,
    docs: Option<&Docs>,
) -> Result<String, ArgsError> {
    let node = match shape_of(service, operation.input.as_ref())? {
        Some(shape) => yaml_node(service, docs, shape, &mut Vec::new())?,
        None => Node::Commented(Vec::new()),
    };
    let mut out = String::new();
    match &node {
        Node::Commented(entries) if !entries.is_empty() => {
            emit_commented(entries, 0, false, &mut out)
        }
        _ => out.push_str("{}\n"),
    }
    Ok(out)
}

fn yaml_node(
    service: &Service,
    docs: Option<&Docs>,
    shape: &Shape,
    stack: &mut Vec<String>,
) -> Result<Node, ArgsError> {
    stack.push(shape.name.clone());
    let result = (|| {
        Ok(match shape.kind {
            ShapeType::Structure => {
                if stack.iter().filter(|s| **s == shape.name).count() > 1 {
                    return Ok(Node::Commented(Vec::new()));
                }
                let mut entries = Vec::new();
                for (member_name, member) in &shape.members {
                    let member_shape = service.resolve(member).map_err(model_error)?;
                    let node = yaml_node(service, docs, member_shape, stack)?;
                    let mut parts = Vec::new();
                    if shape.is_required(member_name) {
                        parts.push("[REQUIRED]".to_owned());
                    }
                    parts.push(doc_overview(&member_doc(
                        docs,
                        shape,
                        member_name,
                        member_shape,
                    )));
                    if let Some(values) =
                        member_shape.enum_values.as_ref().filter(|v| !v.is_empty())
                    {
                        parts.push(format!("Valid values are: {}.", values.join(", ")));
                    }
                    let comment = parts.join(" ");
                    let comment = (!comment.is_empty()
                        && !comment.chars().all(char::is_whitespace))
                    .then_some(comment);
                    entries.push((member_name.clone(), node, comment));
                }
                Node::Commented(entries)
            }
            ShapeType::List => match &shape.member {
                Some(member) => {
                    let member_shape = service.resolve(member).map_err(model_error)?;
                    Node::List(vec![yaml_node(service, docs, member_shape, stack)?])
                }
                None => Node::List(Vec::new()),
            },
            ShapeType::Map => {
                let mut entries = Vec::new();
                if let Some(value) = &shape.value {
                    let value_shape = service.resolve(value).map_err(model_error)?;
                    entries.push((
                        "KeyName".to_owned(),
                        yaml_node(service, docs, value_shape, stack)?,
                    ));
                }
                Node::Plain(entries)
            }
            ShapeType::String => {
                let first = shape.enum_values.as_ref().and_then(|e| e.first());
                Node::Scalar(yaml_string(first.map_or("", String::as_str)))
            }
            ShapeType::Integer | ShapeType::Long => Node::Scalar("0".to_owned()),
            ShapeType::Float | ShapeType::Double => Node::Scalar("0.0".to_owned()),
            ShapeType::Boolean => Node::Scalar("true".to_owned()),
            ShapeType::Timestamp => Node::Scalar("1970-01-01 00:00:00".to_owned()),
            ShapeType::Blob => Node::Scalar("!!binary ''".to_owned()),
            _ => Node::Scalar("null".to_owned()),
        })
    })();
    stack.pop();
    result
}

/// A member's documentation: the member reference's own, else its shape's.
fn member_doc(docs: Option<&Docs>, parent: &Shape, member: &str, target: &Shape) -> String {
    let Some(docs) = docs else {
        return String::new();
    };
    docs.shapes
        .get(&parent.name)
        .and_then(|s| s.members.get(member))
        .or_else(|| docs.shapes.get(&target.name).and_then(|s| s.doc.as_ref()))
        .cloned()
        .unwrap_or_default()
}

/// `get_shape_doc_overview`: the text of the XML, up to the first `.` or
/// `:`, on one line.
pub fn doc_overview(documentation: &str) -> String {
    let text = strip_xml(documentation);
    let first = match text.find(['.', ':']) {
        Some(i) => &text[..i],
        None => text.as_str(),
    };
    let mut sentence = first.to_owned();
    if !sentence.is_empty() {
        sentence.push('.');
    }
    sentence.replace(['\n', '\u{2028}'], " ")
}

/// The text nodes of `<doc>{documentation}</doc>`, or the documentation
/// unchanged when it is not well-formed XML (as minidom fails on it).
fn strip_xml(documentation: &str) -> String {
    xml_text(documentation).unwrap_or_else(|| documentation.to_owned())
}

fn xml_text(doc: &str) -> Option<String> {
    let mut out = String::with_capacity(doc.len());
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = doc;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => {
                if let Some(after) = rest.strip_prefix("<!--") {
                    rest = &after[after.find("-->")? + 3..];
                } else if let Some(after) = rest.strip_prefix("<![CDATA[") {
                    // CDATA is not a text node; minidom's walk drops it.
                    rest = &after[after.find("]]>")? + 3..];
                } else if let Some(after) = rest.strip_prefix("<?") {
                    rest = &after[after.find("?>")? + 2..];
                } else if let Some(after) = rest.strip_prefix("</") {
                    let end = after.find('>')?;
                    let name = after[..end].trim_end();
                    if stack.pop()? != name {
                        return None;
                    }
                    rest = &after[end + 1..];
                } else {
                    let after = &rest[1..];
                    let end = tag_end(after)?;
                    let inner = &after[..end];
                    let self_closing = inner.ends_with('/');
                    let inner = inner.trim_end_matches('/');
                    let name_end = inner
                        .find(|c: char| c.is_whitespace())
                        .unwrap_or(inner.len());
                    let name = &inner[..name_end];
                    if name.is_empty()
                        || !name
                            .chars()
                            .next()
                            .is_some_and(|c| c.is_alphabetic() || c == '_' || c == ':')
                    {
                        return None;
                    }
                    if !self_closing {
                        stack.push(name);
                    }
                    rest = &after[end + 1..];
                }
            }
            '&' => {
                let end = rest.find(';')?;
                let entity = &rest[1..end];
                let decoded = match entity {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    _ => {
                        let code = if let Some(hex) = entity.strip_prefix("#x") {
                            u32::from_str_radix(hex, 16).ok()?
                        } else if let Some(dec) = entity.strip_prefix('#') {
                            dec.parse().ok()?
                        } else {
                            return None;
                        };
                        char::from_u32(code)?
                    }
                };
                out.push(decoded);
                rest = &rest[end + 1..];
            }
            c => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    stack.is_empty().then_some(out)
}

/// The index of the `>` closing a start tag, skipping quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

/// A string scalar as ruamel writes it: plain when that reads back as the
/// same string, else single-quoted.
fn yaml_string(s: &str) -> String {
    if yaml_plain_ok(s) {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

fn yaml_plain_ok(s: &str) -> bool {
    if s.is_empty() || s != s.trim() {
        return false;
    }
    // Words the YAML 1.2 resolver would read as another type.
    let special = [
        "true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL", "~", ".nan",
        ".NaN", ".NAN",
    ];
    let infinity = s.trim_start_matches(['-', '+']);
    if special.contains(&s)
        || matches!(infinity, ".inf" | ".Inf" | ".INF")
        || crate::argparse::py_float(s).is_some()
        || s.parse::<jiff::civil::Date>().is_ok()
    {
        return false;
    }
    let first = s.chars().next().expect("checked non-empty");
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        // `-x`, `?x`, `:x` are plain in block context when followed by a
        // non-space, except a lone indicator.
        let second = s.chars().nth(1);
        if !(matches!(first, '-' | '?' | ':') && second.is_some_and(|c| !c.is_whitespace())) {
            return false;
        }
    }
    !(s.contains(": ") || s.contains(" #") || s.ends_with(':') || s.chars().any(|c| c.is_control()))
}

/// How ruamel places an end-of-line comment on the `index`-th key: with one
/// space when a comment already exists on an earlier key it looks at (its
/// column is reused), with two when there is none (a fresh comment gets a
/// leading space).
fn comment_gap(entries: &[(String, Node, Option<String>)], index: usize) -> &'static str {
    let key = &entries[index].0;
    if index > 0 && entries[index - 1].2.is_some() {
        return " ";
    }
    // `_yaml_get_column`: the last commented key among those before the
    // first key that sorts at or after this one.
    for (k, _, comment) in &entries[..=index] {
        if k.as_str() >= key.as_str() {
            break;
        }
        if comment.is_some() {
            return " ";
        }
    }
    "  "
}

fn emit_commented(
    entries: &[(String, Node, Option<String>)],
    indent: usize,
    inline_first: bool,
    out: &mut String,
) {
    for (i, (key, node, comment)) in entries.iter().enumerate() {
        if i > 0 || !inline_first {
            out.extend(std::iter::repeat_n(' ', indent));
        }
        out.push_str(&yaml_string(key));
        out.push(':');
        let comment_text = comment
            .as_ref()
            .map(|c| format!("{}# {c}", comment_gap(entries, i)))
            .unwrap_or_default();
        emit_value(node, indent, &comment_text, out);
    }
}

fn emit_plain(entries: &[(String, Node)], indent: usize, inline_first: bool, out: &mut String) {
    for (i, (key, node)) in entries.iter().enumerate() {
        if i > 0 || !inline_first {
            out.extend(std::iter::repeat_n(' ', indent));
        }
        out.push_str(&yaml_string(key));
        out.push(':');
        emit_value(node, indent, "", out);
    }
}

/// The value after `key:`, then its comment and the nested block.
fn emit_value(node: &Node, indent: usize, comment: &str, out: &mut String) {
    match node {
        Node::Scalar(s) => {
            out.push(' ');
            out.push_str(s);
            out.push_str(comment);
            out.push('\n');
        }
        Node::Commented(e) if e.is_empty() => {
            out.push_str(" {}");
            out.push_str(comment);
            out.push('\n');
        }
        Node::Plain(e) if e.is_empty() => {
            out.push_str(" {}");
            out.push_str(comment);
            out.push('\n');
        }
        Node::List(items) if items.is_empty() => {
            out.push_str(" []");
            out.push_str(comment);
            out.push('\n');
        }
        Node::Commented(entries) => {
            out.push_str(comment);
            out.push('\n');
            emit_commented(entries, indent + 2, false, out);
        }
        Node::Plain(entries) => {
            out.push_str(comment);
            out.push('\n');
            emit_plain(entries, indent + 2, false, out);
        }
        Node::List(items) => {
            out.push_str(comment);
            out.push('\n');
            emit_list(items, indent, false, out);
        }
    }
}

fn emit_list(items: &[Node], indent: usize, inline_first: bool, out: &mut String) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !inline_first {
            out.extend(std::iter::repeat_n(' ', indent));
        }
        out.push('-');
        match item {
            Node::Scalar(s) => {
                out.push(' ');
                out.push_str(s);
                out.push('\n');
            }
            Node::Commented(e) if !e.is_empty() => {
                out.push(' ');
                emit_commented(e, indent + 2, true, out);
            }
            Node::Plain(e) if !e.is_empty() => {
                out.push(' ');
                emit_plain(e, indent + 2, true, out);
            }
            Node::List(inner) if !inner.is_empty() => {
                out.push(' ');
                emit_list(inner, indent + 2, true, out);
            }
            Node::List(_) => out.push_str(" []\n"),
            _ => out.push_str(" {}\n"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_overview_takes_first_sentence_of_text() {
        assert_eq!(
            doc_overview("<p>The name of the new queue. More.</p>"),
            "The name of the new queue."
        );
        assert_eq!(doc_overview("<p>A &amp; B: c</p>"), "A & B.");
        assert_eq!(doc_overview(""), "");
        assert_eq!(
            doc_overview("<p>broken &nbsp; text.</p>"),
            "<p>broken &nbsp; text."
        );
    }

    #[test]
    fn yaml_string_quotes_what_reads_back_differently() {
        assert_eq!(yaml_string(""), "''");
        assert_eq!(yaml_string("private"), "private");
        assert_eq!(yaml_string("ON"), "ON");
        assert_eq!(yaml_string("aws:kms"), "aws:kms");
        assert_eq!(yaml_string("true"), "'true'");
        assert_eq!(yaml_string("123"), "'123'");
        assert_eq!(yaml_string("*"), "'*'");
        assert_eq!(yaml_string("NULL"), "'NULL'");
        assert_eq!(yaml_string("nULL"), "nULL");
    }
}
