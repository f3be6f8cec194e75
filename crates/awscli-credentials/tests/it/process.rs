//! custom-process: real processes, split like shlex, with botocore's error texts.

use crate::support::{method_and_key, FakeTransport, World};

fn with_process(command: &str) -> World {
    World::new().config(&format!("[default]\ncredential_process = {command}\n"))
}

#[tokio::test]
async fn success_with_and_without_expiration() {
    let world = with_process(
        r#"sh -c 'printf "%s" "{\"Version\": 1, \"AccessKeyId\": \"AKPROC\", \"SecretAccessKey\": \"s\", \"SessionToken\": \"t\", \"Expiration\": \"2030-01-01T00:00:00Z\"}"'"#,
    );
    let resolved = world.resolve(FakeTransport::unused()).await.unwrap();
    assert_eq!(resolved.method, "custom-process");
    let credentials = resolved.provider.credentials().await.unwrap();
    assert_eq!(credentials.access_key_id, "AKPROC");
    assert_eq!(credentials.session_token.as_deref(), Some("t"));
    assert!(credentials.expiration.is_some());
}

#[tokio::test]
async fn failures_use_botocore_messages() {
    let cases = [
        (
            "sh -c 'echo denied >&2; exit 3'",
            "Error when retrieving credentials from custom-process: denied\n",
        ),
        ("echo not-json", "Expecting value: line 1 column 1 (char 0)"),
        ("echo '{\"Version\": 1'", "Expecting ',' delimiter: line 2 column 1 (char 14)"),
        (
            "echo '{\"Version\": 2}'",
            "Error when retrieving credentials from custom-process: Unsupported version '2' for credential process provider, supported versions: 1",
        ),
        (
            "echo '{}'",
            "Error when retrieving credentials from custom-process: Unsupported version '<Version key not provided>' for credential process provider, supported versions: 1",
        ),
        (
            "echo '{\"Version\": 1, \"AccessKeyId\": \"a\"}'",
            "Error when retrieving credentials from custom-process: Missing required key in response: 'SecretAccessKey'",
        ),
        ("/nonexistent/helper --flag", "[Errno 2] No such file or directory: '/nonexistent/helper'"),
        ("echo 'unbalanced", "No closing quotation"),
    ];
    for (command, expected) in cases {
        assert_eq!(
            method_and_key(&with_process(command), FakeTransport::unused())
                .await
                .unwrap_err(),
            expected,
            "{command}"
        );
    }
}
