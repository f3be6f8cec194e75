//! sso: token cache reads, the stub SSO portal (a RecordingServer on 127.0.0.1), token refresh
//! through sso-oidc CreateToken, and the expired/missing token errors.

use std::sync::Arc;

use awscli_client::{HttpClient, HttpConfig};
use awscli_test_support::{CannedResponse, RecordingServer};

use crate::support::{method_and_key, FakeTransport, World, HOME};

const SESSION_TOKEN_FILE: &str = "~/.aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json";
const LEGACY_TOKEN_FILE: &str = "~/.aws/sso/cache/2b829a45f04c9828cb45b7d092d8e4aa30818393.json";

const SESSION_CONFIG: &str = "[profile sso]\nsso_session = my-sso\nsso_account_id = 123456789012\nsso_role_name = Admin\n\
    [sso-session my-sso]\nsso_start_url = https://d-123.awsapps.com/start\nsso_region = us-east-1\n";
const LEGACY_CONFIG: &str = "[profile sso]\nsso_start_url = https://d-123.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Admin\n";

fn role_credentials() -> CannedResponse {
    CannedResponse::json(
        "application/json",
        r#"{"roleCredentials": {"accessKeyId": "ASIASSO", "secretAccessKey": "s", "sessionToken": "t", "expiration": 1893456000000}}"#,
    )
}

fn http() -> Arc<HttpClient> {
    Arc::new(HttpClient::new(&HttpConfig::default()).expect("default HTTP client"))
}

fn world(server: &RecordingServer, config: &str) -> World {
    World::new()
        .with_env("AWS_PROFILE", "sso")
        .with_env("AWS_ENDPOINT_URL_SSO", &server.endpoint())
        .with_env("AWS_ENDPOINT_URL_SSO_OIDC", &server.endpoint())
        .config(config)
}

#[tokio::test]
async fn session_token_from_cache_gets_role_credentials() {
    let server = RecordingServer::start().unwrap();
    server.respond_with([role_credentials()]);
    let world = world(&server, SESSION_CONFIG).with_file(
        SESSION_TOKEN_FILE,
        r#"{"startUrl": "https://d-123.awsapps.com/start", "region": "us-east-1", "accessToken": "the-token", "expiresAt": "2026-01-01T08:00:00Z"}"#,
    );
    assert_eq!(
        method_and_key(&world, http()).await,
        Ok(("sso".into(), "ASIASSO".into()))
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path(), "/federation/credentials");
    assert!(
        requests[0].query().contains("role_name=Admin"),
        "{}",
        requests[0].query()
    );
    assert!(requests[0].query().contains("account_id=123456789012"));
    assert_eq!(
        requests[0].header("x-amz-sso_bearer_token"),
        Some("the-token")
    );
    assert_eq!(requests[0].header("Authorization"), None);

    // Cached in ~/.aws/cli/cache under sha1('{"accountId":...,"roleName":...,"sessionName":...}').
    let cached = world
        .files
        .get(format!(
            "{HOME}/.aws/cli/cache/c30b99aca80d8f5b3178e353f05b2abcc9a4ccd3.json"
        ))
        .expect("SSO credentials are cached");
    let cached: serde_json::Value = serde_json::from_slice(&cached).unwrap();
    assert_eq!(cached["ProviderType"], "sso");
    assert_eq!(cached["Credentials"]["Expiration"], "2030-01-01T00:00:00Z");
}

#[tokio::test]
async fn missing_token_is_an_sso_token_load_error() {
    let server = RecordingServer::start().unwrap();
    let world = world(&server, SESSION_CONFIG);
    assert_eq!(
        method_and_key(&world, http()).await.unwrap_err(),
        "Error loading SSO Token: Token for my-sso does not exist"
    );
    let legacy = self::world(&server, LEGACY_CONFIG);
    assert_eq!(
        method_and_key(&legacy, http()).await.unwrap_err(),
        "Error loading SSO Token: Token for https://d-123.awsapps.com/start does not exist"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn expired_legacy_token_is_unauthorized() {
    let server = RecordingServer::start().unwrap();
    let world = world(&server, LEGACY_CONFIG).with_file(
        LEGACY_TOKEN_FILE,
        r#"{"startUrl": "https://d-123.awsapps.com/start", "region": "us-east-1", "accessToken": "old", "expiresAt": "2025-12-31T23:00:00Z"}"#,
    );
    assert_eq!(
        method_and_key(&world, http()).await.unwrap_err(),
        "The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile."
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn unauthorized_portal_answer_is_unauthorized_token() {
    let server = RecordingServer::start().unwrap();
    server.respond_with([CannedResponse::new(401)
        .header("Content-Type", "application/json")
        .header("x-amzn-ErrorType", "UnauthorizedException")
        .body(r#"{"message": "Session token not found or invalid"}"#)]);
    let world = world(&server, LEGACY_CONFIG).with_file(
        LEGACY_TOKEN_FILE,
        r#"{"accessToken": "revoked", "expiresAt": "2026-01-01T08:00:00Z"}"#,
    );
    assert_eq!(
        method_and_key(&world, http()).await.unwrap_err(),
        "The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile."
    );
}

#[tokio::test]
async fn expired_session_token_is_refreshed_with_create_token() {
    let server = RecordingServer::start().unwrap();
    server.respond_with([
        CannedResponse::json(
            "application/json",
            r#"{"accessToken": "new-token", "expiresIn": 28800, "refreshToken": "new-refresh", "tokenType": "Bearer"}"#,
        ),
        role_credentials(),
    ]);
    let world = world(&server, SESSION_CONFIG).with_file(
        SESSION_TOKEN_FILE,
        r#"{"startUrl": "https://d-123.awsapps.com/start", "region": "us-east-1", "accessToken": "old", "expiresAt": "2025-12-31T23:00:00Z", "clientId": "cid", "clientSecret": "csecret", "registrationExpiresAt": "2026-03-01T00:00:00Z", "refreshToken": "old-refresh"}"#,
    );
    assert_eq!(
        method_and_key(&world, http()).await,
        Ok(("sso".into(), "ASIASSO".into()))
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].path(), "/token");
    let body: serde_json::Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(body["grantType"], "refresh_token");
    assert_eq!(body["refreshToken"], "old-refresh");
    assert_eq!(
        requests[1].header("x-amz-sso_bearer_token"),
        Some("new-token")
    );
    let saved = world
        .files
        .get(SESSION_TOKEN_FILE.replace('~', HOME))
        .expect("token file");
    assert_eq!(
        String::from_utf8(saved).unwrap(),
        r#"{"startUrl": "https://d-123.awsapps.com/start", "region": "us-east-1", "accessToken": "new-token", "expiresAt": "2026-01-01T08:00:00Z", "clientId": "cid", "clientSecret": "csecret", "registrationExpiresAt": "2026-03-01T00:00:00Z", "refreshToken": "new-refresh"}"#
    );
}

#[tokio::test]
async fn expired_session_token_without_refresh_fails() {
    let world = World::new()
        .with_env("AWS_PROFILE", "sso")
        .config(SESSION_CONFIG)
        .with_file(
            SESSION_TOKEN_FILE,
            r#"{"accessToken": "old", "expiresAt": "2025-12-31T23:00:00Z"}"#,
        );
    assert_eq!(
        method_and_key(&world, FakeTransport::unused())
            .await
            .unwrap_err(),
        "Error when retrieving token from sso: Token has expired and refresh failed"
    );
}

#[tokio::test]
async fn incomplete_sso_configuration_is_reported() {
    let cases = [
        (
            "[profile sso]\nsso_account_id = 1\nsso_role_name = r\n",
            "The profile \"sso\" is configured to use SSO but is missing required configuration: sso_start_url, sso_region",
        ),
        (
            "[profile sso]\nsso_session = nope\nsso_account_id = 1\nsso_role_name = r\n",
            "The specified sso-session does not exist: \"nope\"",
        ),
    ];
    for (config, expected) in cases {
        let world = World::new().with_env("AWS_PROFILE", "sso").config(config);
        assert_eq!(
            method_and_key(&world, FakeTransport::unused())
                .await
                .unwrap_err(),
            expected
        );
    }
}

#[tokio::test]
async fn portal_endpoint_comes_from_the_rule_set() {
    let transport = FakeTransport::new(|_| {
        Ok((
            200,
            r#"{"roleCredentials": {"accessKeyId": "ASIASSO", "secretAccessKey": "s", "sessionToken": "t", "expiration": 1893456000000}}"#.to_string(),
        ))
    });
    let world = World::new()
        .with_env("AWS_PROFILE", "sso")
        .config(LEGACY_CONFIG)
        .with_file(
            LEGACY_TOKEN_FILE,
            r#"{"accessToken": "tok", "expiresAt": "2026-01-01T08:00:00Z"}"#,
        );
    assert_eq!(
        method_and_key(&world, transport.clone()).await.unwrap().1,
        "ASIASSO"
    );
    assert_eq!(
        transport.requests()[0].url,
        "https://portal.sso.us-east-1.amazonaws.com/federation/credentials?role_name=Admin&account_id=123456789012"
    );
}
