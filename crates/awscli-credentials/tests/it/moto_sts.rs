//! assume-role against moto's STS (`moto_server` on 127.0.0.1, reached through
//! `AWS_ENDPOINT_URL_STS`). Skipped with a message when moto_server is not installed.

use std::sync::Arc;

use awscli_client::{HttpClient, HttpConfig};
use awscli_test_support::MotoServer;

use crate::support::World;

#[tokio::test]
#[expect(clippy::print_stderr, reason = "a skipped test says why")]
async fn assume_role_against_moto() {
    let moto = match MotoServer::start() {
        Ok(moto) => moto,
        Err(error) => {
            eprintln!("skipping assume_role_against_moto: {error}");
            return;
        }
    };
    let world = World::new()
        .with_env("AWS_ENDPOINT_URL_STS", &moto.endpoint())
        .config(
            "[default]\nregion = us-east-1\nrole_arn = arn:aws:iam::123456789012:role/moto-role\nsource_profile = base\nrole_session_name = moto-session\n\
             [profile base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
        );
    let http = Arc::new(HttpClient::new(&HttpConfig::default()).unwrap());
    let resolved = world.resolve(http).await.unwrap();
    assert_eq!(resolved.method, "assume-role");
    let credentials = resolved.provider.credentials().await.unwrap();
    assert!(
        credentials.access_key_id.starts_with("ASIA"),
        "{credentials:?}"
    );
    assert!(credentials.session_token.is_some());
    assert!(credentials.expiration.is_some());
    // The response was cached for the next process.
    assert!(world
        .files
        .paths()
        .iter()
        .any(|p| p.starts_with(format!("{}/.aws/cli/cache", crate::support::HOME))));
}
