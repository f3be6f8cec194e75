//! Bad configuration at binary level: each case runs through both CLIs on the same files and
//! must give the reference's exit code and stderr (in the 2.36 layout), and print nothing on
//! stdout. Checked for `configure export-credentials` (which wraps the error) and for a
//! service command (which prints it as is); nothing may reach the endpoint.
//!
//! `configure list` is left out of the stdout comparison: 2.9.19 prints the rows before the
//! failing one, this port computes every row first and prints only the error.

use awscli_test_support::Cli;

use crate::support::{clis, expected_stderr, sha1_hex, write};

/// An endpoint nothing listens on: a command that got as far as sending would fail with a
/// connection error, which no case expects.
const DEAD_ENDPOINT: &str = "http://127.0.0.1:9";

/// Both CLIs give the same exit code, stderr and stdout, failing or not.
#[track_caller]
fn assert_same_outcome(ours: &Cli, reference: &Cli, args: &[&str]) {
    let expected = reference.run(args);
    if expected.exit_code != 0 {
        return assert_same_failure(ours, reference, args);
    }
    let actual = ours.run(args);
    // `configure list` prints the 2.31+ layout (its rows are compared in `list`).
    let stdout = |output: &awscli_test_support::CliOutput| {
        if args.contains(&"list") {
            String::new()
        } else {
            output.stdout_text()
        }
    };
    assert_eq!(
        (actual.exit_code, actual.stderr.as_str(), stdout(&actual)),
        (0, expected.stderr.as_str(), stdout(&expected)),
        "for {args:?}"
    );
}

#[track_caller]
fn assert_same_failure(ours: &Cli, reference: &Cli, args: &[&str]) {
    let expected = reference.run(args);
    assert_ne!(
        expected.exit_code,
        0,
        "the reference accepted {args:?}: {}",
        expected.stdout_text()
    );
    let actual = ours.run(args);
    // See the module docs for `configure list`'s stdout.
    let stdout = |output: &awscli_test_support::CliOutput| {
        if args.contains(&"list") {
            String::new()
        } else {
            output.stdout_text()
        }
    };
    assert_eq!(
        (actual.exit_code, actual.stderr.as_str(), stdout(&actual)),
        (
            expected.exit_code,
            expected_stderr(&expected).as_str(),
            stdout(&expected)
        ),
        "for {args:?}"
    );
}

/// The commands each case is checked with, `profile` first when given.
#[track_caller]
fn assert_all_fail_alike(ours: &Cli, reference: &Cli, profile: Option<&str>) {
    let commands: [&[&str]; 3] = [
        &["configure", "export-credentials"],
        &["configure", "export-credentials", "--format", "env"],
        &[
            "sts",
            "get-caller-identity",
            "--endpoint-url",
            DEAD_ENDPOINT,
        ],
    ];
    for command in commands {
        let mut args: Vec<&str> = Vec::new();
        if let Some(profile) = profile {
            args.extend(["--profile", profile]);
        }
        args.extend_from_slice(command);
        assert_same_failure(ours, reference, &args);
    }
}

#[test]
fn malformed_config_file() {
    for text in [
        "[default\nregion = us-east-1\n",
        "region = us-east-1\n",
        "[default]\n  region = us-east-1\n",
        "[default]\nregion\n",
    ] {
        let (ours, reference) = clis();
        write(&ours, ".aws/config", text);
        assert_all_fail_alike(&ours, &reference, None);
        for args in [
            &["configure", "get", "region"][..],
            &["configure", "list"],
            &["configure", "set", "region", "eu-west-1"],
        ] {
            assert_same_outcome(&ours, &reference, args);
        }
        // When the reference refused to start, neither CLI changed the file.
        let unparsable = reference.run(["configure", "get", "region"]).exit_code == 255;
        if unparsable {
            assert_eq!(
                std::fs::read_to_string(ours.sandbox().config_file())
                    .ok()
                    .as_deref(),
                Some(text)
            );
        }
    }
}

#[test]
fn malformed_credentials_file() {
    let (ours, reference) = clis();
    write(
        &ours,
        ".aws/credentials",
        "[default\naws_access_key_id = A\n",
    );
    assert_all_fail_alike(&ours, &reference, None);
}

#[test]
fn source_profile_cycle() {
    let (ours, reference) = clis();
    write(
        &ours,
        ".aws/config",
        "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = b\n\
         [profile b]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = a\n\
         [profile self]\nrole_arn = arn:aws:iam::123456789012:role/s\nsource_profile = self\n",
    );
    assert_all_fail_alike(&ours, &reference, Some("a"));
    // A profile that is its own source with no keys is a loop too.
    assert_all_fail_alike(&ours, &reference, Some("self"));
}

#[test]
fn source_profile_missing_or_without_credentials() {
    let (ours, reference) = clis();
    write(
        &ours,
        ".aws/config",
        "[profile gone]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = nosuch\n\
         [profile empty]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = blank\n\
         [profile blank]\nregion = us-east-1\n\
         [profile both]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = blank\n\
         credential_source = Environment\n\
         [profile badsource]\nrole_arn = arn:aws:iam::123456789012:role/a\ncredential_source = Nowhere\n",
    );
    for profile in ["gone", "empty", "both", "badsource"] {
        assert_all_fail_alike(&ours, &reference, Some(profile));
    }
}

#[test]
fn failing_credential_process() {
    let (ours, reference) = clis();
    write(
        &ours,
        ".aws/config",
        "[profile fails]\ncredential_process = sh -c 'echo no access >&2; exit 3'\n\
         [profile badjson]\ncredential_process = sh -c 'echo \"{not json\"'\n\
         [profile version]\ncredential_process = sh -c 'echo \"{\\\"Version\\\": 2, \\\"AccessKeyId\\\": \\\"A\\\", \\\"SecretAccessKey\\\": \\\"S\\\"}\"'\n\
         [profile noversion]\ncredential_process = sh -c 'echo \"{\\\"AccessKeyId\\\": \\\"A\\\", \\\"SecretAccessKey\\\": \\\"S\\\"}\"'\n\
         [profile nosecret]\ncredential_process = sh -c 'echo \"{\\\"Version\\\": 1, \\\"AccessKeyId\\\": \\\"A\\\"}\"'\n\
         [profile expired]\ncredential_process = sh -c 'echo \"{\\\"Version\\\": 1, \\\"AccessKeyId\\\": \\\"A\\\", \\\"SecretAccessKey\\\": \\\"S\\\", \\\"Expiration\\\": \\\"2001-01-01T00:00:00Z\\\"}\"'\n\
         [profile missing]\ncredential_process = /nonexistent/helper --flag\n",
    );
    for profile in [
        "fails",
        "badjson",
        "version",
        "noversion",
        "nosecret",
        "expired",
        "missing",
    ] {
        assert_all_fail_alike(&ours, &reference, Some(profile));
    }
}

/// An SSO token past its `expiresAt`, written by hand where `aws sso login` would put it, for
/// the legacy profile keys and for an `sso-session` (which has no refresh token here).
#[test]
fn expired_sso_token() {
    let (ours, reference) = clis();
    let start_url = "https://example.awsapps.com/start";
    write(
        &ours,
        ".aws/config",
        &format!(
            "[profile legacy]\nsso_start_url = {start_url}\nsso_region = us-east-1\n\
             sso_account_id = 123456789012\nsso_role_name = r\n\
             [profile session]\nsso_session = s\nsso_account_id = 123456789012\nsso_role_name = r\n\
             [sso-session s]\nsso_start_url = {start_url}\nsso_region = us-east-1\n\
             [profile nocache]\nsso_session = other\nsso_account_id = 123456789012\nsso_role_name = r\n\
             [sso-session other]\nsso_start_url = https://other.awsapps.com/start\nsso_region = us-east-1\n\
             [profile legacynocache]\nsso_start_url = https://zzz.awsapps.com/start\nsso_region = us-east-1\n\
             sso_account_id = 123456789012\nsso_role_name = r\n"
        ),
    );
    let token = format!(
        "{{\"startUrl\": \"{start_url}\", \"region\": \"us-east-1\", \"accessToken\": \"tok\", \
         \"expiresAt\": \"2020-01-01T00:00:00Z\"}}"
    );
    write(
        &ours,
        &format!(".aws/sso/cache/{}.json", sha1_hex(start_url)),
        &token,
    );
    write(
        &ours,
        &format!(".aws/sso/cache/{}.json", sha1_hex("s")),
        &token,
    );
    for profile in ["session", "nocache", "legacynocache"] {
        assert_all_fail_alike(&ours, &reference, Some(profile));
    }
    // With the legacy keys, 2.9.19 (and botocore 1.43.67) send the expired token to the SSO
    // portal, which 2.9.19 cannot be pointed at from here; the portal's 401 becomes botocore's
    // `UnauthorizedSSOTokenError` (its `fmt` below, exceptions.py). Ours reports the same
    // without the round trip.
    let unauthorized = "\naws: [ERROR]: The SSO session associated with this profile has expired \
                        or is otherwise invalid. To refresh this SSO session run aws sso login \
                        with the corresponding profile.\n";
    for args in [
        &["--profile", "legacy", "configure", "export-credentials"][..],
        &[
            "--profile",
            "legacy",
            "sts",
            "get-caller-identity",
            "--endpoint-url",
            DEAD_ENDPOINT,
        ],
    ] {
        let actual = ours.run(args);
        assert_eq!(
            (actual.exit_code, actual.stderr.as_str()),
            (255, unauthorized)
        );
    }
}

/// The allowed container hosts grew after 2.9.19 (botocore 1.43.67 `utils.py`,
/// `ContainerMetadataFetcher._ALLOWED_HOSTS` and its loopback check); 2.36 words the
/// rejection with the new list.
fn newer_allowed_hosts(cli: &Cli, args: &[&str]) -> String {
    let expected = expected_stderr(&cli.run(args));
    expected.replace(
        "Can only retrieve metadata from these hosts: 169.254.170.2, localhost, 127.0.0.1",
        "Can only retrieve metadata from a loopback address or one of these hosts: \
         169.254.170.2, 169.254.170.23, fd00:ec2::23, localhost",
    )
}

#[test]
fn container_uri_to_a_host_that_is_not_allowed() {
    for uri in [
        "http://192.0.2.1/creds",
        "http://example.com/creds",
        "ftp://127.0.0.1/creds",
    ] {
        let (ours, reference) = clis();
        let with_uri = |cli: Cli| cli.env("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri);
        let (ours, reference) = (with_uri(ours), with_uri(reference));
        for args in [
            &["configure", "export-credentials"][..],
            &[
                "sts",
                "get-caller-identity",
                "--endpoint-url",
                DEAD_ENDPOINT,
            ],
        ] {
            let expected = reference.run(args);
            let actual = ours.run(args);
            assert_eq!(
                (
                    actual.exit_code,
                    actual.stderr.as_str(),
                    actual.stdout_text()
                ),
                (
                    expected.exit_code,
                    newer_allowed_hosts(&reference, args).as_str(),
                    String::new()
                ),
                "for {uri} {args:?}"
            );
        }
    }
}

#[test]
fn unknown_profile() {
    let (ours, reference) = clis();
    write(
        &ours,
        ".aws/config",
        "[profile known]\nregion = us-east-1\n",
    );
    assert_all_fail_alike(&ours, &reference, Some("nope"));
    assert_same_failure(
        &ours,
        &reference,
        &["--profile", "nope", "configure", "list"],
    );
    let by_env = |cli: Cli| cli.env("AWS_PROFILE", "nope");
    let (ours, reference) = (by_env(ours), by_env(reference));
    assert_all_fail_alike(&ours, &reference, None);
}

/// Left-over words of `configure` and its subcommands: `BasicCommand` reports them alone (no
/// usage block), a parameter error with exit code 252.
#[test]
fn unknown_options_of_configure_commands() {
    let (ours, reference) = clis();
    for args in [
        &["configure", "--foo"][..],
        &["configure", "list", "--foo"],
        &["configure", "get", "region", "--foo"],
        &["configure", "set", "region", "us-east-1", "extra"],
        &["configure", "list-profiles", "x"],
        &["configure", "export-credentials", "--foo"],
    ] {
        assert_same_failure(&ours, &reference, args);
    }
}

/// A `credential_process` that runs `aws configure export-credentials` for its own profile:
/// the nested run finds the profile in `_AWS_CLI_PROFILE_CHAIN` and stops the cycle. Each CLI
/// calls itself (separate sandboxes), and the nested error text reaches the outer one through
/// the process's stderr, whose layout differs between 2.9.19 and 2.36; so the comparison is
/// of exit codes and of the cycle text both report.
#[test]
fn credential_process_calling_export_credentials_on_itself() {
    let (ours, reference) = crate::support::separate_clis();
    for cli in [&ours, &reference] {
        write(
            cli,
            ".aws/config",
            &format!(
                "[profile loop]\ncredential_process = {} configure export-credentials --profile loop\n",
                cli.program().display()
            ),
        );
    }
    let args = ["--profile", "loop", "configure", "export-credentials"];
    let expected = reference.run(args);
    let actual = ours.run(args);
    let cycle =
        "Credential process resolution detected an infinite loop, profile cycle: loop -> loop";
    assert!(expected.stderr.contains(cycle), "{}", expected.stderr);
    assert!(actual.stderr.contains(cycle), "{}", actual.stderr);
    assert_eq!(actual.exit_code, expected.exit_code);
    assert!(actual.stderr.starts_with(
        "\naws: [ERROR]: An error occurred (Configuration): Unable to retrieve credentials: \
         Error when retrieving credentials from custom-process: "
    ));
}
