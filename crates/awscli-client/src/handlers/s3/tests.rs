//! Expectations from botocore 1.43 `handlers.py` run on the same inputs.
use super::*;

fn params(pairs: &[(&str, Value)]) -> IndexMap<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn s(text: &str) -> Value {
    Value::String(text.into())
}

#[test]
fn validate_bucket_name_accepts_names_and_s3_arns_like_botocore() {
    let ok = [
        "ok.bucket-name_1",
        "arn:aws:s3:us-west-2:123456789012:accesspoint/myap",
        "arn:aws-cn:s3:cn-north-1:123456789012:accesspoint:my.ap",
        "arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01234567890123456/accesspoint/ap",
        "arn:aws:s3::123456789012:accesspoint/x",
        "arn:aws:foo:s3:us-west-2:123456789012:accesspoint/x",
    ];
    for bucket in ok {
        assert!(
            validate_bucket_name(&params(&[("Bucket", s(bucket))])).is_ok(),
            "{bucket}"
        );
    }
    let a256 = "a".repeat(256);
    let bad = [
        "arn:aws:s3:us-west-2:12345678901:accesspoint/x",
        "bad/name",
        a256.as_str(),
        "",
    ];
    for bucket in bad {
        assert!(
            validate_bucket_name(&params(&[("Bucket", s(bucket))])).is_err(),
            "{bucket}"
        );
    }
    assert!(validate_bucket_name(&params(&[])).is_ok());
}

#[test]
fn validate_bucket_name_message_is_botocores() {
    let err = validate_bucket_name(&params(&[("Bucket", s("bad/name"))])).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"Parameter validation failed:
Invalid bucket name "bad/name": Bucket name must match the regex "^[a-zA-Z0-9.\-_]{1,255}$" or be an ARN matching the regex "^arn:(aws).*:(s3|s3-object-lambda):[a-z\-0-9]*:[0-9]{12}:accesspoint[/:][a-zA-Z0-9\-.]{1,63}$|^arn:(aws).*:s3-outposts:[a-z\-0-9]+:[0-9]{12}:outpost[/:][a-zA-Z0-9\-]{1,63}[/:]accesspoint[/:][a-zA-Z0-9\-]{1,63}$""#
    );
}

#[test]
fn copy_source_strings_are_quoted_like_botocore() {
    let cases = [
        (
            "bucket/key with space/é",
            "bucket/key%20with%20space/%C3%A9",
        ),
        ("bucket/key?versionId=abc", "bucket/key?versionId=abc"),
        ("b/k+x?versionId=a b", "b/k%2Bx%3FversionId%3Da%20b"),
        ("b/~a-b_c.d/%", "b/~a-b_c.d/%25"),
    ];
    for (input, expected) in cases {
        let mut p = params(&[("CopySource", s(input))]);
        handle_copy_source_param(&mut p).unwrap();
        assert_eq!(p["CopySource"], s(expected), "{input}");
    }
}

#[test]
fn copy_source_dicts_are_joined_like_botocore() {
    let dict = |pairs: &[(&str, &str)]| {
        Value::Map(pairs.iter().map(|(k, v)| (k.to_string(), s(v))).collect())
    };
    let mut p = params(&[(
        "CopySource",
        dict(&[("Bucket", "b"), ("Key", "k y"), ("VersionId", "v1")]),
    )]);
    handle_copy_source_param(&mut p).unwrap();
    assert_eq!(p["CopySource"], s("b/k%20y?versionId=v1"));
    let arn = "arn:aws:s3:us-west-2:123456789012:accesspoint/ap";
    let mut p = params(&[("CopySource", dict(&[("Bucket", arn), ("Key", "k")]))]);
    handle_copy_source_param(&mut p).unwrap();
    assert_eq!(
        p["CopySource"],
        s("arn%3Aaws%3As3%3Aus-west-2%3A123456789012%3Aaccesspoint/ap/object/k")
    );
    let mut p = params(&[("CopySource", dict(&[("Bucket", "b")]))]);
    assert_eq!(
        handle_copy_source_param(&mut p).unwrap_err().to_string(),
        "Parameter validation failed:\nMissing required parameter: 'Key'"
    );
}

#[test]
fn non_ascii_metadata_is_refused_with_botocores_text() {
    let meta = Value::Map(params(&[("a", s("é"))]));
    let err = validate_ascii_metadata(&params(&[("Metadata", meta)])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Parameter validation failed:\nNon ascii characters found in S3 metadata for key \"a\", value: \"é\".  \nS3 metadata can only contain ASCII characters. "
    );
    let meta = Value::Map(params(&[("a", s("b"))]));
    assert!(validate_ascii_metadata(&params(&[("Metadata", meta)])).is_ok());
}

#[test]
fn sse_md5_encodes_key_and_adds_md5() {
    let mut p = params(&[("SSECustomerKey", s("0123456789abcdef0123456789abcdef"))]);
    sse_md5(&mut p, "SSECustomer");
    assert_eq!(
        p["SSECustomerKey"],
        s("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
    );
    assert_eq!(p["SSECustomerKeyMD5"], s("hRasmdxgYDKV3nvbahU1MA=="));
    // A caller-supplied MD5 means the key is already encoded.
    let mut p = params(&[("SSECustomerKey", s("k")), ("SSECustomerKeyMD5", s("m"))]);
    sse_md5(&mut p, "SSECustomer");
    assert_eq!(p["SSECustomerKey"], s("k"));
}

#[test]
fn list_objects_encoding_is_set_and_decoded_only_when_ours() {
    let mut state = CallState::default();
    let mut p = params(&[]);
    set_list_objects_encoding_type_url(&mut p, &mut state);
    assert!(state.encoding_type_auto_set);
    assert_eq!(p["EncodingType"], s("url"));
    let mut state = CallState::default();
    let mut p = params(&[("EncodingType", s("url"))]);
    set_list_objects_encoding_type_url(&mut p, &mut state);
    assert!(!state.encoding_type_auto_set);

    let item = |k: &str| Value::Map(params(&[("Key", s(k))]));
    let mut parsed = Value::Map(params(&[
        ("Contents", Value::List(vec![item("a+b%2Fc%C3%A9")])),
        ("Prefix", s("p%20q")),
        ("EncodingType", s("url")),
    ]));
    decode_list_object_v2(&mut parsed);
    let contents = parsed.get("Contents").and_then(Value::as_list).unwrap();
    assert_eq!(contents[0].get("Key"), Some(&s("a b/cé")));
    assert_eq!(parsed.get("Prefix"), Some(&s("p q")));
}

#[test]
fn escape_xml_payload_replaces_cr_and_lf() {
    let mut request = HttpRequest {
        body: b"<Key>a\r\nb</Key>".to_vec(),
        ..HttpRequest::default()
    };
    escape_xml_payload(&mut request);
    assert_eq!(request.body, b"<Key>a&#xD;&#xA;b</Key>");
}
