//! `aws eks get-token`: the ExecCredential and its presigned STS URL,
//! compared structurally with the reference's, and its signature verified.
//! No network call is made (the runs have no server at all).

use awscli_test_support::{Cli, CliOutput, MotoServer};
use base64::Engine;

use crate::sigv4::expected_signature;
use crate::util::{clis, PresignedUrl};

/// Both CLIs without any endpoint override: 2.9.19 ignores
/// `AWS_ENDPOINT_URL`, so the STS host is only comparable without it.
fn pair() -> (Cli, Cli) {
    Cli::pair(env!("CARGO_BIN_EXE_aws")).expect("creating the test sandbox")
}

struct Token {
    json: serde_json::Value,
    url: String,
}

#[track_caller]
fn token_of(output: &CliOutput) -> Token {
    assert_eq!(output.exit_code, 0, "stderr: {}", output.stderr);
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("get-token prints JSON");
    let token = json["status"]["token"]
        .as_str()
        .expect("a token")
        .to_owned();
    let encoded = token
        .strip_prefix("k8s-aws-v1.")
        .expect("the k8s-aws-v1. prefix");
    assert!(!encoded.ends_with('='), "the token is unpadded");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(encoded)
        .expect("base64url");
    Token {
        json,
        url: String::from_utf8(bytes).expect("a UTF-8 URL"),
    }
}

fn expiration_seconds(json: &serde_json::Value) -> i64 {
    let text = json["status"]["expirationTimestamp"]
        .as_str()
        .expect("expirationTimestamp");
    assert_eq!(text.len(), 20, "%Y-%m-%dT%H:%M:%SZ: {text}");
    assert!(text.ends_with('Z') && text.as_bytes()[10] == b'T');
    let ts: jiff::Timestamp = text.parse().expect("an RFC 3339 time");
    ts.as_second()
}

/// Runs `args` through both CLIs and compares the two tokens structurally.
#[track_caller]
fn assert_same_token(ours: &Cli, reference: &Cli, args: &[&str]) -> (Token, Token) {
    let expected = token_of(&reference.run(args));
    let actual = token_of(&ours.run(args));
    assert_eq!(actual.json["kind"], expected.json["kind"]);
    assert_eq!(actual.json["apiVersion"], expected.json["apiVersion"]);
    assert_eq!(actual.json["spec"], expected.json["spec"]);
    let keys =
        |j: &serde_json::Value| -> Vec<String> { j.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&actual.json), keys(&expected.json), "key order");
    let skew = expiration_seconds(&actual.json) - expiration_seconds(&expected.json);
    assert!(skew.abs() <= 10, "expirations {skew} s apart");
    let (a, e) = (
        PresignedUrl::parse(&actual.url),
        PresignedUrl::parse(&expected.url),
    );
    assert_eq!(a.scheme_host_path, e.scheme_host_path);
    assert_eq!(a.shape(), e.shape());
    (actual, expected)
}

#[test]
fn token_has_the_reference_structure() {
    let (ours, reference) = pair();
    let (actual, _) = assert_same_token(
        &ours,
        &reference,
        &["eks", "get-token", "--cluster-name", "demo"],
    );
    let url = PresignedUrl::parse(&actual.url);
    assert_eq!(url.scheme_host_path, "https://sts.us-east-1.amazonaws.com/");
    assert_eq!(url.get("X-Amz-Expires"), Some("60"));
    assert_eq!(url.get("X-Amz-SignedHeaders"), Some("host;x-k8s-aws-id"));
    assert_eq!(url.get("Action"), Some("GetCallerIdentity"));
    let now = jiff::Timestamp::now().as_second();
    let lead = expiration_seconds(&actual.json) - now;
    assert!(
        (14 * 60 - 10..=14 * 60).contains(&lead),
        "expires in {lead} s"
    );
}

#[test]
fn signature_verifies_with_the_same_credentials() {
    let (ours, _) = pair();
    let token = token_of(&ours.run(["eks", "get-token", "--cluster-name", "my cluster/ü"]));
    let url = PresignedUrl::parse(&token.url);
    assert_eq!(
        expected_signature(&token.url, &[("x-k8s-aws-id", "my cluster/ü")], "testing"),
        url.get("X-Amz-Signature").expect("a signature")
    );
}

#[test]
fn session_token_is_in_the_url() {
    let (ours, reference) = pair();
    let ours = ours.env("AWS_SESSION_TOKEN", "session-token");
    let reference = reference.env("AWS_SESSION_TOKEN", "session-token");
    let (actual, _) = assert_same_token(
        &ours,
        &reference,
        &["eks", "get-token", "--cluster-name", "demo"],
    );
    let url = PresignedUrl::parse(&actual.url);
    assert_eq!(url.get("X-Amz-Security-Token"), Some("session-token"));
}

#[test]
fn region_option_and_global_endpoint() {
    let (ours, reference) = pair();
    assert_same_token(
        &ours,
        &reference,
        &[
            "eks",
            "get-token",
            "--cluster-name",
            "demo",
            "--region",
            "eu-west-1",
        ],
    );
    // An empty region: 2.9.19 builds `https://sts..amazonaws.com` and fails
    // ("Invalid endpoint", 255); we treat it as no region, like an unset
    // one, and use STS's global endpoint signed for us-east-1.
    let ours = ours.env("AWS_DEFAULT_REGION", "");
    let token = token_of(&ours.run(["eks", "get-token", "--cluster-id", "id-1"]));
    let url = PresignedUrl::parse(&token.url);
    assert_eq!(url.scheme_host_path, "https://sts.amazonaws.com/");
    assert!(url
        .get("X-Amz-Credential")
        .is_some_and(|c| c.ends_with("/us-east-1/sts/aws4_request")));
}

#[test]
fn output_option_does_not_change_the_json() {
    let (ours, reference) = pair();
    assert_same_token(
        &ours,
        &reference,
        &[
            "eks",
            "get-token",
            "--cluster-name",
            "demo",
            "--output",
            "text",
        ],
    );
}

#[test]
fn exec_info_api_version() {
    let (ours, reference) = pair();
    for info in [
        r#"{"apiVersion": "client.authentication.k8s.io/v1"}"#,
        r#"{"apiVersion": "client.authentication.k8s.io/v1alpha1"}"#,
        r#"{"apiVersion": "other"}"#,
        "not json",
    ] {
        let ours = ours.clone().env("KUBERNETES_EXEC_INFO", info);
        let reference = reference.clone().env("KUBERNETES_EXEC_INFO", info);
        let args = ["eks", "get-token", "--cluster-name", "demo"];
        let expected = reference.run(args);
        let actual = ours.run(args);
        assert_eq!(actual.stderr, expected.stderr, "stderr for {info}");
        assert_same_token(&ours, &reference, &args);
    }
}

#[test]
fn bad_input_matches_the_reference() {
    let (ours, reference) = pair();
    for args in [
        vec!["eks", "get-token"],
        vec![
            "eks",
            "get-token",
            "--cluster-name",
            "a",
            "--cluster-id",
            "b",
        ],
        vec!["eks", "get-token", "--cluster-name", "a", "--bogus"],
        vec!["eks", "get-token", "--cluster-name"],
    ] {
        let expected = reference.run(&args);
        let actual = ours.run(&args);
        assert_ne!(expected.exit_code, 0, "{args:?}");
        awscli_test_support::compare::assert_same_outcome(&expected, &actual);
    }
}

#[test]
fn no_credentials_is_a_configuration_error() {
    let (ours, reference) = pair();
    let ours = ours
        .env("AWS_ACCESS_KEY_ID", "")
        .env("AWS_SECRET_ACCESS_KEY", "");
    let reference = reference
        .env("AWS_ACCESS_KEY_ID", "")
        .env("AWS_SECRET_ACCESS_KEY", "");
    let args = ["eks", "get-token", "--cluster-name", "demo"];
    let expected = reference.run(args);
    let actual = ours.run(args);
    awscli_test_support::compare::assert_same_outcome(&expected, &actual);
}

/// `--role-arn` signs with credentials from STS AssumeRole. The reference's
/// STS client takes neither `--endpoint-url` nor (2.9.19) `AWS_ENDPOINT_URL`,
/// so only ours can be pointed at moto; 2.36 honours `AWS_ENDPOINT_URL`.
#[test]
fn role_arn_signs_with_assumed_credentials() {
    let moto = MotoServer::shared();
    let (ours, _) = clis(&moto.endpoint());
    let token = token_of(&ours.run([
        "eks",
        "get-token",
        "--cluster-name",
        "demo",
        "--role-arn",
        "arn:aws:iam::123456789012:role/eks-admin",
    ]));
    let url = PresignedUrl::parse(&token.url);
    assert!(url
        .get("X-Amz-Security-Token")
        .is_some_and(|t| !t.is_empty()));
    let credential = url.get("X-Amz-Credential").expect("a credential");
    assert!(!credential.starts_with("testing/"), "{credential}");
    // The token's STS endpoint follows AWS_ENDPOINT_URL, as 2.36 does.
    assert_eq!(url.scheme_host_path, format!("{}/", moto.endpoint()));
}
