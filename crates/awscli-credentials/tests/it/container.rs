//! container-role: relative and full URIs, allowed hosts, authorization token and retries.

use std::sync::Arc;

use awscli_client::{HttpClient, HttpConfig};
use awscli_test_support::{CannedResponse, RecordingServer};

use crate::support::{method_and_key, FakeTransport, World};

const CREDENTIALS: &str = r#"{"AccessKeyId": "ASIACONT", "SecretAccessKey": "s", "Token": "t", "Expiration": "2030-01-01T00:00:00Z"}"#;

#[tokio::test]
async fn relative_uri_goes_to_the_ecs_address_with_the_token() {
    let transport = FakeTransport::new(|_| Ok((200, CREDENTIALS.to_string())));
    let world = World::new()
        .with_env(
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "/v2/credentials/abc",
        )
        .with_env("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Basic xyz");
    assert_eq!(
        method_and_key(&world, transport.clone()).await,
        Ok(("container-role".into(), "ASIACONT".into()))
    );
    let request = &transport.requests()[0];
    assert_eq!(request.method, "GET");
    assert_eq!(request.url, "http://169.254.170.2/v2/credentials/abc");
    assert_eq!(request.header("Authorization"), Some("Basic xyz"));
    assert_eq!(request.header("Accept"), Some("application/json"));
}

#[tokio::test]
async fn full_uri_on_loopback_with_token_file_via_stub_server() {
    let server = RecordingServer::start().unwrap();
    server.respond_with([CannedResponse::json("application/json", CREDENTIALS)]);
    let world = World::new()
        .with_env(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            &format!("{}/creds", server.endpoint()),
        )
        .with_env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/var/token")
        .with_env("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored")
        .with_file("/var/token", "from-file");
    let http = Arc::new(HttpClient::new(&HttpConfig::default()).unwrap());
    assert_eq!(method_and_key(&world, http).await.unwrap().1, "ASIACONT");
    assert_eq!(
        server.requests()[0].header("Authorization"),
        Some("from-file")
    );
}

#[tokio::test]
async fn disallowed_host_and_bad_token_are_errors() {
    let world = World::new().with_env(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "http://10.0.0.1/creds",
    );
    assert_eq!(
        method_and_key(&world, FakeTransport::unused()).await.unwrap_err(),
        "Unsupported host '10.0.0.1'.  Can only retrieve metadata from a loopback address or one of these hosts: 169.254.170.2, 169.254.170.23, fd00:ec2::23, localhost"
    );
    let world = World::new()
        .with_env(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "https://creds.example.com/x",
        )
        .with_env("AWS_CONTAINER_AUTHORIZATION_TOKEN", "a\r\nb");
    assert_eq!(
        method_and_key(&world, FakeTransport::unused())
            .await
            .unwrap_err(),
        "Auth token value is not a legal header value"
    );
}

#[tokio::test]
async fn three_attempts_then_the_last_error() {
    let transport = FakeTransport::new(|_| Ok((500, "oops".to_string())));
    let world = World::new().with_env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds");
    assert_eq!(
        method_and_key(&world, transport.clone()).await.unwrap_err(),
        "Error when retrieving credentials from container-role: Error retrieving metadata: Received non 200 response 500 from container metadata: oops"
    );
    assert_eq!(transport.requests().len(), 3);
}
