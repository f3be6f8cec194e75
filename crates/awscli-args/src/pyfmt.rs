//! Python's `str()`, `repr()` and `type()` text for parameter values.
//!
//! The reference's messages embed Python objects (`value: ['b', 'c'], type:
//! <class 'list'>`, `invalid literal for int() with base 10: 'abc'`), so the
//! same text is produced here from [`Value`]. Structures and maps are shown as
//! plain `dict`s.
use awscli_model::Value;

/// `repr(s)` of a Python `str` (shared with `--query`'s Python texts).
pub fn repr_str(s: &str) -> String {
    awscli_jmespath::python::repr_str(s)
}

/// `repr(b)` of Python `bytes`.
pub fn repr_bytes(bytes: &[u8]) -> String {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from("b");
    out.push(quote);
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            b if b as char == quote => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7e => out.push(b as char),
            b => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push(quote);
    out
}

/// `repr(f)` of a Python `float`: the shortest digits that round-trip, in
/// exponent form below 1e-4 and from 1e16 up.
pub fn repr_float(f: f64) -> String {
    awscli_jmespath::python::float_repr(f)
}

/// `repr(value)`.
pub fn repr(value: &Value) -> String {
    match value {
        Value::String(s) => repr_str(s),
        Value::Timestamp(t) => repr_str(&format_timestamp(t)),
        other => str_of(other),
    }
}

/// `str(value)`.
pub fn str_of(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => repr_float(*f),
        Value::String(s) => s.clone(),
        Value::Blob(b) => repr_bytes(b),
        Value::Timestamp(t) => format_timestamp(t),
        Value::List(items) => {
            let inner: Vec<String> = items.iter().map(repr).collect();
            format!("[{}]", inner.join(", "))
        }
        Value::Map(map) => {
            let inner: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", repr_str(k), repr(v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
    }
}

/// `str(type(value))`.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "<class 'NoneType'>",
        Value::Bool(_) => "<class 'bool'>",
        Value::Integer(_) => "<class 'int'>",
        Value::Float(_) => "<class 'float'>",
        Value::String(_) => "<class 'str'>",
        Value::Blob(_) => "<class 'bytes'>",
        Value::Timestamp(_) => "<class 'datetime.datetime'>",
        Value::List(_) => "<class 'list'>",
        Value::Map(_) => "<class 'dict'>",
    }
}

fn format_timestamp(t: &awscli_model::Timestamp) -> String {
    match jiff::Timestamp::new(t.seconds, t.nanos as i32) {
        Ok(ts) => ts.strftime("%Y-%m-%d %H:%M:%S+00:00").to_string(),
        Err(_) => t.seconds.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use indexmap::IndexMap;

    #[test]
    fn repr_float_matches_python() {
        assert_eq!(repr_float(1.0), "1.0");
        assert_eq!(repr_float(0.1), "0.1");
        assert_eq!(repr_float(1e16), "1e+16");
        assert_eq!(repr_float(1e15), "1000000000000000.0");
        assert_eq!(repr_float(0.0001), "0.0001");
        assert_eq!(repr_float(0.00001), "1e-05");
        assert_eq!(repr_float(-2.5e-7), "-2.5e-07");
        assert_eq!(repr_float(123.456), "123.456");
    }

    #[test]
    fn str_of_list_and_dict_use_python_repr_inside() {
        let list = Value::List(vec![Value::String("b".into()), Value::String("c'".into())]);
        assert_eq!(str_of(&list), "['b', \"c'\"]");
        let mut map = IndexMap::new();
        map.insert("a".to_owned(), Value::Integer(1));
        map.insert("b".to_owned(), Value::Bool(true));
        assert_eq!(str_of(&Value::Map(map)), "{'a': 1, 'b': True}");
        assert_eq!(repr_bytes(b"a\x00'"), "b\"a\\x00'\"");
    }
}
