//! The shorthand syntax parser: `--filters Name=a,Values=b,c` ->
//! `{"Name": "a", "Values": ["b", "c"]}`.
//!
//! A port of `awscli/shorthand.py` (`ShorthandParser`, AWS CLI v2), grammar:
//!
//! ```text
//! parameter    = keyval *("," keyval)
//! keyval       = key "=" [values] / key "@=" [values]   ; @= loads file:// and fileb://
//! key          = 1*[A-Za-z0-9-_.#/:]
//! values       = csv-list / explicit-list / hash-literal
//! explicit-list= "[" [value *("," value)] "]"
//! hash-literal = "{" keyval *("," keyval) "}"
//! ```
//!
//! The parse is purely syntactic; [`crate::unpack`] then applies the model
//! (`BackCompatVisitor`). The reference matches values with backtracking
//! regular expressions; here every scanner is a single forward pass (the
//! quoted-string fallback is one extra pass), so the parse is linear and an
//! unterminated quote full of backslashes fails at once.
//!
//! Conformance: `../shared/conformance/shorthand/shorthand-cases.json`.
use indexmap::IndexMap;
use thiserror::Error;

/// A parsed shorthand value, before the model gives scalars their types.
#[derive(Debug, Clone, PartialEq)]
pub enum ShorthandValue {
    String(String),
    /// The content of a `key@=fileb://path` value.
    Bytes(Vec<u8>),
    List(Vec<ShorthandValue>),
    Map(IndexMap<String, ShorthandValue>),
}

/// A shorthand syntax error; `Display` is the reference's message.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ShorthandError {
    /// `ShorthandParseSyntaxError`.
    #[error("Expected: '{expected}', received: '{actual}' for input:\n{location}")]
    Syntax {
        expected: String,
        actual: String,
        location: String,
    },
    /// `DuplicateKeyInObjectError`.
    #[error(
        "Second instance of key \"{key}\" encountered for input:\n{location}\nThis is often because there is a preceding \",\" instead of a space."
    )]
    DuplicateKey { key: String, location: String },
    /// A `key@=file://...` value that could not be loaded (the message of
    /// the paramfile error).
    #[error("{0}")]
    ParamFile(String),
}

/// Loads `file://` / `fileb://` values written with `@=`. Returns `None`
/// when the value has no such prefix.
pub type FileResolver<'a> = dyn Fn(&str) -> Result<Option<ShorthandValue>, String> + 'a;

/// Parses shorthand syntax; `@=` values are kept as written.
pub fn parse(input: &str) -> Result<IndexMap<String, ShorthandValue>, ShorthandError> {
    parse_with_files(input, &|_| Ok(None))
}

/// Parses shorthand syntax, loading `@=` values through `files`.
pub fn parse_with_files(
    input: &str,
    files: &FileResolver<'_>,
) -> Result<IndexMap<String, ShorthandValue>, ShorthandError> {
    let mut parser = Parser {
        input: input.chars().collect(),
        index: 0,
        files,
    };
    parser.parameter()
}

/// `\s` of Python's `re` (and `str.isspace`).
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn in_bmp(c: char) -> bool {
    (c as u32) <= 0xFFFF
}

/// `_START_WORD`: `[!#-&(-+\--<>-Z\\-z|-\uffff]`.
fn is_start_word(c: char) -> bool {
    matches!(c, '!' | '#'..='&' | '('..='+' | '-'..='<' | '>'..='Z' | '\\'..='z')
        || (c >= '|' && in_bmp(c))
}

/// `_FIRST_FOLLOW_CHARS`: `[\s!#-&(-+\-\\\^-|~-\uffff]`.
fn is_first_follow(c: char) -> bool {
    is_space(c)
        || matches!(c, '!' | '#'..='&' | '('..='+' | '-'..='\\' | '^'..='|')
        || (c >= '~' && in_bmp(c))
}

/// `_SECOND_FOLLOW_CHARS`: `[\s!#-&(-+\--<>-\uffff]`.
fn is_second_follow(c: char) -> bool {
    is_space(c) || matches!(c, '!' | '#'..='&' | '('..='+' | '-'..='<') || (c >= '>' && in_bmp(c))
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '#' | '/' | ':')
}

fn rstrip(s: &str) -> String {
    s.trim_end_matches(is_space).to_owned()
}

struct Parser<'a> {
    input: Vec<char>,
    index: usize,
    files: &'a FileResolver<'a>,
}

impl Parser<'_> {
    fn parameter(&mut self) -> Result<IndexMap<String, ShorthandValue>, ShorthandError> {
        let mut params = IndexMap::new();
        let (key, value) = self.keyval()?;
        params.insert(key, value);
        let mut last_index = self.index;
        while self.index < self.input.len() {
            self.expect(',', true)?;
            let (key, value) = self.keyval()?;
            // A repeated key usually means "," was typed where a space
            // separates two list items.
            if params.contains_key(&key) {
                return Err(ShorthandError::DuplicateKey {
                    key,
                    location: self.error_location(last_index + 1),
                });
            }
            params.insert(key, value);
            last_index = self.index;
        }
        Ok(params)
    }

    fn keyval(&mut self) -> Result<(String, ShorthandValue), ShorthandError> {
        let key = self.key();
        if self.at_file_assignment() {
            self.expect('@', true)?;
            self.expect('=', true)?;
            let values = self.values()?;
            return Ok((key, self.resolve_files(values)?));
        }
        self.expect('=', true)?;
        Ok((key, self.values()?))
    }

    /// Whether the next non-space characters are `@=`.
    fn at_file_assignment(&self) -> bool {
        let mut i = self.index;
        while i < self.input.len() && is_space(self.input[i]) {
            i += 1;
        }
        self.input.get(i) == Some(&'@') && self.input.get(i + 1) == Some(&'=')
    }

    fn resolve_files(&self, value: ShorthandValue) -> Result<ShorthandValue, ShorthandError> {
        match value {
            ShorthandValue::String(s) => match (self.files)(&s) {
                Ok(Some(loaded)) => Ok(loaded),
                Ok(None) => Ok(ShorthandValue::String(s)),
                Err(message) => Err(ShorthandError::ParamFile(message)),
            },
            ShorthandValue::List(items) => Ok(ShorthandValue::List(
                items
                    .into_iter()
                    .map(|item| self.resolve_files(item))
                    .collect::<Result<_, _>>()?,
            )),
            other => Ok(other),
        }
    }

    fn key(&mut self) -> String {
        let start = self.index;
        while self.index < self.input.len() && is_key_char(self.input[self.index]) {
            self.index += 1;
        }
        self.input[start..self.index].iter().collect()
    }

    fn values(&mut self) -> Result<ShorthandValue, ShorthandError> {
        match self.current() {
            None => Ok(ShorthandValue::String(String::new())),
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            Some(_) => self.csv_value(),
        }
    }

    fn csv_value(&mut self) -> Result<ShorthandValue, ShorthandError> {
        let first_value = self.first_value()?;
        self.consume_whitespace();
        if self.at_eof() || self.input[self.index] != ',' {
            return Ok(ShorthandValue::String(first_value));
        }
        self.expect(',', true)?;
        let mut csv_list = vec![first_value.clone()];
        loop {
            let attempt = (|| {
                let current = self.second_value()?;
                self.consume_whitespace();
                if self.at_eof() {
                    return Ok((current, true));
                }
                self.expect(',', true)?;
                Ok((current, false))
            })();
            match attempt {
                Ok((current, done)) => {
                    csv_list.push(current);
                    if done {
                        break;
                    }
                }
                Err(e) => {
                    // `a=b,c=d`: `c` is the next key, not a list item. Go
                    // back to the comma before it and end the list here.
                    if self.at_eof() {
                        return Err(e);
                    }
                    self.backtrack_to(',');
                    break;
                }
            }
        }
        if csv_list.len() == 1 {
            return Ok(ShorthandValue::String(first_value));
        }
        Ok(ShorthandValue::List(
            csv_list.into_iter().map(ShorthandValue::String).collect(),
        ))
    }

    fn explicit_list(&mut self) -> Result<ShorthandValue, ShorthandError> {
        self.expect('[', true)?;
        let mut values = Vec::new();
        while self.current() != Some(']') {
            values.push(self.explicit_values()?);
            self.consume_whitespace();
            if self.current() != Some(']') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
        }
        self.expect(']', false)?;
        Ok(ShorthandValue::List(values))
    }

    fn explicit_values(&mut self) -> Result<ShorthandValue, ShorthandError> {
        match self.current() {
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            _ => Ok(ShorthandValue::String(self.first_value()?)),
        }
    }

    fn hash_literal(&mut self) -> Result<ShorthandValue, ShorthandError> {
        self.expect('{', true)?;
        let mut keyvals = IndexMap::new();
        while self.current() != Some('}') {
            let key = self.key();
            let from_file = self.at_file_assignment();
            if from_file {
                self.expect('@', true)?;
            }
            self.expect('=', true)?;
            let mut value = self.explicit_values()?;
            if from_file {
                value = self.resolve_files(value)?;
            }
            self.consume_whitespace();
            if self.current() != Some('}') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
            keyvals.insert(key, value);
        }
        self.expect('}', false)?;
        Ok(ShorthandValue::Map(keyvals))
    }

    fn first_value(&mut self) -> Result<String, ShorthandError> {
        match self.current() {
            Some('\'') => self.quoted('\''),
            Some('"') => self.quoted('"'),
            _ => Ok(self.unquoted(is_first_follow).unwrap_or_default()),
        }
    }

    fn second_value(&mut self) -> Result<String, ShorthandError> {
        match self.current() {
            Some('\'') => self.quoted('\''),
            Some('"') => self.quoted('"'),
            _ => self
                .unquoted(is_second_follow)
                .ok_or_else(|| self.syntax_error("<second>", "<none>", self.index)),
        }
    }

    /// `(\\,|[start])(\\,|[follow])*`, with `\,` unescaped and trailing
    /// space removed. `None` when nothing matches.
    fn unquoted(&mut self, follow: fn(char) -> bool) -> Option<String> {
        let start = self.index;
        let mut i = self.index;
        let escaped_comma = |i: usize, input: &[char]| {
            input.get(i) == Some(&'\\') && input.get(i + 1) == Some(&',')
        };
        if escaped_comma(i, &self.input) {
            i += 2;
        } else if self.input.get(i).is_some_and(|c| is_start_word(*c)) {
            i += 1;
        } else {
            return None;
        }
        loop {
            if escaped_comma(i, &self.input) {
                i += 2;
            } else if self.input.get(i).is_some_and(|c| follow(*c)) {
                i += 1;
            } else {
                break;
            }
        }
        self.index = i;
        let consumed: String = self.input[start..i].iter().collect();
        Some(rstrip(&consumed.replace("\\,", ",")))
    }

    /// A quoted value: `'(?:\\\\|\\'|[^'])*'` (or the `"` twin).
    fn quoted(&mut self, quote: char) -> Result<String, ShorthandError> {
        let start = self.index;
        let mut i = start + 1;
        let mut end = None;
        // The regex's greedy path: `\\` and `\'` are pairs, and the first
        // quote outside a pair closes the value.
        while i < self.input.len() {
            let c = self.input[i];
            if c == '\\' && matches!(self.input.get(i + 1), Some(n) if *n == '\\' || *n == quote) {
                i += 2;
            } else if c == quote {
                end = Some(i);
                break;
            } else {
                i += 1;
            }
        }
        // Running off the end, the regex backtracks: every quote on the way
        // was part of a `\'` pair, and the last one can close the value
        // instead, taking its backslash alone.
        if end.is_none() {
            end = (start + 1..self.input.len())
                .rev()
                .find(|&j| self.input[j] == quote);
        }
        let Some(end) = end else {
            let name = if quote == '\'' {
                "<singled quoted>"
            } else {
                "<double quoted>"
            };
            return Err(self.syntax_error(name, "<none>", self.index));
        };
        self.index = end + 1;
        let inner: String = self.input[start + 1..end].iter().collect();
        let escaped_quote = format!("\\{quote}");
        Ok(inner
            .replace(&escaped_quote, &quote.to_string())
            .replace("\\\\", "\\"))
    }

    fn expect(&mut self, c: char, consume_whitespace: bool) -> Result<(), ShorthandError> {
        if consume_whitespace {
            self.consume_whitespace();
        }
        match self.current() {
            None => return Err(self.syntax_error(&c.to_string(), "EOF", self.index)),
            Some(actual) if actual != c => {
                return Err(self.syntax_error(&c.to_string(), &actual.to_string(), self.index));
            }
            Some(_) => self.index += 1,
        }
        if consume_whitespace {
            self.consume_whitespace();
        }
        Ok(())
    }

    fn current(&self) -> Option<char> {
        self.input.get(self.index).copied()
    }

    fn at_eof(&self) -> bool {
        self.index >= self.input.len()
    }

    fn backtrack_to(&mut self, c: char) {
        while self.index > 0 && self.input.get(self.index) != Some(&c) {
            self.index -= 1;
        }
    }

    fn consume_whitespace(&mut self) {
        while self.current().is_some_and(is_space) {
            self.index += 1;
        }
    }

    fn syntax_error(&self, expected: &str, actual: &str, index: usize) -> ShorthandError {
        ShorthandError::Syntax {
            expected: expected.to_owned(),
            actual: actual.to_owned(),
            location: self.error_location(index),
        }
    }

    /// The input with a caret under `index`, on the line it belongs to.
    fn error_location(&self, index: usize) -> String {
        let index = index.min(self.input.len());
        let consumed_part = &self.input[..index];
        let mut num_spaces = index;
        if let Some(last_newline) = consumed_part.iter().rposition(|c| *c == '\n') {
            num_spaces = index - last_newline - 1;
        }
        let (consumed, remaining): (String, String) =
            match self.input[index..].iter().position(|c| *c == '\n') {
                Some(offset) => (
                    self.input[..index + offset].iter().collect(),
                    self.input[index + offset..].iter().collect(),
                ),
                None => (self.input.iter().collect(), String::new()),
            };
        format!("{consumed}\n{}^{remaining}", " ".repeat(num_spaces))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> ShorthandValue {
        ShorthandValue::String(v.to_owned())
    }

    #[test]
    fn parse_csv_then_key_backtracks_to_scalar() {
        let parsed = parse("a=b,c=d").unwrap();
        assert_eq!(parsed["a"], s("b"));
        assert_eq!(parsed["c"], s("d"));
    }

    #[test]
    fn parse_missing_equals_points_at_end() {
        let err = parse("a").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Expected: '=', received: 'EOF' for input:\na\n ^"
        );
    }

    #[test]
    fn parse_duplicate_key_reports_second_instance() {
        let err = parse("foo=bar,foo=qux").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Second instance of key \"foo\" encountered for input:\nfoo=bar,foo=qux\n        ^\nThis is often because there is a preceding \",\" instead of a space."
        );
    }

    #[test]
    fn parse_error_on_second_line_counts_from_newline() {
        let err = parse("foo=bar,\nbar==baz").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Expected: ',', received: '=' for input:\nfoo=bar,\nbar==baz\n    ^"
        );
    }

    #[test]
    fn parse_trailing_comma_expects_second_value() {
        let err = parse("foo=bar,").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Expected: '<second>', received: '<none>' for input:\nfoo=bar,\n        ^"
        );
    }

    #[test]
    fn parse_unterminated_quote_with_escaped_quote_closes_at_last_quote() {
        // `'a\'` : the regex backtracks so the final quote closes the value.
        let parsed = parse("foo='a\\'").unwrap();
        assert_eq!(parsed["foo"], s("a\\"));
    }

    #[test]
    fn parse_file_assignment_uses_resolver() {
        let resolver = |v: &str| -> Result<Option<ShorthandValue>, String> {
            Ok(v.strip_prefix("file://").map(|p| s(&format!("<{p}>"))))
        };
        let parsed = parse_with_files("a@=file://x,b=file://y", &resolver).unwrap();
        assert_eq!(parsed["a"], s("<x>"));
        assert_eq!(parsed["b"], s("file://y"));
    }
}
