//! Prints a hand-written command's result the way the reference's
//! `CLIOperationCaller._display_response` does for a model operation: the
//! `output` setting (command line, environment, profile), `--query`,
//! `--color`, and the timestamp format, over `awscli-output`.
//!
//! Spec: `awscli/clidriver.py` (`CLIOperationCaller._display_response`)
//! and `awscli/formatter.py`; used by the `create-default-role(s)`
//! commands, whose results are printed as a `create_role` response.
use std::io::{IsTerminal, Write};

use awscli_model::Value;
use awscli_output::{normalize_timestamps, Formatter, OutputFormat, TimestampFormat};

use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::{config_error, Session};

/// The `cli_timestamp_format` setting: how parsed timestamps become text
/// (the reference's response parser hands commands strings, not datetimes).
pub fn timestamp_format(session: &Session) -> Result<TimestampFormat, CliError> {
    Ok(
        match session.config.timestamp_format().map_err(config_error)? {
            awscli_config::config::TimestampFormat::Wire => TimestampFormat::Wire,
            _ => TimestampFormat::Iso8601,
        },
    )
}

/// Renders `value` as the response of `operation_name`.
pub fn display_response(
    session: &Session,
    globals: &GlobalArgs,
    operation_name: &str,
    mut value: Value,
    stdout: &mut dyn Write,
) -> Result<(), CliError> {
    let output_name = session
        .setting("output")?
        .unwrap_or_else(|| "json".to_owned());
    let format =
        OutputFormat::from_setting(&output_name).ok_or_else(|| CliError::Configuration {
            code: "Configuration",
            message: format!("Unknown output type: {output_name}"),
        })?;
    let timestamps = timestamp_format(session)?;
    let mut formatter = Formatter::new(format);
    if let Some(query) = &globals.query {
        formatter = formatter.with_query(Some(crate::driver::compile_query(query)?));
    }
    formatter.color = match globals.color.as_str() {
        "on" => true,
        "off" => false,
        _ => std::io::stdout().is_terminal(),
    };
    normalize_timestamps(&mut value, timestamps);
    formatter
        .render(operation_name, value, stdout)
        .map_err(|e| CliError::General(e.to_string()))
}
