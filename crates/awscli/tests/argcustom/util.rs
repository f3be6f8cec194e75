//! Running one command line through both CLIs against recording servers.

use awscli_test_support::compare::{assert_same_outcome, assert_same_requests};
use awscli_test_support::{CannedResponse, Cli, CliOutput, RecordedRequest, RecordingServer};

/// Our binary and the reference, sharing one sandbox.
pub fn clis() -> (Cli, Cli) {
    Cli::pair(env!("CARGO_BIN_EXE_aws")).expect("creating the test sandbox")
}

/// What one CLI did for one command line.
pub struct Run {
    pub output: CliOutput,
    pub requests: Vec<RecordedRequest>,
}

/// Runs `args` plus `--endpoint-url` of a fresh recording server answering
/// `responses` through `cli`.
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

/// Both CLIs succeed on `args` and send the same requests and print the
/// same result. `setup` writes the files the line refers to.
#[track_caller]
pub fn assert_same_call(setup: impl FnOnce(&Cli), args: &[&str], responses: &[CannedResponse]) {
    let (ours, reference) = clis();
    setup(&reference);
    let expected = run_recorded(&reference, args, responses);
    assert_eq!(
        expected.output.exit_code, 0,
        "the reference failed for {args:?}; stderr: {}",
        expected.output.stderr
    );
    assert!(!expected.requests.is_empty(), "the reference sent nothing");
    let actual = run_recorded(&ours, args, responses);
    assert_same_requests(&expected.requests, &actual.requests);
    assert_same_outcome(&expected.output, &actual.output);
}

/// Both CLIs refuse `args` the same way (stdout, stderr, exit code) and
/// send nothing.
#[track_caller]
pub fn assert_same_refusal(setup: impl FnOnce(&Cli), args: &[&str]) {
    let (ours, reference) = clis();
    setup(&reference);
    let expected = run_recorded(&reference, args, &[]);
    assert_ne!(
        expected.output.exit_code, 0,
        "the reference accepted {args:?}"
    );
    assert!(expected.requests.is_empty(), "the reference sent a request");
    let actual = run_recorded(&ours, args, &[]);
    assert!(
        actual.requests.is_empty(),
        "ours sent a request for {args:?}"
    );
    assert_same_outcome(&expected.output, &actual.output);
}

/// The names of the OPTIONS section of `aws <args> help` (its `--x`
/// headings), as printed through a pipe.
pub fn help_option_names(cli: &Cli, args: &[&str]) -> Vec<String> {
    let mut full = args.to_vec();
    full.push("help");
    let output = cli
        .clone()
        .env("PAGER", "cat")
        .env("MANPAGER", "cat")
        .run(&full);
    assert_eq!(output.exit_code, 0, "help failed: {}", output.stderr);
    // The reference's pager-less page is overstruck (`N\x08N` for bold).
    let mut text = String::new();
    for c in output.stdout_text().chars() {
        if c == '\u{8}' {
            text.pop();
        } else {
            text.push(c);
        }
    }
    let options = text
        .split_once("\nOPTIONS\n")
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    let options = options
        .split_once("\nGLOBAL OPTIONS\n")
        .map(|(head, _)| head)
        .unwrap_or(options);
    options
        .lines()
        .filter(|line| line.starts_with("       --"))
        .map(|line| line.trim().split(' ').next().unwrap_or_default().to_owned())
        .collect()
}
