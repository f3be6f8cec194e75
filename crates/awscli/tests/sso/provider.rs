//! The SSO credential provider reading what `sso login` wrote: errors,
//! role credentials and token refresh, against the reference.

use awscli_test_support::compare::assert_same_outcome;
use awscli_test_support::sso_stub::SsoStub;
use awscli_test_support::{Cli, CliOutput, MotoServer};

use crate::util::{
    assert_same_cache, assert_same_credential_cache, assert_same_stub_requests, both, pair,
    read_json, sha1_hex, sso_cache_file, write, START_URL,
};

/// `sts get-caller-identity --profile <profile>`, to moto when given.
fn whoami<'a>(profile: &'a str, moto: Option<&'a str>) -> Vec<&'a str> {
    let mut args = vec!["sts", "get-caller-identity", "--profile", profile];
    if let Some(endpoint) = moto {
        args.extend(["--endpoint-url", endpoint]);
    }
    args
}

fn token_json(access_token: &str, expires_at: &str, refresh: Option<&str>) -> String {
    let refresh = refresh
        .map(|r| {
            format!(
                r#", "clientId": "cid", "clientSecret": "csecret", "registrationExpiresAt": "2099-01-01T00:00:00Z", "refreshToken": "{r}""#
            )
        })
        .unwrap_or_default();
    format!(
        r#"{{"startUrl": "{START_URL}", "region": "us-east-1", "accessToken": "{access_token}", "expiresAt": "{expires_at}"{refresh}}}"#
    )
}

/// Writes the token of `key_source` (session name or start URL).
fn write_token(cli: &Cli, key_source: &str, token: &str) {
    write(
        cli,
        &format!(".aws/sso/cache/{}.json", sha1_hex(key_source)),
        token,
    );
}

/// No token in the cache: `SSOTokenLoader`'s `Token for <session name or
/// start URL> does not exist` (255), before any request.
#[test]
fn missing_token_matches_the_reference() {
    let (ours, reference) = pair();
    for profile in ["sess", "legacy"] {
        let args = whoami(profile, None);
        let expected = reference.run(&args);
        assert_eq!(expected.exit_code, 255, "{}", expected.stderr);
        assert_same_outcome(&expected, &ours.run(&args));
    }
}

/// Profiles whose SSO configuration is broken fail in `SSOProvider.load`
/// with botocore's `InvalidConfigError` texts, before any token is read.
#[test]
fn provider_configuration_errors_match_the_reference() {
    let (ours, reference) = pair();
    for profile in ["badsess", "norole", "mismatch", "legacynoregion"] {
        let args = whoami(profile, None);
        let expected = reference.run(&args);
        assert_eq!(expected.exit_code, 255, "{profile}: {}", expected.stderr);
        assert_same_outcome(&expected, &ours.run(&args));
    }
}

/// An expired `sso-session` token with no refresh token: `Token has expired
/// and refresh failed` (`SSOTokenProvider`, 255), before any request; and a
/// token file without `accessToken`: `Token for <start URL> is invalid`.
#[test]
fn unusable_session_tokens_match_the_reference() {
    let (ours, reference) = pair();
    for token in [
        token_json("old", "2020-01-01T00:00:00Z", None),
        r#"{"expiresAt": "2099-01-01T00:00:00Z"}"#.to_owned(),
    ] {
        write_token(&ours, "my-sso", &token);
        let args = whoami("sess", None);
        let expected = reference.run(&args);
        assert_eq!(expected.exit_code, 255, "{}", expected.stderr);
        assert_same_outcome(&expected, &ours.run(&args));
    }
}

/// Runs `args` with both CLIs against fresh stubs after `prepare` wrote
/// their files, and compares outcome, stub requests and both caches
/// (clock-dependent values masked). Returns both outputs and ours.
fn provider_matches(
    args: &[&str],
    configure: &dyn Fn(&SsoStub),
    prepare: &dyn Fn(&Cli),
) -> (CliOutput, Cli, SsoStub) {
    let [(reference, reference_stub), (ours, ours_stub)] = both(configure);
    prepare(&reference);
    prepare(&ours);
    let expected = reference.run(args);
    let actual = ours.run(args);
    assert_same_outcome(&expected, &actual);
    assert_same_stub_requests(&reference_stub, &ours_stub);
    assert_same_cache(&reference, &ours, ".aws/sso/cache", &["expiresAt"]);
    assert_same_credential_cache(&reference, &ours);
    (actual, ours, ours_stub)
}

/// A token the portal does not accept (revoked, or from another
/// directory): `UnauthorizedException` becomes `UnauthorizedSSOTokenError`.
#[test]
fn rejected_token_matches_the_reference() {
    let (out, _, stub) = provider_matches(&whoami("legacy", None), &|_| {}, &|cli| {
        write_token(
            cli,
            START_URL,
            &token_json("revoked", "2099-01-01T00:00:00Z", None),
        )
    });
    assert_eq!(out.exit_code, 255);
    assert_eq!(stub.operations(), ["GetRoleCredentials"]);
}

/// After `sso login`, a command signed with the role credentials: the
/// portal gets the cached token, moto's STS the role's keys, and the
/// credentials are cached in `~/.aws/cli/cache` (`ProviderType: sso`), so a
/// second command asks the portal nothing.
#[test]
fn role_credentials_after_login_match_the_reference() {
    let moto = MotoServer::shared();
    let endpoint = moto.endpoint();
    let [(reference, reference_stub), (ours, ours_stub)] = both(&|_| {});
    for cli in [&reference, &ours] {
        let login = cli.run(["sso", "login", "--profile", "sess", "--no-browser"]);
        assert_eq!(login.exit_code, 0, "{}", login.stderr);
    }
    for _ in 0..2 {
        let args = whoami("sess", Some(&endpoint));
        let expected = reference.run(&args);
        assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
        assert_same_outcome(&expected, &ours.run(&args));
    }
    assert_same_stub_requests(&reference_stub, &ours_stub);
    assert_same_credential_cache(&reference, &ours);
    assert_eq!(
        ours_stub
            .operations()
            .iter()
            .filter(|op| **op == "GetRoleCredentials")
            .count(),
        1
    );
    let (_, token) = read_json(&sso_cache_file(&ours, &sha1_hex("my-sso")));
    let request = ours_stub
        .requests()
        .into_iter()
        .find(|r| r.operation == "GetRoleCredentials")
        .expect("the portal was asked");
    assert_eq!(
        request.request.target,
        "/federation/credentials?role_name=Admin&account_id=123456789012"
    );
    assert_eq!(
        request.request.header("x-amz-sso_bearer_token"),
        token["accessToken"].as_str()
    );
}

/// An `sso-session` token inside the refresh window is refreshed with its
/// refresh token (`SSOTokenProvider._refresh_access_token`) and written
/// back under the same name before the portal is asked.
#[test]
fn expired_session_token_is_refreshed_like_the_reference() {
    let moto = MotoServer::shared();
    let endpoint = moto.endpoint();
    let (out, ours, stub) = provider_matches(
        &whoami("sess", Some(&endpoint)),
        &|stub| stub.add_refresh_token("cid", "csecret", "old-refresh"),
        &|cli| {
            write_token(
                cli,
                "my-sso",
                &token_json("old", "2020-01-01T00:00:00Z", Some("old-refresh")),
            )
        },
    );
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert_eq!(stub.operations(), ["CreateToken", "GetRoleCredentials"]);
    let (_, token) = read_json(&sso_cache_file(&ours, &sha1_hex("my-sso")));
    assert_ne!(token["accessToken"], "old");
    assert_ne!(token["refreshToken"], "old-refresh");
}

/// The refresh token is refused (a `ClientError`, which botocore logs and
/// ignores): the expired token stays and the command fails as when there is
/// no refresh token.
#[test]
fn refused_refresh_matches_the_reference() {
    let (out, _, stub) = provider_matches(&whoami("sess", None), &|_| {}, &|cli| {
        write_token(
            cli,
            "my-sso",
            &token_json("old", "2020-01-01T00:00:00Z", Some("unknown")),
        )
    });
    assert_eq!(out.exit_code, 255);
    assert_eq!(stub.operations(), ["CreateToken"]);
}

/// An expired legacy token. 2.9.19 sends it to `GetRoleCredentials` and
/// turns the `UnauthorizedException` into `UnauthorizedSSOTokenError`; newer
/// botocore (1.43.67 `SSOCredentialFetcher._get_credentials`, which we
/// follow) raises the same error without the request. Same outcome, one
/// request fewer.
#[test]
fn expired_legacy_token_is_refused_without_a_request() {
    let [(reference, reference_stub), (ours, ours_stub)] = both(&|_| {});
    for cli in [&reference, &ours] {
        write_token(
            cli,
            START_URL,
            &token_json("old", "2020-01-01T00:00:00Z", None),
        );
    }
    let args = whoami("legacy", None);
    let expected = reference.run(&args);
    assert_eq!(expected.exit_code, 255);
    assert_same_outcome(&expected, &ours.run(&args));
    assert_eq!(reference_stub.operations(), ["GetRoleCredentials"]);
    assert!(ours_stub.operations().is_empty());
}
