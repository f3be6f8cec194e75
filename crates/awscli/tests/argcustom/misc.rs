//! kinesis `list-streams --exclusive-start-stream-name` (`kinesis.py`:
//! hidden, and it turns auto-pagination off), deploy `--s3-location` /
//! `--github-location` (`codedeploy/locationargs.py`) and cloudsearchdomain's
//! required `--endpoint-url` (`cloudsearchdomain.py`).

use awscli_test_support::compare::assert_same_outcome;
use awscli_test_support::CannedResponse;

use crate::util::{assert_same_call, clis};

const JSON_11: &str = "application/x-amz-json-1.1";

#[test]
fn kinesis_list_streams_exclusive_start_name_sends_one_request() {
    assert_same_call(
        |_| {},
        &[
            "kinesis",
            "list-streams",
            "--exclusive-start-stream-name",
            "alpha",
            "--query",
            "StreamNames",
        ],
        &[
            CannedResponse::json(
                JSON_11,
                r#"{"StreamNames": ["beta"], "HasMoreStreams": true, "NextToken": "t2"}"#,
            ),
            CannedResponse::json(
                JSON_11,
                r#"{"StreamNames": ["gamma"], "HasMoreStreams": false}"#,
            ),
        ],
    );
}

#[test]
fn cloudsearchdomain_needs_an_endpoint_url() {
    let (ours, reference) = clis();
    let args = ["cloudsearchdomain", "search", "--search-query", "q"];
    let expected = reference.run(args);
    assert_eq!(expected.exit_code, 252, "{}", expected.stderr);
    let actual = ours.run(args);
    assert_same_outcome(&expected, &actual);
}

#[test]
fn deploy_register_revision_s3_location() {
    assert_same_call(
        |_| {},
        &[
            "deploy",
            "register-application-revision",
            "--application-name",
            "app",
            "--s3-location",
            "bucket=artifacts,key=app.zip,bundleType=zip,eTag=abc",
        ],
        &[CannedResponse::json(JSON_11, "{}")],
    );
}

#[test]
fn deploy_create_deployment_github_location() {
    assert_same_call(
        |_| {},
        &[
            "deploy",
            "create-deployment",
            "--application-name",
            "app",
            "--deployment-group-name",
            "dg",
            "--github-location",
            "repository=owner/repo,commitId=0123abcd",
        ],
        &[CannedResponse::json(JSON_11, r#"{"deploymentId": "d-1"}"#)],
    );
}

#[test]
fn deploy_location_errors_match_the_reference() {
    for extra in [
        &["--s3-location", "bucket=artifacts,key=app.zip"][..],
        &["--github-location", "repository=owner/repo"][..],
    ] {
        let mut args = vec![
            "deploy",
            "register-application-revision",
            "--application-name",
            "app",
        ];
        args.extend_from_slice(extra);
        crate::util::assert_same_refusal(|_| {}, &args);
    }
}
