//! Waiters: poll an operation until an acceptor says success or failure,
//! or the attempts run out.
//!
//! Spec: botocore `waiter.py` (`AcceptorConfig`, `Waiter.wait`) and
//! `awscli/customizations/waiters.py`. The response acceptors look at is
//! botocore's: the output plus `ResponseMetadata.HTTPStatusCode`, or for a
//! service error `{"Error": {"Code", "Message"}, "ResponseMetadata": ...}`.
use std::sync::Arc;
use std::time::Duration;

use awscli_model::{Value, Waiter, WaiterAcceptor};
use indexmap::IndexMap;

use crate::invoke::{CallError, OperationCaller, Sleeper};
use crate::path::{self, PathError};
use crate::python;

/// Waiter failures. `Display` is the reference's text.
#[derive(Debug, thiserror::Error)]
pub enum WaiterError {
    /// botocore `WaiterError`.
    #[error("Waiter {name} failed: {reason}")]
    Failed {
        name: String,
        reason: String,
        last_response: Value,
    },
    /// A failure that is not a service error (connection, parse ...).
    #[error(transparent)]
    Call(#[from] CallError),
    #[error(transparent)]
    Path(#[from] PathError),
    /// `WaiterConfigError`.
    #[error("Error processing waiter config: Unknown acceptor: {0}")]
    UnknownAcceptor(String),
}

/// Overrides of the model's `delay` / `maxAttempts` (`WaiterConfig`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WaiterConfig {
    pub delay: Option<Duration>,
    pub max_attempts: Option<u64>,
}

/// `AcceptorConfig.explanation`.
pub fn explanation(acceptor: &WaiterAcceptor) -> String {
    let expected = python::str_of(&python::value_from_json(&acceptor.expected));
    let argument = acceptor.argument.as_deref().unwrap_or("None");
    match acceptor.matcher.as_str() {
        "path" => format!("For expression \"{argument}\" we matched expected path: \"{expected}\""),
        "pathAll" => format!(
            "For expression \"{argument}\" all members matched expected path: \"{expected}\""
        ),
        "pathAny" => format!(
            "For expression \"{argument}\" we matched expected path: \"{expected}\" at least once"
        ),
        "status" => format!("Matched expected HTTP status code: {expected}"),
        "error" => format!("Matched expected service error code: {expected}"),
        other => format!("No explanation for unknown waiter type: \"{other}\""),
    }
}

/// `is_valid_waiter_error`.
fn is_error_response(response: &Value) -> bool {
    response.get("Error").and_then(|e| e.get("Code")).is_some()
}

/// Whether `acceptor` matches `response` (the `matcher_func`).
pub fn acceptor_matches(acceptor: &WaiterAcceptor, response: &Value) -> Result<bool, WaiterError> {
    let expected = &acceptor.expected;
    let argument = acceptor.argument.as_deref().unwrap_or("");
    Ok(match acceptor.matcher.as_str() {
        "path" => {
            !is_error_response(response)
                && python::python_eq(&path::search(argument, response)?, expected)
        }
        "pathAll" => {
            !is_error_response(response)
                && match path::search(argument, response)? {
                    Value::List(items) if !items.is_empty() => {
                        items.iter().all(|i| python::python_eq(i, expected))
                    }
                    _ => false,
                }
        }
        "pathAny" => {
            !is_error_response(response)
                && match path::search(argument, response)? {
                    Value::List(items) => items.iter().any(|i| python::python_eq(i, expected)),
                    _ => false,
                }
        }
        "status" => {
            let status = response
                .get("ResponseMetadata")
                .and_then(|m| m.get("HTTPStatusCode"))
                .cloned()
                .unwrap_or(Value::Null);
            python::python_eq(&status, expected)
        }
        "error" => match expected {
            serde_json::Value::Bool(true) => is_error_response(response),
            serde_json::Value::Bool(false) => response.get("Error").is_none(),
            other => {
                let code = response
                    .get("Error")
                    .and_then(|e| e.get("Code"))
                    .cloned()
                    .unwrap_or(Value::String(String::new()));
                python::python_eq(&code, other)
            }
        },
        other => return Err(WaiterError::UnknownAcceptor(other.to_owned())),
    })
}

fn metadata(status: u16, retry_attempts: u32) -> Value {
    let mut m = IndexMap::new();
    m.insert(
        "HTTPStatusCode".to_owned(),
        Value::Integer(i64::from(status)),
    );
    m.insert(
        "RetryAttempts".to_owned(),
        Value::Integer(i64::from(retry_attempts)),
    );
    Value::Map(m)
}

/// The response dict botocore's `NormalizedOperationMethod` returns: the
/// output, or the error response of a `ClientError`.
async fn call_normalized(
    caller: &dyn OperationCaller,
    input: &Value,
) -> Result<Value, WaiterError> {
    match caller.call(input).await {
        Ok(response) => {
            let mut map = response.output.as_map().cloned().unwrap_or_default();
            map.insert(
                "ResponseMetadata".to_owned(),
                metadata(response.status, response.retry_attempts),
            );
            Ok(Value::Map(map))
        }
        Err(CallError::Service {
            error,
            retry_attempts,
            ..
        }) => {
            let mut e = IndexMap::new();
            e.insert("Code".to_owned(), Value::String(error.code.clone()));
            e.insert("Message".to_owned(), Value::String(error.message.clone()));
            let mut map = IndexMap::new();
            map.insert("Error".to_owned(), Value::Map(e));
            map.insert(
                "ResponseMetadata".to_owned(),
                metadata(error.status, retry_attempts),
            );
            Ok(Value::Map(map))
        }
        Err(other) => Err(other.into()),
    }
}

/// `Waiter.wait`: calls the waiter's operation with `input` until success.
pub async fn wait(
    caller: &dyn OperationCaller,
    waiter: &Waiter,
    input: &Value,
    config: WaiterConfig,
    sleeper: Arc<dyn Sleeper>,
) -> Result<(), WaiterError> {
    let delay = config.delay.unwrap_or(Duration::from_secs(waiter.delay));
    let max_attempts = config.max_attempts.unwrap_or(waiter.max_attempts);
    let mut current_state = "waiting".to_owned();
    let mut last_matched = false;
    let mut attempts = 0u64;
    loop {
        let response = call_normalized(caller, input).await?;
        attempts += 1;
        // Python's for/else leaves the loop variable on the last acceptor
        // tried; the "Previously accepted state" text uses that one.
        let mut acceptor = waiter.acceptors.last();
        let mut matched = false;
        for candidate in &waiter.acceptors {
            acceptor = Some(candidate);
            if acceptor_matches(candidate, &response)? {
                matched = true;
                last_matched = true;
                current_state = candidate.state.clone();
                break;
            }
        }
        if !matched && is_error_response(&response) {
            let error = response.get("Error");
            let field = |k: &str| {
                error
                    .and_then(|e| e.get(k))
                    .and_then(Value::as_str)
                    .unwrap_or("Unknown")
                    .to_owned()
            };
            return Err(WaiterError::Failed {
                name: waiter.name.clone(),
                reason: format!(
                    "An error occurred ({}): {}",
                    field("Code"),
                    field("Message")
                ),
                last_response: response,
            });
        }
        let explain = acceptor.map(explanation).unwrap_or_default();
        match current_state.as_str() {
            "success" => return Ok(()),
            "failure" => {
                return Err(WaiterError::Failed {
                    name: waiter.name.clone(),
                    reason: format!("Waiter encountered a terminal failure state: {explain}"),
                    last_response: response,
                })
            }
            _ => {}
        }
        if attempts >= max_attempts {
            let reason = if last_matched {
                format!("Max attempts exceeded. Previously accepted state: {explain}")
            } else {
                "Max attempts exceeded".to_owned()
            };
            return Err(WaiterError::Failed {
                name: waiter.name.clone(),
                reason,
                last_response: response,
            });
        }
        sleeper.sleep(delay).await;
    }
}

#[cfg(test)]
mod tests;
