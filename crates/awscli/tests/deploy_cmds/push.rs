//! `aws deploy push`: the zip archive uploaded (byte for byte, since both
//! CLIs zip the same files with the same times), the revision registered,
//! the printed `create-deployment` hint, and the validation errors.

use awscli_test_support::compare::assert_same_outcome;
use awscli_test_support::{CannedResponse, Cli, RecordingServer};

use crate::util::{assert_same, clis, json, run_both, with_endpoint};

fn server() -> RecordingServer {
    RecordingServer::start().expect("starting the recording server")
}

/// A revision tree: an AppSpec, a nested file, hidden files and a
/// directory reached through a link (which `os.walk` does not enter).
fn write_revision(cli: &Cli) {
    let sandbox = cli.sandbox();
    sandbox
        .write("app/appspec.yml", "version: 0.0\nos: linux\n")
        .unwrap();
    sandbox
        .write("app/scripts/start.sh", "#!/bin/sh\necho start\n")
        .unwrap();
    sandbox.write("app/.env", "SECRET=1\n").unwrap();
    sandbox
        .write("app/.git/HEAD", "ref: refs/heads/main\n")
        .unwrap();
    sandbox.write("outside/data.txt", "not bundled\n").unwrap();
    let _ = std::os::unix::fs::symlink(
        sandbox.path().join("outside"),
        sandbox.path().join("app/linked"),
    );
}

fn put_ok(version: Option<&str>) -> CannedResponse {
    let response = CannedResponse::new(200).header("ETag", "\"9b2cf535f27731c974343645a3985328\"");
    match version {
        Some(v) => response.header("x-amz-version-id", v),
        None => response,
    }
}

#[test]
fn push_uploads_the_zip_and_registers_the_revision() {
    let server = server();
    let endpoint = server.endpoint();
    let (ours, reference) = clis(&endpoint);
    write_revision(&ours);
    let args = with_endpoint(
        &[
            "deploy",
            "push",
            "--application-name",
            "app",
            "--s3-location",
            "s3://bucket/revisions/app.zip",
            "--source",
            "app",
            "--description",
            "first",
        ],
        &endpoint,
    );
    let (expected, _) = assert_same(
        &server,
        &ours,
        &reference,
        &args,
        &[put_ok(None), json("{}")],
    );
    assert_eq!(expected.output.exit_code, 0, "{}", expected.output.stderr);
    assert_eq!(expected.requests.len(), 2);
    assert_eq!(expected.requests[0].path(), "/bucket/revisions/app.zip");
}

#[test]
fn push_skips_hidden_files_and_reports_the_version() {
    let server = server();
    let endpoint = server.endpoint();
    let (ours, reference) = clis(&endpoint);
    write_revision(&ours);
    let args = with_endpoint(
        &[
            "deploy",
            "push",
            "--application-name",
            "app",
            "--s3-location",
            "s3://bucket/app.zip",
            "--source",
            "app",
            "--ignore-hidden-files",
            "--description",
            "no hidden",
        ],
        &endpoint,
    );
    let (expected, _) = assert_same(
        &server,
        &ours,
        &reference,
        &args,
        &[put_ok(Some("v-123")), json("{}")],
    );
    assert!(
        expected.output.stdout_text().contains(",version=v-123 "),
        "{}",
        expected.output.stdout_text()
    );
}

#[test]
fn push_default_description_names_the_upload_time() {
    let server = server();
    let endpoint = server.endpoint();
    let (ours, reference) = clis(&endpoint);
    write_revision(&ours);
    let args = with_endpoint(
        &[
            "deploy",
            "push",
            "--application-name",
            "app",
            "--s3-location",
            "s3://bucket/app.zip",
            "--source",
            "app",
        ],
        &endpoint,
    );
    let (expected, actual) = run_both(
        &server,
        &ours,
        &reference,
        &args,
        &[put_ok(None), json("{}")],
    );
    assert_same_outcome(&expected.output, &actual.output);
    assert_eq!(
        expected.requests[0].body, actual.requests[0].body,
        "zip bytes"
    );
    // The description carries the time of each run: compare its shape.
    let description = |body: &[u8]| -> String {
        let value: serde_json::Value = serde_json::from_slice(body).unwrap();
        value["description"].as_str().unwrap().to_owned()
    };
    let shape = |text: String| -> String {
        text.chars()
            .map(|c| if c.is_ascii_digit() { '9' } else { c })
            .collect()
    };
    assert_eq!(
        shape(description(&expected.requests[1].body)),
        shape(description(&actual.requests[1].body))
    );
}

#[test]
fn push_reports_a_failed_upload() {
    let server = server();
    let endpoint = server.endpoint();
    let (ours, reference) = clis(&endpoint);
    write_revision(&ours);
    let no_bucket = CannedResponse::new(404)
        .header("Content-Type", "application/xml")
        .body(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchBucket</Code>\
             <Message>The specified bucket does not exist</Message><BucketName>bucket</BucketName>\
             <RequestId>r</RequestId></Error>",
        );
    let args = with_endpoint(
        &[
            "deploy",
            "push",
            "--application-name",
            "app",
            "--s3-location",
            "s3://bucket/app.zip",
            "--source",
            "app",
            "--description",
            "d",
        ],
        &endpoint,
    );
    let (expected, _) = assert_same(&server, &ours, &reference, &args, &[no_bucket]);
    assert_eq!(expected.output.exit_code, 255);
}

#[test]
fn push_reports_a_failed_registration() {
    let server = server();
    let endpoint = server.endpoint();
    let (ours, reference) = clis(&endpoint);
    write_revision(&ours);
    let args = with_endpoint(
        &[
            "deploy",
            "push",
            "--application-name",
            "nope",
            "--s3-location",
            "s3://bucket/app.zip",
            "--source",
            "app",
            "--description",
            "d",
        ],
        &endpoint,
    );
    let missing = crate::util::json_error(
        400,
        "ApplicationDoesNotExistException",
        "No application found for name: nope",
    );
    let (expected, _) = assert_same(&server, &ours, &reference, &args, &[put_ok(None), missing]);
    assert_eq!(expected.output.exit_code, 254);
}

#[test]
fn push_large_bundles_go_up_in_parts() {
    let server = server();
    let endpoint = server.endpoint();
    let (ours, reference) = clis(&endpoint);
    write_revision(&ours);
    // Incompressible content, so the archive passes the 6 MiB part size.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let noise: Vec<u8> = (0..7 * 1024 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    std::fs::write(ours.sandbox().path().join("app/big.bin"), noise).unwrap();
    let created = CannedResponse::xml(
        "<InitiateMultipartUploadResult><Bucket>bucket</Bucket><Key>app.zip</Key>\
         <UploadId>up-1</UploadId></InitiateMultipartUploadResult>",
    );
    let part = |n: u8| CannedResponse::new(200).header("ETag", format!("\"part{n}\""));
    let completed = CannedResponse::xml(
        "<CompleteMultipartUploadResult><Bucket>bucket</Bucket><Key>app.zip</Key>\
         <ETag>\"whole-2\"</ETag></CompleteMultipartUploadResult>",
    );
    let args = with_endpoint(
        &[
            "deploy",
            "push",
            "--application-name",
            "app",
            "--s3-location",
            "s3://bucket/app.zip",
            "--source",
            "app",
            "--description",
            "big",
        ],
        &endpoint,
    );
    let (expected, _) = assert_same(
        &server,
        &ours,
        &reference,
        &args,
        &[created, part(1), part(2), completed, json("{}")],
    );
    assert_eq!(expected.output.exit_code, 0, "{}", expected.output.stderr);
    assert_eq!(expected.requests.len(), 5);
}

#[test]
fn push_validation_errors() {
    let server = server();
    let endpoint = server.endpoint();
    let (ours, reference) = clis(&endpoint);
    write_revision(&ours);
    std::fs::create_dir_all(ours.sandbox().path().join("empty")).unwrap();
    let cases: &[&[&str]] = &[
        &[
            "deploy",
            "push",
            "--application-name",
            "a",
            "--s3-location",
            "bucket/key",
        ],
        &[
            "deploy",
            "push",
            "--application-name",
            "a",
            "--s3-location",
            "s3://bucket",
        ],
        &[
            "deploy",
            "push",
            "--application-name",
            "a",
            "--s3-location",
            "s3://b/k",
            "--ignore-hidden-files",
            "--no-ignore-hidden-files",
        ],
        &["deploy", "push", "--application-name", "a"],
        &[
            "deploy",
            "push",
            "--application-name",
            "a",
            "--s3-location",
            "s3://b/k",
            "--bogus",
        ],
        &[
            "deploy",
            "push",
            "--application-name",
            "a",
            "--s3-location",
            "s3://b/k",
            "--source",
            "empty",
        ],
    ];
    for case in cases {
        let args = with_endpoint(case, &endpoint);
        let (expected, actual) = assert_same(&server, &ours, &reference, &args, &[]);
        assert!(expected.requests.is_empty() && actual.requests.is_empty());
    }
}
