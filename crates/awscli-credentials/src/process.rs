//! `custom-process`: the profile's `credential_process` command, split like `shlex.split`
//! (no shell) and run for its JSON output (`{"Version": 1, "AccessKeyId", "SecretAccessKey",
//! "SessionToken", "Expiration"}`). With an `Expiration` the command is run again to refresh.
//!
//! Ported from botocore `ProcessProvider` (`botocore/credentials.py`); reference-cli.md 2.5
//! row 7. Errors: a non-zero exit is `Error when retrieving credentials from custom-process:
//! <stderr>`; output that is not JSON is Python's `JSONDecodeError` text; a bad `Version` or a
//! missing key are `CredentialRetrievalError`s with botocore's messages.

use std::sync::Arc;

use awscli_client::Credentials;

use crate::context::Context;
use crate::error::CredentialsError;
use crate::provider::{CredentialsProvider, Refresher};
use crate::static_keys::{method, profile, profile_str};

/// `ProcessProvider.load`.
pub(crate) async fn provider(
    ctx: &Arc<Context>,
    profile_name: &str,
) -> Result<Option<CredentialsProvider>, CredentialsError> {
    let Some(command) = profile_str(profile(ctx, profile_name), "credential_process") else {
        return Ok(None);
    };
    let command = command.to_string();
    let first = run(&command).await?;
    if first.expiration.is_none() {
        return Ok(Some(CredentialsProvider::fixed(method::PROCESS, first)));
    }
    let refresher: Refresher = Arc::new(move || {
        let command = command.clone();
        Box::pin(async move { run(&command).await })
    });
    Ok(Some(CredentialsProvider::refreshable(
        method::PROCESS,
        first,
        refresher,
        Arc::clone(&ctx.clock),
    )))
}

fn retrieval(error_msg: impl Into<String>) -> CredentialsError {
    CredentialsError::Retrieval {
        provider: method::PROCESS.into(),
        error_msg: error_msg.into(),
    }
}

/// `_retrieve_credentials_using`.
pub(crate) async fn run(command: &str) -> Result<Credentials, CredentialsError> {
    let argv = awscli_config::shlex::split(command)
        .map_err(|e| CredentialsError::Python(e.to_string()))?;
    let Some((program, args)) = argv.split_first() else {
        // `Popen([])` raises `IndexError: list index out of range`.
        return Err(CredentialsError::Python("list index out of range".into()));
    };
    let output = tokio::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::inherit())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .output()
        .await
        .map_err(|e| {
            CredentialsError::Python(crate::fs::os_error_text(&e, std::path::Path::new(program)))
        })?;
    if !output.status.success() {
        return Err(retrieval(String::from_utf8_lossy(&output.stderr)));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let parsed = crate::pyjson::loads(&stdout).map_err(CredentialsError::Python)?;
    let Some(object) = parsed.as_object() else {
        let type_name = match parsed {
            serde_json::Value::Array(_) => "list",
            serde_json::Value::String(_) => "str",
            serde_json::Value::Number(ref n) if n.is_f64() => "float",
            serde_json::Value::Number(_) => "int",
            serde_json::Value::Bool(_) => "bool",
            _ => "NoneType",
        };
        return Err(CredentialsError::Python(format!(
            "'{type_name}' object has no attribute 'get'"
        )));
    };
    // Python compares `version != 1`, so 1.0 and true pass too.
    let version_ok = match object.get("Version") {
        Some(serde_json::Value::Number(n)) => n.as_f64() == Some(1.0),
        Some(serde_json::Value::Bool(b)) => *b,
        _ => false,
    };
    if !version_ok {
        let shown = object
            .get("Version")
            .map(crate::pyjson::py_str)
            .unwrap_or_else(|| "<Version key not provided>".into());
        return Err(retrieval(format!(
            "Unsupported version '{shown}' for credential process provider, supported versions: 1"
        )));
    }
    let required = |key: &str| -> Result<String, CredentialsError> {
        match object.get(key) {
            Some(value) => Ok(crate::pyjson::py_str(value)),
            None => Err(retrieval(format!(
                "Missing required key in response: '{key}'"
            ))),
        }
    };
    let access_key_id = required("AccessKeyId")?;
    let secret_access_key = required("SecretAccessKey")?;
    let optional = |key: &str| {
        object
            .get(key)
            .filter(|v| !v.is_null())
            .map(crate::pyjson::py_str)
    };
    let expiration = optional("Expiration")
        .map(|text| {
            crate::time::parse_system_time(&text)
                .ok_or_else(|| CredentialsError::Python(format!("Unknown string format: {text}")))
        })
        .transpose()?;
    Ok(Credentials {
        access_key_id,
        secret_access_key,
        session_token: optional("SessionToken"),
        expiration,
    })
}
