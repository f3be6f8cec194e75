//! `aws codecommit credential-helper get|store|erase`: nothing is sent; the
//! password is `<UTC timestamp>Z<SigV4 signature>`, so the test compares
//! everything else with the reference and recomputes our signature.

use awscli_test_support::compare::assert_same_outcome;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use crate::util::clis;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// The signature the helper should give for `GIT <path>` on `host` at
/// `timestamp` (SigV4 with the helper's canonical request).
fn expected_signature(
    host: &str,
    path: &str,
    timestamp: &str,
    region: &str,
    secret: &str,
) -> String {
    let canonical = format!("GIT\n{path}\n\nhost:{host}\n\nhost\n");
    let date = &timestamp[..8];
    let scope = format!("{date}/{region}/codecommit/aws4_request");
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{timestamp}\n{scope}\n{}",
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let mut key = hmac(format!("AWS4{secret}").as_bytes(), date);
    for part in [region, "codecommit", "aws4_request"] {
        key = hmac(&key, part);
    }
    hex(&hmac(&key, &string_to_sign))
}

/// Splits `username=...\npassword=<ts>Z<sig>\n`.
fn split_answer(stdout: &str) -> (String, String, String) {
    let lines: Vec<&str> = stdout.split('\n').collect();
    assert_eq!(lines.len(), 3, "two lines and a final newline: {stdout:?}");
    assert_eq!(lines[2], "");
    let username = lines[0].strip_prefix("username=").expect("username line");
    let password = lines[1].strip_prefix("password=").expect("password line");
    let (timestamp, signature) = password.split_once('Z').expect("<timestamp>Z<signature>");
    (
        username.to_owned(),
        timestamp.to_owned(),
        signature.to_owned(),
    )
}

fn check_get(
    stdin: &str,
    extra: &[&str],
    session_token: Option<&str>,
    host: &str,
    path: &str,
    region: &str,
) {
    let (mut ours, mut reference) = clis();
    if let Some(token) = session_token {
        ours = ours.env("AWS_SESSION_TOKEN", token);
        reference = reference.env("AWS_SESSION_TOKEN", token);
    }
    let mut args = vec!["codecommit", "credential-helper", "get"];
    args.extend(extra);
    let expected = reference.run_with_stdin(&args, Some(stdin.as_bytes()));
    let actual = ours.run_with_stdin(&args, Some(stdin.as_bytes()));
    assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
    assert_eq!(actual.exit_code, 0, "{}", actual.stderr);
    assert_eq!(actual.stderr, expected.stderr);
    let (ref_user, ref_ts, ref_sig) = split_answer(&expected.stdout_text());
    let (user, ts, sig) = split_answer(&actual.stdout_text());
    assert_eq!(user, ref_user);
    assert_eq!((ts.len(), ref_ts.len()), (15, 15));
    assert_eq!(&ts[8..9], "T");
    // Both signatures are right for their own timestamps.
    assert_eq!(
        ref_sig,
        expected_signature(host, path, &ref_ts, region, "testing")
    );
    assert_eq!(sig, expected_signature(host, path, &ts, region, "testing"));
}

#[test]
fn get_signs_for_the_region_of_the_host() {
    check_get(
        "protocol=https\nhost=git-codecommit.eu-west-1.amazonaws.com\npath=v1/repos/demo\n\n",
        &[],
        None,
        "git-codecommit.eu-west-1.amazonaws.com",
        "/v1/repos/demo",
        "eu-west-1",
    );
}

#[test]
fn get_appends_the_session_token_to_the_username() {
    check_get(
        "protocol=https\nhost=vpce-0abc-def.git-codecommit-fips.us-east-2.vpce.amazonaws.com\npath=v1/repos/r\n",
        &[],
        Some("session/token+value"),
        "vpce-0abc-def.git-codecommit-fips.us-east-2.vpce.amazonaws.com",
        "/v1/repos/r",
        "us-east-2",
    );
}

#[test]
fn get_with_ignore_host_check_uses_the_configured_region_and_drops_the_port() {
    check_get(
        "protocol=https\nhost=git.example.com:8443\npath=v1/repos/r\n",
        &["--ignore-host-check", "--region", "ap-south-1"],
        None,
        "git.example.com",
        "/v1/repos/r",
        "ap-south-1",
    );
}

/// Cases whose outcome does not depend on the clock.
#[test]
fn fixed_outcomes_match_the_reference() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["codecommit", "credential-helper", "store"],
            "protocol=https\n",
        ),
        (&["codecommit", "credential-helper", "erase"], ""),
        (&["codecommit", "credential-helper", "store", "--x"], ""),
        (&["codecommit", "credential-helper", "get", "--bogus"], ""),
        // Not an Amazon host: nothing is printed.
        (
            &["codecommit", "credential-helper", "get"],
            "protocol=https\nhost=example.com\npath=v1/repos/r\n",
        ),
        (
            &["codecommit", "credential-helper", "get"],
            "protocol=https\nhost\n",
        ),
        (
            &["codecommit", "credential-helper", "get"],
            "protocol=https\n",
        ),
        (
            &["codecommit", "credential-helper", "get"],
            "protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com\n",
        ),
    ];
    for (args, stdin) in cases {
        let (ours, reference) = clis();
        let expected = reference.run_with_stdin(*args, Some(stdin.as_bytes()));
        let actual = ours.run_with_stdin(*args, Some(stdin.as_bytes()));
        assert_same_outcome(&expected, &actual);
    }
}

#[test]
fn get_without_credentials_fails_as_the_reference() {
    let (ours, reference) = clis();
    let stdin = b"protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com\npath=v1/repos/r\n";
    let args = ["codecommit", "credential-helper", "get"];
    let strip = |cli: awscli_test_support::Cli| {
        cli.env("AWS_ACCESS_KEY_ID", "")
            .env("AWS_SECRET_ACCESS_KEY", "")
    };
    let expected = strip(reference).run_with_stdin(args, Some(stdin.as_slice()));
    assert_eq!(expected.exit_code, 255, "{}", expected.stderr);
    assert_same_outcome(
        &expected,
        &strip(ours).run_with_stdin(args, Some(stdin.as_slice())),
    );
}

/// The command's own usage line is not the one the stderr converter knows,
/// so the 2.36 layout (`M`, a blank line, `usage: U`) is built here from the
/// reference's `usage: U` and `aws: error: M` lines.
#[test]
fn no_subcommand_is_a_usage_error_with_the_command_usage() {
    let (ours, reference) = clis();
    let args = ["codecommit", "credential-helper"];
    let expected = reference.run(args);
    assert_eq!(expected.exit_code, 252);
    let usage = expected
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("usage: "))
        .expect("a usage line");
    let message = expected
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("aws: error: "))
        .expect("an error line");
    let actual = ours.run(args);
    assert_eq!(actual.exit_code, 252);
    assert!(actual.stdout.is_empty());
    assert_eq!(
        actual.stderr,
        format!(
            "\naws: [ERROR]: An error occurred (ParamValidation): {message}\n\nusage: {usage}\n"
        )
    );
}

/// The stderr converter finds the rejected word at the operation's place
/// (`credential-helper`'s subcommand is one word further), so the value is
/// put back into the converted reference text here.
#[test]
fn unknown_subcommand_is_an_invalid_choice() {
    let (ours, reference) = clis();
    let args = ["codecommit", "credential-helper", "bogus"];
    let expected = reference.run(args);
    assert_eq!(expected.exit_code, 252);
    assert!(expected
        .stderr
        .contains("get                                      | store"));
    let expected_stderr = expected
        .stderr_as_v2_36()
        .replace("Found invalid choice ''", "Found invalid choice 'bogus'");
    let actual = ours.run(args);
    assert_eq!(actual.exit_code, 252);
    assert!(actual.stdout.is_empty());
    assert_eq!(actual.stderr, expected_stderr);
}
