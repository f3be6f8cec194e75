//! `aws ssm start-session` and `aws ecs execute-command`: model operations
//! (their arguments come from the model) whose answer is handed to the
//! external `session-manager-plugin`, which runs the interactive session.
//!
//! Spec: `awscli/customizations/sessionmanager.py` and
//! `awscli/customizations/ecs/executecommand.py`. The plugin is started as
//! `session-manager-plugin <response JSON> <region> StartSession <profile>
//! <parameters JSON> <endpoint URL>`. When it is not installed the command
//! fails (255) with the reference's `SessionManagerPlugin is not found`
//! message; `start-session` first terminates the session it opened, and
//! `execute-command` checks for the plugin before calling anything.
use std::process::Command;

use awscli_args::{parse_operation_args, ArgTable, ParseOptions, StdFileSystem};
use awscli_jmespath::python::{write_json, JsonStyle};
use awscli_model::{Service, Value};

use super::api::{map, string, Api};
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::Session;

pub const PLUGIN: &str = "session-manager-plugin";

pub const PLUGIN_NOT_FOUND: &str = "SessionManagerPlugin is not found. Please refer to SessionManager Documentation here: http://docs.aws.amazon.com/console/systems-manager/session-manager-plugin-not-found";

const TASK_NOT_FOUND: &str = "The task provided in the request was not found.";

/// Python's `json.dumps` with default separators.
fn json_dumps(value: &Value) -> String {
    let mut out = String::new();
    let style = JsonStyle {
        indent: None,
        ensure_ascii: true,
        compact: false,
    };
    write_json(&mut out, value, style);
    out
}

fn args_error(e: awscli_args::ArgsError) -> CliError {
    let message = e.to_string();
    if matches!(e, awscli_args::ArgsError::UnknownOptions(_)) {
        return CliError::UnknownOptions(message);
    }
    match e.exit_code() {
        252 if e.shows_usage() => CliError::usage(message),
        252 => CliError::param(message),
        _ => CliError::General(message),
    }
}

/// Parses the operation's arguments as any model operation's.
pub(super) fn parse_input(
    session: &Session,
    service: &Service,
    operation: &str,
    rest: &[String],
) -> Result<Value, CliError> {
    let op = service
        .operation(operation)
        .map_err(|e| CliError::General(e.to_string()))?;
    let table = ArgTable::for_operation(service, op, false).map_err(args_error)?;
    let options = ParseOptions {
        paginate: session.globals.paginate,
        fs: &StdFileSystem,
        ..ParseOptions::default()
    };
    let parsed = parse_operation_args(service, op, &table, rest, &options).map_err(args_error)?;
    if parsed.help {
        return Err(CliError::General(
            "help is not available in this build yet".into(),
        ));
    }
    Ok(parsed.input)
}

/// What the plugin needs besides the session: region, profile, endpoint.
struct PluginContext {
    region: String,
    profile: String,
    endpoint_url: String,
}

fn plugin_context(
    session: &Session,
    service: &Service,
    operation: &str,
    input: &Value,
    env: &Env,
) -> Result<PluginContext, CliError> {
    let op = service
        .operation(operation)
        .map_err(|e| CliError::General(e.to_string()))?;
    let endpoint = session.resolve_endpoint(service, op, input)?;
    let profile = session
        .globals
        .profile
        .clone()
        .or_else(|| env.get("AWS_DEFAULT_PROFILE").cloned())
        .or_else(|| env.get("AWS_PROFILE").cloned())
        .unwrap_or_default();
    Ok(PluginContext {
        region: session.region()?.unwrap_or_default(),
        profile,
        endpoint_url: endpoint.url,
    })
}

/// Runs the plugin; `Ok(None)` when it is not installed. While it runs,
/// the keys a user types to the session (Ctrl-C, Ctrl-\\, Ctrl-Z) must
/// reach the plugin only, so this process stops reacting to them
/// (`ignore_user_entered_signals` in the reference).
fn run_plugin(args: &[String]) -> Result<Option<u8>, CliError> {
    let _interrupt = (!args.is_empty()).then(crate::interrupt::take_over);
    if !args.is_empty() {
        let absorbed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        for signal in [
            signal_hook::consts::SIGINT,
            signal_hook::consts::SIGQUIT,
            signal_hook::consts::SIGTSTP,
        ] {
            let _ = signal_hook::flag::register(signal, std::sync::Arc::clone(&absorbed));
        }
    }
    match Command::new(PLUGIN).args(args).status() {
        Ok(status) if status.success() => Ok(Some(0)),
        Ok(status) => Err(CliError::General(format!(
            "Command '{}' returned non-zero exit status {}.",
            python_list_repr(PLUGIN, args),
            status.code().unwrap_or(-1)
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CliError::General(e.to_string())),
    }
}

/// `str(['session-manager-plugin', ...])` for `CalledProcessError`.
fn python_list_repr(program: &str, args: &[String]) -> String {
    let quote = |s: &str| {
        let escaped = s.replace('\\', "\\\\");
        if s.contains('\'') && !s.contains('"') {
            format!("\"{escaped}\"")
        } else {
            format!("'{}'", escaped.replace('\'', "\\'"))
        }
    };
    let mut parts = vec![quote(program)];
    parts.extend(args.iter().map(|a| quote(a)));
    format!("[{}]", parts.join(", "))
}

/// `aws ssm start-session`.
pub fn start_session(
    service: &Service,
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
) -> Result<u8, RunError> {
    let session = Session::new(globals, env)?;
    let input = parse_input(&session, service, "StartSession", rest)?;
    let context = plugin_context(&session, service, "StartSession", &input, env)?;
    let mut api = Api::new(session);
    let response = api.call(service, "StartSession", &input)?;
    let session_id = response
        .get("SessionId")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let args = vec![
        json_dumps(&response),
        context.region,
        "StartSession".to_owned(),
        context.profile,
        json_dumps(&input),
        context.endpoint_url,
    ];
    match run_plugin(&args)? {
        Some(code) => Ok(code),
        None => {
            // Without the plugin nobody will use the session: close it now
            // rather than leave it open on the agent until it times out.
            api.call(
                service,
                "TerminateSession",
                &map([("SessionId", string(session_id))]),
            )?;
            Err(CliError::General(PLUGIN_NOT_FOUND.to_owned()).into())
        }
    }
}

/// `aws ecs execute-command`.
pub fn execute_command(
    service: &Service,
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
) -> Result<u8, RunError> {
    let session = Session::new(globals, env)?;
    let input = parse_input(&session, service, "ExecuteCommand", rest)?;
    // The reference makes sure the plugin exists before anything is started.
    if run_plugin(&[])?.is_none() {
        return Err(CliError::General(PLUGIN_NOT_FOUND.to_owned()).into());
    }
    let context = plugin_context(&session, service, "ExecuteCommand", &input, env)?;
    let mut api = Api::new(session);
    let response = api.call(service, "ExecuteCommand", &input)?;
    let last = |key: &str| {
        response
            .get(key)
            .and_then(Value::as_str)
            .and_then(|arn| arn.rsplit('/').next())
            .unwrap_or_default()
            .to_owned()
    };
    let cluster = last("clusterArn");
    let task = last("taskArn");
    let container = response
        .get("containerName")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let tasks = api.call(
        service,
        "DescribeTasks",
        &map([
            ("cluster", string(&cluster)),
            ("tasks", Value::List(vec![string(&task)])),
        ]),
    )?;
    let first = tasks
        .get("tasks")
        .and_then(Value::as_list)
        .and_then(|t| t.first())
        .ok_or_else(|| CliError::General(TASK_NOT_FOUND.to_owned()))?;
    let runtime_id = first
        .get("containers")
        .and_then(Value::as_list)
        .unwrap_or(&[])
        .iter()
        .find(|c| c.get("name").and_then(Value::as_str) == Some(container))
        .and_then(|c| c.get("runtimeId"))
        .and_then(Value::as_str)
        .unwrap_or("None")
        .to_owned();
    let target = map([(
        "Target",
        string(format!("ecs:{cluster}_{task}_{runtime_id}")),
    )]);
    let session_value = response.get("session").cloned().unwrap_or(Value::Null);
    let args = vec![
        json_dumps(&session_value),
        context.region,
        "StartSession".to_owned(),
        context.profile,
        json_dumps(&target),
        context.endpoint_url,
    ];
    match run_plugin(&args)? {
        Some(code) => Ok(code),
        None => Err(CliError::General(PLUGIN_NOT_FOUND.to_owned()).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plugin_arguments_are_python_json() {
        let v = map([("Target", string("i-1")), ("N", Value::Integer(2))]);
        assert_eq!(json_dumps(&v), r#"{"Target": "i-1", "N": 2}"#);
    }

    #[test]
    fn called_process_error_lists_the_command() {
        assert_eq!(
            python_list_repr("p", &["a'b".to_owned(), "c".to_owned()]),
            r#"['p', "a'b", 'c']"#
        );
    }
}
