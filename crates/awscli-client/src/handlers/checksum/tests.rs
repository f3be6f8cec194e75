//! Expected digests come from botocore 1.43 `_CHECKSUM_CLS[name]().handle(...)`
//! (awscrt for crc32c and crc64nvme).
use super::*;

#[test]
fn digests_match_botocore() {
    let cases = [
        ("crc32", "DUoRhQ==", "AAAAAA=="),
        ("crc32c", "yZRlqg==", "AAAAAA=="),
        ("crc64nvme", "jSnVw/bqjr4=", "AAAAAAAAAAA="),
        (
            "sha1",
            "Kq5sNclPz7QV2+lfQIuc6R7oRu0=",
            "2jmj7l5rSw0yVb/vlWAYkK/YBwk=",
        ),
        (
            "sha256",
            "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=",
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
        ),
    ];
    for (name, hello, empty) in cases {
        let algorithm = ChecksumAlgorithm::from_name(name).unwrap();
        assert_eq!(algorithm.base64_digest(b"hello world"), hello, "{name}");
        assert_eq!(algorithm.base64_digest(b""), empty, "{name}");
        assert_eq!(algorithm.name(), name);
    }
    assert_eq!(
        ChecksumAlgorithm::from_name("SHA256"),
        Some(ChecksumAlgorithm::Sha256)
    );
    assert_eq!(ChecksumAlgorithm::from_name("md5"), None);
}

#[test]
fn incremental_updates_equal_one_shot() {
    let mut h = Hasher::new(ChecksumAlgorithm::Crc64Nvme);
    h.update(b"hello ");
    h.update(b"world");
    assert_eq!(
        h.finish(),
        ChecksumAlgorithm::Crc64Nvme.digest(b"hello world")
    );
}

#[test]
fn trailer_body_matches_aws_chunked_wrapper() {
    // AwsChunkedWrapper(BytesIO(b'hello world'), Crc32Checksum, 'x-amz-checksum-crc32').read()
    let mut request = HttpRequest {
        method: "PUT".into(),
        body: b"hello world".to_vec(),
        headers: vec![("Content-Length".into(), "11".into())],
        ..HttpRequest::default()
    };
    apply_trailer(ChecksumAlgorithm::Crc32, &mut request);
    assert_eq!(
        request.body,
        b"b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n"
    );
    assert_eq!(request.header("content-length"), None);
    assert_eq!(request.header("Transfer-Encoding"), Some("chunked"));
    assert_eq!(request.header("Content-Encoding"), Some("aws-chunked"));
    assert_eq!(
        request.header("X-Amz-Trailer"),
        Some("x-amz-checksum-crc32")
    );
    assert_eq!(request.header("X-Amz-Decoded-Content-Length"), Some("11"));
}

#[test]
fn trailer_chunks_are_one_mebibyte() {
    let mut request = HttpRequest {
        body: vec![b'a'; AWS_CHUNK_SIZE + 1],
        headers: vec![("Content-Encoding".into(), "gzip".into())],
        ..HttpRequest::default()
    };
    apply_trailer(ChecksumAlgorithm::Sha1, &mut request);
    assert!(request.body.starts_with(b"100000\r\n"));
    let tail = "\r\n1\r\na\r\n0\r\nx-amz-checksum-sha1:";
    assert!(String::from_utf8_lossy(&request.body).contains(tail));
    assert_eq!(request.header("Content-Encoding"), Some("gzip,aws-chunked"));
}

fn state_with(algorithms: Vec<ChecksumAlgorithm>) -> CallState {
    CallState {
        response_algorithms: algorithms,
        ..CallState::default()
    }
}

#[test]
fn response_validator_reports_mismatch_like_botocore() {
    let state = state_with(vec![ChecksumAlgorithm::Crc32c, ChecksumAlgorithm::Crc32]);
    let headers = vec![("x-amz-checksum-crc32".to_owned(), "AAAAAA==".to_owned())];
    let mut v = ResponseValidator::for_response(&state, &headers).unwrap();
    v.update(b"hello world");
    assert_eq!(
        v.finish().unwrap_err().to_string(),
        "Expected checksum AAAAAA== did not match calculated checksum: DUoRhQ=="
    );
    let ok = vec![("X-Amz-Checksum-Crc32".to_owned(), "DUoRhQ==".to_owned())];
    let mut v = ResponseValidator::for_response(&state, &ok).unwrap();
    v.update(b"hello world");
    assert!(v.finish().is_ok());
}

#[test]
fn response_validator_skips_composite_and_absent_checksums() {
    let state = state_with(vec![ChecksumAlgorithm::Crc32]);
    let composite = vec![("x-amz-checksum-crc32".to_owned(), "abc==-3".to_owned())];
    assert!(ResponseValidator::for_response(&state, &composite).is_none());
    let other = vec![("x-amz-checksum-sha1".to_owned(), "x".to_owned())];
    assert!(ResponseValidator::for_response(&state, &other).is_none());
    assert!(ResponseValidator::for_response(&CallState::default(), &composite).is_none());
}

#[test]
fn response_algorithms_follow_priority_and_need_the_mode_member() {
    let s3 = awscli_model::store::load("s3").unwrap();
    let op = s3.operation("GetObject").unwrap();
    let mut params = Value::empty_map();
    assert!(resolve_response_algorithms(op, &params).is_empty());
    params
        .as_map_mut()
        .unwrap()
        .insert("ChecksumMode".into(), Value::String("ENABLED".into()));
    assert_eq!(
        resolve_response_algorithms(op, &params),
        vec![
            ChecksumAlgorithm::Crc64Nvme,
            ChecksumAlgorithm::Crc32c,
            ChecksumAlgorithm::Crc32,
            ChecksumAlgorithm::Sha1,
            ChecksumAlgorithm::Sha256,
        ]
    );
}
