//! `aws datapipeline list-runs` against canned `QueryObjects` (two pages)
//! and `DescribeObjects` answers.

use awscli_test_support::compare::{assert_same_outcome, assert_same_requests};
use awscli_test_support::{stderr_layout, CannedResponse, CliOutput};

use crate::util::{clis, json_error, run_canned};

const JSON: &str = "application/x-amz-json-1.1";

fn responses() -> Vec<CannedResponse> {
    vec![
        CannedResponse::json(
            JSON,
            r#"{"ids": ["@b_1", "@a_2"], "hasMoreResults": true, "marker": "m1"}"#,
        ),
        CannedResponse::json(JSON, r#"{"ids": ["@c_3"], "hasMoreResults": false}"#),
        CannedResponse::json(
            JSON,
            r#"{"pipelineObjects": [
                {"id": "@b_1", "name": "B", "fields": [
                    {"key": "@componentParent", "refValue": "CopyActivityWithAVeryLongNameThatIsCutAtFiftyCharactersExactly"},
                    {"key": "@scheduledStartTime", "stringValue": "2024-01-02T00:00:00"},
                    {"key": "@status", "stringValue": "FINISHED"},
                    {"key": "@actualStartTime", "stringValue": "2024-01-02T00:01:00"},
                    {"key": "@actualEndTime", "stringValue": "2024-01-02T00:09:00"}]},
                {"id": "@a_2", "name": "A", "fields": [
                    {"key": "@componentParent", "refValue": "Shell"},
                    {"key": "@scheduledStartTime", "stringValue": "2024-01-01T00:00:00"},
                    {"key": "@status", "stringValue": "RUNNING"},
                    {"key": "@actualStartTime", "stringValue": "2024-01-01T00:00:05"}]},
                {"id": "@c_3", "name": "C", "fields": [
                    {"key": "@componentParent", "refValue": "Shell"},
                    {"key": "@scheduledStartTime", "stringValue": "2024-01-01T00:00:00"},
                    {"key": "@status"}]}
            ]}"#,
        ),
    ]
}

fn compare(args: &[&str], responses: &[CannedResponse], compare_requests: bool) -> CliOutput {
    let (ours, reference) = clis();
    let (expected, expected_requests) = run_canned(&reference, args, "--endpoint-url", responses);
    let (actual, actual_requests) = run_canned(&ours, args, "--endpoint-url", responses);
    if compare_requests {
        assert_same_requests(&expected_requests, &actual_requests);
    } else {
        assert_eq!(expected_requests.len(), actual_requests.len());
    }
    assert_same_outcome(&expected, &actual);
    expected
}

#[test]
fn runs_print_as_the_reference_table() {
    let args = [
        "datapipeline",
        "list-runs",
        "--pipeline-id",
        "df-1",
        "--start-interval",
        "2024-01-01T00:00:00, 2024-01-03T00:00:00",
        "--schedule-interval",
        "2023-12-31T00:00:00,2024-01-04T00:00:00",
        "--status",
        "finished, running",
    ];
    let expected = compare(&args, &responses(), true);
    assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
    assert!(expected.stdout_text().contains("   3.  CopyActivity"));
}

#[test]
fn runs_follow_an_explicit_output_format() {
    for output in ["json", "text", "yaml", "table"] {
        let args = [
            "datapipeline",
            "list-runs",
            "--pipeline-id",
            "df-1",
            "--start-interval",
            "a,b",
            "--output",
            output,
        ];
        let expected = compare(&args, &responses(), true);
        assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
    }
    let args = [
        "datapipeline",
        "list-runs",
        "--pipeline-id",
        "df-1",
        "--start-interval",
        "a,b",
        "--output",
        "json",
        "--query",
        "[].[name, \"@status\"]",
    ];
    let expected = compare(&args, &responses(), true);
    assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
}

#[test]
fn default_interval_and_no_runs() {
    // The default interval ends now, so only the number of calls is compared.
    let empty = [CannedResponse::json(
        JSON,
        r#"{"ids": [], "hasMoreResults": false}"#,
    )];
    compare(
        &["datapipeline", "list-runs", "--pipeline-id", "df-1"],
        &empty,
        false,
    );
}

#[test]
fn bad_arguments_and_service_errors_match_the_reference() {
    let cases: &[&[&str]] = &[
        &["datapipeline", "list-runs"],
        &[
            "datapipeline",
            "list-runs",
            "--pipeline-id",
            "df-1",
            "--status",
            "done",
        ],
        &[
            "datapipeline",
            "list-runs",
            "--pipeline-id",
            "df-1",
            "--start-interval",
            "a",
        ],
        &[
            "datapipeline",
            "list-runs",
            "--pipeline-id",
            "df-1",
            "--bogus",
        ],
    ];
    for args in cases {
        compare(args, &[], true);
    }
    let missing = [json_error(
        JSON,
        400,
        "PipelineNotFoundException",
        "Pipeline df-1 not found",
    )];
    compare(
        &[
            "datapipeline",
            "list-runs",
            "--pipeline-id",
            "df-1",
            "--start-interval",
            "a,b",
        ],
        &missing,
        true,
    );
}

const WARNING_END: &str = "dp-iam-roles.html\n\n";

/// 2.9.19 prints Python's warning with the absolute path of its source file
/// and the source line; 2.36 (frozen) has the path relative to the package
/// and no source line, which is what is expected here. What follows the
/// warning is converted to the 2.36 error layout on its own.
fn warning_as_v2_36(output: &CliOutput) -> String {
    let stderr = output
        .stderr
        .replace("/usr/lib/python3/dist-packages/awscli/", "awscli/")
        .replace("  warnings.warn(_DEPRECATION_NOTICE)\n", "");
    let at = stderr.find(WARNING_END).expect("the deprecation warning") + WARNING_END.len();
    let (warning, rest) = stderr.split_at(at);
    let rest = stderr_layout::to_v2_36(rest, output.exit_code, &output.args);
    format!("{warning}{rest}")
}

fn iam_xml(operation: &str, result: &str) -> CannedResponse {
    CannedResponse::xml(format!(
        r#"<{operation}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><{operation}Result>{result}</{operation}Result></{operation}Response>"#
    ))
}

fn role(name: &str) -> CannedResponse {
    iam_xml(
        "CreateRole",
        &format!("<Role><Path>/</Path><AssumeRolePolicyDocument>%7B%7D</AssumeRolePolicyDocument><RoleName>{name}</RoleName><RoleId>AROA{name}</RoleId><Arn>arn:aws:iam::123456789012:role/{name}</Arn><CreateDate>2024-01-02T03:04:05Z</CreateDate></Role>"),
    )
}

fn compare_roles(args: &[&str], responses: &[CannedResponse]) {
    let (ours, reference) = clis();
    let (expected, expected_requests) = run_canned(&reference, args, "--endpoint-url", responses);
    let (actual, actual_requests) = run_canned(&ours, args, "--endpoint-url", responses);
    assert_same_requests(&expected_requests, &actual_requests);
    assert_eq!(actual.stdout_text(), expected.stdout_text());
    assert_eq!(actual.exit_code, expected.exit_code);
    assert_eq!(actual.stderr, warning_as_v2_36(&expected));
}

#[test]
fn create_default_roles_creates_what_is_missing() {
    use crate::dlm::{attach, get_policy, no_such_entity, policy_version};
    let responses = [
        no_such_entity(),
        role("DataPipelineDefaultRole"),
        attach(),
        get_policy(),
        policy_version(),
        no_such_entity(),
        role("DataPipelineDefaultResourceRole"),
        attach(),
        get_policy(),
        policy_version(),
        no_such_entity(),
        iam_xml("CreateInstanceProfile", "<InstanceProfile><Path>/</Path><InstanceProfileName>DataPipelineDefaultResourceRole</InstanceProfileName><InstanceProfileId>AIPA1</InstanceProfileId><Arn>arn:aws:iam::123456789012:instance-profile/DataPipelineDefaultResourceRole</Arn><CreateDate>2024-01-02T03:04:05Z</CreateDate><Roles/></InstanceProfile>"),
        attach(),
    ];
    compare_roles(&["datapipeline", "create-default-roles"], &responses);
    compare_roles(
        &["datapipeline", "create-default-roles", "--output", "table"],
        &responses,
    );
}

#[test]
fn create_default_roles_with_everything_there_prints_an_empty_list() {
    let get_role = |name: &str| {
        iam_xml(
            "GetRole",
            &format!("<Role><Path>/</Path><RoleName>{name}</RoleName><RoleId>AROA1</RoleId><Arn>arn:aws:iam::1:role/{name}</Arn><CreateDate>2024-01-02T03:04:05Z</CreateDate></Role>"),
        )
    };
    let profile = iam_xml(
        "GetInstanceProfile",
        "<InstanceProfile><Path>/</Path><InstanceProfileName>p</InstanceProfileName><InstanceProfileId>AIPA1</InstanceProfileId><Arn>arn:aws:iam::1:instance-profile/p</Arn><CreateDate>2024-01-02T03:04:05Z</CreateDate><Roles/></InstanceProfile>",
    );
    compare_roles(
        &["datapipeline", "create-default-roles"],
        &[
            get_role("DataPipelineDefaultRole"),
            get_role("DataPipelineDefaultResourceRole"),
            profile,
        ],
    );
    let denied = CannedResponse {
        status: 403,
        ..CannedResponse::xml(
            r#"<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>"#,
        )
    };
    compare_roles(&["datapipeline", "create-default-roles"], &[denied]);
}
