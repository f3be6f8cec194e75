//! The global options (`awscli/data/cli.json`), accepted anywhere on the
//! line, and the first positional word: the command.
//!
//! This mirrors the reference's first parser, an argparse `parse_known_args`
//! over the whole line: known options are taken out wherever they stand
//! (long options may be abbreviated to a unique prefix, `--opt=value` works),
//! the first word that is not an option or an option's value is the command,
//! and everything else is left, in order, for the command's own parser.
use crate::error::CliError;

/// The global options as typed (the "low" arguments: nothing resolved yet).
#[derive(Debug, Clone, PartialEq)]
pub struct GlobalArgs {
    pub debug: bool,
    pub endpoint_url: Option<String>,
    pub verify_ssl: bool,
    pub paginate: bool,
    pub output: Option<String>,
    pub query: Option<String>,
    pub profile: Option<String>,
    pub region: Option<String>,
    pub color: String,
    pub sign_request: bool,
    pub ca_bundle: Option<String>,
    pub read_timeout: Option<i64>,
    pub connect_timeout: Option<i64>,
    pub cli_binary_format: Option<String>,
    pub no_cli_pager: bool,
    pub cli_auto_prompt: bool,
    pub no_cli_auto_prompt: bool,
    pub cli_error_format: Option<String>,
}

impl Default for GlobalArgs {
    fn default() -> Self {
        GlobalArgs {
            debug: false,
            endpoint_url: None,
            verify_ssl: true,
            paginate: true,
            output: None,
            query: None,
            profile: None,
            region: None,
            color: "auto".to_owned(),
            sign_request: true,
            ca_bundle: None,
            read_timeout: None,
            connect_timeout: None,
            cli_binary_format: None,
            no_cli_pager: false,
            cli_auto_prompt: false,
            no_cli_auto_prompt: false,
            cli_error_format: None,
        }
    }
}

/// What the first pass found.
#[derive(Debug, Clone, PartialEq)]
pub enum FirstPass {
    /// `--version` was reached: print the version and exit 0.
    Version,
    /// A command (`ec2`, `s3`, `help` ...) with the words left for it.
    Command {
        globals: Box<GlobalArgs>,
        command: String,
        rest: Vec<String>,
    },
}

enum Kind {
    Flag(fn(&mut GlobalArgs)),
    Value {
        choices: &'static [&'static str],
        integer: bool,
        set: fn(&mut GlobalArgs, String),
    },
    Version,
}

struct GlobalOption {
    name: &'static str,
    kind: Kind,
}

const OUTPUTS: &[&str] = &["json", "text", "table", "yaml", "yaml-stream", "off"];
const COLORS: &[&str] = &["on", "off", "auto"];
const BINARY_FORMATS: &[&str] = &["base64", "raw-in-base64-out"];
const ERROR_FORMATS: &[&str] = &["legacy", "json", "yaml", "text", "table", "enhanced"];

fn parse_int(g: &mut Option<i64>, v: String) {
    *g = v.parse().ok();
}

/// The options in the order of `cli.json` (help lists them in this order).
const OPTIONS: &[GlobalOption] = &[
    GlobalOption {
        name: "--debug",
        kind: Kind::Flag(|g| g.debug = true),
    },
    GlobalOption {
        name: "--endpoint-url",
        kind: Kind::Value {
            choices: &[],
            integer: false,
            set: |g, v| g.endpoint_url = Some(v),
        },
    },
    GlobalOption {
        name: "--no-verify-ssl",
        kind: Kind::Flag(|g| g.verify_ssl = false),
    },
    GlobalOption {
        name: "--no-paginate",
        kind: Kind::Flag(|g| g.paginate = false),
    },
    GlobalOption {
        name: "--output",
        kind: Kind::Value {
            choices: OUTPUTS,
            integer: false,
            set: |g, v| g.output = Some(v),
        },
    },
    GlobalOption {
        name: "--query",
        kind: Kind::Value {
            choices: &[],
            integer: false,
            set: |g, v| g.query = Some(v),
        },
    },
    GlobalOption {
        name: "--profile",
        kind: Kind::Value {
            choices: &[],
            integer: false,
            set: |g, v| g.profile = Some(v),
        },
    },
    GlobalOption {
        name: "--region",
        kind: Kind::Value {
            choices: &[],
            integer: false,
            set: |g, v| g.region = Some(v),
        },
    },
    GlobalOption {
        name: "--version",
        kind: Kind::Version,
    },
    GlobalOption {
        name: "--color",
        kind: Kind::Value {
            choices: COLORS,
            integer: false,
            set: |g, v| g.color = v,
        },
    },
    GlobalOption {
        name: "--no-sign-request",
        kind: Kind::Flag(|g| g.sign_request = false),
    },
    GlobalOption {
        name: "--ca-bundle",
        kind: Kind::Value {
            choices: &[],
            integer: false,
            set: |g, v| g.ca_bundle = Some(v),
        },
    },
    GlobalOption {
        name: "--cli-read-timeout",
        kind: Kind::Value {
            choices: &[],
            integer: true,
            set: |g, v| parse_int(&mut g.read_timeout, v),
        },
    },
    GlobalOption {
        name: "--cli-connect-timeout",
        kind: Kind::Value {
            choices: &[],
            integer: true,
            set: |g, v| parse_int(&mut g.connect_timeout, v),
        },
    },
    GlobalOption {
        name: "--cli-binary-format",
        kind: Kind::Value {
            choices: BINARY_FORMATS,
            integer: false,
            set: |g, v| g.cli_binary_format = Some(v),
        },
    },
    GlobalOption {
        name: "--no-cli-pager",
        kind: Kind::Flag(|g| g.no_cli_pager = true),
    },
    GlobalOption {
        name: "--cli-auto-prompt",
        kind: Kind::Flag(|g| g.cli_auto_prompt = true),
    },
    GlobalOption {
        name: "--no-cli-auto-prompt",
        kind: Kind::Flag(|g| g.no_cli_auto_prompt = true),
    },
    GlobalOption {
        name: "--cli-error-format",
        kind: Kind::Value {
            choices: ERROR_FORMATS,
            integer: false,
            set: |g, v| g.cli_error_format = Some(v),
        },
    },
];

/// Whether argparse would classify `token` as an option rather than a value:
/// it starts with `-`, is not `-` alone, and is not a negative number.
pub fn looks_like_option(token: &str) -> bool {
    if !token.starts_with('-') || token == "-" {
        return false;
    }
    // argparse treats "-1", "-2.5" as values when no option looks numeric.
    token[1..].parse::<f64>().is_err()
}

fn find_option(name: &str) -> Result<Option<&'static GlobalOption>, CliError> {
    if let Some(exact) = OPTIONS.iter().find(|o| o.name == name) {
        return Ok(Some(exact));
    }
    if !name.starts_with("--") || name.len() < 3 {
        return Ok(None);
    }
    let matches: Vec<&GlobalOption> = OPTIONS
        .iter()
        .filter(|o| o.name.starts_with(name))
        .collect();
    match matches.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one)),
        many => {
            let names: Vec<&str> = many.iter().map(|o| o.name).collect();
            Err(CliError::usage(format!(
                "ambiguous option: {name} could match {}",
                names.join(", ")
            )))
        }
    }
}

/// The first pass over the command line.
pub fn parse(args: &[String]) -> Result<FirstPass, CliError> {
    let mut globals = GlobalArgs::default();
    let mut command = None;
    let mut rest = Vec::new();
    let mut index = 0;
    while index < args.len() {
        let token = &args[index];
        index += 1;
        if token == "--" {
            // argparse: everything after `--` is positional.
            for t in &args[index..] {
                if command.is_none() {
                    command = Some(t.clone());
                } else {
                    rest.push(t.clone());
                }
            }
            break;
        }
        if !looks_like_option(token) {
            if command.is_none() {
                command = Some(token.clone());
            } else {
                rest.push(token.clone());
            }
            continue;
        }
        let (name, inline) = match token.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_owned())),
            _ => (token.as_str(), None),
        };
        let Some(option) = find_option(name)? else {
            rest.push(token.clone());
            continue;
        };
        match &option.kind {
            Kind::Version => return Ok(FirstPass::Version),
            Kind::Flag(set) => {
                if inline.is_some() {
                    return Err(CliError::usage(format!(
                        "argument {}: ignored explicit argument '{}'",
                        option.name,
                        inline.unwrap_or_default()
                    )));
                }
                set(&mut globals);
            }
            Kind::Value {
                choices,
                integer,
                set,
            } => {
                let value = match inline {
                    Some(v) => v,
                    None => match args.get(index) {
                        Some(next) if !looks_like_option(next) => {
                            index += 1;
                            next.clone()
                        }
                        _ => {
                            return Err(CliError::usage(format!(
                                "argument {}: expected one argument",
                                option.name
                            )))
                        }
                    },
                };
                if *integer && value.trim().parse::<i64>().is_err() {
                    return Err(CliError::usage(format!(
                        "argument {}: invalid int value: '{value}'",
                        option.name
                    )));
                }
                if !choices.is_empty() && !choices.contains(&value.as_str()) {
                    return Err(CliError::invalid_choice(
                        option.name,
                        &value,
                        choices.iter().copied(),
                    ));
                }
                set(
                    &mut globals,
                    if *integer {
                        value.trim().to_owned()
                    } else {
                        value
                    },
                );
            }
        }
    }
    match command {
        Some(command) => Ok(FirstPass::Command {
            globals: Box::new(globals),
            command,
            rest,
        }),
        None => Err(CliError::usage(
            "the following arguments are required: command".to_owned(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    fn command(line: &str) -> (GlobalArgs, String, Vec<String>) {
        match parse(&args(line)).unwrap() {
            FirstPass::Command {
                globals,
                command,
                rest,
            } => (*globals, command, rest),
            FirstPass::Version => panic!("version"),
        }
    }

    #[test]
    fn globals_are_taken_from_anywhere_on_the_line() {
        let (g, cmd, rest) = command(
            "ec2 --region eu-west-1 describe-instances --instance-ids i-1 --output=text --debug",
        );
        assert_eq!(cmd, "ec2");
        assert_eq!(g.region.as_deref(), Some("eu-west-1"));
        assert_eq!(g.output.as_deref(), Some("text"));
        assert!(g.debug);
        assert_eq!(rest, args("describe-instances --instance-ids i-1"));
    }

    #[test]
    fn unique_prefixes_abbreviate_and_ambiguous_ones_fail() {
        let (g, _, _) = command("--reg us-east-1 sts get-caller-identity");
        assert_eq!(g.region.as_deref(), Some("us-east-1"));
        let err = parse(&args("--no sts get-caller-identity")).unwrap_err();
        assert!(err
            .to_string()
            .contains("ambiguous option: --no could match --no-verify-ssl, --no-paginate"));
    }

    #[test]
    fn bad_choices_and_integers_are_usage_errors() {
        let err = parse(&args("--output xml sts get-caller-identity")).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("argument --output: Found invalid choice 'xml'"));
        let err = parse(&args("--cli-read-timeout abc sts get-caller-identity")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "argument --cli-read-timeout: invalid int value: 'abc'"
        );
    }

    #[test]
    fn version_wins_and_missing_command_is_an_error() {
        assert_eq!(parse(&args("--version")).unwrap(), FirstPass::Version);
        let err = parse(&args("--debug")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the following arguments are required: command"
        );
    }

    #[test]
    fn values_that_look_like_options_are_refused_but_negative_numbers_pass() {
        let err = parse(&args("--region --debug sts")).unwrap_err();
        assert_eq!(err.to_string(), "argument --region: expected one argument");
        let (_, _, rest) = command("ec2 x --count -1");
        assert_eq!(rest, args("x --count -1"));
    }
}
