//! Transport failures: connection resets, read timeouts and truncated
//! responses are retried like 5xx errors (botocore's `ConnectionError`
//! family) and end with exit code 255 and the reference's message.

use std::time::Duration;

use awscli_test_support::{Fault, Rule};

use crate::util::{assert_like_reference, Expected};

const CALLER_IDENTITY: &[&str] = &["sts", "get-caller-identity"];

fn expect(attempts: usize, exit_code: i32) -> Expected {
    Expected {
        attempts,
        max_attempts: 3,
        exit_code,
    }
}

fn with_read_timeout(args: &[&'static str]) -> Vec<&'static str> {
    let mut full = args.to_vec();
    full.extend(["--cli-read-timeout", "1"]);
    full
}

#[test]
fn reset_is_retried_then_fails() {
    let (_, ours) = assert_like_reference(
        CALLER_IDENTITY,
        &[Rule::new(Fault::Reset)],
        &[],
        expect(3, 255),
    );
    assert!(
        ours.output.stderr.contains(
            "Connection was closed before we received a valid response from endpoint URL"
        ),
        "{}",
        ours.output.stderr
    );
}

#[test]
fn reset_then_success() {
    assert_like_reference(
        CALLER_IDENTITY,
        &[Rule::new(Fault::Reset).attempts(..=2)],
        &[],
        expect(3, 0),
    );
}

#[test]
fn slow_headers_time_out_and_are_retried_then_fail() {
    let (_, ours) = assert_like_reference(
        &with_read_timeout(CALLER_IDENTITY),
        &[Rule::new(Fault::DelayHeaders(Duration::from_millis(1500)))],
        &[],
        expect(3, 255),
    );
    assert!(
        ours.output.stderr.contains("Read timeout on endpoint URL"),
        "{}",
        ours.output.stderr
    );
}

#[test]
fn slow_headers_once_then_success() {
    assert_like_reference(
        &with_read_timeout(CALLER_IDENTITY),
        &[Rule::new(Fault::DelayHeaders(Duration::from_millis(1500))).attempts(..=1)],
        &[],
        expect(2, 0),
    );
}

#[test]
fn slow_body_times_out_and_is_retried_then_fails() {
    assert_like_reference(
        &with_read_timeout(CALLER_IDENTITY),
        &[Rule::new(Fault::DelayBody {
            after_bytes: 10,
            delay: Duration::from_millis(1500),
        })],
        &[],
        expect(3, 255),
    );
}

/// The reference reads a short non-streaming body without checking its
/// length (urllib3 1.26 does not enforce `Content-Length`), fails to parse
/// it and does not retry: `Unable to parse response (...), invalid XML
/// received. Further retries may succeed:\nb'<GetCaller'`, rc 255.
#[test]
fn truncated_body_is_a_parse_error_and_not_retried() {
    assert_like_reference(
        CALLER_IDENTITY,
        &[Rule::new(Fault::Truncate { body_bytes: 10 })],
        &[],
        expect(1, 255),
    );
}

/// Nothing listening: `EndpointConnectionError` is retried too, then
/// `Could not connect to the endpoint URL: "…"`, rc 255. (No proxy: the
/// port is closed, so attempts cannot be counted, only the outcome.)
#[test]
fn connection_refused() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("finding a free port")
        .port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let (ours, reference) =
        awscli_test_support::Cli::pair(env!("CARGO_BIN_EXE_aws")).expect("creating the sandbox");
    let args = ["sts", "get-caller-identity", "--endpoint-url", &endpoint];
    let (expected, actual) = std::thread::scope(|scope| {
        let expected = scope.spawn(|| reference.run(args));
        let actual = ours.run(args);
        (expected.join().expect("the reference run panicked"), actual)
    });
    assert_eq!(expected.exit_code, 255, "{}", expected.stderr);
    assert!(
        expected.stderr.contains(&format!(
            "Could not connect to the endpoint URL: \"{endpoint}/\""
        )),
        "{}",
        expected.stderr
    );
    awscli_test_support::compare::assert_same_outcome(&expected, &actual);
}
