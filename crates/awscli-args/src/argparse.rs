//! The argparse pass over one operation's tokens (`awscli/argparser.py:
//! ArgTableArgParser` on Python 3.11's `argparse`).
//!
//! Only what an operation's parser uses is reproduced, with its observable
//! quirks: unambiguous prefixes of long options are accepted (`--queue-n`),
//! the last of a repeated option wins, a value that looks like an option
//! (`--name -x`) is not taken as a value, the trailing `help` positional
//! (`nargs='?'`) swallows the first stray word, and the checks run in
//! argparse's order (ambiguity, then values, then required arguments).
use std::collections::HashMap;

use awscli_model::ShapeType;

use crate::custom::CustomNargs;
use crate::pyfmt::repr_str;
use crate::table::{ArgTable, ArgumentKind, CliArgument, MemberAction, PageType};
use crate::ArgsError;

/// A value as argparse stored it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RawValue {
    Str(String),
    List(Vec<String>),
    Bool(bool),
    Int(i64),
    Float(f64),
}

/// argparse's result: values by dest, the `help` positional, leftovers.
#[derive(Debug, Default)]
pub(crate) struct Namespace {
    pub values: HashMap<String, RawValue>,
    pub help: Option<String>,
    pub extras: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Nargs {
    /// Exactly one value.
    One,
    /// `?`: zero or one.
    Optional,
    /// `*`: zero or more.
    Many,
    /// `+`: one or more.
    AtLeastOne,
    /// A flag.
    Zero,
}

fn nargs(argument: &CliArgument) -> Nargs {
    match &argument.kind {
        ArgumentKind::Member { action, .. } => match action {
            MemberAction::Value => Nargs::One,
            MemberAction::List => Nargs::Many,
            MemberAction::StoreTrue
            | MemberAction::StoreFalse
            | MemberAction::NegativeBooleanValue => Nargs::Zero,
            MemberAction::PositiveBooleanValue => Nargs::Optional,
        },
        ArgumentKind::GenerateCliSkeleton => Nargs::Optional,
        ArgumentKind::Custom(custom) => match custom.nargs() {
            CustomNargs::One | CustomNargs::Int => Nargs::One,
            CustomNargs::Many => Nargs::Many,
            CustomNargs::AtLeastOne => Nargs::AtLeastOne,
            CustomNargs::Flag(_) => Nargs::Zero,
        },
        _ => Nargs::One,
    }
}

const SKELETON_CHOICES: [&str; 3] = ["input", "output", "yaml-input"];

/// Python's `int()` of a string: surrounding space, a sign, digits with
/// single underscores between them.
pub(crate) fn py_int(text: &str) -> Option<i64> {
    let t = text.trim_matches(crate::shorthand::is_space);
    let (negative, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
        || !digits.chars().all(|c| c.is_ascii_digit() || c == '_')
    {
        return None;
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    let n: i64 = clean.parse().ok()?;
    Some(if negative { -n } else { n })
}

/// Python's `float()` of a string.
pub(crate) fn py_float(text: &str) -> Option<f64> {
    let t = text.trim_matches(crate::shorthand::is_space);
    let lower = t.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    if matches!(unsigned, "inf" | "infinity" | "nan") {
        return lower.parse().ok().or_else(|| {
            let negative = lower.starts_with('-');
            let base = if unsigned == "nan" {
                f64::NAN
            } else {
                f64::INFINITY
            };
            Some(if negative { -base } else { base })
        });
    }
    if t.contains("__") || t.starts_with('_') || t.ends_with('_') {
        return None;
    }
    let clean: String = t.chars().filter(|c| *c != '_').collect();
    if clean.is_empty()
        || !clean
            .chars()
            .all(|c| c.is_ascii_digit() || "+-.eE".contains(c))
    {
        return None;
    }
    clean.parse().ok()
}

/// How one token was classified.
#[derive(Debug, Clone)]
enum Token {
    /// A value ('A').
    Arg,
    /// `--` (everything after it is a value).
    DoubleDash,
    /// A known option, maybe with `=value`.
    Option {
        index: usize,
        explicit: Option<String>,
    },
    /// Something that looks like an option but is none.
    Unknown,
}

fn is_negative_number(token: &str) -> bool {
    let rest = &token[1..];
    if !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    match rest.split_once('.') {
        Some((int, frac)) => {
            int.chars().all(|c| c.is_ascii_digit())
                && !frac.is_empty()
                && frac.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

fn classify(options: &[(String, usize)], token: &str) -> Result<Token, ArgsError> {
    if token.is_empty() || !token.starts_with('-') {
        return Ok(Token::Arg);
    }
    if let Some((_, index)) = options.iter().find(|(name, _)| name == token) {
        return Ok(Token::Option {
            index: *index,
            explicit: None,
        });
    }
    if token.len() == 1 {
        return Ok(Token::Arg);
    }
    if let Some((name, value)) = token.split_once('=') {
        if let Some((_, index)) = options.iter().find(|(n, _)| n == name) {
            return Ok(Token::Option {
                index: *index,
                explicit: Some(value.to_owned()),
            });
        }
    }
    if token.starts_with("--") {
        let (prefix, explicit) = match token.split_once('=') {
            Some((p, v)) => (p, Some(v.to_owned())),
            None => (token, None),
        };
        let matches: Vec<&(String, usize)> = options
            .iter()
            .filter(|(name, _)| name.starts_with(prefix))
            .collect();
        if matches.len() > 1 {
            let names: Vec<&str> = matches.iter().map(|(n, _)| n.as_str()).collect();
            return Err(ArgsError::Argparse(format!(
                "ambiguous option: {token} could match {}",
                names.join(", ")
            )));
        }
        if let Some((_, index)) = matches.first() {
            return Ok(Token::Option {
                index: *index,
                explicit,
            });
        }
    }
    if is_negative_number(token) || token.contains(' ') {
        return Ok(Token::Arg);
    }
    Ok(Token::Unknown)
}

struct State<'a> {
    table: &'a ArgTable,
    tokens: &'a [String],
    kinds: Vec<Token>,
    ns: Namespace,
    seen: Vec<bool>,
}

impl State<'_> {
    fn is_value(&self, i: usize) -> bool {
        matches!(self.kinds.get(i), Some(Token::Arg))
    }

    fn convert(&self, argument: &CliArgument, value: &str) -> Result<RawValue, ArgsError> {
        let invalid = |type_name: &str| {
            ArgsError::Argparse(format!(
                "argument {}: invalid {type_name} value: {}",
                argument.cli_name(),
                repr_str(value)
            ))
        };
        let int = || {
            py_int(value)
                .map(RawValue::Int)
                .ok_or_else(|| invalid("int"))
        };
        match &argument.kind {
            ArgumentKind::Member { shape_type, .. } => match shape_type {
                // CLIArgument.TYPE_MAP: `long` is `int`, `float`/`double`
                // are `float`; `integer` stays `str` until unpacking.
                ShapeType::Long => int(),
                ShapeType::Float | ShapeType::Double => py_float(value)
                    .map(RawValue::Float)
                    .ok_or_else(|| invalid("float")),
                _ => Ok(RawValue::Str(value.to_owned())),
            },
            ArgumentKind::PageSize(PageType::Integer)
            | ArgumentKind::MaxItems(PageType::Integer) => int(),
            ArgumentKind::Custom(custom) if custom.nargs() == CustomNargs::Int => int(),
            ArgumentKind::Custom(custom) => match custom.choices() {
                // 2.36's `_check_value` wording (its close-match
                // suggestions are not reproduced).
                Some(choices) if !choices.contains(&value) => Err(ArgsError::Argparse(format!(
                    "argument {}: Found invalid choice '{value}'\n",
                    argument.cli_name()
                ))),
                _ => Ok(RawValue::Str(value.to_owned())),
            },
            ArgumentKind::GenerateCliSkeleton => {
                if SKELETON_CHOICES.contains(&value) {
                    Ok(RawValue::Str(value.to_owned()))
                } else {
                    Err(ArgsError::Argparse(format!(
                        "argument {}: Found invalid choice '{value}'",
                        argument.cli_name()
                    )))
                }
            }
            _ => Ok(RawValue::Str(value.to_owned())),
        }
    }

    fn take(&mut self, index: usize, values: &[String]) -> Result<(), ArgsError> {
        let argument = &self.table.arguments[index];
        let stored = match (nargs(argument), &argument.kind) {
            (Nargs::Zero, ArgumentKind::Member { action, .. }) => {
                RawValue::Bool(*action != MemberAction::StoreFalse)
            }
            (Nargs::Zero, ArgumentKind::Custom(custom)) => {
                RawValue::Bool(custom.nargs() != CustomNargs::Flag(false))
            }
            // `--x` alone; `--x Value=false` is read as a value below.
            (Nargs::Optional, ArgumentKind::Member { .. }) if values.is_empty() => {
                RawValue::Bool(true)
            }
            (Nargs::Many | Nargs::AtLeastOne, _) => RawValue::List(values.to_vec()),
            (Nargs::Optional, _) if values.is_empty() => RawValue::Str("input".to_owned()),
            (_, _) => self.convert(argument, values.first().map_or("", String::as_str))?,
        };
        self.seen[index] = true;
        self.ns.values.insert(argument.dest.clone(), stored);
        Ok(())
    }

    fn consume_optional(&mut self, start: usize) -> Result<usize, ArgsError> {
        let (index, explicit) = match &self.kinds[start] {
            Token::Option { index, explicit } => (*index, explicit.clone()),
            _ => {
                self.ns.extras.push(self.tokens[start].clone());
                return Ok(start + 1);
            }
        };
        let argument = &self.table.arguments[index];
        let kind = nargs(argument);
        if let Some(value) = explicit {
            if kind == Nargs::Zero {
                return Err(ArgsError::Argparse(format!(
                    "argument {}: ignored explicit argument {}",
                    argument.cli_name(),
                    repr_str(&value)
                )));
            }
            self.take(index, &[value])?;
            return Ok(start + 1);
        }
        let mut count = 0;
        match kind {
            Nargs::Zero => {}
            Nargs::One => {
                if !self.is_value(start + 1) {
                    return Err(ArgsError::Argparse(format!(
                        "argument {}: expected one argument",
                        argument.cli_name()
                    )));
                }
                count = 1;
            }
            Nargs::Optional => count = usize::from(self.is_value(start + 1)),
            Nargs::Many => {
                while self.is_value(start + 1 + count) {
                    count += 1;
                }
            }
            Nargs::AtLeastOne => {
                while self.is_value(start + 1 + count) {
                    count += 1;
                }
                if count == 0 {
                    return Err(ArgsError::Argparse(format!(
                        "argument {}: expected at least one argument",
                        argument.cli_name()
                    )));
                }
            }
        }
        let values = self.tokens[start + 1..start + 1 + count].to_vec();
        self.take(index, &values)?;
        Ok(start + 1 + count)
    }

    /// Fills the positionals still waiting (`outfile`, then `help`) from
    /// the values at `start`; returns where it stopped.
    fn consume_positionals(&mut self, start: usize, positionals: &mut Vec<Option<usize>>) -> usize {
        let mut i = start;
        // argparse matches the longest run of positionals it can; a required
        // one without a value stops the match before it.
        let fits = {
            let mut j = i;
            let mut n = 0;
            for p in positionals.iter() {
                let needs_value = p.is_some();
                while matches!(self.kinds.get(j), Some(Token::DoubleDash)) {
                    j += 1;
                }
                if self.is_value(j) {
                    j += 1;
                } else if needs_value {
                    break;
                }
                n += 1;
            }
            n
        };
        for p in positionals.drain(..fits) {
            while matches!(self.kinds.get(i), Some(Token::DoubleDash)) {
                i += 1;
            }
            let value = self.is_value(i).then(|| self.tokens[i].clone());
            if value.is_some() {
                i += 1;
            }
            match p {
                Some(index) => {
                    if let Some(v) = value {
                        self.seen[index] = true;
                        let dest = self.table.arguments[index].dest.clone();
                        self.ns.values.insert(dest, RawValue::Str(v));
                    }
                }
                None => self.ns.help = value,
            }
        }
        i
    }
}

/// Runs argparse over `tokens`. `override_required` is set when
/// `--cli-input-json`, `--cli-input-yaml` or `--generate-cli-skeleton`
/// (not `output`) is on the line (`OverrideRequiredArgsArgument`).
pub(crate) fn parse_known_args(
    table: &ArgTable,
    tokens: &[String],
    override_required: bool,
) -> Result<Namespace, ArgsError> {
    if tokens.len() == 1 && tokens[0] == "help" {
        return Ok(Namespace {
            help: Some("help".to_owned()),
            ..Namespace::default()
        });
    }
    let options: Vec<(String, usize)> = table
        .arguments
        .iter()
        .enumerate()
        .filter(|(_, a)| !a.is_positional())
        .map(|(i, a)| (a.cli_name(), i))
        .collect();
    let mut kinds = Vec::with_capacity(tokens.len());
    let mut after_double_dash = false;
    for token in tokens {
        if after_double_dash {
            kinds.push(Token::Arg);
        } else if token == "--" {
            after_double_dash = true;
            kinds.push(Token::DoubleDash);
        } else {
            kinds.push(classify(&options, token)?);
        }
    }
    let mut state = State {
        table,
        tokens,
        kinds,
        ns: Namespace::default(),
        seen: vec![false; table.arguments.len()],
    };
    // `Some(index)` is a table positional (outfile); `None` is `help`.
    let mut positionals: Vec<Option<usize>> = table
        .arguments
        .iter()
        .enumerate()
        .filter(|(_, a)| a.is_positional())
        .map(|(i, _)| Some(i))
        .collect();
    positionals.push(None);

    let option_indices: Vec<usize> = state
        .kinds
        .iter()
        .enumerate()
        .filter(|(_, k)| matches!(k, Token::Option { .. } | Token::Unknown))
        .map(|(i, _)| i)
        .collect();
    let mut start = 0;
    let max_option = option_indices.last().copied();
    while max_option.is_some_and(|m| start <= m) {
        let next_option = option_indices
            .iter()
            .copied()
            .find(|&i| i >= start)
            .expect("an option index at or after start exists while start <= the last one");
        if start != next_option {
            let end = state.consume_positionals(start, &mut positionals);
            if end > start {
                start = end;
                continue;
            }
        }
        if !option_indices.contains(&start) {
            for token in &tokens[start..next_option] {
                if token != "--" {
                    state.ns.extras.push(token.clone());
                }
            }
            start = next_option;
        }
        start = state.consume_optional(start)?;
    }
    let stop = state.consume_positionals(start, &mut positionals);
    state.ns.extras.extend(tokens[stop..].iter().cloned());

    let missing: Vec<String> = table
        .arguments
        .iter()
        .enumerate()
        .filter(|(i, a)| a.required && !override_required && !state.seen[*i])
        .map(|(_, a)| a.cli_name())
        .collect();
    if !missing.is_empty() {
        return Err(ArgsError::Argparse(format!(
            "the following arguments are required: {}",
            missing.join(", ")
        )));
    }
    Ok(state.ns)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(service: &str, operation: &str) -> ArgTable {
        let svc = awscli_model::store::load(service).unwrap();
        let op = svc.operation(operation).unwrap();
        ArgTable::for_operation(&svc, op, true).unwrap()
    }

    fn args(line: &[&str]) -> Vec<String> {
        line.iter().map(|s| (*s).to_owned()).collect()
    }

    fn err(t: &ArgTable, line: &[&str]) -> String {
        parse_known_args(t, &args(line), false)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn parse_known_args_errors_match_reference() {
        let t = table("sqs", "CreateQueue");
        assert_eq!(
            err(&t, &[]),
            "the following arguments are required: --queue-name"
        );
        assert_eq!(
            err(&t, &["--queue-name"]),
            "argument --queue-name: expected one argument"
        );
        assert_eq!(
            err(&t, &["--queue-name", "-x"]),
            "argument --queue-name: expected one argument"
        );
        let t = table("s3", "PutObject");
        assert_eq!(
            err(
                &t,
                &["--bucket", "b", "--key", "k", "--content-length", "abc"]
            ),
            "argument --content-length: invalid int value: 'abc'"
        );
        let t = table("s3", "GetObject");
        assert_eq!(
            err(&t, &[]),
            "the following arguments are required: --bucket, --key, outfile"
        );
    }

    #[test]
    fn parse_known_args_extras_order_follows_argparse() {
        let t = table("sqs", "CreateQueue");
        let ns = parse_known_args(&t, &args(&["--queue-name", "a", "foo", "bar"]), false).unwrap();
        assert_eq!(ns.extras, ["bar"]);
        assert_eq!(ns.help.as_deref(), Some("foo"));
        let ns = parse_known_args(
            &t,
            &args(&["--queue-name", "a", "--foo", "1", "--bar"]),
            false,
        )
        .unwrap();
        assert_eq!(ns.extras, ["--foo", "--bar"]);
        assert_eq!(ns.help.as_deref(), Some("1"));
    }

    #[test]
    fn parse_known_args_prefix_and_last_wins() {
        let t = table("sqs", "CreateQueue");
        let ns = parse_known_args(
            &t,
            &args(&[
                "--queue-n",
                "a",
                "--queue-name=b",
                "--generate-cli-skeleton",
            ]),
            false,
        )
        .unwrap();
        assert_eq!(ns.values["queue_name"], RawValue::Str("b".into()));
        assert_eq!(
            ns.values["generate_cli_skeleton"],
            RawValue::Str("input".into())
        );
    }

    #[test]
    fn parse_known_args_outfile_positional() {
        let t = table("s3", "GetObject");
        let ns = parse_known_args(
            &t,
            &args(&["out.txt", "--bucket", "b", "--key", "k"]),
            false,
        )
        .unwrap();
        assert_eq!(ns.values["outfile"], RawValue::Str("out.txt".into()));
        assert!(ns.extras.is_empty() && ns.help.is_none());
    }

    #[test]
    fn py_int_and_float_follow_python() {
        assert_eq!(py_int(" 12 "), Some(12));
        assert_eq!(py_int("1_000"), Some(1000));
        assert_eq!(py_int("+-1"), None);
        assert_eq!(py_int("1.0"), None);
        assert_eq!(py_float("1e3"), Some(1000.0));
        assert_eq!(py_float("abc"), None);
        assert!(py_float("-inf").is_some_and(|f| f == f64::NEG_INFINITY));
    }
}
