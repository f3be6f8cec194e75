//! iam-role: IMDSv2 tokens, v1 fallback, v1 disabled, disabled IMDS, region, against a stub
//! IMDS (RecordingServer on 127.0.0.1) set as `AWS_EC2_METADATA_SERVICE_ENDPOINT`.

use std::sync::Arc;

use awscli_client::{HttpClient, HttpConfig};
use awscli_credentials::{imds_region, resolve_chain};
use awscli_test_support::{CannedResponse, RecordingServer};

use crate::support::{method_and_key, World};

const CREDENTIALS: &str = r#"{"Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": "ASIAIMDS", "SecretAccessKey": "s", "Token": "t", "Expiration": "2030-01-01T00:00:00Z"}"#;

fn http() -> Arc<HttpClient> {
    Arc::new(HttpClient::new(&HttpConfig::default()).unwrap())
}

fn imds_world(server: &RecordingServer) -> World {
    World::new()
        .without_env("AWS_EC2_METADATA_DISABLED")
        .with_env("AWS_EC2_METADATA_SERVICE_ENDPOINT", &server.endpoint())
}

#[tokio::test]
async fn v2_token_then_role_then_credentials() {
    let server = RecordingServer::start().unwrap();
    server.respond_with([
        CannedResponse::new(200).body("TOKEN"),
        CannedResponse::new(200).body("my-role"),
        CannedResponse::json("text/plain", CREDENTIALS),
    ]);
    assert_eq!(
        method_and_key(&imds_world(&server), http()).await,
        Ok(("iam-role".into(), "ASIAIMDS".into()))
    );
    let requests = server.requests();
    assert_eq!(requests[0].method, "PUT");
    assert_eq!(requests[0].target, "/latest/api/token");
    assert_eq!(
        requests[0].header("x-aws-ec2-metadata-token-ttl-seconds"),
        Some("21600")
    );
    assert_eq!(
        requests[1].target,
        "/latest/meta-data/iam/security-credentials/"
    );
    assert_eq!(
        requests[1].header("x-aws-ec2-metadata-token"),
        Some("TOKEN")
    );
    assert_eq!(
        requests[2].target,
        "/latest/meta-data/iam/security-credentials/my-role"
    );
    assert_eq!(
        requests[2].header("x-aws-ec2-metadata-token"),
        Some("TOKEN")
    );
}

#[tokio::test]
async fn v1_fallback_when_the_token_is_refused() {
    let server = RecordingServer::start().unwrap();
    server.respond_with([
        CannedResponse::new(403),
        CannedResponse::new(200).body("my-role"),
        CannedResponse::json("text/plain", CREDENTIALS),
    ]);
    assert_eq!(
        method_and_key(&imds_world(&server), http())
            .await
            .unwrap()
            .1,
        "ASIAIMDS"
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[1].header("x-aws-ec2-metadata-token"), None);
}

#[tokio::test]
async fn v1_disabled_is_an_error() {
    let server = RecordingServer::start().unwrap();
    server.respond_with([CannedResponse::new(404)]);
    let world = imds_world(&server).with_env("AWS_EC2_METADATA_V1_DISABLED", "true");
    assert_eq!(
        method_and_key(&world, http()).await.unwrap_err(),
        "Error retrieving metadata: Unable to retrieve token for use in IMDSv2 call and IMDSv1 has been disabled"
    );
}

#[tokio::test]
async fn no_role_means_no_credentials() {
    let server = RecordingServer::start().unwrap();
    server.respond_with([
        CannedResponse::new(200).body("TOKEN"),
        CannedResponse::new(404),
    ]);
    assert_eq!(
        method_and_key(&imds_world(&server), http())
            .await
            .unwrap_err(),
        "Unable to locate credentials"
    );
}

#[tokio::test]
async fn disabled_imds_sends_nothing() {
    let server = RecordingServer::start().unwrap();
    let world = imds_world(&server).with_env("AWS_EC2_METADATA_DISABLED", "TRUE");
    assert!(resolve_chain(&world.load_config(), world.options(http()))
        .await
        .unwrap_err()
        .is_no_credentials());
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn region_from_availability_zone() {
    let server = RecordingServer::start().unwrap();
    server.respond_with([
        CannedResponse::new(200).body("TOKEN"),
        CannedResponse::new(200).body("us-west-2b"),
    ]);
    let world = imds_world(&server);
    let region = imds_region(&world.load_config(), world.options(http()))
        .await
        .unwrap();
    assert_eq!(region.as_deref(), Some("us-west-2"));
    assert_eq!(
        server.requests()[1].target,
        "/latest/meta-data/placement/availability-zone/"
    );
}

#[tokio::test]
async fn invalid_endpoint_mode() {
    let world = World::new()
        .without_env("AWS_EC2_METADATA_DISABLED")
        .with_env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ipv5");
    assert_eq!(
        method_and_key(&world, http()).await.unwrap_err(),
        "Invalid EC2 Instance Metadata endpoint mode: ipv5 Valid endpoint modes (case-insensitive): ['ipv4', 'ipv6']."
    );
}

/// Answers the token PUT only after the 1 s IMDS timeout; GETs answer at once.
struct SlowTokenTransport {
    requests: std::sync::Mutex<Vec<awscli_client::PreparedRequest>>,
}

impl awscli_client::HttpTransport for SlowTokenTransport {
    fn send<'a>(
        &'a self,
        request: &'a awscli_client::PreparedRequest,
    ) -> awscli_client::BoxFuture<
        'a,
        Result<awscli_client::TransportResponse, awscli_client::TransportError>,
    > {
        self.requests.lock().unwrap().push(request.clone());
        Box::pin(async move {
            let body = if request.method == "PUT" {
                tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                "TOKEN"
            } else if request.url.ends_with("security-credentials/") {
                "my-role"
            } else {
                CREDENTIALS
            };
            Ok(awscli_client::TransportResponse {
                status: 200,
                headers: Vec::new(),
                body: Box::new(awscli_client::BufferedBody::new(body)),
            })
        })
    }
}

#[tokio::test]
async fn token_timeout_falls_back_to_v1_after_one_second() {
    let transport = Arc::new(SlowTokenTransport {
        requests: std::sync::Mutex::new(Vec::new()),
    });
    let world = World::new().without_env("AWS_EC2_METADATA_DISABLED");
    let started = std::time::Instant::now();
    assert_eq!(
        method_and_key(&world, transport.clone()).await.unwrap().1,
        "ASIAIMDS"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(3));
    let requests = transport.requests.lock().unwrap().clone();
    assert_eq!(requests[0].url, "http://169.254.169.254/latest/api/token");
    assert_eq!(requests[1].header("x-aws-ec2-metadata-token"), None);
}
