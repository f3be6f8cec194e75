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

/// `aws <service> <operation> help`.
pub fn operation(
    service: &Service,
    operation: &str,
    table: &awscli_args::ArgTable,
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let docs = awscli_model::store::docs(&service.name).map_err(help_error)?;
    let cli_name = crate::commands::cli_name_of(&service.name);
    let arguments = awscli_help::arguments_from_table(table);
    let page = awscli_help::operation_help(cli_name, service, &docs, operation, &arguments)
        .map_err(help_error)?;
    show(&page, env, stdout)
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
    let docs = awscli_model::store::docs(&service.name).map_err(help_error)?;
    let cli_name = crate::commands::cli_name_of(&service.name);
    let arguments = awscli_help::arguments_from_table(table);
    let page = awscli_help::waiter_help(cli_name, service, &docs, waiter, &arguments)
        .map_err(help_error)?;
    show(&page, env, stdout)
}
