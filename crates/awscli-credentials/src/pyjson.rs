//! Python's `json` module as botocore uses it here: `json.dumps` for cache keys and cache files
//! (the key is a SHA-1 of the dumped text, so the bytes must match), `json.loads` error texts for
//! `credential_process` output, and `str()` of decoded values for error messages.

use serde_json::Value;

/// `json.dumps(value, sort_keys=.., separators=..)` with `ensure_ascii=True`.
/// `compact` selects `separators=(',', ':')`; otherwise the default `(', ', ': ')`.
pub fn dumps(value: &Value, sort_keys: bool, compact: bool) -> String {
    let mut out = String::new();
    write_value(&mut out, value, sort_keys, compact);
    out
}

fn write_value(out: &mut String, value: &Value, sort_keys: bool, compact: bool) {
    let (item_sep, key_sep) = if compact { (",", ":") } else { (", ", ": ") };
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(number) => {
            if let Some(float) = number.as_f64().filter(|_| number.is_f64()) {
                out.push_str(&float_repr(float));
            } else {
                out.push_str(&number.to_string());
            }
        }
        Value::String(text) => write_string(out, text),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(item_sep);
                }
                write_value(out, item, sort_keys, compact);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            if sort_keys {
                // Python sorts str keys by code point, as Rust's `str` ordering does for UTF-8.
                entries.sort_by(|a, b| a.0.cmp(b.0));
            }
            for (index, (key, item)) in entries.into_iter().enumerate() {
                if index > 0 {
                    out.push_str(item_sep);
                }
                write_string(out, key);
                out.push_str(key_sep);
                write_value(out, item, sort_keys, compact);
            }
            out.push('}');
        }
    }
}

/// Python's `repr(float)` for the values JSON can carry.
fn float_repr(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e16 {
        format!("{value:.1}")
    } else {
        format!("{value}")
    }
}

fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
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

/// Python's `str()` of a decoded JSON value, for messages such as
/// `Unsupported version '2' for credential process provider`.
pub fn py_str(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => py_repr(other),
    }
}

fn py_repr(value: &Value) -> String {
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(number) => match number.as_f64().filter(|_| number.is_f64()) {
            Some(float) => float_repr(float),
            None => number.to_string(),
        },
        Value::String(text) => format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'")),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(py_repr).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", py_repr(&Value::String(k.clone())), py_repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `json.loads(text)`: the value, or the text of Python's `JSONDecodeError`
/// (`Expecting value: line 1 column 1 (char 0)`).
pub fn loads(text: &str) -> Result<Value, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut scanner = Scanner {
        chars: &chars,
        pos: 0,
    };
    scanner.skip_ws();
    scanner.value()?;
    scanner.skip_ws();
    if scanner.pos != chars.len() {
        return Err(scanner.error("Extra data", scanner.pos));
    }
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// A validator that fails where and how CPython's scanner does.
struct Scanner<'a> {
    chars: &'a [char],
    pos: usize,
}

impl Scanner<'_> {
    fn error(&self, message: &str, pos: usize) -> String {
        let before = &self.chars[..pos.min(self.chars.len())];
        let line = before.iter().filter(|c| **c == '\n').count() + 1;
        let column = match before.iter().rposition(|c| *c == '\n') {
            Some(newline) => pos - newline,
            None => pos + 1,
        };
        format!("{message}: line {line} column {column} (char {pos})")
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.pos += 1;
        }
    }

    fn literal(&mut self, word: &str) -> bool {
        let end = self.pos + word.chars().count();
        if end <= self.chars.len() && self.chars[self.pos..end].iter().copied().eq(word.chars()) {
            self.pos = end;
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Result<(), String> {
        let start = self.pos;
        match self.peek() {
            Some('"') => self.string(),
            Some('{') => self.object(),
            Some('[') => self.array(),
            Some('-' | '0'..='9') => self.number(),
            _ => {
                for word in ["null", "true", "false", "NaN", "Infinity", "-Infinity"] {
                    if self.literal(word) {
                        return Ok(());
                    }
                }
                Err(self.error("Expecting value", start))
            }
        }
    }

    fn number(&mut self) -> Result<(), String> {
        let start = self.pos;
        if self.peek() == Some('-') {
            self.pos += 1;
            if self.literal("Infinity") {
                return Ok(());
            }
        }
        match self.peek() {
            Some('0') => self.pos += 1,
            Some('1'..='9') => {
                while matches!(self.peek(), Some('0'..='9')) {
                    self.pos += 1;
                }
            }
            _ => return Err(self.error("Expecting value", start)),
        }
        if self.peek() == Some('.') && matches!(self.chars.get(self.pos + 1), Some('0'..='9')) {
            self.pos += 1;
            while matches!(self.peek(), Some('0'..='9')) {
                self.pos += 1;
            }
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let save = self.pos;
            self.pos += 1;
            if matches!(self.peek(), Some('+' | '-')) {
                self.pos += 1;
            }
            if matches!(self.peek(), Some('0'..='9')) {
                while matches!(self.peek(), Some('0'..='9')) {
                    self.pos += 1;
                }
            } else {
                self.pos = save;
            }
        }
        Ok(())
    }

    fn string(&mut self) -> Result<(), String> {
        let start = self.pos;
        self.pos += 1;
        loop {
            match self.peek() {
                None => return Err(self.error("Unterminated string starting at", start)),
                Some('"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some('\\') => {
                    let escape_at = self.pos;
                    self.pos += 1;
                    match self.peek() {
                        Some('"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't') => self.pos += 1,
                        Some('u') => {
                            let hex = self.chars.get(self.pos + 1..self.pos + 5);
                            if hex.is_some_and(|h| h.iter().all(char::is_ascii_hexdigit)) {
                                self.pos += 5;
                            } else {
                                return Err(self.error("Invalid \\uXXXX escape", escape_at + 1));
                            }
                        }
                        None => return Err(self.error("Unterminated string starting at", start)),
                        Some(_) => return Err(self.error("Invalid \\escape", escape_at)),
                    }
                }
                Some(c) if (c as u32) < 0x20 => {
                    return Err(self.error("Invalid control character at", self.pos))
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    fn object(&mut self) -> Result<(), String> {
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some('}') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            if self.peek() != Some('"') {
                return Err(self.error(
                    "Expecting property name enclosed in double quotes",
                    self.pos,
                ));
            }
            self.string()?;
            self.skip_ws();
            if self.peek() != Some(':') {
                return Err(self.error("Expecting ':' delimiter", self.pos));
            }
            self.pos += 1;
            self.skip_ws();
            self.value()?;
            self.skip_ws();
            match self.peek() {
                Some('}') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(',') => {
                    self.pos += 1;
                    self.skip_ws();
                }
                _ => return Err(self.error("Expecting ',' delimiter", self.pos)),
            }
        }
    }

    fn array(&mut self) -> Result<(), String> {
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(']') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.value()?;
            self.skip_ws();
            match self.peek() {
                Some(']') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(',') => {
                    self.pos += 1;
                    self.skip_ws();
                }
                _ => return Err(self.error("Expecting ',' delimiter", self.pos)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dumps_matches_python_default_and_compact() {
        let value = json!({"RoleSessionName": "s", "RoleArn": "arn:x", "DurationSeconds": 900});
        assert_eq!(
            dumps(&value, true, false),
            r#"{"DurationSeconds": 900, "RoleArn": "arn:x", "RoleSessionName": "s"}"#
        );
        assert_eq!(
            dumps(&json!({"b": [1, 2.0], "a": "é\n"}), true, true),
            r#"{"a":"\u00e9\n","b":[1,2.0]}"#
        );
    }

    #[test]
    fn loads_reports_python_errors() {
        for (text, expected) in [
            ("", "Expecting value: line 1 column 1 (char 0)"),
            ("abc", "Expecting value: line 1 column 1 (char 0)"),
            (
                "{",
                "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
            ),
            ("{\"a\":1} x", "Extra data: line 1 column 9 (char 8)"),
            ("[1,]", "Expecting value: line 1 column 4 (char 3)"),
            (
                "{\"a\" 1}",
                "Expecting ':' delimiter: line 1 column 6 (char 5)",
            ),
            ("  \n  x", "Expecting value: line 2 column 3 (char 5)"),
        ] {
            assert_eq!(loads(text).unwrap_err(), expected, "{text:?}");
        }
        assert_eq!(
            loads(" {\"Version\": 1} \n").unwrap(),
            json!({"Version": 1})
        );
    }

    #[test]
    fn py_str_formats_like_python() {
        assert_eq!(py_str(&json!("2")), "2");
        assert_eq!(py_str(&json!(2)), "2");
        assert_eq!(py_str(&json!(null)), "None");
        assert_eq!(py_str(&json!(["a", true])), "['a', True]");
    }
}
