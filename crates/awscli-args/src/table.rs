//! [`ArgTable`]: the command-line arguments of one operation, in the order
//! the AWS CLI builds them (`awscli/clidriver.py:ServiceOperation.
//! _create_argument_table` and the `building-argument-table` handlers).
//!
//! Order matters: it is argparse's order, so it decides which required
//! argument is named first and how help lists them. botocore's emitter calls
//! the most specific handlers first, so after the input members come, in
//! turn:
//! 1. the renames of `customizations/argrename.py` (a renamed argument moves
//!    to the end of the members, as `rename_argument` deletes and re-inserts),
//!    then ec2's `--x`/`--no-x` pairs (`customizations/toplevelbool.py`)
//!    and the arguments operation-specific customizations add, remove,
//!    hide or rename ([`crate::custom`]: `ec2 run-instances --count`, ...);
//! 2. the positional `outfile` of operations with a streaming output
//!    (`customizations/streamingoutputarg.py`),
//! 3. `--cli-input-json`, `--cli-input-yaml` (`customizations/cliinput.py`,
//!    not for `outfile` operations),
//! 4. `--starting-token`, `--page-size`, `--max-items`
//!    (`customizations/paginate.py`, which also hides the native token and
//!    limit arguments from help; they still work),
//! 5. `--generate-cli-skeleton` (`customizations/generatecliskeleton.py`,
//!    not for `outfile` operations).
use awscli_model::{Operation, Service, ShapeType};

use crate::custom::{customize_table, CustomArgument};
use crate::xform::xform_name;
use crate::ArgsError;

/// botocore service name -> AWS CLI command name, where they differ
/// (`awscli/handlers_registry.py:MAIN_COMMAND_TABLE_OPS`).
pub fn cli_service_name(service_name: &str) -> &str {
    match service_name {
        "s3" => "s3api",
        "codedeploy" => "deploy",
        "config" => "configservice",
        "agenttoolkit" => "agent-toolkit",
        other => other,
    }
}

/// `ARGUMENT_RENAMES` of `customizations/argrename.py`:
/// `<command>.<operation or *>.<argument>` -> new name.
const ARGUMENT_RENAMES: &[(&str, &str)] = &[
    ("ec2.create-image.no-no-reboot", "reboot"),
    ("ec2.*.no-egress", "ingress"),
    ("ec2.*.no-disable-api-termination", "enable-api-termination"),
    ("opsworks.*.region", "stack-region"),
    ("elastictranscoder.*.output", "job-output"),
    ("swf.register-activity-type.version", "activity-version"),
    ("swf.register-workflow-type.version", "workflow-version"),
    ("datapipeline.*.query", "objects-query"),
    (
        "datapipeline.get-pipeline-definition.version",
        "pipeline-version",
    ),
    ("emr.*.job-flow-ids", "cluster-ids"),
    ("emr.*.job-flow-id", "cluster-id"),
    ("cloudsearchdomain.search.query", "search-query"),
    ("cloudsearchdomain.suggest.query", "suggest-query"),
    ("sns.subscribe.endpoint", "notification-endpoint"),
    ("deploy.*.s-3-location", "s3-location"),
    ("deploy.*.ec-2-tag-filters", "ec2-tag-filters"),
    ("codepipeline.get-pipeline.version", "pipeline-version"),
    (
        "codepipeline.create-custom-action-type.version",
        "action-version",
    ),
    (
        "codepipeline.delete-custom-action-type.version",
        "action-version",
    ),
    (
        "kinesisanalytics.add-application-output.output",
        "application-output",
    ),
    (
        "kinesisanalyticsv2.add-application-output.output",
        "application-output",
    ),
    (
        "route53.delete-traffic-policy.version",
        "traffic-policy-version",
    ),
    (
        "route53.get-traffic-policy.version",
        "traffic-policy-version",
    ),
    (
        "route53.update-traffic-policy-comment.version",
        "traffic-policy-version",
    ),
    ("gamelift.create-build.version", "build-version"),
    ("gamelift.update-build.version", "build-version"),
    ("gamelift.create-script.version", "script-version"),
    ("gamelift.update-script.version", "script-version"),
    ("route53domains.view-billing.start", "start-time"),
    ("route53domains.view-billing.end", "end-time"),
    ("apigateway.create-rest-api.version", "api-version"),
    ("apigatewayv2.create-api.version", "api-version"),
    ("apigatewayv2.update-api.version", "api-version"),
    ("pinpoint.get-campaign-version.version", "campaign-version"),
    ("pinpoint.get-segment-version.version", "segment-version"),
    ("pinpoint.delete-email-template.version", "template-version"),
    (
        "pinpoint.delete-in-app-template.version",
        "template-version",
    ),
    ("pinpoint.delete-push-template.version", "template-version"),
    ("pinpoint.delete-sms-template.version", "template-version"),
    ("pinpoint.delete-voice-template.version", "template-version"),
    ("pinpoint.get-email-template.version", "template-version"),
    ("pinpoint.get-in-app-template.version", "template-version"),
    ("pinpoint.get-push-template.version", "template-version"),
    ("pinpoint.get-sms-template.version", "template-version"),
    ("pinpoint.get-voice-template.version", "template-version"),
    ("pinpoint.update-email-template.version", "template-version"),
    (
        "pinpoint.update-in-app-template.version",
        "template-version",
    ),
    ("pinpoint.update-push-template.version", "template-version"),
    ("pinpoint.update-sms-template.version", "template-version"),
    ("pinpoint.update-voice-template.version", "template-version"),
    ("stepfunctions.send-task-success.output", "task-output"),
    ("clouddirectory.publish-schema.version", "schema-version"),
    ("mturk.list-qualification-types.query", "types-query"),
    (
        "workdocs.create-notification-subscription.endpoint",
        "notification-endpoint",
    ),
    ("workdocs.describe-users.query", "user-query"),
    ("lex-models.delete-bot.version", "bot-version"),
    ("lex-models.delete-intent.version", "intent-version"),
    ("lex-models.delete-slot-type.version", "slot-type-version"),
    ("lex-models.get-intent.version", "intent-version"),
    ("lex-models.get-slot-type.version", "slot-type-version"),
    ("lex-models.delete-bot-version.version", "bot-version"),
    ("lex-models.delete-intent-version.version", "intent-version"),
    (
        "lex-models.delete-slot-type-version.version",
        "slot-type-version",
    ),
    ("lex-models.get-export.version", "resource-version"),
    ("license-manager.get-grant.version", "grant-version"),
    ("license-manager.delete-grant.version", "grant-version"),
    ("license-manager.get-license.version", "license-version"),
    ("mobile.create-project.region", "project-region"),
    (
        "rekognition.create-stream-processor.output",
        "stream-processor-output",
    ),
    ("eks.create-cluster.version", "kubernetes-version"),
    ("eks.update-cluster-version.version", "kubernetes-version"),
    ("eks.create-nodegroup.version", "kubernetes-version"),
    ("eks.update-nodegroup-version.version", "kubernetes-version"),
    ("schemas.*.version", "schema-version"),
    ("sagemaker.delete-image-version.version", "version-number"),
    ("sagemaker.describe-image-version.version", "version-number"),
    ("sagemaker.list-aliases.version", "version-number"),
    ("sagemaker.update-image-version.version", "version-number"),
    ("iotwireless.*.lo-ra-wan", "lorawan"),
    ("codepipeline.get-action-type.version", "action-version"),
    ("ecs.*.no-enable-execute-command", "disable-execute-command"),
    ("ecs.execute-command.no-interactive", "non-interactive"),
];

/// `HIDDEN_ALIASES` of `customizations/argrename.py`: a second, undocumented
/// name for an argument.
const HIDDEN_ALIASES: &[(&str, &str)] = &[
    (
        "mgn.*.replication-servers-security-groups-ids",
        "replication-servers-security-groups-i-ds",
    ),
    ("mgn.*.source-server-ids", "source-server-i-ds"),
    (
        "mgn.*.replication-configuration-template-ids",
        "replication-configuration-template-i-ds",
    ),
    (
        "elasticache.create-replication-group.preferred-cache-cluster-azs",
        "preferred-cache-cluster-a-zs",
    ),
];

/// How argparse reads a model member's argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberAction {
    /// One value (`CLIArgument`).
    Value,
    /// Zero or more values (`ListArgument`, `nargs='*'`).
    List,
    /// `--x`: sets the boolean member to true.
    StoreTrue,
    /// `--no-x`: sets the boolean member to false.
    StoreFalse,
    /// ec2's `--x [Value=true|false]` for a `{"Value": boolean}` structure
    /// (`customizations/toplevelbool.py`): alone it sets `{"Value": true}`.
    PositiveBooleanValue,
    /// ec2's `--no-x` for such a structure: sets `{"Value": false}`.
    NegativeBooleanValue,
}

/// The type argparse converts `--page-size` / `--max-items` to (the limit
/// key's type).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageType {
    String,
    Integer,
}

/// What an argument sets.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgumentKind {
    /// A member of the input structure.
    Member {
        /// The member name (`InstanceIds`): the key in the input.
        member: String,
        /// The member's target shape name.
        shape: String,
        shape_type: ShapeType,
        action: MemberAction,
    },
    /// The positional file a streaming output body is written to.
    Outfile {
        /// The output member that holds the body (the output's payload).
        response_key: String,
    },
    CliInputJson,
    CliInputYaml,
    GenerateCliSkeleton,
    StartingToken,
    PageSize(PageType),
    MaxItems(PageType),
    /// An argument a customization adds (`ec2 run-instances --count`); see
    /// [`crate::custom`].
    Custom(CustomArgument),
}

/// One command-line argument.
#[derive(Debug, Clone, PartialEq)]
pub struct CliArgument {
    /// The name without dashes (`instance-ids`, `outfile`).
    pub name: String,
    /// argparse's `dest`: arguments with the same dest (`--x` / `--no-x`)
    /// write the same slot, and the last one given wins.
    pub dest: String,
    pub kind: ArgumentKind,
    /// Required by argparse (`the following arguments are required: ...`).
    pub required: bool,
    /// Shown as required in help although argparse does not enforce it
    /// (`_DOCUMENT_AS_REQUIRED`, set by hidden aliases).
    pub document_as_required: bool,
    /// Left out of help (`_UNDOCUMENTED`): native pagination arguments of
    /// paginated operations and hidden aliases.
    pub hidden: bool,
}

impl CliArgument {
    /// The name as typed: `--instance-ids`, or `outfile` for the positional.
    pub fn cli_name(&self) -> String {
        if self.is_positional() {
            self.name.clone()
        } else {
            format!("--{}", self.name)
        }
    }

    pub fn is_positional(&self) -> bool {
        matches!(self.kind, ArgumentKind::Outfile { .. })
    }

    /// The input member this argument sets, if any.
    pub fn member(&self) -> Option<&str> {
        match &self.kind {
            ArgumentKind::Member { member, .. } => Some(member),
            _ => None,
        }
    }
}

/// The pagination facts the parser needs (`paginate.py`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PaginationArgs {
    /// The model names of the input tokens and the limit key (`NextToken`,
    /// `MaxResults`): setting one by hand turns auto-pagination off.
    pub input_tokens: Vec<String>,
    /// Their argument names (`next-token`, `max-results`).
    pub cli_input_tokens: Vec<String>,
    /// Model arguments replaced by `--starting-token`, `--page-size` or
    /// `--max-items` (route53's `MaxItems`); they come back when pagination
    /// is off.
    pub shadowed: Vec<CliArgument>,
}

/// The arguments of one operation, in argparse order.
#[derive(Debug, Clone, PartialEq)]
pub struct ArgTable {
    /// The CLI command of the service (`s3api`).
    pub service_command: String,
    /// The CLI command of the operation (`get-object`).
    pub operation_command: String,
    pub arguments: Vec<CliArgument>,
    /// `Some` when the pagination arguments were added.
    pub pagination: Option<PaginationArgs>,
}

impl ArgTable {
    /// Builds the table of `operation`. `paginated` adds the pagination
    /// arguments; pass whether the operation has a paginator
    /// (`service.paginator(name)?.is_some()`) — `wait` commands pass false.
    pub fn for_operation(
        service: &Service,
        operation: &Operation,
        paginated: bool,
    ) -> Result<ArgTable, ArgsError> {
        let command = xform_name(model_operation_name(service, operation));
        ArgTable::for_command(service, operation, &command, paginated)
    }

    /// [`ArgTable::for_operation`] for a command the CLI names differently
    /// from its operation: rds `add-option-to-option-group` and
    /// `remove-option-from-option-group` both call `ModifyOptionGroup`
    /// (`customizations/rds.py`), each with its own arguments.
    pub fn for_command(
        service: &Service,
        operation: &Operation,
        operation_command: &str,
        paginated: bool,
    ) -> Result<ArgTable, ArgsError> {
        let model_error = |e: awscli_model::ModelError| ArgsError::General(e.to_string());
        let service_command = cli_service_name(&service.name).to_owned();
        let operation_command = operation_command.to_owned();
        let mut arguments: Vec<CliArgument> = Vec::new();

        if let Some(input) = &operation.input {
            let input_shape = service.resolve(input).map_err(model_error)?;
            for (member_name, member_ref) in &input_shape.members {
                let target = service.resolve(member_ref).map_err(model_error)?;
                let name = xform_name(member_name);
                let required =
                    input_shape.is_required(member_name) && !member_ref.idempotency_token;
                let member_kind = |action| ArgumentKind::Member {
                    member: member_name.clone(),
                    shape: target.name.clone(),
                    shape_type: target.kind,
                    action,
                };
                match target.kind {
                    ShapeType::Boolean => {
                        // BooleanArgument: `--x` and `--no-x`, same dest,
                        // never required by argparse.
                        let dest = name.replace('-', "_");
                        arguments.push(CliArgument {
                            name: name.clone(),
                            dest: dest.clone(),
                            kind: member_kind(MemberAction::StoreTrue),
                            required: false,
                            document_as_required: required,
                            hidden: false,
                        });
                        arguments.push(CliArgument {
                            name: format!("no-{name}"),
                            dest,
                            kind: member_kind(MemberAction::StoreFalse),
                            required: false,
                            document_as_required: required,
                            hidden: false,
                        });
                    }
                    kind => {
                        let action = if kind == ShapeType::List {
                            MemberAction::List
                        } else {
                            MemberAction::Value
                        };
                        arguments.push(CliArgument {
                            dest: name.replace('-', "_"),
                            name,
                            kind: member_kind(action),
                            required,
                            document_as_required: required,
                            hidden: false,
                        });
                    }
                }
            }
        }

        apply_renames(&mut arguments, &service_command, &operation_command);
        if service_command == "ec2" {
            pull_up_bool(service, &mut arguments)?;
        }
        customize_table(
            service,
            &service_command,
            &operation_command,
            &mut arguments,
        );

        // cliinput.py and generatecliskeleton.py skip any table with an
        // `outfile` argument, the iam customization's option included.
        let mut has_outfile = arguments.iter().any(|a| a.name == "outfile");
        if let Some(response_key) = streaming_output_member(service, operation)? {
            has_outfile = true;
            arguments.push(CliArgument {
                name: "outfile".to_owned(),
                dest: "outfile".to_owned(),
                kind: ArgumentKind::Outfile { response_key },
                required: true,
                document_as_required: true,
                hidden: false,
            });
        }
        if !has_outfile {
            for (name, kind) in [
                ("cli-input-json", ArgumentKind::CliInputJson),
                ("cli-input-yaml", ArgumentKind::CliInputYaml),
            ] {
                arguments.push(optional_argument(name, kind));
            }
        }

        let mut pagination = None;
        if paginated {
            if let Some(paginator) = service.paginator(&operation.name).map_err(model_error)? {
                let mut info = PaginationArgs::default();
                let mut tokens = paginator.input_token.to_vec();
                if let Some(limit) = &paginator.limit_key {
                    tokens.push(limit.clone());
                }
                for token in &tokens {
                    let cli = xform_name(token);
                    for argument in arguments.iter_mut().filter(|a| a.name == cli) {
                        argument.hidden = true;
                    }
                    info.cli_input_tokens.push(cli);
                }
                info.input_tokens = tokens;
                let mut page_type = PageType::Integer;
                let mut page_arguments = vec![("starting-token", ArgumentKind::StartingToken)];
                if let Some(limit) = &paginator.limit_key {
                    page_type = limit_key_type(service, operation, limit)?;
                    page_arguments.push(("page-size", ArgumentKind::PageSize(page_type)));
                }
                page_arguments.push(("max-items", ArgumentKind::MaxItems(page_type)));
                for (name, kind) in page_arguments {
                    let new = optional_argument(name, kind);
                    match arguments.iter().position(|a| a.name == name) {
                        Some(i) => {
                            // Keep the model's argument so it can come back
                            // when pagination is turned off.
                            info.shadowed
                                .push(std::mem::replace(&mut arguments[i], new));
                        }
                        None => arguments.push(new),
                    }
                }
                pagination = Some(info);
            }
        }

        if !has_outfile {
            arguments.push(optional_argument(
                "generate-cli-skeleton",
                ArgumentKind::GenerateCliSkeleton,
            ));
        }

        Ok(ArgTable {
            service_command,
            operation_command,
            arguments,
            pagination,
        })
    }

    /// The argument called `name` (without dashes).
    pub fn get(&self, name: &str) -> Option<&CliArgument> {
        self.arguments.iter().find(|a| a.name == name)
    }

    /// Whether the operation streams its output to a positional `outfile`.
    pub fn has_outfile(&self) -> bool {
        self.arguments.iter().any(CliArgument::is_positional)
    }
}

/// The operation's key in the model (`CreateInvalidation`): cloudfront's
/// operations carry a wire name with the API version appended
/// (`CreateInvalidation2020_05_31`) in `Operation::name`, and the CLI
/// names commands (and keys its customizations) by the key.
fn model_operation_name<'a>(service: &Service, operation: &'a Operation) -> &'a str {
    let suffix = service.metadata.api_version.replace('-', "_");
    match operation.name.strip_suffix(suffix.as_str()) {
        Some(key) if !key.is_empty() && !suffix.is_empty() => key,
        _ => &operation.name,
    }
}

fn optional_argument(name: &str, kind: ArgumentKind) -> CliArgument {
    CliArgument {
        name: name.to_owned(),
        dest: name.replace('-', "_"),
        kind,
        required: false,
        document_as_required: false,
        hidden: false,
    }
}

/// Whether a rename key (`ec2.*.no-egress`) applies to this operation.
fn rename_applies<'k>(key: &'k str, service: &str, operation: &str) -> Option<&'k str> {
    let (scope, argument) = key.rsplit_once('.')?;
    let (key_service, key_operation) = scope.split_once('.')?;
    (key_service == service && (key_operation == "*" || key_operation == operation))
        .then_some(argument)
}

fn apply_renames(arguments: &mut Vec<CliArgument>, service: &str, operation: &str) {
    for (key, new_name) in ARGUMENT_RENAMES {
        let Some(original) = rename_applies(key, service, operation) else {
            continue;
        };
        if let Some(i) = arguments.iter().position(|a| a.name == original) {
            let mut argument = arguments.remove(i);
            argument.name = (*new_name).to_owned();
            // A BooleanArgument keeps the dest it was created with; other
            // arguments derive it from their (new) name.
            if !matches!(
                argument.kind,
                ArgumentKind::Member {
                    action: MemberAction::StoreTrue | MemberAction::StoreFalse,
                    ..
                }
            ) {
                argument.dest = new_name.replace('-', "_");
            }
            arguments.push(argument);
        }
    }
    for (key, alias) in HIDDEN_ALIASES {
        let Some(original) = rename_applies(key, service, operation) else {
            continue;
        };
        if let Some(i) = arguments.iter().position(|a| a.name == original) {
            let mut copy = arguments[i].clone();
            copy.name = (*alias).to_owned();
            copy.dest = alias.replace('-', "_");
            copy.hidden = true;
            if arguments[i].required {
                copy.required = false;
                arguments[i].required = false;
                arguments[i].document_as_required = true;
            }
            arguments.push(copy);
        }
    }
}

/// `customizations/toplevelbool.py`: an ec2 argument whose shape is a
/// structure of one boolean `Value` becomes `--x` / `--no-x`.
fn pull_up_bool(service: &Service, arguments: &mut Vec<CliArgument>) -> Result<(), ArgsError> {
    let model_error = |e: awscli_model::ModelError| ArgsError::General(e.to_string());
    let mut negatives = Vec::new();
    for argument in arguments.iter_mut() {
        let ArgumentKind::Member {
            shape,
            shape_type: ShapeType::Structure,
            action,
            ..
        } = &mut argument.kind
        else {
            continue;
        };
        let target = service.shape(shape).map_err(model_error)?;
        let qualifies = target.members.len() == 1
            && match target.members.get("Value") {
                Some(value) => {
                    service.resolve(value).map_err(model_error)?.kind == ShapeType::Boolean
                }
                None => false,
            };
        if !qualifies {
            continue;
        }
        *action = MemberAction::PositiveBooleanValue;
        let mut negative = argument.clone();
        if let ArgumentKind::Member { action, .. } = &mut negative.kind {
            *action = MemberAction::NegativeBooleanValue;
        }
        negative.name = format!("no-{}", argument.name);
        negative.dest = format!("no_{}", argument.dest);
        negative.required = false;
        negatives.push(negative);
    }
    arguments.extend(negatives);
    Ok(())
}

/// The payload member of a streaming output (`OperationModel.
/// has_streaming_output`: the output's payload member is a blob, streaming
/// or not, as lambda's `Invoke` `Payload`).
fn streaming_output_member(
    service: &Service,
    operation: &Operation,
) -> Result<Option<String>, ArgsError> {
    let model_error = |e: awscli_model::ModelError| ArgsError::General(e.to_string());
    let Some(output) = &operation.output else {
        return Ok(None);
    };
    let shape = service.resolve(output).map_err(model_error)?;
    let Some(payload) = &shape.payload else {
        return Ok(None);
    };
    let Some(member) = shape.members.get(payload) else {
        return Ok(None);
    };
    let target = service.resolve(member).map_err(model_error)?;
    Ok((target.kind == ShapeType::Blob).then(|| payload.clone()))
}

fn limit_key_type(
    service: &Service,
    operation: &Operation,
    limit_key: &str,
) -> Result<PageType, ArgsError> {
    let model_error = |e: awscli_model::ModelError| ArgsError::General(e.to_string());
    let unsupported = |type_name: &str| {
        ArgsError::General(format!(
            "Unsupported pagination type {type_name} for operation {} and parameter {limit_key}",
            operation.name
        ))
    };
    let input = operation
        .input
        .as_ref()
        .ok_or_else(|| unsupported("None"))?;
    let shape = service.resolve(input).map_err(model_error)?;
    let member = shape
        .members
        .get(limit_key)
        .ok_or_else(|| ArgsError::General(format!("'{limit_key}'")))?;
    match service.resolve(member).map_err(model_error)?.kind {
        ShapeType::String => Ok(PageType::String),
        ShapeType::Integer | ShapeType::Long => Ok(PageType::Integer),
        other => Err(unsupported(&format!("{other:?}").to_lowercase())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(service: &str, operation: &str) -> ArgTable {
        let svc = awscli_model::store::load(service).unwrap();
        let op = svc.operation(operation).unwrap();
        ArgTable::for_operation(&svc, op, true).unwrap()
    }

    fn names(table: &ArgTable) -> Vec<String> {
        table.arguments.iter().map(CliArgument::cli_name).collect()
    }

    #[test]
    fn for_operation_sqs_create_queue_lists_members_then_injected() {
        let t = table("sqs", "CreateQueue");
        assert_eq!(
            names(&t),
            [
                "--queue-name",
                "--attributes",
                "--tags",
                "--cli-input-json",
                "--cli-input-yaml",
                "--generate-cli-skeleton"
            ]
        );
        assert!(t.get("queue-name").unwrap().required);
    }

    #[test]
    fn for_operation_get_object_has_outfile_and_no_cli_input() {
        let t = table("s3", "GetObject");
        assert_eq!(t.service_command, "s3api");
        assert!(t.has_outfile());
        assert!(t.get("cli-input-json").is_none());
        assert!(t.get("generate-cli-skeleton").is_none());
        let outfile = t.get("outfile").unwrap();
        assert_eq!(
            outfile.kind,
            ArgumentKind::Outfile {
                response_key: "Body".into()
            }
        );
    }

    #[test]
    fn for_operation_paginated_hides_native_tokens_and_adds_page_args() {
        let t = table("ec2", "DescribeInstances");
        assert!(t.get("next-token").unwrap().hidden);
        assert!(t.get("max-results").unwrap().hidden);
        assert!(t.get("dry-run").is_some() && t.get("no-dry-run").is_some());
        let n = names(&t);
        let tail: Vec<&str> = n[n.len() - 6..].iter().map(String::as_str).collect();
        assert_eq!(
            tail,
            [
                "--cli-input-json",
                "--cli-input-yaml",
                "--starting-token",
                "--page-size",
                "--max-items",
                "--generate-cli-skeleton"
            ]
        );
    }

    #[test]
    fn for_operation_route53_max_items_is_shadowed() {
        let t = table("route53", "ListResourceRecordSets");
        let info = t.pagination.as_ref().unwrap();
        assert_eq!(info.shadowed.len(), 1);
        assert_eq!(info.shadowed[0].member(), Some("MaxItems"));
        assert!(matches!(
            t.get("max-items").unwrap().kind,
            ArgumentKind::MaxItems(_)
        ));
    }

    #[test]
    fn for_operation_renames_move_to_end_and_keep_boolean_dest() {
        let t = table("ec2", "CreateImage");
        let reboot = t.get("reboot").unwrap();
        assert_eq!(reboot.dest, "no_reboot");
        assert!(matches!(
            reboot.kind,
            ArgumentKind::Member {
                action: MemberAction::StoreFalse,
                ..
            }
        ));
        let t = table("sns", "Subscribe");
        assert!(t.get("notification-endpoint").is_some());
        assert!(t.get("endpoint").is_none());
    }
}
