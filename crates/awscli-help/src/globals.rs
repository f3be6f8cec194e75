//! The global options as help lists them (GLOBAL OPTIONS and the tail of
//! every SYNOPSIS), in the order of the AWS CLI's `awscli/data/cli.json`,
//! with descriptions written for this project.
use crate::page::{Block, Span};

/// One global option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GlobalOption {
    /// Without dashes.
    pub name: &'static str,
    /// The type help shows: `boolean` for flags, `int`, `string`.
    pub type_name: &'static str,
    pub description: &'static str,
    pub choices: &'static [&'static str],
}

/// The global options, in `cli.json` order.
pub const GLOBAL_OPTIONS: &[GlobalOption] = &[
    GlobalOption {
        name: "debug",
        type_name: "boolean",
        description: "Turn on debug logging.",
        choices: &[],
    },
    GlobalOption {
        name: "endpoint-url",
        type_name: "string",
        description: "Send requests to this URL instead of the service's default endpoint.",
        choices: &[],
    },
    GlobalOption {
        name: "no-verify-ssl",
        type_name: "boolean",
        description: "Do not verify SSL certificates. By default the AWS CLI talks to AWS \
            services over SSL and verifies the certificate of every connection; this option \
            turns that verification off.",
        choices: &[],
    },
    GlobalOption {
        name: "no-paginate",
        type_name: "boolean",
        description: "Turn off automatic pagination: make a single call and print its page.",
        choices: &[],
    },
    GlobalOption {
        name: "output",
        type_name: "string",
        description: "The format of the command's output.",
        choices: &["json", "text", "table", "yaml", "yaml-stream"],
    },
    GlobalOption {
        name: "query",
        type_name: "string",
        description: "A JMESPath expression that selects and reshapes the response data.",
        choices: &[],
    },
    GlobalOption {
        name: "profile",
        type_name: "string",
        description: "Use this named profile from the config and credentials files.",
        choices: &[],
    },
    GlobalOption {
        name: "region",
        type_name: "string",
        description: "The AWS Region to send requests to. It takes precedence over the \
            environment and the config file.",
        choices: &[],
    },
    GlobalOption {
        name: "version",
        type_name: "string",
        description: "Print the version of this tool.",
        choices: &[],
    },
    GlobalOption {
        name: "color",
        type_name: "string",
        description: "Whether the output is colored.",
        choices: &["on", "off", "auto"],
    },
    GlobalOption {
        name: "no-sign-request",
        type_name: "boolean",
        description: "Send requests unsigned. No credentials are loaded when this is given.",
        choices: &[],
    },
    GlobalOption {
        name: "ca-bundle",
        type_name: "string",
        description: "The CA certificate bundle used to verify SSL certificates. It takes \
            precedence over the environment and the config file.",
        choices: &[],
    },
    GlobalOption {
        name: "cli-read-timeout",
        type_name: "int",
        description: "The longest time, in seconds, to wait for data on a socket. 0 waits \
            forever. The default is 60 seconds.",
        choices: &[],
    },
    GlobalOption {
        name: "cli-connect-timeout",
        type_name: "int",
        description: "The longest time, in seconds, to wait for a connection to open. 0 \
            waits forever. The default is 60 seconds.",
        choices: &[],
    },
    GlobalOption {
        name: "cli-binary-format",
        type_name: "string",
        description: "How binary (blob) values given on the command line are read. With \
            base64, the default, they are base64 text. With raw-in-base64-out they are taken \
            as they are, as AWS CLI version 1 did. Files given with fileb:// are always read \
            as raw bytes whatever this setting; files given with file:// must hold text in \
            the configured format.",
        choices: &["base64", "raw-in-base64-out"],
    },
    GlobalOption {
        name: "no-cli-pager",
        type_name: "boolean",
        description: "Do not send the output through a pager.",
        choices: &[],
    },
    GlobalOption {
        name: "cli-auto-prompt",
        type_name: "boolean",
        description: "Prompt for the command's parameters interactively.",
        choices: &[],
    },
    GlobalOption {
        name: "no-cli-auto-prompt",
        type_name: "boolean",
        description: "Do not prompt for parameters, even when the configuration asks for it.",
        choices: &[],
    },
];

/// The synopsis lines of the global options: `[--debug]`,
/// `[--region <value>]` ...
pub fn synopsis_lines() -> Vec<String> {
    GLOBAL_OPTIONS
        .iter()
        .map(|o| {
            if o.type_name == "boolean" {
                format!("[--{}]", o.name)
            } else {
                format!("[--{} <value>]", o.name)
            }
        })
        .collect()
}

/// The GLOBAL OPTIONS section body: `--name (type)`, a blank line, the
/// description and the choices as bullets.
pub fn option_blocks() -> Vec<Block> {
    let mut blocks = Vec::new();
    for option in GLOBAL_OPTIONS {
        blocks.push(Block::paragraph(
            0,
            vec![
                Span::bold(format!("--{}", option.name)),
                Span::plain(format!(" ({})", option.type_name)),
            ],
        ));
        blocks.push(Block::text(0, option.description));
        for choice in option.choices {
            blocks.push(Block::Bullet {
                indent: 0,
                spans: vec![Span::plain(*choice)],
            });
        }
    }
    blocks
}
