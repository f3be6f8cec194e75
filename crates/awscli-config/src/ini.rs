//! The INI dialect of Python's `configparser.RawConfigParser()` with default settings, which is
//! what botocore's `raw_config_parse` (`awscli/botocore/configloader.py`) uses.
//!
//! Rules ported from CPython 3.11 `configparser.RawConfigParser._read`:
//! - lines split on `\n`, `\r\n` and `\r` (text mode, universal newlines);
//! - a line whose stripped text starts with `#` or `;` is a comment; there are **no** inline
//!   comments (`region = x # y` has the value `x # y`);
//! - `[NAME]` (`\[(.+)\]` matched at the start of the stripped line; trailing text is ignored) opens
//!   a section; section names are case-sensitive; `[DEFAULT]` is special: its options are
//!   inherited by every section and it may be repeated;
//! - `key = value` or `key: value` (split at the first `=` or `:`); keys are lower-cased;
//!   a line without a delimiter, an empty key, or an option before any section is an error;
//! - a line indented deeper than its option line continues the value (joined with `\n`); blank
//!   lines inside a value are kept, comment lines are dropped, and the joined value is right-stripped;
//! - strict mode: a repeated section (other than DEFAULT) or a repeated key within a section is
//!   an error.
//!
//! The document keeps the original lines and the line span of every section and option, so that
//! a later `configure set` writer can edit in place and preserve comments and layout.

use std::ops::Range;

use indexmap::IndexMap;

/// Why an INI text could not be parsed. botocore reports every case as
/// `Unable to parse config file: <path>`; the detail is for `--debug` logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IniError {
    /// The bytes are not UTF-8.
    #[error("file is not valid UTF-8")]
    NotUtf8,
    /// An option line appears before any section header.
    #[error("line {line}: file contains no section headers")]
    MissingSectionHeader {
        /// 1-based line number.
        line: usize,
    },
    /// A section header repeats an earlier one.
    #[error("line {line}: section {section:?} already exists")]
    DuplicateSection {
        /// 1-based line number.
        line: usize,
        /// The repeated section name.
        section: String,
    },
    /// A key repeats within one section.
    #[error("line {line}: option {option:?} in section {section:?} already exists")]
    DuplicateOption {
        /// 1-based line number.
        line: usize,
        /// The section.
        section: String,
        /// The repeated (lower-cased) key.
        option: String,
    },
    /// A line that is neither a section, an option, a comment nor a continuation.
    #[error("line {line}: cannot parse {text:?}")]
    Malformed {
        /// 1-based line number.
        line: usize,
        /// The line as written.
        text: String,
    },
}

/// The name configparser gives the section whose options every other section inherits.
pub const DEFAULT_SECTION: &str = "DEFAULT";

/// One `key = value` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IniOption {
    /// The key as written (before lower-casing), for writers.
    pub raw_key: String,
    /// The value: the first line's text after the delimiter plus continuation lines, joined with
    /// `\n` and right-stripped. A nested block (`s3 =` + indented lines) starts with `\n`.
    pub value: String,
    /// 0-based line indices covered by the option, including its continuation lines.
    pub lines: Range<usize>,
}

/// One `[NAME]` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IniSection {
    /// The section name between the brackets, as written.
    pub name: String,
    /// 0-based index of the header line.
    pub header_line: usize,
    /// 0-based index one past the last line belonging to this section (before the next header).
    pub end_line: usize,
    /// Options keyed by lower-cased key, in file order.
    pub options: IndexMap<String, IniOption>,
}

/// A parsed INI file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IniDocument {
    /// The original lines, without line terminators.
    pub lines: Vec<String>,
    /// Sections other than `[DEFAULT]`, in file order.
    pub sections: Vec<IniSection>,
    /// Options of every `[DEFAULT]` section, inherited by all sections.
    pub defaults: IndexMap<String, IniOption>,
}

impl IniDocument {
    /// Parses INI bytes (UTF-8, as Python's locale encoding in the reference image).
    pub fn parse_bytes(bytes: &[u8]) -> Result<Self, IniError> {
        let text = std::str::from_utf8(bytes).map_err(|_| IniError::NotUtf8)?;
        Self::parse(text)
    }

    /// Parses INI text.
    pub fn parse(text: &str) -> Result<Self, IniError> {
        Parser::default().run(text)
    }

    /// The section named `name` (not `DEFAULT`).
    pub fn section(&self, name: &str) -> Option<&IniSection> {
        self.sections.iter().find(|s| s.name == name)
    }

    /// The options of `section` merged with the `[DEFAULT]` options, as
    /// `cp.options(section)` + `cp.get(section, option)` return them: the section's own keys
    /// first, then inherited keys it does not override.
    pub fn merged_options<'a>(
        &'a self,
        section: &'a IniSection,
    ) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        section
            .options
            .iter()
            .map(|(k, o)| (k.as_str(), o.value.as_str()))
            .chain(
                self.defaults
                    .iter()
                    .filter(|(k, _)| !section.options.contains_key(*k))
                    .map(|(k, o)| (k.as_str(), o.value.as_str())),
            )
    }
}

/// Where the parser is adding options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    None,
    Defaults,
    Section(usize),
}

#[derive(Default)]
struct Parser {
    doc: IniDocument,
    /// Continuation pieces of the current option, joined at the end (`_join_multiline_values`).
    pieces: IndexMap<(Option<usize>, String), Vec<String>>,
    seen_options: std::collections::HashSet<(String, String)>,
    seen_sections: std::collections::HashSet<String>,
}

impl Parser {
    fn run(mut self, text: &str) -> Result<IniDocument, IniError> {
        let lines = split_universal_newlines(text);
        let mut target = Target::None;
        let mut section_name = String::new();
        let mut option: Option<String> = None;
        let mut indent_level = 0usize;
        let mut first_error: Option<IniError> = None;

        for (index, line) in lines.iter().enumerate() {
            let line_no = index + 1;
            let stripped = py_strip(line);
            let is_comment = stripped.starts_with('#') || stripped.starts_with(';');
            let value = if is_comment { "" } else { stripped };
            if value.is_empty() {
                // empty_lines_in_values=True: a blank (not comment) line inside a value is kept.
                if !is_comment && target != Target::None {
                    if let Some(name) = &option {
                        if let Some(pieces) = self.pieces.get_mut(&(target.key(), name.clone())) {
                            pieces.push(String::new());
                            self.extend_option(target, name, index);
                        }
                    }
                }
                continue;
            }
            // configparser measures indentation in characters (`NONSPACECRE.search(line).start()`).
            let current_indent = line.chars().take_while(|c| is_py_space(*c)).count();
            if target != Target::None && option.is_some() && current_indent > indent_level {
                let name = option.clone().unwrap_or_default();
                if let Some(pieces) = self.pieces.get_mut(&(target.key(), name.clone())) {
                    pieces.push(value.to_string());
                }
                self.extend_option(target, &name, index);
                continue;
            }
            indent_level = current_indent;
            if let Some(header) = match_section_header(value) {
                option = None;
                self.close_section(target, index);
                if header == DEFAULT_SECTION {
                    target = Target::Defaults;
                } else if self.seen_sections.contains(header) {
                    // strict=True: a section may appear once per file.
                    return Err(IniError::DuplicateSection {
                        line: line_no,
                        section: header.to_string(),
                    });
                } else {
                    self.seen_sections.insert(header.to_string());
                    self.doc.sections.push(IniSection {
                        name: header.to_string(),
                        header_line: index,
                        end_line: index + 1,
                        options: IndexMap::new(),
                    });
                    target = Target::Section(self.doc.sections.len() - 1);
                }
                section_name = header.to_string();
                continue;
            }
            if target == Target::None {
                return Err(IniError::MissingSectionHeader { line: line_no });
            }
            match split_option(value) {
                Some((raw_key, option_value)) => {
                    let raw_key = py_rstrip(raw_key);
                    if raw_key.is_empty() && first_error.is_none() {
                        first_error = Some(IniError::Malformed {
                            line: line_no,
                            text: line.to_string(),
                        });
                    }
                    let key = raw_key.to_lowercase();
                    let seen = (section_name.clone(), key.clone());
                    if self.seen_options.contains(&seen) {
                        return Err(IniError::DuplicateOption {
                            line: line_no,
                            section: section_name.clone(),
                            option: key,
                        });
                    }
                    self.seen_options.insert(seen);
                    self.pieces.insert(
                        (target.key(), key.clone()),
                        vec![py_strip(option_value).to_string()],
                    );
                    let entry = IniOption {
                        raw_key: raw_key.to_string(),
                        value: String::new(),
                        lines: index..index + 1,
                    };
                    match target {
                        Target::Defaults => {
                            self.doc.defaults.insert(key.clone(), entry);
                        }
                        Target::Section(pos) => {
                            self.doc.sections[pos].options.insert(key.clone(), entry);
                            self.doc.sections[pos].end_line = index + 1;
                        }
                        Target::None => {}
                    }
                    option = Some(key);
                }
                None => {
                    // configparser collects bogus lines and raises once at the end.
                    if first_error.is_none() {
                        first_error = Some(IniError::Malformed {
                            line: line_no,
                            text: line.to_string(),
                        });
                    }
                }
            }
        }
        self.close_section(target, lines.len());
        if let Some(error) = first_error {
            return Err(error);
        }
        self.join_values();
        self.doc.lines = lines.into_iter().map(str::to_string).collect();
        Ok(self.doc)
    }

    fn extend_option(&mut self, target: Target, name: &str, index: usize) {
        let option = match target {
            Target::Defaults => self.doc.defaults.get_mut(name),
            Target::Section(pos) => {
                self.doc.sections[pos].end_line = index + 1;
                self.doc.sections[pos].options.get_mut(name)
            }
            Target::None => None,
        };
        if let Some(option) = option {
            option.lines.end = index + 1;
        }
    }

    fn close_section(&mut self, target: Target, next_header: usize) {
        if let Target::Section(pos) = target {
            let section = &mut self.doc.sections[pos];
            section.end_line = section.end_line.max(next_header);
        }
    }

    fn join_values(&mut self) {
        for ((section, key), pieces) in std::mem::take(&mut self.pieces) {
            let joined = py_rstrip(&pieces.join("\n")).to_string();
            let option = match section {
                None => self.doc.defaults.get_mut(&key),
                Some(pos) => self.doc.sections[pos].options.get_mut(&key),
            };
            if let Some(option) = option {
                option.value = joined;
            }
        }
    }
}

impl Target {
    fn key(self) -> Option<usize> {
        match self {
            Target::Section(pos) => Some(pos),
            Target::Defaults | Target::None => None,
        }
    }
}

/// `SECTCRE = r"\[(?P<header>.+)\]"` with `re.match`: the header runs to the **last** `]` of the
/// line (greedy `.+`), must be non-empty, and text after that `]` is ignored.
fn match_section_header(value: &str) -> Option<&str> {
    let rest = value.strip_prefix('[')?;
    let end = rest.rfind(']')?;
    let header = &rest[..end];
    (!header.is_empty()).then_some(header)
}

/// `OPTCRE = r"(?P<option>.*?)\s*(?P<vi>=|:)\s*(?P<value>.*)$"`: split at the first `=` or `:`.
fn split_option(value: &str) -> Option<(&str, &str)> {
    let at = value.find(['=', ':'])?;
    Some((&value[..at], &value[at + 1..]))
}

/// Splits like Python's text-mode file iteration with universal newlines.
fn split_universal_newlines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(&text[start..i]);
                i += 1;
                start = i;
            }
            b'\r' => {
                lines.push(&text[start..i]);
                i += if bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < bytes.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// Python's `str.isspace` (Rust's `char::is_whitespace` minus the information separators).
pub(crate) fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.strip()`.
pub(crate) fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

/// Python's `str.rstrip()`.
pub(crate) fn py_rstrip(s: &str) -> &str {
    s.trim_end_matches(is_py_space)
}

/// Python's `str.splitlines()` (no keepends).
pub(crate) fn py_splitlines(s: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let is_break = matches!(
            c,
            '\n' | '\r'
                | '\u{0b}'
                | '\u{0c}'
                | '\u{1c}'
                | '\u{1d}'
                | '\u{1e}'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if is_break {
            lines.push(&s[start..i]);
            let mut next = i + c.len_utf8();
            if c == '\r' {
                if let Some((j, '\n')) = chars.peek().copied() {
                    chars.next();
                    next = j + 1;
                }
            }
            start = next;
        }
    }
    if start < s.len() {
        lines.push(&s[start..]);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(doc: &IniDocument, section: &str) -> Vec<(String, String)> {
        let section = doc.section(section).expect("test section exists");
        doc.merged_options(section)
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parse_no_inline_comments_and_colon_delimiter() {
        let doc = IniDocument::parse("[a]\nx = 1 # c\ny: 2 ; d\nz = p:q=r\n").unwrap();
        assert_eq!(
            values(&doc, "a"),
            [("x", "1 # c"), ("y", "2 ; d"), ("z", "p:q=r")]
                .map(|(k, v)| (k.to_string(), v.to_string()))
        );
    }

    #[test]
    fn parse_keys_lowercased_sections_case_sensitive() {
        let doc = IniDocument::parse("[Default]\nREGION = a\n").unwrap();
        assert!(doc.section("default").is_none());
        assert_eq!(values(&doc, "Default")[0].0, "region");
        assert_eq!(doc.sections[0].options["region"].raw_key, "REGION");
    }

    #[test]
    fn parse_continuation_blank_and_comment_lines() {
        let doc = IniDocument::parse("[a]\ns3 =\n  x = 1\n  # c\n\n  y = 2\n\nz = 3\n").unwrap();
        let s = &doc.sections[0];
        assert_eq!(s.options["s3"].value, "\nx = 1\n\ny = 2");
        assert_eq!(s.options["s3"].lines, 1..7);
        assert_eq!(s.options["z"].value, "3");
    }

    #[test]
    fn parse_indented_option_sets_indent_level() {
        let doc = IniDocument::parse("[a]\n  x = 1\n  y = 2\n    more\n").unwrap();
        assert_eq!(values(&doc, "a")[0].1, "1");
        assert_eq!(values(&doc, "a")[1].1, "2\nmore");
    }

    #[test]
    fn parse_errors() {
        assert!(matches!(
            IniDocument::parse("x = 1\n[a]\n"),
            Err(IniError::MissingSectionHeader { line: 1 })
        ));
        assert!(matches!(
            IniDocument::parse("[a]\n[a]\n"),
            Err(IniError::DuplicateSection { .. })
        ));
        assert!(matches!(
            IniDocument::parse("[a]\nx=1\nX=2\n"),
            Err(IniError::DuplicateOption { .. })
        ));
        assert!(matches!(
            IniDocument::parse("[a]\nnovalue\n"),
            Err(IniError::Malformed { line: 2, .. })
        ));
        assert!(matches!(
            IniDocument::parse("[a]\n= v\n"),
            Err(IniError::Malformed { line: 2, .. })
        ));
        assert!(matches!(
            IniDocument::parse_bytes(b"[a]\nx=\xff\n"),
            Err(IniError::NotUtf8)
        ));
    }

    #[test]
    fn parse_default_section_inherited_and_repeatable() {
        let doc = IniDocument::parse("[DEFAULT]\nr = d\n[a]\nx = 1\n[DEFAULT]\no = t\n").unwrap();
        assert_eq!(doc.sections.len(), 1);
        assert_eq!(
            values(&doc, "a"),
            [("x", "1"), ("r", "d"), ("o", "t")].map(|(k, v)| (k.to_string(), v.to_string()))
        );
    }

    #[test]
    fn parse_section_header_greedy_and_trailing_text() {
        let doc = IniDocument::parse("[a]b] junk\nx=1\n[c] # d\n").unwrap();
        assert_eq!(doc.sections[0].name, "a]b");
        assert_eq!(doc.sections[1].name, "c");
    }

    #[test]
    fn parse_crlf_and_cr_lines() {
        let doc = IniDocument::parse("[a]\r\nx = 1\ry = 2\r\n").unwrap();
        assert_eq!(values(&doc, "a").len(), 2);
        assert_eq!(doc.lines, ["[a]", "x = 1", "y = 2"]);
    }

    #[test]
    fn splitlines_matches_python() {
        assert_eq!(
            py_splitlines("a\r\nb\rc\x0bd\u{2028}e\n"),
            ["a", "b", "c", "d", "e"]
        );
        assert_eq!(py_splitlines("\nx"), ["", "x"]);
    }
}
