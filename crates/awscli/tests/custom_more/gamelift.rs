//! `aws gamelift get-game-session-log`: the presigned URL GameLift answers
//! points back at the recording server, which then serves the archive.
//! `aws gamelift upload-build`: GameLift and S3 answered by one recording
//! server; the reference's S3 client (no endpoint option) reaches it
//! through an `AWS_DATA_PATH` rule set, ours through `AWS_ENDPOINT_URL_S3`.

use awscli_test_support::compare::{assert_same_outcome, assert_same_requests};
use awscli_test_support::{CannedResponse, Cli, CliOutput, RecordedRequest, RecordingServer};

use crate::util::clis;

const ARCHIVE: &[u8] = b"PK\x03\x04 not really a zip \xff\x00";

fn run(
    cli: &Cli,
    args: &[&str],
    download: CannedResponse,
) -> (CliOutput, Vec<RecordedRequest>, Option<Vec<u8>>) {
    let server = RecordingServer::start().expect("starting the recording server");
    let endpoint = server.endpoint();
    server.respond_with([
        CannedResponse::json(
            "application/x-amz-json-1.1",
            format!(r#"{{"PreSignedUrl": "{endpoint}/logs/gs-1.zip?X-Amz-Signature=abc&X-Amz-Expires=60"}}"#),
        ),
        download,
    ]);
    let mut full = args.to_vec();
    full.extend(["--endpoint-url", endpoint.as_str()]);
    let output = cli.run(&full);
    let saved = cli.sandbox().path().join("log.zip");
    let contents = std::fs::read(&saved).ok();
    let _ = std::fs::remove_file(&saved);
    (output, server.take_requests(), contents)
}

fn compare(args: &[&str], download: CannedResponse) -> (CliOutput, Option<Vec<u8>>) {
    let (ours, reference) = clis();
    let (expected, expected_requests, expected_file) = run(&reference, args, download.clone());
    let (actual, actual_requests, actual_file) = run(&ours, args, download);
    // The service call is compared whole; the download (urllib's GET,
    // not an AWS request) by method, path and query.
    let n = expected_requests.len().min(1);
    assert_same_requests(
        &expected_requests[..n],
        &actual_requests[..actual_requests.len().min(1)],
    );
    let target = |r: &[RecordedRequest]| {
        r.get(1)
            .map(|r| (r.method.clone(), r.path().to_owned(), r.query().to_owned()))
    };
    assert_eq!(target(&actual_requests), target(&expected_requests));
    assert_same_outcome(&expected, &actual);
    assert_eq!(actual_file, expected_file);
    (expected, expected_file)
}

const ARGS: [&str; 6] = [
    "gamelift",
    "get-game-session-log",
    "--game-session-id",
    "gs-1",
    "--save-as",
    "log.zip",
];

#[test]
fn log_archive_is_saved() {
    let (expected, file) = compare(&ARGS, CannedResponse::new(200).body(ARCHIVE));
    assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
    assert_eq!(file.as_deref(), Some(ARCHIVE));
}

#[test]
fn failed_download_and_bad_arguments_match_the_reference() {
    compare(&ARGS, CannedResponse::new(404));
    let (ours, reference) = clis();
    let args = [
        "gamelift",
        "get-game-session-log",
        "--game-session-id",
        "gs-1",
    ];
    assert_same_outcome(&reference.run(args), &ours.run(args));
    let mut bad_path = ARGS;
    bad_path[5] = "missing-dir/log.zip";
    compare(&bad_path, CannedResponse::new(200).body(ARCHIVE));
}

fn write_s3_rule_set(data_path: &std::path::Path, endpoint: &str) {
    let rule_set = serde_json::json!({
        "version": "1.0",
        "parameters": {
            "Region": {"builtIn": "AWS::Region", "required": false, "type": "String"},
            "Bucket": {"required": false, "type": "String"},
        },
        "rules": [
            {"conditions": [{"fn": "isSet", "argv": [{"ref": "Bucket"}]}], "type": "endpoint",
             "endpoint": {"url": format!("{endpoint}/{{Bucket}}"), "properties": {}, "headers": {}}},
            {"conditions": [], "type": "endpoint",
             "endpoint": {"url": endpoint, "properties": {}, "headers": {}}},
        ],
    });
    let dir = data_path.join("s3").join("2006-03-01");
    std::fs::create_dir_all(&dir).expect("creating the data path");
    std::fs::write(dir.join("endpoint-rule-set-1.json"), rule_set.to_string())
        .expect("writing the rule set");
}

fn upload_responses() -> Vec<CannedResponse> {
    let json = "application/x-amz-json-1.1";
    vec![
        CannedResponse::json(
            json,
            r#"{"Build": {"BuildId": "build-1", "Name": "game", "Version": "1.0", "Status": "INITIALIZED"}}"#,
        ),
        CannedResponse::json(
            json,
            r#"{"UploadCredentials": {"AccessKeyId": "UPLOADKEY", "SecretAccessKey": "uploadsecret", "SessionToken": "uploadtoken"},
                "StorageLocation": {"Bucket": "gamelift-builds", "Key": "build-1/archive.zip"}}"#,
        ),
        CannedResponse::new(200),
    ]
}

fn run_upload(cli: &Cli, ours: bool, args: &[&str]) -> (CliOutput, Vec<RecordedRequest>) {
    let server = RecordingServer::start().expect("starting the recording server");
    server.respond_with(upload_responses());
    let endpoint = server.endpoint();
    let cli = if ours {
        cli.clone().env("AWS_ENDPOINT_URL_S3", &endpoint)
    } else {
        let data_path = cli.sandbox().path().join("data-path");
        write_s3_rule_set(&data_path, &endpoint);
        cli.clone().env("AWS_DATA_PATH", data_path)
    };
    let mut full = args.to_vec();
    full.extend(["--endpoint-url", endpoint.as_str()]);
    let output = cli.run(&full);
    (output, server.take_requests())
}

#[test]
fn build_is_zipped_and_uploaded_with_the_upload_credentials() {
    let (ours, reference) = clis();
    let root = ours.sandbox().path().join("build");
    std::fs::create_dir_all(root.join("bin")).expect("creating the build");
    std::fs::write(root.join("game.cfg"), "port=7777\n").expect("writing the build");
    std::fs::write(root.join("bin").join("server"), vec![7u8; 3000]).expect("writing the build");
    let args = [
        "gamelift",
        "upload-build",
        "--name",
        "game",
        "--build-version",
        "1.0",
        "--build-root",
        "build",
        "--operating-system",
        "AMAZON_LINUX_2",
    ];
    let (expected, expected_requests) = run_upload(&reference, false, &args);
    let (actual, actual_requests) = run_upload(&ours, true, &args);
    assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
    assert_same_requests(&expected_requests, &actual_requests);
    let put = |r: &[RecordedRequest]| {
        r.get(2)
            .and_then(|r| r.header("authorization").map(str::to_owned))
    };
    assert!(put(&actual_requests).is_some_and(|a| a.contains("Credential=UPLOADKEY/")));
    assert_same_outcome(&expected, &actual);
}

#[test]
fn empty_or_missing_build_root_fails_before_any_call() {
    for root in ["missing", "empty"] {
        let (ours, reference) = clis();
        std::fs::create_dir_all(ours.sandbox().path().join("empty").join("sub"))
            .expect("creating the root");
        let args = [
            "gamelift",
            "upload-build",
            "--name",
            "g",
            "--build-version",
            "1",
            "--build-root",
            root,
        ];
        let (expected, expected_requests) = run_upload(&reference, false, &args);
        let (actual, actual_requests) = run_upload(&ours, true, &args);
        assert_eq!(expected.exit_code, 255);
        assert!(expected_requests.is_empty() && actual_requests.is_empty());
        assert_same_outcome(&expected, &actual);
    }
}
