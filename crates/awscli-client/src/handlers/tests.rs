//! The hooks end to end on real models: input rewrites, serialized
//! requests (compared with what botocore 1.43 put on the wire for the same
//! call, recorded with a local socket server) and output rewrites.
use super::*;

fn load(name: &str) -> Service {
    awscli_model::store::load(name).unwrap()
}

fn input(json: &str) -> Value {
    crate::python::value_from_json(&serde_json::from_str(json).unwrap())
}

/// before-parameter-build, serialize, before-call, as `invoke_full` does.
fn request_for(
    service: &Service,
    op: &str,
    json: &str,
    config: &HandlerConfig,
    url: &str,
) -> HttpRequest {
    let operation = service.operation(op).unwrap();
    let mut params = input(json);
    let mut state = CallState::default();
    before_parameter_build(service, operation, config, &mut params, &mut state).unwrap();
    let mut request = awscli_protocol::serialize_request(service, operation, &params).unwrap();
    before_call(
        service,
        operation,
        config,
        &params,
        url,
        &mut request,
        &mut state,
    )
    .unwrap();
    request
}

const HTTP: &str = "http://127.0.0.1:1";

#[test]
fn put_object_over_http_gets_crc32_header_and_expect() {
    // botocore 1.43 put_object(Bucket='bkt', Key='k', Body=b'hello world'):
    // Expect: 100-continue, x-amz-checksum-crc32: DUoRhQ==,
    // x-amz-sdk-checksum-algorithm: CRC32, Content-Length: 11.
    let s3 = load("s3");
    let r = request_for(
        &s3,
        "PutObject",
        r#"{"Bucket":"bkt","Key":"k","Body":"hello world"}"#,
        &HandlerConfig::default(),
        HTTP,
    );
    assert_eq!(r.header("Expect"), Some("100-continue"));
    assert_eq!(r.header("x-amz-checksum-crc32"), Some("DUoRhQ=="));
    assert_eq!(r.header("x-amz-sdk-checksum-algorithm"), Some("CRC32"));
    assert_eq!(r.body, b"hello world");
}

#[test]
fn put_object_over_https_uses_an_aws_chunked_trailer() {
    let s3 = load("s3");
    let r = request_for(
        &s3,
        "PutObject",
        r#"{"Bucket":"bkt","Key":"k","Body":"hello world"}"#,
        &HandlerConfig::default(),
        "https://bkt.s3.amazonaws.com/k",
    );
    assert_eq!(r.header("x-amz-trailer"), Some("x-amz-checksum-crc32"));
    assert_eq!(r.header("x-amz-checksum-crc32"), None);
    assert_eq!(
        r.body,
        b"b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n"
    );
}

#[test]
fn user_chosen_algorithm_is_used_and_unknown_ones_refused() {
    // botocore: ChecksumAlgorithm='SHA256' gives
    // x-amz-checksum-sha256: j0NDRmSPa5bfid2pAcUXaxCm2Dlh3TwayItZstwyeqQ= for b'hi'.
    let s3 = load("s3");
    let r = request_for(
        &s3,
        "PutObject",
        r#"{"Bucket":"b","Key":"k","Body":"hi","ChecksumAlgorithm":"SHA256"}"#,
        &HandlerConfig::default(),
        HTTP,
    );
    assert_eq!(
        r.header("x-amz-checksum-sha256"),
        Some("j0NDRmSPa5bfid2pAcUXaxCm2Dlh3TwayItZstwyeqQ=")
    );
    assert_eq!(r.header("x-amz-sdk-checksum-algorithm"), Some("SHA256"));
    assert_eq!(r.header("x-amz-checksum-crc32"), None);

    let operation = s3.operation("PutObject").unwrap();
    let params = input(r#"{"Bucket":"b","Key":"k","ChecksumAlgorithm":"XXHASH64"}"#);
    let mut request = awscli_protocol::serialize_request(&s3, operation, &params).unwrap();
    let err = before_call(
        &s3,
        operation,
        &HandlerConfig::default(),
        &params,
        HTTP,
        &mut request,
        &mut CallState::default(),
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "Unsupported checksum algorithm: xxhash64");
}

#[test]
fn caller_checksum_header_suppresses_calculation() {
    let s3 = load("s3");
    let r = request_for(
        &s3,
        "PutObject",
        r#"{"Bucket":"b","Key":"k","Body":"hi","ChecksumCRC32":"given"}"#,
        &HandlerConfig::default(),
        HTTP,
    );
    assert_eq!(r.header("x-amz-checksum-crc32"), Some("given"));
    assert_eq!(r.header("x-amz-sdk-checksum-algorithm"), None);
}

#[test]
fn when_required_skips_optional_checksums_but_not_required_ones() {
    let s3 = load("s3");
    let config = HandlerConfig {
        request_checksum_calculation: ChecksumWhen::WhenRequired,
        ..HandlerConfig::default()
    };
    let r = request_for(
        &s3,
        "PutObject",
        r#"{"Bucket":"b","Key":"k","Body":"hi"}"#,
        &config,
        HTTP,
    );
    assert_eq!(r.header("x-amz-checksum-crc32"), None);
    // botocore put_bucket_policy(Bucket='bkt', Policy='{}'): x-amz-checksum-crc32: o6a/Qw==
    let r = request_for(
        &s3,
        "PutBucketPolicy",
        r#"{"Bucket":"bkt","Policy":"{}"}"#,
        &config,
        HTTP,
    );
    assert_eq!(r.header("x-amz-checksum-crc32"), Some("o6a/Qw=="));
    assert_eq!(r.header("x-amz-sdk-checksum-algorithm"), Some("CRC32"));
    assert_eq!(r.header("Expect"), None);
}

#[test]
fn delete_objects_escapes_newlines_before_the_checksum() {
    // botocore delete_objects(Bucket='bkt', Delete={'Objects':[{'Key':'a\nb'}]}):
    // body <Key>a&#xA;b</Key>, x-amz-checksum-crc32: AJexuQ==
    let s3 = load("s3");
    let r = request_for(
        &s3,
        "DeleteObjects",
        r#"{"Bucket":"bkt","Delete":{"Objects":[{"Key":"a\nb"}]}}"#,
        &HandlerConfig::default(),
        HTTP,
    );
    assert_eq!(
        String::from_utf8_lossy(&r.body),
        r#"<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a&#xA;b</Key></Object></Delete>"#
    );
    assert_eq!(r.header("x-amz-checksum-crc32"), Some("AJexuQ=="));
}

#[test]
fn get_object_enables_checksum_mode_unless_when_required() {
    let s3 = load("s3");
    let r = request_for(
        &s3,
        "GetObject",
        r#"{"Bucket":"bkt","Key":"k"}"#,
        &HandlerConfig::default(),
        HTTP,
    );
    assert_eq!(r.header("x-amz-checksum-mode"), Some("ENABLED"));
    let config = HandlerConfig {
        response_checksum_validation: ChecksumWhen::WhenRequired,
        ..HandlerConfig::default()
    };
    let r = request_for(
        &s3,
        "GetObject",
        r#"{"Bucket":"bkt","Key":"k"}"#,
        &config,
        HTTP,
    );
    assert_eq!(r.header("x-amz-checksum-mode"), None);
}

#[test]
fn invalid_bucket_stops_before_serialization() {
    let s3 = load("s3");
    let operation = s3.operation("ListObjects").unwrap();
    let mut params = input(r#"{"Bucket":"bad/name"}"#);
    let err = before_parameter_build(
        &s3,
        operation,
        &HandlerConfig::default(),
        &mut params,
        &mut CallState::default(),
    )
    .unwrap_err();
    assert!(matches!(err, HandlerError::ParamValidation(_)));
}

#[test]
fn list_objects_asks_for_url_encoding_and_decodes_output() {
    let s3 = load("s3");
    let operation = s3.operation("ListObjects").unwrap();
    let mut params = input(r#"{"Bucket":"b"}"#);
    let mut state = CallState::default();
    before_parameter_build(
        &s3,
        operation,
        &HandlerConfig::default(),
        &mut params,
        &mut state,
    )
    .unwrap();
    let request = awscli_protocol::serialize_request(&s3, operation, &params).unwrap();
    assert!(
        request.url_path.contains("encoding-type=url"),
        "{}",
        request.url_path
    );
    let mut parsed =
        input(r#"{"Contents":[{"Key":"a%20b"}],"NextMarker":"a%20b","EncodingType":"url"}"#);
    after_call(&s3, operation, &mut parsed, &state);
    assert_eq!(
        parsed,
        input(r#"{"Contents":[{"Key":"a b"}],"NextMarker":"a b","EncodingType":"url"}"#)
    );
    // The user asked for the encoding: keys stay encoded.
    let mut parsed = input(r#"{"Contents":[{"Key":"a%20b"}],"EncodingType":"url"}"#);
    after_call(&s3, operation, &mut parsed, &CallState::default());
    assert_eq!(
        parsed,
        input(r#"{"Contents":[{"Key":"a%20b"}],"EncodingType":"url"}"#)
    );
}

#[test]
fn user_data_is_base64_encoded() {
    // botocore base64_encode_user_data({'UserData': '#!/bin/sh\necho hi\n'})
    for (service, op) in [
        ("ec2", "RunInstances"),
        ("autoscaling", "CreateLaunchConfiguration"),
    ] {
        let svc = load(service);
        let operation = svc.operation(op).unwrap();
        let mut params = input(r##"{"UserData":"#!/bin/sh\necho hi\n"}"##);
        before_parameter_build(
            &svc,
            operation,
            &HandlerConfig::default(),
            &mut params,
            &mut CallState::default(),
        )
        .unwrap();
        assert_eq!(
            params.get("UserData"),
            Some(&Value::String("IyEvYmluL3NoCmVjaG8gaGkK".into()))
        );
    }
}

#[test]
fn route53_ids_lose_their_prefix() {
    let r53 = load("route53");
    let r = request_for(
        &r53,
        "GetHostedZone",
        r#"{"Id":"/hostedzone/Z123"}"#,
        &HandlerConfig::default(),
        HTTP,
    );
    assert_eq!(r.url_path, "/2013-04-01/hostedzone/Z123");
    let r = request_for(
        &r53,
        "GetChange",
        r#"{"Id":"/change/C9"}"#,
        &HandlerConfig::default(),
        HTTP,
    );
    assert_eq!(r.url_path, "/2013-04-01/change/C9");
}

#[test]
fn glacier_gets_account_id_version_and_tree_hash() {
    let glacier = load("glacier");
    let r = request_for(
        &glacier,
        "ListVaults",
        "{}",
        &HandlerConfig::default(),
        HTTP,
    );
    assert_eq!(r.url_path, "/-/vaults");
    assert_eq!(r.header("x-amz-glacier-version"), Some("2012-06-01"));
    let r = request_for(
        &glacier,
        "UploadArchive",
        r#"{"vaultName":"v","body":"hello world"}"#,
        &HandlerConfig::default(),
        HTTP,
    );
    assert_eq!(
        r.header("x-amz-sha256-tree-hash"),
        Some("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")
    );
}

#[test]
fn apigateway_accepts_json() {
    let apigw = load("apigateway");
    let r = request_for(&apigw, "GetRestApis", "{}", &HandlerConfig::default(), HTTP);
    assert_eq!(r.header("Accept"), Some("application/json"));
}

#[test]
fn iam_policy_documents_become_objects_in_document_order() {
    // botocore decode_quoted_jsondoc on the URL-encoded trust policy.
    let iam = load("iam");
    let operation = iam.operation("ListRoles").unwrap();
    let doc = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ec2.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D";
    let mut parsed = input(&format!(
        r#"{{"Roles":[{{"RoleName":"r","AssumeRolePolicyDocument":"{doc}"}}]}}"#
    ));
    after_call(&iam, operation, &mut parsed, &CallState::default());
    let expected = input(
        r#"{"Roles":[{"RoleName":"r","AssumeRolePolicyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}}]}"#,
    );
    assert_eq!(parsed, expected);
    let keys: Vec<&String> = parsed.get("Roles").and_then(Value::as_list).unwrap()[0]
        .get("AssumeRolePolicyDocument")
        .and_then(Value::as_map)
        .unwrap()
        .keys()
        .collect();
    assert_eq!(keys, ["Version", "Statement"]);
    // Not JSON: left alone.
    let mut parsed = input(r#"{"Roles":[{"AssumeRolePolicyDocument":"not%20json"}]}"#);
    after_call(&iam, operation, &mut parsed, &CallState::default());
    assert_eq!(
        parsed,
        input(r#"{"Roles":[{"AssumeRolePolicyDocument":"not%20json"}]}"#)
    );
}

#[test]
fn console_output_is_base64_decoded_with_replacement() {
    // botocore decode_console_output: b64(b'line1\nbad\xff\n') -> 'line1\nbad\ufffd\n';
    // 'aGVsbG8' (bad padding) stays as it is.
    let ec2 = load("ec2");
    let operation = ec2.operation("GetConsoleOutput").unwrap();
    let mut parsed = input(r#"{"Output":"bGluZTEKYmFk/wo="}"#);
    after_call(&ec2, operation, &mut parsed, &CallState::default());
    assert_eq!(
        parsed.get("Output"),
        Some(&Value::String("line1\nbad\u{fffd}\n".into()))
    );
    let mut parsed = input(r#"{"Output":"aGVsbG8"}"#);
    after_call(&ec2, operation, &mut parsed, &CallState::default());
    assert_eq!(parsed.get("Output"), Some(&Value::String("aGVsbG8".into())));
}

#[test]
fn json_templates_are_decoded_yaml_ones_kept() {
    let cfn = load("cloudformation");
    let operation = cfn.operation("GetTemplate").unwrap();
    let mut parsed = input(
        r#"{"TemplateBody":"{\"Resources\":{},\"AWSTemplateFormatVersion\":\"2010-09-09\"}"}"#,
    );
    after_call(&cfn, operation, &mut parsed, &CallState::default());
    assert_eq!(
        parsed,
        input(r#"{"TemplateBody":{"Resources":{},"AWSTemplateFormatVersion":"2010-09-09"}}"#)
    );
    let mut parsed = input(r#"{"TemplateBody":"Resources: {}"}"#);
    after_call(&cfn, operation, &mut parsed, &CallState::default());
    assert_eq!(parsed, input(r#"{"TemplateBody":"Resources: {}"}"#));
}

#[test]
fn checksum_settings_resolve_like_botocore() {
    assert_eq!(
        ChecksumWhen::resolve("request_checksum_calculation", None),
        Ok(ChecksumWhen::WhenSupported)
    );
    assert_eq!(
        ChecksumWhen::resolve("response_checksum_validation", Some("WHEN_REQUIRED")),
        Ok(ChecksumWhen::WhenRequired)
    );
    // botocore: InvalidChecksumConfigError(config_key=..., config_value='foo',
    // valid_options=VALID_REQUEST_CHECKSUM_CALCULATION_CONFIG)
    assert_eq!(
        ChecksumWhen::resolve("request_checksum_calculation", Some("Foo")).unwrap_err().to_string(),
        "Unsupported configuration value for request_checksum_calculation. Expected one of ('when_supported', 'when_required') but got foo."
    );
}

#[test]
fn trace_env_reads_both_variables() {
    let env = TraceEnv::from_lookup(|k| match k {
        "AWS_LAMBDA_FUNCTION_NAME" => Some("f".into()),
        "_X_AMZN_TRACE_ID" => Some("Root=1".into()),
        _ => None,
    });
    assert_eq!(
        env,
        TraceEnv {
            in_lambda: true,
            trace_id: Some("Root=1".into())
        }
    );
    assert_eq!(TraceEnv::from_lookup(|_| None), TraceEnv::default());
}
