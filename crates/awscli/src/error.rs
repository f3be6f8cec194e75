//! Every failure of a command, its exit code, and how it is written to
//! stderr: the one place where errors become text and numbers.
//!
//! Spec: `awscli/errorhandler.py` and `awscli/errorformat.py` of AWS CLI v2
//! (2.36), and `awscli/topics/return-codes.rst`. In the default `enhanced`
//! error format every report is a blank line, then `aws: [ERROR]: ` and the
//! message; structured errors carry a code (`An error occurred (NoRegion):
//! ...`), service errors list their extra fields under `Additional error
//! details:`. `--cli-error-format legacy` drops the code prefix.
use std::fmt;
use std::io::Write;

/// How the reference's argparse ends a usage error.
pub const USAGE: &str = "aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n\
To see help text, you can run:\n\
\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n";

/// A command's failure.
#[derive(Debug)]
pub enum CliError {
    /// Bad command line or parameters (exit code 252).
    ParamValidation { message: String, usage: bool },
    /// `Unknown options: --foo` (252), printed after the usage block.
    UnknownOptions(String),
    /// Bad configuration or environment (253): `code` is `NoRegion`,
    /// `NoCredentials`, `Pager` or `Configuration`.
    Configuration { code: &'static str, message: String },
    /// The service answered with an error (254).
    Service {
        message: String,
        details: Vec<(String, awscli_model::Value)>,
    },
    /// Anything else (255).
    General(String),
    /// A failure that already wrote its own report; only the exit code is left.
    Reported(u8),
}

impl CliError {
    /// An argparse error: the message, then the usage block.
    pub fn usage(message: String) -> CliError {
        CliError::ParamValidation {
            message,
            usage: true,
        }
    }

    /// A parameter error with no usage block.
    pub fn param(message: impl Into<String>) -> CliError {
        CliError::ParamValidation {
            message: message.into(),
            usage: false,
        }
    }

    /// `argument <name>: Found invalid choice '<value>'`, with the
    /// reference's "Maybe you meant" list when some choice is close.
    pub fn invalid_choice<'a>(
        argument: &str,
        value: &str,
        choices: impl IntoIterator<Item = &'a str>,
    ) -> CliError {
        let mut message = format!("argument {argument}: Found invalid choice '{value}'\n");
        let close = crate::suggest::close_matches(value, choices, 3, 0.8);
        if !close.is_empty() {
            message.push_str("\nMaybe you meant:\n\n");
            for choice in close {
                message.push_str(&format!("  * {choice}\n"));
            }
        }
        CliError::usage(message)
    }

    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::ParamValidation { .. } | CliError::UnknownOptions(_) => 252,
            CliError::Configuration { .. } => 253,
            CliError::Service { .. } => 254,
            CliError::General(_) => 255,
            CliError::Reported(code) => *code,
        }
    }

    /// Writes the report to `stderr` in the chosen `cli_error_format`.
    pub fn write(&self, stderr: &mut dyn Write, legacy: bool) -> std::io::Result<()> {
        match self {
            CliError::ParamValidation { message, usage } => {
                let mut text = message.clone();
                if *usage {
                    text = format!("{}\n\nusage: {USAGE}", text.trim_end_matches(' '));
                }
                write_structured(stderr, "ParamValidation", &text, legacy)
            }
            CliError::UnknownOptions(message) => {
                write!(stderr, "\nusage: {USAGE}\n")?;
                write_error(stderr, message)
            }
            CliError::Configuration { code, message } => {
                write_structured(stderr, code, message, legacy)
            }
            CliError::Service { message, details } => {
                write_error(stderr, message)?;
                if !legacy {
                    write_details(stderr, details)?;
                }
                Ok(())
            }
            CliError::General(message) => write_error(stderr, message),
            CliError::Reported(_) => Ok(()),
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::ParamValidation { message, .. } => f.write_str(message.trim_end()),
            CliError::UnknownOptions(m) | CliError::General(m) => f.write_str(m),
            CliError::Configuration { message, .. } => f.write_str(message),
            CliError::Service { message, .. } => f.write_str(message),
            CliError::Reported(code) => write!(f, "exit code {code}"),
        }
    }
}

/// `errorformat.write_error`: a blank line, the prefix, the stripped message.
fn write_error(stderr: &mut dyn Write, message: &str) -> std::io::Result<()> {
    write!(stderr, "\naws: [ERROR]: {}\n", message.trim())
}

fn write_structured(
    stderr: &mut dyn Write,
    code: &str,
    message: &str,
    legacy: bool,
) -> std::io::Result<()> {
    if legacy {
        write_error(stderr, message)
    } else {
        write_error(stderr, &format!("An error occurred ({code}): {message}"))
    }
}

/// `EnhancedErrorFormatter`: extra error fields, inline when simple.
fn write_details(
    stderr: &mut dyn Write,
    details: &[(String, awscli_model::Value)],
) -> std::io::Result<()> {
    use awscli_model::Value;
    if details.is_empty() {
        return Ok(());
    }
    write!(stderr, "\nAdditional error details:\n")?;
    for (key, value) in details {
        let simple = |v: &Value| !matches!(v, Value::List(_) | Value::Map(_));
        match value {
            v if simple(v) => writeln!(stderr, "{key}: {}", python_str(v))?,
            Value::List(items) if items.len() < 5 && items.iter().all(simple) => {
                let inner: Vec<String> = items.iter().map(python_str).collect();
                writeln!(stderr, "{key}: [{}]", inner.join(", "))?
            }
            Value::Map(map) if map.len() < 5 && map.values().all(simple) => {
                let inner: Vec<String> = map.iter().map(|(k, v)| format!("{k}: {}", python_str(v))).collect();
                writeln!(stderr, "{key}: {{{}}}", inner.join(", "))?
            }
            _ => writeln!(
                stderr,
                "{key}: <complex value> (Use --cli-error-format with json or yaml to see full details)"
            )?,
        }
    }
    Ok(())
}

/// Python's `str()` of a simple value (`None`, `True`, `1.5` ...).
fn python_str(value: &awscli_model::Value) -> String {
    awscli_jmespath::python::str_of(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(err: &CliError, legacy: bool) -> String {
        let mut errbuf = Vec::new();
        err.write(&mut errbuf, legacy).unwrap();
        String::from_utf8(errbuf).unwrap()
    }

    #[test]
    fn invalid_choice_lists_close_matches_then_usage() {
        let err = CliError::invalid_choice(
            "operation",
            "describe-instancez",
            ["describe-instances", "run-instances"],
        );
        assert_eq!(err.exit_code(), 252);
        assert_eq!(
            render(&err, false),
            "\naws: [ERROR]: An error occurred (ParamValidation): argument operation: Found invalid choice \
             'describe-instancez'\n\nMaybe you meant:\n\n  * describe-instances\n\n\nusage: aws [options] <command> \
             <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws \
             <command> help\n  aws <command> <subcommand> help\n"
        );
    }

    #[test]
    fn unknown_options_print_usage_first() {
        let err = CliError::UnknownOptions("Unknown options: --foo".into());
        assert!(render(&err, false)
            .ends_with("subcommand> help\n\n\naws: [ERROR]: Unknown options: --foo\n"));
    }

    #[test]
    fn configuration_errors_carry_their_code_unless_legacy() {
        let err = CliError::Configuration {
            code: "NoRegion",
            message: "You must specify a region.".into(),
        };
        assert_eq!(
            render(&err, false),
            "\naws: [ERROR]: An error occurred (NoRegion): You must specify a region.\n"
        );
        assert_eq!(
            render(&err, true),
            "\naws: [ERROR]: You must specify a region.\n"
        );
        assert_eq!(err.exit_code(), 253);
    }
}
