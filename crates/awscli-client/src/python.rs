//! Python renderings the reference puts in user-visible text: `json.dumps`
//! (default separators, `ensure_ascii=True`) for pagination tokens, `repr`
//! for dicts in pagination errors, `str` for waiter expectations, and
//! Python's `==` between a parsed value and a waiter's expected JSON.
//!
//! Spec: the Python 3 `json` module and `repr` of builtins, as botocore's
//! `paginate.TokenEncoder` and `waiter.AcceptorConfig.explanation` use them.
use awscli_model::Value;
use base64::Engine;

/// `json.dumps(value)` with Python's defaults. Blobs are written as base64
/// strings (the caller records their paths, as `TokenEncoder` does);
/// timestamps as their wire text or ISO form.
pub fn json_dumps(value: &Value) -> String {
    let mut out = String::new();
    write_json(value, &mut out);
    out
}

fn write_json(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Integer(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&float_repr(*f, true)),
        Value::String(s) => write_json_string(s, out),
        Value::Blob(b) => {
            write_json_string(&base64::engine::general_purpose::STANDARD.encode(b), out)
        }
        Value::Timestamp(t) => {
            let text = timestamp_text(t);
            write_json_string(&text, out)
        }
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Value::Map(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_json_string(k, out);
                out.push_str(": ");
                write_json(v, out);
            }
            out.push('}');
        }
    }
}

fn timestamp_text(t: &awscli_model::Timestamp) -> String {
    match &t.wire {
        Some(awscli_model::WireValue::Text(s)) | Some(awscli_model::WireValue::Number(s)) => {
            s.clone()
        }
        None => t.as_epoch_f64().to_string(),
    }
}

/// A JSON string literal with `ensure_ascii=True` escaping.
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
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Python's `repr(float)`: the shortest round-trip digits, in exponent form
/// below 1e-4 or from 1e16 up. `json` writes `NaN`/`Infinity`; `repr`
/// writes `nan`/`inf`.
pub fn float_repr(f: f64, json: bool) -> String {
    if json && f.is_nan() {
        return "NaN".into();
    }
    if json && f.is_infinite() {
        return if f < 0.0 {
            "-Infinity".into()
        } else {
            "Infinity".into()
        };
    }
    awscli_jmespath::python::float_repr(f)
}

/// Python's `repr()` of the value botocore would hold (dicts, lists, str,
/// int, float, bool, None, bytes).
pub fn repr(value: &Value) -> String {
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => float_repr(*f, false),
        Value::String(s) => str_repr(s),
        Value::Blob(b) => bytes_repr(b),
        Value::Timestamp(t) => str_repr(&timestamp_text(t)),
        Value::List(items) => {
            let parts: Vec<String> = items.iter().map(repr).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Map(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", str_repr(k), repr(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

/// Python's `str()`: like `repr` except that a top-level string is bare.
pub fn str_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => repr(other),
    }
}

fn str_repr(s: &str) -> String {
    awscli_jmespath::python::repr_str(s)
}

fn bytes_repr(b: &[u8]) -> String {
    let mut out = String::from("b'");
    for &byte in b {
        match byte {
            b'\\' => out.push_str("\\\\"),
            b'\'' => out.push_str("\\'"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7e => out.push(byte as char),
            _ => out.push_str(&format!("\\x{byte:02x}")),
        }
    }
    out.push('\'');
    out
}

/// A JSON document as a [`Value`] (objects keep their order; integers that
/// fit stay integers).
pub fn value_from_json(json: &serde_json::Value) -> Value {
    awscli_jmespath::python::from_json(json.clone())
}

/// Python `==` between a parsed value and an expected JSON value: numbers
/// compare by value across int/float (and bools equal 1/0, as in Python).
pub fn python_eq(value: &Value, expected: &serde_json::Value) -> bool {
    fn num(v: &Value) -> Option<f64> {
        match v {
            Value::Integer(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
            _ => None,
        }
    }
    match (value, expected) {
        (Value::Null, serde_json::Value::Null) => true,
        (Value::String(a), serde_json::Value::String(b)) => a == b,
        (Value::Bool(a), serde_json::Value::Bool(b)) => a == b,
        (v, serde_json::Value::Number(n)) => match (num(v), n.as_f64()) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        },
        (Value::Integer(_) | Value::Float(_), serde_json::Value::Bool(b)) => {
            num(value) == Some(if *b { 1.0 } else { 0.0 })
        }
        (Value::List(a), serde_json::Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| python_eq(x, y))
        }
        (Value::Map(a), serde_json::Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, v)| b.get(k).is_some_and(|e| python_eq(v, e)))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: Vec<(&str, Value)>) -> Value {
        Value::Map(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    }

    #[test]
    fn json_dumps_matches_python_defaults() {
        let v = map(vec![
            ("Marker", Value::Null),
            ("boto_truncate_amount", Value::Integer(1)),
        ]);
        assert_eq!(
            json_dumps(&v),
            r#"{"Marker": null, "boto_truncate_amount": 1}"#
        );
        let v = map(vec![("k", Value::String("é\u{1F600}\n\"".into()))]);
        assert_eq!(json_dumps(&v), r#"{"k": "\u00e9\ud83d\ude00\n\""}"#);
        let v = Value::List(vec![
            Value::Float(1.0),
            Value::Float(0.5),
            Value::Bool(true),
        ]);
        assert_eq!(json_dumps(&v), "[1.0, 0.5, true]");
    }

    #[test]
    fn float_repr_matches_python() {
        assert_eq!(float_repr(1e16, false), "1e+16");
        assert_eq!(float_repr(1234.5, false), "1234.5");
        assert_eq!(float_repr(0.0001, false), "0.0001");
        assert_eq!(float_repr(0.00001, false), "1e-05");
        assert_eq!(float_repr(1.5e300, false), "1.5e+300");
        assert_eq!(float_repr(-2.0, false), "-2.0");
        assert_eq!(float_repr(123456789012345.0, false), "123456789012345.0");
    }

    #[test]
    fn repr_matches_python() {
        let v = map(vec![
            ("NextToken", Value::String("abc".into())),
            ("Other", Value::Null),
            ("q", Value::String("it's".into())),
        ]);
        assert_eq!(
            repr(&v),
            r#"{'NextToken': 'abc', 'Other': None, 'q': "it's"}"#
        );
        assert_eq!(str_of(&Value::String("running".into())), "running");
        assert_eq!(str_of(&Value::Bool(true)), "True");
        assert_eq!(repr(&Value::Blob(b"a\x00'".to_vec())), r"b'a\x00\''");
    }

    #[test]
    fn python_eq_crosses_int_and_float() {
        assert!(python_eq(&Value::Integer(1), &serde_json::json!(1.0)));
        assert!(python_eq(
            &Value::String("a".into()),
            &serde_json::json!("a")
        ));
        assert!(!python_eq(
            &Value::String("1".into()),
            &serde_json::json!(1)
        ));
        assert!(python_eq(&Value::Bool(true), &serde_json::json!(true)));
    }
}
