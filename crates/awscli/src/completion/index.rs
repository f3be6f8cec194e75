//! The names completion offers: commands at each level of the line, and
//! the arguments of each command, with how many words each one takes.
//!
//! The reference reads these from a prebuilt SQLite index
//! (`awscli/data/ac.index`, `awscli/autocomplete/local/model.py`:
//! `command_table` and `param_table`, keyed by `parent` and `command`).
//! Here they come from the same tables the commands run from: the embedded
//! model store (only the one service on the line is decompressed, and only
//! the shapes of one operation's input are decoded), `crate::commands`,
//! `crate::operations::OperationTable`, `awscli_args::ArgTable`, and for
//! the hand-written commands `awscli_commands::s3` and [`HAND_WRITTEN`].
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use awscli_args::{xform_name, ArgTable, ArgumentKind, MemberAction};
use awscli_commands::s3::{PathCount, ValueKind};
use awscli_model::{Service, ShapeType};

use crate::commands::{self, Custom, Target};

/// How many words an argument takes (`param_table.nargs`, with booleans
/// apart: the reference's parser checks `type_name == 'boolean'` first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nargs {
    /// A flag: takes no value.
    Boolean,
    /// Exactly one value (`nargs` None).
    One,
    /// `nargs='?'`: one value unless the next word is an option.
    Optional,
    /// `nargs='*'` or `'+'`: values up to the next option.
    Many,
    /// A fixed count (`nargs=1`, `2`): the reference's parser consumes
    /// nothing for these and leaves the option current.
    Fixed,
}

/// One argument of a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgData {
    /// Without dashes (`instance-ids`, `outfile`, `paths`).
    pub name: String,
    pub nargs: Nargs,
    /// A positional argument (`aws s3 cp <paths>`); `outfile` is not one
    /// (the reference indexes it as an option and special-cases it).
    pub positional: bool,
    /// The values the argument accepts, when it is an enum (or a list of
    /// an enum) in the model, or has fixed choices.
    pub choices: Vec<String>,
}

impl ArgData {
    fn new(name: &str, nargs: Nargs) -> ArgData {
        ArgData {
            name: name.to_owned(),
            nargs,
            positional: false,
            choices: Vec::new(),
        }
    }
}

/// The hand-written commands below a command, and their arguments, written
/// compactly: `name` takes one value, `name!` is a flag, `name+` takes
/// several, `name?` takes an optional value, `name#` a fixed count,
/// `<name>` is positional. Taken from the argument tables of the commands
/// (`crate::configure`, `crate::customizations`, which keep theirs private)
/// as of the CLI 2.36 those follow; the `aws s3` commands are read from
/// their shared table, `awscli_commands::s3`.
const HAND_WRITTEN: &[(&str, &str, &[&str])] = &[
    ("configure", "list", &[]),
    ("configure", "get", &["<varname>"]),
    ("configure", "set", &["<varname>", "<value>"]),
    ("configure", "add-model", &["service-model", "service-name"]),
    (
        "configure",
        "import",
        &["csv", "skip-invalid!", "profile-prefix"],
    ),
    ("configure", "list-profiles", &[]),
    ("configure", "sso", &["no-browser!", "use-device-code!"]),
    ("configure", "sso-session", &[]),
    ("configure", "export-credentials", &["format"]),
    ("configure", "mfa-login", &[]),
    ("configure", "wizard", &[]),
    ("ddb", "put", &["<table_name>", "<items>", "condition+"]),
    (
        "ddb",
        "select",
        &[
            "<table_name>",
            "index-name",
            "projection+",
            "filter+",
            "key-condition+",
            "attributes",
            "consistent-read!",
            "no-consistent-read!",
            "return-consumed-capacity!",
            "no-return-consumed-capacity!",
            "starting-token",
            "max-items",
            "page-size",
        ],
    ),
    (
        "history",
        "show",
        &["<command_id?>", "include+", "exclude+", "format"],
    ),
    ("history", "list", &[]),
    (
        "eks",
        "get-token",
        &["cluster-name", "role-arn", "cluster-id"],
    ),
    (
        "eks",
        "update-kubeconfig",
        &[
            "name",
            "kubeconfig",
            "role-arn",
            "dry-run!",
            "verbose!",
            "alias",
            "user-alias",
        ],
    ),
    ("ecr", "get-login-password", &[]),
    (
        "deploy",
        "push",
        &[
            "application-name",
            "s3-location",
            "ignore-hidden-files!",
            "no-ignore-hidden-files!",
            "source",
            "description",
        ],
    ),
    (
        "deploy",
        "register",
        &["instance-name", "tags+", "iam-user-arn"],
    ),
    (
        "deploy",
        "deregister",
        &["instance-name", "no-delete-iam-user!"],
    ),
    (
        "deploy",
        "install",
        &["config-file", "override-config!", "agent-installer"],
    ),
    ("deploy", "uninstall", &[]),
    (
        "ecs",
        "deploy",
        &[
            "service",
            "task-definition",
            "codedeploy-appspec",
            "cluster",
            "codedeploy-application",
            "codedeploy-deployment-group",
        ],
    ),
    ("codecommit", "credential-helper", &[]),
    (
        "datapipeline",
        "list-runs",
        &[
            "pipeline-id",
            "status",
            "start-interval",
            "schedule-interval",
        ],
    ),
    ("datapipeline", "create-default-roles", &[]),
    (
        "dlm",
        "create-default-role",
        &["iam-endpoint", "resource-type"],
    ),
    (
        "emr-containers",
        "update-role-trust-policy",
        &[
            "cluster-name",
            "namespace",
            "role-name",
            "iam-endpoint",
            "dry-run!",
        ],
    ),
    (
        "configservice",
        "subscribe",
        &["s3-bucket", "sns-topic", "iam-role"],
    ),
    ("configservice", "get-status", &[]),
    (
        "gamelift",
        "upload-build",
        &[
            "name",
            "build-version",
            "build-root",
            "server-sdk-version",
            "operating-system",
        ],
    ),
    (
        "gamelift",
        "get-game-session-log",
        &["game-session-id", "save-as"],
    ),
    ("servicecatalog", "generate", &[]),
    ("ecr-public", "get-login-password", &[]),
    (
        "rds",
        "generate-db-auth-token",
        &["hostname", "port", "username"],
    ),
    (
        "logs",
        "tail",
        &[
            "<group_name>",
            "since",
            "follow!",
            "format",
            "filter-pattern",
            "log-stream-names+",
            "log-stream-name-prefix",
        ],
    ),
    (
        "ssm",
        "start-session",
        &[
            "target",
            "document-name",
            "reason",
            "parameters",
            "cli-input-json",
            "cli-input-yaml",
            "generate-cli-skeleton?",
        ],
    ),
    (
        "ecs",
        "execute-command",
        &[
            "cluster",
            "container",
            "command",
            "interactive!",
            "task",
            "non-interactive!",
            "cli-input-json",
            "cli-input-yaml",
            "generate-cli-skeleton?",
        ],
    ),
    (
        "cloudformation",
        "deploy",
        &[
            "template-file",
            "stack-name",
            "s3-bucket",
            "force-upload!",
            "s3-prefix",
            "kms-key-id",
            "parameter-overrides+",
            "capabilities+",
            "no-execute-changeset!",
            "disable-rollback!",
            "no-disable-rollback!",
            "role-arn",
            "notification-arns+",
            "fail-on-empty-changeset!",
            "no-fail-on-empty-changeset!",
            "tags+",
        ],
    ),
    (
        "cloudformation",
        "package",
        &[
            "template-file",
            "s3-bucket",
            "s3-prefix",
            "kms-key-id",
            "output-template-file",
            "use-json!",
            "force-upload!",
            "metadata",
        ],
    ),
    (
        "sso",
        "login",
        &["no-browser!", "sso-session", "use-device-code!"],
    ),
    ("sso", "logout", &[]),
    (
        "cloudfront",
        "sign",
        &[
            "url",
            "key-pair-id",
            "private-key",
            "date-less-than",
            "date-greater-than",
            "ip-address",
        ],
    ),
    (
        "codeartifact",
        "login",
        &[
            "tool",
            "domain",
            "domain-owner",
            "namespace",
            "duration-seconds",
            "repository",
            "dry-run!",
        ],
    ),
];

/// Arguments that add to a model operation's own (`ec2 get-password-data`).
const EXTRA_ARGS: &[(&str, &str, &[&str])] = &[("ec2", "get-password-data", &["priv-launch-key"])];

fn parse_spec(spec: &str) -> ArgData {
    let (inner, positional) = match spec.strip_prefix('<').and_then(|s| s.strip_suffix('>')) {
        Some(inner) => (inner, true),
        None => (spec, false),
    };
    let (name, nargs) = match inner.char_indices().last() {
        Some((i, '!')) => (&inner[..i], Nargs::Boolean),
        Some((i, '+')) => (&inner[..i], Nargs::Many),
        Some((i, '?')) => (&inner[..i], Nargs::Optional),
        Some((i, '#')) => (&inner[..i], Nargs::Fixed),
        _ => (inner, Nargs::One),
    };
    let mut arg = ArgData::new(name, nargs);
    arg.positional = positional;
    arg
}

fn hand_written_args(parent: &str, command: &str) -> Option<Vec<ArgData>> {
    if parent == "s3" {
        return s3_args(command);
    }
    let (_, _, specs) = HAND_WRITTEN
        .iter()
        .find(|(p, c, _)| *p == parent && *c == command)?;
    Some(specs.iter().map(|s| parse_spec(s)).collect())
}

/// The arguments of `aws s3 <command>`, from the table its parser reads:
/// argparse's `nargs` of each, and the fixed choices.
fn s3_args(command: &str) -> Option<Vec<ArgData>> {
    let definition = awscli_commands::s3::command(command)?;
    let count = match definition.paths.count {
        PathCount::Optional => Nargs::Optional,
        PathCount::Exactly(_) => Nargs::Fixed,
        PathCount::One => Nargs::One,
    };
    let mut paths = ArgData::new(definition.paths.name, count);
    paths.positional = true;
    let mut args = vec![paths];
    args.extend(definition.options().map(|option| {
        let nargs = match option.kind {
            ValueKind::Flag => Nargs::Boolean,
            ValueKind::Value | ValueKind::Choice(_) | ValueKind::Integer => Nargs::One,
            ValueKind::Optional { .. } => Nargs::Optional,
            ValueKind::Many => Nargs::Many,
            ValueKind::Filter => Nargs::Fixed,
        };
        let mut arg = ArgData::new(option.name, nargs);
        arg.choices = option
            .kind
            .choices()
            .iter()
            .map(|c| (*c).to_owned())
            .collect();
        arg
    }));
    Some(args)
}

/// The global options (`awscli/data/cli.json`), as the parser sees them.
pub fn global_args() -> Vec<ArgData> {
    awscli_help::GLOBAL_OPTIONS
        .iter()
        .map(|o| {
            // `--version` is a flag for us, and a string in the reference's
            // index; either way nothing completes after it.
            let nargs = if o.type_name == "boolean" || o.name == "version" {
                Nargs::Boolean
            } else {
                Nargs::One
            };
            let mut arg = ArgData::new(o.name, nargs);
            arg.choices = o.choices.iter().map(|c| (*c).to_owned()).collect();
            arg
        })
        .collect()
}

/// Answers the parser's and the completers' questions, loading each
/// service model at most once per run.
#[derive(Default)]
pub struct CommandIndex {
    services: RefCell<HashMap<&'static str, Rc<Service>>>,
    tables: RefCell<HashMap<String, Rc<Vec<ArgData>>>>,
}

impl CommandIndex {
    pub fn new() -> CommandIndex {
        CommandIndex::default()
    }

    fn service(&self, name: &'static str) -> Option<Rc<Service>> {
        if let Some(s) = self.services.borrow().get(name) {
            return Some(Rc::clone(s));
        }
        // A model that does not load offers nothing to complete.
        let service = Rc::new(awscli_model::store::load(name).ok()?);
        self.services.borrow_mut().insert(name, Rc::clone(&service));
        Some(service)
    }

    /// The commands below `lineage` (`["aws"]`, `["aws", "ec2"]`,
    /// `["aws", "ec2", "wait"]`), in table order.
    pub fn command_names(&self, lineage: &[String]) -> Vec<String> {
        let words: Vec<&str> = lineage.iter().map(String::as_str).collect();
        match words.as_slice() {
            ["aws"] => commands::names()
                .into_iter()
                .filter(|n| *n != "help")
                .map(str::to_owned)
                .collect(),
            ["aws", command] => match commands::lookup(command) {
                Some(Target::Service(name)) => match self.service(name) {
                    Some(service) => crate::operations::OperationTable::new(&service)
                        .names()
                        .filter(|n| *n != "help")
                        .map(str::to_owned)
                        .collect(),
                    None => Vec::new(),
                },
                Some(Target::Custom(_)) if *command == "s3" => awscli_commands::s3::COMMANDS
                    .iter()
                    .map(|c| c.name.to_owned())
                    .collect(),
                Some(Target::Custom(custom)) if custom != Custom::Help => HAND_WRITTEN
                    .iter()
                    .filter(|(p, _, _)| p == command)
                    .map(|(_, c, _)| (*c).to_owned())
                    .collect(),
                _ => Vec::new(),
            },
            ["aws", command, "wait"] => match commands::lookup(command) {
                Some(Target::Service(name)) => self
                    .service(name)
                    .map(|s| s.waiter_names().map(xform_name).collect())
                    .unwrap_or_default(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// The arguments of `command` below `lineage` (`[]` and `aws` for the
    /// global options); empty for a command without any or unknown.
    pub fn args(&self, lineage: &[String], command: &str) -> Rc<Vec<ArgData>> {
        let key = format!("{}|{command}", lineage.join("."));
        if let Some(table) = self.tables.borrow().get(&key) {
            return Rc::clone(table);
        }
        let table = Rc::new(self.build_args(lineage, command));
        self.tables.borrow_mut().insert(key, Rc::clone(&table));
        table
    }

    /// `param_table` rows for one argument.
    pub fn arg(&self, lineage: &[String], command: &str, name: &str) -> Option<ArgData> {
        self.args(lineage, command)
            .iter()
            .find(|a| a.name == name)
            .cloned()
    }

    /// Argument names, positional or not, in table order.
    pub fn arg_names(&self, lineage: &[String], command: &str, positional: bool) -> Vec<String> {
        self.args(lineage, command)
            .iter()
            .filter(|a| a.positional == positional)
            .map(|a| a.name.clone())
            .collect()
    }

    fn build_args(&self, lineage: &[String], command: &str) -> Vec<ArgData> {
        let words: Vec<&str> = lineage.iter().map(String::as_str).collect();
        match words.as_slice() {
            [] if command == "aws" => global_args(),
            ["aws", parent] => {
                let service_name = match commands::lookup(parent) {
                    Some(Target::Service(name)) => Some(name),
                    _ => None,
                };
                let custom = crate::customizations::commands_for(parent).contains(&command);
                let mut args = match service_name {
                    Some(name) if !custom || has_extra_args(parent, command) => self
                        .service(name)
                        .and_then(|s| operation_args(&s, command))
                        .unwrap_or_default(),
                    _ => Vec::new(),
                };
                if let Some(extra) = EXTRA_ARGS
                    .iter()
                    .find(|(p, c, _)| p == parent && *c == command)
                {
                    // The added options come before the input files in the
                    // reference's table.
                    let at = args
                        .iter()
                        .position(|a| a.name == "cli-input-json")
                        .unwrap_or(args.len());
                    for (i, spec) in extra.2.iter().enumerate() {
                        args.insert(at + i, parse_spec(spec));
                    }
                } else if let Some(hand) = hand_written_args(parent, command) {
                    args = hand;
                }
                args
            }
            ["aws", parent, "wait"] => match commands::lookup(parent) {
                Some(Target::Service(name)) => self
                    .service(name)
                    .and_then(|s| waiter_args(&s, command))
                    .unwrap_or_default(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }
}

fn has_extra_args(parent: &str, command: &str) -> bool {
    EXTRA_ARGS
        .iter()
        .any(|(p, c, _)| *p == parent && *c == command)
}

/// The arguments of the operation whose CLI name is `command`.
fn operation_args(service: &Service, command: &str) -> Option<Vec<ArgData>> {
    let name = service
        .operation_names()
        .find(|op| xform_name(op) == command)?
        .to_owned();
    let operation = service.operation(&name).ok()?;
    let paginated = service.paginator(&name).ok()?.is_some();
    let table = ArgTable::for_operation(service, operation, paginated).ok()?;
    Some(table_args(service, &table))
}

fn waiter_args(service: &Service, command: &str) -> Option<Vec<ArgData>> {
    let name = service
        .waiter_names()
        .find(|w| xform_name(w) == command)?
        .to_owned();
    let waiter = service.waiter(&name).ok()??;
    let operation = service.operation(&waiter.operation).ok()?;
    let table = ArgTable::for_operation(service, operation, false).ok()?;
    Some(table_args(service, &table))
}

fn table_args(service: &Service, table: &ArgTable) -> Vec<ArgData> {
    table
        .arguments
        .iter()
        .map(|a| {
            let nargs = match &a.kind {
                ArgumentKind::Member { action, .. } => match action {
                    MemberAction::StoreTrue | MemberAction::StoreFalse => Nargs::Boolean,
                    MemberAction::List => Nargs::Many,
                    MemberAction::PositiveBooleanValue | MemberAction::NegativeBooleanValue => {
                        Nargs::Optional
                    }
                    MemberAction::Value => Nargs::One,
                },
                ArgumentKind::GenerateCliSkeleton => Nargs::Optional,
                _ => Nargs::One,
            };
            let mut arg = ArgData::new(&a.name, nargs);
            if let ArgumentKind::Member {
                shape, shape_type, ..
            } = &a.kind
            {
                arg.choices = enum_values(service, shape, *shape_type);
            }
            arg
        })
        .collect()
}

/// The enum of a string shape, or of the member of a list of strings.
fn enum_values(service: &Service, shape: &str, kind: ShapeType) -> Vec<String> {
    let Ok(shape) = service.shape(shape) else {
        return Vec::new();
    };
    let shape = match kind {
        ShapeType::List => match shape.member.as_ref().map(|m| service.resolve(m)) {
            Some(Ok(member)) => member,
            _ => return Vec::new(),
        },
        _ => shape,
    };
    shape.enum_values.clone().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lineage(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn specs_parse_into_arguments() {
        assert_eq!(parse_spec("recursive!").nargs, Nargs::Boolean);
        assert_eq!(parse_spec("grants+").nargs, Nargs::Many);
        let paths = parse_spec("<paths?>");
        assert!(paths.positional);
        assert_eq!(
            (paths.name.as_str(), paths.nargs),
            ("paths", Nargs::Optional)
        );
    }

    #[test]
    fn s3_arguments_come_from_the_shared_table() {
        let args = s3_args("cp").unwrap();
        assert_eq!(
            (args[0].name.as_str(), args[0].positional, args[0].nargs),
            ("paths", true, Nargs::Fixed)
        );
        let find = |name: &str| args.iter().find(|a| a.name == name).unwrap();
        assert_eq!(find("acl").choices.len(), 8);
        assert_eq!(find("sse").nargs, Nargs::Optional);
        assert_eq!(find("include").nargs, Nargs::Fixed);
        assert_eq!(find("grants").nargs, Nargs::Many);
        assert_eq!(find("recursive").nargs, Nargs::Boolean);
        assert_eq!(s3_args("ls").unwrap()[0].nargs, Nargs::Optional);
        let index = CommandIndex::new();
        let verbs = index.command_names(&lineage(&["aws", "s3"]));
        assert_eq!(
            verbs,
            ["ls", "website", "cp", "mv", "rm", "sync", "mb", "rb", "presign"]
        );
    }

    #[test]
    fn commands_at_each_level() {
        let index = CommandIndex::new();
        let top = index.command_names(&lineage(&["aws"]));
        assert!(top.iter().any(|c| c == "s3api") && top.iter().any(|c| c == "configure"));
        let ec2 = index.command_names(&lineage(&["aws", "ec2"]));
        assert!(ec2.iter().any(|c| c == "describe-instances"));
        assert!(ec2.iter().any(|c| c == "wait") && !ec2.iter().any(|c| c == "help"));
        let eks = index.command_names(&lineage(&["aws", "eks"]));
        assert!(eks.iter().any(|c| c == "get-token"));
        let waiters = index.command_names(&lineage(&["aws", "ec2", "wait"]));
        assert!(waiters.iter().any(|c| c == "instance-running"));
        assert_eq!(
            index.command_names(&lineage(&["aws", "nope"])),
            Vec::<String>::new()
        );
    }

    #[test]
    fn operation_arguments_carry_nargs_and_enums() {
        let index = CommandIndex::new();
        let l = lineage(&["aws", "ec2"]);
        let dry = index.arg(&l, "describe-instances", "dry-run").unwrap();
        assert_eq!(dry.nargs, Nargs::Boolean);
        let ids = index.arg(&l, "describe-instances", "instance-ids").unwrap();
        assert_eq!(ids.nargs, Nargs::Many);
        let itype = index.arg(&l, "run-instances", "instance-type").unwrap();
        assert!(itype.choices.iter().any(|c| c == "t2.micro"));
        let names = index.arg_names(&l, "get-password-data", false);
        assert!(names.iter().any(|n| n == "priv-launch-key"));
        assert!(names.iter().any(|n| n == "instance-id"));
    }
}
