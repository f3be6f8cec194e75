//! The argument parser of the hand-written commands: the reference's
//! `BasicCommand` (`awscli/customizations/commands.py`) over argparse's
//! `parse_known_args`.
//!
//! What it reproduces: `--opt value` and `--opt=value`, unique prefixes of
//! long options, the last of a repeated option wins, `nargs='+'` lists,
//! positional arguments, `the following arguments are required: ...` as a
//! usage error (252), and the leftovers reported by `BasicCommand` as
//! `Unknown options: a,b` (252, no usage block).
use std::collections::HashMap;

use crate::error::CliError;

/// How an option takes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `--name value`.
    Value,
    /// `--flag` (`store_true`).
    Flag,
    /// `--names a b c` (`nargs='+'`).
    List,
    /// A positional argument (the spec's name is its dest, e.g. `group_name`).
    Positional,
}

/// One argument of a command's `ARG_TABLE`.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// `--cluster-name` for options, the dest for positionals.
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
}

impl Spec {
    pub const fn value(name: &'static str) -> Spec {
        Spec {
            name,
            kind: Kind::Value,
            required: false,
        }
    }

    pub const fn required(name: &'static str) -> Spec {
        Spec {
            name,
            kind: Kind::Value,
            required: true,
        }
    }

    pub const fn flag(name: &'static str) -> Spec {
        Spec {
            name,
            kind: Kind::Flag,
            required: false,
        }
    }

    pub const fn list(name: &'static str) -> Spec {
        Spec {
            name,
            kind: Kind::List,
            required: false,
        }
    }

    pub const fn positional(name: &'static str) -> Spec {
        Spec {
            name,
            kind: Kind::Positional,
            required: true,
        }
    }
}

/// The parsed values, by option name (`--cluster-name`) or positional dest.
#[derive(Debug, Default)]
pub struct Parsed {
    values: HashMap<&'static str, Vec<String>>,
}

impl Parsed {
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values
            .get(name)
            .and_then(|v| v.last())
            .map(String::as_str)
    }

    pub fn list(&self, name: &str) -> Option<&[String]> {
        self.values.get(name).map(Vec::as_slice)
    }

    pub fn flag(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }
}

/// argparse treats a word as an option when it starts with `-` and is not a
/// negative number.
fn is_option(word: &str) -> bool {
    word.starts_with('-') && word.len() > 1 && word.parse::<f64>().is_err()
}

/// Finds the spec an option word names (exactly, or by unique prefix).
fn find<'a>(specs: &'a [Spec], word: &str) -> Result<Option<&'a Spec>, CliError> {
    let options = specs.iter().filter(|s| s.kind != Kind::Positional);
    if let Some(exact) = options.clone().find(|s| s.name == word) {
        return Ok(Some(exact));
    }
    if !word.starts_with("--") {
        return Ok(None);
    }
    let matches: Vec<&Spec> = options.filter(|s| s.name.starts_with(word)).collect();
    match matches.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one)),
        many => {
            let names: Vec<&str> = many.iter().map(|s| s.name).collect();
            Err(CliError::usage(format!(
                "ambiguous option: {word} could match {}",
                names.join(", ")
            )))
        }
    }
}

/// Parses `args` against `specs`.
pub fn parse(specs: &[Spec], args: &[String]) -> Result<Parsed, CliError> {
    let mut parsed = Parsed::default();
    let mut unknown: Vec<String> = Vec::new();
    let mut positionals: Vec<&String> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let word = &args[i];
        i += 1;
        if word == "--" {
            positionals.extend(&args[i..]);
            break;
        }
        if !is_option(word) {
            positionals.push(word);
            continue;
        }
        let (name, inline) = match word.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_owned())),
            _ => (word.as_str(), None),
        };
        let Some(spec) = find(specs, name)? else {
            unknown.push(word.clone());
            continue;
        };
        match spec.kind {
            Kind::Flag => {
                if inline.is_some() {
                    return Err(CliError::usage(format!(
                        "argument {}: ignored explicit argument '{}'",
                        spec.name,
                        inline.unwrap_or_default()
                    )));
                }
                parsed.values.insert(spec.name, Vec::new());
            }
            Kind::Value => {
                let value = match inline {
                    Some(v) => v,
                    None if i < args.len() && !is_option(&args[i]) => {
                        i += 1;
                        args[i - 1].clone()
                    }
                    None => {
                        return Err(CliError::usage(format!(
                            "argument {}: expected one argument",
                            spec.name
                        )))
                    }
                };
                parsed.values.insert(spec.name, vec![value]);
            }
            Kind::List => {
                let mut values: Vec<String> = inline.into_iter().collect();
                while i < args.len() && !is_option(&args[i]) {
                    values.push(args[i].clone());
                    i += 1;
                }
                if values.is_empty() {
                    return Err(CliError::usage(format!(
                        "argument {}: expected at least one argument",
                        spec.name
                    )));
                }
                parsed.values.insert(spec.name, values);
            }
            Kind::Positional => {}
        }
    }
    let mut positionals = positionals.into_iter();
    for spec in specs.iter().filter(|s| s.kind == Kind::Positional) {
        if let Some(value) = positionals.next() {
            parsed.values.insert(spec.name, vec![value.clone()]);
        }
    }
    unknown.extend(positionals.cloned());
    let missing: Vec<&str> = specs
        .iter()
        .filter(|s| s.required && !parsed.values.contains_key(s.name))
        .map(|s| s.name)
        .collect();
    if !missing.is_empty() {
        return Err(CliError::usage(format!(
            "the following arguments are required: {}",
            missing.join(", ")
        )));
    }
    if !unknown.is_empty() {
        return Err(CliError::param(format!(
            "Unknown options: {}",
            unknown.join(",")
        )));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    const SPECS: &[Spec] = &[
        Spec::required("--name"),
        Spec::value("--role-arn"),
        Spec::flag("--dry-run"),
        Spec::list("--log-stream-names"),
    ];

    #[test]
    fn values_flags_lists_and_prefixes() {
        let p = parse(
            SPECS,
            &words("--na x --role-arn=r --dry-run --log-stream-names a b"),
        )
        .unwrap();
        assert_eq!(p.value("--name"), Some("x"));
        assert_eq!(p.value("--role-arn"), Some("r"));
        assert!(p.flag("--dry-run"));
        assert_eq!(p.list("--log-stream-names").unwrap(), ["a", "b"]);
    }

    #[test]
    fn missing_required_is_a_usage_error() {
        let e = parse(SPECS, &words("--dry-run")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the following arguments are required: --name"
        );
        assert!(matches!(e, CliError::ParamValidation { usage: true, .. }));
    }

    #[test]
    fn leftovers_are_unknown_options_joined_by_commas() {
        let e = parse(SPECS, &words("--name x --bogus 1")).unwrap_err();
        assert_eq!(e.to_string(), "Unknown options: --bogus,1");
        assert!(matches!(e, CliError::ParamValidation { usage: false, .. }));
    }

    #[test]
    fn positionals_fill_in_order() {
        let specs = [Spec::positional("group_name"), Spec::value("--since")];
        let p = parse(&specs, &words("grp --since 5m")).unwrap();
        assert_eq!(p.value("group_name"), Some("grp"));
        let e = parse(&specs, &[]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the following arguments are required: group_name"
        );
    }
}
