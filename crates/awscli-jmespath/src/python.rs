//! Python value semantics the AWS CLI's output depends on: `repr(float)`,
//! `str()`/`repr()` of containers (used in jmespath.py error messages),
//! `json.dumps` (used by `to_string()` and by the CLI's JSON output) and
//! `datetime.isoformat()`.
//!
//! The output crate reuses [`write_json`] and [`float_repr`] so that the
//! JSON the CLI prints and the JSON `to_string()` returns come from one
//! implementation.
//!
//! Reference: CPython `Lib/json/encoder.py`, `Objects/floatobject.c`
//! (`float_repr`, "short" repr style) and `datetime.isoformat`.
use awscli_model::{Timestamp, Value};
use base64::Engine;
use indexmap::IndexMap;

/// Converts a parsed JSON document into a [`Value`] (what `json.loads`
/// returns in Python).
pub fn from_json(json: serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Value::String(s),
        serde_json::Value::Array(items) => Value::List(items.into_iter().map(from_json).collect()),
        serde_json::Value::Object(map) => Value::Map(
            map.into_iter()
                .map(|(k, v)| (k, from_json(v)))
                .collect::<IndexMap<_, _>>(),
        ),
    }
}

/// Python's `repr(float)`: the shortest text that round-trips, in fixed
/// notation when the decimal exponent is in -4..16, else `1e-05`/`1.5e+20`.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    // Rust's `{:e}` is also shortest-round-trip: "1.5e20", "-1e-5", "0e0".
    let sci = format!("{f:e}");
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if negative { "-" } else { "" };
    if (-4..16).contains(&exponent) {
        let point = exponent + 1; // digits before the decimal point
        let text = if point <= 0 {
            format!("0.{}{}", "0".repeat((-point) as usize), digits)
        } else if (point as usize) >= digits.len() {
            format!("{}{}.0", digits, "0".repeat(point as usize - digits.len()))
        } else {
            let (int, frac) = digits.split_at(point as usize);
            format!("{int}.{frac}")
        };
        format!("{sign}{text}")
    } else {
        let (first, rest) = digits.split_at(1);
        let mantissa = if rest.is_empty() {
            first.to_owned()
        } else {
            format!("{first}.{rest}")
        };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        format!("{sign}{mantissa}e{exp_sign}{:02}", exponent.unsigned_abs())
    }
}

/// `datetime.isoformat()` of a timestamp shown at `offset` seconds east of
/// UTC: `2026-11-27T01:22:33.786231+00:00`, microseconds only when non-zero.
pub fn isoformat(seconds: i64, micros: u32, offset: i32) -> String {
    let local = seconds + i64::from(offset);
    let days = local.div_euclid(86_400);
    let secs_of_day = local.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let mut out = format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        secs_of_day / 3600,
        (secs_of_day / 60) % 60,
        secs_of_day % 60
    );
    if micros != 0 {
        out.push_str(&format!(".{micros:06}"));
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let abs = offset.unsigned_abs();
    out.push_str(&format!("{sign}{:02}:{:02}", abs / 3600, (abs / 60) % 60));
    if (abs / 60) * 60 != abs {
        out.push_str(&format!(":{:02}", abs % 60));
    }
    out
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The ISO text of a timestamp that reached JMESPath or the output without
/// being normalized first: its own offset, or UTC for bare epoch values.
pub fn timestamp_text(ts: &Timestamp) -> String {
    isoformat(ts.seconds, ts.nanos / 1000, ts.offset.unwrap_or(0))
}

/// Blobs print as base64, as the CLI's JSON encoder does.
pub fn blob_text(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// How [`write_json`] lays out its output (the `json.dumps` arguments).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonStyle {
    /// `indent=`; `None` is the single-line form.
    pub indent: Option<usize>,
    /// `ensure_ascii=`: escape every non-ASCII character as `\uXXXX`.
    pub ensure_ascii: bool,
    /// `separators=(',', ':')` instead of the default `(', ', ': ')`
    /// (only meaningful without indent).
    pub compact: bool,
}

impl JsonStyle {
    /// The CLI's `--output json`: `json.dumps(indent=4, ensure_ascii=False)`.
    pub const CLI: JsonStyle = JsonStyle {
        indent: Some(4),
        ensure_ascii: false,
        compact: false,
    };
    /// jmespath's `to_string()`: `json.dumps(separators=(',', ':'))`.
    pub const TO_STRING: JsonStyle = JsonStyle {
        indent: None,
        ensure_ascii: true,
        compact: true,
    };
}

/// Appends `value` as Python's `json.dumps` writes it. Blobs become base64
/// strings and timestamps ISO strings; non-finite floats are `NaN`,
/// `Infinity`, `-Infinity` as Python emits them.
pub fn write_json(out: &mut String, value: &Value, style: JsonStyle) {
    write_json_at(out, value, style, 0);
}

fn newline_indent(out: &mut String, style: JsonStyle, level: usize) {
    if let Some(width) = style.indent {
        out.push('\n');
        out.push_str(&" ".repeat(width * level));
    }
}

fn write_json_at(out: &mut String, value: &Value, style: JsonStyle, level: usize) {
    let item_separator = match (style.indent, style.compact) {
        (Some(_), _) | (None, true) => ",",
        (None, false) => ", ",
    };
    let key_separator = if style.compact && style.indent.is_none() {
        ":"
    } else {
        ": "
    };
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Integer(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&json_float(*f)),
        Value::String(s) => write_json_string(out, s, style.ensure_ascii),
        Value::Blob(b) => write_json_string(out, &blob_text(b), style.ensure_ascii),
        Value::Timestamp(ts) => write_json_string(out, &timestamp_text(ts), style.ensure_ascii),
        Value::List(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(item_separator);
                }
                newline_indent(out, style, level + 1);
                write_json_at(out, item, style, level + 1);
            }
            newline_indent(out, style, level);
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
                    out.push_str(item_separator);
                }
                newline_indent(out, style, level + 1);
                write_json_string(out, key, style.ensure_ascii);
                out.push_str(key_separator);
                write_json_at(out, item, style, level + 1);
            }
            newline_indent(out, style, level);
            out.push('}');
        }
    }
}

/// `float.__repr__` as the json encoder uses it, with its names for the
/// non-finite values.
pub fn json_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".to_owned()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        float_repr(f)
    }
}

/// A JSON string literal with Python's escapes (`json.encoder`'s
/// `py_encode_basestring` / `py_encode_basestring_ascii`).
pub fn write_json_string(out: &mut String, s: &str, ensure_ascii: bool) {
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
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if ensure_ascii && (c as u32) > 0x7e => {
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

/// Python's `str()` of a value: strings bare, everything else as `repr()`.
pub fn str_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Blob(b) => blob_text(b),
        Value::Timestamp(ts) => timestamp_text(ts),
        other => repr(other),
    }
}

/// Python's `repr()` of the value as the equivalent Python object.
pub fn repr(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => float_repr(*f),
        Value::String(s) => repr_str(s),
        Value::Blob(b) => repr_str(&blob_text(b)),
        Value::Timestamp(ts) => repr_str(&timestamp_text(ts)),
        Value::List(items) => {
            let parts: Vec<String> = items.iter().map(repr).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Map(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", repr_str(k), repr(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

/// Python's `repr(str)`: single quotes unless the text has a single quote
/// and no double quote.
pub fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::new();
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_repr_matches_python() {
        let cases = [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (1.5e20, "1.5e+20"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (123.456, "123.456"),
            (-2.5, "-2.5"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1795743167.741, "1795743167.741"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
        ];
        for (f, expected) in cases {
            assert_eq!(float_repr(f), expected, "{f}");
        }
    }

    #[test]
    fn isoformat_matches_python() {
        assert_eq!(
            isoformat(1_795_743_167, 741_000, 9 * 3600),
            "2026-11-27T10:32:47.741000+09:00"
        );
        assert_eq!(isoformat(0, 0, 0), "1970-01-01T00:00:00+00:00");
        assert_eq!(
            isoformat(-1, 0, -5 * 3600 - 30 * 60),
            "1969-12-31T18:29:59-05:30"
        );
    }

    #[test]
    fn repr_of_containers() {
        let v = Value::List(vec![
            Value::String("it's".into()),
            Value::Null,
            Value::Bool(true),
            Value::Float(2.0),
        ]);
        assert_eq!(repr(&v), "[\"it's\", None, True, 2.0]");
    }
}
