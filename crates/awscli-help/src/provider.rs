//! The pages that list commands: `aws help` (the provider page, as
//! `clidocs.py:ProviderDocumentEventHandler` builds it), `aws <service>
//! help` (`ServiceDocumentEventHandler`) and `aws <service> wait help`.
use awscli_model::{Docs, Service};

use crate::globals;
use crate::html;
use awscli_args::xform_name;

use crate::names::cli_service_name;
use crate::page::{depth, Block, HelpPage, Section, Span};

/// Top-level commands the AWS CLI adds besides the services
/// (`awscli/handlers.py`); `help` is listed as a command too.
const CUSTOM_COMMANDS: &[&str] = &["cli-dev", "configure", "ddb", "help", "history", "s3"];

/// Every top-level command: each embedded service under its CLI name
/// (`s3api`, `deploy`, `configservice`, `opsworks-cm` ...) and the added
/// commands, sorted as `aws help` lists them.
pub fn command_names() -> Vec<String> {
    let mut names: Vec<String> = awscli_model::store::service_names()
        .map(|s| cli_service_name(s).to_owned())
        .chain(CUSTOM_COMMANDS.iter().map(|s| (*s).to_owned()))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// `aws help`, listing [`command_names`].
pub fn provider_help() -> HelpPage {
    provider_help_with_commands(&command_names())
}

/// `aws help`, listing the given top-level commands (sorted here).
pub fn provider_help_with_commands(commands: &[String]) -> HelpPage {
    let mut commands = commands.to_vec();
    commands.sort();
    commands.dedup();
    let synopsis = vec![
        Block::Literal {
            indent: depth(1),
            lines: vec!["aws [options] <command> <subcommand> [parameters]".to_owned()],
        },
        Block::paragraph(
            0,
            vec![
                Span::plain("Use "),
                Span::underline("aws command help"),
                Span::plain(" for the help of one command, and "),
                Span::underline("aws help topics"),
                Span::plain(
                    " for the list of help topics. A command's synopsis lists its \
                     parameters; optional ones are in square brackets.",
                ),
            ],
        ),
    ];
    HelpPage {
        title: "aws".to_owned(),
        sections: vec![
            Section::new("Name", vec![Block::text(0, "aws -")]),
            Section::new(
                "Description",
                vec![Block::text(
                    0,
                    "The AWS Command Line Interface is one tool to manage all of your AWS \
                     services.",
                )],
            ),
            Section::new("Synopsis", synopsis),
            Section::new("Global Options", globals::option_blocks()),
            Section::new("Available Services", bullets(&commands)),
            Section::new("See Also", bullets(&["aws help topics".to_owned()])),
        ],
    }
}

fn bullets(items: &[String]) -> Vec<Block> {
    items
        .iter()
        .map(|item| Block::Bullet {
            indent: 0,
            spans: vec![Span::plain(item.clone())],
        })
        .collect()
}

/// The subcommands of a service: every operation's CLI name, `wait` when
/// the service has waiters, and `help`, sorted.
pub fn service_command_names(service: &Service) -> Vec<String> {
    let mut names: Vec<String> = service.operation_names().map(xform_name).collect();
    if service.waiter_names().next().is_some() {
        names.push("wait".to_owned());
    }
    names.push("help".to_owned());
    names.sort();
    names.dedup();
    names
}

/// `aws <service> help`: NAME, DESCRIPTION (the service documentation) and
/// AVAILABLE COMMANDS (`operation_cli_names`, sorted here).
pub fn service_help(
    service_cli_name: &str,
    service: &Service,
    docs: &Docs,
    operation_cli_names: &[String],
) -> HelpPage {
    let _ = service;
    let mut names = operation_cli_names.to_vec();
    names.sort();
    names.dedup();
    let mut description = html::to_blocks(&docs.service, 0, false);
    if description.is_empty() {
        description.push(Block::text(0, "None"));
    }
    HelpPage {
        title: service_cli_name.to_owned(),
        sections: vec![
            Section::new(
                "Name",
                vec![Block::text(0, format!("{service_cli_name} -"))],
            ),
            Section::new("Description", description),
            Section::new("Available Commands", bullets(&names)),
        ],
    }
}

/// `aws <service> wait help`: the waiters of the service.
pub fn wait_help(service: &Service) -> HelpPage {
    let mut names: Vec<String> = service.waiter_names().map(xform_name).collect();
    names.sort();
    HelpPage {
        title: "wait".to_owned(),
        sections: vec![
            Section::new("Name", vec![Block::text(0, "wait -")]),
            Section::new(
                "Description",
                vec![Block::text(
                    0,
                    "Wait until a particular condition is satisfied. Each subcommand polls an \
                     API until the listed requirement is met.",
                )],
            ),
            Section::new("Available Commands", bullets(&names)),
        ],
    }
}
