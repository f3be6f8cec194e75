//! `aws help` pages built from the service models, with no groff, man or
//! pager needed, so help works in an empty container image.
//!
//! The AWS CLI renders help as ReST -> man -> `groff -T ascii`
//! (`awscli/help.py`, `awscli/clidocs.py`; see
//! `/work/shared/docs/reference-cli.md` section 9). Here every page is a
//! [`HelpPage`]: sections of blocks (paragraphs, bullets, literal lines),
//! which [`HelpPage::render`] lays out plain for a pipe or with bold and
//! underline for a terminal, in the reference's layout (headings at column
//! 0, text at 7, nested levels in 3.5-column steps, filled and justified).
//!
//! ```
//! let sts = awscli_model::store::load("sts").unwrap();
//! let docs = awscli_model::store::docs("sts").unwrap();
//! let op = sts.operation("AssumeRole").unwrap();
//! let args = awscli_help::arguments_from_model(&sts, op, true).unwrap();
//! let page = awscli_help::operation_help("sts", &sts, &docs, "AssumeRole", &args).unwrap();
//! let text = page.render(awscli_help::Style::Plain, 80);
//! assert!(text.contains("       --role-arn (string)\n"));
//! ```

mod custom;
mod docs;
mod globals;
mod html;
mod names;
mod operation;
mod page;
mod provider;
mod topics;

pub use awscli_args::{xform_name, PageType};
pub use custom::{custom_command_help, custom_commands, CustomCommand, CustomOption};
pub use docs::operation_docs;
pub use globals::{GlobalOption, GLOBAL_OPTIONS};
pub use html::{decode_entities, to_blocks as html_to_blocks, to_plain_text as html_to_plain_text};
pub use names::cli_service_name;
pub use operation::{
    arguments_from_model, arguments_from_table, operation_help, waiter_help, HelpArgument,
    HelpArgumentKind,
};
pub use page::{depth, Block, Emphasis, HelpPage, Section, Span, Style};
pub use provider::{
    command_names, provider_help, provider_help_with_commands, service_command_names, service_help,
    wait_help,
};
pub use topics::{topic, topic_list, topic_names};

/// Why a page cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum HelpError {
    #[error(transparent)]
    Model(#[from] awscli_model::ModelError),
    #[error(transparent)]
    Arguments(#[from] awscli_args::ArgsError),
    #[error("The input shape has no member {member}")]
    UnknownMember { member: String },
    #[error("Unknown waiter {waiter} in service {service}")]
    UnknownWaiter { service: String, waiter: String },
    #[error("Unknown help topic: {0}")]
    UnknownTopic(String),
    #[error("Bad documentation text of {0}")]
    Docs(String),
}
