//! A JSON reader with Python's `json.loads` behaviour and error messages.
//!
//! Parameter values given as JSON (`--filters '[{...}]'`, document types,
//! `--cli-input-json`) are read by Python's `json` module in the reference,
//! and its message is shown to the user (`Invalid JSON: Expecting ',' delimiter:
//! line 1 column 7 (char 6)`), so this scanner follows `json/decoder.py` and
//! `json/scanner.py` (Python 3.11): `NaN`, `Infinity` and `-Infinity` are
//! accepted, a repeated key keeps its first position and its last value,
//! positions count characters.
use awscli_model::Value;
use indexmap::IndexMap;

/// A decode error; `Display` is `str(JSONDecodeError)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub position: usize,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: line {} column {} (char {})",
            self.message, self.line, self.column, self.position
        )
    }
}

impl std::error::Error for JsonError {}

/// `json.loads(text)`.
pub fn loads(text: &str) -> Result<Value, JsonError> {
    let chars: Vec<char> = text.chars().collect();
    let scanner = Scanner { s: &chars };
    let start = scanner.skip_ws(0);
    let (value, end) = match scanner.scan_once(start) {
        Some(result) => result?,
        None => return Err(scanner.error("Expecting value", start)),
    };
    let end = scanner.skip_ws(end);
    if end != chars.len() {
        return Err(scanner.error("Extra data", end));
    }
    Ok(value)
}

struct Scanner<'a> {
    s: &'a [char],
}

type Scan = Option<Result<(Value, usize), JsonError>>;

impl Scanner<'_> {
    fn error(&self, message: &str, position: usize) -> JsonError {
        let before = &self.s[..position.min(self.s.len())];
        let line = before.iter().filter(|c| **c == '\n').count() + 1;
        let column = match before.iter().rposition(|c| *c == '\n') {
            Some(newline) => position - newline,
            None => position + 1,
        };
        JsonError {
            message: message.to_owned(),
            line,
            column,
            position,
        }
    }

    fn skip_ws(&self, mut i: usize) -> usize {
        while i < self.s.len() && matches!(self.s[i], ' ' | '\t' | '\n' | '\r') {
            i += 1;
        }
        i
    }

    fn starts_with(&self, i: usize, word: &str) -> bool {
        word.chars()
            .enumerate()
            .all(|(k, c)| self.s.get(i + k) == Some(&c))
    }

    /// `scan_once`: `None` is Python's `StopIteration` (no value starts here).
    fn scan_once(&self, i: usize) -> Scan {
        let c = *self.s.get(i)?;
        match c {
            '"' => Some(
                self.scan_string(i + 1)
                    .map(|(s, end)| (Value::String(s), end)),
            ),
            '{' => Some(self.scan_object(i + 1)),
            '[' => Some(self.scan_array(i + 1)),
            'n' if self.starts_with(i, "null") => Some(Ok((Value::Null, i + 4))),
            't' if self.starts_with(i, "true") => Some(Ok((Value::Bool(true), i + 4))),
            'f' if self.starts_with(i, "false") => Some(Ok((Value::Bool(false), i + 5))),
            'N' if self.starts_with(i, "NaN") => Some(Ok((Value::Float(f64::NAN), i + 3))),
            'I' if self.starts_with(i, "Infinity") => {
                Some(Ok((Value::Float(f64::INFINITY), i + 8)))
            }
            '-' if self.starts_with(i, "-Infinity") => {
                Some(Ok((Value::Float(f64::NEG_INFINITY), i + 9)))
            }
            _ => self.scan_number(i).map(Ok),
        }
    }

    /// `-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?`
    fn scan_number(&self, start: usize) -> Option<(Value, usize)> {
        let digits = |mut i: usize| {
            let from = i;
            while i < self.s.len() && self.s[i].is_ascii_digit() {
                i += 1;
            }
            (i, i - from)
        };
        let mut i = start;
        if self.s.get(i) == Some(&'-') {
            i += 1;
        }
        match self.s.get(i) {
            Some('0') => i += 1,
            Some(c) if c.is_ascii_digit() => i = digits(i).0,
            _ => return None,
        }
        let mut is_float = false;
        if self.s.get(i) == Some(&'.') {
            let (end, n) = digits(i + 1);
            if n > 0 {
                i = end;
                is_float = true;
            }
        }
        if matches!(self.s.get(i), Some('e' | 'E')) {
            let mut j = i + 1;
            if matches!(self.s.get(j), Some('+' | '-')) {
                j += 1;
            }
            let (end, n) = digits(j);
            if n > 0 {
                i = end;
                is_float = true;
            }
        }
        let text: String = self.s[start..i].iter().collect();
        let value = if is_float {
            Value::Float(text.parse().unwrap_or(f64::INFINITY))
        } else {
            match text.parse::<i64>() {
                Ok(n) => Value::Integer(n),
                // Python ints are unbounded; the nearest we hold is a float.
                Err(_) => Value::Float(text.parse().unwrap_or(f64::INFINITY)),
            }
        };
        Some((value, i))
    }

    /// `py_scanstring`, `end` just past the opening quote.
    fn scan_string(&self, end: usize) -> Result<(String, usize), JsonError> {
        let begin = end - 1;
        let mut out = String::new();
        let mut i = end;
        loop {
            let Some(&c) = self.s.get(i) else {
                return Err(self.error("Unterminated string starting at", begin));
            };
            match c {
                '"' => return Ok((out, i + 1)),
                '\\' => {
                    let Some(&esc) = self.s.get(i + 1) else {
                        return Err(self.error("Unterminated string starting at", begin));
                    };
                    if esc == 'u' {
                        let (mut code, next) = self.hex4(i + 1)?;
                        let mut after = next;
                        if (0xd800..=0xdbff).contains(&code)
                            && self.s.get(next) == Some(&'\\')
                            && self.s.get(next + 1) == Some(&'u')
                        {
                            let (low, next2) = self.hex4(next + 1)?;
                            if (0xdc00..=0xdfff).contains(&low) {
                                code = 0x10000 + (((code - 0xd800) << 10) | (low - 0xdc00));
                                after = next2;
                            }
                        }
                        out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        i = after;
                    } else {
                        let decoded = match esc {
                            '"' => '"',
                            '\\' => '\\',
                            '/' => '/',
                            'b' => '\u{8}',
                            'f' => '\u{c}',
                            'n' => '\n',
                            'r' => '\r',
                            't' => '\t',
                            _ => return Err(self.error("Invalid \\escape", i)),
                        };
                        out.push(decoded);
                        i += 2;
                    }
                }
                c if (c as u32) < 0x20 => {
                    return Err(self.error("Invalid control character at", i));
                }
                c => {
                    out.push(c);
                    i += 1;
                }
            }
        }
    }

    /// The four hex digits after `\u` (`u_index` is the index of `u`).
    fn hex4(&self, u_index: usize) -> Result<(u32, usize), JsonError> {
        let digits: String = self
            .s
            .get(u_index + 1..u_index + 5)
            .map(|d| d.iter().collect())
            .unwrap_or_default();
        let valid = digits.len() == 4 && digits.chars().all(|c| c.is_ascii_hexdigit());
        match (valid, u32::from_str_radix(&digits, 16)) {
            (true, Ok(code)) => Ok((code, u_index + 5)),
            _ => Err(self.error("Invalid \\uXXXX escape", u_index)),
        }
    }

    fn scan_object(&self, start: usize) -> Result<(Value, usize), JsonError> {
        let mut map = IndexMap::new();
        let mut end = self.skip_ws(start);
        match self.s.get(end) {
            Some('"') => {}
            Some('}') => return Ok((Value::Map(map), end + 1)),
            _ => return Err(self.error("Expecting property name enclosed in double quotes", end)),
        }
        end += 1;
        loop {
            let (key, after_key) = self.scan_string(end)?;
            end = self.skip_ws(after_key);
            if self.s.get(end) != Some(&':') {
                return Err(self.error("Expecting ':' delimiter", end));
            }
            end = self.skip_ws(end + 1);
            let (value, after_value) = match self.scan_once(end) {
                Some(result) => result?,
                None => return Err(self.error("Expecting value", end)),
            };
            map.insert(key, value);
            end = self.skip_ws(after_value);
            let next = self.s.get(end).copied();
            end += 1;
            match next {
                Some('}') => return Ok((Value::Map(map), end)),
                Some(',') => {}
                _ => return Err(self.error("Expecting ',' delimiter", end - 1)),
            }
            end = self.skip_ws(end);
            let next = self.s.get(end).copied();
            end += 1;
            if next != Some('"') {
                return Err(
                    self.error("Expecting property name enclosed in double quotes", end - 1)
                );
            }
        }
    }

    fn scan_array(&self, start: usize) -> Result<(Value, usize), JsonError> {
        let mut items = Vec::new();
        let mut end = self.skip_ws(start);
        if self.s.get(end) == Some(&']') {
            return Ok((Value::List(items), end + 1));
        }
        loop {
            let (value, after) = match self.scan_once(end) {
                Some(result) => result?,
                None => return Err(self.error("Expecting value", end)),
            };
            items.push(value);
            end = self.skip_ws(after);
            let next = self.s.get(end).copied();
            end += 1;
            match next {
                Some(']') => return Ok((Value::List(items), end)),
                Some(',') => {}
                _ => return Err(self.error("Expecting ',' delimiter", end - 1)),
            }
            end = self.skip_ws(end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_errors_match_python_messages() {
        let cases = [
            ("", "Expecting value: line 1 column 1 (char 0)"),
            (
                "{",
                "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
            ),
            (
                "{\"a\" 1}",
                "Expecting ':' delimiter: line 1 column 6 (char 5)",
            ),
            (
                "{\"a\": 1 \"b\"}",
                "Expecting ',' delimiter: line 1 column 9 (char 8)",
            ),
            ("[1,]", "Expecting value: line 1 column 4 (char 3)"),
            ("[1] x", "Extra data: line 1 column 5 (char 4)"),
            (
                "\"abc",
                "Unterminated string starting at: line 1 column 1 (char 0)",
            ),
            (
                "{\"a\":\n tru}",
                "Expecting value: line 2 column 2 (char 7)",
            ),
            ("\"\\x\"", "Invalid \\escape: line 1 column 2 (char 1)"),
            (
                "\"a\nb\"",
                "Invalid control character at: line 1 column 3 (char 2)",
            ),
            (
                "\"\\u12\"",
                "Invalid \\uXXXX escape: line 1 column 3 (char 2)",
            ),
        ];
        for (text, message) in cases {
            assert_eq!(loads(text).unwrap_err().to_string(), message, "{text:?}");
        }
    }

    #[test]
    fn loads_values_keep_order_and_types() {
        let v = loads(r#"{"b": 1, "a": [1.5, "x\u00e9", null, true], "b": 2}"#).unwrap();
        let map = v.as_map().unwrap();
        assert_eq!(map.keys().collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(map["b"], Value::Integer(2));
        assert_eq!(
            map["a"],
            Value::List(vec![
                Value::Float(1.5),
                Value::String("xé".into()),
                Value::Null,
                Value::Bool(true)
            ])
        );
    }
}
