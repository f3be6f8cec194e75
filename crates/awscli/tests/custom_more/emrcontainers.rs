//! `aws emr-containers update-role-trust-policy` against one recording
//! server answering EKS `DescribeCluster` and IAM `GetRole` /
//! `UpdateAssumeRolePolicy`. The reference's EKS client takes no endpoint
//! option and 2.9.19 reads no `AWS_ENDPOINT_URL_EKS`, so it is pointed at
//! the server by an endpoint rule set in `AWS_DATA_PATH` (its loader looks
//! there first); ours by `AWS_ENDPOINT_URL_EKS`. IAM goes to `--iam-endpoint`.

use awscli_test_support::compare::{assert_same_outcome, assert_same_requests};
use awscli_test_support::{CannedResponse, Cli, CliOutput, RecordedRequest, RecordingServer};

use crate::util::clis;

fn write_rule_set(cli: &Cli, endpoint: &str) -> std::path::PathBuf {
    let data_path = cli.sandbox().path().join("data-path");
    let dir = data_path.join("eks").join("2017-11-01");
    std::fs::create_dir_all(&dir).expect("creating the data path");
    let rule_set = serde_json::json!({
        "version": "1.0",
        "parameters": {
            "Region": {"builtIn": "AWS::Region", "required": false, "type": "String",
                       "documentation": "The AWS region used to dispatch the request."},
        },
        "rules": [{"conditions": [], "type": "endpoint",
                   "endpoint": {"url": endpoint, "properties": {}, "headers": {}}}],
    });
    std::fs::write(dir.join("endpoint-rule-set-1.json"), rule_set.to_string())
        .expect("writing the rule set");
    data_path
}

fn describe_cluster() -> CannedResponse {
    CannedResponse::json(
        "application/json",
        r#"{"cluster": {"name": "c1", "arn": "arn:aws:eks:us-east-1:123456789012:cluster/c1",
            "identity": {"oidc": {"issuer": "https://oidc.eks.us-east-1.amazonaws.com/id/ABC123"}}}}"#,
    )
}

/// `GetRole` whose trust policy is `document` (JSON, URL-encoded as IAM sends it).
fn get_role(document: &str) -> CannedResponse {
    let encoded: String =
        percent_encoding::utf8_percent_encode(document, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
    CannedResponse::xml(format!(
        r#"<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role><Path>/</Path><AssumeRolePolicyDocument>{encoded}</AssumeRolePolicyDocument><RoleName>job-role</RoleName><RoleId>AROA1</RoleId><Arn>arn:aws:iam::123456789012:role/job-role</Arn><CreateDate>2024-01-02T03:04:05Z</CreateDate></Role></GetRoleResult></GetRoleResponse>"#
    ))
}

fn update() -> CannedResponse {
    CannedResponse::xml(
        r#"<UpdateAssumeRolePolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></UpdateAssumeRolePolicyResponse>"#,
    )
}

fn run(
    cli: &Cli,
    ours: bool,
    args: &[&str],
    responses: &[CannedResponse],
) -> (CliOutput, Vec<RecordedRequest>) {
    let server = RecordingServer::start().expect("starting the recording server");
    server.respond_with(responses.iter().cloned());
    let endpoint = server.endpoint();
    let cli = if ours {
        cli.clone().env("AWS_ENDPOINT_URL_EKS", &endpoint)
    } else {
        let data_path = write_rule_set(cli, &endpoint);
        cli.clone().env("AWS_DATA_PATH", data_path)
    };
    let mut full = args.to_vec();
    full.extend(["--iam-endpoint", endpoint.as_str()]);
    let output = cli.run(&full);
    (output, server.take_requests())
}

fn compare(args: &[&str], responses: &[CannedResponse]) -> CliOutput {
    let (ours, reference) = clis();
    let (expected, expected_requests) = run(&reference, false, args, responses);
    let (actual, actual_requests) = run(&ours, true, args, responses);
    assert_same_requests(&expected_requests, &actual_requests);
    assert_same_outcome(&expected, &actual);
    expected
}

const ARGS: [&str; 8] = [
    "emr-containers",
    "update-role-trust-policy",
    "--cluster-name",
    "c1",
    "--namespace",
    "spark",
    "--role-name",
    "job-role",
];

const EC2_TRUST: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#;

#[test]
fn missing_statement_is_added() {
    let expected = compare(&ARGS, &[describe_cluster(), get_role(EC2_TRUST), update()]);
    assert_eq!(
        expected.stdout_text(),
        "Successfully updated trust policy of role job-role\n"
    );
}

#[test]
fn dry_run_prints_the_merged_policy() {
    let mut args = ARGS.to_vec();
    args.push("--dry-run");
    compare(&args, &[describe_cluster(), get_role(EC2_TRUST)]);
    compare(
        &args,
        &[describe_cluster(), get_role(r#"{"Version": "2012-10-17"}"#)],
    );
}

#[test]
fn existing_statement_changes_nothing() {
    // base36("job-role") per the reference's Base36: computed by its run.
    let (_, reference) = clis();
    let mut dry = ARGS.to_vec();
    dry.push("--dry-run");
    let (out, _) = run(
        &reference,
        false,
        &dry,
        &[describe_cluster(), get_role(r#"{"Version": "2012-10-17"}"#)],
    );
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let merged = out.stdout_text();
    let expected = compare(&ARGS, &[describe_cluster(), get_role(merged.trim())]);
    assert!(expected
        .stdout_text()
        .starts_with("Trust policy statement already exists"));
}

#[test]
fn bad_arguments_and_errors_match_the_reference() {
    compare(&ARGS[..6], &[]);
    let mut bogus = ARGS.to_vec();
    bogus.push("--bogus");
    compare(&bogus, &[]);
    let not_found = CannedResponse {
        status: 404,
        ..CannedResponse::json(
            "application/json",
            r#"{"message": "No cluster found for name: c1."}"#,
        )
        .header("x-amzn-ErrorType", "ResourceNotFoundException")
    };
    compare(&ARGS, &[not_found]);
}
