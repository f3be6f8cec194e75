//! `aws cloudfront sign` and `aws ec2 get-password-data --priv-launch-key`:
//! RSA with keys made by openssl for the test. PKCS#1 v1.5 signatures are
//! deterministic, so signed URLs must equal the reference's byte for byte.

use std::path::{Path, PathBuf};
use std::process::Command;

use awscli_test_support::compare::{assert_same_outcome, assert_same_requests};
use awscli_test_support::{CannedResponse, Cli, RecordingServer};

use crate::util::clis;

fn openssl(args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .expect("running openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A PKCS#1 (`RSA PRIVATE KEY`) and a PKCS#8 (`PRIVATE KEY`) key in `dir`.
fn keys(dir: &Path) -> Vec<PathBuf> {
    let pkcs8 = dir.join("key8.pem");
    let pkcs1 = dir.join("key1.pem");
    openssl(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-out",
        pkcs8.to_str().unwrap(),
    ]);
    openssl(&[
        "rsa",
        "-in",
        pkcs8.to_str().unwrap(),
        "-traditional",
        "-out",
        pkcs1.to_str().unwrap(),
    ]);
    vec![pkcs1, pkcs8]
}

#[test]
fn cloudfront_signed_urls_equal_the_reference() {
    let (ours, reference) = clis("http://127.0.0.1:9");
    for key in keys(ours.sandbox().path()) {
        let key_arg = format!("file://{}", key.display());
        let cases: Vec<Vec<&str>> = vec![
            vec![
                "--url",
                "https://d111.cloudfront.net/a b.png",
                "--date-less-than",
                "2030-01-01",
            ],
            vec![
                "--url",
                "https://d111.cloudfront.net/x?y=1",
                "--date-less-than",
                "2030-01-01T10:00:00+02:00",
            ],
            vec![
                "--url",
                "https://d111.cloudfront.net/*",
                "--date-less-than",
                "1900000000",
                "--date-greater-than",
                "2020-05-05T00:00:00",
            ],
            vec![
                "--url",
                "https://d111.cloudfront.net/v",
                "--date-less-than",
                "2030-01-01",
                "--ip-address",
                "10.0.0.1",
            ],
            vec![
                "--url",
                "https://d111.cloudfront.net/v",
                "--date-less-than",
                "2030-01-01",
                "--ip-address",
                "10.0.0.0/8",
            ],
        ];
        for case in cases {
            let mut args = vec![
                "cloudfront",
                "sign",
                "--key-pair-id",
                "APKAEXAMPLE",
                "--private-key",
                &key_arg,
            ];
            args.extend(case);
            let expected = reference.run(&args);
            assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
            assert_same_outcome(&expected, &ours.run(&args));
        }
    }
}

#[test]
fn cloudfront_bad_input() {
    let (ours, reference) = clis("http://127.0.0.1:9");
    for args in [
        vec![
            "cloudfront",
            "sign",
            "--url",
            "u",
            "--key-pair-id",
            "k",
            "--private-key",
            "file://missing.pem",
            "--date-less-than",
            "2030-01-01",
        ],
        vec![
            "cloudfront",
            "sign",
            "--url",
            "u",
            "--key-pair-id",
            "k",
            "--date-less-than",
            "2030-01-01",
        ],
    ] {
        let expected = reference.run(&args);
        assert_ne!(expected.exit_code, 0);
        assert_same_outcome(&expected, &ours.run(&args));
    }
    // A key that is not PEM: same exit code; the reference appends
    // OpenSSL's internal error tuple to the message, which we do not have.
    let args = [
        "cloudfront",
        "sign",
        "--url",
        "u",
        "--key-pair-id",
        "k",
        "--private-key",
        "junk",
        "--date-less-than",
        "2030-01-01",
    ];
    let expected = reference.run(args);
    let actual = ours.run(args);
    assert_eq!(actual.exit_code, expected.exit_code);
    assert!(
        actual.stderr.contains("Could not deserialize key data."),
        "{}",
        actual.stderr
    );
}

fn password_response(password_data: &str) -> CannedResponse {
    CannedResponse::xml(format!(
        "<GetPasswordDataResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r-1</requestId><instanceId>i-1</instanceId><passwordData>{password_data}</passwordData><timestamp>2024-01-01T00:00:00.000Z</timestamp></GetPasswordDataResponse>"
    ))
}

fn run_password(
    cli: &Cli,
    args: &[&str],
    response: &CannedResponse,
) -> (
    awscli_test_support::CliOutput,
    Vec<awscli_test_support::RecordedRequest>,
) {
    let server = RecordingServer::start().expect("starting the recording server");
    server.respond_with([response.clone()]);
    let endpoint = server.endpoint();
    let mut full = args.to_vec();
    full.extend(["--endpoint-url", &endpoint]);
    (cli.run(&full), server.take_requests())
}

#[test]
fn ec2_password_is_decrypted_like_the_reference() {
    let (ours, reference) = clis("http://127.0.0.1:9");
    let dir = ours.sandbox().path().to_owned();
    let keys = keys(&dir);
    let plain = dir.join("plain.txt");
    std::fs::write(&plain, "S3cret!Pässword").unwrap();
    let cipher = dir.join("cipher.bin");
    openssl(&[
        "pkeyutl",
        "-encrypt",
        "-inkey",
        keys[1].to_str().unwrap(),
        "-pkeyopt",
        "rsa_padding_mode:pkcs1",
        "-in",
        plain.to_str().unwrap(),
        "-out",
        cipher.to_str().unwrap(),
    ]);
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(std::fs::read(&cipher).unwrap());
    for (response, key, extra) in [
        (
            password_response(&encoded),
            keys[0].display().to_string(),
            vec![],
        ),
        (
            password_response(&encoded),
            keys[1].display().to_string(),
            vec!["--query", "PasswordData", "--output", "text"],
        ),
        (password_response(""), keys[0].display().to_string(), vec![]),
        (
            password_response("bm90IGVuY3J5cHRlZA=="),
            keys[0].display().to_string(),
            vec![],
        ),
        (
            password_response(&encoded),
            "missing.pem".to_owned(),
            vec![],
        ),
    ] {
        let mut args = vec![
            "ec2",
            "get-password-data",
            "--instance-id",
            "i-1",
            "--priv-launch-key",
            &key,
        ];
        args.extend(extra);
        let (expected, expected_requests) = run_password(&reference, &args, &response);
        let (actual, actual_requests) = run_password(&ours, &args, &response);
        assert_same_requests(&expected_requests, &actual_requests);
        // The pinned model lists Timestamp before PasswordData (2.9.19's
        // the other way round), so JSON is compared by value.
        let json = |o: &awscli_test_support::CliOutput| {
            serde_json::from_slice::<serde_json::Value>(&o.stdout).ok()
        };
        if let (Some(e), Some(a)) = (json(&expected), json(&actual)) {
            assert_eq!(a, e);
            assert_eq!(actual.exit_code, expected.exit_code);
        } else {
            assert_same_outcome(&expected, &actual);
        }
    }
}
