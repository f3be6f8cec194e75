//! Parses as much of an incomplete command line as it understands: the
//! commands typed so far, the options and their values, the word under the
//! cursor, and what it could not place.
//!
//! Spec: `awscli/autocomplete/parser.py` (`CLIParser`, `ParsedResult`) of
//! the AWS CLI v2. Like the reference, it does not read `--opt=value`, and
//! it only looks at the line up to the cursor.
use std::collections::HashMap;

use super::index::{CommandIndex, Nargs};

/// The empty word that stands for "the cursor is after a space".
const WORD_BOUNDARY: &str = "";

/// What the parser made of a line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ParsedResult {
    /// The most specific command parsed (`aws` when none).
    pub current_command: Option<String>,
    /// The option whose value is being typed.
    pub current_param: Option<String>,
    /// Global options seen, by name (values are not needed).
    pub global_params: HashMap<String, Option<String>>,
    /// Options and positional arguments of the command seen, by name.
    pub parsed_params: HashMap<String, Option<String>>,
    /// The commands above `current_command`, `aws` first.
    pub lineage: Vec<String>,
    /// The word under the cursor, when it is not a known name.
    pub current_fragment: Option<String>,
    /// Words the parser could not place (an unknown command ...).
    pub unparsed_items: Vec<String>,
    /// The option whose value is the last word, even when the reference's
    /// parser then takes that word for a positional argument (`aws s3 cp
    /// --acl pub`); only the choices completer, an addition of ours, reads it.
    pub value_of: Option<String>,
}

#[derive(Default)]
struct ParseState {
    current_command: Option<String>,
    current_param: Option<String>,
    lineage: Vec<String>,
}

impl ParseState {
    fn set_command(&mut self, command: &str) {
        if let Some(previous) = self.current_command.take() {
            self.lineage.push(previous);
        }
        self.current_command = Some(command.to_owned());
    }

    fn command(&self) -> &str {
        self.current_command.as_deref().unwrap_or("")
    }

    fn full_lineage(&self) -> Vec<String> {
        let mut full = self.lineage.clone();
        full.extend(self.current_command.clone());
        full
    }
}

/// Parses `line` up to character `cursor` (the whole line when `None`).
pub fn parse(index: &CommandIndex, line: &str, cursor: Option<usize>) -> ParsedResult {
    let line: String = match cursor {
        Some(at) => line.chars().take(at).collect(),
        None => line.to_owned(),
    };
    let mut parts: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
    if line.chars().last().is_some_and(char::is_whitespace) {
        // "aws ec2 stop-<TAB>" completes; "aws ec2 stop- <TAB>" does not
        // complete `stop-`.
        parts.push(WORD_BOUNDARY.to_owned());
    }
    let mut state = ParseState::default();
    if !parts.is_empty() {
        // The program may be called anything (`aws2`): the index knows it as `aws`.
        parts.remove(0);
        state.set_command("aws");
    }
    let mut parsed = ParsedResult::default();
    let global_names = index.arg_names(&[], "aws", false);
    let mut current_args: Option<Vec<String>> = Some(Vec::new());
    parts.reverse();
    while let Some(current) = parts.pop() {
        if current.starts_with("--") {
            handle_option(
                index,
                &current,
                &mut parts,
                current_args.as_deref(),
                &global_names,
                &mut parsed,
                &mut state,
            );
        } else {
            current_args = handle_positional(index, &current, &mut state, &parts, &mut parsed);
        }
    }
    parsed.current_command = state.current_command;
    parsed.current_param = state.current_param;
    parsed.lineage = state.lineage;
    parsed
}

/// The value an option takes, `None` when it takes none or it is not
/// typed yet. `parts` is reversed: the next word is last.
fn consume_value(
    index: &CommandIndex,
    parts: &mut Vec<String>,
    option: &str,
    lineage: &[String],
    command: &str,
    state: &mut ParseState,
) -> Option<String> {
    let nargs = index
        .arg(lineage, command, option)
        .map_or(Nargs::One, |a| a.nargs);
    if nargs == Nargs::Boolean {
        state.current_param = None;
        return None;
    }
    if parts.len() == 1 && parts[0] == WORD_BOUNDARY {
        return Some(String::new());
    }
    if parts.len() <= 1 {
        return None;
    }
    match nargs {
        Nargs::One => {
            state.current_param = None;
            parts.pop()
        }
        Nargs::Optional => {
            if parts.last().is_some_and(|p| !p.starts_with("--")) {
                state.current_param = None;
                return parts.pop();
            }
            None
        }
        Nargs::Many => {
            // Values up to the next option; the last word stays, as it is
            // the one being completed.
            let mut last = None;
            while let Some(next) = parts.last() {
                if parts.len() == 1 && next == WORD_BOUNDARY {
                    break;
                }
                if next.starts_with("--") {
                    state.current_param = None;
                    break;
                }
                if parts.len() == 1 {
                    break;
                }
                last = parts.pop();
            }
            last
        }
        // The reference handles only None, '?', '+' and '*'.
        Nargs::Fixed | Nargs::Boolean => None,
    }
}

fn handle_option(
    index: &CommandIndex,
    current: &str,
    parts: &mut Vec<String>,
    current_args: Option<&[String]>,
    global_names: &[String],
    parsed: &mut ParsedResult,
    state: &mut ParseState,
) {
    let Some(current_args) = current_args else {
        // No arguments in this scope: an unknown command.
        parsed.unparsed_items.push(current.to_owned());
        return;
    };
    let name = &current[2..];
    if global_names.iter().any(|g| g == name) {
        state.current_param = Some(name.to_owned());
        let value = consume_value(index, parts, name, &[], "aws", state);
        parsed.global_params.insert(name.to_owned(), value);
        note_open_option(name, parts, state, parsed);
    } else if current_args.iter().any(|a| a == name) {
        state.current_param = Some(name.to_owned());
        let lineage = state.lineage.clone();
        let command = state.command().to_owned();
        let value = consume_value(index, parts, name, &lineage, &command, state);
        parsed.parsed_params.insert(name.to_owned(), value);
        note_open_option(name, parts, state, parsed);
    } else if parts.is_empty() && !current.is_empty() {
        // A partly typed option under the cursor.
        parsed.current_fragment = Some(current.to_owned());
    } else {
        parsed.unparsed_items.push(current.to_owned());
    }
}

/// Records that the word left on the line is the value of `name`.
fn note_open_option(name: &str, parts: &[String], state: &ParseState, parsed: &mut ParsedResult) {
    if parts.len() == 1 && state.current_param.as_deref() == Some(name) {
        parsed.value_of = Some(name.to_owned());
    }
}

/// Whether `current` names a command: it is one, and either the user moved
/// on past it or no longer command starts with it (`s3` is not yet taken
/// for `s3` while `s3api` is possible).
fn is_command_name(current: &str, parts: &[String], names: &[String]) -> bool {
    let is_name = names.iter().any(|n| n == current);
    let is_prefix = names.iter().any(|n| n.starts_with(current) && n != current);
    is_name && (!parts.is_empty() || !is_prefix)
}

fn handle_positional(
    index: &CommandIndex,
    current: &str,
    state: &mut ParseState,
    parts: &[String],
    parsed: &mut ParsedResult,
) -> Option<Vec<String>> {
    let names = index.command_names(&state.full_lineage());
    if is_command_name(current, parts, &names) {
        state.set_command(current);
        return Some(index.arg_names(&state.lineage, state.command(), false));
    }
    let positional = if names.is_empty() {
        // The reference assumes one positional argument per command.
        index
            .arg_names(&state.lineage, state.command(), true)
            .into_iter()
            .next()
    } else {
        None
    };
    if let Some(positional) = positional.filter(|p| !parsed.parsed_params.contains_key(p)) {
        if parts.is_empty() {
            parsed.current_fragment = Some(current.to_owned());
            state.current_param = Some(positional);
        } else if !current.is_empty() {
            parsed
                .parsed_params
                .insert(positional, Some(current.to_owned()));
            state.current_param = None;
        }
        return Some(index.arg_names(&state.lineage, state.command(), false));
    }
    if parts.is_empty() {
        // A partly typed command: "aws ec2 run-instan".
        parsed.current_fragment = Some(current.to_owned());
    } else if !current.is_empty() {
        let has_outfile = index
            .arg(&state.lineage, state.command(), "outfile")
            .is_some();
        if has_outfile && !parsed.parsed_params.contains_key("outfile") {
            // `outfile` is indexed as an option but typed as a positional
            // word, anywhere on the line.
            parsed
                .parsed_params
                .insert("outfile".to_owned(), Some(current.to_owned()));
            state.current_param = None;
            return Some(index.arg_names(&state.lineage, state.command(), false));
        }
        parsed.unparsed_items.push(current.to_owned());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_line(line: &str) -> ParsedResult {
        parse(&CommandIndex::new(), line, None)
    }

    #[test]
    fn partial_command_is_the_fragment() {
        let p = parse_line("aws ec2 describe-inst");
        assert_eq!(p.current_command.as_deref(), Some("ec2"));
        assert_eq!(p.lineage, vec!["aws"]);
        assert_eq!(p.current_fragment.as_deref(), Some("describe-inst"));
    }

    #[test]
    fn a_name_that_prefixes_others_is_not_taken_yet() {
        let p = parse_line("aws s3");
        assert_eq!(p.current_command.as_deref(), Some("aws"));
        assert_eq!(p.current_fragment.as_deref(), Some("s3"));
        let p = parse_line("aws s3 ");
        assert_eq!(p.current_command.as_deref(), Some("s3"));
        assert_eq!(p.current_fragment.as_deref(), Some(""));
    }

    #[test]
    fn option_values_are_consumed() {
        let p = parse_line("aws --region us-east-1 sts get-caller-identity --debug --");
        assert_eq!(p.lineage, vec!["aws", "sts"]);
        assert_eq!(p.current_command.as_deref(), Some("get-caller-identity"));
        assert!(p.global_params.contains_key("region") && p.global_params.contains_key("debug"));
        assert_eq!(p.current_fragment.as_deref(), Some("--"));
        let p = parse_line("aws ec2 run-instances --instance-type t2.mi");
        assert_eq!(p.current_param.as_deref(), Some("instance-type"));
        assert_eq!(p.current_fragment.as_deref(), Some("t2.mi"));
    }

    #[test]
    fn unknown_commands_are_unparsed() {
        let p = parse_line("aws foo bar --x ");
        assert_eq!(p.unparsed_items, vec!["foo", "bar", "--x"]);
    }

    #[test]
    fn cursor_cuts_the_line() {
        let p = parse(&CommandIndex::new(), "aws ec2 describe-instances", Some(11));
        assert_eq!(p.current_fragment.as_deref(), Some("des"));
    }
}
