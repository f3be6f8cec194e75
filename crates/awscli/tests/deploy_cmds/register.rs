//! `aws deploy register` and `deregister`: the IAM and CodeDeploy calls,
//! the step-by-step progress, the configuration file written, and the
//! failure report.

use awscli_test_support::{CannedResponse, RecordingServer};

use crate::util::{assert_same, clis, iam_error, iam_xml, json, json_error, with_endpoint};

const USER_ARN: &str = "arn:aws:iam::123456789012:user/AWS/CodeDeploy/host-1";

fn created_user() -> CannedResponse {
    iam_xml(
        "CreateUser",
        &format!(
            "<User><Path>/AWS/CodeDeploy/</Path><UserName>host-1</UserName><UserId>AID1</UserId>\
             <Arn>{USER_ARN}</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate></User>"
        ),
    )
}

fn created_key() -> CannedResponse {
    iam_xml(
        "CreateAccessKey",
        "<AccessKey><UserName>host-1</UserName><AccessKeyId>AKIAEXAMPLE</AccessKeyId>\
         <Status>Active</Status><SecretAccessKey>secret/key+1</SecretAccessKey></AccessKey>",
    )
}

fn put_policy() -> CannedResponse {
    CannedResponse::xml(
        "<PutUserPolicyResponse><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PutUserPolicyResponse>",
    )
}

#[test]
fn register_creates_the_user_and_writes_the_config() {
    let server = RecordingServer::start().unwrap();
    let endpoint = server.endpoint();
    let (ours, reference) = clis(&endpoint);
    let args = with_endpoint(
        &[
            "deploy",
            "register",
            "--instance-name",
            "host-1",
            "--tags",
            "Key=Name,Value=web",
            "Key=env,Value=prod",
        ],
        &endpoint,
    );
    let responses = [
        created_user(),
        created_key(),
        put_policy(),
        json("{}"),
        json("{}"),
    ];
    let (expected, _) = assert_same(&server, &ours, &reference, &args, &responses);
    assert_eq!(expected.output.exit_code, 0, "{}", expected.output.stderr);
}

#[test]
fn register_config_file_matches_the_reference() {
    let server = RecordingServer::start().unwrap();
    let endpoint = server.endpoint();
    let (ours, reference) = clis(&endpoint);
    let args = with_endpoint(
        &["deploy", "register", "--instance-name", "host-1"],
        &endpoint,
    );
    let responses = [created_user(), created_key(), put_policy(), json("{}")];
    let config = ours.sandbox().path().join("codedeploy.onpremises.yml");
    server.respond_with(responses.iter().cloned());
    let expected = reference.run(&args);
    let reference_config = std::fs::read_to_string(&config).unwrap();
    std::fs::remove_file(&config).unwrap();
    server.respond_with(responses.iter().cloned());
    let actual = ours.run(&args);
    let our_config = std::fs::read_to_string(&config).unwrap();
    awscli_test_support::compare::assert_same_outcome(&expected, &actual);
    assert_eq!(reference_config, our_config);
}

#[test]
fn register_with_an_existing_user() {
    let server = RecordingServer::start().unwrap();
    let endpoint = server.endpoint();
    let (ours, reference) = clis(&endpoint);
    let args = with_endpoint(
        &[
            "deploy",
            "register",
            "--instance-name",
            "host-1",
            "--iam-user-arn",
            USER_ARN,
        ],
        &endpoint,
    );
    let (expected, _) = assert_same(&server, &ours, &reference, &args, &[json("{}")]);
    assert_eq!(expected.output.exit_code, 0, "{}", expected.output.stderr);
    assert!(!ours
        .sandbox()
        .path()
        .join("codedeploy.onpremises.yml")
        .exists());
}

#[test]
fn register_failure_keeps_the_progress_and_explains() {
    let server = RecordingServer::start().unwrap();
    let endpoint = server.endpoint();
    let (ours, reference) = clis(&endpoint);
    let args = with_endpoint(
        &[
            "deploy",
            "register",
            "--instance-name",
            "host-1",
            "--iam-user-arn",
            USER_ARN,
        ],
        &endpoint,
    );
    let taken = json_error(
        400,
        "InstanceNameAlreadyRegisteredException",
        "The on-premises instance name is already registered.",
    );
    // The reference's own report: not an `aws: [ERROR]` layout, so it is
    // compared as printed.
    let (expected, actual) = crate::util::run_both(&server, &ours, &reference, &args, &[taken]);
    awscli_test_support::compare::assert_same_requests(&expected.requests, &actual.requests);
    assert_eq!(expected.output.exit_code, actual.output.exit_code);
    assert_eq!(expected.output.stdout_text(), actual.output.stdout_text());
    assert_eq!(expected.output.stderr, actual.output.stderr);
}

#[test]
fn register_validation_errors() {
    let server = RecordingServer::start().unwrap();
    let endpoint = server.endpoint();
    let (ours, reference) = clis(&endpoint);
    let cases: &[&[&str]] = &[
        &["deploy", "register", "--instance-name", "i-123"],
        &["deploy", "register", "--instance-name", "bad name"],
        &[
            "deploy",
            "register",
            "--instance-name",
            "ok",
            "--iam-user-arn",
            "arn:aws:iam::1:user/x",
        ],
        &[
            "deploy",
            "register",
            "--instance-name",
            "ok",
            "--tags",
            "Key=a,Value=b",
            "Key=c",
        ],
        &["deploy", "register"],
        &["deploy", "deregister", "--instance-name", "i-1"],
    ];
    for case in cases {
        let args = with_endpoint(case, &endpoint);
        let (expected, _) = assert_same(&server, &ours, &reference, &args, &[]);
        assert!(expected.requests.is_empty());
    }
}

#[test]
fn register_without_a_region() {
    let server = RecordingServer::start().unwrap();
    let endpoint = server.endpoint();
    let (ours, reference) = clis(&endpoint);
    let (ours, reference) = (
        ours.env("AWS_DEFAULT_REGION", ""),
        reference.env("AWS_DEFAULT_REGION", ""),
    );
    let args = with_endpoint(
        &["deploy", "register", "--instance-name", "host-1"],
        &endpoint,
    );
    let (expected, _) = assert_same(&server, &ours, &reference, &args, &[]);
    assert_eq!(expected.output.exit_code, 253);
}

fn instance(tags: &str) -> CannedResponse {
    json(&format!(
        r#"{{"instanceInfo": {{"instanceName": "host-1", "iamUserArn": "{USER_ARN}", "tags": {tags}}}}}"#
    ))
}

#[test]
fn deregister_removes_everything() {
    let server = RecordingServer::start().unwrap();
    let endpoint = server.endpoint();
    let (ours, reference) = clis(&endpoint);
    let args = with_endpoint(
        &["deploy", "deregister", "--instance-name", "host-1"],
        &endpoint,
    );
    let responses = [
        instance(r#"[{"Key": "Name", "Value": "web"}, {"Key": "env", "Value": "prod"}]"#),
        json("{}"),
        json("{}"),
        iam_xml(
            "ListUserPolicies",
            "<PolicyNames><member>codedeploy-agent</member><member>extra</member></PolicyNames><IsTruncated>false</IsTruncated>",
        ),
        put_policy(),
        put_policy(),
        iam_xml(
            "ListAccessKeys",
            "<AccessKeyMetadata><member><UserName>host-1</UserName><AccessKeyId>AKIAIOSFODNN7EXAMPLE</AccessKeyId><Status>Active</Status></member></AccessKeyMetadata><IsTruncated>false</IsTruncated>",
        ),
        put_policy(),
        put_policy(),
    ];
    let (expected, _) = assert_same(&server, &ours, &reference, &args, &responses);
    assert_eq!(expected.output.exit_code, 0, "{}", expected.output.stderr);
    assert_eq!(expected.requests.len(), 9);
}

#[test]
fn deregister_tolerates_a_missing_user_and_keeps_it_on_request() {
    let server = RecordingServer::start().unwrap();
    let endpoint = server.endpoint();
    let (ours, reference) = clis(&endpoint);
    let gone = || {
        iam_error(
            404,
            "NoSuchEntity",
            "The user with name host-1 cannot be found.",
        )
    };
    let args = with_endpoint(
        &["deploy", "deregister", "--instance-name", "host-1"],
        &endpoint,
    );
    let responses = [instance("[]"), json("{}"), gone(), gone(), gone()];
    let (expected, _) = assert_same(&server, &ours, &reference, &args, &responses);
    assert_eq!(expected.output.exit_code, 0, "{}", expected.output.stderr);

    let args = with_endpoint(
        &[
            "deploy",
            "deregister",
            "--instance-name",
            "host-1",
            "--no-delete-iam-user",
        ],
        &endpoint,
    );
    let (expected, _) = assert_same(
        &server,
        &ours,
        &reference,
        &args,
        &[instance("[]"), json("{}")],
    );
    assert_eq!(expected.requests.len(), 2);
}

#[test]
fn deregister_failure_report() {
    let server = RecordingServer::start().unwrap();
    let endpoint = server.endpoint();
    let (ours, reference) = clis(&endpoint);
    let args = with_endpoint(
        &["deploy", "deregister", "--instance-name", "host-1"],
        &endpoint,
    );
    let missing = json_error(
        400,
        "InstanceNotRegisteredException",
        "The specified on-premises instance is not registered.",
    );
    let (expected, actual) = crate::util::run_both(&server, &ours, &reference, &args, &[missing]);
    assert_eq!(expected.output.exit_code, 255);
    assert_eq!(expected.output.exit_code, actual.output.exit_code);
    assert_eq!(expected.output.stdout_text(), actual.output.stdout_text());
    assert_eq!(expected.output.stderr, actual.output.stderr);
}
