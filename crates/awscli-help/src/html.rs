//! Model documentation (a small HTML subset) to help-page blocks.
//!
//! botocore documentation strings are HTML fragments: `<p>`, `<ul>`/`<ol>`/
//! `<li>`, `<code>`, `<b>`, `<i>`, `<a href>`, `<note>`, `<important>`,
//! `<fullname>`, `<examples>`, entities. The AWS CLI turns them into ReST
//! (`awscli/bcdoc/docstringparser.py`, `bcdoc/style.py`): code and bold
//! become bold, italics and links are underlined, notes become an indented
//! `NOTE:` block, `<fullname>` and `<examples>` are dropped and any other
//! tag is ignored while its text is kept. This module does the same
//! straight to [`Block`]s, so no tag or entity reaches the page.
use crate::page::{Block, Emphasis, Span};

/// Converts `html` to blocks whose left edge is `indent` columns in. The
/// first block is `attached` when `attach_first` is set (an option's
/// description sits right under its name).
pub fn to_blocks(html: &str, indent: usize, attach_first: bool) -> Vec<Block> {
    let mut converter = Converter::new(indent);
    for token in tokenize(html) {
        converter.token(token);
    }
    converter.flush();
    let mut blocks = converter.blocks;
    if attach_first {
        if let Some(Block::Paragraph { attached, .. }) = blocks.first_mut() {
            *attached = true;
        }
    }
    blocks
}

/// The text of `html` with tags dropped and entities decoded, white space
/// collapsed (for one-line summaries).
pub fn to_plain_text(html: &str) -> String {
    let mut text = String::new();
    let mut skip = 0usize;
    for token in tokenize(html) {
        match token {
            Token::Start { name, .. } if is_dropped(&name) => skip += 1,
            Token::End(name) if is_dropped(&name) => skip = skip.saturating_sub(1),
            Token::Text(t) if skip == 0 => {
                text.push_str(&t);
                text.push(' ');
            }
            Token::Start { .. } | Token::End(_) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Debug, PartialEq)]
enum Token {
    Text(String),
    Start { name: String, href: Option<String> },
    End(String),
}

fn is_dropped(name: &str) -> bool {
    matches!(name, "fullname" | "examples" | "script" | "style")
}

/// Splits HTML into text, start and end tags. A `<` that does not open a
/// tag (`a < b`) is text; comments and `<!DOCTYPE>` are skipped.
///
/// Some model strings are escaped twice (`&amp;lt;p&amp;gt;`, `&lt;code&gt;`):
/// text that still holds markup or entities once decoded is read once more,
/// so that no tag or entity reaches the page.
fn tokenize(html: &str) -> Vec<Token> {
    tokenize_nested(html, 1)
}

fn tokenize_nested(html: &str, rereads: usize) -> Vec<Token> {
    let mut tokens = Vec::new();
    for token in tokenize_once(html) {
        match token {
            Token::Text(text) if rereads > 0 && has_markup(&text) => {
                tokens.extend(tokenize_nested(&text, rereads - 1));
            }
            other => tokens.push(other),
        }
    }
    tokens
}

/// Whether decoded text still looks like HTML: an entity, or `<` opening a
/// tag or closing one.
fn has_markup(text: &str) -> bool {
    let entity = text.match_indices('&').any(|(i, _)| {
        let rest = &text[i + 1..];
        rest.find(';').is_some_and(|end| {
            end > 0
                && end <= 10
                && rest[..end]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '#')
        })
    });
    let tag = text.match_indices('<').any(|(i, _)| {
        let rest = &text[i + 1..];
        let name = rest.trim_start_matches('/');
        let word: String = name
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        !word.is_empty() && name[word.len()..].starts_with(['>', ' ', '/']) && rest.contains('>')
    });
    entity || tag
}

fn tokenize_once(html: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut text = String::new();
    let mut rest = html;
    while let Some(pos) = rest.find('<') {
        text.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let opens_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        let close = after.find('>');
        match (opens_tag, close) {
            (true, Some(end)) => {
                if !text.is_empty() {
                    tokens.push(Token::Text(decode_entities(&std::mem::take(&mut text))));
                }
                if let Some(comment) = after.strip_prefix("!--") {
                    let skip = comment.find("-->").map_or(after.len(), |e| e + 3 + 3);
                    rest = &after[skip.min(after.len())..];
                    continue;
                }
                let inner = &after[..end];
                rest = &after[end + 1..];
                if inner.starts_with('!') || inner.starts_with('?') {
                    continue;
                }
                if let Some(name) = inner.strip_prefix('/') {
                    tokens.push(Token::End(tag_name(name)));
                    continue;
                }
                let self_closing = inner.ends_with('/');
                let name = tag_name(inner);
                let href = attribute(inner, "href").map(|h| decode_entities(&h));
                tokens.push(Token::Start {
                    name: name.clone(),
                    href,
                });
                if self_closing {
                    tokens.push(Token::End(name));
                }
            }
            _ => {
                text.push('<');
                rest = after;
            }
        }
    }
    text.push_str(rest);
    if !text.is_empty() {
        tokens.push(Token::Text(decode_entities(&text)));
    }
    tokens
}

fn tag_name(inner: &str) -> String {
    inner
        .trim_start()
        .split(|c: char| c.is_whitespace() || c == '/')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The value of attribute `name` in a start tag's inside (`a href="x"`).
fn attribute(inner: &str, name: &str) -> Option<String> {
    let lower = inner.to_ascii_lowercase();
    let mut search = 0;
    while let Some(found) = lower[search..].find(name) {
        let at = search + found;
        search = at + name.len();
        let before_ok = at > 0 && lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = inner[search..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value = rest[1..].trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or("").to_owned(),
            _ => value
                .split(|c: char| c.is_whitespace())
                .next()
                .unwrap_or("")
                .to_owned(),
        });
    }
    None
}

/// Decodes character references: the named ones model documentation uses
/// and every numeric one. An unknown name is kept as text.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let end = after
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|end| {
            let name = &after[..end];
            let c = if let Some(num) = name.strip_prefix('#') {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse().ok(),
                };
                code.and_then(char::from_u32)
            } else {
                named_entity(name)
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                // A no-break space lays out like a space here.
                out.push(if c == '\u{a0}' { ' ' } else { c });
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "times" => '×',
        "deg" => '°',
        "bull" => '•',
        "middot" => '·',
        "rarr" => '→',
        "larr" => '←',
        "le" => '≤',
        "ge" => '≥',
        "ne" => '≠',
        "plusmn" => '±',
        "micro" => 'µ',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "sect" => '§',
        "para" => '¶',
        "laquo" => '«',
        "raquo" => '»',
        "shy" => '\u{ad}',
        "zwsp" => '\u{200b}',
        _ => return None,
    })
}

/// Where the converter is inside a list.
struct ListLevel {
    /// Blocks written in the current `<li>` so far: the first paragraph of
    /// an item carries the bullet, later ones hang under its text.
    item_blocks: usize,
}

struct Converter {
    base: usize,
    blocks: Vec<Block>,
    spans: Vec<Span>,
    bold: usize,
    underline: usize,
    dropped: usize,
    /// Extra indent of `NOTE:` bodies, one entry per open note.
    notes: Vec<usize>,
    lists: Vec<ListLevel>,
    /// The start of the text of the open `<a>`, to show its href when it
    /// has no text.
    link: Option<(usize, Option<String>)>,
    attach_next: bool,
    preformatted: usize,
}

impl Converter {
    fn new(base: usize) -> Converter {
        Converter {
            base,
            blocks: Vec::new(),
            spans: Vec::new(),
            bold: 0,
            underline: 0,
            dropped: 0,
            notes: Vec::new(),
            lists: Vec::new(),
            link: None,
            attach_next: false,
            preformatted: 0,
        }
    }

    fn indent(&self) -> usize {
        // Lists nest 2 columns per level below the first; notes add 4.
        self.base + self.notes.iter().sum::<usize>() + 2 * self.lists.len().saturating_sub(1)
    }

    fn emphasis(&self) -> Emphasis {
        if self.bold > 0 {
            Emphasis::Bold
        } else if self.underline > 0 {
            Emphasis::Underline
        } else {
            Emphasis::None
        }
    }

    fn token(&mut self, token: Token) {
        match token {
            Token::Text(text) => {
                if self.dropped > 0 {
                    return;
                }
                if self.preformatted > 0 {
                    self.spans.push(Span::plain(text));
                    return;
                }
                let emphasis = self.emphasis();
                match self.spans.last_mut() {
                    Some(last) if last.emphasis == emphasis => last.text.push_str(&text),
                    _ => self.spans.push(Span { text, emphasis }),
                }
            }
            Token::Start { name, href } => self.start(&name, href),
            Token::End(name) => self.end(&name),
        }
    }

    fn start(&mut self, name: &str, href: Option<String>) {
        if is_dropped(name) {
            self.dropped += 1;
            return;
        }
        match name {
            "p" | "div" | "br" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "dl" | "dt" | "dd"
            | "table" | "tr" | "blockquote" => self.flush(),
            "ul" | "ol" => {
                self.flush();
                self.lists.push(ListLevel { item_blocks: 0 });
            }
            "li" => {
                self.flush();
                if self.lists.is_empty() {
                    // A stray <li>: treat as a one-item list.
                    self.lists.push(ListLevel { item_blocks: 0 });
                }
                if let Some(level) = self.lists.last_mut() {
                    level.item_blocks = 0;
                }
            }
            "note" | "important" | "danger" => {
                self.flush();
                let label = match name {
                    "note" => "NOTE:",
                    "important" => "WARNING:",
                    _ => "DANGER:",
                };
                self.blocks.push(Block::text(self.indent(), label));
                self.notes.push(4);
                self.attach_next = true;
            }
            "pre" => {
                self.flush();
                self.preformatted += 1;
            }
            "b" | "strong" | "code" | "tt" | "kbd" | "samp" => self.bold += 1,
            "i" | "em" | "var" | "cite" => self.underline += 1,
            "a" => {
                self.underline += 1;
                let start = self.spans.len();
                self.link = Some((start, href));
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        if is_dropped(name) {
            self.dropped = self.dropped.saturating_sub(1);
            return;
        }
        match name {
            "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "dl" | "dt" | "dd"
            | "table" | "tr" | "blockquote" | "li" => self.flush(),
            "ul" | "ol" => {
                self.flush();
                self.lists.pop();
            }
            "note" | "important" | "danger" => {
                self.flush();
                self.notes.pop();
                self.attach_next = false;
            }
            "pre" => {
                self.flush_preformatted();
                self.preformatted = self.preformatted.saturating_sub(1);
            }
            "b" | "strong" | "code" | "tt" | "kbd" | "samp" => {
                self.bold = self.bold.saturating_sub(1)
            }
            "i" | "em" | "var" | "cite" => self.underline = self.underline.saturating_sub(1),
            "a" => {
                if let Some((start, href)) = self.link.take() {
                    let has_text = self.spans[start.min(self.spans.len())..]
                        .iter()
                        .any(|s| !s.text.trim().is_empty());
                    if let (false, Some(href)) = (has_text, href) {
                        self.spans.push(Span::underline(href));
                    }
                }
                self.underline = self.underline.saturating_sub(1);
            }
            _ => {}
        }
    }

    fn flush_preformatted(&mut self) {
        let text: String = self.spans.drain(..).map(|s| s.text).collect();
        let lines: Vec<&str> = text.trim_matches('\n').lines().collect();
        let margin = lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start().len())
            .min()
            .unwrap_or(0);
        let lines: Vec<String> = lines
            .iter()
            .map(|l| l.get(margin..).unwrap_or("").trim_end().to_owned())
            .collect();
        if lines.iter().any(|l| !l.is_empty()) {
            self.blocks.push(Block::Literal {
                indent: self.indent() + 3,
                lines,
            });
        }
    }

    fn flush(&mut self) {
        if self.preformatted > 0 {
            return;
        }
        if self.spans.iter().all(|s| s.text.trim().is_empty()) {
            self.spans.clear();
            return;
        }
        let spans = std::mem::take(&mut self.spans);
        self.link = self.link.take().map(|(_, href)| (0, href));
        let indent = self.indent();
        let block = match self.lists.last_mut() {
            Some(level) => {
                level.item_blocks += 1;
                if level.item_blocks == 1 {
                    Block::Bullet { indent, spans }
                } else {
                    Block::paragraph(indent + 2, spans)
                }
            }
            None => Block::Paragraph {
                indent,
                spans,
                attached: self.attach_next,
            },
        };
        self.attach_next = false;
        self.blocks.push(block);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(blocks: &[Block]) -> Vec<String> {
        blocks.iter().map(Block::plain_text).collect()
    }

    #[test]
    fn entities_decode_named_and_numeric() {
        assert_eq!(
            decode_entities("a &lt;b&gt; &amp; &quot;c&quot; &#x27;d&#39; &unknown; &"),
            "a <b> & \"c\" 'd' &unknown; &"
        );
    }

    #[test]
    fn paragraphs_lists_and_emphasis() {
        let blocks = to_blocks(
            "<p>Use <code>AssumeRole</code>, see <a href=\"https://x\">Guide</a>.</p>\
             <ul><li><p>one</p></li><li>two</li></ul>",
            0,
            false,
        );
        assert_eq!(text(&blocks), ["Use AssumeRole, see Guide.", "one", "two"]);
        match &blocks[0] {
            Block::Paragraph { spans, .. } => {
                assert_eq!(spans[1], Span::bold("AssumeRole"));
                assert_eq!(spans[3], Span::underline("Guide"));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(blocks[1], Block::Bullet { indent: 0, .. }));
    }

    #[test]
    fn notes_are_labelled_and_indented() {
        let blocks = to_blocks("<p>a</p><note><p>careful</p></note><p>b</p>", 3, false);
        assert_eq!(text(&blocks), ["a", "NOTE:", "careful", "b"]);
        assert_eq!(blocks[2], Block::attached(7, vec![Span::plain("careful")]));
    }

    #[test]
    fn fullname_and_examples_are_dropped_and_unknown_tags_ignored() {
        let blocks = to_blocks(
            "<fullname>Svc</fullname><p>x <span>y</span> a < b</p><examples>e</examples>",
            0,
            false,
        );
        assert_eq!(text(&blocks), ["x y a < b"]);
    }

    #[test]
    fn text_escaped_twice_is_read_again() {
        let blocks = to_blocks(
            "<p>is &lt;code&gt;null&lt;/code&gt;; q=a&amp;amp;b, tag &amp;lt;em&amp;gt;</p>",
            0,
            false,
        );
        assert_eq!(text(&blocks), ["is null; q=a&b, tag <em>"]);
    }

    #[test]
    fn empty_link_shows_its_target() {
        let blocks = to_blocks("<p>see <a href='https://example.com/x'></a></p>", 0, false);
        assert_eq!(text(&blocks), ["see https://example.com/x"]);
    }

    #[test]
    fn text_without_tags_is_one_paragraph() {
        assert_eq!(text(&to_blocks("plain words", 0, true)), ["plain words"]);
        assert_eq!(to_plain_text("<p>a <b>b</b></p><p>c</p>"), "a b c");
    }
}
