//! JSON as the `json` and `rest-json` protocols write and read it.
//!
//! Writing follows Python's `json.dumps` byte for byte (`", "` and `": "`
//! separators, `ensure_ascii`, `repr` floats), because botocore builds the
//! body that way. Reading keeps numbers as their text so a timestamp can
//! remember its wire form (`WireValue::Number`). Specs:
//! <https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html>,
//! <https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html>,
//! botocore `serialize.py` (`JSONSerializer`) and `parsers.py`
//! (`BaseJSONParser`).
use std::fmt::Write;

use awscli_model::{Service, ShapeType, Value};
use base64::Engine;
use indexmap::IndexMap;

use crate::error::{ParseError, SerializeError};
use crate::shape_ref::{list_member, map_key_value, ShapeRef};
use crate::timestamp::{self, EpochNumber, Format, Precision};

/// A JSON document with numbers kept as text.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The member `key` of an object; the last one wins, as in Python.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries) => entries.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Python's `repr(float)`: shortest round-trip digits, `.0` on integral
/// values, exponent form outside `1e-4 <= |f| < 1e16`.
pub fn python_float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0" } else { "0.0" }.to_owned();
    }
    let exp_form = format!("{f:e}");
    let (mantissa, exp) = exp_form
        .split_once('e')
        .expect("LowerExp output always has an exponent");
    let exp: i32 = exp.parse().expect("LowerExp exponent is an integer");
    if !(-4..16).contains(&exp) {
        format!(
            "{mantissa}e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        )
    } else {
        let s = f.to_string();
        if s.contains('.') {
            s
        } else {
            s + ".0"
        }
    }
}

/// The separators of `json.dumps`: default (`", "`, `": "`) or compact.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Python,
    Compact,
}

fn write_string(out: &mut String, s: &str) {
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
            ' '..='~' => out.push(c),
            _ => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    // Writing to a String cannot fail.
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

/// Writes JSON as `json.dumps` does (with `ensure_ascii`).
pub fn write_json(json: &Json, style: Style) -> String {
    let mut out = String::new();
    write_into(&mut out, json, style);
    out
}

fn write_into(out: &mut String, json: &Json, style: Style) {
    let (item_sep, key_sep) = match style {
        Style::Python => (", ", ": "),
        Style::Compact => (",", ":"),
    };
    match json {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => out.push_str(n),
        Json::String(s) => write_string(out, s),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                write_into(out, item, style);
            }
            out.push(']');
        }
        Json::Object(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                write_string(out, k);
                out.push_str(key_sep);
                write_into(out, v, style);
            }
            out.push('}');
        }
    }
}

/// Reads a JSON document.
pub fn parse_json(text: &str) -> Result<Json, String> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        pos: 0,
    };
    reader.skip_ws();
    let value = reader.value(0)?;
    reader.skip_ws();
    if reader.pos != reader.bytes.len() {
        return Err(format!("trailing characters at offset {}", reader.pos));
    }
    Ok(value)
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl Reader<'_> {
    fn skip_ws(&mut self) {
        while self.pos < self.bytes.len()
            && matches!(self.bytes[self.pos], b' ' | b'\t' | b'\n' | b'\r')
        {
            self.pos += 1;
        }
    }

    fn err(&self, what: &str) -> String {
        format!("{what} at offset {}", self.pos)
    }

    fn eat(&mut self, lit: &str) -> bool {
        if self.text[self.pos..].starts_with(lit) {
            self.pos += lit.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > 512 {
            return Err(self.err("nesting too deep"));
        }
        match self.bytes.get(self.pos) {
            None => Err(self.err("unexpected end")),
            Some(b'{') => {
                self.pos += 1;
                let mut entries = Vec::new();
                self.skip_ws();
                if self.eat("}") {
                    return Ok(Json::Object(entries));
                }
                loop {
                    self.skip_ws();
                    if self.bytes.get(self.pos) != Some(&b'"') {
                        return Err(self.err("expected a key"));
                    }
                    let key = self.string()?;
                    self.skip_ws();
                    if !self.eat(":") {
                        return Err(self.err("expected ':'"));
                    }
                    self.skip_ws();
                    let v = self.value(depth + 1)?;
                    entries.push((key, v));
                    self.skip_ws();
                    if self.eat(",") {
                        continue;
                    }
                    if self.eat("}") {
                        return Ok(Json::Object(entries));
                    }
                    return Err(self.err("expected ',' or '}'"));
                }
            }
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                self.skip_ws();
                if self.eat("]") {
                    return Ok(Json::Array(items));
                }
                loop {
                    self.skip_ws();
                    items.push(self.value(depth + 1)?);
                    self.skip_ws();
                    if self.eat(",") {
                        continue;
                    }
                    if self.eat("]") {
                        return Ok(Json::Array(items));
                    }
                    return Err(self.err("expected ',' or ']'"));
                }
            }
            Some(b'"') => self.string().map(Json::String),
            Some(b't') if self.eat("true") => Ok(Json::Bool(true)),
            Some(b'f') if self.eat("false") => Ok(Json::Bool(false)),
            Some(b'n') if self.eat("null") => Ok(Json::Null),
            // Python's json module also reads these.
            Some(b'N') if self.eat("NaN") => Ok(Json::Number("NaN".to_owned())),
            Some(b'I') if self.eat("Infinity") => Ok(Json::Number("Infinity".to_owned())),
            Some(b'-') if self.eat("-Infinity") => Ok(Json::Number("-Infinity".to_owned())),
            Some(b'-' | b'0'..=b'9') => {
                let start = self.pos;
                while self.pos < self.bytes.len()
                    && matches!(
                        self.bytes[self.pos],
                        b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'
                    )
                {
                    self.pos += 1;
                }
                let text = &self.text[start..self.pos];
                if text.parse::<f64>().is_err() {
                    return Err(self.err("invalid number"));
                }
                Ok(Json::Number(text.to_owned()))
            }
            Some(_) => Err(self.err("unexpected character")),
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let hex = self
            .text
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.err("bad \\u escape"))?;
        let v = u32::from_str_radix(hex, 16).map_err(|_| self.err("bad \\u escape"))?;
        self.pos += 4;
        Ok(v)
    }

    fn string(&mut self) -> Result<String, String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let start = self.pos;
            while self.pos < self.bytes.len() && !matches!(self.bytes[self.pos], b'"' | b'\\') {
                self.pos += 1;
            }
            out.push_str(&self.text[start..self.pos]);
            match self.bytes.get(self.pos) {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                _ => {
                    self.pos += 1;
                    let esc = *self
                        .bytes
                        .get(self.pos)
                        .ok_or_else(|| self.err("bad escape"))?;
                    self.pos += 1;
                    match esc {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let mut cp = self.hex4()?;
                            if (0xD800..0xDC00).contains(&cp)
                                && self.text[self.pos..].starts_with("\\u")
                            {
                                self.pos += 2;
                                let low = self.hex4()?;
                                if (0xDC00..0xE000).contains(&low) {
                                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                                } else {
                                    out.push('\u{FFFD}');
                                    cp = low;
                                }
                            }
                            out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                        }
                        _ => return Err(self.err("bad escape")),
                    }
                }
            }
        }
    }
}

/// A JSON number's text as a [`Value`]: an integer unless it has a
/// fraction or exponent (as Python's `json.loads` decides).
pub fn number_to_value(text: &str) -> Value {
    match text {
        "NaN" => return Value::Float(f64::NAN),
        "Infinity" => return Value::Float(f64::INFINITY),
        "-Infinity" => return Value::Float(f64::NEG_INFINITY),
        _ => {}
    }
    if !text.contains(['.', 'e', 'E']) {
        if let Ok(i) = text.parse::<i64>() {
            return Value::Integer(i);
        }
    }
    Value::Float(text.parse().unwrap_or(f64::NAN))
}

/// JSON to [`Value`] with no shape (documents, error bodies).
pub fn json_to_value(json: &Json) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => number_to_value(n),
        Json::String(s) => Value::String(s.clone()),
        Json::Array(items) => Value::List(items.iter().map(json_to_value).collect()),
        Json::Object(entries) => {
            let mut map = IndexMap::new();
            for (k, v) in entries {
                map.insert(k.clone(), json_to_value(v));
            }
            Value::Map(map)
        }
    }
}

/// A float as botocore's `_handle_float` leaves it: special values become
/// the strings `Infinity`, `-Infinity`, `NaN`.
pub fn float_to_json(f: f64) -> Json {
    if f.is_nan() {
        Json::String("NaN".to_owned())
    } else if f.is_infinite() {
        Json::String(if f > 0.0 { "Infinity" } else { "-Infinity" }.to_owned())
    } else {
        Json::Number(python_float_repr(f))
    }
}

/// [`Value`] to JSON with no shape (documents, `jsonvalue` headers).
pub fn value_to_json(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Integer(i) => Json::Number(i.to_string()),
        Value::Float(f) => float_to_json(*f),
        Value::String(s) => Json::String(s.clone()),
        Value::Blob(b) => Json::String(String::from_utf8_lossy(b).into_owned()),
        Value::Timestamp(ts) => Json::Number(python_float_repr(ts.as_epoch_f64())),
        Value::List(items) => Json::Array(items.iter().map(value_to_json).collect()),
        Value::Map(map) => Json::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), value_to_json(v)))
                .collect(),
        ),
    }
}

/// Bytes of a blob input: bytes as given, text as UTF-8.
pub(crate) fn blob_bytes<'v>(value: &'v Value, path: &str) -> Result<&'v [u8], SerializeError> {
    match value {
        Value::Blob(b) => Ok(b),
        Value::String(s) => Ok(s.as_bytes()),
        _ => Err(SerializeError::InvalidType {
            path: path.to_owned(),
            expected: "bytes",
        }),
    }
}

pub(crate) fn base64_encode(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub(crate) fn base64_decode(text: &str) -> Result<Vec<u8>, ParseError> {
    let cleaned: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(cleaned.as_bytes())
        .or_else(|_| {
            base64::engine::general_purpose::STANDARD_NO_PAD.decode(cleaned.trim_end_matches('='))
        })
        .map_err(|e| ParseError::InvalidValue(format!("invalid base64 blob: {e}")))
}

/// How timestamps are written when no `timestampFormat` applies.
pub(crate) struct JsonSerializer<'s> {
    pub service: &'s Service,
    pub precision: Precision,
}

impl JsonSerializer<'_> {
    /// Serializes `value` as the shape `sref` describes.
    pub fn value(
        &self,
        sref: ShapeRef<'_>,
        value: &Value,
        path: &str,
    ) -> Result<Json, SerializeError> {
        let service = self.service;
        match sref.kind() {
            ShapeType::Structure if sref.is_document() => Ok(value_to_json(value)),
            ShapeType::Structure => {
                let map = value.as_map().ok_or_else(|| SerializeError::InvalidType {
                    path: path.to_owned(),
                    expected: "dict",
                })?;
                self.structure(sref, map, path)
            }
            ShapeType::List => {
                let items = value.as_list().ok_or_else(|| SerializeError::InvalidType {
                    path: path.to_owned(),
                    expected: "list",
                })?;
                let member = list_member(service, sref.shape)?;
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.value(member, item, &format!("{path}[{i}]")))
                    .collect::<Result<Vec<_>, _>>()
                    .map(Json::Array)
            }
            ShapeType::Map => {
                let map = value.as_map().ok_or_else(|| SerializeError::InvalidType {
                    path: path.to_owned(),
                    expected: "dict",
                })?;
                let (_, value_ref) = map_key_value(service, sref.shape)?;
                let mut entries = Vec::with_capacity(map.len());
                for (k, v) in map {
                    entries.push((k.clone(), self.value(value_ref, v, &format!("{path}.{k}"))?));
                }
                Ok(Json::Object(entries))
            }
            ShapeType::Timestamp => {
                let ts = timestamp::timestamp_from_value(value).ok_or_else(|| {
                    SerializeError::InvalidTimestamp {
                        path: path.to_owned(),
                        value: format!("{value:?}"),
                    }
                })?;
                let format = sref
                    .timestamp_format()
                    .and_then(Format::from_model)
                    .unwrap_or(Format::UnixTimestamp);
                Ok(match format {
                    Format::UnixTimestamp => match timestamp::format_unix(&ts, self.precision) {
                        EpochNumber::Integer(i) => Json::Number(i.to_string()),
                        EpochNumber::Float(f) => Json::Number(python_float_repr(f)),
                    },
                    other => Json::String(timestamp::format_text(&ts, other, self.precision)),
                })
            }
            ShapeType::Blob => Ok(Json::String(base64_encode(blob_bytes(value, path)?))),
            _ => Ok(value_to_json(value)),
        }
    }

    pub fn structure(
        &self,
        sref: ShapeRef<'_>,
        map: &IndexMap<String, Value>,
        path: &str,
    ) -> Result<Json, SerializeError> {
        let mut entries = Vec::with_capacity(map.len());
        for (name, v) in map {
            if v.is_null() {
                continue;
            }
            let member =
                sref.shape
                    .members
                    .get(name)
                    .ok_or_else(|| SerializeError::UnknownParameter {
                        path: path.to_owned(),
                        name: name.clone(),
                    })?;
            let mref = ShapeRef::resolve(self.service, member)?;
            let key = mref.name().unwrap_or(name);
            entries.push((
                key.to_owned(),
                self.value(mref, v, &format!("{path}.{name}"))?,
            ));
        }
        Ok(Json::Object(entries))
    }
}

/// Which parser's scalar handling applies: `rest-json` converts scalars
/// (`int()`, `float()`, `ensure_boolean`), `json` keeps what JSON gave.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    Rpc,
    Rest,
}

pub(crate) struct JsonParser<'s> {
    pub service: &'s Service,
    pub flavor: Flavor,
}

impl JsonParser<'_> {
    pub fn value(&self, sref: ShapeRef<'_>, json: &Json) -> Result<Value, ParseError> {
        if matches!(json, Json::Null) {
            return Ok(Value::Null);
        }
        match sref.kind() {
            ShapeType::Structure if sref.is_document() => Ok(json_to_value(json)),
            ShapeType::Structure => self.structure(sref, json),
            ShapeType::List => match json {
                Json::Array(items) => {
                    let member = list_member(self.service, sref.shape)?;
                    items
                        .iter()
                        .map(|item| self.value(member, item))
                        .collect::<Result<Vec<_>, _>>()
                        .map(Value::List)
                }
                _ => Err(ParseError::InvalidValue(format!(
                    "expected a list for {}",
                    sref.shape.name
                ))),
            },
            ShapeType::Map => match json {
                Json::Object(entries) => {
                    let (_, value_ref) = map_key_value(self.service, sref.shape)?;
                    let mut map = IndexMap::new();
                    for (k, v) in entries {
                        map.insert(k.clone(), self.value(value_ref, v)?);
                    }
                    Ok(Value::Map(map))
                }
                _ => Err(ParseError::InvalidValue(format!(
                    "expected a map for {}",
                    sref.shape.name
                ))),
            },
            ShapeType::Timestamp => {
                let parsed = match json {
                    Json::Number(n) => timestamp::from_wire_number(n),
                    Json::String(s) => timestamp::from_wire_text(s),
                    _ => None,
                };
                parsed
                    .ok_or_else(|| ParseError::InvalidValue(format!("invalid timestamp: {json:?}")))
            }
            ShapeType::Blob => match json {
                Json::String(s) => Ok(Value::Blob(base64_decode(s)?)),
                other => Ok(json_to_value(other)),
            },
            ShapeType::Float | ShapeType::Double if self.flavor == Flavor::Rest => match json {
                Json::Number(n) => Ok(Value::Float(match number_to_value(n) {
                    Value::Integer(i) => i as f64,
                    Value::Float(f) => f,
                    _ => f64::NAN,
                })),
                Json::String(s) => Ok(Value::Float(parse_python_float(s)?)),
                other => Ok(json_to_value(other)),
            },
            ShapeType::Integer | ShapeType::Long if self.flavor == Flavor::Rest => match json {
                Json::Number(n) => Ok(match number_to_value(n) {
                    Value::Float(f) if f.is_finite() => Value::Integer(f.trunc() as i64),
                    other => other,
                }),
                other => Ok(json_to_value(other)),
            },
            _ => Ok(json_to_value(json)),
        }
    }

    fn structure(&self, sref: ShapeRef<'_>, json: &Json) -> Result<Value, ParseError> {
        let Json::Object(entries) = json else {
            return Err(ParseError::InvalidValue(format!(
                "expected an object for {}",
                sref.shape.name
            )));
        };
        if sref.shape.union {
            if let Some(unknown) = unknown_union_member(
                sref,
                entries
                    .iter()
                    .map(|(k, v)| (k.as_str(), matches!(v, Json::Null))),
            )? {
                return Ok(unknown);
            }
        }
        let mut map = IndexMap::new();
        for (name, member) in &sref.shape.members {
            let mref = ShapeRef::resolve(self.service, member)?;
            let key = mref.name().unwrap_or(name);
            match json.get(key) {
                None | Some(Json::Null) => {}
                Some(v) => {
                    map.insert(name.clone(), self.value(mref, v)?);
                }
            }
        }
        Ok(Value::Map(map))
    }
}

/// botocore's `_has_unknown_tagged_union_member`: a union must have exactly
/// one member set; one the model does not know becomes
/// `{"SDK_UNKNOWN_MEMBER": {"name": tag}}`.
pub(crate) fn unknown_union_member<'k>(
    sref: ShapeRef<'_>,
    keys: impl Iterator<Item = (&'k str, bool)>,
) -> Result<Option<Value>, ParseError> {
    let set: Vec<&str> = keys
        .filter(|(k, is_null)| *k != "__type" && !is_null)
        .map(|(k, _)| k)
        .collect();
    if set.len() != 1 {
        return Err(ParseError::InvalidValue(format!(
            "{} must have one and only one member set.",
            sref.shape.name
        )));
    }
    let tag = set[0];
    let known = sref
        .shape
        .members
        .iter()
        .any(|(name, m)| m.location_name.as_deref().unwrap_or(name) == tag);
    if known {
        return Ok(None);
    }
    let mut inner = IndexMap::new();
    inner.insert("name".to_owned(), Value::String(tag.to_owned()));
    let mut outer = IndexMap::new();
    outer.insert("SDK_UNKNOWN_MEMBER".to_owned(), Value::Map(inner));
    Ok(Some(Value::Map(outer)))
}

/// Python's `float(text)`, which also reads `NaN`, `Infinity`, `-inf`.
pub(crate) fn parse_python_float(text: &str) -> Result<f64, ParseError> {
    let t = text.trim();
    match t.to_ascii_lowercase().as_str() {
        "nan" | "+nan" | "-nan" => Ok(f64::NAN),
        "inf" | "+inf" | "infinity" | "+infinity" => Ok(f64::INFINITY),
        "-inf" | "-infinity" => Ok(f64::NEG_INFINITY),
        _ => t.parse().map_err(|_| {
            ParseError::InvalidValue(format!("could not convert string to float: '{text}'"))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_float_repr_matches_python() {
        assert_eq!(python_float_repr(1.0), "1.0");
        assert_eq!(python_float_repr(1.5), "1.5");
        assert_eq!(python_float_repr(1e16), "1e+16");
        assert_eq!(python_float_repr(1.5e-5), "1.5e-05");
        assert_eq!(python_float_repr(123456789.123), "123456789.123");
        assert_eq!(python_float_repr(0.0001), "0.0001");
    }

    #[test]
    fn write_json_escapes_like_python() {
        let j = Json::Object(vec![
            ("a".into(), Json::String("é\n\u{1F600}".into())),
            (
                "b".into(),
                Json::Array(vec![Json::Number("1".into()), Json::Null]),
            ),
        ]);
        assert_eq!(
            write_json(&j, Style::Python),
            r#"{"a": "\u00e9\n\ud83d\ude00", "b": [1, null]}"#
        );
        assert_eq!(
            write_json(&j, Style::Compact),
            r#"{"a":"\u00e9\n\ud83d\ude00","b":[1,null]}"#
        );
    }

    #[test]
    fn parse_json_keeps_number_text() {
        let j = parse_json(r#"{"t": 1398796238.120, "s": "\u00e9\ud83d\ude00"}"#).unwrap();
        assert_eq!(j.get("t"), Some(&Json::Number("1398796238.120".into())));
        assert_eq!(j.get("s"), Some(&Json::String("é\u{1F600}".into())));
    }
}
