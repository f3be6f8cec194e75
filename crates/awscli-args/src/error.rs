//! [`ArgsError`]: every way the parameters of one operation can be wrong.
//!
//! `Display` is the reference's message without the `aws: [ERROR]: ` prefix
//! (`awscli/errorformat.py` adds that); [`ArgsError::exit_code`] tells the
//! binary which return code it maps to (`awscli/topics/return-codes.rst`).
use thiserror::Error;

/// `PARAM_VALIDATION_ERROR_RC`: bad syntax, unknown parameter, bad value.
pub const PARAM_VALIDATION_ERROR_RC: u8 = 252;
/// Any other failure (`Invalid base64`, a Python `ValueError` in the
/// reference's conversions).
pub const GENERAL_ERROR_RC: u8 = 255;

#[derive(Debug, Clone, PartialEq, Error)]
pub enum ArgsError {
    /// An argparse error (`the following arguments are required: --queue-name`,
    /// `argument --x: expected one argument`). The usage block goes with it.
    #[error("{0}")]
    Argparse(String),
    /// Tokens no argument took (`Unknown options: --foo, bar`).
    #[error("Unknown options: {}", .0.join(", "))]
    UnknownOptions(Vec<String>),
    /// `ParamError`: a value that cannot be read (shorthand, JSON, file).
    #[error("Error parsing parameter '{cli_name}': {message}")]
    Param { cli_name: String, message: String },
    /// `ParamSyntaxError` (`Only one --cli-input- parameter may be specified.`).
    #[error("{0}")]
    ParamSyntax(String),
    /// The CLI's own `ParamValidationError` (`Cannot specify --no-paginate
    /// along with pagination arguments: --max-items`).
    #[error("{0}")]
    ParamValidation(String),
    /// botocore's `ParamValidationError`; holds the report lines.
    #[error("Parameter validation failed:\n{0}")]
    Validation(String),
    /// A blob given as text that is not base64 (`--cli-binary-format base64`).
    #[error("Invalid base64: \"{0}\"")]
    InvalidBase64(String),
    /// What the reference reports from an uncaught Python exception
    /// (`invalid literal for int() with base 10: 'abc'`).
    #[error("{0}")]
    General(String),
}

impl ArgsError {
    /// The process exit code the reference uses for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            ArgsError::InvalidBase64(_) | ArgsError::General(_) => GENERAL_ERROR_RC,
            _ => PARAM_VALIDATION_ERROR_RC,
        }
    }

    /// Whether the reference prints the usage block with this error.
    pub fn shows_usage(&self) -> bool {
        matches!(self, ArgsError::Argparse(_) | ArgsError::UnknownOptions(_))
    }

    pub(crate) fn param(cli_name: &str, message: impl Into<String>) -> ArgsError {
        ArgsError::Param {
            cli_name: cli_name.to_owned(),
            message: message.into(),
        }
    }
}
