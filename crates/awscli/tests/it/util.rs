//! Shared helpers: building the two CLIs and running one command line
//! through both against a [`RecordingServer`].

use awscli_test_support::compare::{
    assert_same_outcome, assert_same_outcome_with_model_drift, assert_same_requests,
};
use awscli_test_support::{CannedResponse, Cli, CliOutput, RecordedRequest, RecordingServer};

/// Our binary and the reference, sharing one sandbox.
pub fn clis() -> (Cli, Cli) {
    Cli::pair(env!("CARGO_BIN_EXE_aws")).expect("creating the test sandbox")
}

/// What one CLI did for one command line against a recording server.
pub struct Run {
    pub output: CliOutput,
    pub requests: Vec<RecordedRequest>,
}

/// Runs `args` (plus `--endpoint-url` of a fresh recording server answering
/// `responses`) through `cli`.
pub fn run_recorded(cli: &Cli, args: &[&str], responses: &[CannedResponse]) -> Run {
    let server = RecordingServer::start().expect("starting the recording server");
    server.respond_with(responses.iter().cloned());
    let endpoint = server.endpoint();
    let mut full: Vec<&str> = args.to_vec();
    full.extend(["--endpoint-url", &endpoint]);
    let output = cli.run(&full);
    Run {
        output,
        requests: server.take_requests(),
    }
}

/// Runs `args` through both CLIs against recording servers answering the
/// same `responses`, then asserts that both sent the same requests and
/// printed the same result. Files the command line refers to must be
/// written to the sandbox first (`setup`).
#[track_caller]
pub fn assert_same_behaviour(
    setup: impl FnOnce(&Cli),
    args: &[&str],
    responses: &[CannedResponse],
) {
    let (ours, reference) = clis();
    setup(&reference);
    let expected = run_recorded(&reference, args, responses);
    assert!(
        !expected.requests.is_empty(),
        "the reference sent nothing for {args:?}; stderr: {}",
        expected.output.stderr
    );
    assert_eq!(
        expected.output.exit_code, 0,
        "the reference failed for {args:?}; stderr: {}",
        expected.output.stderr
    );
    let actual = run_recorded(&ours, args, responses);
    assert_same_requests(&expected.requests, &actual.requests);
    assert_same_outcome(&expected.output, &actual.output);
}

/// [`assert_same_behaviour`] for a command whose output gained members in
/// our newer models: see `assert_same_outcome_with_model_drift`.
#[track_caller]
pub fn assert_same_behaviour_with_model_drift(
    setup: impl FnOnce(&Cli),
    args: &[&str],
    responses: &[CannedResponse],
    drift: &[(&str, serde_json::Value)],
) {
    let (ours, reference) = clis();
    setup(&reference);
    let expected = run_recorded(&reference, args, responses);
    assert_eq!(
        expected.output.exit_code, 0,
        "the reference failed for {args:?}"
    );
    let actual = run_recorded(&ours, args, responses);
    assert_same_requests(&expected.requests, &actual.requests);
    assert_same_outcome_with_model_drift(&expected.output, &actual.output, drift);
}
