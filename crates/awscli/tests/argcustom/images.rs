//! rekognition `--image-bytes`, `--source-image-bytes`,
//! `--target-image-bytes` (`rekognition.py`): a local file as `Bytes` of the
//! image structure.

use awscli_test_support::{CannedResponse, Cli};

use crate::util::assert_same_call;

const JSON_11: &str = "application/x-amz-json-1.1";

fn write_images(cli: &Cli) {
    cli.sandbox()
        .write("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
        .expect("writing image.png");
}

#[test]
fn detect_labels_image_bytes() {
    assert_same_call(
        write_images,
        &[
            "rekognition",
            "detect-labels",
            "--image-bytes",
            "fileb://image.png",
            "--max-labels",
            "3",
        ],
        &[CannedResponse::json(JSON_11, r#"{"Labels": []}"#)],
    );
}

#[test]
fn compare_faces_source_and_target_bytes() {
    assert_same_call(
        write_images,
        &[
            "rekognition",
            "compare-faces",
            "--source-image-bytes",
            "fileb://image.png",
            "--target-image",
            "S3Object={Bucket=bucket,Name=face.png}",
            "--query",
            "FaceMatches",
        ],
        &[CannedResponse::json(JSON_11, r#"{"FaceMatches": []}"#)],
    );
}
