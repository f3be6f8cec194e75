//! `--output yaml` and `yaml-stream` (`YAMLDumper` in `awscli/formatter.py`):
//! ruamel.yaml `YAML(typ='safe')` with `default_flow_style=False`, which
//! runs libyaml's emitter (`CEmitter`) over ruamel's `SafeRepresenter` and
//! YAML 1.2 implicit resolvers.
//!
//! This is a port of the parts of libyaml's emitter (`emitter.c`) that a
//! JSON-shaped document reaches: block mappings (keys sorted, as
//! `SafeRepresenter` sorts dicts), indentless block sequences under mapping
//! keys, `[]`/`{}` for empty collections, and the plain / single-quoted /
//! double-quoted scalar styles with their 80-column folding. Top-level
//! scalars and null are printed as one-line JSON, as the CLI does.
//!
//! Not reproduced: anchors for shared objects (a parsed response never
//! shares objects).
use crate::json::json_line;
use awscli_jmespath::python::{blob_text, float_repr, timestamp_text};
use awscli_model::Value;
use std::io::Write;

const BEST_INDENT: i32 = 2;
const BEST_WIDTH: usize = 80;

/// Writes `value` as the CLI's YAML output. An empty `{}` prints nothing.
pub fn render_yaml(value: &Value, out: &mut dyn Write) -> std::io::Result<()> {
    if matches!(value, Value::Map(m) if m.is_empty()) {
        return Ok(());
    }
    out.write_all(to_yaml(value).as_bytes())
}

/// The YAML text for `value` (including its final newline).
pub fn to_yaml(value: &Value) -> String {
    match value {
        Value::List(_) | Value::Map(_) => {
            let mut emitter = Emitter {
                out: String::new(),
                column: 0,
                whitespace: true,
                indention: true,
                indent: -1,
                indents: Vec::new(),
            };
            emitter.node(value, false, false);
            // Document end: libyaml breaks the line unless already at column 0.
            emitter.indent = -1;
            emitter.write_indent();
            emitter.out
        }
        scalar => {
            let mut line = json_line(scalar);
            line.push('\n');
            line
        }
    }
}

struct Emitter {
    out: String,
    column: usize,
    whitespace: bool,
    indention: bool,
    indent: i32,
    indents: Vec<i32>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
}

impl Emitter {
    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for c in indicator.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    fn node(&mut self, value: &Value, mapping_context: bool, simple_key: bool) {
        match value {
            Value::List(items) if items.is_empty() => self.empty_flow("[", "]"),
            Value::Map(map) if map.is_empty() => self.empty_flow("{", "}"),
            Value::List(items) => {
                let indentless = mapping_context && !self.indention;
                self.increase_indent(false, indentless);
                for item in items {
                    self.write_indent();
                    self.write_indicator("-", true, false, true);
                    self.node(item, false, false);
                }
                self.pop_indent();
            }
            Value::Map(map) => {
                self.increase_indent(false, false);
                // SafeRepresenter sorts dict items on output.
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                for (key, item) in entries {
                    self.write_indent();
                    // libyaml `check_simple_key`: at most 128 bytes, one line.
                    if key.len() <= 128 && !key.chars().any(is_break) {
                        self.scalar(key, true);
                        self.write_indicator(":", false, false, false);
                    } else {
                        self.write_indicator("?", true, false, true);
                        self.scalar(key, false);
                        self.write_indent();
                        self.write_indicator(":", true, false, true);
                    }
                    self.node(item, true, false);
                }
                self.pop_indent();
            }
            Value::String(s) => self.scalar(s, simple_key),
            Value::Blob(b) => self.scalar(&blob_text(b), simple_key),
            Value::Timestamp(ts) => self.scalar(&timestamp_text(ts), simple_key),
            Value::Null => self.typed_scalar("null"),
            Value::Bool(b) => self.typed_scalar(if *b { "true" } else { "false" }),
            Value::Integer(i) => self.typed_scalar(&i.to_string()),
            Value::Float(f) => self.typed_scalar(&represent_float(*f)),
        }
    }

    fn empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.write_indicator(close, false, false, false);
    }

    /// A non-string scalar: its text always resolves back to its own type,
    /// so it is written plain.
    fn typed_scalar(&mut self, text: &str) {
        self.increase_indent(true, false);
        self.write_plain(text, true);
        self.pop_indent();
    }

    fn scalar(&mut self, text: &str, simple_key: bool) {
        self.increase_indent(true, false);
        let analysis = analyze_scalar(text);
        let style = select_style(text, &analysis, simple_key);
        let allow_breaks = !simple_key;
        match style {
            Style::Plain => self.write_plain(text, allow_breaks),
            Style::Single => self.write_single_quoted(text, allow_breaks),
            Style::Double => self.write_double_quoted(text, allow_breaks),
        }
        self.pop_indent();
    }

    fn write_plain(&mut self, text: &str, allow_breaks: bool) {
        if !self.whitespace && !text.is_empty() {
            self.put(' ');
        }
        let chars: Vec<char> = text.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_is_space = chars.get(i + 1) == Some(&' ');
                if allow_breaks && !spaces && self.column > BEST_WIDTH && !next_is_space {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                self.indention = false;
                spaces = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted(&mut self, text: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let chars: Vec<char> = text.chars().collect();
        let mut spaces = false;
        let mut breaks = false;
        let last = chars.len().saturating_sub(1);
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_is_space = chars.get(i + 1) == Some(&' ');
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i != 0
                    && i != last
                    && !next_is_space
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        if breaks {
            self.write_indent();
        }
        self.write_indicator("'", false, false, false);
    }

    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn write_double_quoted(&mut self, text: &str, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        let chars: Vec<char> = text.chars().collect();
        let mut spaces = false;
        let last = chars.len().saturating_sub(1);
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) || c == '\u{feff}' || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let short = match c {
                    '\0' => Some('0'),
                    '\u{7}' => Some('a'),
                    '\u{8}' => Some('b'),
                    '\t' => Some('t'),
                    '\n' => Some('n'),
                    '\u{b}' => Some('v'),
                    '\u{c}' => Some('f'),
                    '\r' => Some('r'),
                    '\u{1b}' => Some('e'),
                    '"' => Some('"'),
                    '\\' => Some('\\'),
                    '\u{85}' => Some('N'),
                    '\u{a0}' => Some('_'),
                    '\u{2028}' => Some('L'),
                    '\u{2029}' => Some('P'),
                    _ => None,
                };
                let escaped = match short {
                    Some(s) => s.to_string(),
                    None => {
                        let v = c as u32;
                        if v <= 0xff {
                            format!("x{v:02X}")
                        } else if v <= 0xffff {
                            format!("u{v:04X}")
                        } else {
                            format!("U{v:08X}")
                        }
                    }
                };
                for e in escaped.chars() {
                    self.put(e);
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i != 0 && i != last {
                    self.write_indent();
                    if chars.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
    }
}

/// ruamel `SafeRepresenter.represent_float` (YAML 1.2): `repr().lower()`,
/// `.inf`/`-.inf`/`.nan`.
fn represent_float(f: f64) -> String {
    if f.is_nan() {
        ".nan".to_owned()
    } else if f.is_infinite() {
        if f > 0.0 { ".inf" } else { "-.inf" }.to_owned()
    } else {
        float_repr(f).to_lowercase()
    }
}

/// libyaml `IS_BREAK`.
fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// libyaml `IS_PRINTABLE`, which (by its UTF-8 byte test) rejects every
/// character outside the Basic Multilingual Plane.
fn is_printable(c: char) -> bool {
    let v = c as u32;
    v == 0x0a
        || (0x20..=0x7e).contains(&v)
        || (0xa0..=0xd7ff).contains(&v)
        || ((0xe000..=0xfffd).contains(&v) && v != 0xfeff)
}

fn is_blank_or_end(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => c == ' ' || c == '\t' || is_break(c) || c == '\0',
    }
}

struct Analysis {
    multiline: bool,
    flow_plain_allowed: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
}

/// libyaml `yaml_emitter_analyze_scalar`.
fn analyze_scalar(text: &str) -> Analysis {
    if text.is_empty() {
        return Analysis {
            multiline: false,
            flow_plain_allowed: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
        };
    }
    let chars: Vec<char> = text.chars().collect();
    let mut block_indicators = false;
    let mut flow_indicators = false;
    if text.starts_with("---") || text.starts_with("...") {
        block_indicators = true;
        flow_indicators = true;
    }
    let mut line_breaks = false;
    let mut special_characters = false;
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break, mut previous_space, mut previous_break) =
        (false, false, false, false);
    let mut preceded_by_whitespace = true;
    let mut followed_by_whitespace = is_blank_or_end(chars.get(1).copied());
    let last = chars.len() - 1;
    for (i, &c) in chars.iter().enumerate() {
        if i == 0 {
            if "#,[]{}&*!|>'\"%@`".contains(c) {
                flow_indicators = true;
                block_indicators = true;
            }
            if c == '?' || c == ':' {
                flow_indicators = true;
                if followed_by_whitespace {
                    block_indicators = true;
                }
            }
            if c == '-' && followed_by_whitespace {
                flow_indicators = true;
                block_indicators = true;
            }
        } else {
            if ",?[]{}".contains(c) {
                flow_indicators = true;
            }
            if c == ':' {
                flow_indicators = true;
                if followed_by_whitespace {
                    block_indicators = true;
                }
            }
            if c == '#' && preceded_by_whitespace {
                flow_indicators = true;
                block_indicators = true;
            }
        }
        // The emitter runs with allow_unicode, so only unprintables count.
        if !is_printable(c) {
            special_characters = true;
        }
        if is_break(c) {
            line_breaks = true;
        }
        if c == ' ' {
            if i == 0 {
                leading_space = true;
            }
            if i == last {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            if i == 0 {
                leading_break = true;
            }
            if i == last {
                trailing_break = true;
            }
            if previous_space {
                space_break = true;
            }
            previous_break = true;
            previous_space = false;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blank_or_end(Some(c));
        if i < last {
            followed_by_whitespace = is_blank_or_end(chars.get(i + 2).copied());
        }
    }
    let mut analysis = Analysis {
        multiline: line_breaks,
        flow_plain_allowed: true,
        block_plain_allowed: true,
        single_quoted_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        analysis.flow_plain_allowed = false;
        analysis.block_plain_allowed = false;
    }
    if break_space {
        analysis.flow_plain_allowed = false;
        analysis.block_plain_allowed = false;
        analysis.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        analysis.flow_plain_allowed = false;
        analysis.block_plain_allowed = false;
        analysis.single_quoted_allowed = false;
    }
    if line_breaks {
        analysis.flow_plain_allowed = false;
        analysis.block_plain_allowed = false;
    }
    if flow_indicators {
        analysis.flow_plain_allowed = false;
    }
    if block_indicators {
        analysis.block_plain_allowed = false;
    }
    analysis
}

/// libyaml `yaml_emitter_select_scalar_style` for a `str` scalar in block
/// context.
fn select_style(text: &str, analysis: &Analysis, simple_key: bool) -> Style {
    if simple_key && analysis.multiline {
        return Style::Double;
    }
    let mut style = Style::Plain;
    if !analysis.block_plain_allowed
        || (text.is_empty() && simple_key)
        || resolves_to_other_type(text)
    {
        style = Style::Single;
    }
    if style == Style::Single && !analysis.single_quoted_allowed {
        style = Style::Double;
    }
    style
}

/// Whether a plain scalar with this text would load as something other
/// than a string under ruamel's YAML 1.2 implicit resolvers (bool, int,
/// float, null, timestamp, merge, value, yaml).
fn resolves_to_other_type(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return true; // '' resolves to null
    };
    // Python's `$` also matches before one trailing newline.
    let body = text.strip_suffix('\n').unwrap_or(text);
    match first {
        't' | 'T' | 'f' | 'F' if is_bool(body) => return true,
        '~' | 'n' | 'N' if matches!(body, "~" | "null" | "Null" | "NULL") => return true,
        '<' if body == "<<" => return true,
        '=' if body == "=" => return true,
        '!' | '&' | '*' if body.len() == 1 => return true,
        _ => {}
    }
    if "-+0123456789.".contains(first) && is_float(body) {
        return true;
    }
    if "-+0123456789".contains(first) && is_int(body) {
        return true;
    }
    first.is_ascii_digit() && is_timestamp(body)
}

fn is_bool(s: &str) -> bool {
    matches!(s, "true" | "True" | "TRUE" | "false" | "False" | "FALSE")
}

fn strip_sign(s: &str) -> &str {
    s.strip_prefix(['-', '+']).unwrap_or(s)
}

fn all(s: &str, f: impl Fn(char) -> bool) -> bool {
    s.chars().all(f)
}

fn is_int(s: &str) -> bool {
    let s = strip_sign(s);
    if let Some(rest) = s.strip_prefix("0b") {
        return !rest.is_empty() && all(rest, |c| matches!(c, '0' | '1' | '_'));
    }
    if let Some(rest) = s.strip_prefix("0x") {
        return !rest.is_empty() && all(rest, |c| c.is_ascii_hexdigit() || c == '_');
    }
    if let Some(rest) = s.strip_prefix("0o") {
        if !rest.is_empty() && all(rest, |c| matches!(c, '0'..='7' | '_')) {
            return true;
        }
    }
    !s.is_empty() && all(s, |c| c.is_ascii_digit() || c == '_')
}

/// `[eE][-+]?[0-9]+` (or with a mandatory sign).
fn is_exponent(s: &str, sign_required: bool) -> bool {
    let Some(rest) = s.strip_prefix(['e', 'E']) else {
        return false;
    };
    let digits = match rest.strip_prefix(['-', '+']) {
        Some(d) => d,
        None if sign_required => return false,
        None => rest,
    };
    !digits.is_empty() && all(digits, |c| c.is_ascii_digit())
}

fn is_float(s: &str) -> bool {
    if matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let unsigned = strip_sign(s);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    if let Some(rest) = unsigned.strip_prefix('.') {
        // \.[0-9_]+(?:[eE][-+][0-9]+)?
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '_'))
            .unwrap_or(rest.len());
        return end > 0 && (end == rest.len() || is_exponent(&rest[end..], true));
    }
    // [0-9][0-9_]* then either \.[0-9_]*(exp)? or exp
    if !unsigned.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let end = unsigned
        .find(|c: char| !(c.is_ascii_digit() || c == '_'))
        .unwrap_or(unsigned.len());
    let rest = &unsigned[end..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let end = fraction
            .find(|c: char| !(c.is_ascii_digit() || c == '_'))
            .unwrap_or(fraction.len());
        let exponent = &fraction[end..];
        return exponent.is_empty() || is_exponent(exponent, false);
    }
    is_exponent(rest, false)
}

fn digits(s: &str, min: usize, max: usize) -> Option<&str> {
    let n = s.chars().take_while(|c| c.is_ascii_digit()).count();
    (n >= min && n <= max).then(|| &s[n..])
}

/// The YAML timestamp resolver: `YYYY-MM-DD`, or a date with 1-2 digit
/// month/day, `T`/`t`/blanks, `H:MM:SS`, optional fraction and zone.
fn is_timestamp(s: &str) -> bool {
    let date_only = s.len() == 10
        && digits(s, 4, 4)
            .and_then(|r| r.strip_prefix('-'))
            .and_then(|r| digits(r, 2, 2))
            .and_then(|r| r.strip_prefix('-'))
            .and_then(|r| digits(r, 2, 2))
            .is_some_and(str::is_empty);
    if date_only {
        return true;
    }
    let Some(rest) = digits(s, 4, 4)
        .and_then(|r| r.strip_prefix('-'))
        .and_then(|r| digits(r, 1, 2))
        .and_then(|r| r.strip_prefix('-'))
        .and_then(|r| digits(r, 1, 2))
    else {
        return false;
    };
    let rest = match rest.strip_prefix(['T', 't']) {
        Some(r) => r,
        None => {
            let trimmed = rest.trim_start_matches([' ', '\t']);
            if trimmed.len() == rest.len() {
                return false;
            }
            trimmed
        }
    };
    let Some(mut rest) = digits(rest, 1, 2)
        .and_then(|r| r.strip_prefix(':'))
        .and_then(|r| digits(r, 2, 2))
        .and_then(|r| r.strip_prefix(':'))
        .and_then(|r| digits(r, 2, 2))
    else {
        return false;
    };
    if let Some(fraction) = rest.strip_prefix('.') {
        rest = fraction.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let rest = rest.trim_start_matches([' ', '\t']);
    if rest.is_empty() || rest == "Z" {
        return true;
    }
    let Some(zone) = rest.strip_prefix(['-', '+']) else {
        return false;
    };
    match digits(zone, 1, 2) {
        Some("") => true,
        Some(minutes) => minutes
            .strip_prefix(':')
            .and_then(|m| digits(m, 2, 2))
            .is_some_and(str::is_empty),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn implicit_types_are_detected() {
        for s in [
            "true",
            "0123",
            "1.5",
            "1e5",
            ".inf",
            "null",
            "~",
            "2026-11-27",
            "2026-11-27T01:22:33+00:00",
            "0x1F",
            "<<",
            "-1_000",
        ] {
            assert!(resolves_to_other_type(s), "{s}");
        }
        for s in [
            "yes",
            "no",
            "on",
            "abc",
            "1.2.3",
            "e5",
            "2026-11-27T01",
            "1e",
            "-",
        ] {
            assert!(!resolves_to_other_type(s), "{s}");
        }
    }
}
