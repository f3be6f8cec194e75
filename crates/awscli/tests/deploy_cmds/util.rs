//! Shared helpers: the CLI pair routed to one recording server, and a
//! differential run of one command line against the same canned responses.

use awscli_test_support::compare::{assert_same_outcome, assert_same_requests};
use awscli_test_support::{CannedResponse, Cli, CliOutput, RecordedRequest, RecordingServer};

/// The `(service, api version)` of each client these commands make
/// without `--endpoint-url`, routed for the reference by a rule set.
const UNROUTED: &[(&str, &str)] = &[
    ("s3", "2006-03-01"),
    ("iam", "2010-05-08"),
    ("codedeploy", "2014-10-06"),
];

/// Our binary and the reference in one sandbox, every client of both
/// pointed at `endpoint` (S3 path-style).
pub fn clis(endpoint: &str) -> (Cli, Cli) {
    let (ours, reference) =
        Cli::pair(env!("CARGO_BIN_EXE_aws")).expect("creating the test sandbox");
    routed(ours, reference, endpoint)
}

/// `ours` and `reference` (sharing a sandbox) routed as [`clis`] routes them.
pub fn routed(ours: Cli, reference: Cli, endpoint: &str) -> (Cli, Cli) {
    for (service, version) in UNROUTED {
        let url = if *service == "s3" {
            format!("{endpoint}/{{Bucket}}")
        } else {
            endpoint.to_owned()
        };
        let rules = serde_json::json!({
            "version": "1.0",
            "parameters": {
                "Bucket": {"type": "String", "required": false},
                "Region": {"type": "String", "builtIn": "AWS::Region", "required": false}
            },
            "rules": [
                {"type": "endpoint", "conditions": [{"fn": "isSet", "argv": [{"ref": "Bucket"}]}],
                 "endpoint": {"url": url, "properties": {}, "headers": {}}},
                {"type": "endpoint", "conditions": [],
                 "endpoint": {"url": endpoint, "properties": {}, "headers": {}}}
            ]
        });
        reference
            .sandbox()
            .write(
                format!(".aws/models/{service}/{version}/endpoint-rule-set-1.json"),
                rules.to_string(),
            )
            .expect("writing a rule set");
    }
    (
        ours.env("AWS_ENDPOINT_URL", endpoint),
        reference.env("AWS_ENDPOINT_URL", endpoint),
    )
}

/// `args` followed by `--endpoint-url endpoint`.
pub fn with_endpoint(args: &[&str], endpoint: &str) -> Vec<String> {
    let mut full: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    full.extend(["--endpoint-url".to_owned(), endpoint.to_owned()]);
    full
}

/// What one CLI did against the server.
pub struct Run {
    pub output: CliOutput,
    pub requests: Vec<RecordedRequest>,
}

/// Runs `args` with the reference, then ours, each against `responses`
/// queued afresh.
pub fn run_both(
    server: &RecordingServer,
    ours: &Cli,
    reference: &Cli,
    args: &[String],
    responses: &[CannedResponse],
) -> (Run, Run) {
    let run = |cli: &Cli| {
        server.take_requests();
        server.respond_with(responses.iter().cloned());
        let output = cli.run(args);
        Run {
            output,
            requests: server.take_requests(),
        }
    };
    let expected = run(reference);
    let actual = run(ours);
    (expected, actual)
}

/// Runs `args` with both CLIs and asserts the same requests and outcome.
#[track_caller]
pub fn assert_same(
    server: &RecordingServer,
    ours: &Cli,
    reference: &Cli,
    args: &[String],
    responses: &[CannedResponse],
) -> (Run, Run) {
    let (expected, actual) = run_both(server, ours, reference, args, responses);
    assert_same_outcome(&expected.output, &actual.output);
    assert_same_requests(&expected.requests, &actual.requests);
    (expected, actual)
}

/// A JSON (`awsJson1_1`) response.
pub fn json(body: &str) -> CannedResponse {
    CannedResponse::json("application/x-amz-json-1.1", body.as_bytes().to_vec())
}

/// A JSON error response with `code`.
pub fn json_error(status: u16, code: &str, message: &str) -> CannedResponse {
    CannedResponse::new(status)
        .header("Content-Type", "application/x-amz-json-1.1")
        .body(format!(r#"{{"__type": "{code}", "message": "{message}"}}"#).into_bytes())
}

/// A query-protocol (IAM) XML response of `operation` with `result` inside.
pub fn iam_xml(operation: &str, result: &str) -> CannedResponse {
    CannedResponse::xml(format!(
        "<{operation}Response xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\
         <{operation}Result>{result}</{operation}Result>\
         <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>\
         </{operation}Response>"
    ))
}

/// A query-protocol (IAM) error response.
pub fn iam_error(status: u16, code: &str, message: &str) -> CannedResponse {
    CannedResponse::new(status)
        .header("Content-Type", "text/xml")
        .body(format!(
            "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\
             <Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>\
             <RequestId>r</RequestId></ErrorResponse>"
        ))
}
