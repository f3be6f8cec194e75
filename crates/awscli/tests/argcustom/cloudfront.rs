//! cloudfront `create-invalidation --paths` and `create-distribution
//! --origin-domain-name --default-root-object` (`cloudfront.py`): the
//! structures built from them carry values made of the time and a random
//! number (`cli-<seconds>-<n>`), masked here.

use awscli_test_support::compare::{assert_same_outcome, normalize, Body, NormalizedRequest};
use awscli_test_support::CannedResponse;

use crate::util::{assert_same_refusal, clis, run_recorded};

const INVALIDATION: &str = r#"<?xml version="1.0"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I1</Id><Status>InProgress</Status><CreateTime>2024-01-01T00:00:00Z</CreateTime><InvalidationBatch><Paths><Quantity>1</Quantity><Items><Path>/a</Path></Items></Paths><CallerReference>c</CallerReference></InvalidationBatch></Invalidation>"#;

/// The request with the made-up `<prefix>-<seconds>-<n>` values
/// (`unique_string`: caller references, origin ids) masked as
/// `<prefix>-<unique>`.
fn masked(request: &NormalizedRequest) -> NormalizedRequest {
    let mut request = request.clone();
    if let Body::Xml(lines) = &mut request.body {
        for line in lines.iter_mut() {
            // Text lines are quoted.
            let text = line.trim().trim_matches('"').to_owned();
            let mut parts = text.rsplitn(3, '-');
            let (Some(random), Some(seconds), Some(prefix)) =
                (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            if random
                .parse::<u32>()
                .is_ok_and(|n| (1..=1_000_000).contains(&n))
                && seconds.len() >= 10
                && seconds.parse::<u64>().is_ok()
            {
                *line = line.replace(&text, &format!("{prefix}-<unique>"));
            }
        }
    }
    request
}

#[test]
fn create_invalidation_paths() {
    let args = [
        "cloudfront",
        "create-invalidation",
        "--distribution-id",
        "D1",
        "--paths",
        "/index.html",
        "/img/*",
        "--query",
        "Invalidation.Id",
    ];
    let response = CannedResponse::new(201)
        .header("Content-Type", "text/xml")
        .header(
            "Location",
            "https://cloudfront.amazonaws.com/2020-05-31/distribution/D1/invalidation/I1",
        )
        .body(INVALIDATION);
    let (ours, reference) = clis();
    let expected = run_recorded(&reference, &args, std::slice::from_ref(&response));
    assert_eq!(expected.output.exit_code, 0, "{}", expected.output.stderr);
    let actual = run_recorded(&ours, &args, &[response]);
    assert_same_outcome(&expected.output, &actual.output);
    let expected: Vec<NormalizedRequest> = expected
        .requests
        .iter()
        .map(|r| masked(&normalize(r)))
        .collect();
    let actual: Vec<NormalizedRequest> = actual
        .requests
        .iter()
        .map(|r| masked(&normalize(r)))
        .collect();
    assert_eq!(expected, actual);
}

#[test]
fn create_invalidation_paths_and_batch_are_exclusive() {
    assert_same_refusal(
        |_| {},
        &[
            "cloudfront",
            "create-invalidation",
            "--distribution-id",
            "D1",
            "--invalidation-batch",
            "Paths={Quantity=1,Items=[/a]},CallerReference=x",
            "--paths",
            "/b",
        ],
    );
}

const DISTRIBUTION: &str = r#"<?xml version="1.0"?><Distribution xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>E1</Id><ARN>arn:aws:cloudfront::123456789012:distribution/E1</ARN><Status>InProgress</Status><DomainName>d1.cloudfront.net</DomainName></Distribution>"#;

fn assert_same_masked_call(args: &[&str], response: CannedResponse) {
    let (ours, reference) = clis();
    let expected = run_recorded(&reference, args, std::slice::from_ref(&response));
    assert_eq!(expected.output.exit_code, 0, "{}", expected.output.stderr);
    let actual = run_recorded(&ours, args, &[response]);
    assert_same_outcome(&expected.output, &actual.output);
    let expected: Vec<NormalizedRequest> = expected
        .requests
        .iter()
        .map(|r| masked(&normalize(r)))
        .collect();
    let actual: Vec<NormalizedRequest> = actual
        .requests
        .iter()
        .map(|r| masked(&normalize(r)))
        .collect();
    assert_eq!(expected, actual);
}

fn distribution_response() -> CannedResponse {
    CannedResponse::new(201)
        .header("Content-Type", "text/xml")
        .header("ETag", "E2")
        .body(DISTRIBUTION)
}

#[test]
fn create_distribution_from_an_s3_origin() {
    assert_same_masked_call(
        &[
            "cloudfront",
            "create-distribution",
            "--origin-domain-name",
            "bucket.s3.amazonaws.com",
            "--default-root-object",
            "index.html",
            "--query",
            "Distribution.Id",
        ],
        distribution_response(),
    );
}

#[test]
fn create_distribution_from_a_custom_origin() {
    assert_same_masked_call(
        &[
            "cloudfront",
            "create-distribution",
            "--origin-domain-name",
            "www.example.com",
            "--query",
            "Distribution.Id",
        ],
        distribution_response(),
    );
}

#[test]
fn create_distribution_origin_and_config_are_exclusive() {
    assert_same_refusal(
        |_| {},
        &[
            "cloudfront",
            "create-distribution",
            "--distribution-config",
            "{}",
            "--default-root-object",
            "index.html",
        ],
    );
}
