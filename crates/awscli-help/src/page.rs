//! [`HelpPage`]: a help page as structured text, and its layout for a
//! terminal or a pipe.
//!
//! The AWS CLI writes ReST, converts it to a man page with docutils and lays
//! it out with `groff -m man -T ascii` (`awscli/help.py`). We build the same
//! page directly: sections with headings at column 0, their text indented 7
//! columns, nested blocks indented in 3.5-column steps rounded down (3, 7,
//! 10, 14 ...), as docutils' `.INDENT 3.5` produces, and paragraphs filled
//! and justified to groff's line length (two columns less than the width).
//! See `/work/shared/docs/reference-cli.md` section 9.

/// How emphasis is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Text only, for a pipe or a file.
    Plain,
    /// Bold (`ESC[1m`) and underline (`ESC[4m`), for a terminal or `less -R`.
    Terminal,
}

/// The emphasis of a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emphasis {
    None,
    /// `<b>`, `<code>`, option names, headings.
    Bold,
    /// `<i>` and link titles (groff underlines italics).
    Underline,
}

/// A run of text with one emphasis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub emphasis: Emphasis,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            emphasis: Emphasis::None,
        }
    }

    pub fn bold(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            emphasis: Emphasis::Bold,
        }
    }

    pub fn underline(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            emphasis: Emphasis::Underline,
        }
    }
}

/// One block of a section. `indent` counts columns from the section's text
/// column (7); use [`depth`] for the nesting steps the reference uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Filled text. `attached` blocks follow the previous block without a
    /// blank line (an option's description under its name, a note's text
    /// under `NOTE:`).
    Paragraph {
        indent: usize,
        spans: Vec<Span>,
        attached: bool,
    },
    /// A bullet item (`o text`), continuation lines under the text.
    Bullet { indent: usize, spans: Vec<Span> },
    /// Lines shown as they are (syntax examples, the synopsis).
    Literal { indent: usize, lines: Vec<String> },
    /// A sub-heading inside a section, at column 3.
    Subheading(String),
}

impl Block {
    pub fn paragraph(indent: usize, spans: Vec<Span>) -> Block {
        Block::Paragraph {
            indent,
            spans,
            attached: false,
        }
    }

    pub fn attached(indent: usize, spans: Vec<Span>) -> Block {
        Block::Paragraph {
            indent,
            spans,
            attached: true,
        }
    }

    pub fn text(indent: usize, text: impl Into<String>) -> Block {
        Block::paragraph(indent, vec![Span::plain(text)])
    }

    /// All the text of the block, without emphasis (for tests and search).
    pub fn plain_text(&self) -> String {
        match self {
            Block::Paragraph { spans, .. } | Block::Bullet { spans, .. } => {
                spans.iter().map(|s| s.text.as_str()).collect()
            }
            Block::Literal { lines, .. } => lines.join("\n"),
            Block::Subheading(text) => text.clone(),
        }
    }
}

/// The column offset of nesting level `level`: docutils indents each level
/// by 3.5 ens and groff rounds the total down.
pub fn depth(level: usize) -> usize {
    level * 7 / 2
}

/// A top-level section (`NAME`, `DESCRIPTION`, `OPTIONS` ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading as shown: upper case.
    pub heading: String,
    pub blocks: Vec<Block>,
}

impl Section {
    pub fn new(heading: &str, blocks: Vec<Block>) -> Section {
        Section {
            heading: heading.to_uppercase(),
            blocks,
        }
    }
}

/// A whole help page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpPage {
    /// The page title shown in the header and footer lines (`ASSUME-ROLE`).
    pub title: String,
    pub sections: Vec<Section>,
}

/// groff's man line length is the terminal width less two columns; below
/// this the text would be unreadable anyway.
const MIN_LINE_LENGTH: usize = 40;
const TEXT_COLUMN: usize = 7;
const SUBHEADING_COLUMN: usize = 3;

impl HelpPage {
    /// The headings of the sections, in order.
    pub fn headings(&self) -> Vec<&str> {
        self.sections.iter().map(|s| s.heading.as_str()).collect()
    }

    /// The section with this heading.
    pub fn section(&self, heading: &str) -> Option<&Section> {
        self.sections
            .iter()
            .find(|s| s.heading.eq_ignore_ascii_case(heading))
    }

    /// Lays the page out for a terminal `width` columns wide (80 gives the
    /// reference's 78-column text).
    pub fn render(&self, style: Style, width: usize) -> String {
        let line_length = width.saturating_sub(2).max(MIN_LINE_LENGTH);
        let mut out = String::new();
        let tag = format!("{}()", self.title.to_uppercase());
        let pad = line_length.saturating_sub(2 * tag.chars().count()).max(1);
        out.push_str(&format!("{tag}{}{tag}\n\n\n\n", " ".repeat(pad)));
        for section in &self.sections {
            out.push_str(&emphasize(style, Emphasis::Bold, &section.heading));
            out.push('\n');
            let mut first = true;
            for block in &section.blocks {
                let attached = matches!(block, Block::Paragraph { attached: true, .. });
                if !first && !attached {
                    out.push('\n');
                }
                first = false;
                render_block(&mut out, block, style, line_length);
            }
            out.push('\n');
        }
        let footer_pad = line_length.saturating_sub(tag.chars().count());
        out.push_str(&format!("\n\n{}{tag}\n", " ".repeat(footer_pad)));
        out
    }
}

fn emphasize(style: Style, emphasis: Emphasis, text: &str) -> String {
    match (style, emphasis) {
        (Style::Plain, _) | (_, Emphasis::None) => text.to_owned(),
        (Style::Terminal, Emphasis::Bold) => format!("\x1b[1m{text}\x1b[0m"),
        (Style::Terminal, Emphasis::Underline) => format!("\x1b[4m{text}\x1b[0m"),
    }
}

fn render_block(out: &mut String, block: &Block, style: Style, line_length: usize) {
    match block {
        Block::Paragraph { indent, spans, .. } => {
            let column = TEXT_COLUMN + indent;
            fill(out, spans, style, Some(column), column, line_length);
        }
        Block::Bullet { indent, spans } => {
            // The mark is not a word of its own: a long first word stays
            // beside it and overflows, as in groff.
            let column = TEXT_COLUMN + indent;
            out.push_str(&" ".repeat(column));
            out.push_str("o ");
            fill(out, spans, style, None, column + 2, line_length);
        }
        Block::Literal { indent, lines } => {
            let pad = " ".repeat(TEXT_COLUMN + indent);
            for line in lines {
                if line.is_empty() {
                    out.push('\n');
                } else {
                    out.push_str(&pad);
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        Block::Subheading(text) => {
            out.push_str(&" ".repeat(SUBHEADING_COLUMN));
            out.push_str(&emphasize(style, Emphasis::Bold, text));
            out.push('\n');
        }
    }
}

/// A word: the pieces of text between two runs of white space, each with
/// its emphasis (`AssumeRole,` is a bold piece and a plain one).
type Word = Vec<(String, Emphasis)>;

fn words(spans: &[Span]) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut current: Word = Vec::new();
    for span in spans {
        let mut piece = String::new();
        for c in span.text.chars() {
            if c.is_whitespace() {
                if !piece.is_empty() {
                    current.push((std::mem::take(&mut piece), span.emphasis));
                }
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            } else {
                piece.push(c);
            }
        }
        if !piece.is_empty() {
            current.push((piece, span.emphasis));
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

fn word_width(word: &Word) -> usize {
    word.iter().map(|(t, _)| t.chars().count()).sum()
}

/// Fills `spans` into lines: the first starts at `first_column`, the rest at
/// `column`. Lines but the last are justified as groff does (`.ad b`), the
/// extra spaces going to the right on one line and to the left on the next,
/// as long as no gap grows past two spaces (groff hyphenates; we do not).
/// `first_column` is `None` when the caller has already written the first
/// line's lead (a bullet mark) up to `column`.
fn fill(
    out: &mut String,
    spans: &[Span],
    style: Style,
    first_column: Option<usize>,
    column: usize,
    line_length: usize,
) {
    let words = words(spans);
    if words.is_empty() {
        if first_column.is_none() {
            out.push('\n');
        }
        return;
    }
    let lead_written = first_column.is_none();
    let first_column = first_column.unwrap_or(column);
    let mut lines: Vec<Vec<&Word>> = Vec::new();
    let mut line: Vec<&Word> = Vec::new();
    let mut used = 0;
    for word in &words {
        let start = if lines.is_empty() {
            first_column
        } else {
            column
        };
        let room = line_length.saturating_sub(start).max(1);
        let width = word_width(word);
        let needed = if line.is_empty() {
            width
        } else {
            used + 1 + width
        };
        if !line.is_empty() && needed > room {
            lines.push(std::mem::take(&mut line));
            used = width;
        } else {
            used = needed;
        }
        line.push(word);
    }
    lines.push(line);
    let count = lines.len();
    for (number, line) in lines.into_iter().enumerate() {
        let start = if number == 0 { first_column } else { column };
        if number > 0 || !lead_written {
            out.push_str(&" ".repeat(start));
        }
        let natural: usize = line.iter().map(|w| word_width(w)).sum::<usize>() + line.len() - 1;
        let gaps = line.len() - 1;
        // Without hyphenation a justified line can open wide gaps; such a
        // line is left ragged rather than stretched past two spaces a gap.
        let slack = line_length.saturating_sub(start).saturating_sub(natural);
        let extra = if number + 1 < count && gaps > 0 && slack <= gaps {
            slack
        } else {
            0
        };
        for (i, word) in line.iter().enumerate() {
            if i > 0 {
                let gap = i - 1;
                let mut spaces = 1 + extra / gaps.max(1);
                let remainder = if gaps > 0 { extra % gaps } else { 0 };
                let gets_more = if number % 2 == 0 {
                    gap >= gaps - remainder
                } else {
                    gap < remainder
                };
                if gets_more {
                    spaces += 1;
                }
                out.push_str(&" ".repeat(spaces));
            }
            for (text, emphasis) in word.iter() {
                out.push_str(&emphasize(style, *emphasis, text));
            }
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(blocks: Vec<Block>) -> HelpPage {
        HelpPage {
            title: "t".into(),
            sections: vec![Section::new("Description", blocks)],
        }
    }

    #[test]
    fn depth_steps_match_docutils_rounding() {
        let steps: Vec<usize> = (0..7).map(depth).collect();
        assert_eq!(steps, [0, 3, 7, 10, 14, 17, 21]);
    }

    #[test]
    fn fill_justifies_all_lines_but_the_last() {
        let text = "words ".repeat(40);
        let out = page(vec![Block::text(0, text)]).render(Style::Plain, 80);
        let body: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with("       words"))
            .collect();
        assert!(body.len() > 1);
        for line in &body[..body.len() - 1] {
            assert_eq!(line.chars().count(), 78, "{line:?}");
        }
        assert!(body[body.len() - 1].len() < 78);
    }

    #[test]
    fn terminal_style_bolds_headings_and_emphasis() {
        let out = page(vec![Block::paragraph(
            0,
            vec![Span::plain("use "), Span::bold("X"), Span::plain(",")],
        )])
        .render(Style::Terminal, 80);
        assert!(out.contains("\x1b[1mDESCRIPTION\x1b[0m"));
        assert!(out.contains("use \x1b[1mX\x1b[0m,"));
    }

    #[test]
    fn bullets_hang_under_their_text() {
        let long = "alpha ".repeat(30);
        let out = page(vec![Block::Bullet {
            indent: 0,
            spans: vec![Span::plain(long)],
        }])
        .render(Style::Plain, 80);
        let lines: Vec<&str> = out.lines().filter(|l| l.contains("alpha")).collect();
        assert!(lines[0].starts_with("       o alpha"));
        assert!(lines[1].starts_with("         alpha"));
    }

    #[test]
    fn attached_paragraphs_have_no_blank_line() {
        let out = page(vec![
            Block::text(0, "--x (string)"),
            Block::attached(3, vec![Span::plain("Doc.")]),
            Block::text(0, "--y (string)"),
        ])
        .render(Style::Plain, 80);
        assert!(out.contains("       --x (string)\n          Doc.\n\n       --y (string)\n"));
    }
}
