//! lambda `--zip-file` (`awslambda.py`): hoisted into `Code.ZipFile` of
//! `create-function` and `Content.ZipFile` of `publish-layer-version`,
//! checked to be a zip archive for those and `update-function-code`.

use awscli_test_support::{CannedResponse, Cli};

use crate::util::{assert_same_call, assert_same_refusal};

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A stored (uncompressed) zip archive of one file.
fn zip_of(name: &str, content: &[u8]) -> Vec<u8> {
    let crc = crc32(content);
    let size = u32::try_from(content.len()).expect("a small file");
    let name_len = u16::try_from(name.len()).expect("a short name");
    let mut out = Vec::new();
    // Local file header.
    out.extend_from_slice(b"PK\x03\x04");
    out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]);
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&name_len.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(content);
    let directory_at = u32::try_from(out.len()).expect("a small archive");
    // Central directory entry.
    let mut entry = Vec::new();
    entry.extend_from_slice(b"PK\x01\x02");
    entry.extend_from_slice(&[20, 3, 20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]);
    entry.extend_from_slice(&crc.to_le_bytes());
    entry.extend_from_slice(&size.to_le_bytes());
    entry.extend_from_slice(&size.to_le_bytes());
    entry.extend_from_slice(&name_len.to_le_bytes());
    entry.extend_from_slice(&[0; 12]);
    entry.extend_from_slice(&0u32.to_le_bytes());
    entry.extend_from_slice(name.as_bytes());
    let directory_len = u32::try_from(entry.len()).expect("a small directory");
    out.extend_from_slice(&entry);
    // End of central directory.
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]);
    out.extend_from_slice(&directory_len.to_le_bytes());
    out.extend_from_slice(&directory_at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn write_files(cli: &Cli) {
    let sandbox = cli.sandbox();
    sandbox
        .write(
            "function.zip",
            zip_of("index.py", b"def handler(event, context):\n    return 1\n"),
        )
        .expect("writing function.zip");
    sandbox
        .write("not-a.zip", b"print('hello')\n")
        .expect("writing not-a.zip");
}

const FUNCTION: &str =
    r#"{"FunctionName": "f", "Runtime": "python3.9", "Handler": "index.handler"}"#;

fn function_response() -> CannedResponse {
    CannedResponse::json("application/json", FUNCTION)
}

#[test]
fn create_function_zip_file_goes_into_code() {
    assert_same_call(
        write_files,
        &[
            "lambda",
            "create-function",
            "--function-name",
            "f",
            "--runtime",
            "python3.9",
            "--role",
            "arn:aws:iam::123456789012:role/r",
            "--handler",
            "index.handler",
            "--zip-file",
            "fileb://function.zip",
        ],
        &[function_response()],
    );
}

#[test]
fn create_function_zip_file_merges_with_code() {
    assert_same_call(
        write_files,
        &[
            "lambda",
            "create-function",
            "--function-name",
            "f",
            "--runtime",
            "python3.9",
            "--role",
            "arn:aws:iam::123456789012:role/r",
            "--handler",
            "index.handler",
            "--code",
            "S3ObjectVersion=3",
            "--zip-file",
            "fileb://function.zip",
        ],
        &[function_response()],
    );
}

#[test]
fn publish_layer_version_zip_file_goes_into_content() {
    assert_same_call(
        write_files,
        &[
            "lambda",
            "publish-layer-version",
            "--layer-name",
            "layer",
            "--zip-file",
            "fileb://function.zip",
            "--query",
            "Version",
        ],
        &[CannedResponse::json(
            "application/json",
            r#"{"LayerArn": "arn:aws:lambda:us-east-1:123456789012:layer:layer", "Version": 1}"#,
        )],
    );
}

#[test]
fn update_function_code_zip_file() {
    assert_same_call(
        write_files,
        &[
            "lambda",
            "update-function-code",
            "--function-name",
            "f",
            "--zip-file",
            "fileb://function.zip",
        ],
        &[function_response()],
    );
}

#[test]
fn zip_file_errors_match_the_reference() {
    let create = [
        "lambda",
        "create-function",
        "--function-name",
        "f",
        "--role",
        "arn:aws:iam::123456789012:role/r",
    ];
    for extra in [
        &["--zip-file", "fileb://not-a.zip"][..],
        &["--zip-file", "function.zip"][..],
        &["--code", "ZipFile=UEsFBg=="][..],
    ] {
        let mut args = create.to_vec();
        args.extend_from_slice(extra);
        assert_same_refusal(write_files, &args);
    }
    assert_same_refusal(
        write_files,
        &[
            "lambda",
            "publish-layer-version",
            "--layer-name",
            "layer",
            "--zip-file",
            "fileb://not-a.zip",
        ],
    );
    assert_same_refusal(
        write_files,
        &[
            "lambda",
            "update-function-code",
            "--function-name",
            "f",
            "--zip-file",
            "fileb://not-a.zip",
        ],
    );
}
