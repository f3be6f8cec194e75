//! `aws sso login`: configuration errors and the device flow, against the
//! reference.

use awscli_test_support::compare::assert_same_outcome;
use awscli_test_support::sso_stub::{Poll, SsoStub};

use crate::util::{
    assert_same_cache, assert_same_stub_requests, both, fresh, is_utc_stamp, pair, read_json,
    sha1_hex, sso_cache_file, Which, START_URL,
};

/// Every way `_get_sso_config` refuses a configuration fails before any
/// request, so the reference's outcome is the expectation.
#[test]
fn configuration_errors_match_the_reference() {
    let (ours, reference) = pair();
    for args in [
        // sso_session names a missing section (253).
        &["sso", "login", "--profile", "nosess"][..],
        // Legacy keys incomplete (253).
        &["sso", "login", "--profile", "partial"],
        // An sso-session without sso_start_url (253).
        &["sso", "login", "--sso-session", "bad"],
        &[
            "sso",
            "login",
            "--sso-session",
            "nope",
            "--profile",
            "legacy",
        ],
        // A profile with no SSO settings at all (253).
        &["sso", "login", "--profile", "plain"],
        // Unknown profile (255).
        &["sso", "login", "--profile", "missing"],
        // Unknown option (252).
        &["sso", "login", "--bogus"],
    ] {
        let expected = reference.run(args);
        assert_ne!(expected.exit_code, 0, "{args:?}");
        assert_same_outcome(&expected, &ours.run(args));
    }
}

/// Runs `args` with both CLIs against fresh stubs set up by `configure`
/// and compares stdout, stderr, exit code, the stubs' requests and
/// `~/.aws/sso/cache` (token `expiresAt` masked: it is the client's clock
/// plus `expiresIn`). Returns ours for further checks.
fn login_matches(
    args: &[&str],
    configure: &dyn Fn(&SsoStub),
) -> (awscli_test_support::Cli, SsoStub) {
    let [(reference, reference_stub), (ours, ours_stub)] = both(configure);
    let expected = reference.run(args);
    let actual = ours.run(args);
    assert_same_outcome(&expected, &actual);
    assert_same_stub_requests(&reference_stub, &ours_stub);
    assert_same_cache(&reference, &ours, ".aws/sso/cache", &["expiresAt"]);
    (ours, ours_stub)
}

/// `sso-session` login with `--no-browser`: `PrintOnlyHandler`'s text, the
/// success line, the registration (with scopes) and the token (with its
/// refresh token) cached 0600 under the reference's names.
#[test]
fn session_login_with_no_browser_matches_the_reference() {
    let (ours, stub) = login_matches(
        &["sso", "login", "--profile", "sess", "--no-browser"],
        &|stub| stub.approve_after(2),
    );
    // Not vacuous: the flow ran to the end and wrote what SDKs read.
    assert_eq!(
        stub.operations(),
        [
            "RegisterClient",
            "StartDeviceAuthorization",
            "CreateToken",
            "CreateToken",
            "CreateToken"
        ]
    );
    let (_, token) = read_json(&sso_cache_file(&ours, &sha1_hex("my-sso")));
    assert!(stub.access_token_valid(token["accessToken"].as_str().expect("a token")));
    assert!(token["refreshToken"].is_string());
    assert!(is_utc_stamp(token["expiresAt"].as_str().expect("a time")));
    // python3: sha1(json.dumps({'tool': 'botocore', 'startUrl': START_URL,
    //   'region': 'us-east-1', 'scopes': ['sso:account:access'],
    //   'session_name': 'my-sso'}, sort_keys=True).encode()).hexdigest()
    let (_, registration) = read_json(&sso_cache_file(
        &ours,
        "41703fba9789c2c8f9b7faa73b70bebb72c62cc9",
    ));
    assert_eq!(registration["expiresAt"], "2100-01-01T00:00:00Z");
}

/// A second login reuses the cached registration (no `RegisterClient`) and
/// replaces the token.
#[test]
fn second_login_reuses_the_registration() {
    let [(reference, reference_stub), (ours, ours_stub)] = both(&|_| {});
    let args = ["sso", "login", "--profile", "sess", "--no-browser"];
    for cli in [&reference, &ours] {
        let first = cli.run(args);
        assert_eq!(first.exit_code, 0, "{}", first.stderr);
    }
    let expected = reference.run(args);
    assert_same_outcome(&expected, &ours.run(args));
    assert_same_stub_requests(&reference_stub, &ours_stub);
    assert_same_cache(&reference, &ours, ".aws/sso/cache", &["expiresAt"]);
    assert_eq!(
        ours_stub
            .operations()
            .iter()
            .filter(|op| **op == "RegisterClient")
            .count(),
        1
    );
}

/// Legacy profile keys, without `--no-browser`: the `OpenBrowserHandler`
/// text (no display in the test, so neither CLI starts a browser), a client
/// named after the clock, no scopes, no refresh token, the token under
/// `sha1(start URL)`.
#[test]
fn legacy_login_matches_the_reference() {
    let (ours, stub) = login_matches(&["sso", "login", "--profile", "legacy"], &|_| {});
    let (keys, _) = read_json(&sso_cache_file(&ours, &sha1_hex(START_URL)));
    assert!(!keys.iter().any(|k| k == "refreshToken"), "{keys:?}");
    assert_eq!(stub.user_codes().len(), 1);
}

/// `--sso-session` overrides the profile; a client approved at the first
/// attempt gets no message at all (`_poll_for_token` tries once before
/// calling the handler).
#[test]
fn explicit_session_preapproved_matches_the_reference() {
    login_matches(
        &[
            "sso",
            "login",
            "--profile",
            "plain",
            "--sso-session",
            "my-sso",
            "--no-browser",
        ],
        &|stub| stub.approve_after(0),
    );
}

/// 2.22+ accepts `--use-device-code` (2.9.19 rejects it as an unknown
/// option); the device flow is the only flow here, so it changes nothing.
#[test]
fn use_device_code_is_accepted() {
    let (ours, _stub) = fresh(Which::Ours, &|stub| stub.approve_after(0));
    let out = ours.run([
        "sso",
        "login",
        "--profile",
        "sess",
        "--use-device-code",
        "--no-browser",
    ]);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout_text(),
        format!("Successfully logged into Start URL: {START_URL}\n")
    );
}

/// `slow_down` adds 5 seconds to the interval (RFC 8628 3.5,
/// `SSOTokenFetcher._SLOW_DOWN_DELAY`); the flow still completes.
#[test]
fn slow_down_matches_the_reference() {
    let (_, stub) = login_matches(
        &["sso", "login", "--profile", "sess", "--no-browser"],
        &|stub| {
            stub.approve_after(0);
            stub.script([Poll::Pending, Poll::SlowDown]);
        },
    );
    assert_eq!(stub.operations().len(), 5);
}

/// An expired device code ends the flow with `PendingAuthorizationExpiredError`
/// (255) and no token is written (the registration is).
#[test]
fn expired_device_code_matches_the_reference() {
    let (ours, _) = login_matches(
        &["sso", "login", "--profile", "sess", "--no-browser"],
        &|stub| stub.script([Poll::Pending, Poll::Pending, Poll::Expired]),
    );
    assert!(!sso_cache_file(&ours, &sha1_hex("my-sso")).exists());
}

/// The `sso-oidc` client takes its endpoint from the configuration like
/// every client of 2.36 (reference-cli.md 2.4): `AWS_ENDPOINT_URL`, or a
/// `services` section (`sso_oidc = endpoint_url = ...`). 2.9.19 has neither,
/// so the expectation is the documented behaviour: the login reaches the
/// stub and succeeds.
#[test]
fn configured_endpoints_are_honoured() {
    use awscli_test_support::{Cli, Sandbox};
    use std::sync::Arc;

    let stub = SsoStub::start().expect("starting the SSO stub");
    stub.approve_after(0);
    let global = Cli::ours(
        env!("CARGO_BIN_EXE_aws"),
        Arc::new(Sandbox::new().expect("creating the test sandbox")),
    )
    .env("AWS_ENDPOINT_URL", stub.endpoint());
    global
        .sandbox()
        .write(".aws/config", crate::util::CONFIG)
        .expect("writing the config file");
    let out = global.run(["sso", "login", "--profile", "sess", "--no-browser"]);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);

    let sectioned = Cli::ours(
        env!("CARGO_BIN_EXE_aws"),
        Arc::new(Sandbox::new().expect("creating the test sandbox")),
    );
    sectioned
        .sandbox()
        .write(
            ".aws/config",
            format!(
                "[profile svc]\nsso_session = my-sso\nservices = stubbed\n\n\
                 [services stubbed]\nsso_oidc =\n  endpoint_url = {}\n\n\
                 [sso-session my-sso]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n",
                stub.endpoint()
            ),
        )
        .expect("writing the config file");
    let out = sectioned.run(["sso", "login", "--profile", "svc", "--no-browser"]);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout_text(),
        format!("Successfully logged into Start URL: {START_URL}\n")
    );
    assert_eq!(stub.user_codes().len(), 2);
}
