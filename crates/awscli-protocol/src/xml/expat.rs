//! Expat's diagnosis of a malformed document: which error it reports and
//! where, so that a parse failure reads like botocore's
//! `Unable to parse response (no element found: line 1, column 0), ...`.
//!
//! botocore parses XML with Python's `xml.etree.ElementTree.XMLParser`
//! (expat) and puts `str(ParseError)` in its `ResponseParserError`. The
//! document is read by quick-xml ([`super::parse_document`]); only when that
//! fails is the document scanned again here, as a non-validating
//! tokenizer that follows expat's rules for the errors a real response
//! produces: a body cut short (`no element found`, `unclosed token`,
//! `partial character`), an empty body, mismatched tags, bytes after the
//! document element, bad references and bytes that are not UTF-8.
//!
//! Spec: expat's `xmlparse.c` / `xmltok_impl.c` error codes and messages
//! (`XML_ErrorString`), and `pyexpat`'s `"%s: line %d, column %d"`; the
//! position is expat's: lines from 1 (`\r\n`, `\r` and `\n` each end one),
//! columns in characters from 0. Checked against Python 3.11's expat
//! 2.5.

use std::fmt;

/// An XML syntax error as Python's `xml.etree.ElementTree.ParseError`
/// prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    /// expat's message (`no element found`, `mismatched tag`, ...).
    pub message: String,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: line {}, column {}",
            self.message, self.line, self.column
        )
    }
}

impl std::error::Error for XmlError {}

const NO_ELEMENTS: &str = "no element found";
const SYNTAX: &str = "syntax error";
const INVALID_TOKEN: &str = "not well-formed (invalid token)";
const UNCLOSED_TOKEN: &str = "unclosed token";
const PARTIAL_CHAR: &str = "partial character";
const TAG_MISMATCH: &str = "mismatched tag";
const DUPLICATE_ATTRIBUTE: &str = "duplicate attribute";
const JUNK_AFTER_DOC_ELEMENT: &str = "junk after document element";
const UNDEFINED_ENTITY: &str = "undefined entity";
const BAD_CHAR_REF: &str = "reference to invalid character number";
const UNCLOSED_CDATA_SECTION: &str = "unclosed CDATA section";

/// The error expat reports for `bytes`, or `None` when expat would accept
/// the document (as far as this scanner can tell).
pub fn diagnose(bytes: &[u8]) -> Option<XmlError> {
    let (kind, offset) = Scanner::new(bytes).run().err()?;
    let (line, column) = position(bytes, offset);
    Some(XmlError {
        message: kind.to_owned(),
        line,
        column,
    })
}

/// expat's line (from 1) and column (characters, from 0) of byte `offset`.
pub(super) fn position(bytes: &[u8], offset: usize) -> (usize, usize) {
    let mut line = 1;
    let mut column = 0;
    let mut i = 0;
    let end = offset.min(bytes.len());
    while i < end {
        match bytes[i] {
            b'\r' => {
                line += 1;
                column = 0;
                if bytes.get(i + 1) == Some(&b'\n') && i + 1 < end {
                    i += 1;
                }
            }
            b'\n' => {
                line += 1;
                column = 0;
            }
            // UTF-8 continuation bytes belong to the character before.
            0x80..=0xbf => {}
            _ => column += 1,
        }
        i += 1;
    }
    (line, column)
}

type Failure = (&'static str, usize);

struct Scanner<'a> {
    b: &'a [u8],
    /// Where the UTF-8 text ends: past it is an invalid or cut-off
    /// sequence.
    valid: usize,
    i: usize,
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b':' || c >= 0x80
}

fn is_name_char(c: u8) -> bool {
    is_name_start(c) || c.is_ascii_digit() || c == b'-' || c == b'.'
}

impl<'a> Scanner<'a> {
    fn new(b: &'a [u8]) -> Scanner<'a> {
        let valid = match std::str::from_utf8(b) {
            Ok(_) => b.len(),
            Err(e) => e.valid_up_to(),
        };
        Scanner { b, valid, i: 0 }
    }

    /// The byte at `i`, or `Err` at the end of the valid text: a cut-off
    /// UTF-8 sequence at the very end is a `partial character`, anything
    /// else past it an invalid token. `Ok(None)` is the end of the input.
    fn at(&self, i: usize) -> Result<Option<u8>, Failure> {
        if i < self.valid {
            return Ok(Some(self.b[i]));
        }
        if i >= self.b.len() {
            return Ok(None);
        }
        let partial =
            matches!(std::str::from_utf8(&self.b[self.valid..]), Err(e) if e.error_len().is_none());
        Err(if partial {
            (PARTIAL_CHAR, self.valid)
        } else {
            (INVALID_TOKEN, self.valid)
        })
    }

    fn starts_with(&self, i: usize, s: &[u8]) -> bool {
        self.b.get(i..i + s.len()) == Some(s)
    }

    /// Whether `s` starts at `i`; `None` when the input ends inside a
    /// prefix of `s`.
    fn looking_at(&self, i: usize, s: &[u8]) -> Option<bool> {
        let rest = &self.b[i.min(self.b.len())..];
        if rest.len() < s.len() && s.starts_with(rest) {
            return None;
        }
        Some(rest.starts_with(s))
    }

    fn find(&self, from: usize, s: &[u8]) -> Option<usize> {
        self.b
            .get(from..)?
            .windows(s.len())
            .position(|w| w == s)
            .map(|p| from + p)
    }

    fn skip_space(&mut self) -> Result<(), Failure> {
        while let Some(c) = self.at(self.i)? {
            if !is_space(c) {
                break;
            }
            self.i += 1;
        }
        Ok(())
    }

    /// A name at `self.i` (the first byte is known to be a name start).
    fn name(&mut self) -> Result<&'a [u8], Failure> {
        let start = self.i;
        while let Some(c) = self.at(self.i)? {
            if !is_name_char(c) {
                break;
            }
            self.i += 1;
        }
        Ok(&self.b[start..self.i])
    }

    fn run(mut self) -> Result<(), Failure> {
        // A byte order mark is not content (expat still counts it as a
        // column).
        if self.starts_with(0, b"\xef\xbb\xbf") {
            self.i = 3;
        }
        self.prolog()?;
        self.epilog()
    }

    /// Up to and including the document element.
    fn prolog(&mut self) -> Result<(), Failure> {
        loop {
            self.skip_space()?;
            let start = self.i;
            match self.at(start)? {
                None => return Err((NO_ELEMENTS, start)),
                Some(b'<') => {}
                Some(_) => return Err((SYNTAX, start)),
            }
            if self.markup_declaration(start)? {
                continue;
            }
            match self.at(start + 1)? {
                None => return Err((UNCLOSED_TOKEN, start)),
                Some(c) if is_name_start(c) => {
                    self.i = start + 1;
                    return self.element(start);
                }
                Some(_) => return Err((INVALID_TOKEN, start + 1)),
            }
        }
    }

    /// After the document element: only space, comments and processing
    /// instructions.
    fn epilog(&mut self) -> Result<(), Failure> {
        loop {
            self.skip_space()?;
            let start = self.i;
            match self.at(start)? {
                None => return Ok(()),
                Some(b'<') => {}
                Some(_) => return Err((JUNK_AFTER_DOC_ELEMENT, start)),
            }
            if self.markup_declaration(start)? {
                continue;
            }
            return Err(match self.at(start + 1)? {
                None => (UNCLOSED_TOKEN, start),
                Some(b'/') => (INVALID_TOKEN, start + 1),
                Some(_) => (JUNK_AFTER_DOC_ELEMENT, start),
            });
        }
    }

    /// A comment, processing instruction or DOCTYPE at `start` (a `<`),
    /// skipped; `false` if there is none.
    fn markup_declaration(&mut self, start: usize) -> Result<bool, Failure> {
        let unclosed = (UNCLOSED_TOKEN, start);
        match self.at(start + 1)? {
            Some(b'?') => {
                let end = self.find(start + 2, b"?>").ok_or(unclosed)?;
                self.i = end + 2;
                Ok(true)
            }
            Some(b'!') => match self.looking_at(start, b"<!--") {
                None => Err(unclosed),
                Some(true) => {
                    let end = self.find(start + 4, b"-->").ok_or(unclosed)?;
                    self.i = end + 3;
                    Ok(true)
                }
                Some(false) => match self.looking_at(start, b"<!DOCTYPE") {
                    None => Err(unclosed),
                    Some(true) => {
                        // The internal subset, if any, is skipped whole.
                        let mut i = start + 9;
                        let mut depth = 0usize;
                        loop {
                            match self.at(i)? {
                                None => return Err(unclosed),
                                Some(b'[') => depth += 1,
                                Some(b']') => depth = depth.saturating_sub(1),
                                Some(b'>') if depth == 0 => break,
                                Some(_) => {}
                            }
                            i += 1;
                        }
                        self.i = i + 1;
                        Ok(true)
                    }
                    Some(false) => Err((INVALID_TOKEN, start + 2)),
                },
            },
            _ => Ok(false),
        }
    }

    /// The element whose start tag begins at `open` (a `<`; `self.i` is at
    /// its name), with everything inside it.
    fn element(&mut self, open: usize) -> Result<(), Failure> {
        let mut stack: Vec<&'a [u8]> = Vec::new();
        let (name, empty) = self.start_tag(open)?;
        if empty {
            return Ok(());
        }
        stack.push(name);
        while let Some(top) = stack.last().copied() {
            let start = self.i;
            let Some(c) = self.at(start)? else {
                return Err((NO_ELEMENTS, start));
            };
            match c {
                b'&' => self.reference(start)?,
                b']' if self.starts_with(start, b"]]>") => {
                    return Err((INVALID_TOKEN, start + 2));
                }
                b'<' => match self.at(start + 1)? {
                    None => return Err((UNCLOSED_TOKEN, start)),
                    Some(b'/') => {
                        self.end_tag(start, top)?;
                        stack.pop();
                    }
                    Some(b'!') if self.looking_at(start, b"<![CDATA[") != Some(false) => {
                        if self.looking_at(start, b"<![CDATA[").is_none() {
                            return Err((UNCLOSED_TOKEN, start));
                        }
                        match self.find(start + 9, b"]]>") {
                            Some(end) => self.i = end + 3,
                            None => return Err((UNCLOSED_CDATA_SECTION, self.b.len())),
                        }
                    }
                    Some(b'!' | b'?') => {
                        if !self.markup_declaration(start)? {
                            return Err((INVALID_TOKEN, start + 1));
                        }
                    }
                    Some(c) if is_name_start(c) => {
                        self.i = start + 1;
                        let (name, empty) = self.start_tag(start)?;
                        if !empty {
                            stack.push(name);
                        }
                    }
                    Some(_) => return Err((INVALID_TOKEN, start + 1)),
                },
                _ => self.i += 1,
            }
        }
        Ok(())
    }

    /// A start tag from `open`; `self.i` is at its name. Returns the name
    /// and whether the tag was empty (`<a/>`).
    fn start_tag(&mut self, open: usize) -> Result<(&'a [u8], bool), Failure> {
        let unclosed = (UNCLOSED_TOKEN, open);
        let name = self.name()?;
        let mut attributes: Vec<&[u8]> = Vec::new();
        loop {
            let before = self.i;
            self.skip_space()?;
            let spaced = self.i > before;
            let at = self.i;
            match self.at(at)?.ok_or(unclosed)? {
                b'>' => {
                    self.i += 1;
                    return Ok((name, false));
                }
                b'/' => match self.at(at + 1)?.ok_or(unclosed)? {
                    b'>' => {
                        self.i += 2;
                        return Ok((name, true));
                    }
                    _ => return Err((INVALID_TOKEN, at + 1)),
                },
                c if is_name_start(c) && spaced => {
                    let attribute = self.name()?;
                    if attributes.contains(&attribute) {
                        return Err((DUPLICATE_ATTRIBUTE, at));
                    }
                    attributes.push(attribute);
                    self.skip_space()?;
                    match self.at(self.i)?.ok_or(unclosed)? {
                        b'=' => self.i += 1,
                        _ => return Err((INVALID_TOKEN, self.i)),
                    }
                    self.skip_space()?;
                    let quote = self.at(self.i)?.ok_or(unclosed)?;
                    if quote != b'"' && quote != b'\'' {
                        return Err((INVALID_TOKEN, self.i));
                    }
                    self.i += 1;
                    loop {
                        match self.at(self.i)?.ok_or(unclosed)? {
                            c if c == quote => break,
                            b'<' => return Err((INVALID_TOKEN, self.i)),
                            b'&' => {
                                let amp = self.i;
                                self.reference(amp).map_err(|(kind, at)| {
                                    // expat reports a bad reference in an
                                    // attribute at the start of the tag.
                                    if kind == UNDEFINED_ENTITY || kind == BAD_CHAR_REF {
                                        (kind, open)
                                    } else {
                                        (kind, at)
                                    }
                                })?;
                                continue;
                            }
                            _ => {}
                        }
                        self.i += 1;
                    }
                    self.i += 1;
                }
                _ => return Err((INVALID_TOKEN, at)),
            }
        }
    }

    /// An end tag at `open` (`</`), which must close `expected`.
    fn end_tag(&mut self, open: usize, expected: &[u8]) -> Result<(), Failure> {
        let unclosed = (UNCLOSED_TOKEN, open);
        let name_at = open + 2;
        match self.at(name_at)?.ok_or(unclosed)? {
            c if is_name_start(c) => {}
            _ => return Err((INVALID_TOKEN, name_at)),
        }
        self.i = name_at;
        let name = self.name()?;
        self.skip_space()?;
        match self.at(self.i)?.ok_or(unclosed)? {
            b'>' => self.i += 1,
            _ => return Err((INVALID_TOKEN, self.i)),
        }
        if name != expected {
            return Err((TAG_MISMATCH, name_at));
        }
        Ok(())
    }

    /// An entity or character reference at `amp` (`&`).
    fn reference(&mut self, amp: usize) -> Result<(), Failure> {
        let unclosed = (UNCLOSED_TOKEN, amp);
        let mut i = amp + 1;
        let first = self.at(i)?.ok_or(unclosed)?;
        if first == b'#' {
            i += 1;
            let hex = self.at(i)?.ok_or(unclosed)? == b'x';
            if hex {
                i += 1;
            }
            let digits_at = i;
            loop {
                let c = self.at(i)?.ok_or(unclosed)?;
                let digit = if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                };
                if c == b';' && i > digits_at {
                    break;
                }
                if !digit {
                    return Err((INVALID_TOKEN, i));
                }
                i += 1;
            }
            let digits = std::str::from_utf8(&self.b[digits_at..i]).unwrap_or("");
            let number = u32::from_str_radix(digits, if hex { 16 } else { 10 }).ok();
            let allowed = number.and_then(char::from_u32).is_some_and(|c| {
                matches!(c, '\t' | '\n' | '\r')
                    || (c >= ' ' && !matches!(c, '\u{fffe}' | '\u{ffff}'))
            });
            if !allowed {
                return Err((BAD_CHAR_REF, amp));
            }
        } else {
            if !is_name_start(first) {
                return Err((INVALID_TOKEN, i));
            }
            self.i = i;
            let name = self.name()?;
            i = self.i;
            match self.at(i)?.ok_or(unclosed)? {
                b';' => {}
                _ => return Err((INVALID_TOKEN, i)),
            }
            if !matches!(name, b"lt" | b"gt" | b"amp" | b"apos" | b"quot") {
                return Err((UNDEFINED_ENTITY, amp));
            }
        }
        self.i = i + 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each case with what Python 3.11's `ElementTree.XMLParser` (expat
    /// 2.5) says about it.
    const CASES: &[(&[u8], &str)] = &[
        (b"", "no element found: line 1, column 0"),
        (b"   ", "no element found: line 1, column 3"),
        (b"<GetCaller", "unclosed token: line 1, column 0"),
        (b"<a><b></a>", "mismatched tag: line 1, column 8"),
        (b"<a>text", "no element found: line 1, column 7"),
        (b"<a></a><b/>", "junk after document element: line 1, column 7"),
        (b"hello", "syntax error: line 1, column 0"),
        (b"<a>\n<b>\n", "no element found: line 3, column 0"),
        (b"<?xml version=\"1.0\"?>", "no element found: line 1, column 21"),
        (b"<a x=>", "not well-formed (invalid token): line 1, column 5"),
        (b"<a>&foo;</a>", "undefined entity: line 1, column 3"),
        (b"<a/>junk", "junk after document element: line 1, column 4"),
        (b"<a></a>\n  x", "junk after document element: line 2, column 2"),
        (
            b"<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <GetCallerIdentityResult>\n",
            "no element found: line 3, column 0",
        ),
        (b"<a>\xc3</a>", "not well-formed (invalid token): line 1, column 3"),
        (b"<!-- c", "unclosed token: line 1, column 0"),
        (b"<a", "unclosed token: line 1, column 0"),
        (b"<", "unclosed token: line 1, column 0"),
        (b"<a b=\"1\"", "unclosed token: line 1, column 0"),
        (b"<a>&amp", "unclosed token: line 1, column 3"),
        (b"<a><![CDATA[x", "unclosed CDATA section: line 1, column 13"),
        (b"</a>", "not well-formed (invalid token): line 1, column 1"),
        (b"<a>\xc3\xa9\xc3\xa9</b>", "mismatched tag: line 1, column 7"),
        (b"<a>\xc3\xa9\xc3\xa9<", "unclosed token: line 1, column 5"),
        (b"<a>\xc3\xa9\n\xc3\xa9x<b", "unclosed token: line 2, column 2"),
        (b"<a></a>\xc3\xa9", "junk after document element: line 1, column 7"),
        (b"\n\n<a><b>x</b></a><", "unclosed token: line 3, column 15"),
        (b"<a\n b=\"1\">", "no element found: line 2, column 7"),
        (b"<a>]]></a>", "not well-formed (invalid token): line 1, column 5"),
        (b"<a>x</a", "unclosed token: line 1, column 4"),
        (b"<a>x</", "unclosed token: line 1, column 4"),
        (b"<a>x<", "unclosed token: line 1, column 4"),
        (b"<a>x&", "unclosed token: line 1, column 4"),
        (b"<a>x&am", "unclosed token: line 1, column 4"),
        (b"<a>x&#12", "unclosed token: line 1, column 4"),
        (b"<?xml", "unclosed token: line 1, column 0"),
        (b"<!DOCTYPE", "unclosed token: line 1, column 0"),
        (b"\xef\xbb\xbf", "no element found: line 1, column 1"),
        (b"  \n<", "unclosed token: line 2, column 0"),
        (b"<a b=\"1\" b=\"2\"/>", "duplicate attribute: line 1, column 9"),
        (b"<1a/>", "not well-formed (invalid token): line 1, column 1"),
        (b"<a>x < y</a>", "not well-formed (invalid token): line 1, column 6"),
        (b"<a>\xc3", "partial character: line 1, column 3"),
        (b"<a>x\xc3", "partial character: line 1, column 4"),
        (b"<a \xff>", "not well-formed (invalid token): line 1, column 3"),
        (b"<a>&lt</a>", "not well-formed (invalid token): line 1, column 6"),
        (b"<a>&#0;</a>", "reference to invalid character number: line 1, column 3"),
        (b"<a>&#xZZ;</a>", "not well-formed (invalid token): line 1, column 6"),
        (b"<a>& b</a>", "not well-formed (invalid token): line 1, column 4"),
        (b"<a b=\"<\"/>", "not well-formed (invalid token): line 1, column 6"),
        (b"<a b=\"1\"c=\"2\"/>", "not well-formed (invalid token): line 1, column 8"),
        (b"<a b/>", "not well-formed (invalid token): line 1, column 4"),
        (b"<a/ >", "not well-formed (invalid token): line 1, column 3"),
        (b"<a></a><b", "junk after document element: line 1, column 7"),
        (b"<a></a>x", "junk after document element: line 1, column 7"),
        (b"<a></a><!--", "unclosed token: line 1, column 7"),
        (b"<a><!-", "unclosed token: line 1, column 3"),
        (b"<a><![CDA", "unclosed token: line 1, column 3"),
        (b"<a><!x", "not well-formed (invalid token): line 1, column 5"),
        (b"<a></ a>", "not well-formed (invalid token): line 1, column 5"),
        (b"<a></a x>", "not well-formed (invalid token): line 1, column 7"),
        (b"\r\n<a>\r\n", "no element found: line 3, column 0"),
        (b"\r<a>\rb", "no element found: line 3, column 1"),
        (b"<a>\r\n\r\nxx", "no element found: line 3, column 2"),
        (b"<a></a><", "unclosed token: line 1, column 7"),
        (b"<a></a></a>", "not well-formed (invalid token): line 1, column 8"),
        (b"<a b=\"&foo;\"/>", "undefined entity: line 1, column 0"),
        (b"<a b=\"x", "unclosed token: line 1, column 0"),
    ];

    #[test]
    fn diagnoses_like_expat() {
        let mut wrong = Vec::new();
        for (input, expected) in CASES {
            let got = diagnose(input).map(|e| e.to_string());
            if got.as_deref() != Some(*expected) {
                wrong.push(format!("{input:?}: got {got:?}, want {expected:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn accepts_what_expat_accepts() {
        for input in [
            &b"<a><b>x</b></a> <!-- c -->"[..],
            b"<a><b>x</b></a> <?pi x?>",
            b"<a><b/></a >",
            b"<a>x]]</a>",
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a b='1' c=\"&amp;&#65;&#x42;\">t<![CDATA[<x>]]></a>\n",
        ] {
            assert_eq!(diagnose(input), None, "{input:?}");
        }
    }
}
