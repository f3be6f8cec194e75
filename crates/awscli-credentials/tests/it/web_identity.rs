//! assume-role-with-web-identity: environment and profile configuration, unsigned STS call.

use crate::support::{form_value, method_and_key, sts_response, FakeTransport, World};

fn sts() -> std::sync::Arc<FakeTransport> {
    FakeTransport::new(|request| {
        assert_eq!(
            form_value(&request.body, "Action").as_deref(),
            Some("AssumeRoleWithWebIdentity")
        );
        Ok((
            200,
            sts_response(
                "AssumeRoleWithWebIdentity",
                "ASIAWEB",
                "2030-01-01T00:00:00Z",
            ),
        ))
    })
}

#[tokio::test]
async fn environment_configuration_calls_sts_unsigned() {
    let world = World::new()
        .with_env("AWS_REGION", "eu-west-1")
        .with_env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web")
        .with_env("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token")
        .with_env("AWS_ROLE_SESSION_NAME", "pod")
        .with_file("/var/run/token", "jwt-token");
    let transport = sts();
    assert_eq!(
        method_and_key(&world, transport.clone()).await,
        Ok(("assume-role-with-web-identity".into(), "ASIAWEB".into()))
    );
    let request = &transport.requests()[0];
    assert_eq!(request.url, "https://sts.eu-west-1.amazonaws.com/");
    assert_eq!(request.header("Authorization"), None);
    assert_eq!(
        form_value(&request.body, "WebIdentityToken").as_deref(),
        Some("jwt-token")
    );
    assert_eq!(
        form_value(&request.body, "RoleSessionName").as_deref(),
        Some("pod")
    );
}

#[tokio::test]
async fn profile_configuration_and_profile_flag() {
    let config = "[profile web]\nrole_arn = arn:aws:iam::123456789012:role/web\nweb_identity_token_file = /var/run/token\n";
    let world = World::new()
        .with_env("AWS_WEB_IDENTITY_TOKEN_FILE", "/other/token")
        .with_file("/var/run/token", "jwt-token")
        .config(config)
        .profile("web");
    // With --profile the environment variables are ignored.
    let transport = sts();
    assert_eq!(
        method_and_key(&world, transport.clone()).await.unwrap().1,
        "ASIAWEB"
    );
    assert_eq!(
        form_value(&transport.requests()[0].body, "WebIdentityToken").as_deref(),
        Some("jwt-token")
    );
}

#[tokio::test]
async fn missing_role_arn_and_missing_token_file() {
    let world = World::new().with_env("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token");
    assert!(method_and_key(&world, FakeTransport::unused())
        .await
        .unwrap_err()
        .starts_with("The provided profile or the current environment is configured to assume role with web identity but has no role ARN configured."));
    let world = world.with_env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web");
    assert_eq!(
        method_and_key(&world, FakeTransport::unused())
            .await
            .unwrap_err(),
        "[Errno 2] No such file or directory: '/var/run/token'"
    );
}
