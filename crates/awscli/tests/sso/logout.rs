//! `aws sso logout` (`customizations/sso/logout.py`): tokens revoked and
//! removed, SSO role credentials removed, everything else left alone.

use awscli_test_support::compare::assert_same_outcome;
use awscli_test_support::Cli;

use crate::util::{
    assert_same_cache, assert_same_stub_requests_unordered, both, files_in, pair, sha1_hex, write,
    START_URL,
};

/// Cache contents covering every branch of the sweepers: tokens with no
/// region (removed without a request), a registration (kept: no
/// `accessToken`), a file that is not JSON (skipped), SSO and assume-role
/// credentials.
fn populate(cli: &Cli) {
    write(
        cli,
        &format!(".aws/sso/cache/{}.json", sha1_hex("my-sso")),
        &format!(
            r#"{{"startUrl": "{START_URL}", "accessToken": "a", "expiresAt": "2099-01-01T00:00:00Z"}}"#
        ),
    );
    write(
        cli,
        ".aws/sso/cache/other.json",
        r#"{"accessToken": "b", "region": ""}"#,
    );
    write(
        cli,
        ".aws/sso/cache/334df8a025b4d748342a2fb4eaa316ea48c5576c.json",
        r#"{"clientId": "c", "clientSecret": "s", "expiresAt": "2099-01-01T00:00:00Z"}"#,
    );
    write(cli, ".aws/sso/cache/broken.json", "{not json");
    write(
        cli,
        ".aws/cli/cache/sso-creds.json",
        r#"{"ProviderType": "sso", "Credentials": {}}"#,
    );
    write(
        cli,
        ".aws/cli/cache/assumed.json",
        r#"{"Credentials": {}, "AssumedRoleUser": {}}"#,
    );
}

#[test]
fn offline_logout_matches_the_reference() {
    let (ours, reference) = pair();
    populate(&reference);
    let expected = reference.run(["sso", "logout"]);
    assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
    let expected_sso = files_in(&reference, ".aws/sso/cache");
    let expected_cli = files_in(&reference, ".aws/cli/cache");
    assert_eq!(
        expected_sso,
        [
            "334df8a025b4d748342a2fb4eaa316ea48c5576c.json",
            "broken.json"
        ]
    );
    assert_eq!(expected_cli, ["assumed.json"]);

    populate(&ours);
    let out = ours.run(["sso", "logout"]);
    assert_same_outcome(&expected, &out);
    assert_eq!(files_in(&ours, ".aws/sso/cache"), expected_sso);
    assert_eq!(files_in(&ours, ".aws/cli/cache"), expected_cli);
}

/// With nothing cached there is nothing to do, successfully.
#[test]
fn logout_without_caches_matches_the_reference() {
    let (ours, reference) = pair();
    let expected = reference.run(["sso", "logout"]);
    assert_same_outcome(&expected, &ours.run(["sso", "logout"]));
    let expected = reference.run(["sso", "logout", "--bogus"]);
    assert_same_outcome(&expected, &ours.run(["sso", "logout", "--bogus"]));
}

/// Tokens with a region are revoked with `sso:Logout`
/// (`SSOTokenSweeper._before_deletion`) before removal, one the portal no
/// longer knows included (its `UnauthorizedException` is ignored); SSO role
/// credentials go, the registration stays.
#[test]
fn logout_revokes_tokens_like_the_reference() {
    let [(reference, reference_stub), (ours, ours_stub)] =
        both(&|stub| stub.add_access_token("live"));
    for cli in [&reference, &ours] {
        populate(cli);
        write(
            cli,
            &format!(".aws/sso/cache/{}.json", sha1_hex("my-sso")),
            &format!(
                r#"{{"startUrl": "{START_URL}", "region": "us-east-1", "accessToken": "live", "expiresAt": "2099-01-01T00:00:00Z"}}"#
            ),
        );
        write(
            cli,
            &format!(".aws/sso/cache/{}.json", sha1_hex(START_URL)),
            &format!(
                r#"{{"startUrl": "{START_URL}", "region": "us-east-1", "accessToken": "gone", "expiresAt": "2099-01-01T00:00:00Z"}}"#
            ),
        );
    }
    let expected = reference.run(["sso", "logout"]);
    assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
    assert_same_outcome(&expected, &ours.run(["sso", "logout"]));
    assert_same_stub_requests_unordered(&reference_stub, &ours_stub);
    assert_same_cache(&reference, &ours, ".aws/sso/cache", &[]);
    assert_same_cache(&reference, &ours, ".aws/cli/cache", &[]);
    assert_eq!(
        ours_stub.operations(),
        ["Logout", "Logout"],
        "both tokens were revoked"
    );
    assert!(!ours_stub.access_token_valid("live"));
}
