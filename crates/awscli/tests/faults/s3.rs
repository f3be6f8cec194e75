//! Faults on S3 object downloads (`s3api get-object`, a streaming body
//! written to a file): retried error responses, truncated and corrupted
//! bodies.

use std::sync::{Arc, OnceLock};

use awscli_test_support::{Cli, Fault, Rule, Sandbox};

use awscli_test_support::compare::assert_same_outcome;

use crate::util::{assert_like_reference, moto, run_both, Expected, Run};

const BUCKET: &str = "faults-downloads";
const KEY: &str = "data.bin";
const OBJECT_PATH: &str = "/faults-downloads/data.bin";
const SIZE: usize = 100 * 1024;

fn object() -> Vec<u8> {
    (0..SIZE).map(|i| (i % 251) as u8).collect()
}

/// Creates the bucket and object once (with the reference, straight to
/// moto), uploaded with a CRC32 checksum that moto stores and returns.
fn setup() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        let sandbox = Arc::new(Sandbox::new().expect("creating a test sandbox"));
        let file = sandbox
            .write("upload.bin", object())
            .expect("writing the object");
        let cli = Cli::reference(sandbox);
        let endpoint = moto().endpoint();
        let file = file.display().to_string();
        for args in [
            vec!["s3api", "create-bucket", "--bucket", BUCKET],
            vec![
                "s3api",
                "put-object",
                "--bucket",
                BUCKET,
                "--key",
                KEY,
                "--body",
                &file,
                "--checksum-algorithm",
                "CRC32",
            ],
        ] {
            let mut args = args.clone();
            args.extend(["--endpoint-url", &endpoint]);
            let output = cli.run(&args);
            assert_eq!(output.exit_code, 0, "setup {args:?}: {}", output.stderr);
        }
    });
}

/// `get-object` into `out.bin`, printing only members both models know.
const GET_OBJECT: &[&str] = &[
    "s3api",
    "get-object",
    "--bucket",
    BUCKET,
    "--key",
    KEY,
    "out.bin",
    "--query",
    "[ContentLength, ETag]",
];

fn downloaded(run: &Run) -> Option<Vec<u8>> {
    std::fs::read(run.cli.sandbox().path().join("out.bin")).ok()
}

fn expect(attempts: usize, exit_code: i32) -> Expected {
    Expected {
        attempts,
        max_attempts: 3,
        exit_code,
    }
}

#[test]
fn slow_down_then_download() {
    setup();
    let (reference, ours) = assert_like_reference(
        GET_OBJECT,
        &[Rule::new(Fault::slow_down())
            .path(OBJECT_PATH)
            .attempts(..=2)],
        &[],
        expect(3, 0),
    );
    assert_eq!(downloaded(&reference), Some(object()));
    assert_eq!(downloaded(&ours), Some(object()));
}

/// botocore's `StreamingBody` checks the length after the call returned,
/// outside the retry loop: `1000 read, but total bytes expected is
/// 102400.`, rc 255, one attempt.
#[test]
#[ignore = "ours retries a short streaming body 3 times, then prints `Connection was closed ...`"]
fn truncated_download() {
    setup();
    assert_like_reference(
        GET_OBJECT,
        &[Rule::new(Fault::Truncate { body_bytes: 1000 }).path(OBJECT_PATH)],
        &[],
        expect(1, 255),
    );
}

#[test]
fn corrupted_download_fails_checksum_validation() {
    setup();
    let mut args = GET_OBJECT.to_vec();
    args.extend(["--checksum-mode", "ENABLED"]);
    assert_like_reference(
        &args,
        &[Rule::new(Fault::Corrupt { offset: 500 }).path(OBJECT_PATH)],
        &[],
        expect(1, 255),
    );
}

/// The body is read after the call returned, outside the retry loop, and
/// urllib3's timeout carries no URL: `Read timeout on endpoint URL:
/// "None"`, rc 255, one attempt.
#[test]
#[ignore = "ours retries a body that stalls mid-stream 3 times and names the real URL"]
fn stalled_download_times_out() {
    setup();
    let mut args = GET_OBJECT.to_vec();
    args.extend(["--cli-read-timeout", "1"]);
    assert_like_reference(
        &args,
        &[Rule::new(Fault::DelayBody {
            after_bytes: 1000,
            delay: std::time::Duration::from_millis(1500),
        })
        .path(OBJECT_PATH)],
        &[],
        expect(1, 255),
    );
}

/// `s3 cp` downloads retry a short body themselves (s3transfer's
/// `S3_RETRYABLE_DOWNLOAD_ERRORS`, up to `num_download_attempts` = 5).
const CP_DOWNLOAD: &[&str] = &[
    "s3",
    "cp",
    "s3://faults-downloads/data.bin",
    "out.bin",
    "--no-progress",
];

#[test]
#[ignore = "ours retries the short body in the client (3 GETs) and not again in the transfer: rc 1 `download failed: ... Connection was closed ...`"]
fn cp_download_retries_truncated_bodies() {
    setup();
    let rules = [Rule::new(Fault::Truncate { body_bytes: 1000 })
        .method("GET")
        .path(OBJECT_PATH)
        .attempts(..=3)];
    let (reference, ours) = run_both(CP_DOWNLOAD, &rules, &[]);
    for run in [&reference, &ours] {
        let gets = run
            .requests
            .iter()
            .filter(|r| r.request.method == "GET")
            .count();
        assert_eq!(
            (run.output.exit_code, gets),
            (0, 4),
            "{:?}: {}",
            run.cli.program(),
            run.output.stderr
        );
        assert_eq!(downloaded(run), Some(object()), "{:?}", run.cli.program());
    }
    assert_same_outcome(&reference.output, &ours.output);
}

#[test]
#[ignore = "ours makes 3 GETs (client retries) instead of 5 (transfer retries) and reports `Connection was closed ...`"]
fn cp_download_gives_up_after_five_truncated_bodies() {
    setup();
    let rules = [Rule::new(Fault::Truncate { body_bytes: 1000 })
        .method("GET")
        .path(OBJECT_PATH)];
    let (reference, ours) = run_both(CP_DOWNLOAD, &rules, &[]);
    for run in [&reference, &ours] {
        let gets = run
            .requests
            .iter()
            .filter(|r| r.request.method == "GET")
            .count();
        assert_eq!(
            (run.output.exit_code, gets),
            (1, 5),
            "{:?}: {}",
            run.cli.program(),
            run.output.stderr
        );
        assert_eq!(downloaded(run), None, "{:?}", run.cli.program());
    }
    assert_same_outcome(&reference.output, &ours.output);
}
