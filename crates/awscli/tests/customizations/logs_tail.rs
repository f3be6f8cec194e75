//! `aws logs tail` against moto: formats, colours, filters, errors, and
//! `--follow` printing new events once.

use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

use awscli_test_support::compare::assert_same_outcome;
use awscli_test_support::{Cli, MotoServer};

use crate::util::{clis, with_endpoint};

fn now_millis() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

#[track_caller]
fn ok(cli: &Cli, endpoint: &str, args: &[&str]) {
    let out = cli.run(with_endpoint(args, endpoint));
    assert_eq!(out.exit_code, 0, "{args:?}: {}", out.stderr);
}

fn put_events(cli: &Cli, endpoint: &str, stream: &str, events: &serde_json::Value) {
    let file = cli
        .sandbox()
        .write(format!("events-{stream}.json"), events.to_string())
        .expect("writing the events");
    let arg = format!("file://{}", file.display());
    ok(
        cli,
        endpoint,
        &[
            "logs",
            "put-log-events",
            "--log-group-name",
            "g1",
            "--log-stream-name",
            stream,
            "--log-events",
            &arg,
        ],
    );
}

/// A log group with two streams and a few events in the last minutes.
fn populate(cli: &Cli, endpoint: &str) {
    ok(
        cli,
        endpoint,
        &["logs", "create-log-group", "--log-group-name", "g1"],
    );
    for stream in ["s1", "s2"] {
        ok(
            cli,
            endpoint,
            &[
                "logs",
                "create-log-stream",
                "--log-group-name",
                "g1",
                "--log-stream-name",
                stream,
            ],
        );
    }
    let now = now_millis();
    let json_message =
        serde_json::json!({"a": [1, 2.5, "é", 1e20, null, true], "b": {}}).to_string();
    put_events(
        cli,
        endpoint,
        "s1",
        &serde_json::json!([
            {"timestamp": now - 120_000, "message": "hello world"},
            {"timestamp": now - 90_123, "message": json_message},
            {"timestamp": now - 60_000, "message": "trailing space and lines  \n\n"},
        ]),
    );
    put_events(
        cli,
        endpoint,
        "s2",
        &serde_json::json!([{"timestamp": now - 100_000, "message": "\"just a string\""}]),
    );
}

#[test]
fn output_matches_the_reference() {
    let moto = MotoServer::shared();
    let endpoint = moto.endpoint();
    let (ours, reference) = clis(&endpoint);
    populate(&reference, &endpoint);
    let cases: Vec<Vec<&str>> = vec![
        vec!["logs", "tail", "g1"],
        vec!["logs", "tail", "g1", "--format", "short"],
        vec!["logs", "tail", "g1", "--format", "json"],
        vec!["logs", "tail", "g1", "--color", "on"],
        vec!["logs", "tail", "g1", "--format", "short", "--color", "on"],
        vec!["logs", "tail", "g1", "--filter-pattern", "hello"],
        vec!["logs", "tail", "g1", "--log-stream-names", "s2", "s1"],
        vec!["logs", "tail", "g1", "--since", "1s"],
        vec!["logs", "tail", "g1", "--since", "1w"],
        vec!["logs", "tail", "g1", "--since", "2000-01-01T00:00:00Z"],
        vec!["logs", "tail", "g1", "--since", "2000-01-01"],
    ];
    for args in cases {
        let args = with_endpoint(&args, &endpoint);
        let expected = reference.run(&args);
        assert_eq!(expected.exit_code, 0, "{args:?}: {}", expected.stderr);
        assert_same_outcome(&expected, &ours.run(&args));
    }
}

#[test]
fn errors_match_the_reference() {
    let moto = MotoServer::shared();
    let endpoint = moto.endpoint();
    let (ours, reference) = clis(&endpoint);
    for args in [
        vec!["logs", "tail", "missing-group"],
        vec!["logs", "tail"],
        vec!["logs", "tail", "g1", "--format", "xml"],
        vec!["logs", "tail", "g1", "extra"],
    ] {
        let args = with_endpoint(&args, &endpoint);
        let expected = reference.run(&args);
        assert_ne!(expected.exit_code, 0, "{args:?}");
        assert_same_outcome(&expected, &ours.run(&args));
    }
}

/// `--follow` prints what is there, then new events as they arrive, each
/// once, until interrupted.
#[test]
fn follow_prints_new_events_once() {
    let moto = MotoServer::shared();
    let endpoint = moto.endpoint();
    let (ours, reference) = clis(&endpoint);
    populate(&reference, &endpoint);
    let mut child = ours
        .command(with_endpoint(
            &["logs", "tail", "g1", "--follow", "--format", "short"],
            &endpoint,
        ))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting logs tail --follow");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    std::thread::sleep(Duration::from_secs(2));
    put_events(
        &reference,
        &endpoint,
        "s2",
        &serde_json::json!([{"timestamp": now_millis(), "message": "arrived later"}]),
    );
    let deadline = Instant::now() + Duration::from_secs(8);
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    // Ctrl-C ends the tail with status 0, as the reference's does.
    let pid = child.id().to_string();
    let _ = std::process::Command::new("sh")
        .args(["-c", "kill -s INT \"$1\"", "kill", &pid])
        .status();
    let status = child.wait().expect("waiting for logs tail");
    assert_eq!(status.code(), Some(0), "{status:?}");
    let text = reader.join().expect("the reader thread");
    assert_eq!(text.matches("hello world").count(), 1, "{text}");
    assert_eq!(text.matches("arrived later").count(), 1, "{text}");
}
