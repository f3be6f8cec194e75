use super::*;

#[test]
fn recursion_detection_needs_lambda_and_quotes_like_botocore() {
    // botocore: quote(trace_id, safe='-=;:+&[]{}"\',')
    let env = TraceEnv {
        in_lambda: true,
        trace_id: Some(
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=abc/ def;Sampled=1 é".into(),
        ),
    };
    let mut request = HttpRequest::default();
    add_recursion_detection_header(&env, &mut request);
    assert_eq!(
        request.header("X-Amzn-Trace-Id"),
        Some("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=abc%2F%20def;Sampled=1%20%C3%A9")
    );
    // Not in Lambda, or no trace id: nothing.
    for env in [
        TraceEnv {
            in_lambda: false,
            trace_id: Some("Root=1".into()),
        },
        TraceEnv {
            in_lambda: true,
            trace_id: None,
        },
    ] {
        let mut request = HttpRequest::default();
        add_recursion_detection_header(&env, &mut request);
        assert!(request.headers.is_empty());
    }
    // A caller's header wins.
    let mut request = HttpRequest {
        headers: vec![("x-amzn-trace-id".into(), "mine".into())],
        ..HttpRequest::default()
    };
    add_recursion_detection_header(
        &TraceEnv {
            in_lambda: true,
            trace_id: Some("Root=1".into()),
        },
        &mut request,
    );
    assert_eq!(request.headers.len(), 1);
}

#[test]
fn tree_hash_matches_botocore() {
    // utils.calculate_tree_hash(BytesIO(bytes(range(256)) * (4096 * 3 + 17)))
    let data: Vec<u8> = (0..=255u8).cycle().take(256 * (4096 * 3 + 17)).collect();
    assert_eq!(
        tree_hash(&data),
        "ac8cbc45f47b97fff5db2fd8718724a8f7eeb4bb6996929af3ea238c85e1f664"
    );
    assert_eq!(
        tree_hash(b""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

#[test]
fn glacier_checksums_keep_caller_values() {
    let mut request = HttpRequest {
        body: b"hello world".to_vec(),
        headers: vec![("x-amz-sha256-tree-hash".into(), "given".into())],
        ..HttpRequest::default()
    };
    add_glacier_checksums(&mut request);
    assert_eq!(
        request.header("x-amz-content-sha256"),
        Some("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")
    );
    assert_eq!(request.header("x-amz-sha256-tree-hash"), Some("given"));
}

#[test]
fn accept_header_is_added_once() {
    let mut request = HttpRequest::default();
    add_accept_header(&mut request);
    add_accept_header(&mut request);
    assert_eq!(
        request.headers,
        vec![("Accept".to_owned(), "application/json".to_owned())]
    );
}
