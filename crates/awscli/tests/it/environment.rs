//! What the environment decides before a request is sent: a missing region
//! (NoRegion, exit code 253, nothing sent) and `--debug`, which logs the
//! request to stderr without the secrets that sign it.

use awscli_test_support::{CannedResponse, RecordingServer};

use crate::util::clis;

const NO_REGION: &str =
    "You must specify a region. You can also configure your region by running \"aws configure\".";

#[test]
fn missing_region_is_a_configuration_error_and_sends_nothing() {
    let (ours, reference) = clis();
    let server = RecordingServer::start().expect("recording server");
    let endpoint = server.endpoint();
    let args = [
        "sts",
        "get-caller-identity",
        "--endpoint-url",
        endpoint.as_str(),
    ];
    let run = |cli: &awscli_test_support::Cli| {
        cli.command(args)
            .env_remove("AWS_DEFAULT_REGION")
            .output()
            .expect("running the CLI")
    };
    let expected = run(&reference);
    assert_eq!(expected.status.code(), Some(253));
    assert!(String::from_utf8_lossy(&expected.stderr).contains(NO_REGION));
    let actual = run(&ours);
    assert_eq!(actual.status.code(), Some(253));
    assert_eq!(
        String::from_utf8_lossy(&actual.stderr),
        format!("\naws: [ERROR]: An error occurred (NoRegion): {NO_REGION}\n")
    );
    assert!(actual.stdout.is_empty());
    assert!(
        server.take_requests().is_empty(),
        "nothing may be sent without a region"
    );
}

#[test]
fn debug_logs_the_request_without_its_secrets() {
    let (ours, _reference) = clis();
    let server = RecordingServer::start().expect("recording server");
    server.respond_with([CannedResponse::xml(
        r#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/u</Arn><UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>"#,
    )]);
    let endpoint = server.endpoint();
    let out = ours
        .clone()
        .env("AWS_SECRET_ACCESS_KEY", "very-secret-key-0123456789")
        .env("AWS_SESSION_TOKEN", "session-token-0123456789")
        .run([
            "sts",
            "get-caller-identity",
            "--debug",
            "--endpoint-url",
            endpoint.as_str(),
        ]);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("CLI version: aws-cli/2."),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("Arguments entered to CLI:"),
        "{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("very-secret-key-0123456789"),
        "the secret key leaked"
    );
    assert!(
        !out.stderr.contains("session-token-0123456789"),
        "the session token leaked"
    );
    let sent = server.take_requests();
    assert_eq!(sent.len(), 1);
    assert!(sent[0]
        .headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("x-amz-security-token")
            && v == "session-token-0123456789"));
}
