//! What the environment decides before a request is sent: a missing region
//! (NoRegion, exit code 253, nothing sent) and `--debug`, which logs the
//! request to stderr without the secrets that sign it. And Ctrl-C in the
//! middle of a request: a newline on stdout and exit code 130.

use awscli_test_support::{CannedResponse, RecordingServer};

use crate::util::clis;

const NO_REGION: &str =
    "You must specify a region. You can also configure your region by running \"aws configure\".";

#[test]
fn missing_region_is_a_configuration_error_and_sends_nothing() {
    let (ours, reference) = clis();
    let server = RecordingServer::start().expect("recording server");
    let endpoint = server.endpoint();
    let args = [
        "sts",
        "get-caller-identity",
        "--endpoint-url",
        endpoint.as_str(),
    ];
    let run = |cli: &awscli_test_support::Cli| {
        cli.command(args)
            .env_remove("AWS_DEFAULT_REGION")
            .output()
            .expect("running the CLI")
    };
    let expected = run(&reference);
    assert_eq!(expected.status.code(), Some(253));
    assert!(String::from_utf8_lossy(&expected.stderr).contains(NO_REGION));
    let actual = run(&ours);
    assert_eq!(actual.status.code(), Some(253));
    assert_eq!(
        String::from_utf8_lossy(&actual.stderr),
        format!("\naws: [ERROR]: An error occurred (NoRegion): {NO_REGION}\n")
    );
    assert!(actual.stdout.is_empty());
    assert!(
        server.take_requests().is_empty(),
        "nothing may be sent without a region"
    );
}

#[test]
fn debug_logs_the_request_without_its_secrets() {
    let (ours, _reference) = clis();
    let server = RecordingServer::start().expect("recording server");
    server.respond_with([CannedResponse::xml(
        r#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/u</Arn><UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>"#,
    )]);
    let endpoint = server.endpoint();
    let out = ours
        .clone()
        .env("AWS_SECRET_ACCESS_KEY", "very-secret-key-0123456789")
        .env("AWS_SESSION_TOKEN", "session-token-0123456789")
        .run([
            "sts",
            "get-caller-identity",
            "--debug",
            "--endpoint-url",
            endpoint.as_str(),
        ]);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("CLI version: aws-cli/2."),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("Arguments entered to CLI:"),
        "{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("very-secret-key-0123456789"),
        "the secret key leaked"
    );
    assert!(
        !out.stderr.contains("session-token-0123456789"),
        "the session token leaked"
    );
    let sent = server.take_requests();
    assert_eq!(sent.len(), 1);
    assert!(sent[0]
        .headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("x-amz-security-token")
            && v == "session-token-0123456789"));
}

/// Sends `signal` to a CLI whose request is in flight (a server that
/// accepts and never answers) and returns its exit code and stdout.
fn signalled_mid_request(cli: &awscli_test_support::Cli, signal: &str) -> (Option<i32>, Vec<u8>) {
    use std::io::Read;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binding a port");
    let endpoint = format!("http://{}", listener.local_addr().expect("bound address"));
    let mut child = cli
        .command(["s3api", "list-buckets", "--endpoint-url", endpoint.as_str()])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("starting the CLI");
    // The connection being accepted proves the request is in flight.
    let (_held, _) = listener.accept().expect("the CLI connects");
    let status = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let mut stdout = Vec::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_end(&mut stdout).expect("reading stdout");
    }
    let code = child.wait().expect("waiting for the CLI").code();
    (code, stdout)
}

#[test]
fn ctrl_c_mid_request_prints_a_newline_and_exits_130() {
    let (ours, reference) = clis();
    let expected = signalled_mid_request(&reference, "-INT");
    assert_eq!(expected, (Some(130), b"\n".to_vec()));
    assert_eq!(signalled_mid_request(&ours, "-INT"), expected);
}

/// SIGTERM (`docker stop`) ends the command at once. The reference dies of
/// the signal (a shell reports 128 + 15); we exit with that same status
/// ourselves, because in a container `aws` is PID 1 and the kernel drops
/// signals PID 1 has no handler for.
#[test]
fn sigterm_mid_request_exits_143() {
    let (ours, _reference) = clis();
    assert_eq!(
        signalled_mid_request(&ours, "-TERM"),
        (Some(143), Vec::new())
    );
}
