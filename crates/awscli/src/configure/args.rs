//! The argument tables of the `configure` subcommands (`ARG_TABLE` of each `BasicCommand`),
//! parsed as argparse's `parse_known_args` does: options anywhere, `--opt value` or
//! `--opt=value`, positionals in order; a missing required argument is a usage error; left-over
//! words are `Unknown options: ...`.

use std::collections::HashMap;

use crate::error::CliError;

/// One argument of a subcommand.
pub(super) enum Arg {
    /// A positional argument (always required here).
    Positional(&'static str),
    /// `--name value`.
    Value {
        name: &'static str,
        required: bool,
        choices: &'static [&'static str],
    },
    /// `--name` alone.
    Flag(&'static str),
}

/// The parsed arguments: values by name (positionals by their name, options without `--`).
#[derive(Debug, Default)]
pub(super) struct Parsed {
    values: HashMap<&'static str, String>,
    flags: Vec<&'static str>,
}

impl Parsed {
    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    pub(super) fn flag(&self, name: &str) -> bool {
        self.flags.contains(&name)
    }
}

pub(super) fn parse(words: &[String], table: &[Arg]) -> Result<Parsed, CliError> {
    let mut parsed = Parsed::default();
    let mut positionals = Vec::new();
    let mut unknown = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if word.starts_with("--") && word.len() > 2 {
            let (name, inline) = match word[2..].split_once('=') {
                Some((name, value)) => (name, Some(value.to_string())),
                None => (&word[2..], None),
            };
            match find_option(table, name) {
                Some(Arg::Flag(flag)) => parsed.flags.push(flag),
                Some(Arg::Value { name, choices, .. }) => {
                    let value = match inline {
                        Some(value) => value,
                        None if i < words.len() => {
                            i += 1;
                            words[i - 1].clone()
                        }
                        None => {
                            return Err(CliError::usage(format!(
                                "argument --{name}: expected one argument"
                            )))
                        }
                    };
                    if !choices.is_empty() && !choices.contains(&value.as_str()) {
                        return Err(CliError::invalid_choice(
                            &format!("--{name}"),
                            &value,
                            choices.iter().copied(),
                        ));
                    }
                    parsed.values.insert(name, value);
                }
                _ => unknown.push(word.clone()),
            }
        } else {
            positionals.push(word.clone());
        }
    }
    let mut positional_values = positionals.into_iter();
    let mut missing = Vec::new();
    for arg in table {
        match arg {
            Arg::Positional(name) => match positional_values.next() {
                Some(value) => {
                    parsed.values.insert(name, value);
                }
                None => missing.push(name.to_string()),
            },
            Arg::Value {
                name,
                required: true,
                ..
            } if !parsed.values.contains_key(name) => missing.push(format!("--{name}")),
            _ => {}
        }
    }
    if !missing.is_empty() {
        return Err(CliError::usage(format!(
            "the following arguments are required: {}",
            missing.join(", ")
        )));
    }
    unknown.extend(positional_values);
    if !unknown.is_empty() {
        return Err(CliError::param(format!(
            "Unknown options: {}",
            unknown.join(", ")
        )));
    }
    Ok(parsed)
}

fn find_option<'a>(table: &'a [Arg], name: &str) -> Option<&'a Arg> {
    table.iter().find(|arg| match arg {
        Arg::Value { name: n, .. } | Arg::Flag(n) => *n == name,
        Arg::Positional(_) => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(w: &[&str]) -> Vec<String> {
        w.iter().map(|s| s.to_string()).collect()
    }

    const TABLE: &[Arg] = &[
        Arg::Positional("varname"),
        Arg::Positional("value"),
        Arg::Value {
            name: "services",
            required: false,
            choices: &[],
        },
    ];

    #[test]
    fn positionals_options_and_errors() {
        let parsed = parse(&words(&["a", "--services=s", "b"]), TABLE).unwrap();
        assert_eq!(parsed.get("varname"), Some("a"));
        assert_eq!(parsed.get("value"), Some("b"));
        assert_eq!(parsed.get("services"), Some("s"));
        // Observed with /usr/bin/aws configure set / set a.
        let err = parse(&words(&[]), TABLE).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the following arguments are required: varname, value"
        );
        let err = parse(&words(&["a", "b", "c"]), TABLE).unwrap_err();
        assert_eq!(err.to_string(), "Unknown options: c");
        assert_eq!(err.exit_code(), 252);
    }
}
