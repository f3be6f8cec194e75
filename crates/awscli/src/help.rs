//! `help` at every level, rendered by `awscli-help` and shown the way the
//! reference shows it: plain text through a pipe; on a terminal, bold and
//! underline through `MANPAGER`, `PAGER` or `less -R` (see
//! `crate::pager::page_help`, which falls back to a built-in pager when the
//! default `less` is not installed, as in an empty container image).
//!
//! Spec: `awscli/help.py` (`PosixHelpRenderer`).
use std::io::{IsTerminal, Write};

use awscli_help::{HelpPage, Style};
use awscli_model::Service;

use crate::driver::{Env, RunError};
use crate::error::CliError;

fn help_error(e: impl std::fmt::Display) -> CliError {
    CliError::General(e.to_string())
}

/// Shows `page` and returns the exit code (0).
pub fn show(page: &HelpPage, env: &Env, stdout: &mut dyn Write) -> Result<u8, RunError> {
    if !std::io::stdout().is_terminal() {
        stdout.write_all(page.render(Style::Plain, 80).as_bytes())?;
        return Ok(0);
    }
    let width = env
        .get("COLUMNS")
        .and_then(|c| c.parse().ok())
        .unwrap_or(80);
    let text = page.render(Style::Terminal, width);
    // Anything buffered must reach the terminal before the pager does.
    stdout.flush()?;
    crate::pager::page_help(&text, env)?;
    Ok(0)
}

/// `aws help [topic]`.
pub fn provider(rest: &[String], env: &Env, stdout: &mut dyn Write) -> Result<u8, RunError> {
    let page = match rest.first().map(String::as_str) {
        None => awscli_help::provider_help(),
        Some("topics") => awscli_help::topic_list(),
        Some(topic) => awscli_help::topic(topic).map_err(|_| {
            CliError::invalid_choice(
                "command",
                topic,
                awscli_help::topic_names()
                    .into_iter()
                    .chain(std::iter::once("topics")),
            )
        })?,
    };
    show(&page, env, stdout)
}

/// `aws <service> help`.
pub fn service(service: &Service, env: &Env, stdout: &mut dyn Write) -> Result<u8, RunError> {
    let docs = awscli_model::store::docs(&service.name).map_err(help_error)?;
    let cli_name = crate::commands::cli_name_of(&service.name);
    let mut names = awscli_help::service_command_names(service);
    for custom in crate::customizations::commands_for(cli_name) {
        if !names.iter().any(|n| n == custom) {
            names.push((*custom).to_owned());
        }
    }
    names.sort();
    let page = awscli_help::service_help(cli_name, service, &docs, &names);
    show(&page, env, stdout)
}

/// The documentation one operation's page needs. Only the operation's own
/// entries are decoded from the service's documentation text: decoding all
/// of ec2's (about 6 MB of JSON) was most of the time of `aws ec2
/// run-instances help`.
fn docs_of_operation(service: &Service, operation: &str) -> Result<awscli_model::Docs, CliError> {
    let text = awscli_model::store::docs_text(&service.name).map_err(help_error)?;
    awscli_help::operation_docs(&text, service, operation).map_err(help_error)
}

/// `aws <service> <operation> help`.
pub fn operation(
    service: &Service,
    operation: &str,
    table: &awscli_args::ArgTable,
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let page = operation_page(service, operation, table)?;
    show(&page, env, stdout)
}

fn operation_page(
    service: &Service,
    operation: &str,
    table: &awscli_args::ArgTable,
) -> Result<HelpPage, CliError> {
    let docs = docs_of_operation(service, operation)?;
    let cli_name = crate::commands::cli_name_of(&service.name);
    let arguments = awscli_help::arguments_from_table(table);
    awscli_help::operation_help(cli_name, service, &docs, operation, &arguments).map_err(help_error)
}

/// `aws <service> wait help`.
pub fn wait(service: &Service, env: &Env, stdout: &mut dyn Write) -> Result<u8, RunError> {
    show(&awscli_help::wait_help(service), env, stdout)
}

/// `aws <service> wait <waiter> help`.
pub fn waiter(
    service: &Service,
    waiter: &str,
    table: &awscli_args::ArgTable,
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let waiter_operation = service
        .waiter(waiter)
        .map_err(help_error)?
        .map(|w| w.operation.clone())
        .unwrap_or_default();
    let docs = docs_of_operation(service, &waiter_operation)?;
    let cli_name = crate::commands::cli_name_of(&service.name);
    let arguments = awscli_help::arguments_from_table(table);
    let page = awscli_help::waiter_help(cli_name, service, &docs, waiter, &arguments)
        .map_err(help_error)?;
    show(&page, env, stdout)
}

/// The page of a hand-written command (`["s3"]`, `["s3", "ls"]`,
/// `["configure", "set"]`, `["ecr", "get-login-password"]`).
fn show_custom(path: &[&str], env: &Env, stdout: &mut dyn Write) -> Option<Result<u8, RunError>> {
    let page = awscli_help::custom_command_help(path)?;
    Some(show(&page, env, stdout))
}

/// `help` for the top-level hand-written commands `aws s3 ...` and `aws
/// configure ...`: `Some` (the page shown, or the error) when `rest` (the
/// words after the command, global options removed) asks for a page, `None`
/// to run the command.
///
/// As `BasicCommand.__call__` decides: the words are `help` alone for the
/// command's own page, or a subcommand followed by `help` alone for the
/// subcommand's (`ArgTableArgParser.parse_known_args` takes `help` only when
/// it is the single word left: `aws s3 ls s3://b help` is no help request).
// Called from driver.rs / operations.rs once the routing change is in.
pub fn top_level_custom(
    command: &str,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Option<Result<u8, RunError>> {
    match rest {
        [word] if word == "help" => show_custom(&[command], env, stdout),
        [subcommand, word] if word == "help" => {
            show_custom(&[command, subcommand.as_str()], env, stdout)
        }
        _ => None,
    }
}

/// `help` for a hand-written subcommand of a service (`aws ecr
/// get-login-password help`, `aws ssm start-session help`): `Some` when
/// `rest` (the words after the subcommand) is `help` alone. A command that
/// replaces a model operation (`ssm start-session`, `ecs execute-command`)
/// without a page of its own gets the operation's page.
// Called from driver.rs / operations.rs once the routing change is in.
pub fn service_custom(
    service: &Service,
    name: &str,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Option<Result<u8, RunError>> {
    if !matches!(rest, [word] if word == "help") {
        return None;
    }
    let cli_name = crate::commands::cli_name_of(&service.name);
    if let Some(shown) = show_custom(&[cli_name, name], env, stdout) {
        return Some(shown);
    }
    let operation = service
        .operation_names()
        .find(|op| awscli_args::xform_name(op) == name)?
        .to_owned();
    Some(model_operation(service, &operation, env, stdout))
}

fn model_operation(
    service: &Service,
    name: &str,
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let model = service.operation(name).map_err(help_error)?;
    let paginated = service.paginator(name).map_err(help_error)?.is_some();
    let table =
        awscli_args::ArgTable::for_operation(service, model, paginated).map_err(help_error)?;
    let cli_name = crate::commands::cli_name_of(&service.name);
    let command = awscli_args::xform_name(name);
    let docs = docs_of_operation(service, name)?;
    let mut arguments = awscli_help::arguments_from_table(&table);
    if (cli_name, command.as_str()) == ("ec2", "get-password-data") {
        // Added by the customization, after the model's members.
        let at = arguments
            .iter()
            .position(|a| !matches!(a.kind, awscli_help::HelpArgumentKind::Member { .. }))
            .unwrap_or(arguments.len());
        arguments.insert(
            at,
            awscli_help::HelpArgument {
                name: "priv-launch-key".to_owned(),
                kind: awscli_help::HelpArgumentKind::Extra {
                    type_name: "string",
                    description: "The file of the private key of the instance's key pair. \
                                  When given, the password is decrypted with it and printed \
                                  in clear; otherwise the encrypted password is printed.",
                },
                required: false,
            },
        );
    }
    let mut page = awscli_help::operation_help(cli_name, service, &docs, name, &arguments)
        .map_err(help_error)?;
    // These run a session instead of printing the operation's output, and
    // the reference's page says so with `None` (`ec2 get-password-data`
    // prints the output, its password decrypted).
    if matches!(
        (cli_name, command.as_str()),
        ("ssm", "start-session") | ("ecs", "execute-command")
    ) {
        if let Some(output) = page.sections.iter_mut().find(|s| s.heading == "OUTPUT") {
            output.blocks = vec![awscli_help::Block::text(0, "None")];
        }
    }
    show(&page, env, stdout)
}

/// Whether the words after an operation (or a waiter) ask for its page,
/// as argparse decides it for `ServiceOperation`: `help` alone always
/// does; otherwise `help` must be the optional `help` positional (the first
/// word no option takes as its value, the second when the operation has an
/// `outfile` positional), and argparse still checks the required options
/// first: `aws sts assume-role help --role-arn x` is the usage error `the
/// following arguments are required: --role-session-name`, not the page.
// Called from driver.rs / operations.rs once the routing change is in.
pub fn operation_help_requested(
    table: &awscli_args::ArgTable,
    rest: &[String],
) -> Result<bool, CliError> {
    use awscli_args::{ArgumentKind, MemberAction};
    if matches!(rest, [word] if word == "help") {
        return Ok(true);
    }
    let mut positionals: Vec<&str> = Vec::new();
    let mut given: Vec<&str> = Vec::new();
    let mut words = rest.iter().peekable();
    let is_option = |w: &str| w.starts_with("--") && w.len() > 2;
    while let Some(word) = words.next() {
        if word == "--" {
            positionals.extend(words.by_ref().map(String::as_str));
            break;
        }
        if !is_option(word) {
            positionals.push(word);
            continue;
        }
        let (name, inline) = match word[2..].split_once('=') {
            Some((name, _)) => (name, true),
            None => (&word[2..], false),
        };
        // argparse also takes an unambiguous prefix of an option.
        let exact = table.get(name);
        let argument = exact.or_else(|| {
            let mut matches = table
                .arguments
                .iter()
                .filter(|a| !a.is_positional() && a.name.starts_with(name));
            match (matches.next(), matches.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        });
        let Some(argument) = argument else {
            continue;
        };
        given.push(argument.dest.as_str());
        if inline {
            continue;
        }
        let takes_next = |words: &mut std::iter::Peekable<std::slice::Iter<'_, String>>| {
            words.next_if(|w| !is_option(w)).is_some()
        };
        match &argument.kind {
            ArgumentKind::Member { action, .. } => match action {
                MemberAction::StoreTrue | MemberAction::StoreFalse => {}
                MemberAction::List => while takes_next(&mut words) {},
                MemberAction::Value
                | MemberAction::PositiveBooleanValue
                | MemberAction::NegativeBooleanValue => {
                    takes_next(&mut words);
                }
            },
            _ => {
                takes_next(&mut words);
            }
        }
    }
    let outfile = table.arguments.iter().find(|a| a.is_positional());
    let help_index = usize::from(outfile.is_some());
    if positionals.get(help_index) != Some(&"help") {
        return Ok(false);
    }
    let missing: Vec<String> = table
        .arguments
        .iter()
        .filter(|a| a.required && !a.is_positional() && !given.contains(&a.dest.as_str()))
        .map(|a| a.cli_name())
        .collect();
    if !missing.is_empty() {
        return Err(CliError::usage(format!(
            "the following arguments are required: {}",
            missing.join(", ")
        )));
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn requested(service: &str, operation: &str, words: &[&str]) -> Result<bool, String> {
        let model = awscli_model::store::load(service).unwrap();
        let op = model.operation(operation).unwrap();
        let paginated = model.paginator(operation).unwrap().is_some();
        let table = awscli_args::ArgTable::for_operation(&model, op, paginated).unwrap();
        let words: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        operation_help_requested(&table, &words).map_err(|e| e.to_string())
    }

    // Each case was run against the reference (`/usr/bin/aws` 2.9.19).
    #[test]
    fn help_is_the_optional_positional() {
        let ok = |words: &[&str]| requested("sts", "AssumeRole", words);
        assert_eq!(ok(&["help"]), Ok(true));
        assert_eq!(
            ok(&["--role-arn", "x", "--role-session-name", "s", "help"]),
            Ok(true)
        );
        assert_eq!(
            ok(&["help", "--role-arn", "x", "--role-session-name", "s"]),
            Ok(true)
        );
        assert_eq!(
            ok(&["--role-arn", "x", "help", "--role-session-name", "s"]),
            Ok(true)
        );
        assert_eq!(
            ok(&["--role-arn", "x", "--role-session-name", "help"]),
            Ok(false)
        );
        let missing = ok(&["--role-arn", "x", "help"]).unwrap_err();
        assert!(missing.contains("the following arguments are required: --role-session-name"));
        let gci = |words: &[&str]| requested("sts", "GetCallerIdentity", words);
        assert_eq!(gci(&["help", "--foo"]), Ok(true));
        assert_eq!(gci(&["--foo", "help"]), Ok(true));
        assert_eq!(gci(&["help", "help"]), Ok(true));
        assert_eq!(gci(&["nothelp"]), Ok(false));
        // A list option takes every word up to the next option.
        let di = requested(
            "ec2",
            "DescribeInstances",
            &["--instance-ids", "i-1", "help"],
        );
        assert_eq!(di, Ok(false));
        // With a streaming output the first positional is the outfile.
        let go = |words: &[&str]| requested("s3", "GetObject", words);
        let args = ["--bucket", "b", "--key", "k"];
        assert_eq!(go(&[&args[..], &["help"]].concat()), Ok(false));
        assert_eq!(go(&[&args[..], &["out", "help"]].concat()), Ok(true));
    }
}
