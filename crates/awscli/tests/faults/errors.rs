//! Error responses: 5xx and throttling errors are retried (standard mode,
//! botocore `retries/standard.py`), other errors are not.

use awscli_test_support::{CannedResponse, Fault, Rule, Sandbox};

use crate::util::{assert_like_reference, Expected};

const LIST_BUCKETS: &[&str] = &["s3api", "list-buckets"];
const CALLER_IDENTITY: &[&str] = &["sts", "get-caller-identity"];
/// A JSON-1.1 operation without pagination (its output is random, so only
/// failures are compared).
const RANDOM_PASSWORD: &[&str] = &["secretsmanager", "get-random-password"];

fn expect(attempts: usize, max_attempts: u32, exit_code: i32) -> Expected {
    Expected {
        attempts,
        max_attempts,
        exit_code,
    }
}

#[test]
fn slow_down_is_retried_three_times_then_fails() {
    let (_, ours) = assert_like_reference(
        LIST_BUCKETS,
        &[Rule::new(Fault::slow_down())],
        &[],
        expect(3, 3, 254),
    );
    assert!(
        ours.output.stderr.contains(
            "An error occurred (SlowDown) when calling the ListBuckets operation (reached max retries: 2): Please reduce your request rate."
        ),
        "{}",
        ours.output.stderr
    );
}

#[test]
fn max_attempts_from_the_environment() {
    assert_like_reference(
        LIST_BUCKETS,
        &[Rule::new(Fault::internal_error())],
        &[("AWS_MAX_ATTEMPTS", "5")],
        expect(5, 5, 254),
    );
}

#[test]
fn internal_error_then_success() {
    // `--query`: 2.36 paginates ListBuckets and prints its newer `Prefix`
    // member, which 2.9.19's model lacks.
    let (_, ours) = assert_like_reference(
        &["s3api", "list-buckets", "--query", "Owner"],
        &[Rule::new(Fault::internal_error()).attempts(..=2)],
        &[],
        expect(3, 3, 0),
    );
    assert!(ours.output.stdout_text().contains("\"DisplayName\""));
}

#[test]
fn json_throttling_is_retried_then_fails() {
    let (_, ours) = assert_like_reference(
        RANDOM_PASSWORD,
        &[Rule::new(Fault::throttling_json())],
        &[],
        expect(3, 3, 254),
    );
    assert!(
        ours.output
            .stderr
            .contains("An error occurred (ThrottlingException) when calling the GetRandomPassword operation (reached max retries: 2): Rate exceeded"),
        "{}",
        ours.output.stderr
    );
}

#[test]
fn xml_throttling_is_retried_then_fails() {
    assert_like_reference(
        CALLER_IDENTITY,
        &[Rule::new(Fault::throttling_xml())],
        &[],
        expect(3, 3, 254),
    );
}

#[test]
fn throttling_with_retry_after_then_success() {
    assert_like_reference(
        CALLER_IDENTITY,
        &[Rule::new(Fault::throttling_xml().with_retry_after(100)).attempts(..=1)],
        &[],
        expect(2, 3, 0),
    );
}

#[test]
fn bare_429_is_not_retried() {
    assert_like_reference(
        RANDOM_PASSWORD,
        &[Rule::new(Fault::status(429))],
        &[],
        expect(1, 3, 254),
    );
}

/// An empty query-protocol error body is a parse error (rc 255), not a
/// service error: botocore only treats empty 5xx bodies as generic errors.
#[test]
fn bare_429_with_an_empty_xml_body_is_a_parse_error() {
    assert_like_reference(
        CALLER_IDENTITY,
        &[Rule::new(Fault::status(429))],
        &[],
        expect(1, 3, 255),
    );
}

#[test]
fn json_429_without_a_throttling_code_is_not_retried() {
    let fault = Fault::Respond(
        CannedResponse::new(429)
            .header("Content-Type", "application/x-amz-json-1.1")
            .body("{\"__type\":\"TooBusyException\",\"message\":\"Come back later\"}"),
    );
    assert_like_reference(RANDOM_PASSWORD, &[Rule::new(fault)], &[], expect(1, 3, 254));
}

#[test]
fn client_errors_are_not_retried() {
    let fault = Fault::Respond(
        CannedResponse::new(400)
            .header("Content-Type", "application/x-amz-json-1.1")
            .body("{\"__type\":\"InvalidParameterException\",\"message\":\"nope\"}"),
    );
    assert_like_reference(RANDOM_PASSWORD, &[Rule::new(fault)], &[], expect(1, 3, 254));
}

/// A 5xx with a non-protocol (HTML) body gets the generic code and the
/// status's reason phrase, and is retried like any 5xx.
#[test]
fn html_bad_gateway_is_retried_with_a_generic_error() {
    let fault = Fault::Respond(
        CannedResponse::new(502)
            .header("Content-Type", "text/html")
            .body("<html><body>Bad Gateway</body></html>"),
    );
    let (_, ours) =
        assert_like_reference(CALLER_IDENTITY, &[Rule::new(fault)], &[], expect(3, 3, 254));
    assert!(
        ours.output.stderr.contains("An error occurred (502) when calling the GetCallerIdentity operation (reached max retries: 2): Bad Gateway"),
        "{}",
        ours.output.stderr
    );
}

/// `RequestTimeout` is a transient error code, retried whatever the status.
#[test]
fn request_timeout_code_is_retried() {
    let fault = Fault::Respond(
        CannedResponse::new(400)
            .header("Content-Type", "application/xml")
            .body("<Error><Code>RequestTimeout</Code><Message>Your socket connection to the server was not read from or written to within the timeout period.</Message></Error>"),
    );
    assert_like_reference(LIST_BUCKETS, &[Rule::new(fault)], &[], expect(3, 3, 254));
}

/// `max_attempts` from the config file, and `retry_mode = adaptive` (whose
/// rate limiter does not change the attempt count).
#[test]
fn max_attempts_and_retry_mode_from_the_config_file() {
    let config = Sandbox::new().expect("creating a test sandbox");
    let path = config
        .write(
            "config",
            "[default]\nmax_attempts = 2\nretry_mode = adaptive\n",
        )
        .expect("writing the config file");
    let path = path.display().to_string();
    assert_like_reference(
        LIST_BUCKETS,
        &[Rule::new(Fault::slow_down())],
        &[("AWS_CONFIG_FILE", &path)],
        expect(2, 2, 254),
    );
}

/// DynamoDB responses whose body does not match `x-amz-crc32` are retried
/// (botocore `retries/special.py`); when the attempts run out the last
/// response is used as it is (rc 0: the key `TableNames` became
/// `UableNames`, so the listing prints nothing).
#[test]
fn dynamodb_crc32_mismatch() {
    assert_like_reference(
        &["dynamodb", "list-tables"],
        &[Rule::new(Fault::Corrupt { offset: 2 })],
        &[],
        expect(3, 3, 0),
    );
}
