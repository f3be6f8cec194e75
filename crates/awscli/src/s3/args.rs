//! An argparse-like parser for the `aws s3` commands, whose argument tables
//! live in [`awscli_commands::s3`] (shared with the help pages and the
//! completer): options anywhere, `--opt value` and `--opt=value`, choices,
//! optional-value options (`--sse` alone means AES256), and the reference's
//! errors (missing paths, unknown options, invalid choices).
//!
//! Spec: argparse as the `ARG_TABLE`s of
//! `awscli/customizations/s3/subcommands.py` configure it (CLI 2.36,
//! reference-cli.md section 8.1).
use indexmap::IndexMap;

use crate::error::CliError;

use awscli_commands::s3::{self as table, ValueKind};

/// The `aws s3` subcommands, in the reference's table order.
pub fn command_names() -> impl Iterator<Item = &'static str> {
    table::COMMANDS.iter().map(|c| c.name)
}

/// A parsed `aws s3` command line.
#[derive(Debug, Default, Clone)]
pub struct Params {
    pub paths: Vec<String>,
    values: IndexMap<String, Vec<String>>,
    /// `--include`/`--exclude` in command-line order (`"include"`, pattern).
    pub filters: Vec<(String, String)>,
}

impl Params {
    pub fn flag(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.values
            .get(name)
            .and_then(|v| v.last())
            .map(String::as_str)
    }

    pub fn values(&self, name: &str) -> &[String] {
        self.values.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// An integer option, with Python's `int()` error (exit code 255).
    pub fn int(&self, name: &str) -> Result<Option<i64>, CliError> {
        match self.value(name) {
            None => Ok(None),
            Some(v) => v.trim().parse().map(Some).map_err(|_| {
                CliError::General(format!("invalid literal for int() with base 10: '{v}'"))
            }),
        }
    }
}

/// Parses the words after `aws s3 <command>`.
pub fn parse(command: &str, words: &[String]) -> Result<Params, CliError> {
    let Some(definition) = table::command(command) else {
        return Err(CliError::invalid_choice(
            "subcommand",
            command,
            command_names(),
        ));
    };
    let mut params = Params::default();
    let mut unknown: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if word == "--" {
            params.paths.extend(words[i..].iter().cloned());
            break;
        }
        let Some(option) = word.strip_prefix("--") else {
            params.paths.push(word.clone());
            continue;
        };
        let (name, inline) = match option.split_once('=') {
            Some((n, v)) => (n, Some(v.to_owned())),
            None => (option, None),
        };
        let Some(spec) = definition.option(name) else {
            unknown.push(word.clone());
            // An unknown option's value is also reported by argparse.
            continue;
        };
        let takes_next = |i: usize| {
            words
                .get(i)
                .filter(|w| !w.starts_with('-') || w.as_str() == "-")
        };
        let entry = params.values.entry(name.to_owned()).or_default();
        match spec.kind {
            ValueKind::Flag => entry.push(String::new()),
            ValueKind::Value | ValueKind::Integer | ValueKind::Choice(_) | ValueKind::Filter => {
                let value = match inline {
                    Some(v) => v,
                    None => match words.get(i) {
                        Some(v) if !(v.starts_with("--") && v.len() > 2) => {
                            i += 1;
                            v.clone()
                        }
                        _ => {
                            let expected = if spec.kind == ValueKind::Filter {
                                "expected 1 argument"
                            } else {
                                "expected one argument"
                            };
                            return Err(CliError::usage(format!("argument --{name}: {expected}")));
                        }
                    },
                };
                if let ValueKind::Choice(choices) = spec.kind {
                    if !choices.contains(&value.as_str()) {
                        return Err(CliError::invalid_choice(
                            &format!("--{name}"),
                            &value,
                            choices.iter().copied(),
                        ));
                    }
                }
                if spec.kind == ValueKind::Filter {
                    params.filters.push((name.to_owned(), value.clone()));
                }
                entry.push(value);
            }
            ValueKind::Optional { constant, choices } => {
                let value = match inline {
                    Some(v) => v,
                    // argparse's `nargs='?'` takes the next word whenever
                    // it is not an option, then checks it against the
                    // choices (`--sse bad` is an invalid choice).
                    None => match takes_next(i) {
                        Some(v) => {
                            i += 1;
                            v.clone()
                        }
                        None => constant.to_owned(),
                    },
                };
                if !choices.contains(&value.as_str()) {
                    return Err(CliError::invalid_choice(
                        &format!("--{name}"),
                        &value,
                        choices.iter().copied(),
                    ));
                }
                entry.push(value);
            }
            ValueKind::Many => {
                let mut any = false;
                if let Some(v) = inline {
                    entry.push(v);
                    any = true;
                }
                while let Some(v) = words.get(i).filter(|w| !w.starts_with("--")) {
                    entry.push(v.clone());
                    i += 1;
                    any = true;
                }
                if !any {
                    return Err(CliError::usage(format!(
                        "argument --{name}: expected at least one argument"
                    )));
                }
            }
        }
    }
    let (required, max) = definition.paths.bounds();
    let label = definition.paths.name;
    if params.paths.len() < required {
        return Err(CliError::usage(format!(
            "the following arguments are required: {label}"
        )));
    }
    if params.paths.len() > max {
        unknown.splice(0..0, params.paths.drain(max..));
    }
    if !unknown.is_empty() {
        // The s3 commands are BasicCommands: a ParamValidationError, no usage.
        return Err(CliError::param(format!(
            "Unknown options: {}",
            unknown.join(", ")
        )));
    }
    Ok(params)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn options_anywhere_and_filters_in_order() {
        let p = parse(
            "cp",
            &words("--recursive a --exclude * s3://b --include *.txt --sse"),
        )
        .unwrap();
        assert_eq!(p.paths, ["a", "s3://b"]);
        assert!(p.flag("recursive"));
        assert_eq!(p.value("sse"), Some("AES256"));
        assert_eq!(
            p.filters,
            [
                ("exclude".to_owned(), "*".to_owned()),
                ("include".to_owned(), "*.txt".to_owned())
            ]
        );
    }

    #[test]
    fn errors() {
        assert!(matches!(
            parse("cp", &words("a")),
            Err(CliError::ParamValidation { .. })
        ));
        match parse("cp", &words("a b c --foo")) {
            Err(CliError::ParamValidation { message, .. }) => {
                assert_eq!(message, "Unknown options: c, --foo")
            }
            other => panic!("{other:?}"),
        }
        assert!(parse("cp", &words("a b --acl nope")).is_err());
        // `nargs='?'` takes a following non-option word, then checks it.
        assert!(parse("cp", &words("a b --sse bad")).is_err());
        let p = parse("cp", &words("a b --sse --quiet")).unwrap();
        assert_eq!(p.value("sse"), Some("AES256"));
        assert_eq!(p.paths, ["a", "b"]);
    }
}
