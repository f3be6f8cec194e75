//! End-to-end against moto (`moto_server`, started by the harness on a free
//! 127.0.0.1 port, shared by the tests of this binary and reset before each):
//! both CLIs run the same command lines on the same server state, and stdout,
//! exit code and (converted) stderr must match.
//!
//! A command that creates something runs once per CLI, each on a freshly
//! reset server, and its output is compared with per-run values (creation
//! times, generated ids) masked; the read commands that follow run through
//! both CLIs on the one state left behind.
//!
//! moto answers with members newer than the reference's models (e.g. for
//! DynamoDB tables); 2.36 prints those and 2.9.19 drops them, so such
//! outputs go through `--query` to the members both models know.

use awscli_test_support::compare::{
    assert_same_outcome, assert_same_outcome_masked, assert_same_outcome_with_model_drift,
};
use awscli_test_support::{Cli, MotoServer};

use crate::util::clis;

fn with_endpoint<'a>(args: &[&'a str], endpoint: &'a str) -> Vec<&'a str> {
    let mut full = args.to_vec();
    full.extend(["--endpoint-url", endpoint]);
    full
}

/// Runs `args` through both CLIs on the current state. `exit_code` is what
/// the reference must exit with, so a comparison of two identical failures
/// (moto not answering, say) cannot pass for a success.
#[track_caller]
fn assert_same_on_state(
    ours: &Cli,
    reference: &Cli,
    endpoint: &str,
    args: &[&str],
    exit_code: i32,
) {
    let args = with_endpoint(args, endpoint);
    let expected = reference.run(&args);
    assert_eq!(
        expected.exit_code, exit_code,
        "the reference's exit code for {args:?}; stderr: {}",
        expected.stderr
    );
    let actual = ours.run(&args);
    assert_same_outcome(&expected, &actual);
}

/// Runs a creating command through each CLI on a freshly reset server (ours
/// last, so its state is what later commands see) and compares outputs with
/// `masked` fields hidden.
#[track_caller]
fn assert_same_creation(
    moto: &MotoServer,
    ours: &Cli,
    reference: &Cli,
    args: &[&str],
    masked: &[&str],
) {
    let endpoint = moto.endpoint();
    let args = with_endpoint(args, &endpoint);
    let expected = reference.run(&args);
    assert_eq!(
        expected.exit_code, 0,
        "the reference failed: {}",
        expected.stderr
    );
    moto.reset().expect("resetting moto");
    let actual = ours.run(&args);
    assert_same_outcome_masked(&expected, &actual, masked);
}

#[test]
fn sts_get_caller_identity() {
    let moto = MotoServer::shared();
    let (ours, reference) = clis();
    assert_same_on_state(
        &ours,
        &reference,
        &moto.endpoint(),
        &["sts", "get-caller-identity"],
        0,
    );
}

#[test]
fn s3api_create_and_list_buckets() {
    let moto = MotoServer::shared();
    let (ours, reference) = clis();
    assert_same_creation(
        &moto,
        &ours,
        &reference,
        &["s3api", "create-bucket", "--bucket", "e2e-bucket"],
        &[],
    );
    let endpoint = moto.endpoint();
    // Names only: moto reports BucketRegion, which the reference's model lacks.
    assert_same_on_state(
        &ours,
        &reference,
        &endpoint,
        &["s3api", "list-buckets", "--query", "Buckets[].Name"],
        0,
    );
    // botocore 1.43's HeadBucket output has BucketRegion (from the
    // x-amz-bucket-region header); 2.9.19's model has no output members.
    let args = with_endpoint(
        &["s3api", "head-bucket", "--bucket", "e2e-bucket"],
        &endpoint,
    );
    let expected = reference.run(&args);
    assert_eq!(expected.exit_code, 0);
    let actual = ours.run(&args);
    if expected.stdout.is_empty() {
        assert_eq!(actual.exit_code, 0);
        let printed: serde_json::Value = serde_json::from_slice(&actual.stdout).expect("JSON");
        assert_eq!(printed, serde_json::json!({"BucketRegion": "us-east-1"}));
    } else {
        assert_same_outcome_with_model_drift(&expected, &actual, &[]);
    }
}

#[test]
fn s3api_service_error() {
    let moto = MotoServer::shared();
    let (ours, reference) = clis();
    assert_same_on_state(
        &ours,
        &reference,
        &moto.endpoint(),
        &["s3api", "list-objects-v2", "--bucket", "no-such-bucket"],
        254,
    );
}

#[test]
fn dynamodb_create_and_list_tables() {
    let moto = MotoServer::shared();
    let (ours, reference) = clis();
    assert_same_creation(
        &moto,
        &ours,
        &reference,
        &[
            "dynamodb",
            "create-table",
            "--table-name",
            "e2e-table",
            "--attribute-definitions",
            "AttributeName=id,AttributeType=S",
            "--key-schema",
            "AttributeName=id,KeyType=HASH",
            "--billing-mode",
            "PAY_PER_REQUEST",
            "--query",
            "TableDescription.[TableName,TableStatus,KeySchema,AttributeDefinitions]",
        ],
        &[],
    );
    let endpoint = moto.endpoint();
    assert_same_on_state(
        &ours,
        &reference,
        &endpoint,
        &["dynamodb", "list-tables"],
        0,
    );
    assert_same_on_state(
        &ours,
        &reference,
        &endpoint,
        &[
            "dynamodb",
            "put-item",
            "--table-name",
            "e2e-table",
            "--item",
            r#"{"id": {"S": "1"}, "n": {"N": "42"}}"#,
        ],
        0,
    );
    assert_same_on_state(
        &ours,
        &reference,
        &endpoint,
        &[
            "dynamodb",
            "get-item",
            "--table-name",
            "e2e-table",
            "--key",
            r#"{"id": {"S": "1"}}"#,
        ],
        0,
    );
    assert_same_on_state(
        &ours,
        &reference,
        &endpoint,
        &[
            "dynamodb",
            "describe-table",
            "--table-name",
            "no-such-table",
        ],
        254,
    );
}

#[test]
fn iam_create_and_list_users() {
    let moto = MotoServer::shared();
    let (ours, reference) = clis();
    assert_same_creation(
        &moto,
        &ours,
        &reference,
        &["iam", "create-user", "--user-name", "e2e-user"],
        &["UserId", "CreateDate"],
    );
    let endpoint = moto.endpoint();
    assert_same_on_state(&ours, &reference, &endpoint, &["iam", "list-users"], 0);
    assert_same_on_state(
        &ours,
        &reference,
        &endpoint,
        &["iam", "list-users", "--output", "text"],
        0,
    );
    assert_same_on_state(
        &ours,
        &reference,
        &endpoint,
        &["iam", "get-user", "--user-name", "nobody"],
        254,
    );
}
