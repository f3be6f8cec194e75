//! `aws ssm start-session` and `aws ecs execute-command`: the plugin's
//! arguments and the missing-plugin error. moto does not serve these
//! calls, so both CLIs talk to recording servers with canned answers.

use std::path::Path;

use awscli_test_support::compare::{assert_same_outcome, assert_same_requests};
use awscli_test_support::{CannedResponse, Cli, CliOutput, RecordedRequest, RecordingServer};

use crate::util::clis;

const START_SESSION: &str = r#"{"SessionId": "s-0123", "TokenValue": "token", "StreamUrl": "wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/s-0123"}"#;

fn json(body: &str) -> CannedResponse {
    CannedResponse::json("application/x-amz-json-1.1", body.to_owned())
}

/// A PATH without `session-manager-plugin` (the system one may have it).
fn bare_path(cli: &Cli) -> String {
    let empty = cli.sandbox().path().join("empty-bin");
    std::fs::create_dir_all(&empty).expect("creating a bin directory");
    format!("{}:/bin", empty.display())
}

fn run(
    cli: &Cli,
    args: &[&str],
    responses: &[CannedResponse],
) -> (CliOutput, Vec<RecordedRequest>) {
    let server = RecordingServer::start().expect("starting the recording server");
    server.respond_with(responses.iter().cloned());
    let endpoint = server.endpoint();
    let mut full = args.to_vec();
    full.extend(["--endpoint-url", &endpoint]);
    let out = cli.run(&full);
    (out, server.take_requests())
}

#[test]
fn start_session_without_plugin_terminates_and_fails() {
    let (ours, reference) = clis("http://127.0.0.1:9");
    let path = bare_path(&ours);
    let (ours, reference) = (ours.env("PATH", &path), reference.env("PATH", &path));
    let responses = [json(START_SESSION), json(r#"{"SessionId": "s-0123"}"#)];
    let args = ["ssm", "start-session", "--target", "i-0123456789abcdef0"];
    let (expected, expected_requests) = run(&reference, &args, &responses);
    assert_eq!(expected.exit_code, 255, "{}", expected.stderr);
    assert_eq!(
        expected_requests.len(),
        2,
        "StartSession then TerminateSession"
    );
    let (actual, actual_requests) = run(&ours, &args, &responses);
    assert_same_requests(&expected_requests, &actual_requests);
    assert_same_outcome(&expected, &actual);
}

#[test]
fn execute_command_without_plugin_fails_before_calling() {
    let (ours, reference) = clis("http://127.0.0.1:9");
    let path = bare_path(&ours);
    let (ours, reference) = (ours.env("PATH", &path), reference.env("PATH", &path));
    let args = [
        "ecs",
        "execute-command",
        "--cluster",
        "c",
        "--task",
        "t",
        "--command",
        "ls",
        "--interactive",
    ];
    let (expected, expected_requests) = run(&reference, &args, &[]);
    assert_eq!(expected.exit_code, 255, "{}", expected.stderr);
    assert!(expected_requests.is_empty());
    let (actual, actual_requests) = run(&ours, &args, &[]);
    assert!(actual_requests.is_empty());
    assert_same_outcome(&expected, &actual);
}

#[test]
fn start_session_missing_target_matches_the_reference() {
    let (ours, reference) = clis("http://127.0.0.1:9");
    let expected = reference.run(["ssm", "start-session"]);
    assert_eq!(expected.exit_code, 252);
    assert_same_outcome(&expected, &ours.run(["ssm", "start-session"]));
}

/// Writes a fake plugin that records its arguments, one per line, as JSON.
fn fake_plugin(dir: &Path, record: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let script = format!(
        "#!/usr/bin/python3\nimport json, sys\nwith open({:?}, 'a') as f:\n    f.write(json.dumps(sys.argv[1:]) + '\\n')\n",
        record.display().to_string()
    );
    let plugin = dir.join("session-manager-plugin");
    std::fs::write(&plugin, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&plugin, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// The plugin gets the response, region, operation, profile, parameters
/// and endpoint. The reference's response JSON also carries botocore's
/// `ResponseMetadata`, which is dropped before comparing.
#[test]
fn start_session_hands_the_session_to_the_plugin() {
    let (ours, reference) = clis("http://127.0.0.1:9");
    let mut calls = Vec::new();
    for (cli, name) in [(&reference, "ref"), (&ours, "ours")] {
        let dir = cli.sandbox().path().join(format!("plugin-{name}"));
        let record = dir.join("calls");
        fake_plugin(&dir, &record);
        let cli = cli
            .clone()
            .env("PATH", format!("{}:/usr/bin:/bin", dir.display()));
        let (out, requests) = run(
            &cli,
            &["ssm", "start-session", "--target", "i-1"],
            &[json(START_SESSION)],
        );
        assert_eq!(out.exit_code, 0, "{name}: {}", out.stderr);
        assert_eq!(requests.len(), 1);
        let text = std::fs::read_to_string(&record).expect("the plugin ran");
        let args: Vec<String> = serde_json::from_str(text.trim()).unwrap();
        let port = requests[0].header("host").unwrap_or_default().to_owned();
        calls.push((args, port));
    }
    let (ours, our_port) = calls.pop().unwrap();
    let (reference, ref_port) = calls.pop().unwrap();
    assert_eq!(ours.len(), 6);
    let mut ref_response: serde_json::Value = serde_json::from_str(&reference[0]).unwrap();
    ref_response
        .as_object_mut()
        .unwrap()
        .remove("ResponseMetadata");
    let our_response: serde_json::Value = serde_json::from_str(&ours[0]).unwrap();
    assert_eq!(our_response, ref_response);
    assert_eq!(ours[1..5], reference[1..5]);
    assert_eq!(
        ours[5].replace(&our_port, "<host>"),
        reference[5].replace(&ref_port, "<host>")
    );
}
