//! The parameters of one AWS CLI operation: from the command-line tokens
//! after `aws <service> <operation>` to the operation's input [`Value`],
//! as AWS CLI v2 does it.
//!
//! - [`xform_name`]: botocore's CamelCase -> kebab-case naming;
//! - [`ArgTable`]: the arguments of an operation (members, `--no-x`
//!   booleans, renames, `outfile`, `--cli-input-json|yaml`, pagination
//!   arguments, `--generate-cli-skeleton`);
//! - [`parse_operation_args`]: argparse, `file://`/`fileb://`, shorthand,
//!   JSON, `--cli-input-*`, `--cli-binary-format`, validation;
//! - [`custom`]: the reference's argument customizations of model
//!   operations (`ec2 run-instances --count`, ...);
//! - [`shorthand`]: the shorthand syntax parser;
//! - [`skeleton`]: `--generate-cli-skeleton` output;
//! - [`validate`]: botocore's `ParamValidator`.
//!
//! Errors are [`ArgsError`], whose `Display` is the reference's message
//! without the `aws: [ERROR]: ` prefix. No printing, no network; files are
//! read through [`ParamFileSystem`].
//!
//! ```
//! use awscli_args::{parse_operation_args, ArgTable, ParseOptions};
//! let sqs = awscli_model::store::load("sqs").unwrap();
//! let op = sqs.operation("CreateQueue").unwrap();
//! let table = ArgTable::for_operation(&sqs, op, false).unwrap();
//! let tokens: Vec<String> = ["--queue-name", "q", "--attributes", "DelaySeconds=5"]
//!     .iter().map(|s| s.to_string()).collect();
//! let parsed = parse_operation_args(&sqs, op, &table, &tokens, &ParseOptions::default()).unwrap();
//! assert_eq!(parsed.input.get("QueueName").and_then(|v| v.as_str()), Some("q"));
//! ```

mod argparse;
pub mod custom;
mod error;
pub mod paramfile;
mod parse;
pub mod pyfmt;
pub mod pyjson;
pub mod shorthand;
pub mod skeleton;
pub mod table;
mod unpack;
pub mod validate;
mod xform;

pub use awscli_model::Value;
pub use custom::{CustomArgument, CustomNargs, FileContents, MetricDatumField, ResponseFile};
pub use error::{ArgsError, GENERAL_ERROR_RC, PARAM_VALIDATION_ERROR_RC};
pub use paramfile::{MemoryFileSystem, ParamFileSystem, StdFileSystem};
pub use parse::{parse_operation_args, ParseOptions, ParsedArgs};
pub use skeleton::SkeletonKind;
pub use table::{cli_service_name, ArgTable, ArgumentKind, CliArgument, MemberAction, PageType};
pub use validate::{apply_binary_format, validate_parameters, BinaryFormat};
pub use xform::{xform_name, xform_name_with};
