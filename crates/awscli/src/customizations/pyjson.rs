//! Python's `json.dumps` over a [`Value`], for the hand-written commands
//! that send or print a document the reference serialized with it:
//! `ensure_ascii` escapes, `", "`/`": "` separators on one line, or
//! `indent=n` with `","` at line ends and empty containers as `{}`/`[]`.
//!
//! Spec: Python's `json` module (`json.encoder`, `JSONEncoder.iterencode`).
use awscli_jmespath::python::{write_json, JsonStyle};
use awscli_model::Value;

/// `json.dumps(value)` (`indent=None`) or `json.dumps(value, indent=n)`.
pub fn dumps(value: &Value, indent: Option<usize>) -> String {
    dumps_with(value, indent, true)
}

/// `json.dumps(value, indent=..., ensure_ascii=...)`: the shared Python
/// JSON writer with the default separators.
pub fn dumps_with(value: &Value, indent: Option<usize>, ensure_ascii: bool) -> String {
    let mut out = String::new();
    let style = JsonStyle {
        indent,
        ensure_ascii,
        compact: false,
    };
    write_json(&mut out, value, style);
    out
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
