//! `aws configservice get-status` against canned `DescribeConfigurationRecorderStatus`
//! and `DescribeDeliveryChannelStatus` answers.

use awscli_test_support::compare::{assert_same_outcome, assert_same_requests};
use awscli_test_support::{CannedResponse, Cli, CliOutput, RecordedRequest, RecordingServer};

use crate::util::{clis, json_error, run_canned};

const JSON: &str = "application/x-amz-json-1.1";

fn compare(args: &[&str], responses: &[CannedResponse]) -> CliOutput {
    let (ours, reference) = clis();
    let (expected, expected_requests) = run_canned(&reference, args, "--endpoint-url", responses);
    let (actual, actual_requests) = run_canned(&ours, args, "--endpoint-url", responses);
    assert_same_requests(&expected_requests, &actual_requests);
    assert_same_outcome(&expected, &actual);
    expected
}

#[test]
fn status_report_matches_the_reference() {
    let responses = [
        CannedResponse::json(
            JSON,
            r#"{"ConfigurationRecordersStatus": [
                {"name": "default", "recording": true, "lastStatus": "FAILURE",
                 "lastErrorCode": "AccessDenied", "lastErrorMessage": "no access"},
                {"name": "other", "recording": false}]}"#,
        ),
        CannedResponse::json(
            JSON,
            r#"{"DeliveryChannelsStatus": [
                {"name": "default",
                 "configStreamDeliveryInfo": {"lastStatus": "NOT_APPLICABLE"},
                 "configHistoryDeliveryInfo": {},
                 "configSnapshotDeliveryInfo": {"lastStatus": "SUCCESS", "lastSuccessfulTime": 1700000000}}]}"#,
        ),
    ];
    let expected = compare(&["configservice", "get-status"], &responses);
    assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
    assert!(expected
        .stdout_text()
        .contains("last snapshot delivery status: SUCCESS"));
}

#[test]
fn empty_status_and_errors_match_the_reference() {
    let empty = [
        CannedResponse::json(JSON, r#"{"ConfigurationRecordersStatus": []}"#),
        CannedResponse::json(JSON, r#"{"DeliveryChannelsStatus": []}"#),
    ];
    compare(&["configservice", "get-status"], &empty);
    // A channel without its delivery infos: the reference's KeyError.
    let partial = [
        CannedResponse::json(JSON, r#"{"ConfigurationRecordersStatus": []}"#),
        CannedResponse::json(JSON, r#"{"DeliveryChannelsStatus": [{"name": "d"}]}"#),
    ];
    compare(&["configservice", "get-status"], &partial);
    let denied = [json_error(
        JSON,
        400,
        "AccessDeniedException",
        "not allowed",
    )];
    compare(&["configservice", "get-status"], &denied);
    compare(&["configservice", "get-status", "--bogus"], &[]);
}

/// Rule sets sending the reference's S3 and SNS clients to `endpoint`: its
/// `subscribe` gives them no endpoint option, 2.9.19 reads no
/// `AWS_ENDPOINT_URL_<SERVICE>`, but its loader looks in `AWS_DATA_PATH`
/// first. The bucket goes into the path, as path-style addressing does.
fn write_rule_sets(data_path: &std::path::Path, endpoint: &str) {
    let s3 = serde_json::json!({
        "version": "1.0",
        "parameters": {
            "Region": {"builtIn": "AWS::Region", "required": false, "type": "String"},
            "Bucket": {"required": false, "type": "String"},
        },
        "rules": [
            {"conditions": [{"fn": "isSet", "argv": [{"ref": "Bucket"}]}], "type": "endpoint",
             "endpoint": {"url": format!("{endpoint}/{{Bucket}}"), "properties": {}, "headers": {}}},
            {"conditions": [], "type": "endpoint",
             "endpoint": {"url": endpoint, "properties": {}, "headers": {}}},
        ],
    });
    let sns = serde_json::json!({
        "version": "1.0",
        "parameters": {"Region": {"builtIn": "AWS::Region", "required": false, "type": "String"}},
        "rules": [{"conditions": [], "type": "endpoint",
                   "endpoint": {"url": endpoint, "properties": {}, "headers": {}}}],
    });
    for (service, version, rule_set) in [("s3", "2006-03-01", s3), ("sns", "2010-03-31", sns)] {
        let dir = data_path.join(service).join(version);
        std::fs::create_dir_all(&dir).expect("creating the data path");
        std::fs::write(dir.join("endpoint-rule-set-1.json"), rule_set.to_string())
            .expect("writing the rule set");
    }
}

fn run_subscribe(
    cli: &Cli,
    ours: bool,
    args: &[&str],
    responses: &[CannedResponse],
) -> (CliOutput, Vec<RecordedRequest>) {
    let server = RecordingServer::start().expect("starting the recording server");
    server.respond_with(responses.iter().cloned());
    let endpoint = server.endpoint();
    let cli = if ours {
        cli.clone()
            .env("AWS_ENDPOINT_URL_S3", &endpoint)
            .env("AWS_ENDPOINT_URL_SNS", &endpoint)
    } else {
        let data_path = cli.sandbox().path().join("data-path");
        write_rule_sets(&data_path, &endpoint);
        cli.clone().env("AWS_DATA_PATH", data_path)
    };
    let mut full = args.to_vec();
    full.extend(["--endpoint-url", endpoint.as_str()]);
    let output = cli.run(&full);
    (output, server.take_requests())
}

fn compare_subscribe(args: &[&str], responses: &[CannedResponse]) -> CliOutput {
    let (ours, reference) = clis();
    let (expected, expected_requests) = run_subscribe(&reference, false, args, responses);
    let (actual, actual_requests) = run_subscribe(&ours, true, args, responses);
    assert_same_requests(&expected_requests, &actual_requests);
    assert_same_outcome(&expected, &actual);
    expected
}

fn config_calls() -> Vec<CannedResponse> {
    vec![
        CannedResponse::json(JSON, "{}"),
        CannedResponse::json(JSON, "{}"),
        CannedResponse::json(JSON, "{}"),
        CannedResponse::json(
            JSON,
            r#"{"ConfigurationRecorders": [{"name": "default", "roleARN": "arn:aws:iam::1:role/c",
                "recordingGroup": {"allSupported": true, "includeGlobalResourceTypes": false, "resourceTypes": []}}]}"#,
        ),
        CannedResponse::json(
            JSON,
            r#"{"DeliveryChannels": [{"name": "default", "s3BucketName": "cfg-bucket", "s3KeyPrefix": "logs/x",
                "snsTopicARN": "arn:aws:sns:us-east-1:1:cfg-topic"}]}"#,
        ),
    ]
}

#[test]
fn subscribe_creates_a_missing_bucket_and_topic() {
    let mut responses = vec![
        CannedResponse::new(404),
        CannedResponse::new(200),
        CannedResponse::xml(
            r#"<CreateTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><CreateTopicResult><TopicArn>arn:aws:sns:us-east-1:1:cfg-topic</TopicArn></CreateTopicResult></CreateTopicResponse>"#,
        ),
    ];
    responses.extend(config_calls());
    let expected = compare_subscribe(
        &[
            "configservice",
            "subscribe",
            "--s3-bucket",
            "cfg-bucket/logs/x",
            "--sns-topic",
            "cfg-topic",
            "--iam-role",
            "arn:aws:iam::1:role/c",
        ],
        &responses,
    );
    assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
    assert!(expected
        .stdout_text()
        .starts_with("Using new S3 bucket: cfg-bucket\nUsing new SNS topic:"));
}

#[test]
fn subscribe_uses_an_existing_bucket_and_topic_arn() {
    let mut responses = vec![CannedResponse::new(403)];
    responses.extend(config_calls());
    let expected = compare_subscribe(
        &[
            "configservice",
            "subscribe",
            "--s3-bucket",
            "cfg-bucket",
            "--sns-topic",
            "arn:aws:sns:us-east-1:1:cfg-topic",
            "--iam-role",
            "r",
        ],
        &responses,
    );
    assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
    assert!(expected
        .stdout_text()
        .starts_with("Using existing S3 bucket: cfg-bucket\n"));
    compare_subscribe(&["configservice", "subscribe", "--s3-bucket", "b"], &[]);
}
