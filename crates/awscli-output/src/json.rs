//! `--output json` (`awscli/formatter.py` `JSONFormatter`):
//! `json.dump(response, indent=4, ensure_ascii=False)` plus a newline, and
//! nothing at all for an empty `{}` response (operations without output).
use awscli_jmespath::python::{write_json, JsonStyle};
use awscli_model::Value;
use std::io::Write;

/// Writes `value` as the CLI's JSON output.
pub fn render_json(value: &Value, out: &mut dyn Write) -> std::io::Result<()> {
    if matches!(value, Value::Map(m) if m.is_empty()) {
        return Ok(());
    }
    let mut text = String::new();
    write_json(&mut text, value, JsonStyle::CLI);
    text.push('\n');
    out.write_all(text.as_bytes())
}

/// Python's `json.dumps(value, ensure_ascii=False)` on one line, which the
/// YAML dumper uses for top-level scalars.
pub(crate) fn json_line(value: &Value) -> String {
    let mut text = String::new();
    write_json(
        &mut text,
        value,
        JsonStyle {
            indent: None,
            ensure_ascii: false,
            compact: false,
        },
    );
    text
}
