//! `aws configure sso` and `aws configure sso-session` against the reference.
//!
//! Each CLI runs in its own sandbox against its own fresh stub ([`both`]), is fed the same
//! answers, and the exit codes, the config files (byte for byte), the SSO token cache and the
//! requests the stubs saw are compared, and so is the transcript:
//! - from a pipe (`TERM=dumb`, where prompt_toolkit's output is plain text): the reference's
//!   carriage returns are dropped and the residue of its pick lists (drawn with cursor moves
//!   that a pipe keeps) is removed; what is left is what a terminal shows;
//! - on a terminal (tmux), the final screens are compared, pick lists chosen with arrow keys.
//!
//! Where we follow the newer CLI (aws/aws-cli v2 branch `configure/sso.py`, as the CLI user
//! guide shows it), the reference's 2.9.19 texts are translated by [`as_newer`]: the prompts
//! `Default client Region`, `CLI default output format (json if not specified)` and
//! `Profile name`, and the closing hint `aws sts get-caller-identity --profile NAME`.

use awscli_test_support::sso_stub::SsoStub;
use awscli_test_support::terminal::Terminal;
use awscli_test_support::{Cli, CliOutput};
use serde_json::json;

use crate::util::{assert_same_cache, assert_same_stub_requests, both, write, START_URL};

/// 2.9.19's texts, and the newer ones we follow.
const NEWER_TEXTS: &[(&str, &str)] = &[
    ("CLI default client Region [", "Default client Region ["),
    (
        "CLI default output format [",
        "CLI default output format (json if not specified) [",
    ),
    ("CLI profile name [", "Profile name ["),
    (
        "aws s3 ls --profile ",
        "aws sts get-caller-identity --profile ",
    ),
];

/// The reference's transcript in the newer CLI's words.
fn as_newer(text: &str) -> String {
    NEWER_TEXTS
        .iter()
        .fold(text.to_owned(), |text, (old, new)| text.replace(old, new))
}

/// prompt_toolkit's warning on stderr when stdin is a pipe.
const NOT_A_TERMINAL: &str = "Warning: Input is not a terminal (fd=0).\n";

/// The reference's piped stdout as a terminal would show it: no carriage returns, and each
/// pick list's residue (the items, the last one followed by the next message) removed.
fn screen_of_piped(stdout: &str) -> String {
    let text = stdout.replace('\r', "");
    let mut out = Vec::new();
    let mut in_menu = false;
    for line in text.split('\n') {
        if in_menu {
            if let Some(at) = line.find("Using the ") {
                out.push(line[at..].to_owned());
                in_menu = false;
            }
            continue;
        }
        in_menu = line.starts_with("There are ") && line.ends_with(" available to you.");
        out.push(line.to_owned());
    }
    as_newer(&out.join("\n"))
}

/// The reference's stderr in the 2.36 layout: the warning line, then a 255 error as
/// `aws: [ERROR]: message` (an `EOFError` has an empty message).
fn expected_stderr(reference: &CliOutput) -> String {
    let Some(rest) = reference.stderr.strip_prefix(NOT_A_TERMINAL) else {
        return reference.stderr_as_v2_36();
    };
    if rest.is_empty() {
        return NOT_A_TERMINAL.to_owned();
    }
    format!("{NOT_A_TERMINAL}\naws: [ERROR]: {}\n", rest.trim())
}

fn config_of(cli: &Cli) -> Option<String> {
    std::fs::read_to_string(cli.sandbox().path().join(".aws/config")).ok()
}

/// Runs `args` with `input` on a pipe for both CLIs (fresh stubs set up by `configure`,
/// config files holding `config`), compares everything, and returns our output.
fn piped_matches(
    config: &str,
    args: &[&str],
    input: &str,
    configure: &dyn Fn(&SsoStub),
) -> (CliOutput, Cli, SsoStub) {
    let [(reference, reference_stub), (ours, ours_stub)] = both(configure);
    let reference = reference.env("TERM", "dumb");
    let ours = ours.env("TERM", "dumb");
    for cli in [&reference, &ours] {
        write(cli, ".aws/config", config);
    }
    let expected = reference.run_with_stdin(args, Some(input.as_bytes()));
    let actual = ours.run_with_stdin(args, Some(input.as_bytes()));
    assert_eq!(
        (actual.exit_code, actual.stdout_text()),
        (expected.exit_code, screen_of_piped(&expected.stdout_text())),
        "stdout for {args:?}; our stderr: {}",
        actual.stderr
    );
    assert_eq!(actual.stderr, expected_stderr(&expected), "stderr");
    assert_eq!(config_of(&ours), config_of(&reference), "config file");
    assert_same_stub_requests(&reference_stub, &ours_stub);
    assert_same_cache(&reference, &ours, ".aws/sso/cache", &["expiresAt"]);
    (actual, ours, ours_stub)
}

/// One account and one role are taken without asking ("The only AWS account available to
/// you is: ..."); a new `sso-session` is written after the profile, whose name is asked for
/// last with `ROLE-ACCOUNT` offered.
#[test]
fn single_account_and_role_with_a_new_session() {
    let (out, ours, stub) = piped_matches(
        "",
        &["configure", "sso", "--no-browser"],
        &format!("my-sso\n{START_URL}\nus-east-1\n\nus-west-2\njson\n\n"),
        &|stub| stub.approve_after(1),
    );
    assert_eq!(out.exit_code, 0);
    assert!(out
        .stdout_text()
        .contains("The only AWS account available to you is: 123456789012\n"));
    assert_eq!(
        config_of(&ours).as_deref(),
        Some(
            "[profile Admin-123456789012]\nsso_session = my-sso\nsso_account_id = 123456789012\n\
             sso_role_name = Admin\nregion = us-west-2\noutput = json\n[sso-session my-sso]\n\
             sso_start_url = https://d-123.awsapps.com/start\nsso_region = us-east-1\n\
             sso_registration_scopes = sso:account:access\n"
        )
    );
    assert_eq!(
        stub.operations(),
        [
            "RegisterClient",
            "StartDeviceAuthorization",
            "CreateToken",
            "CreateToken",
            "ListAccounts",
            "ListAccountRoles"
        ]
    );
}

fn three_accounts(stub: &SsoStub) {
    stub.approve_after(0);
    stub.accounts(vec![
        json!({"accountId": "111111111111", "accountName": "alpha", "emailAddress": "a@example.com"}),
        json!({"accountId": "222222222222", "accountName": "beta"}),
        json!({"accountId": "333333333333"}),
    ]);
    stub.roles("222222222222", &["Admin", "ReadOnly", "Billing"]);
    // Two per page: both lists take two requests (`nextToken`).
    stub.page_size(2);
}

/// Several accounts and roles are picked from lists with the arrow keys (escape sequences on
/// the pipe), across pages of `ListAccounts`/`ListAccountRoles`; `--profile` names a profile
/// that does not exist yet.
#[test]
fn several_accounts_and_roles_are_picked_from_lists() {
    let (out, ours, stub) = piped_matches(
        "[default]\nregion = eu-west-1\n",
        &["configure", "sso", "--profile", "picked", "--no-browser"],
        &format!(
            "my-sso\n{START_URL}\nus-east-1\nsso:account:access, extra:scope\n\x1b[B\r\x1b[B\x1b[B\x1b[A\r\n\n"
        ),
        &three_accounts,
    );
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert!(out.stdout_text().contains(
        "There are 3 AWS accounts available to you.\nUsing the account ID 222222222222\n"
    ));
    let config = config_of(&ours).unwrap_or_default();
    assert!(config.contains("sso_role_name = ReadOnly\n"), "{config}");
    assert!(
        config.contains("sso_registration_scopes = sso:account:access, extra:scope\n"),
        "{config}"
    );
    assert_eq!(
        stub.operations()
            .iter()
            .filter(|op| op.starts_with("List"))
            .count(),
        4
    );
}

/// No session name: the legacy keys go into the profile, after a bright warning; an
/// existing profile's values are offered.
#[test]
fn legacy_format_without_a_session() {
    let (out, ours, _) = piped_matches(
        "[profile old]\nsso_start_url = https://d-123.awsapps.com/start\nsso_region = us-east-1\nregion = ap-south-1\n",
        &["configure", "sso", "--profile", "old"],
        "\n\n\n\ntext\n",
        &|_| {},
    );
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert!(out
        .stdout_text()
        .contains("\x1b[1mWARNING: Configuring using legacy format"));
    assert_eq!(
        config_of(&ours).as_deref(),
        Some(
            "[profile old]\nsso_start_url = https://d-123.awsapps.com/start\nsso_region = us-east-1\n\
             region = ap-south-1\nsso_account_id = 123456789012\nsso_role_name = Admin\noutput = text\n"
        )
    );
}

/// A profile naming an existing `sso-session` logs in with the session's scopes (no prompts
/// for the session's values) and shows `PrintOnlyHandler`'s text.
#[test]
fn existing_session_of_the_profile() {
    let config = "[profile sess]\nsso_session = my-sso\n\n[sso-session my-sso]\n\
                  sso_start_url = https://d-123.awsapps.com/start\nsso_region = us-east-1\n\
                  sso_registration_scopes = sso:account:access\n";
    let (out, ..) = piped_matches(
        config,
        &["configure", "sso", "--profile", "sess", "--no-browser"],
        "\n\n\n",
        &|stub| stub.approve_after(1),
    );
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert!(out.stdout_text().contains("Then enter the code:"));
}

/// `aws configure sso-session`: the four prompts and the section (existing values offered).
#[test]
fn sso_session_command() {
    for (config, input) in [
        ("", format!("new-sso\n{START_URL}\neu-west-1\n\n")),
        (
            "[sso-session my-sso]\nsso_start_url = https://old.example.com/start\nsso_region = us-east-1\n",
            "my-sso\n\nus-west-2\nsso:account:access,other\n".to_owned(),
        ),
    ] {
        let (out, ..) = piped_matches(config, &["configure", "sso-session"], &input, &|_| {});
        assert_eq!(out.exit_code, 0, "{}", out.stderr);
        assert!(out
            .stdout_text()
            .contains("Run the following to login and refresh access token for this session:"));
    }
}

/// Arguments, piped input and the stub's set-up of one run.
type Case<'a> = (&'a [&'a str], String, &'a dyn Fn(&SsoStub));

/// A rejected answer (an empty start URL, one with spaces, scopes with spaces, an empty
/// required session name) stays in prompt_toolkit's buffer and the next piped line is added
/// to it, so input runs out: `EOFError` (255, an empty message). No account, or no role, is a
/// 255 error after the login; an unknown option is 252.
#[test]
fn bad_input_matches_the_reference() {
    let no_accounts = |stub: &SsoStub| stub.accounts(Vec::new());
    let no_roles = |stub: &SsoStub| stub.roles(awscli_test_support::sso_stub::ACCOUNT_ID, &[]);
    let none = |_: &SsoStub| {};
    let cases: [Case<'_>; 7] = [
        (&["configure", "sso"], "my-sso\n\n".to_owned(), &none),
        (
            &["configure", "sso"],
            format!("my-sso\nnot a url\n{START_URL}\nus-east-1\na b\n"),
            &none,
        ),
        (
            &["configure", "sso"],
            format!("my-sso\n{START_URL}\nus-east-1\n\n"),
            &no_accounts,
        ),
        (
            &["configure", "sso", "--profile", "x"],
            format!("\n{START_URL}\nus-east-1\n"),
            &no_roles,
        ),
        (&["configure", "sso-session"], "\n\n".to_owned(), &none),
        (&["configure", "sso-session"], String::new(), &none),
        (&["configure", "sso", "--bogus"], String::new(), &none),
    ];
    for (args, input, configure) in cases {
        let (out, ..) = piped_matches("", args, &input, configure);
        assert_ne!(out.exit_code, 0, "{args:?} {input:?}");
    }
}

/// Drives `cli` through the wizard on a terminal: each step waits for a text on the screen,
/// then types; returns the screens seen with a pick list open, and the final one.
fn converse(cli: &Cli, args: &[&str], steps: &[(&str, &[&str])]) -> Option<Vec<String>> {
    let terminal = Terminal::start(cli, args)?;
    let mut screens = Vec::new();
    for (wait, keys) in steps {
        let screen = terminal.wait_for(wait, 1);
        if wait.starts_with('>') {
            screens.push(screen);
        }
        terminal.send(keys);
    }
    screens.push(terminal.wait_for("EXIT=", 1));
    Some(screens)
}

/// On a terminal the pick lists are drawn with `>` at the current item, move with the arrow
/// keys and are erased once chosen; the screens match the reference's.
#[test]
#[expect(clippy::print_stderr, reason = "a skipped test says why")]
fn terminal_screens_match_the_reference() {
    let [(reference, _reference_stub), (ours, _ours_stub)] = both(&three_accounts);
    for cli in [&reference, &ours] {
        write(cli, ".aws/config", "");
    }
    let steps: &[(&str, &[&str])] = &[
        ("SSO session name (Recommended):", &["my-sso", "Enter"]),
        ("SSO start URL [None]:", &[START_URL, "Enter"]),
        ("SSO region [None]:", &["us-east-1", "Enter"]),
        ("SSO registration scopes [sso:account:access]:", &["Enter"]),
        ("> alpha, a@example.com (111111111111)", &["Down"]),
        ("> beta (222222222222)", &["Enter"]),
        ("> Admin", &["Down", "Down"]),
        ("> Billing", &["Up", "Enter"]),
        ("Region [None]:", &["Enter"]),
        ("format", &["yaml", "Enter"]),
        ("name [ReadOnly-222222222222]:", &["Enter"]),
    ];
    let args = ["configure", "sso", "--no-browser"];
    let Some(expected) = converse(&reference, &args, steps) else {
        eprintln!("skipped: tmux is not installed");
        return;
    };
    let actual = converse(&ours, &args, steps).expect("tmux ran for the reference");
    let expected: Vec<String> = expected.iter().map(|s| as_newer(s)).collect();
    assert_eq!(actual, expected);
    assert_eq!(config_of(&ours), config_of(&reference));
}

/// Newer-only behaviour, from the v2 branch's `configure/sso.py` (2.9.19 has neither, so
/// there is no reference run): `--use-device-code` is accepted (`LOGIN_ARGS` of 2.22+; the
/// device flow is the only flow here), and a profile named `default` gets its own closing
/// words, since no `--profile` is needed to use it.
#[test]
fn default_profile_and_use_device_code_follow_the_newer_cli() {
    let (ours, stub) = crate::util::fresh(crate::util::Which::Ours, &|stub| stub.approve_after(0));
    write(&ours, ".aws/config", "");
    let out = ours.run_with_stdin(
        [
            "configure",
            "sso",
            "--profile",
            "default",
            "--use-device-code",
        ],
        Some(format!("my-sso\n{START_URL}\nus-east-1\n\n\n\n").as_bytes()),
    );
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert!(
        out.stdout_text().ends_with(
            "Using the role name \"Admin\"\nDefault client Region [None]: \n\
             CLI default output format (json if not specified) [None]: \n\
             The AWS CLI is now configured to use the default profile.\n\
             Run the following command to verify your configuration:\n\n\
             aws sts get-caller-identity\n"
        ),
        "{}",
        out.stdout_text()
    );
    assert_eq!(
        config_of(&ours).as_deref(),
        Some(
            "[default]\nsso_session = my-sso\nsso_account_id = 123456789012\n\
             sso_role_name = Admin\n[sso-session my-sso]\n\
             sso_start_url = https://d-123.awsapps.com/start\nsso_region = us-east-1\n\
             sso_registration_scopes = sso:account:access\n"
        )
    );
    assert!(stub.operations().contains(&"ListAccountRoles"));
}

/// An existing session with a cached token that has not expired logs in without a request;
/// when the portal refuses that token (`UnauthorizedException`) the account and role are
/// skipped with a notice, the remaining prompts still run, and the closing words change.
#[test]
fn cached_token_refused_by_the_portal_skips_account_and_role() {
    let config = "[profile sess]\nsso_session = my-sso\n\n[sso-session my-sso]\n\
                  sso_start_url = https://d-123.awsapps.com/start\nsso_region = us-east-1\n";
    let token = format!(
        r#"{{"startUrl": "{START_URL}", "region": "us-east-1", "accessToken": "revoked", "expiresAt": "2099-01-01T00:00:00Z"}}"#
    );
    let (out, _, stub) = piped_matches(
        config,
        &["configure", "sso", "--profile", "sess"],
        "\neu-west-1\n\n",
        &|_| {},
    );
    // The first run above had no cached token; this one has one.
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert!(stub.operations().contains(&"CreateToken"));
    let [(reference, reference_stub), (ours, ours_stub)] = both(&|_| {});
    let mut outputs = Vec::new();
    for cli in [&reference, &ours] {
        write(cli, ".aws/config", config);
        write(
            cli,
            &format!(".aws/sso/cache/{}.json", crate::util::sha1_hex("my-sso")),
            &token,
        );
        let cli = cli.clone().env("TERM", "dumb");
        outputs.push(cli.run_with_stdin(
            ["configure", "sso", "--profile", "sess"],
            Some(b"\neu-west-1\n\n".as_slice()),
        ));
    }
    let (expected, actual) = (&outputs[0], &outputs[1]);
    assert_eq!(
        (actual.exit_code, actual.stdout_text()),
        (expected.exit_code, screen_of_piped(&expected.stdout_text()))
    );
    assert_eq!(actual.stderr, expected_stderr(expected));
    assert!(actual
        .stdout_text()
        .ends_with("Successfully configured SSO for profile: sess\n"));
    assert_eq!(config_of(&ours), config_of(&reference));
    assert_same_stub_requests(&reference_stub, &ours_stub);
    assert_eq!(ours_stub.operations(), ["ListAccounts"]);
}

/// On a terminal a rejected start URL is explained until a valid one is typed (the
/// reference keeps the rejected text for editing: it is erased with backspaces, which do
/// nothing on our fresh line), then the screen shows only the accepted answer.
#[test]
#[expect(clippy::print_stderr, reason = "a skipped test says why")]
fn terminal_rejected_answer_matches_the_reference() {
    let [(reference, _), (ours, _)] = both(&|_| {});
    let erase: Vec<&str> = std::iter::repeat_n("BSpace", "not a url".len()).collect();
    let mut retype = erase.clone();
    retype.extend([START_URL, "Enter"]);
    let steps: &[(&str, &[&str])] = &[
        ("SSO session name:", &["s1", "Enter"]),
        ("SSO start URL [None]:", &["not a url", "Enter"]),
        ("Not a valid Start URL", &retype),
        ("SSO region [None]:", &["us-east-1", "Enter"]),
        ("SSO registration scopes [sso:account:access]:", &["Enter"]),
    ];
    let args = ["configure", "sso-session"];
    let Some(expected) = converse(&reference, &args, steps) else {
        eprintln!("skipped: tmux is not installed");
        return;
    };
    let actual = converse(&ours, &args, steps).expect("tmux ran for the reference");
    assert_eq!(actual, expected);
    assert_eq!(config_of(&ours), config_of(&reference));
}
