//! `aws dlm create-default-role` against canned IAM answers, with IAM at
//! `--iam-endpoint`.

use awscli_test_support::compare::{assert_same_outcome, assert_same_requests};
use awscli_test_support::{CannedResponse, CliOutput};

use crate::util::{clis, run_canned};

pub fn no_such_entity() -> CannedResponse {
    CannedResponse {
        status: 404,
        ..CannedResponse::xml(
            r#"<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name X cannot be found.</Message></Error><RequestId>r-1</RequestId></ErrorResponse>"#,
        )
    }
}

pub fn get_policy() -> CannedResponse {
    CannedResponse::xml(
        r#"<GetPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetPolicyResult><Policy><PolicyName>AWSDataLifecycleManagerServiceRole</PolicyName><DefaultVersionId>v2</DefaultVersionId><PolicyId>ANPA1</PolicyId><Path>/service-role/</Path><Arn>arn:aws:iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole</Arn><AttachmentCount>0</AttachmentCount><IsAttachable>true</IsAttachable></Policy></GetPolicyResult></GetPolicyResponse>"#,
    )
}

fn create_role() -> CannedResponse {
    CannedResponse::xml(
        r#"<CreateRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><CreateRoleResult><Role><Path>/</Path><AssumeRolePolicyDocument>%7B%22Version%22%3A%20%222012-10-17%22%7D</AssumeRolePolicyDocument><RoleName>AWSDataLifecycleManagerDefaultRole</RoleName><RoleId>AROA1</RoleId><Arn>arn:aws:iam::123456789012:role/AWSDataLifecycleManagerDefaultRole</Arn><CreateDate>2024-01-02T03:04:05Z</CreateDate></Role></CreateRoleResult><ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></CreateRoleResponse>"#,
    )
}

pub fn attach() -> CannedResponse {
    CannedResponse::xml(
        r#"<AttachRolePolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>r-3</RequestId></ResponseMetadata></AttachRolePolicyResponse>"#,
    )
}

pub fn policy_version() -> CannedResponse {
    CannedResponse::xml(
        r#"<GetPolicyVersionResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetPolicyVersionResult><PolicyVersion><Document>%7B%22Version%22%3A%20%222012-10-17%22%2C%20%22Statement%22%3A%20%5B%7B%22Effect%22%3A%20%22Allow%22%2C%20%22Action%22%3A%20%5B%22ec2%3ACreateSnapshot%22%5D%2C%20%22Resource%22%3A%20%22%2A%22%7D%5D%7D</Document><VersionId>v2</VersionId><IsDefaultVersion>true</IsDefaultVersion><CreateDate>2020-01-01T00:00:00Z</CreateDate></PolicyVersion></GetPolicyVersionResult></GetPolicyVersionResponse>"#,
    )
}

fn compare(args: &[&str], responses: &[CannedResponse]) -> CliOutput {
    let (ours, reference) = clis();
    let (expected, expected_requests) = run_canned(&reference, args, "--iam-endpoint", responses);
    let (actual, actual_requests) = run_canned(&ours, args, "--iam-endpoint", responses);
    assert_same_requests(&expected_requests, &actual_requests);
    assert_same_outcome(&expected, &actual);
    expected
}

#[test]
fn missing_role_is_created_and_printed() {
    let responses = [
        no_such_entity(),
        get_policy(),
        create_role(),
        attach(),
        get_policy(),
        policy_version(),
    ];
    let expected = compare(&["dlm", "create-default-role"], &responses);
    assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
    assert!(expected.stdout_text().contains("\"RolePolicy\""));
    compare(
        &["dlm", "create-default-role", "--output", "text"],
        &responses,
    );
    compare(
        &[
            "dlm",
            "create-default-role",
            "--resource-type",
            "image",
            "--region",
            "cn-north-1",
        ],
        &responses,
    );
}

#[test]
fn existing_role_or_missing_policy_prints_nothing() {
    // The default answer (200, empty body) is an existing role.
    compare(&["dlm", "create-default-role"], &[]);
    compare(
        &["dlm", "create-default-role"],
        &[no_such_entity(), no_such_entity()],
    );
}

#[test]
fn bad_arguments_match_the_reference() {
    compare(
        &["dlm", "create-default-role", "--resource-type", "volume"],
        &[],
    );
    compare(&["dlm", "create-default-role", "--bogus"], &[]);
}
