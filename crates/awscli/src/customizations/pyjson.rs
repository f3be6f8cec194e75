//! Python's `json.dumps` over a [`Value`], for the hand-written commands
//! that send or print a document the reference serialized with it:
//! `ensure_ascii` escapes, `", "`/`": "` separators on one line, or
//! `indent=n` with `","` at line ends and empty containers as `{}`/`[]`.
//!
//! Spec: Python's `json` module (`json.encoder`, `JSONEncoder.iterencode`).
use awscli_jmespath::python::write_json_string;
use awscli_model::Value;

/// `json.dumps(value)` (`indent=None`) or `json.dumps(value, indent=n)`.
pub fn dumps(value: &Value, indent: Option<usize>) -> String {
    dumps_with(value, indent, true)
}

/// `json.dumps(value, indent=..., ensure_ascii=...)`.
pub fn dumps_with(value: &Value, indent: Option<usize>, ensure_ascii: bool) -> String {
    let mut out = String::new();
    let options = Options {
        indent,
        ensure_ascii,
    };
    write_value(&mut out, value, &options, 0);
    out
}

struct Options {
    indent: Option<usize>,
    ensure_ascii: bool,
}

fn newline(out: &mut String, indent: usize, level: usize) {
    out.push('\n');
    out.push_str(&" ".repeat(indent * level));
}

fn write_value(out: &mut String, value: &Value, options: &Options, level: usize) {
    let indent = options.indent;
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Integer(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&awscli_jmespath::python::str_of(&Value::Float(*f))),
        Value::String(s) => write_json_string(out, s, options.ensure_ascii),
        Value::List(items) if items.is_empty() => out.push_str("[]"),
        Value::Map(map) if map.is_empty() => out.push_str("{}"),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                separator(out, i, indent, level + 1);
                write_value(out, item, options, level + 1);
            }
            close(out, indent, level, ']');
        }
        Value::Map(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                separator(out, i, indent, level + 1);
                write_json_string(out, key, options.ensure_ascii);
                out.push_str(": ");
                write_value(out, item, options, level + 1);
            }
            close(out, indent, level, '}');
        }
        // Blobs and timestamps do not occur in the documents this serves;
        // Python would refuse them, so the reference's text is used.
        other => out.push_str(&awscli_jmespath::python::str_of(other)),
    }
}

fn separator(out: &mut String, index: usize, indent: Option<usize>, level: usize) {
    match indent {
        Some(n) => {
            if index > 0 {
                out.push(',');
            }
            newline(out, n, level);
        }
        None if index > 0 => out.push_str(", "),
        None => {}
    }
}

fn close(out: &mut String, indent: Option<usize>, level: usize, bracket: char) {
    if let Some(n) = indent {
        newline(out, n, level);
    }
    out.push(bracket);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customizations::api::{map, string};

    #[test]
    fn compact_and_indented_forms_match_python() {
        let doc = map([
            ("Version", string("2012-10-17")),
            (
                "Statement",
                Value::List(vec![map([
                    ("Sid", string("é\"")),
                    ("N", Value::Integer(1)),
                ])]),
            ),
            ("Empty", Value::List(vec![])),
        ]);
        // json.dumps(doc) and json.dumps(doc, indent=2) in Python 3.
        assert_eq!(
            dumps(&doc, None),
            r#"{"Version": "2012-10-17", "Statement": [{"Sid": "\u00e9\"", "N": 1}], "Empty": []}"#
        );
        assert_eq!(
            dumps(&doc, Some(2)),
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"\\u00e9\\\"\",\n      \"N\": 1\n    }\n  ],\n  \"Empty\": []\n}"
        );
        assert_eq!(
            dumps_with(&string("é\u{7f}\n"), None, false),
            "\"é\u{7f}\\n\""
        );
    }
}
