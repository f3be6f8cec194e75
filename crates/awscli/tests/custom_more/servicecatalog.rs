//! `aws servicecatalog generate product|provisioning-artifact`: the template
//! upload and the Service Catalog call go to one recording server
//! (both clients take `--endpoint-url`).

use awscli_test_support::compare::{normalize, Body, NormalizedRequest};
use awscli_test_support::{stderr_layout, CannedResponse, CliOutput, RecordedRequest};

use crate::util::{clis, run_canned};

const JSON: &str = "application/x-amz-json-1.1";

fn compare(args: &[&str], responses: &[CannedResponse]) -> CliOutput {
    let (ours, reference) = clis();
    std::fs::write(
        ours.sandbox().path().join("template.yaml"),
        "Resources: {}\n",
    )
    .expect("writing the template");
    let (expected, expected_requests) = run_canned(&reference, args, "--endpoint-url", responses);
    let (actual, actual_requests) = run_canned(&ours, args, "--endpoint-url", responses);
    assert_eq!(
        without_token(&actual_requests),
        without_token(&expected_requests)
    );
    assert_eq!(actual.stdout_text(), expected.stdout_text());
    assert_eq!(actual.exit_code, expected.exit_code);
    assert_eq!(actual.stderr, stderr_as_v2_36(&expected));
    expected
}

/// The requests, with the generated `IdempotencyToken` (a random UUID)
/// checked for presence and then masked.
fn without_token(requests: &[RecordedRequest]) -> Vec<NormalizedRequest> {
    requests
        .iter()
        .map(|r| {
            let mut n = normalize(r);
            if let Body::Json(serde_json::Value::Object(m)) = &mut n.body {
                if let Some(token) = m.get_mut("IdempotencyToken") {
                    assert_eq!(token.as_str().map(str::len), Some(36), "a UUID");
                    *token = serde_json::Value::String("<uuid>".into());
                }
            }
            n
        })
        .collect()
}

/// The upload progress (on stderr before any error) is kept as it is;
/// what follows is converted to the 2.36 error layout.
fn stderr_as_v2_36(output: &CliOutput) -> String {
    const PROGRESS_END: &str = "(100.00%)";
    match output.stderr.find(PROGRESS_END) {
        Some(at) => {
            let (progress, rest) = output.stderr.split_at(at + PROGRESS_END.len());
            let rest = stderr_layout::to_v2_36(rest, output.exit_code, &output.args);
            format!("{progress}{rest}")
        }
        None => output.stderr_as_v2_36(),
    }
}

#[test]
fn provisioning_artifact_is_created_from_the_uploaded_template() {
    let responses = [
        CannedResponse::new(200),
        CannedResponse::json(
            JSON,
            r#"{"ProvisioningArtifactDetail": {"Id": "pa-1", "Name": "v1", "Description": "ünïcode", "Type": "CLOUD_FORMATION_TEMPLATE", "Active": true},
                "Info": {"LoadTemplateFromURL": "https://s3-eu-west-1.amazonaws.com/tpl-bucket/template.yaml"}, "Status": "CREATING"}"#,
        ),
    ];
    let args = [
        "servicecatalog",
        "generate",
        "provisioning-artifact",
        "--file-path",
        "template.yaml",
        "--bucket-name",
        "tpl-bucket",
        "--provisioning-artifact-name",
        "v1",
        "--provisioning-artifact-description",
        "first",
        "--provisioning-artifact-type",
        "CLOUD_FORMATION_TEMPLATE",
        "--product-id",
        "prod-1",
        "--region",
        "eu-west-1",
    ];
    let expected = compare(&args, &responses);
    assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
}

#[test]
fn product_is_created_with_tags_and_timestamps_print_as_text() {
    let responses = [
        CannedResponse::new(200),
        CannedResponse::json(
            JSON,
            r#"{"ProductViewDetail": {"ProductViewSummary": {"Id": "prodview-1", "Name": "p"}, "Status": "CREATED", "CreatedTime": 1700000000},
                "Tags": [{"Key": "team", "Value": "x"}]}"#,
        ),
    ];
    let args = [
        "servicecatalog",
        "generate",
        "product",
        "--product-name",
        "p",
        "--product-owner",
        "me",
        "--product-type",
        "CLOUD_FORMATION_TEMPLATE",
        "--tags",
        "Key=team,Value=x",
        "Key=env,Value=dev",
        "--file-path",
        "template.yaml",
        "--bucket-name",
        "tpl-bucket",
        "--support-email",
        "a@b.c",
        "--provisioning-artifact-name",
        "v1",
        "--provisioning-artifact-description",
        "first",
        "--provisioning-artifact-type",
        "CLOUD_FORMATION_TEMPLATE",
    ];
    let expected = compare(&args, &responses);
    assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
}

#[test]
fn bad_input_matches_the_reference() {
    let base = [
        "servicecatalog",
        "generate",
        "provisioning-artifact",
        "--bucket-name",
        "b",
        "--provisioning-artifact-name",
        "v1",
        "--provisioning-artifact-description",
        "d",
        "--provisioning-artifact-type",
        "CLOUD_FORMATION_TEMPLATE",
        "--product-id",
        "p",
    ];
    let with = |extra: &[&'static str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        args
    };
    compare(&with(&["--file-path", "missing.yaml"]), &[]);
    compare(
        &with(&["--file-path", "template.yaml", "--region", "cn-north-1"]),
        &[],
    );
    compare(&with(&["--file-path", "template.yaml", "--bogus"]), &[]);
    let no_bucket = CannedResponse {
        status: 404,
        ..CannedResponse::xml(
            "<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>b</BucketName></Error>",
        )
    };
    compare(&with(&["--file-path", "template.yaml"]), &[no_bucket]);
    compare(
        &[
            "servicecatalog",
            "generate",
            "product",
            "--product-name",
            "p",
        ],
        &[],
    );
}
