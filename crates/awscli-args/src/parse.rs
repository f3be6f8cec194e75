//! [`parse_operation_args`]: from the tokens after `aws <service>
//! <operation>` to the operation's input, in the reference's order
//! (`awscli/clidriver.py:ServiceOperation.__call__` and the handlers it
//! fires):
//!
//! 1. argparse (`the following arguments are required`, `expected one
//!    argument`, ...); `help` stops here;
//! 2. `Unknown options: ...`;
//! 3. pagination (`operation-args-parsed`): a native token or limit argument
//!    turns auto-pagination off, and `--no-paginate` (or that) conflicts
//!    with `--starting-token`, `--page-size`, `--max-items`; then the
//!    `operation-args-parsed` checks of the customizations
//!    ([`crate::custom`]);
//! 4. each argument unpacked into its member, in table order
//!    (`file://`, shorthand, JSON, scalars), the customizations' arguments
//!    through their `add_to_params`;
//! 5. `--cli-input-json` / `--cli-input-yaml` fill the members not given;
//! 6. `--generate-cli-skeleton input|yaml-input` returns here;
//! 7. the CLI's `before-parameter-build` handlers
//!    ([`crate::custom::before_parameter_build`]: `ec2 run-instances`
//!    counts default to 1, ...);
//! 8. `--cli-binary-format` on blobs given as text (`Invalid base64`);
//! 9. botocore's parameter validation (`Parameter validation failed:`).
use awscli_model::{Operation, Service, Value};
use indexmap::IndexMap;

use crate::argparse::{parse_known_args, RawValue};
use crate::custom::Loaded;
use crate::paramfile::{get_paramfile, ParamFile, ParamFileSystem, StdFileSystem};
use crate::pyfmt::type_name;
use crate::skeleton::SkeletonKind;
use crate::table::{ArgTable, ArgumentKind, CliArgument, MemberAction};
use crate::unpack::{model_error, unpack_member, ArgContext};
use crate::validate::{apply_binary_format, validate_parameters, BinaryFormat};
use crate::ArgsError;

/// Settings that come from outside the operation's own tokens.
pub struct ParseOptions<'a> {
    /// `--cli-binary-format` / `cli_binary_format`.
    pub binary_format: BinaryFormat,
    /// False with the global `--no-paginate`.
    pub paginate: bool,
    /// Where `file://`, `fileb://` and streaming blob paths are read.
    pub fs: &'a dyn ParamFileSystem,
}

impl Default for ParseOptions<'_> {
    fn default() -> Self {
        ParseOptions {
            binary_format: BinaryFormat::Base64,
            paginate: true,
            fs: &StdFileSystem,
        }
    }
}

/// The result of parsing one operation's arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedArgs {
    /// `help` was asked for (`aws sqs create-queue help`); nothing else is
    /// filled in.
    pub help: bool,
    /// The operation input (a `Value::Map`), validated unless a skeleton
    /// of the input was asked for.
    pub input: Value,
    /// The positional file for a streaming output body.
    pub outfile: Option<String>,
    /// `--starting-token`.
    pub starting_token: Option<String>,
    /// `--page-size`, typed as the paginator's limit key.
    pub page_size: Option<Value>,
    /// `--max-items`.
    pub max_items: Option<i64>,
    /// Whether to auto-paginate: the operation has a paginator, the global
    /// option allows it and no native token or limit was given.
    pub paginate: bool,
    /// `--generate-cli-skeleton`: print this instead of calling.
    pub generate_skeleton: Option<SkeletonKind>,
    /// Files customizations write from the response (iam
    /// `create-virtual-mfa-device --outfile`, iot `--*-outfile`): call
    /// [`ResponseFile::take_from`](crate::custom::ResponseFile::take_from)
    /// on a successful output before printing it.
    pub response_files: Vec<crate::custom::ResponseFile>,
}

impl ParsedArgs {
    fn empty() -> ParsedArgs {
        ParsedArgs {
            help: false,
            input: Value::empty_map(),
            outfile: None,
            starting_token: None,
            page_size: None,
            max_items: None,
            paginate: false,
            generate_skeleton: None,
            response_files: Vec::new(),
        }
    }
}

fn override_required(table: &ArgTable, tokens: &[String]) -> bool {
    let present =
        |name: &str| table.get(name).is_some() && tokens.iter().any(|t| t == &format!("--{name}"));
    if present("cli-input-json") || present("cli-input-yaml") {
        return true;
    }
    if present("generate-cli-skeleton") {
        // `--generate-cli-skeleton output` validates the input, so the
        // required arguments stay required.
        let at = tokens
            .iter()
            .position(|t| t == "--generate-cli-skeleton")
            .expect("present() found the token");
        return tokens.get(at + 1).map(String::as_str) != Some("output");
    }
    false
}

/// A value is "given" for argparse's namespace truthiness checks.
fn truthy(value: &RawValue) -> bool {
    match value {
        RawValue::Str(s) => !s.is_empty(),
        RawValue::List(v) => !v.is_empty(),
        RawValue::Bool(b) => *b,
        RawValue::Int(i) => *i != 0,
        RawValue::Float(f) => *f != 0.0,
    }
}

/// Parses the tokens of one operation (everything after the operation
/// name, global options removed) into its input.
pub fn parse_operation_args(
    service: &Service,
    operation: &Operation,
    table: &ArgTable,
    tokens: &[String],
    options: &ParseOptions<'_>,
) -> Result<ParsedArgs, ArgsError> {
    let namespace = parse_known_args(table, tokens, override_required(table, tokens))?;
    let mut parsed = ParsedArgs::empty();
    if namespace.help.as_deref() == Some("help") {
        parsed.help = true;
        return Ok(parsed);
    }
    let mut unknown = namespace.extras.clone();
    if let Some(stray) = &namespace.help {
        unknown.push(stray.clone());
    }
    if !unknown.is_empty() {
        return Err(ArgsError::UnknownOptions(unknown));
    }

    // ec2's `--x` / `--no-x` pairs (toplevelbool.py) are exclusive.
    for argument in &table.arguments {
        if let ArgumentKind::Member {
            action: MemberAction::NegativeBooleanValue,
            ..
        } = argument.kind
        {
            let positive = &argument.name["no-".len()..];
            let positive_dest = positive.replace('-', "_");
            if namespace.values.contains_key(&argument.dest)
                && namespace.values.contains_key(&positive_dest)
            {
                return Err(ArgsError::ParamValidation(format!(
                    "Cannot specify both the \"--{positive}\" option and the \"{}\" option.",
                    argument.cli_name()
                )));
            }
        }
    }

    // Pagination (paginate.py: check_should_enable_pagination).
    let mut arguments: Vec<CliArgument> = table.arguments.clone();
    if let Some(info) = &table.pagination {
        let mut paginate = options.paginate;
        for cli_name in &info.cli_input_tokens {
            let dest = cli_name.replace('-', "_");
            if dest != "start_token" && dest != "max_items" && namespace.values.contains_key(&dest)
            {
                paginate = false;
            }
        }
        if !paginate {
            let shadowed: Vec<String> = info.shadowed.iter().map(|a| a.dest.clone()).collect();
            let used: Vec<String> = ["starting_token", "page_size", "max_items"]
                .into_iter()
                .filter(|p| !shadowed.iter().any(|s| s == p))
                .filter(|p| namespace.values.get(*p).is_some_and(truthy))
                .map(|p| format!("--{}", p.replace('_', "-")))
                .collect();
            if !used.is_empty() {
                return Err(ArgsError::ParamValidation(format!(
                    "Cannot specify --no-paginate along with pagination arguments: {}",
                    used.join(", ")
                )));
            }
            // The model's own `--max-items` and the like come back.
            for original in &info.shadowed {
                if let Some(slot) = arguments.iter_mut().find(|a| a.name == original.name) {
                    *slot = original.clone();
                }
            }
        }
        parsed.paginate = paginate;
    }

    if crate::custom::disables_pagination(
        &table.service_command,
        &table.operation_command,
        &namespace.values,
    ) {
        parsed.paginate = false;
    }

    // operation-args-parsed checks of the customizations.
    let dests: Vec<&str> = table.arguments.iter().map(|a| a.dest.as_str()).collect();
    crate::custom::check_parsed_args(
        &table.service_command,
        &table.operation_command,
        &dests,
        &namespace.values,
    )?;

    // Build the call parameters in table order.
    let ctx = ArgContext {
        service,
        service_command: &table.service_command,
        operation_command: &table.operation_command,
        fs: options.fs,
    };
    let input_shape = match &operation.input {
        Some(input) => Some(service.resolve(input).map_err(model_error)?),
        None => None,
    };
    let mut input: IndexMap<String, Value> = IndexMap::new();
    let mut cli_input: Option<(&CliArgument, String)> = None;
    for argument in &arguments {
        let Some(raw) = namespace.values.get(&argument.dest) else {
            continue;
        };
        let cli_name = argument.cli_name();
        // load-cli-arg applies to every argument's text.
        let load = |text: &str| -> Result<String, ArgsError> {
            match get_paramfile(text, options.fs) {
                Ok(Some(ParamFile::Text(t))) => Ok(t),
                Ok(Some(ParamFile::Bytes(b))) => Ok(String::from_utf8_lossy(&b).into_owned()),
                Ok(None) => Ok(text.to_owned()),
                Err(message) => Err(ArgsError::param(&cli_name, message)),
            }
        };
        match (&argument.kind, raw) {
            (
                ArgumentKind::Member {
                    member,
                    action:
                        action @ (MemberAction::PositiveBooleanValue
                        | MemberAction::NegativeBooleanValue),
                    ..
                },
                RawValue::Bool(_),
            ) => {
                let mut value = IndexMap::new();
                let positive = *action == MemberAction::PositiveBooleanValue;
                value.insert("Value".to_owned(), Value::Bool(positive));
                input.insert(member.clone(), Value::Map(value));
            }
            (ArgumentKind::Member { member, .. }, raw) => {
                let member_ref = input_shape
                    .and_then(|s| s.members.get(member))
                    .ok_or_else(|| ArgsError::General(format!("unknown member {member}")))?;
                let value = unpack_member(&ctx, argument, member_ref, raw)?;
                crate::custom::check_member_value(
                    &table.service_command,
                    &table.operation_command,
                    argument,
                    &value,
                )?;
                input.insert(member.clone(), value);
            }
            (
                ArgumentKind::Custom(crate::custom::CustomArgument::NestedMember { member, key }),
                raw,
            ) => {
                let nested = input_shape
                    .and_then(|s| s.members.get(*member))
                    .map(|m| service.resolve(m))
                    .transpose()
                    .map_err(model_error)?
                    .and_then(|shape| shape.members.get(*key))
                    .ok_or_else(|| ArgsError::General(format!("unknown member {member}.{key}")))?;
                let value = unpack_member(&ctx, argument, nested, raw)?;
                crate::custom::set_nested(&mut input, member, key, value);
            }
            (
                ArgumentKind::Custom(crate::custom::CustomArgument::RevisionLocation { github }),
                raw,
            ) => {
                let shape = if *github {
                    "GitHubLocation"
                } else {
                    "S3Location"
                };
                let member_ref = awscli_model::MemberRef {
                    shape: shape.to_owned(),
                    ..Default::default()
                };
                let location = unpack_member(&ctx, argument, &member_ref, raw)?;
                let revision = crate::custom::revision_location(*github, location)?;
                input.insert("revision".to_owned(), revision);
            }
            (ArgumentKind::Custom(custom), raw) => {
                let loaded = match raw {
                    RawValue::Str(s) => match get_paramfile(s, options.fs) {
                        Ok(Some(ParamFile::Text(t))) => Loaded::Str(t),
                        Ok(Some(ParamFile::Bytes(b))) => Loaded::Bytes(b),
                        Ok(None) => Loaded::Str(s.clone()),
                        Err(message) => return Err(ArgsError::param(&cli_name, message)),
                    },
                    RawValue::List(items) => Loaded::List(items.clone()),
                    RawValue::Int(i) => Loaded::Int(*i),
                    RawValue::Bool(b) => Loaded::Bool(*b),
                    RawValue::Float(f) => Loaded::Str(crate::pyfmt::repr_float(*f)),
                };
                crate::custom::add_to_params(
                    *custom,
                    &mut input,
                    &loaded,
                    options.fs,
                    &mut parsed.response_files,
                )?;
            }
            (ArgumentKind::Outfile { .. }, RawValue::Str(s)) => parsed.outfile = Some(load(s)?),
            (ArgumentKind::StartingToken, RawValue::Str(s)) => {
                parsed.starting_token = Some(load(s)?);
            }
            (ArgumentKind::PageSize(_), RawValue::Int(i)) => {
                parsed.page_size = Some(Value::Integer(*i))
            }
            (ArgumentKind::PageSize(_), RawValue::Str(s)) => {
                parsed.page_size = Some(Value::String(load(s)?));
            }
            (ArgumentKind::MaxItems(_), RawValue::Int(i)) => parsed.max_items = Some(*i),
            (ArgumentKind::MaxItems(_), RawValue::Str(s)) => {
                let text = load(s)?;
                parsed.max_items = Some(crate::argparse::py_int(&text).ok_or_else(|| {
                    ArgsError::General(format!(
                        "invalid literal for int() with base 10: {}",
                        crate::pyfmt::repr_str(&text)
                    ))
                })?);
            }
            // The first of the two present runs (and checks the other).
            (ArgumentKind::CliInputJson | ArgumentKind::CliInputYaml, RawValue::Str(s))
                if cli_input.is_none() =>
            {
                cli_input = Some((argument, s.clone()));
            }
            (ArgumentKind::GenerateCliSkeleton, RawValue::Str(s)) => {
                parsed.generate_skeleton = SkeletonKind::from_name(s);
            }
            _ => {}
        }
    }

    // calling-command: --cli-input-json / --cli-input-yaml.
    if let Some((argument, text)) = cli_input {
        let given = ["cli_input_json", "cli_input_yaml"]
            .iter()
            .filter(|d| namespace.values.contains_key(**d))
            .count();
        if given != 1 {
            return Err(ArgsError::ParamSyntax(
                "Only one --cli-input- parameter may be specified.".to_owned(),
            ));
        }
        let text = match get_paramfile(&text, options.fs) {
            Ok(Some(ParamFile::Text(t))) => t,
            Ok(Some(ParamFile::Bytes(b))) => String::from_utf8_lossy(&b).into_owned(),
            Ok(None) => text,
            Err(message) => return Err(ArgsError::param(&argument.cli_name(), message)),
        };
        let loaded = match argument.kind {
            ArgumentKind::CliInputYaml => load_yaml(&text)
                .ok_or_else(|| ArgsError::param(&argument.name, "Invalid YAML received."))?,
            _ => crate::pyjson::loads(&text)
                .map_err(|_| ArgsError::param(&argument.name, "Invalid JSON received."))?,
        };
        let Value::Map(loaded) = loaded else {
            return Err(ArgsError::param(
                &argument.cli_name(),
                format!(
                    "Invalid type: expecting map, received {}",
                    type_name(&loaded)
                ),
            ));
        };
        for (key, value) in loaded {
            input.entry(key).or_insert(value);
        }
    }

    parsed.input = Value::Map(input);
    if matches!(
        parsed.generate_skeleton,
        Some(SkeletonKind::Input | SkeletonKind::YamlInput)
    ) {
        return Ok(parsed);
    }
    crate::custom::before_parameter_build(service, &operation.name, &mut parsed.input);
    if let Some(shape) = input_shape {
        apply_binary_format(service, shape, &mut parsed.input, options.binary_format)?;
        validate_parameters(service, shape, &mut parsed.input)?;
    }
    if table.pagination.is_some() {
        if let Some(size) = crate::custom::injected_page_size(
            &table.service_command,
            &table.operation_command,
            &parsed.input,
            parsed.paginate,
            parsed.page_size.as_ref(),
        ) {
            parsed.page_size = Some(size);
        }
    }
    Ok(parsed)
}

/// `YAML(typ='safe').load(text)`; `None` when it is not YAML.
fn load_yaml(text: &str) -> Option<Value> {
    let doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(text).ok()?;
    Some(from_yaml(doc))
}

fn from_yaml(value: serde_yaml_ng::Value) -> Value {
    use serde_yaml_ng::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::List(items.into_iter().map(from_yaml).collect()),
        Y::Mapping(map) => Value::Map(
            map.into_iter()
                .map(|(k, v)| {
                    let key = match from_yaml(k) {
                        Value::String(s) => s,
                        other => crate::pyfmt::str_of(&other),
                    };
                    (key, from_yaml(v))
                })
                .collect(),
        ),
        Y::Tagged(tagged) => {
            let is_binary = tagged.tag == "binary" || tagged.tag == "tag:yaml.org,2002:binary";
            match (is_binary, tagged.value) {
                (true, Y::String(s)) => {
                    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
                    match crate::validate::python_b64decode(&compact) {
                        Ok(bytes) => Value::Blob(bytes),
                        Err(_) => Value::String(s),
                    }
                }
                (_, inner) => from_yaml(inner),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paramfile::MemoryFileSystem;

    struct Case {
        service: Service,
        operation: String,
    }

    impl Case {
        fn new(service: &str, operation: &str) -> Case {
            Case {
                service: awscli_model::store::load(service).unwrap(),
                operation: operation.to_owned(),
            }
        }

        fn run_with(
            &self,
            line: &[&str],
            options: &ParseOptions<'_>,
        ) -> Result<ParsedArgs, ArgsError> {
            let op = self.service.operation(&self.operation).unwrap();
            let paginated = self.service.paginator(&self.operation).unwrap().is_some();
            let table = ArgTable::for_operation(&self.service, op, paginated).unwrap();
            let tokens: Vec<String> = line.iter().map(|s| (*s).to_owned()).collect();
            parse_operation_args(&self.service, op, &table, &tokens, options)
        }

        fn run(&self, line: &[&str]) -> Result<ParsedArgs, ArgsError> {
            self.run_with(line, &ParseOptions::default())
        }

        fn err(&self, line: &[&str]) -> String {
            self.run(line).unwrap_err().to_string()
        }
    }

    fn json(text: &str) -> Value {
        crate::pyjson::loads(text).unwrap()
    }

    #[test]
    fn parse_operation_args_help_and_unknown_options() {
        let sqs = Case::new("sqs", "CreateQueue");
        assert!(sqs.run(&["help"]).unwrap().help);
        assert!(sqs.run(&["--queue-name", "q", "help"]).unwrap().help);
        let err = sqs.run(&["--queue-name", "q", "foo", "bar"]).unwrap_err();
        assert_eq!(err.to_string(), "Unknown options: bar, foo");
        assert!(err.shows_usage());
        assert_eq!(err.exit_code(), 252);
    }

    #[test]
    fn parse_operation_args_cli_input_json_is_overridden_by_arguments() {
        let sqs = Case::new("sqs", "CreateQueue");
        let parsed = sqs
            .run(&[
                "--cli-input-json",
                r#"{"QueueName": "from-json", "Attributes": {"DelaySeconds": "1"}}"#,
                "--queue-name",
                "from-args",
            ])
            .unwrap();
        assert_eq!(
            parsed.input,
            json(r#"{"QueueName": "from-args", "Attributes": {"DelaySeconds": "1"}}"#)
        );
        assert_eq!(
            sqs.err(&["--cli-input-json", "{}", "--cli-input-yaml", "a: 1"]),
            "Only one --cli-input- parameter may be specified."
        );
        assert_eq!(
            sqs.err(&["--cli-input-json", "{"]),
            "Error parsing parameter 'cli-input-json': Invalid JSON received."
        );
        assert_eq!(
            sqs.err(&["--cli-input-json", "[1]"]),
            "Error parsing parameter '--cli-input-json': Invalid type: expecting map, received <class 'list'>"
        );
        let parsed = sqs
            .run(&[
                "--cli-input-yaml",
                "QueueName: q\nAttributes:\n  DelaySeconds: '5'\n",
            ])
            .unwrap();
        assert_eq!(
            parsed.input,
            json(r#"{"QueueName": "q", "Attributes": {"DelaySeconds": "5"}}"#)
        );
    }

    #[test]
    fn parse_operation_args_files_load_text_and_bytes() {
        let fs = MemoryFileSystem::default()
            .with_env("HOME", "/home/u")
            .with_file("/home/u/attrs.json", br#"{"DelaySeconds": "5"}"#)
            .with_file("/data.bin", &[0, 159, 146, 150]);
        let options = ParseOptions {
            fs: &fs,
            ..ParseOptions::default()
        };
        let sqs = Case::new("sqs", "CreateQueue");
        let parsed = sqs
            .run_with(
                &["--queue-name", "q", "--attributes", "file://~/attrs.json"],
                &options,
            )
            .unwrap();
        assert_eq!(
            parsed.input,
            json(r#"{"QueueName": "q", "Attributes": {"DelaySeconds": "5"}}"#)
        );
        assert_eq!(
            sqs.run_with(&["--queue-name", "q", "--attributes", "file:///nope"], &options)
                .unwrap_err()
                .to_string(),
            "Error parsing parameter '--attributes': Unable to load paramfile file:///nope: [Errno 2] No such file or directory: '/nope'"
        );
        let kinesis = Case::new("kinesis", "PutRecord");
        let line = [
            "--stream-name",
            "s",
            "--partition-key",
            "k",
            "--data",
            "fileb:///data.bin",
        ];
        let parsed = kinesis.run_with(&line, &options).unwrap();
        assert_eq!(
            parsed.input.get("Data"),
            Some(&Value::Blob(vec![0, 159, 146, 150]))
        );
    }

    #[test]
    fn parse_operation_args_blobs_follow_binary_format() {
        let kinesis = Case::new("kinesis", "PutRecord");
        let base = ["--stream-name", "s", "--partition-key", "k", "--data"];
        let with = |data: &'static str| {
            let mut line = base.to_vec();
            line.push(data);
            line
        };
        let err = kinesis.run(&with("hello")).unwrap_err();
        assert_eq!(err.to_string(), "Invalid base64: \"hello\"");
        assert_eq!(err.exit_code(), 255);
        let parsed = kinesis.run(&with("aGVsbG8=")).unwrap();
        assert_eq!(
            parsed.input.get("Data"),
            Some(&Value::Blob(b"hello".to_vec()))
        );
        let raw = ParseOptions {
            binary_format: BinaryFormat::RawInBase64Out,
            ..ParseOptions::default()
        };
        let parsed = kinesis.run_with(&with("hello"), &raw).unwrap();
        assert_eq!(
            parsed.input.get("Data"),
            Some(&Value::Blob(b"hello".to_vec()))
        );
    }

    #[test]
    fn parse_operation_args_pagination_arguments() {
        let ec2 = Case::new("ec2", "DescribeInstances");
        let parsed = ec2
            .run(&[
                "--max-items",
                "3",
                "--page-size",
                "5",
                "--starting-token",
                "abc",
            ])
            .unwrap();
        assert!(parsed.paginate);
        assert_eq!(parsed.max_items, Some(3));
        assert_eq!(parsed.page_size, Some(Value::Integer(5)));
        assert_eq!(parsed.starting_token.as_deref(), Some("abc"));
        assert_eq!(parsed.input, Value::empty_map());
        let parsed = ec2.run(&["--max-results", "5"]).unwrap();
        assert!(!parsed.paginate);
        assert_eq!(parsed.input, json(r#"{"MaxResults": 5}"#));
        assert_eq!(
            ec2.err(&["--max-results", "5", "--max-items", "3"]),
            "Cannot specify --no-paginate along with pagination arguments: --max-items"
        );
        let no_paginate = ParseOptions {
            paginate: false,
            ..ParseOptions::default()
        };
        assert_eq!(
            ec2.run_with(&["--page-size", "3"], &no_paginate)
                .unwrap_err()
                .to_string(),
            "Cannot specify --no-paginate along with pagination arguments: --page-size"
        );
        assert_eq!(
            ec2.err(&["--max-items", "x"]),
            "argument --max-items: invalid int value: 'x'"
        );
    }

    #[test]
    fn parse_operation_args_shadowed_max_items_returns_without_pagination() {
        let route53 = Case::new("route53", "ListResourceRecordSets");
        let no_paginate = ParseOptions {
            paginate: false,
            ..ParseOptions::default()
        };
        let parsed = route53
            .run_with(
                &["--hosted-zone-id", "Z1", "--max-items", "7"],
                &no_paginate,
            )
            .unwrap();
        assert_eq!(
            parsed.input,
            json(r#"{"HostedZoneId": "Z1", "MaxItems": "7"}"#)
        );
        assert_eq!(parsed.max_items, None);
    }

    #[test]
    fn parse_operation_args_ec2_top_level_booleans() {
        let ec2 = Case::new("ec2", "ModifyInstanceAttribute");
        let parsed = ec2
            .run(&["--instance-id", "i", "--no-source-dest-check"])
            .unwrap();
        assert_eq!(
            parsed.input,
            json(r#"{"InstanceId": "i", "SourceDestCheck": {"Value": false}}"#)
        );
        let parsed = ec2
            .run(&["--instance-id", "i", "--source-dest-check"])
            .unwrap();
        assert_eq!(
            parsed.input.get("SourceDestCheck"),
            Some(&json(r#"{"Value": true}"#))
        );
        let parsed = ec2
            .run(&["--instance-id", "i", "--source-dest-check", "Value=false"])
            .unwrap();
        assert_eq!(
            parsed.input.get("SourceDestCheck"),
            Some(&json(r#"{"Value": false}"#))
        );
        assert_eq!(
            ec2.err(&["--instance-id", "i", "--source-dest-check", "--no-source-dest-check"]),
            "Cannot specify both the \"--source-dest-check\" option and the \"--no-source-dest-check\" option."
        );
    }

    #[test]
    fn parse_operation_args_outfile_and_skeleton_kinds() {
        let s3 = Case::new("s3", "GetObject");
        let parsed = s3.run(&["--bucket", "b", "--key", "k", "out.bin"]).unwrap();
        assert_eq!(parsed.outfile.as_deref(), Some("out.bin"));
        assert_eq!(parsed.input, json(r#"{"Bucket": "b", "Key": "k"}"#));
        let sqs = Case::new("sqs", "CreateQueue");
        let parsed = sqs.run(&["--generate-cli-skeleton"]).unwrap();
        assert_eq!(parsed.generate_skeleton, Some(SkeletonKind::Input));
        assert_eq!(
            sqs.err(&["--generate-cli-skeleton", "output"]),
            "the following arguments are required: --queue-name"
        );
        assert_eq!(
            sqs.err(&["--generate-cli-skeleton", "foo"]),
            "argument --generate-cli-skeleton: Found invalid choice 'foo'"
        );
    }

    #[test]
    fn parse_operation_args_shorthand_and_scalar_errors() {
        let sqs = Case::new("sqs", "CreateQueue");
        assert_eq!(
            sqs.err(&["--queue-name", "q", "--attributes", "a"]),
            "Error parsing parameter '--attributes': Expected: '=', received: 'EOF' for input:\na\n ^"
        );
        let receive = Case::new("sqs", "ReceiveMessage");
        let err = receive
            .run(&["--queue-url", "u", "--max-number-of-messages", "abc"])
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid literal for int() with base 10: 'abc'"
        );
        assert_eq!(err.exit_code(), 255);
        let ec2 = Case::new("ec2", "RunInstances");
        let parsed = ec2
            .run(&[
                "--image-id",
                "x",
                "--block-device-mappings",
                "DeviceName=/dev/sda1,Ebs={VolumeSize=10,DeleteOnTermination=true}",
            ])
            .unwrap();
        assert_eq!(
            parsed.input.get("BlockDeviceMappings"),
            Some(&json(
                r#"[{"DeviceName": "/dev/sda1", "Ebs": {"VolumeSize": 10, "DeleteOnTermination": true}}]"#
            ))
        );
        let logs = Case::new("logs", "GetLogEvents");
        assert_eq!(
            logs.err(&[
                "--log-group-name",
                "g",
                "--log-stream-name",
                "s",
                "--start-time",
                "abc"
            ]),
            "argument --start-time: invalid int value: 'abc'"
        );
        let cw = Case::new("cloudwatch", "GetMetricStatistics");
        let line = [
            "--namespace",
            "n",
            "--metric-name",
            "m",
            "--start-time",
            "notadate",
            "--end-time",
            "2020-01-02",
            "--period",
            "60",
            "--statistics",
            "Average",
        ];
        assert_eq!(
            cw.err(&line),
            "Parameter validation failed:\nInvalid type for parameter StartTime, value: notadate, type: <class 'str'>, valid types: <class 'datetime.datetime'>, timestamp-string"
        );
    }
}
