//! The template document of `cloudformation package`: parsing a JSON or
//! YAML template the way the reference's `yamlhelper.yaml_parse` does, and
//! writing it back as `yaml_dump` (ruamel.yaml's safe dumper) or
//! `json.dumps(indent=4, ensure_ascii=False)` do.
//!
//! Spec: `awscli/customizations/cloudformation/yamlhelper.py`, with the
//! emitter rules of ruamel.yaml 0.17 (`emitter.py`: `analyze_scalar`,
//! `choose_scalar_style`, the plain/quoted writers and their 80-column
//! folding) and the YAML 1.2 implicit resolvers plus the YAML 1.1 booleans
//! the helper adds.
//!
//! CloudFormation short-form tags (`!Ref X`, `!GetAtt A.B`, `!Sub ...`)
//! become their long form (`Ref: X`, `Fn::GetAtt: [A, B]`, `Fn::Sub: ...`)
//! as the reference's multi-constructor makes them; the output has no tags.
use std::fmt::Write as _;

/// One node of a template.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    /// A plain YAML timestamp (`2010-09-09`): the reference loads it as a
    /// date and dumps it unquoted, unlike the string `'2010-09-09'`.
    Timestamp(String),
    Seq(Vec<Node>),
    /// Entries in document order (keys are usually strings).
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The value under string key `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(entries) => entries
                .iter()
                .find(|(k, _)| matches!(k, Node::Str(s) if s == key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        match self {
            Node::Map(entries) => entries
                .iter_mut()
                .find(|(k, _)| matches!(k, Node::Str(s) if s == key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// Sets `key` (in place when present, else appended).
    pub fn insert(&mut self, key: &str, value: Node) {
        if let Some(slot) = self.get_mut(key) {
            *slot = value;
        } else if let Node::Map(entries) = self {
            entries.push((Node::Str(key.to_owned()), value));
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Python truthiness (`if not property_value`).
    pub fn is_truthy(&self) -> bool {
        match self {
            Node::Null => false,
            Node::Bool(b) => *b,
            Node::Int(i) => *i != 0,
            Node::Float(f) => *f != 0.0,
            Node::Str(s) => !s.is_empty(),
            Node::Timestamp(_) => true,
            Node::Seq(items) => !items.is_empty(),
            Node::Map(entries) => !entries.is_empty(),
        }
    }

    /// Python's `str()` of the value, as error messages show it.
    pub fn python_str(&self) -> String {
        match self {
            Node::Null => "None".into(),
            Node::Bool(true) => "True".into(),
            Node::Bool(false) => "False".into(),
            Node::Int(i) => i.to_string(),
            Node::Float(f) => float_repr(*f),
            Node::Str(s) | Node::Timestamp(s) => s.clone(),
            other => other.python_repr(),
        }
    }

    /// Python's `repr()` of the loaded value (lists, `OrderedDict`s for
    /// mappings, plain dicts for the intrinsic functions the YAML tags made).
    pub fn python_repr(&self) -> String {
        match self {
            Node::Str(s) => python_str_repr(s),
            Node::Timestamp(s) => format!("datetime.date({s})"),
            Node::Seq(items) => {
                let items: Vec<String> = items.iter().map(Node::python_repr).collect();
                format!("[{}]", items.join(", "))
            }
            Node::Map(entries) => {
                let intrinsic = matches!(entries.as_slice(),
                    [(Node::Str(k), _)] if k == "Ref" || k == "Condition" || k.starts_with("Fn::"));
                if intrinsic {
                    let items: Vec<String> = entries
                        .iter()
                        .map(|(k, v)| format!("{}: {}", k.python_repr(), v.python_repr()))
                        .collect();
                    format!("{{{}}}", items.join(", "))
                } else if entries.is_empty() {
                    "OrderedDict()".into()
                } else {
                    let items: Vec<String> = entries
                        .iter()
                        .map(|(k, v)| format!("({}, {})", k.python_repr(), v.python_repr()))
                        .collect();
                    format!("OrderedDict([{}])", items.join(", "))
                }
            }
            other => other.python_str(),
        }
    }
}

/// Python's `repr()` of a string.
fn python_str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(quote);
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
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Why a template could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("{0}")]
    Yaml(#[from] serde_yaml_ng::Error),
}

/// `yaml_parse`: JSON first (the reference's `json.loads`), else YAML.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    if let Some(node) = PyJson::parse(text) {
        return Ok(node);
    }
    let mut doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(text)?;
    // serde_yaml_ng would also merge a quoted '<<' key, which is a string.
    let plain_merge = text.match_indices("<<").any(|(at, _)| {
        !text[..at].ends_with(['\'', '"'])
            && text[at + 2..]
                .trim_start_matches([' ', '\t'])
                .starts_with(':')
    });
    if plain_merge {
        flatten_merges(&mut doc);
    }
    let mut plainness = Plainness {
        source: text,
        cursors: std::collections::HashMap::new(),
    };
    Ok(from_yaml(doc, &mut plainness))
}

/// Python's `json.loads` (what `yaml_parse` tries first): integers of any
/// size that fit `i128`, `NaN`/`Infinity` literals, floats out of range as
/// infinities, duplicate keys keeping their first position and last value.
/// `None` when the text is not JSON (it is then read as YAML).
struct PyJson<'a> {
    text: &'a str,
    at: usize,
}

impl PyJson<'_> {
    fn parse(text: &str) -> Option<Node> {
        let mut p = PyJson { text, at: 0 };
        p.skip_ws();
        let node = p.value()?;
        p.skip_ws();
        (p.at == text.len()).then_some(node)
    }

    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn skip_ws(&mut self) {
        let trimmed = self.rest().trim_start_matches([' ', '\t', '\n', '\r']);
        self.at = self.text.len() - trimmed.len();
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.at += token.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Option<Node> {
        let c = self.rest().chars().next()?;
        match c {
            '{' => self.object(),
            '[' => self.array(),
            '"' => self.string().map(Node::Str),
            _ => {
                for (token, node) in [
                    ("null", Node::Null),
                    ("true", Node::Bool(true)),
                    ("false", Node::Bool(false)),
                    ("NaN", Node::Float(f64::NAN)),
                    ("Infinity", Node::Float(f64::INFINITY)),
                    ("-Infinity", Node::Float(f64::NEG_INFINITY)),
                ] {
                    if self.eat(token) {
                        return Some(node);
                    }
                }
                self.number()
            }
        }
    }

    fn number(&mut self) -> Option<Node> {
        let b = self.rest().as_bytes();
        let mut i = usize::from(b.first() == Some(&b'-'));
        let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
        let int_len = digits(i);
        if int_len == 0 || (int_len > 1 && b[i] == b'0') {
            return None;
        }
        i += int_len;
        let mut is_float = false;
        if b.get(i) == Some(&b'.') && digits(i + 1) > 0 {
            i += 1 + digits(i + 1);
            is_float = true;
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            let sign = usize::from(matches!(b.get(i + 1), Some(b'+' | b'-')));
            if digits(i + 1 + sign) > 0 {
                i += 1 + sign + digits(i + 1 + sign);
                is_float = true;
            }
        }
        let text = self.rest()[..i].to_owned();
        self.at += i;
        if is_float {
            text.parse::<f64>().ok().map(Node::Float)
        } else {
            Some(match text.parse::<i128>() {
                Ok(n) => Node::Int(n),
                Err(_) => Node::Float(text.parse::<f64>().ok()?),
            })
        }
    }

    fn string(&mut self) -> Option<String> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let c = self.rest().chars().next()?;
            self.at += c.len_utf8();
            match c {
                '"' => return Some(out),
                '\\' => {
                    let e = self.rest().chars().next()?;
                    self.at += 1;
                    match e {
                        '"' | '\\' | '/' => out.push(e),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'u' => {
                            let first = self.hex4()?;
                            let code = if (0xd800..0xdc00).contains(&first)
                                && self.rest().starts_with("\\u")
                            {
                                let save = self.at;
                                self.at += 2;
                                match self.hex4() {
                                    Some(low) if (0xdc00..0xe000).contains(&low) => {
                                        0x10000 + ((first - 0xd800) << 10) + (low - 0xdc00)
                                    }
                                    _ => {
                                        self.at = save;
                                        first
                                    }
                                }
                            } else {
                                first
                            };
                            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        }
                        _ => return None,
                    }
                }
                c if (c as u32) < 0x20 => return None,
                c => out.push(c),
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let hex = self.rest().get(..4)?;
        let code = u32::from_str_radix(hex, 16).ok()?;
        self.at += 4;
        Some(code)
    }

    fn array(&mut self) -> Option<Node> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.eat("]") {
            return Some(Node::Seq(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value()?);
            self.skip_ws();
            if self.eat("]") {
                return Some(Node::Seq(items));
            }
            if !self.eat(",") {
                return None;
            }
        }
    }

    fn object(&mut self) -> Option<Node> {
        self.at += 1;
        let mut map = Node::Map(Vec::new());
        self.skip_ws();
        if self.eat("}") {
            return Some(map);
        }
        loop {
            self.skip_ws();
            if !self.rest().starts_with('"') {
                return None;
            }
            let key = self.string()?;
            self.skip_ws();
            if !self.eat(":") {
                return None;
            }
            self.skip_ws();
            let value = self.value()?;
            map.insert(&key, value);
            self.skip_ws();
            if self.eat("}") {
                return Some(map);
            }
            if !self.eat(",") {
                return None;
            }
        }
    }
}

/// The YAML 1.1 booleans `yamlhelper` adds to the resolver.
fn is_yaml11_bool(s: &str) -> Option<bool> {
    match s {
        "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Some(true),
        "no" | "No" | "NO" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

/// serde_yaml_ng does not say whether a string scalar was quoted, and the
/// reference loads a plain `yes` or `2010-09-09` as a boolean or a date.
/// Such candidates are met in document order, so each is matched with its
/// next whole-token occurrence in the source, which tells whether it was
/// written between quotes.
struct Plainness<'a> {
    source: &'a str,
    cursors: std::collections::HashMap<String, usize>,
}

impl Plainness<'_> {
    fn is_plain(&mut self, text: &str) -> bool {
        let from = self.cursors.get(text).copied().unwrap_or(0);
        let source = self.source;
        for (offset, _) in source[from..].match_indices(text) {
            let at = from + offset;
            let end = at + text.len();
            let before = source[..at].chars().next_back();
            let after = source[end..].chars().next();
            // 'text' or "text": this occurrence is the quoted scalar.
            if matches!(before, Some('\'' | '"')) && before == after {
                self.cursors.insert(text.to_owned(), end);
                return false;
            }
            // A whole plain scalar: a value, item or key on its own.
            let prev = source[..at]
                .trim_end_matches([' ', '\t'])
                .chars()
                .next_back();
            let rest = source[end..].trim_start_matches([' ', '\t']);
            let opens = prev.is_none_or(|c| "\n:-[,{?".contains(c));
            let closes = rest.is_empty()
                || rest.starts_with(['\n', '\r', ',', ']', '}', '#'])
                || rest
                    .strip_prefix(':')
                    .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t', '\n', '\r']));
            if opens && closes {
                self.cursors.insert(text.to_owned(), end);
                return true;
            }
        }
        false
    }
}

/// ruamel's `flatten_mapping`: the entries merged in by `<<` come first
/// (from a list of mappings, the earlier mapping wins), then the mapping's
/// own entries, which replace merged values in place.
fn flatten_merges(value: &mut serde_yaml_ng::Value) {
    use serde_yaml_ng::Value as Y;
    match value {
        Y::Sequence(items) => items.iter_mut().for_each(flatten_merges),
        Y::Tagged(tagged) => flatten_merges(&mut tagged.value),
        Y::Mapping(map) => {
            for (_, v) in map.iter_mut() {
                flatten_merges(v);
            }
            let merge_key = Y::String("<<".into());
            let Some(merged) = map.remove(&merge_key) else {
                return;
            };
            let mut out = serde_yaml_ng::Mapping::new();
            let sources: Vec<serde_yaml_ng::Mapping> = match merged {
                Y::Mapping(m) => vec![m],
                Y::Sequence(items) => items
                    .into_iter()
                    .rev()
                    .filter_map(|i| match i {
                        Y::Mapping(m) => Some(m),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            for (k, v) in sources.into_iter().flatten() {
                out.insert(k, v);
            }
            for (k, v) in std::mem::take(map) {
                out.insert(k, v);
            }
            *map = out;
        }
        _ => {}
    }
}

fn from_yaml(value: serde_yaml_ng::Value, source: &mut Plainness<'_>) -> Node {
    use serde_yaml_ng::Value as Y;
    match value {
        Y::Null => Node::Null,
        Y::Bool(b) => Node::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Node::Int(i.into())
            } else if let Some(u) = n.as_u64() {
                Node::Int(u.into())
            } else {
                Node::Float(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        Y::String(s) => {
            if let Some(b) = is_yaml11_bool(&s).filter(|_| source.is_plain(&s)) {
                Node::Bool(b)
            } else if is_timestamp(&s) && source.is_plain(&s) {
                Node::Timestamp(s)
            } else {
                Node::Str(s)
            }
        }
        Y::Sequence(items) => Node::Seq(
            items
                .into_iter()
                .map(|v| from_yaml(v, &mut *source))
                .collect(),
        ),
        Y::Mapping(map) => Node::Map(
            map.into_iter()
                .map(|(k, v)| {
                    let k = from_yaml(k, &mut *source);
                    (k, from_yaml(v, &mut *source))
                })
                .collect(),
        ),
        Y::Tagged(tagged) => {
            let tag = tagged.tag.to_string();
            let tag = tag.trim_start_matches('!');
            let name = if tag == "Ref" || tag == "Condition" {
                tag.to_owned()
            } else {
                format!("Fn::{tag}")
            };
            let value = match tagged.value {
                // The short form of GetAtt is `Resource.Attribute`.
                Y::String(s) if tag == "GetAtt" => Node::Seq(match s.split_once('.') {
                    Some((a, b)) => vec![Node::Str(a.into()), Node::Str(b.into())],
                    None => vec![Node::Str(s)],
                }),
                Y::String(s) => Node::Str(s),
                // A tagged scalar is constructed as a string.
                Y::Null => Node::Str(String::new()),
                Y::Bool(b) => Node::Str(b.to_string()),
                Y::Number(n) => Node::Str(n.to_string()),
                other => from_yaml(other, source),
            };
            Node::Map(vec![(Node::Str(name), value)])
        }
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The timestamp resolver (`YYYY-MM-DD` or a full date and time).
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        return all_digits(&s[..4]) && all_digits(&s[5..7]) && all_digits(&s[8..]);
    }
    // YYYY-M[M]-D[D](T|t|spaces)H[H]:MM:SS[.frac][tz]
    let mut parts = s.splitn(3, '-');
    let (Some(y), Some(m), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    if y.len() != 4 || !all_digits(y) || m.is_empty() || m.len() > 2 || !all_digits(m) {
        return false;
    }
    let day_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&day_len) {
        return false;
    }
    let rest = &rest[day_len..];
    let time = if let Some(t) = rest.strip_prefix(['T', 't']) {
        t
    } else {
        let trimmed = rest.trim_start_matches([' ', '\t']);
        if trimmed.len() == rest.len() {
            return false;
        }
        trimmed
    };
    let h_len = time.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&h_len) {
        return false;
    }
    let time = &time[h_len..];
    let tb = time.as_bytes();
    if tb.len() < 6
        || tb[0] != b':'
        || tb[3] != b':'
        || !all_digits(&time[1..3])
        || !all_digits(&time[4..6])
    {
        return false;
    }
    let mut rest = &time[6..];
    if let Some(frac) = rest.strip_prefix('.') {
        rest = frac.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let rest = rest.trim_start_matches([' ', '\t']);
    if rest.is_empty() || rest == "Z" {
        return true;
    }
    let Some(tz) = rest.strip_prefix(['+', '-']) else {
        return false;
    };
    let (h, m) = tz.split_once(':').unwrap_or((tz, ""));
    (1..=2).contains(&h.len())
        && all_digits(h)
        && (m.is_empty() && !tz.contains(':') || m.len() == 2 && all_digits(m))
}

/// How the reference dumps a loaded timestamp: a date as `YYYY-MM-DD`, a
/// date and time as the naive UTC `datetime.isoformat(' ')` (ruamel's
/// `create_timestamp` subtracts the zone offset and drops the zone).
fn timestamp_isoformat(text: &str) -> String {
    let num = |s: &str| s.parse::<i64>().ok();
    let Some((date, time)) = text
        .split_once(['T', 't', ' ', '\t'])
        .map(|(d, t)| (d, t.trim_start_matches([' ', '\t'])))
    else {
        return text.to_owned();
    };
    let mut ymd = date.splitn(3, '-').map(num);
    let (Some(Some(y)), Some(Some(mo)), Some(Some(d))) = (ymd.next(), ymd.next(), ymd.next())
    else {
        return text.to_owned();
    };
    // H:MM:SS[.frac][ ][Z|+-H[:MM]]
    let clock_end = time
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(time.len());
    let (clock, zone) = (&time[..clock_end], time[clock_end..].trim());
    let (hms, frac) = clock.split_once('.').unwrap_or((clock, ""));
    let mut parts = hms.splitn(3, ':').map(num);
    let (Some(Some(h)), Some(Some(mi)), Some(Some(sec))) =
        (parts.next(), parts.next(), parts.next())
    else {
        return text.to_owned();
    };
    let micros = num(&format!("{:0<6}", &frac[..frac.len().min(6)])).unwrap_or(0);
    let offset_minutes = match zone {
        "" | "Z" => 0,
        z => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let z = z.trim_start_matches(['+', '-']);
            let (zh, zm) = z.split_once(':').unwrap_or((z, "0"));
            sign * (num(zh).unwrap_or(0) * 60 + num(zm).unwrap_or(0))
        }
    };
    let fields = (
        i16::try_from(y),
        i8::try_from(mo),
        i8::try_from(d),
        i8::try_from(h),
        i8::try_from(mi),
        i8::try_from(sec),
        i32::try_from(micros * 1000),
    );
    let (Ok(y), Ok(mo), Ok(d), Ok(h), Ok(mi), Ok(sec), Ok(nanos)) = fields else {
        return text.to_owned();
    };
    let Ok(civil) = jiff::civil::DateTime::new(y, mo, d, h, mi, sec, nanos) else {
        return text.to_owned();
    };
    let Ok(utc) = civil.checked_sub(jiff::Span::new().minutes(offset_minutes)) else {
        return text.to_owned();
    };
    let mut out = utc.strftime("%Y-%m-%d %H:%M:%S").to_string();
    if micros != 0 {
        out.push_str(&format!(".{micros:06}"));
    }
    out
}

/// Whether `s`, written plain, would load as something other than a string
/// (the implicit resolvers of the reference's YAML 1.2 loader).
fn resolves_to_non_string(s: &str) -> bool {
    matches!(
        s,
        "" | "~"
            | "null"
            | "Null"
            | "NULL"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | "<<"
            | "="
            | "!"
            | "&"
            | "*"
    ) || is_yaml11_bool(s).is_some()
        || is_int12(s)
        || is_float12(s)
        || is_timestamp(s)
}

fn strip_sign(s: &str) -> &str {
    s.strip_prefix(['-', '+']).unwrap_or(s)
}

fn is_int12(s: &str) -> bool {
    let body = strip_sign(s);
    let digits =
        |t: &str, ok: fn(char) -> bool| !t.is_empty() && t.chars().all(|c| c == '_' || ok(c));
    if let Some(bin) = body.strip_prefix("0b") {
        return digits(bin, |c| c == '0' || c == '1');
    }
    if let Some(hex) = body.strip_prefix("0x") {
        return digits(hex, |c| c.is_ascii_hexdigit());
    }
    if let Some(oct) = body.strip_prefix("0o") {
        return digits(oct, |c| ('0'..='7').contains(&c));
    }
    digits(body, |c| c.is_ascii_digit())
}

fn is_float12(s: &str) -> bool {
    if matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let body = strip_sign(s);
    if matches!(body, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    let digits_ = |t: &str| t.chars().all(|c| c == '_' || c.is_ascii_digit());
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let exp_ok = |e: &str, sign_required: bool| {
        let digits = e.strip_prefix(['-', '+']);
        match digits {
            Some(d) => !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()),
            None => !sign_required && !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit()),
        }
    };
    if let Some(frac) = mantissa.strip_prefix('.') {
        // [-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        return !frac.is_empty() && digits_(frac) && exponent.is_none_or(|e| exp_ok(e, true));
    }
    let first_digit = mantissa.chars().next().is_some_and(|c| c.is_ascii_digit());
    if !first_digit {
        return false;
    }
    match mantissa.split_once('.') {
        Some((int, frac)) => {
            digits_(int) && digits_(frac) && exponent.is_none_or(|e| exp_ok(e, false))
        }
        None => digits_(mantissa) && exponent.is_some_and(|e| exp_ok(e, false)),
    }
}

/// Python's `repr(float)`: the shortest round-trip digits, in exponent form
/// below 1e-4 and from 1e16.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..16).contains(&exp) {
        let fixed = format!("{f}");
        if fixed.contains('.') {
            fixed
        } else {
            format!("{fixed}.0")
        }
    } else {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    }
}

/// `json.dumps(template, indent=4, ensure_ascii=False)`; like Python's
/// encoder it refuses the dates a YAML template loaded.
pub fn json_dumps(node: &Node) -> Result<String, String> {
    if let Some(date) = find_timestamp(node) {
        let kind = if date.len() == 10 { "date" } else { "datetime" };
        return Err(format!("Object of type {kind} is not JSON serializable"));
    }
    let mut out = String::new();
    json_write(&mut out, node, 0);
    Ok(out)
}

fn find_timestamp(node: &Node) -> Option<&str> {
    match node {
        Node::Timestamp(s) => Some(s),
        Node::Seq(items) => items.iter().find_map(find_timestamp),
        Node::Map(entries) => entries
            .iter()
            .find_map(|(k, v)| find_timestamp(k).or_else(|| find_timestamp(v))),
        _ => None,
    }
}

/// A JSON string as Python's `json.dumps(..., ensure_ascii=False)` writes it.
fn json_string(out: &mut String, s: &str) {
    awscli_jmespath::python::write_json_string(out, s, false);
}

fn json_scalar(node: &Node) -> String {
    match node {
        Node::Null => "null".into(),
        Node::Bool(b) => b.to_string(),
        Node::Int(i) => i.to_string(),
        Node::Float(f) if f.is_nan() => "NaN".into(),
        Node::Float(f) if f.is_infinite() => if *f > 0.0 { "Infinity" } else { "-Infinity" }.into(),
        Node::Float(f) => float_repr(*f),
        Node::Str(s) | Node::Timestamp(s) => s.clone(),
        Node::Seq(_) | Node::Map(_) => String::new(),
    }
}

fn json_write(out: &mut String, node: &Node, level: usize) {
    let pad = |level: usize| " ".repeat(4 * level);
    match node {
        Node::Str(s) | Node::Timestamp(s) => json_string(out, s),
        Node::Seq(items) if items.is_empty() => out.push_str("[]"),
        Node::Map(entries) if entries.is_empty() => out.push_str("{}"),
        Node::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push('\n');
                out.push_str(&pad(level + 1));
                json_write(out, item, level + 1);
            }
            out.push('\n');
            out.push_str(&pad(level));
            out.push(']');
        }
        Node::Map(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push('\n');
                out.push_str(&pad(level + 1));
                json_string(out, &json_scalar(k));
                out.push_str(": ");
                json_write(out, v, level + 1);
            }
            out.push('\n');
            out.push_str(&pad(level));
            out.push('}');
        }
        scalar => out.push_str(&json_scalar(scalar)),
    }
}

/// `yaml_dump`: block style, two-space indent, sequences not indented
/// under their key, flow `{}`/`[]` for empty collections.
pub fn yaml_dump(node: &Node) -> String {
    let mut e = Emitter {
        out: String::new(),
        column: 0,
        whitespace: true,
        indention: true,
    };
    match node {
        Node::Map(entries) if !entries.is_empty() => e.block_mapping(entries, 0),
        Node::Seq(items) if !items.is_empty() => e.block_sequence(items, 0),
        other => e.value_scalar_or_flow(other, 0, false),
    }
    e.write_indent(0);
    e.out
}

/// The scalar analysis of ruamel's `Emitter.analyze_scalar` (block context).
struct Analysis {
    empty: bool,
    multiline: bool,
    allow_block_plain: bool,
    allow_single_quoted: bool,
}

const BREAKS: [char; 4] = ['\n', '\u{85}', '\u{2028}', '\u{2029}'];

fn is_ws_or_break(c: char) -> bool {
    matches!(
        c,
        '\0' | ' ' | '\t' | '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

fn analyze(scalar: &str) -> Analysis {
    if scalar.is_empty() {
        return Analysis {
            empty: true,
            multiline: false,
            allow_block_plain: true,
            allow_single_quoted: true,
        };
    }
    let chars: Vec<char> = scalar.chars().collect();
    let mut block_indicators = scalar.starts_with("---") || scalar.starts_with("...");
    let mut line_breaks = false;
    let mut special = false;
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break) = (false, false);
    let mut preceded_by_ws = true;
    let mut followed_by_ws = chars.len() == 1 || is_ws_or_break(chars[1]);
    let (mut previous_space, mut previous_break) = (false, false);
    for (index, &ch) in chars.iter().enumerate() {
        if index == 0 {
            if "#,[]{}&*!|>'\"%@`".contains(ch) {
                block_indicators = true;
            }
            if (ch == '?' || ch == ':') && followed_by_ws {
                block_indicators = true;
            }
            if ch == '-' && followed_by_ws {
                block_indicators = true;
            }
        } else if (ch == ':' && followed_by_ws) || (ch == '#' && preceded_by_ws) {
            block_indicators = true;
        }
        if BREAKS.contains(&ch) {
            line_breaks = true;
        }
        if !(ch == '\n' || ('\x20'..='\x7e').contains(&ch)) {
            let unicode = (ch == '\u{85}'
                || ('\u{a0}'..='\u{d7ff}').contains(&ch)
                || ('\u{e000}'..='\u{fffd}').contains(&ch)
                || ('\u{10000}'..='\u{10ffff}').contains(&ch))
                && ch != '\u{feff}';
            if !unicode {
                special = true;
            }
        }
        if ch == ' ' {
            if index == 0 {
                leading_space = true;
            }
            if index == chars.len() - 1 {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if BREAKS.contains(&ch) {
            if index == 0 {
                leading_break = true;
            }
            if index == chars.len() - 1 {
                trailing_break = true;
            }
            if previous_space {
                space_break = true;
            }
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_ws = is_ws_or_break(ch);
        followed_by_ws = index + 2 >= chars.len() || is_ws_or_break(chars[index + 2]);
    }
    let mut allow_block_plain = true;
    let mut allow_single_quoted = true;
    if leading_space || leading_break || trailing_space || trailing_break {
        allow_block_plain = false;
    }
    if break_space || special || space_break {
        allow_block_plain = false;
        allow_single_quoted = false;
    }
    if line_breaks || block_indicators {
        allow_block_plain = false;
    }
    Analysis {
        empty: false,
        multiline: line_breaks,
        allow_block_plain,
        allow_single_quoted,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Plain,
    Single,
    Double,
}

/// The text a scalar node is represented by, and whether it may be plain
/// (`implicit[0]`: it would load back as the same type).
fn represent(node: &Node) -> (String, bool) {
    match node {
        Node::Null => ("null".into(), true),
        Node::Bool(b) => (b.to_string(), true),
        Node::Int(i) => (i.to_string(), true),
        Node::Float(f) if f.is_nan() => (".nan".into(), true),
        Node::Float(f) if f.is_infinite() => (if *f > 0.0 { ".inf" } else { "-.inf" }.into(), true),
        Node::Float(f) => (float_repr(*f), true),
        Node::Timestamp(s) => (timestamp_isoformat(s), true),
        Node::Str(s) => (s.clone(), !resolves_to_non_string(s)),
        Node::Seq(_) | Node::Map(_) => (String::new(), true),
    }
}

fn choose_style(text: &str, implicit_plain: bool, simple_key: bool) -> Style {
    let a = analyze(text);
    if implicit_plain && !(simple_key && (a.empty || a.multiline)) && a.allow_block_plain {
        return Style::Plain;
    }
    if text.contains('\'') || text.contains('\n') {
        return Style::Double;
    }
    if a.allow_single_quoted && !(simple_key && a.multiline) {
        return Style::Single;
    }
    Style::Double
}

/// The writer state of ruamel's `Emitter`.
struct Emitter {
    out: String,
    column: usize,
    whitespace: bool,
    indention: bool,
}

impl Emitter {
    fn write(&mut self, data: &str) {
        self.column += data.chars().count();
        self.out.push_str(data);
    }

    fn write_indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        whitespace: bool,
        indention: bool,
    ) {
        if !self.whitespace && need_whitespace {
            self.write(" ");
        }
        self.write(indicator);
        self.whitespace = whitespace;
        self.indention = self.indention && indention;
    }

    fn write_line_break(&mut self, br: Option<char>) {
        self.out.push(br.unwrap_or('\n'));
        self.whitespace = true;
        self.indention = true;
        self.column = 0;
    }

    fn write_indent(&mut self, indent: usize) {
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.write_line_break(None);
        }
        if self.column < indent {
            self.whitespace = true;
            let pad = " ".repeat(indent - self.column);
            self.write(&pad);
        }
    }

    fn block_mapping(&mut self, entries: &[(Node, Node)], indent: usize) {
        for (key, value) in entries {
            self.write_indent(indent);
            let (text, implicit) = match key {
                Node::Seq(_) | Node::Map(_) => (key.python_repr(), false),
                other => represent(other),
            };
            if is_simple_key(key, &text) {
                let style = choose_style(&text, implicit, true);
                self.scalar(&text, style, indent + 2, false);
                self.write_indicator(":", false, false, false);
            } else {
                // A long or multi-line key: `? key` then `: value`.
                self.write_indicator("?", true, false, true);
                let style = choose_style(&text, implicit, false);
                self.scalar(&text, style, indent + 2, true);
                self.write_indent(indent);
                self.write_indicator(":", true, false, true);
            }
            match value {
                // Indentless under a simple key, indented after `: `.
                Node::Seq(items) if !items.is_empty() => {
                    let inner = if self.indention { indent + 2 } else { indent };
                    self.block_sequence(items, inner)
                }
                Node::Map(entries) if !entries.is_empty() => {
                    self.block_mapping(entries, indent + 2)
                }
                other => self.value_scalar_or_flow(other, indent + 2, false),
            }
        }
    }

    fn block_sequence(&mut self, items: &[Node], indent: usize) {
        for item in items {
            self.write_indent(indent);
            self.write_indicator("-", true, false, true);
            match item {
                Node::Seq(inner) if !inner.is_empty() => self.block_sequence(inner, indent + 2),
                Node::Map(entries) if !entries.is_empty() => {
                    self.block_mapping(entries, indent + 2)
                }
                other => self.value_scalar_or_flow(other, indent + 2, true),
            }
        }
    }

    /// A scalar or an empty collection as a value; `indent` is the scalar's
    /// indent (continuation lines of folded scalars).
    fn value_scalar_or_flow(&mut self, node: &Node, indent: usize, in_sequence: bool) {
        match node {
            Node::Seq(_) => {
                self.write_indicator("[", true, true, false);
                self.write_indicator("]", false, false, false);
            }
            Node::Map(_) => {
                self.write_indicator("{", true, true, false);
                self.write_indicator("}", false, false, false);
            }
            other => {
                let (text, implicit) = represent(other);
                let style = choose_style(&text, implicit, false);
                if in_sequence {
                    self.write_indent(indent);
                }
                self.scalar(&text, style, indent, true);
            }
        }
    }

    fn scalar(&mut self, text: &str, style: Style, indent: usize, split: bool) {
        match style {
            Style::Plain => self.write_plain(text, indent, split),
            Style::Single => self.write_single_quoted(text, indent, split),
            Style::Double => self.write_double_quoted(text, indent, split),
        }
    }

    fn write_breaks(&mut self, chunk: &[char], indent: usize) {
        if chunk.first() == Some(&'\n') {
            self.write_line_break(None);
        }
        for &br in chunk {
            self.write_line_break(Some(br));
        }
        self.write_indent(indent);
    }

    fn write_plain(&mut self, text: &str, indent: usize, split: bool) {
        if text.is_empty() {
            return;
        }
        if !self.whitespace {
            self.write(" ");
        }
        self.whitespace = false;
        self.indention = false;
        let chars: Vec<char> = text.chars().collect();
        let (mut spaces, mut breaks) = (false, false);
        let (mut start, mut end) = (0, 0);
        while end <= chars.len() {
            let ch = chars.get(end).copied();
            if spaces {
                if ch != Some(' ') {
                    if start + 1 == end && self.column > BEST_WIDTH && split {
                        self.write_indent(indent);
                        self.whitespace = false;
                        self.indention = false;
                    } else {
                        let data: String = chars[start..end].iter().collect();
                        self.write(&data);
                    }
                    start = end;
                }
            } else if breaks {
                if !ch.is_some_and(|c| BREAKS.contains(&c)) {
                    let chunk = chars[start..end].to_vec();
                    self.write_breaks(&chunk, indent);
                    self.whitespace = false;
                    self.indention = false;
                    start = end;
                }
            } else if ch.is_none_or(|c| c == ' ' || BREAKS.contains(&c)) {
                let data: String = chars[start..end].iter().collect();
                self.write(&data);
                start = end;
            }
            if let Some(c) = ch {
                spaces = c == ' ';
                breaks = BREAKS.contains(&c);
            }
            end += 1;
        }
    }

    fn write_single_quoted(&mut self, text: &str, indent: usize, split: bool) {
        self.write_indicator("'", true, false, false);
        let chars: Vec<char> = text.chars().collect();
        let (mut spaces, mut breaks) = (false, false);
        let (mut start, mut end) = (0, 0);
        while end <= chars.len() {
            let ch = chars.get(end).copied();
            if spaces {
                if ch != Some(' ') {
                    if start + 1 == end
                        && self.column > BEST_WIDTH
                        && split
                        && start != 0
                        && end != chars.len()
                    {
                        self.write_indent(indent);
                    } else {
                        let data: String = chars[start..end].iter().collect();
                        self.write(&data);
                    }
                    start = end;
                }
            } else if breaks {
                if !ch.is_some_and(|c| BREAKS.contains(&c)) {
                    let chunk = chars[start..end].to_vec();
                    self.write_breaks(&chunk, indent);
                    start = end;
                }
            } else if ch.is_none_or(|c| c == ' ' || c == '\'' || BREAKS.contains(&c)) && start < end
            {
                let data: String = chars[start..end].iter().collect();
                self.write(&data);
                start = end;
            }
            if ch == Some('\'') {
                self.write("''");
                start = end + 1;
            }
            if let Some(c) = ch {
                spaces = c == ' ';
                breaks = BREAKS.contains(&c);
            }
            end += 1;
        }
        self.write_indicator("'", false, false, false);
    }

    fn write_double_quoted(&mut self, text: &str, indent: usize, split: bool) {
        self.write_indicator("\"", true, false, false);
        let chars: Vec<char> = text.chars().collect();
        let (mut start, mut end) = (0, 0);
        while end <= chars.len() {
            let ch = chars.get(end).copied();
            let needs_escape = ch.is_none_or(|c| {
                "\"\\\u{85}\u{2028}\u{2029}\u{feff}".contains(c)
                    || !(('\x20'..='\x7e').contains(&c)
                        || ('\u{a0}'..='\u{d7ff}').contains(&c)
                        || ('\u{e000}'..='\u{fffd}').contains(&c))
            });
            if needs_escape {
                if start < end {
                    let data: String = chars[start..end].iter().collect();
                    self.write(&data);
                    start = end;
                }
                if let Some(c) = ch {
                    let data = match c {
                        '\0' => "\\0".to_owned(),
                        '\x07' => "\\a".to_owned(),
                        '\x08' => "\\b".to_owned(),
                        '\t' => "\\t".to_owned(),
                        '\n' => "\\n".to_owned(),
                        '\x0b' => "\\v".to_owned(),
                        '\x0c' => "\\f".to_owned(),
                        '\r' => "\\r".to_owned(),
                        '\x1b' => "\\e".to_owned(),
                        '"' => "\\\"".to_owned(),
                        '\\' => "\\\\".to_owned(),
                        '\u{85}' => "\\N".to_owned(),
                        '\u{a0}' => "\\_".to_owned(),
                        '\u{2028}' => "\\L".to_owned(),
                        '\u{2029}' => "\\P".to_owned(),
                        c if (c as u32) <= 0xff => format!("\\x{:02X}", c as u32),
                        c if (c as u32) <= 0xffff => format!("\\u{:04X}", c as u32),
                        c => format!("\\U{:08X}", c as u32),
                    };
                    self.write(&data);
                    start = end + 1;
                }
            }
            if 0 < end
                && end + 1 < chars.len()
                && (ch == Some(' ') || start >= end)
                && self.column + end.saturating_sub(start) > BEST_WIDTH
                && split
            {
                let mut data: String = chars[start.min(end)..end].iter().collect();
                data.push('\\');
                if start < end {
                    start = end;
                }
                self.write(&data);
                self.write_indent(indent);
                self.whitespace = false;
                self.indention = false;
                if chars.get(start) == Some(&' ') {
                    self.write("\\");
                }
            }
            end += 1;
        }
        self.write_indicator("\"", false, false, false);
    }
}

/// `check_simple_key`: a one-line scalar shorter than 128 characters
/// counting its (implicit, unwritten) tag, such as `!!str`.
fn is_simple_key(key: &Node, text: &str) -> bool {
    let tag_len = match key {
        Node::Str(_) | Node::Int(_) => 5,
        Node::Bool(_) | Node::Null => 6,
        Node::Float(_) => 7,
        Node::Timestamp(_) => 11,
        Node::Seq(_) | Node::Map(_) => return false,
    };
    text.chars().count() + tag_len < 128 && !analyze(text).multiline
}

/// ruamel's default `best_width`.
const BEST_WIDTH: usize = 80;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_become_long_form() {
        let node =
            parse("a: !GetAtt X.Arn\nb: !Ref B\nc: !Sub 'x${A}'\nd: !Join ['', [a, !Ref b]]\n")
                .unwrap();
        assert_eq!(
            yaml_dump(&node),
            "a:\n  Fn::GetAtt:\n  - X\n  - Arn\nb:\n  Ref: B\nc:\n  Fn::Sub: x${A}\nd:\n  Fn::Join:\n  - ''\n  - - a\n    - Ref: b\n"
        );
    }

    #[test]
    fn scalars_are_quoted_like_ruamel() {
        // Expected text from the reference's yamlhelper (ruamel.yaml 0.17.21).
        let node = parse(
            "a: yes\nb: 2010-09-09\nc: \"2010-09-09\"\nd: \"yes\"\ni: \"123\"\nk: \"\"\nl: \"multi\\nline\"\nm: {}\nn: []\nq: \": x\"\nt: \"it's\"\nv: \"é ü\"\nw: \"\\u0007\"\ny: \"trailing \"\naj: \"=\"\ng: [1, 2.5, 1e3, ~, .inf]\n",
        )
        .unwrap();
        assert_eq!(
            yaml_dump(&node),
            "a: true\nb: 2010-09-09\nc: '2010-09-09'\nd: 'yes'\ni: '123'\nk: ''\nl: \"multi\\nline\"\nm: {}\nn: []\nq: ': x'\nt: it's\nv: é ü\nw: \"\\a\"\ny: 'trailing '\naj: '='\ng:\n- 1\n- 2.5\n- 1000.0\n- null\n- .inf\n"
        );
    }

    #[test]
    fn merges_and_timestamps_like_ruamel() {
        // Expected text from the reference's yamlhelper.
        let node = parse(
            "a: &x {p: 1, q: 2}\nb:\n  r: 0\n  <<: *x\n  q: 3\nc: 2001-12-14 21:59:43.10 -5\nd: 2010-9-9 1:02:03\n",
        )
        .unwrap();
        assert_eq!(
            yaml_dump(&node),
            "a:\n  p: 1\n  q: 2\nb:\n  p: 1\n  q: 3\n  r: 0\nc: 2001-12-15 02:59:43.100000\nd: 2010-09-09 01:02:03\n"
        );
    }

    #[test]
    fn json_like_python() {
        let node = parse("{\"a\": [1, {\"b\": \"é\\n\"}], \"c\": {}, \"d\": 1.5e20}").unwrap();
        assert_eq!(
            json_dumps(&node).unwrap(),
            "{\n    \"a\": [\n        1,\n        {\n            \"b\": \"é\\n\"\n        }\n    ],\n    \"c\": {},\n    \"d\": 1.5e+20\n}"
        );
    }

    #[test]
    fn json_reads_like_python() {
        let node = parse("{\"a\": 123456789012345678901234567890, \"b\": 1e400, \"c\": NaN, \"a\": 1, \"d\": \"\\ud83d\\ude00\"}").unwrap();
        assert_eq!(yaml_dump(&node), "a: 1\nb: .inf\nc: .nan\nd: \u{1f600}\n");
        assert!(PyJson::parse("{\"a\": 1} x").is_none());
    }

    #[test]
    fn float_repr_matches_python() {
        assert_eq!(float_repr(1.0), "1.0");
        assert_eq!(float_repr(1e16), "1e+16");
        assert_eq!(float_repr(0.0001), "0.0001");
        assert_eq!(float_repr(0.00001), "1e-05");
        assert_eq!(float_repr(-0.0), "-0.0");
    }
}
