//! `--output table` (`TableFormatter` in `awscli/formatter.py` and
//! `MultiTable`/`Section` in `awscli/table.py`): the result becomes a list
//! of titled sections, each with optional column headers and rows, drawn
//! with `|`, `+` and `-` and scaled to the widest section. When the table
//! is wider than the terminal, single-row sections are turned into
//! key/value rows.
//!
//! Widths count East Asian wide, full-width and ambiguous characters as
//! two columns, as `get_text_length` does.
use crate::east_asian_width::is_wide;
use crate::text::{python_type_name, scalar_text};
use crate::OutputError;
use awscli_model::Value;
use indexmap::IndexMap;
use std::collections::BTreeSet;
use std::io::Write;

/// How the table is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableOptions {
    /// Colour row values and indentation bars (`ColorizedStyler`).
    pub color: bool,
    /// Terminal width; the reference uses 80 when stdout is not a terminal.
    pub terminal_width: usize,
}

impl Default for TableOptions {
    fn default() -> TableOptions {
        TableOptions {
            color: false,
            terminal_width: 80,
        }
    }
}

/// Renders `value` as a table titled `title` (the operation name).
pub fn render_table(
    title: &str,
    value: &Value,
    options: &TableOptions,
    out: &mut dyn Write,
) -> Result<(), OutputError> {
    let mut table = MultiTable::default();
    if table.build(Some(title), value, 0)? {
        let text = table.render(options);
        out.write_all(text.as_bytes())?;
    }
    Ok(())
}

/// `get_text_length`.
fn text_length(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

/// Python truthiness of the value.
fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Integer(i) => *i != 0,
        Value::Float(f) => *f != 0.0,
        Value::String(s) => !s.is_empty(),
        Value::Blob(b) => !b.is_empty(),
        Value::Timestamp(_) => true,
        Value::List(l) => !l.is_empty(),
        Value::Map(m) => !m.is_empty(),
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::List(_) | Value::Map(_))
}

#[derive(Debug, Default, Clone)]
struct Section {
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    indent_level: usize,
    num_cols: Option<usize>,
    max_widths: Vec<usize>,
}

impl Section {
    fn add_header(&mut self, headers: Vec<String>) {
        self.update_max_widths(&headers);
        if self.num_cols.is_none() {
            self.num_cols = Some(headers.len());
        }
        self.headers = headers;
    }

    fn add_row(&mut self, row: Vec<String>) -> Result<(), OutputError> {
        let expected = *self.num_cols.get_or_insert(row.len());
        if row.len() != expected {
            return Err(OutputError::Format(format!(
                "Row should have {expected} elements, instead it has {}",
                row.len()
            )));
        }
        self.update_max_widths(&row);
        self.rows.push(row);
        Ok(())
    }

    fn update_max_widths(&mut self, row: &[String]) {
        if self.max_widths.is_empty() {
            self.max_widths = row.iter().map(|e| text_length(e)).collect();
        } else {
            for (i, element) in row.iter().enumerate() {
                if let Some(width) = self.max_widths.get_mut(i) {
                    *width = (*width).max(text_length(element));
                }
            }
        }
    }

    /// Column widths plus padding, scaled so they sum to `max_width`.
    fn column_widths(&self, padding: usize, max_width: Option<usize>) -> Vec<usize> {
        let unscaled: Vec<usize> = self.max_widths.iter().map(|w| w + padding).collect();
        let Some(max_width) = max_width else {
            return unscaled;
        };
        if unscaled.is_empty() {
            return unscaled;
        }
        let total: usize = unscaled.iter().sum();
        let scale = max_width as f64 / total as f64;
        let mut scaled: Vec<i64> = unscaled
            .iter()
            .map(|&w| (scale * w as f64).round_ties_even() as i64)
            .collect();
        let mut off_by: i64 = scaled.iter().sum::<i64>() - max_width as i64;
        while off_by != 0 {
            let order: Vec<usize> = if off_by < 0 {
                (0..scaled.len()).rev().collect()
            } else {
                (0..scaled.len()).collect()
            };
            for i in order {
                if off_by > 0 {
                    scaled[i] -= 1;
                    off_by -= 1;
                } else {
                    scaled[i] += 1;
                    off_by += 1;
                }
                if off_by == 0 {
                    break;
                }
            }
        }
        scaled.into_iter().map(|w| w.max(0) as usize).collect()
    }

    fn total_width(&self) -> usize {
        let padding = 4;
        let border = 2;
        let outer = self.indent_level;
        let total: usize =
            self.max_widths.iter().map(|w| w + padding).sum::<usize>() + border + 2 * outer;
        (text_length(&self.title) + border + 2 * outer).max(total)
    }
}

#[derive(Debug, Default)]
struct MultiTable {
    sections: Vec<Section>,
}

impl MultiTable {
    fn current(&mut self) -> Result<&mut Section, OutputError> {
        self.sections
            .last_mut()
            .ok_or_else(|| OutputError::Format("no table section to add to".to_owned()))
    }

    fn new_section(&mut self, title: &str, indent_level: usize) {
        self.sections.push(Section {
            title: title.to_owned(),
            indent_level,
            ..Section::default()
        });
    }

    /// `TableFormatter._build_table`.
    fn build(
        &mut self,
        title: Option<&str>,
        current: &Value,
        indent_level: usize,
    ) -> Result<bool, OutputError> {
        if !is_truthy(current) {
            return Ok(false);
        }
        if let Some(title) = title {
            self.new_section(title, indent_level);
        }
        match current {
            Value::List(items) => {
                if matches!(items.first(), Some(Value::Map(_))) {
                    self.sub_table_from_list(items, indent_level, title)?;
                } else {
                    for item in items {
                        match item {
                            scalar if is_scalar(scalar) => {
                                self.current()?.add_row(vec![scalar_text(scalar)])?
                            }
                            Value::List(inner) if inner.iter().all(is_scalar) => self
                                .current()?
                                .add_row(inner.iter().map(scalar_text).collect())?,
                            // Iterating a dict yields its keys (all scalars).
                            Value::Map(map) => {
                                self.current()?.add_row(map.keys().cloned().collect())?
                            }
                            other => {
                                self.build(None, other, 0)?;
                            }
                        }
                    }
                }
            }
            Value::Map(map) => self.sub_table_from_dict(map, indent_level)?,
            _ => {}
        }
        Ok(true)
    }

    fn sub_table_from_dict(
        &mut self,
        map: &IndexMap<String, Value>,
        indent_level: usize,
    ) -> Result<(), OutputError> {
        let (headers, more) = group_scalar_keys(map);
        if headers.len() == 1 {
            let value = scalar_text(&map[&headers[0]]);
            self.current()?.add_row(vec![headers[0].clone(), value])?;
        } else if !headers.is_empty() {
            let row = headers.iter().map(|k| scalar_text(&map[k])).collect();
            let section = self.current()?;
            section.add_header(headers);
            section.add_row(row)?;
        }
        for key in more {
            self.build(Some(&key), &map[&key], indent_level + 1)?;
        }
        Ok(())
    }

    fn sub_table_from_list(
        &mut self,
        items: &[Value],
        indent_level: usize,
        title: Option<&str>,
    ) -> Result<(), OutputError> {
        let mut headers = BTreeSet::new();
        let mut more = BTreeSet::new();
        for item in items {
            let Value::Map(map) = item else {
                // What Python's `current[element]` raises on the non-dict.
                return Err(OutputError::Format(match item {
                    Value::String(_) => "string indices must be integers, not 'str'".to_owned(),
                    Value::List(_) => "list indices must be integers or slices, not str".to_owned(),
                    other => format!("'{}' object is not iterable", python_type_name(other)),
                }));
            };
            let (h, m) = group_scalar_keys(map);
            headers.extend(h);
            more.extend(m);
        }
        let headers: Vec<String> = headers.into_iter().collect();
        let more: Vec<String> = more.into_iter().collect();
        self.current()?.add_header(headers.clone());
        for (i, element) in items.iter().enumerate() {
            let Value::Map(map) = element else { continue };
            if i > 0 && !more.is_empty() {
                self.new_section(title.unwrap_or(""), indent_level);
                self.current()?.add_header(headers.clone());
            }
            let row = headers
                .iter()
                .map(|h| map.get(h).map(scalar_text).unwrap_or_default())
                .collect();
            self.current()?.add_row(row)?;
            for key in &more {
                if let Some(value) = map.get(key) {
                    self.build(Some(key), value, indent_level + 1)?;
                }
            }
        }
        Ok(())
    }

    fn render(&mut self, options: &TableOptions) -> String {
        let mut max_width = self.max_width();
        if max_width > options.terminal_width {
            convert_to_vertical(&mut self.sections);
            max_width = self.max_width();
        }
        let mut out = String::new();
        out.push_str(&"-".repeat(max_width));
        out.push('\n');
        for section in &self.sections {
            render_section(section, max_width, options.color, &mut out);
        }
        out
    }

    fn max_width(&self) -> usize {
        self.sections
            .iter()
            .map(Section::total_width)
            .max()
            .unwrap_or(0)
    }
}

/// `_group_scalar_keys`: sorted scalar keys, sorted other keys.
fn group_scalar_keys(map: &IndexMap<String, Value>) -> (Vec<String>, Vec<String>) {
    let mut headers = Vec::new();
    let mut more = Vec::new();
    for (key, value) in map {
        if is_scalar(value) {
            headers.push(key.clone());
        } else {
            more.push(key.clone());
        }
    }
    headers.sort();
    more.sort();
    (headers, more)
}

/// `convert_to_vertical_table`: single-row sections with headers become
/// header/value rows.
fn convert_to_vertical(sections: &mut [Section]) {
    for section in sections.iter_mut() {
        if section.rows.len() == 1 && !section.headers.is_empty() {
            let mut vertical = Section {
                title: section.title.clone(),
                indent_level: section.indent_level,
                ..Section::default()
            };
            for (header, element) in section.headers.iter().zip(&section.rows[0]) {
                // Two columns every time, so this cannot fail.
                let _ = vertical.add_row(vec![header.clone(), element.clone()]);
            }
            *section = vertical;
        }
    }
}

const DIM_YELLOW: &str = "\x1b[2m\x1b[33m";
const BRIGHT_BLUE: &str = "\x1b[1m\x1b[34m";
const RESET: &str = "\x1b[0m";

/// `IndentedStream.write` for one line (ending in `\n`).
fn indented_line(out: &mut String, indent_level: usize, color: bool, line: &str) {
    let bar = if color {
        format!("{DIM_YELLOW}|{RESET}")
    } else {
        "|".to_owned()
    };
    let bars = bar.repeat(indent_level);
    out.push_str(&bars);
    out.push_str(line);
    out.push_str(&bars);
    out.push('\n');
}

fn spaces(n: i64) -> String {
    " ".repeat(n.max(0) as usize)
}

/// `center_text`.
fn center_text(
    text: &str,
    length: usize,
    left_edge: &str,
    right_edge: &str,
    text_len: usize,
) -> String {
    let length = length as i64;
    let text_len = text_len as i64;
    let char_start = length.div_euclid(2) - text_len.div_euclid(2) - 1;
    let so_far = left_edge.chars().count() as i64 + char_start + text_len;
    let right = length - right_edge.chars().count() as i64 - so_far;
    format!(
        "{left_edge}{}{text}{}{right_edge}",
        spaces(char_start),
        spaces(right)
    )
}

/// `align_left` with two columns of left padding when it fits.
fn align_left(
    text: &str,
    length: usize,
    left_edge: &str,
    right_edge: &str,
    text_len: usize,
) -> String {
    let length = length as i64;
    let text_len = text_len as i64;
    let edges = (left_edge.chars().count() + right_edge.chars().count()) as i64;
    let padding = if length - (text_len + 2 + edges) >= 0 {
        2
    } else {
        0
    };
    let so_far = left_edge.chars().count() as i64 + padding + text_len;
    let fill = length - so_far - right_edge.chars().count() as i64;
    format!(
        "{left_edge}{}{text}{}{right_edge}",
        spaces(padding),
        spaces(fill)
    )
}

fn line_break(widths: &[usize]) -> String {
    let mut parts = String::new();
    for (i, &w) in widths.iter().enumerate() {
        if i == 0 {
            parts.push('+');
            parts.push_str(&"-".repeat(w.saturating_sub(2)));
            parts.push('+');
        } else {
            parts.push_str(&"-".repeat(w.saturating_sub(1)));
            parts.push('+');
        }
    }
    parts
}

fn render_section(section: &Section, max_width: usize, color: bool, out: &mut String) {
    let level = section.indent_level;
    let max_width = max_width.saturating_sub(level * 2);
    if !section.title.is_empty() {
        let title = center_text(
            &section.title,
            max_width,
            "|",
            "|",
            text_length(&section.title),
        );
        indented_line(out, level, color, &title);
        if section.headers.is_empty() && section.rows.is_empty() {
            indented_line(
                out,
                level,
                color,
                &format!("+{}+", "-".repeat(max_width.saturating_sub(2))),
            );
        }
    }
    if !section.headers.is_empty() {
        let widths = section.column_widths(4, Some(max_width));
        let mut line = String::new();
        for (i, (width, header)) in widths.iter().zip(&section.headers).enumerate() {
            let left = if i == 0 { "|" } else { "" };
            line.push_str(&center_text(header, *width, left, "|", text_length(header)));
        }
        indented_line(out, level, color, &line_break(&widths));
        indented_line(out, level, color, &line);
    }
    if section.rows.is_empty() {
        return;
    }
    let widths = section.column_widths(4, Some(max_width));
    if widths.is_empty() {
        return;
    }
    indented_line(out, level, color, &line_break(&widths));
    for row in &section.rows {
        let mut line = String::new();
        for (i, (width, element)) in widths.iter().zip(row).enumerate() {
            let left = if i == 0 { "|" } else { "" };
            let styled = if color {
                format!("{BRIGHT_BLUE}{element}{RESET}")
            } else {
                element.clone()
            };
            line.push_str(&align_left(
                &styled,
                *width,
                left,
                "|",
                text_length(element),
            ));
        }
        indented_line(out, level, color, &line);
    }
    indented_line(out, level, color, &line_break(&widths));
}
