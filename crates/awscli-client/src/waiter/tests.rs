use super::*;
use crate::http::BoxFuture;
use crate::invoke::tests::RecordingSleeper;
use crate::invoke::Response;
use awscli_protocol::ServiceError;
use std::collections::VecDeque;
use std::sync::Mutex;

type Step = Result<(u16, serde_json::Value), (&'static str, u16)>;

/// Answers with scripted outputs (`Ok`) or service errors (`Err(code, status)`).
struct FakeCaller {
    script: Mutex<VecDeque<Step>>,
    calls: Mutex<usize>,
}

impl FakeCaller {
    fn new(script: Vec<Step>) -> FakeCaller {
        FakeCaller {
            script: Mutex::new(script.into()),
            calls: Mutex::new(0),
        }
    }
}

impl OperationCaller for FakeCaller {
    fn call<'a>(&'a self, _input: &'a Value) -> BoxFuture<'a, Result<Response, CallError>> {
        *self.calls.lock().expect("lock") += 1;
        let next = self.script.lock().expect("lock").pop_front();
        Box::pin(async move {
            match next {
                Some(Ok((status, json))) => Ok(Response {
                    output: python::value_from_json(&json),
                    status,
                    headers: vec![],
                    retry_attempts: 0,
                    request_id: None,
                }),
                Some(Err((code, status))) => Err(CallError::Service {
                    error: Box::new(ServiceError {
                        code: code.to_owned(),
                        message: "Not Found".to_owned(),
                        status,
                        ..Default::default()
                    }),
                    operation: "HeadObject".into(),
                    retry_attempts: 0,
                    max_attempts_reached: false,
                    headers: vec![],
                }),
                None => Err(CallError::HttpClient {
                    error: "script exhausted".into(),
                }),
            }
        })
    }
}

fn waiter(name: &str, json: serde_json::Value) -> Waiter {
    let mut w: Waiter = serde_json::from_value(json).expect("waiter config");
    w.name = name.to_owned();
    w
}

fn object_exists() -> Waiter {
    waiter(
        "ObjectExists",
        serde_json::json!({
            "delay": 5, "operation": "HeadObject", "maxAttempts": 3,
            "acceptors": [
                {"expected": 200, "matcher": "status", "state": "success"},
                {"expected": 404, "matcher": "status", "state": "retry"}
            ]
        }),
    )
}

async fn run(caller: &FakeCaller, w: &Waiter) -> (Result<(), WaiterError>, Vec<Duration>) {
    let sleeper = Arc::new(RecordingSleeper::default());
    let result = wait(
        caller,
        w,
        &Value::empty_map(),
        WaiterConfig::default(),
        sleeper.clone(),
    )
    .await;
    let sleeps = sleeper.0.lock().expect("lock").clone();
    (result, sleeps)
}

#[tokio::test]
async fn waiter_max_attempts_message_names_previous_state() {
    let caller = FakeCaller::new(vec![
        Err(("404", 404)),
        Err(("404", 404)),
        Err(("404", 404)),
    ]);
    let (result, sleeps) = run(&caller, &object_exists()).await;
    assert_eq!(
        result.expect_err("fails").to_string(),
        "Waiter ObjectExists failed: Max attempts exceeded. Previously accepted state: Matched expected HTTP status code: 404"
    );
    assert_eq!(sleeps, vec![Duration::from_secs(5), Duration::from_secs(5)]);
}

#[tokio::test]
async fn waiter_success_after_retry() {
    let caller = FakeCaller::new(vec![Err(("404", 404)), Ok((200, serde_json::json!({})))]);
    let (result, sleeps) = run(&caller, &object_exists()).await;
    assert!(result.is_ok());
    assert_eq!(sleeps.len(), 1);
}

#[tokio::test]
async fn waiter_unmatched_error_fails_immediately() {
    let caller = FakeCaller::new(vec![Err(("AccessDenied", 403))]);
    let (result, _) = run(&caller, &object_exists()).await;
    assert_eq!(
        result.expect_err("fails").to_string(),
        "Waiter ObjectExists failed: An error occurred (AccessDenied): Not Found"
    );
}

fn instance_running() -> Waiter {
    waiter(
        "InstanceRunning",
        serde_json::json!({
            "delay": 15, "operation": "DescribeInstances", "maxAttempts": 2,
            "acceptors": [
                {"expected": "running", "matcher": "pathAll", "state": "success", "argument": "States"},
                {"expected": "terminated", "matcher": "pathAny", "state": "failure", "argument": "States"},
                {"expected": "InvalidInstanceID.NotFound", "matcher": "error", "state": "retry"}
            ]
        }),
    )
}

#[tokio::test]
async fn waiter_path_any_failure_is_terminal() {
    let caller = FakeCaller::new(vec![Ok((
        200,
        serde_json::json!({"States": ["pending", "terminated"]}),
    ))]);
    let (result, _) = run(&caller, &instance_running()).await;
    assert_eq!(
        result.expect_err("fails").to_string(),
        "Waiter InstanceRunning failed: Waiter encountered a terminal failure state: For expression \"States\" we matched expected path: \"terminated\" at least once"
    );
}

#[tokio::test]
async fn waiter_path_all_success() {
    let caller = FakeCaller::new(vec![
        Ok((200, serde_json::json!({"States": ["pending", "running"]}))),
        Ok((200, serde_json::json!({"States": ["running", "running"]}))),
    ]);
    let (result, _) = run(&caller, &instance_running()).await;
    assert!(result.is_ok());
}

#[tokio::test]
async fn waiter_unmatched_responses_exhaust_without_previous_state() {
    let caller = FakeCaller::new(vec![
        Ok((200, serde_json::json!({"States": ["pending"]}))),
        Ok((200, serde_json::json!({"States": ["pending"]}))),
    ]);
    let (result, _) = run(&caller, &instance_running()).await;
    assert_eq!(
        result.expect_err("fails").to_string(),
        "Waiter InstanceRunning failed: Max attempts exceeded"
    );
}

#[tokio::test]
async fn waiter_previous_state_text_uses_last_acceptor_tried() {
    // botocore quirk: after a matched retry, an unmatched last attempt
    // explains with the *last acceptor in the list*, not the matched one.
    let caller = FakeCaller::new(vec![
        Err(("InvalidInstanceID.NotFound", 400)),
        Ok((200, serde_json::json!({"States": ["pending"]}))),
    ]);
    let (result, _) = run(&caller, &instance_running()).await;
    assert_eq!(
        result.expect_err("fails").to_string(),
        "Waiter InstanceRunning failed: Max attempts exceeded. Previously accepted state: Matched expected service error code: InvalidInstanceID.NotFound"
    );
}

#[test]
fn explanation_formats_like_python_str() {
    let a: WaiterAcceptor = serde_json::from_value(serde_json::json!(
        {"expected": true, "matcher": "path", "state": "success", "argument": "length(x) > `0`"}
    ))
    .expect("acceptor");
    assert_eq!(
        explanation(&a),
        "For expression \"length(x) > `0`\" we matched expected path: \"True\""
    );
    let a: WaiterAcceptor = serde_json::from_value(serde_json::json!(
        {"expected": "ACTIVE", "matcher": "pathAll", "state": "success", "argument": "s"}
    ))
    .expect("acceptor");
    assert_eq!(
        explanation(&a),
        "For expression \"s\" all members matched expected path: \"ACTIVE\""
    );
}

#[test]
fn error_matcher_true_and_false() {
    let err = python::value_from_json(&serde_json::json!({"Error": {"Code": "X"}}));
    let ok = python::value_from_json(&serde_json::json!({"Things": []}));
    let t: WaiterAcceptor = serde_json::from_value(
        serde_json::json!({"expected": true, "matcher": "error", "state": "success"}),
    )
    .expect("a");
    let f: WaiterAcceptor = serde_json::from_value(
        serde_json::json!({"expected": false, "matcher": "error", "state": "success"}),
    )
    .expect("a");
    assert!(acceptor_matches(&t, &err).expect("ok"));
    assert!(!acceptor_matches(&t, &ok).expect("ok"));
    assert!(acceptor_matches(&f, &ok).expect("ok"));
    assert!(!acceptor_matches(&f, &err).expect("ok"));
}
