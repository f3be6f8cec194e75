//! Rendering of command results as the AWS CLI v2 prints them
//! (`awscli/formatter.py`, `awscli/text.py`, `awscli/table.py`): the
//! `json`, `text`, `table`, `yaml`, `yaml-stream` and `off` output formats,
//! `--query` application at the right granularity, and the
//! `cli_timestamp_format` conversion that precedes both.
//!
//! Nothing here prints: every renderer writes to a caller-supplied
//! `&mut dyn Write` (the binary owns stdout, paging and broken pipes).
//!
//! Order of work for one command, as in the reference:
//! 1. [`normalize_timestamps`] on each parsed response (the reference
//!    converts timestamps at parse time, before queries and pagination);
//! 2. for [`OutputFormat::is_per_page`] formats with a paginated
//!    operation, [`Formatter::render_text_page`] /
//!    [`Formatter::render_yaml_stream_page`] once per page (see
//!    [`text::paginated_text_page`] and [`text::next_token_page`]);
//! 3. otherwise [`Formatter::render`] on the whole (aggregated) result.
use awscli_jmespath::{Expression, JmespathError};
use awscli_model::Value;
use std::io::Write;
use thiserror::Error;

mod east_asian_width;
pub mod json;
pub mod table;
pub mod terminal;
pub mod text;
pub mod timestamps;
pub mod yaml;

pub use json::render_json;
pub use table::render_table;
pub use text::{next_token_page, paginated_text_page, render_text};
pub use timestamps::{normalize_timestamps, normalize_timestamps_in_zone, TimestampFormat};
pub use yaml::render_yaml;

/// The `--output` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    #[default]
    Json,
    Text,
    Table,
    Yaml,
    YamlStream,
    Off,
}

impl OutputFormat {
    /// Parses a setting value (`json`, `text`, `table`, `yaml`,
    /// `yaml-stream`, `off`).
    pub fn from_setting(value: &str) -> Option<OutputFormat> {
        Some(match value {
            "json" => OutputFormat::Json,
            "text" => OutputFormat::Text,
            "table" => OutputFormat::Table,
            "yaml" => OutputFormat::Yaml,
            "yaml-stream" => OutputFormat::YamlStream,
            "off" => OutputFormat::Off,
            _ => return None,
        })
    }

    /// Whether a paginated result is printed page by page (with `--query`
    /// applied per page) instead of aggregated first.
    pub fn is_per_page(self) -> bool {
        matches!(self, OutputFormat::Text | OutputFormat::YamlStream)
    }
}

/// A failure while rendering.
#[derive(Debug, Error)]
pub enum OutputError {
    /// Writing failed; a broken pipe is the caller's to treat as success.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// `--query` failed at evaluation time (type or arity errors).
    #[error(transparent)]
    Query(#[from] JmespathError),
    /// The result has a shape the reference formatter crashes on (a text
    /// list mixing objects and scalars, table rows of different lengths);
    /// the message is the Python exception's.
    #[error("{0}")]
    Format(String),
}

/// Renders results in one output format, with an optional `--query`.
#[derive(Debug, Clone)]
pub struct Formatter {
    pub format: OutputFormat,
    pub query: Option<Expression>,
    /// Table format: colour row values (`--color on`, or auto with a TTY).
    pub color: bool,
    /// Table format: terminal width (the reference uses 80 when stdout is
    /// not a terminal).
    pub terminal_width: usize,
}

impl Formatter {
    /// A formatter without query, colour off, 80 columns.
    pub fn new(format: OutputFormat) -> Formatter {
        Formatter {
            format,
            query: None,
            color: false,
            terminal_width: 80,
        }
    }

    pub fn with_query(mut self, query: Option<Expression>) -> Formatter {
        self.query = query;
        self
    }

    /// Removes `ResponseMetadata` (unless the response has `Errors`) and
    /// applies the query: `_get_transformed_response_for_output`.
    pub fn transform(&self, mut response: Value) -> Result<Value, OutputError> {
        remove_response_metadata(&mut response);
        self.apply_query(response)
    }

    fn apply_query(&self, response: Value) -> Result<Value, OutputError> {
        match &self.query {
            Some(query) => Ok(query.search(&response)?),
            None => Ok(response),
        }
    }

    /// Renders a complete response: a non-paginated one, or the aggregated
    /// result of a paginator (`build_full_result`, with `NextToken` when
    /// truncated) for the formats that are not per page. `command_name` is
    /// the operation name the table format shows as its title.
    pub fn render(
        &self,
        command_name: &str,
        response: Value,
        out: &mut dyn Write,
    ) -> Result<(), OutputError> {
        match self.format {
            OutputFormat::Off => Ok(()),
            OutputFormat::Text => {
                let mut response = response;
                remove_response_metadata(&mut response);
                self.render_text_page(&response, out)
            }
            OutputFormat::YamlStream => {
                // A response without output is an empty stream, not `- {}`.
                let transformed = self.transform(response)?;
                if matches!(&transformed, Value::Map(m) if m.is_empty()) {
                    return Ok(());
                }
                Ok(render_yaml(&Value::List(vec![transformed]), out)?)
            }
            OutputFormat::Json => Ok(render_json(&self.transform(response)?, out)?),
            OutputFormat::Yaml => Ok(render_yaml(&self.transform(response)?, out)?),
            OutputFormat::Table => {
                let options = table::TableOptions {
                    color: self.color,
                    terminal_width: self.terminal_width,
                };
                render_table(command_name, &self.transform(response)?, &options, out)
            }
        }
    }

    /// Text format, one page (or a whole non-paginated response whose
    /// `ResponseMetadata` was removed): applies the query, then prints.
    pub fn render_text_page(&self, page: &Value, out: &mut dyn Write) -> Result<(), OutputError> {
        match &self.query {
            Some(query) => render_text(&query.search(page)?, out),
            None => render_text(page, out),
        }
    }

    /// YAML stream format, one raw page: removes `ResponseMetadata`,
    /// applies the query and dumps `[page]` (a YAML document per page).
    pub fn render_yaml_stream_page(
        &self,
        page: Value,
        out: &mut dyn Write,
    ) -> Result<(), OutputError> {
        let transformed = self.transform(page)?;
        Ok(render_yaml(&Value::List(vec![transformed]), out)?)
    }
}

/// `_remove_request_id`: `ResponseMetadata` is only shown with `Errors`.
pub fn remove_response_metadata(response: &mut Value) {
    if let Value::Map(map) = response {
        if !map.contains_key("Errors") {
            map.shift_remove("ResponseMetadata");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use indexmap::IndexMap;

    fn map(entries: &[(&str, Value)]) -> Value {
        Value::Map(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    fn render(formatter: &Formatter, value: Value) -> String {
        let mut out = Vec::new();
        formatter
            .render("GetCallerIdentity", value, &mut out)
            .expect("renders");
        String::from_utf8(out).expect("UTF-8")
    }

    fn response() -> Value {
        map(&[
            ("UserId", Value::String("alice".into())),
            (
                "ResponseMetadata",
                map(&[("RequestId", Value::String("r".into()))]),
            ),
        ])
    }

    #[test]
    fn render_json_drops_response_metadata() {
        let formatter = Formatter::new(OutputFormat::Json);
        assert_eq!(
            render(&formatter, response()),
            "{\n    \"UserId\": \"alice\"\n}\n"
        );
    }

    #[test]
    fn render_json_empty_response_prints_nothing() {
        let formatter = Formatter::new(OutputFormat::Json);
        assert_eq!(
            render(&formatter, map(&[("ResponseMetadata", Value::empty_map())])),
            ""
        );
        assert_eq!(render(&formatter, Value::List(vec![])), "[]\n");
        assert_eq!(render(&formatter, Value::Null), "null\n");
    }

    #[test]
    fn render_applies_query() {
        let query = awscli_jmespath::compile("UserId").expect("valid");
        let formatter = Formatter::new(OutputFormat::Json).with_query(Some(query.clone()));
        assert_eq!(render(&formatter, response()), "\"alice\"\n");
        let formatter = Formatter::new(OutputFormat::Text).with_query(Some(query));
        assert_eq!(render(&formatter, response()), "alice\n");
    }

    #[test]
    fn yaml_stream_dumps_each_page_as_a_list() {
        let query = awscli_jmespath::compile("Contents[].Key").expect("valid");
        let formatter = Formatter::new(OutputFormat::YamlStream).with_query(Some(query));
        let page = map(&[(
            "Contents",
            Value::List(vec![
                map(&[("Key", Value::String("k1".into()))]),
                map(&[("Key", Value::String("k2".into()))]),
            ]),
        )]);
        let mut out = Vec::new();
        formatter
            .render_yaml_stream_page(page, &mut out)
            .expect("renders");
        assert_eq!(String::from_utf8(out).expect("UTF-8"), "- - k1\n  - k2\n");
        let empty = Formatter::new(OutputFormat::YamlStream);
        assert_eq!(render(&empty, Value::Map(IndexMap::new())), "");
    }

    #[test]
    fn off_prints_nothing() {
        assert_eq!(render(&Formatter::new(OutputFormat::Off), response()), "");
    }

    #[test]
    fn yaml_top_level_scalar_is_json() {
        let formatter = Formatter::new(OutputFormat::Yaml);
        assert_eq!(render(&formatter, Value::String("x".into())), "\"x\"\n");
        assert_eq!(render(&formatter, Value::Null), "null\n");
    }
}
