//! `aws ecr get-login-password` (moto) and `aws ecr-public
//! get-login-password` (moto has no ECR Public token: canned answers).

use awscli_test_support::compare::{assert_same_outcome, assert_same_requests};
use awscli_test_support::{CannedResponse, Cli, MotoServer, RecordingServer};

use crate::util::{clis, with_endpoint};

#[test]
fn ecr_password_matches_the_reference() {
    let moto = MotoServer::shared();
    let endpoint = moto.endpoint();
    let (ours, reference) = clis(&endpoint);
    let args = with_endpoint(&["ecr", "get-login-password"], &endpoint);
    let expected = reference.run(&args);
    assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
    assert_same_outcome(&expected, &ours.run(&args));
}

#[test]
fn ecr_unknown_option_matches_the_reference() {
    let moto = MotoServer::shared();
    let endpoint = moto.endpoint();
    let (ours, reference) = clis(&endpoint);
    let args = with_endpoint(
        &["ecr", "get-login-password", "--registry-ids", "1"],
        &endpoint,
    );
    let expected = reference.run(&args);
    assert_eq!(expected.exit_code, 252);
    assert_same_outcome(&expected, &ours.run(&args));
}

fn run_public(
    cli: &Cli,
    response: &CannedResponse,
) -> (
    awscli_test_support::CliOutput,
    Vec<awscli_test_support::RecordedRequest>,
) {
    let server = RecordingServer::start().expect("starting the recording server");
    server.respond_with([response.clone()]);
    let endpoint = server.endpoint();
    let out = cli.run(with_endpoint(
        &["ecr-public", "get-login-password"],
        &endpoint,
    ));
    (out, server.take_requests())
}

#[test]
fn ecr_public_password_matches_the_reference() {
    let (ours, reference) = clis("http://127.0.0.1:9");
    // base64("AWS:public-password")
    let ok = CannedResponse::json(
        "application/x-amz-json-1.1",
        r#"{"authorizationData": {"authorizationToken": "QVdTOnB1YmxpYy1wYXNzd29yZA==", "expiresAt": 1700000000}}"#,
    );
    let (expected, expected_requests) = run_public(&reference, &ok);
    assert_eq!(expected.stdout_text(), "public-password\n");
    let (actual, actual_requests) = run_public(&ours, &ok);
    assert_same_requests(&expected_requests, &actual_requests);
    assert_same_outcome(&expected, &actual);
}

#[test]
fn ecr_public_service_error_matches_the_reference() {
    let (ours, reference) = clis("http://127.0.0.1:9");
    let denied = CannedResponse::json(
        "application/x-amz-json-1.1",
        r#"{"__type": "AccessDeniedException", "message": "not allowed"}"#,
    );
    let denied = CannedResponse {
        status: 400,
        ..denied
    };
    let (expected, _) = run_public(&reference, &denied);
    assert_eq!(expected.exit_code, 254);
    let (actual, _) = run_public(&ours, &denied);
    assert_same_outcome(&expected, &actual);
}
