//! Bad command lines: each must fail with exit code 252 and the reference's
//! message in the 2.36 layout (the reference's stderr converted by
//! `awscli_test_support::stderr_layout`), print nothing on stdout, and send
//! nothing: the recording server behind `--endpoint-url` must see no
//! request.
//!
//! Left out: a non-integer for an integer parameter (`--limit abc`), which
//! 2.9.19 reports as a Python `ValueError` with exit code 255; 2.36 reports it
//! differently and that message cannot be derived from the reference.

use awscli_test_support::Cli;

use crate::util::{clis, run_recorded};

/// Runs `args` through both CLIs and checks the contract in the module docs.
#[track_caller]
fn assert_rejected(setup: impl FnOnce(&Cli), args: &[&str]) {
    let (ours, reference) = clis();
    setup(&reference);
    let expected = run_recorded(&reference, args, &[]);
    assert_eq!(
        expected.output.exit_code, 252,
        "the reference accepted {args:?}? stderr: {}",
        expected.output.stderr
    );
    assert!(expected.requests.is_empty(), "the reference sent a request");
    let actual = run_recorded(&ours, args, &[]);
    assert!(
        actual.requests.is_empty(),
        "ours sent {} request(s) for a bad command line {args:?}",
        actual.requests.len()
    );
    assert_eq!(
        (
            actual.output.exit_code,
            actual.output.stdout_text(),
            actual.output.stderr.as_str()
        ),
        (
            252,
            String::new(),
            expected.output.stderr_as_v2_36().as_str()
        ),
        "for {args:?}"
    );
}

fn no_files(_: &Cli) {}

#[test]
fn unknown_command() {
    assert_rejected(no_files, &["nosuchservice", "list-things"]);
}

#[test]
fn unknown_operation_with_suggestion() {
    assert_rejected(no_files, &["dynamodb", "list-tablez"]);
}

#[test]
fn unknown_operation_without_suggestion() {
    assert_rejected(no_files, &["dynamodb", "frobnicate"]);
}

#[test]
fn missing_operation() {
    assert_rejected(no_files, &["dynamodb"]);
}

#[test]
fn unknown_option() {
    assert_rejected(
        no_files,
        &["dynamodb", "list-tables", "--no-such-option", "1"],
    );
}

#[test]
fn invalid_global_option_choice() {
    assert_rejected(no_files, &["sts", "get-caller-identity", "--output", "xml"]);
}

#[test]
fn malformed_shorthand() {
    assert_rejected(
        no_files,
        &["ec2", "describe-instances", "--filters", "Name=a,Values=[b"],
    );
}

#[test]
fn unknown_shorthand_key() {
    assert_rejected(
        no_files,
        &[
            "iam",
            "create-user",
            "--user-name",
            "alice",
            "--tags",
            "Key=a,Value=b,Foo=c",
        ],
    );
}

#[test]
fn malformed_json() {
    assert_rejected(
        no_files,
        &[
            "dynamodb",
            "get-item",
            "--table-name",
            "tbl",
            "--key",
            "{bad",
        ],
    );
}

#[test]
fn missing_file_parameter() {
    assert_rejected(
        no_files,
        &[
            "dynamodb",
            "get-item",
            "--table-name",
            "tbl",
            "--key",
            "file://missing.json",
        ],
    );
}

#[test]
fn wrong_type_in_json_parameter() {
    assert_rejected(
        no_files,
        &[
            "dynamodb",
            "get-item",
            "--table-name",
            "tbl",
            "--key",
            r#"{"id": ["b"]}"#,
        ],
    );
}

#[test]
fn value_too_short() {
    // iam's userNameType has min 1 in both the reference's models and ours
    // (dynamodb's TableName went from min 3 to min 1, so it can't be used).
    assert_rejected(no_files, &["iam", "create-user", "--user-name", ""]);
}

#[test]
fn missing_required_parameter() {
    assert_rejected(no_files, &["s3api", "put-object", "--bucket", "b"]);
}

#[test]
fn missing_required_parameters_listed_together() {
    assert_rejected(no_files, &["s3api", "put-object"]);
}
