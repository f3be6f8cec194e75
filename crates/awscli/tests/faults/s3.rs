//! Faults on S3 object downloads (`s3api get-object`, a streaming body
//! written to a file): retried error responses, truncated and corrupted
//! bodies.

use std::sync::{Arc, OnceLock};

use awscli_test_support::{Cli, Fault, Rule, Sandbox};

use awscli_test_support::cli::reference_path;
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

/// A local file of `BIG_SIZE` bytes and a profile whose `s3` settings make
/// it a two-part transfer (5 MiB + 1 MiB), for multipart uploads and
/// ranged downloads.
const BIG_SIZE: usize = 6 * 1024 * 1024;
const MULTIPART_CONFIG: &str =
    "[default]\ns3 =\n  multipart_threshold = 5MB\n  multipart_chunksize = 5MB\n";
const UPLOAD_BUCKET: &str = "faults-uploads";

fn big_object() -> Vec<u8> {
    (0..BIG_SIZE).map(|i| (i % 253) as u8).collect()
}

/// The upload bucket and a two-part object in it (uploaded once, by the
/// reference, straight to moto).
fn setup_big() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        let cli = multipart_cli(false);
        let endpoint = moto().endpoint();
        for args in [
            vec!["s3api", "create-bucket", "--bucket", UPLOAD_BUCKET],
            vec!["s3", "cp", "big.bin", "s3://faults-uploads/big.bin"],
        ] {
            let mut args = args.clone();
            args.extend(["--endpoint-url", &endpoint]);
            let output = cli.run(&args);
            assert_eq!(output.exit_code, 0, "setup {args:?}: {}", output.stderr);
        }
    });
}

/// A CLI (ours or the reference) in a fresh sandbox holding `big.bin` and
/// [`MULTIPART_CONFIG`].
fn multipart_cli(ours: bool) -> Cli {
    let sandbox = Arc::new(Sandbox::new().expect("creating a test sandbox"));
    sandbox
        .write(".aws/config", MULTIPART_CONFIG)
        .expect("writing the config");
    sandbox
        .write("big.bin", big_object())
        .expect("writing big.bin");
    if ours {
        Cli::ours(env!("CARGO_BIN_EXE_aws"), sandbox)
    } else {
        Cli::reference(sandbox)
    }
}

/// Multipart uploads still open on `key` (moto's ListMultipartUploads).
fn open_uploads(key: &str) -> String {
    let cli = Cli::reference(Arc::new(Sandbox::new().expect("creating a test sandbox")));
    let query = format!("length(Uploads[?Key=='{key}'] || `[]`)");
    let endpoint = moto().endpoint();
    let output = cli.run([
        "s3api",
        "list-multipart-uploads",
        "--bucket",
        UPLOAD_BUCKET,
        "--query",
        &query,
        "--endpoint-url",
        &endpoint,
    ]);
    assert_eq!(output.exit_code, 0, "{}", output.stderr);
    output.stdout_text().trim().to_owned()
}

/// Files in the sandbox's top directory whose name starts with `prefix`
/// (the target and any temporary file beside it).
fn files_named(run: &Run, prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(run.cli.sandbox().path())
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(prefix))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A part that fails for good fails the upload (rc 1) and the upload is
/// aborted: no multipart upload is left behind.
#[test]
fn failed_multipart_upload_is_aborted() {
    setup_big();
    let rules = [Rule::new(Fault::status(400))
        .method("PUT")
        .query_contains("partNumber=2")];
    let mut outputs = Vec::new();
    for (ours, key) in [(false, "abort-ref.bin"), (true, "abort-ours.bin")] {
        let cli = multipart_cli(ours);
        let dest = format!("s3://{UPLOAD_BUCKET}/{key}");
        let run = crate::util::run_through_proxy(
            &cli,
            &["s3", "cp", "big.bin", &dest, "--no-progress"],
            &rules,
        );
        let aborts = run
            .requests
            .iter()
            .filter(|r| r.request.method == "DELETE" && r.request.query().contains("uploadId"))
            .count();
        assert_eq!(
            (run.output.exit_code, aborts, open_uploads(key)),
            (1, 1, "0".to_owned()),
            "{:?}: {}",
            cli.program(),
            run.output.stderr
        );
        let mut output = run.output.clone();
        output.stderr = output.stderr.replace(key, "KEY");
        output.args.clear();
        outputs.push(output);
    }
    assert_same_outcome(&outputs[0], &outputs[1]);
}

/// Truncated bodies in the middle of ranged GETs are retried by the
/// transfer and the file ends byte-identical.
#[test]
fn ranged_download_retries_truncated_bodies() {
    setup_big();
    let rules = [Rule::new(Fault::Truncate { body_bytes: 1000 })
        .method("GET")
        .path("/faults-uploads/big.bin")
        .attempts(..=2)];
    for ours in [false, true] {
        let cli = multipart_cli(ours);
        let run = crate::util::run_through_proxy(
            &cli,
            &[
                "s3",
                "cp",
                "s3://faults-uploads/big.bin",
                "out.bin",
                "--no-progress",
            ],
            &rules,
        );
        let gets = run
            .requests
            .iter()
            .filter(|r| r.request.method == "GET")
            .count();
        assert_eq!(
            (run.output.exit_code, gets),
            (0, 4),
            "{:?}: {}",
            cli.program(),
            run.output.stderr
        );
        assert_eq!(downloaded(&run), Some(big_object()), "{:?}", cli.program());
        assert_eq!(
            files_named(&run, "out.bin"),
            ["out.bin"],
            "{:?}",
            cli.program()
        );
    }
}

/// Ctrl-C while parts are in flight: `cancelled: ctrl-c received`, exit
/// code 130, and the multipart upload is aborted.
#[test]
fn ctrl_c_aborts_multipart_uploads() {
    setup_big();
    for (ours, key) in [(false, "ctrl-c-ref.bin"), (true, "ctrl-c-ours.bin")] {
        let cli = multipart_cli(ours);
        let proxy = awscli_test_support::FaultProxy::start(moto().addr())
            .expect("starting the fault proxy");
        // Parts hang long enough for the signal to land while they are sent.
        proxy.set_rules([
            Rule::new(Fault::DelayHeaders(std::time::Duration::from_secs(20)))
                .method("PUT")
                .query_contains("partNumber="),
        ]);
        let endpoint = proxy.endpoint();
        let dest = format!("s3://{UPLOAD_BUCKET}/{key}");
        let child = cli
            .command(["s3", "cp", "big.bin", &dest, "--endpoint-url", &endpoint])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("starting the CLI");
        let part_sent = || {
            proxy
                .requests()
                .iter()
                .any(|r| r.request.method == "PUT" && r.request.query().contains("partNumber="))
        };
        for _ in 0..400 {
            if part_sent() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert!(part_sent(), "{:?} never sent a part", cli.program());
        // Python installs its SIGINT handler at start-up; give the
        // reference's transfer threads a moment to be waiting on the part.
        std::thread::sleep(std::time::Duration::from_millis(300));
        let status = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .expect("running kill");
        assert!(status.success());
        let output = child.wait_with_output().expect("waiting for the CLI");
        let stderr = String::from_utf8_lossy(&output.stderr);
        // 2.9.19 ends an `s3` command cancelled by Ctrl-C with rc 1; later
        // CLIs exit 130 (reference-cli.md, exit codes), which we follow.
        let wanted = if cli.program() == reference_path() {
            1
        } else {
            130
        };
        assert_eq!(
            (output.status.code(), open_uploads(key)),
            (Some(wanted), "0".to_owned()),
            "{:?}: {stderr}\nrequests: {:?}",
            cli.program(),
            proxy
                .requests()
                .iter()
                .map(|r| format!("{} {}", r.request.method, r.request.query()))
                .collect::<Vec<_>>()
        );
        assert!(
            stderr.contains("cancelled: ctrl-c received"),
            "{:?}: {stderr}",
            cli.program()
        );
    }
}
