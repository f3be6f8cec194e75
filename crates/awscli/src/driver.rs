//! From the command line to a command: the global options, the top-level
//! command table, then the command itself.
use std::collections::HashMap;
use std::io::Write;

use crate::commands::{self, Custom, Target};
use crate::error::CliError;
use crate::globals::{self, FirstPass, GlobalArgs};

/// The process environment, captured once in `main`.
pub type Env = HashMap<String, String>;

/// Why a run stopped early.
#[derive(Debug)]
pub enum RunError {
    Cli(CliError),
    /// Writing stdout failed (a broken pipe is not an error).
    Io(std::io::Error),
}

impl RunError {
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, RunError::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

impl From<CliError> for RunError {
    fn from(e: CliError) -> Self {
        RunError::Cli(e)
    }
}

impl From<std::io::Error> for RunError {
    fn from(e: std::io::Error) -> Self {
        RunError::Io(e)
    }
}

/// Whether errors are reported in the `legacy` format: `--cli-error-format`,
/// else `AWS_CLI_ERROR_FORMAT` (the config file key is read with the rest of
/// the configuration once a command runs).
pub fn error_format_is_legacy(args: &[String], env: &Env) -> bool {
    let mut from_args = None;
    for (i, a) in args.iter().enumerate() {
        if let Some(v) = a.strip_prefix("--cli-error-format=") {
            from_args = Some(v.to_owned());
        } else if a == "--cli-error-format" {
            from_args = args.get(i + 1).cloned();
        }
    }
    from_args
        .or_else(|| env.get("AWS_CLI_ERROR_FORMAT").cloned())
        .is_some_and(|v| v.eq_ignore_ascii_case("legacy"))
}

/// Runs one command line; returns the exit code of a command that finished.
pub fn run(args: &[String], env: &Env, stdout: &mut dyn Write) -> Result<u8, RunError> {
    let (globals, command, rest) = match globals::parse(args)? {
        FirstPass::Version => {
            let lookup = |k: &str| env.get(k).cloned();
            writeln!(stdout, "{}", crate::version::version_string(&lookup))?;
            return Ok(0);
        }
        FirstPass::Command {
            globals,
            command,
            rest,
        } => (*globals, command, rest),
    };
    if globals.debug {
        use awscli_client::DebugLog;
        let lookup = |k: &str| env.get(k).cloned();
        let log = crate::call::StderrLog;
        log.debug(
            "awscli.clidriver",
            &format!("CLI version: {}", crate::version::version_string(&lookup)),
        );
        let quoted: Vec<String> = args
            .iter()
            .map(|a| format!("'{}'", a.replace('\'', "\\'")))
            .collect();
        log.debug(
            "awscli.clidriver",
            &format!("Arguments entered to CLI: [{}]", quoted.join(", ")),
        );
    }
    let target = commands::lookup(&command)
        .ok_or_else(|| CliError::invalid_choice("command", &command, commands::names()))?;
    if let Some(query) = &globals.query {
        compile_query(query)?;
    }
    match target {
        Target::Service(service) => run_service(service, &globals, &rest, env, stdout),
        Target::Custom(custom) => run_custom(custom, &globals, &rest, env, stdout),
    }
}

fn run_custom(
    custom: Custom,
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    if custom == Custom::Help {
        return crate::help::provider(rest, env, stdout);
    }
    if matches!(custom, Custom::S3 | Custom::Configure) {
        let command = if custom == Custom::S3 {
            "s3"
        } else {
            "configure"
        };
        if let Some(shown) = crate::help::top_level_custom(command, rest, env, stdout) {
            return shown;
        }
    }
    if custom == Custom::S3 {
        return crate::s3::run(rest, globals, env, stdout);
    }
    if custom == Custom::Configure {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        let stderr = std::io::stderr();
        let mut errors = stderr.lock();
        return Ok(crate::configure::run(
            rest,
            globals,
            env,
            &mut input,
            stdout,
            &mut errors,
        )?);
    }
    let name = match custom {
        Custom::S3 => "s3",
        Custom::Configure => "configure",
        Custom::Help => "help",
        Custom::Ddb => "ddb",
        Custom::History => "history",
    };
    Err(CliError::General(format!("aws {name} is not available in this build yet")).into())
}

/// `aws <service> <operation> ...`.
fn run_service(
    service: &'static str,
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let model = awscli_model::store::load(service).map_err(|e| CliError::General(e.to_string()))?;
    // The service parser takes the first word that is not an option as the operation.
    let Some(position) = rest.iter().position(|t| !globals::looks_like_option(t)) else {
        return Err(
            CliError::usage("the following arguments are required: operation".to_owned()).into(),
        );
    };
    let operation_word = &rest[position];
    let mut remaining = rest.to_vec();
    remaining.remove(position);
    let table = crate::operations::OperationTable::new(&model);
    let Some(entry) = table.lookup(operation_word) else {
        return Err(CliError::invalid_choice("operation", operation_word, table.names()).into());
    };
    crate::operations::run(&model, entry, globals, &remaining, env, stdout)
}

/// Compiles `--query`; a bad expression is a parameter error (252).
pub fn compile_query(text: &str) -> Result<awscli_jmespath::Expression, CliError> {
    awscli_jmespath::compile(text)
        .map_err(|e| CliError::param(format!("Bad value for --query {text}: {e}")))
}
