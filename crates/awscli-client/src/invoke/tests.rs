use super::*;
use crate::http::{BufferedBody, TransportResponse};
use crate::sign::SignerKind;
use std::sync::Mutex;

pub(crate) const MODEL: &str = r#"{
  "version": "2.0",
  "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "things", "jsonVersion": "1.1",
               "protocol": "json", "serviceFullName": "Things", "serviceId": "Things",
               "signatureVersion": "v4", "targetPrefix": "Things", "uid": "things-2020-01-01"},
  "operations": {
    "ListThings": {"name": "ListThings", "http": {"method": "POST", "requestUri": "/"},
      "input": {"shape": "ListThingsInput"}, "output": {"shape": "ListThingsOutput"},
      "errors": [{"shape": "Busy"}]},
    "DescribeThing": {"name": "DescribeThing", "http": {"method": "POST", "requestUri": "/"},
      "input": {"shape": "ListThingsInput"}, "output": {"shape": "ListThingsOutput"},
      "endpoint": {"hostPrefix": "data-"}}
  },
  "shapes": {
    "ListThingsInput": {"type": "structure", "members": {
      "NextToken": {"shape": "String"}, "MaxResults": {"shape": "Integer"}, "PageSize": {"shape": "String"}}},
    "ListThingsOutput": {"type": "structure", "members": {
      "Things": {"shape": "Things"}, "NextToken": {"shape": "String"}}},
    "Things": {"type": "list", "member": {"shape": "String"}},
    "String": {"type": "string"},
    "Integer": {"type": "integer"},
    "Busy": {"type": "structure", "members": {}, "exception": true, "retryable": {"throttling": false},
             "error": {"code": "BusyNow", "httpStatusCode": 400}}
  }
}"#;

pub(crate) fn service() -> Service {
    Service::from_service_json("things", MODEL.to_owned()).expect("test model parses")
}

/// Serializes the input as JSON; parses `{"__type": code, "message": m}`
/// bodies of error statuses into service errors.
pub(crate) struct FakeCodec;

impl OperationCodec for FakeCodec {
    fn serialize_request(
        &self,
        _: &Service,
        operation: &Operation,
        input: &Value,
    ) -> Result<HttpRequest, CodecError> {
        Ok(HttpRequest {
            method: "POST".into(),
            url_path: "/".into(),
            headers: vec![("X-Amz-Target".into(), format!("Things.{}", operation.name))],
            body: crate::python::json_dumps(input).into_bytes(),
            host_prefix: operation
                .endpoint
                .as_ref()
                .and_then(|e| e.host_prefix.clone()),
        })
    }

    fn parse_response(
        &self,
        _: &Service,
        _: &Operation,
        response: &HttpResponse,
    ) -> Result<Result<Value, ServiceError>, CodecError> {
        let json: serde_json::Value = if response.body.is_empty() {
            serde_json::json!({})
        } else {
            serde_json::from_slice(&response.body)?
        };
        if response.status >= 300 {
            return Ok(Err(ServiceError {
                code: json
                    .get("__type")
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_owned(),
                message: json
                    .get("message")
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_owned(),
                status: response.status,
                ..Default::default()
            }));
        }
        Ok(Ok(crate::python::value_from_json(&json)))
    }
}

type Scripted = Result<(u16, Vec<(String, String)>, String), TransportError>;

/// Replays scripted responses and records the requests.
#[derive(Default)]
pub(crate) struct FakeTransport {
    pub script: Mutex<std::collections::VecDeque<Scripted>>,
    pub requests: Mutex<Vec<PreparedRequest>>,
}

impl FakeTransport {
    pub(crate) fn new(script: Vec<Result<(u16, &str), TransportError>>) -> Arc<FakeTransport> {
        let t = FakeTransport::default();
        {
            let mut s = t.script.lock().expect("fresh lock");
            for item in script {
                s.push_back(item.map(|(status, body)| (status, vec![], body.to_owned())));
            }
        }
        Arc::new(t)
    }

    pub(crate) fn requests(&self) -> Vec<PreparedRequest> {
        self.requests.lock().expect("lock").clone()
    }
}

impl HttpTransport for FakeTransport {
    fn send<'a>(
        &'a self,
        request: &'a PreparedRequest,
    ) -> BoxFuture<'a, Result<TransportResponse, TransportError>> {
        self.requests.lock().expect("lock").push(request.clone());
        let next = self
            .script
            .lock()
            .expect("lock")
            .pop_front()
            .unwrap_or(Err(TransportError::Other("script exhausted".into())));
        Box::pin(async move {
            let (status, headers, body) = next?;
            Ok(TransportResponse {
                status,
                headers,
                body: Box::new(BufferedBody::new(body.into_bytes())),
            })
        })
    }
}

#[derive(Default)]
pub(crate) struct RecordingSleeper(pub Mutex<Vec<Duration>>);

impl Sleeper for RecordingSleeper {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.0.lock().expect("lock").push(duration);
        Box::pin(async {})
    }
}

pub(crate) fn context(
    transport: Arc<dyn HttpTransport>,
    sleeper: Arc<RecordingSleeper>,
) -> CallContext {
    let signing = SigningConfig {
        signer: SignerKind::V4,
        sigv4a: false,
        signing_name: "things".into(),
        region: "us-east-1".into(),
        disable_double_encoding: false,
        unsigned_payload_operation: false,
        s3_payload_signing_enabled: None,
    };
    let mut ctx = CallContext::new(
        "http://127.0.0.1:5700",
        signing,
        Some(Credentials::new("AKID", "SECRETKEY").with_session_token("SESSIONTOKENSECRET123")),
        transport,
        Arc::new(FakeCodec),
    );
    ctx.sleeper = sleeper;
    ctx.random = Arc::new(|| 0.5);
    ctx.clock = Arc::new(|| SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_000_000));
    ctx.user_agent = "aws-cli/2.0.0 test".into();
    ctx
}

fn empty() -> Value {
    Value::empty_map()
}

#[tokio::test]
async fn invoke_success_sends_signed_request_with_sdk_headers() {
    let service = service();
    let op = service.operation("ListThings").expect("op");
    let transport = FakeTransport::new(vec![Ok((200, r#"{"Things": ["a"]}"#))]);
    let ctx = context(transport.clone(), Arc::default());
    let out = invoke(&ctx, &service, op, &empty()).await.expect("success");
    assert_eq!(
        out.get("Things"),
        Some(&Value::List(vec![Value::String("a".into())]))
    );
    let reqs = transport.requests();
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(r.url, "http://127.0.0.1:5700/");
    assert_eq!(r.header("amz-sdk-request"), Some("attempt=1; max=3"));
    let id = r.header("amz-sdk-invocation-id").expect("invocation id");
    assert_eq!(id.len(), 36);
    assert_eq!(&id[14..15], "4");
    assert_eq!(r.header("User-Agent"), Some("aws-cli/2.0.0 test"));
    assert_eq!(r.header("Host"), Some("127.0.0.1:5700"));
    assert_eq!(
        r.header("X-Amz-Security-Token"),
        Some("SESSIONTOKENSECRET123")
    );
    assert!(r.header("Authorization").is_some_and(|a| a
        .starts_with("AWS4-HMAC-SHA256 Credential=AKID/20261118/us-east-1/things/aws4_request")));
    assert_eq!(ctx.retry_quota.available(), 500);
}

#[tokio::test]
async fn invoke_persistent_503_gives_up_after_three_attempts() {
    let service = service();
    let op = service.operation("ListThings").expect("op");
    let body = r#"{"__type": "SlowDown", "message": "Please reduce your request rate."}"#;
    let transport = FakeTransport::new(vec![Ok((503, body)), Ok((503, body)), Ok((503, body))]);
    let sleeper = Arc::new(RecordingSleeper::default());
    let ctx = context(transport.clone(), sleeper.clone());
    let err = invoke(&ctx, &service, op, &empty())
        .await
        .expect_err("fails");
    assert_eq!(
        err.to_string(),
        "An error occurred (SlowDown) when calling the ListThings operation (reached max retries: 2): Please reduce your request rate."
    );
    let reqs = transport.requests();
    assert_eq!(reqs.len(), 3);
    assert_eq!(reqs[1].header("amz-sdk-request"), Some("attempt=2; max=3"));
    assert_eq!(reqs[2].header("amz-sdk-request"), Some("attempt=3; max=3"));
    assert_eq!(
        reqs[0].header("amz-sdk-invocation-id"),
        reqs[2].header("amz-sdk-invocation-id")
    );
    // rand = 0.5: 0.5 * 2^0, 0.5 * 2^1.
    assert_eq!(
        *sleeper.0.lock().expect("lock"),
        vec![Duration::from_millis(500), Duration::from_secs(1)]
    );
    assert_eq!(ctx.retry_quota.available(), 490);
}

#[tokio::test]
async fn invoke_retry_then_success_refunds_quota() {
    let service = service();
    let op = service.operation("ListThings").expect("op");
    let transport = FakeTransport::new(vec![
        Ok((500, r#"{"__type": "InternalError"}"#)),
        Ok((200, "{}")),
    ]);
    let ctx = context(transport.clone(), Arc::default());
    let r = invoke_full(&ctx, &service, op, &empty(), InvokeOptions::default())
        .await
        .expect("success");
    assert_eq!(r.retry_attempts, 1);
    assert_eq!(ctx.retry_quota.available(), 500);
}

#[tokio::test]
async fn invoke_non_retryable_error_has_no_suffix() {
    let service = service();
    let op = service.operation("ListThings").expect("op");
    let transport = FakeTransport::new(vec![Ok((
        400,
        r#"{"__type": "AccessDenied", "message": "no"}"#,
    ))]);
    let ctx = context(transport.clone(), Arc::default());
    let err = invoke(&ctx, &service, op, &empty())
        .await
        .expect_err("fails");
    assert_eq!(
        err.to_string(),
        "An error occurred (AccessDenied) when calling the ListThings operation: no"
    );
    assert_eq!(transport.requests().len(), 1);
}

#[tokio::test]
async fn invoke_single_attempt_reports_zero_retries() {
    let service = service();
    let op = service.operation("ListThings").expect("op");
    let transport = FakeTransport::new(vec![Ok((
        400,
        r#"{"__type": "AccessDenied", "message": "no"}"#,
    ))]);
    let mut ctx = context(transport.clone(), Arc::default());
    ctx.retry.max_attempts = 1;
    let err = invoke(&ctx, &service, op, &empty())
        .await
        .expect_err("fails");
    assert_eq!(
        err.to_string(),
        "An error occurred (AccessDenied) when calling the ListThings operation (reached max retries: 0): no"
    );
}

#[tokio::test]
async fn invoke_modeled_retryable_error_is_retried() {
    let service = service();
    let op = service.operation("ListThings").expect("op");
    let transport =
        FakeTransport::new(vec![Ok((400, r#"{"__type": "BusyNow"}"#)), Ok((200, "{}"))]);
    let ctx = context(transport.clone(), Arc::default());
    invoke(&ctx, &service, op, &empty()).await.expect("success");
    assert_eq!(transport.requests().len(), 2);
}

#[tokio::test]
async fn invoke_bare_429_is_not_retried() {
    let service = service();
    let op = service.operation("ListThings").expect("op");
    let transport = FakeTransport::new(vec![Ok((429, r#"{"__type": "Whatever"}"#))]);
    let ctx = context(transport.clone(), Arc::default());
    assert!(invoke(&ctx, &service, op, &empty()).await.is_err());
    assert_eq!(transport.requests().len(), 1);
}

#[tokio::test]
async fn invoke_transport_errors_map_to_reference_texts() {
    let service = service();
    let op = service.operation("ListThings").expect("op");
    let cases = [
        (TransportError::ReadTimeout, "Read timeout on endpoint URL: \"http://127.0.0.1:5700/\""),
        (
            TransportError::ConnectionClosed("reset".into()),
            "Connection was closed before we received a valid response from endpoint URL: \"http://127.0.0.1:5700/\".",
        ),
        (TransportError::ConnectTimeout, "Connect timeout on endpoint URL: \"http://127.0.0.1:5700/\""),
        (
            TransportError::Tls("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate".into()),
            "SSL validation failed for http://127.0.0.1:5700/ [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate",
        ),
    ];
    for (error, text) in cases {
        let transport =
            FakeTransport::new(vec![Err(error.clone()), Err(error.clone()), Err(error)]);
        let ctx = context(transport.clone(), Arc::default());
        let err = invoke(&ctx, &service, op, &empty())
            .await
            .expect_err("fails");
        assert_eq!(err.to_string(), text);
        assert_eq!(transport.requests().len(), 3);
    }
}

#[tokio::test]
async fn invoke_timeouts_cost_ten_from_quota() {
    let service = service();
    let op = service.operation("ListThings").expect("op");
    let transport = FakeTransport::new(vec![Err(TransportError::ReadTimeout), Ok((200, "{}"))]);
    let ctx = context(transport.clone(), Arc::default());
    let quota = ctx.retry_quota.clone();
    let mut ctx2 = ctx.clone();
    ctx2.retry_quota = quota.clone();
    // Fail the quota check half way: a quota of 7 cannot pay for a timeout.
    ctx2.retry_quota = Arc::new(RetryQuota::new(7));
    let err = invoke(&ctx2, &service, op, &empty())
        .await
        .expect_err("no retry without quota");
    assert!(matches!(err, CallError::ReadTimeout { .. }));
    assert_eq!(transport.requests().len(), 1);
}

#[tokio::test]
async fn invoke_real_refused_connection() {
    let service = service();
    let op = service.operation("ListThings").expect("op");
    let http = Arc::new(
        crate::http::HttpClient::new(&crate::http::HttpConfig::default()).expect("client"),
    );
    let mut ctx = context(http, Arc::default());
    ctx.endpoint_url = "http://127.0.0.1:1".into();
    let err = invoke(&ctx, &service, op, &empty())
        .await
        .expect_err("fails");
    assert_eq!(
        err.to_string(),
        "Could not connect to the endpoint URL: \"http://127.0.0.1:1/\""
    );
}

#[tokio::test]
async fn invoke_host_prefix_is_injected_unless_disabled() {
    let service = service();
    let op = service.operation("DescribeThing").expect("op");
    let transport = FakeTransport::new(vec![Ok((200, "{}")), Ok((200, "{}"))]);
    let mut ctx = context(transport.clone(), Arc::default());
    ctx.endpoint_url = "https://things.us-east-1.amazonaws.com".into();
    invoke(&ctx, &service, op, &empty()).await.expect("ok");
    ctx.inject_host_prefix = false;
    invoke(&ctx, &service, op, &empty()).await.expect("ok");
    let reqs = transport.requests();
    assert_eq!(reqs[0].url, "https://data-things.us-east-1.amazonaws.com/");
    assert_eq!(
        reqs[0].header("Host"),
        Some("data-things.us-east-1.amazonaws.com")
    );
    assert_eq!(reqs[1].url, "https://things.us-east-1.amazonaws.com/");
}

#[tokio::test]
async fn invoke_without_credentials_fails_unless_anonymous() {
    let service = service();
    let op = service.operation("ListThings").expect("op");
    let transport = FakeTransport::new(vec![Ok((200, "{}"))]);
    let mut ctx = context(transport.clone(), Arc::default());
    ctx.credentials = None;
    let err = invoke(&ctx, &service, op, &empty())
        .await
        .expect_err("fails");
    assert_eq!(err.to_string(), "Unable to locate credentials");
    ctx.signing.signer = SignerKind::Anonymous;
    invoke(&ctx, &service, op, &empty())
        .await
        .expect("anonymous ok");
    assert_eq!(transport.requests()[0].header("Authorization"), None);
}

#[tokio::test]
async fn invoke_streams_success_body_to_writer() {
    let service = service();
    let op = service.operation("ListThings").expect("op");
    let transport = FakeTransport::new(vec![Ok((200, "{}"))]);
    let ctx = context(transport, Arc::default());
    let mut sink: Vec<u8> = Vec::new();
    let options = InvokeOptions {
        stream_to: Some(&mut sink),
    };
    invoke_full(&ctx, &service, op, &empty(), options)
        .await
        .expect("ok");
    assert_eq!(sink, b"{}");
}

#[tokio::test]
async fn invoke_debug_log_redacts_secrets() {
    let service = service();
    let op = service.operation("ListThings").expect("op");
    let transport = FakeTransport::new(vec![Ok((
        200,
        r#"{"Things": [], "SessionToken": "RESPONSESECRET"}"#,
    ))]);
    let log = Arc::new(crate::debug::MemoryLog::default());
    let mut ctx = context(transport, Arc::default());
    ctx.debug = Some(log.clone());
    invoke(&ctx, &service, op, &empty()).await.expect("ok");
    let lines = log.lines.lock().expect("lock").clone();
    let all: String = lines.iter().map(|(l, m)| format!("{l} {m}\n")).collect();
    assert!(all.contains("Sending http request"), "{all}");
    assert!(all.contains("'Authorization': 'REDACTED'"), "{all}");
    assert!(!all.contains("SESSIONTOKENSECRET123"), "{all}");
    assert!(!all.contains("RESPONSESECRET"), "{all}");
    assert!(!all.contains("SECRETKEY"), "{all}");
}

#[tokio::test]
async fn invoke_retry_after_dated_response_sends_ttl() {
    let service = service();
    let op = service.operation("ListThings").expect("op");
    let t = FakeTransport::default();
    t.script.lock().expect("lock").push_back(Ok((
        503,
        vec![("Date".into(), "Wed, 18 Nov 2026 19:33:20 GMT".into())],
        "{}".into(),
    )));
    t.script
        .lock()
        .expect("lock")
        .push_back(Ok((200, vec![], "{}".into())));
    let t = Arc::new(t);
    let ctx = context(t.clone(), Arc::default());
    invoke(&ctx, &service, op, &empty()).await.expect("ok");
    // Clock 1795000000 = 2026-11-18T19:33:20Z, no skew, +60 s read timeout.
    assert_eq!(
        t.requests()[1].header("amz-sdk-request"),
        Some("ttl=20261118T193420Z; attempt=2; max=3")
    );
}

#[test]
fn join_endpoint_url_follows_botocore_urljoin() {
    assert_eq!(
        join_endpoint_url("https://a.com", "/", None),
        "https://a.com/"
    );
    assert_eq!(
        join_endpoint_url("https://a.com/", "/b/k?x=1", None),
        "https://a.com/b/k?x=1"
    );
    assert_eq!(
        join_endpoint_url("https://a.com/base", "/b", None),
        "https://a.com/base/b"
    );
    assert_eq!(
        join_endpoint_url("https://a.com/base/", "/", None),
        "https://a.com/base/"
    );
    assert_eq!(
        join_endpoint_url("https://a.com:8443", "/x", Some("data-")),
        "https://data-a.com:8443/x"
    );
}

#[tokio::test]
async fn invoke_end_to_end_with_protocol_codec_and_local_server() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.expect("accept");
        let mut buf = vec![0u8; 8192];
        let mut seen = Vec::new();
        while !String::from_utf8_lossy(&seen).contains("\r\n\r\n") {
            let n = stream.read(&mut buf).await.expect("read");
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
        }
        let body = br#"{"Things": ["a"], "NextToken": "n"}"#;
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-RequestId: rid-1\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).await.expect("write");
        stream.write_all(body).await.expect("write");
        String::from_utf8_lossy(&seen).into_owned()
    });
    let service = service();
    let op = service.operation("ListThings").expect("op");
    let http = Arc::new(
        crate::http::HttpClient::new(&crate::http::HttpConfig::default()).expect("client"),
    );
    let mut ctx = context(http, Arc::default());
    ctx.codec = Arc::new(ProtocolCodec);
    ctx.endpoint_url = format!("http://{addr}");
    let response = invoke_full(&ctx, &service, op, &empty(), InvokeOptions::default())
        .await
        .expect("success");
    assert_eq!(
        crate::python::json_dumps(&response.output),
        r#"{"Things": ["a"], "NextToken": "n"}"#
    );
    assert_eq!(response.request_id.as_deref(), Some("rid-1"));
    let raw = server.await.expect("server").to_ascii_lowercase();
    assert!(raw.starts_with("post / http/1.1"), "{raw}");
    assert!(raw.contains("x-amz-target: things.listthings"), "{raw}");
    assert!(raw.contains(&format!("host: {addr}")), "{raw}");
    assert!(raw.contains("authorization: aws4-hmac-sha256"), "{raw}");
}

/// A context for a real model with the real codec.
fn real_context(transport: Arc<dyn HttpTransport>, signing_name: &str) -> CallContext {
    let mut ctx = context(transport, Arc::default());
    ctx.codec = Arc::new(ProtocolCodec);
    ctx.signing.signing_name = signing_name.into();
    ctx
}

#[tokio::test]
async fn invoke_runs_handlers_around_the_call() {
    let s3 = awscli_model::store::load("s3").expect("s3 model");
    let op = s3.operation("GetObject").expect("op");
    let headers = vec![("x-amz-checksum-crc32".to_owned(), "AAAAAA==".to_owned())];
    let transport = Arc::new(FakeTransport::default());
    transport
        .script
        .lock()
        .expect("lock")
        .push_back(Ok((200, headers, "hello world".to_owned())));
    let mut ctx = real_context(transport.clone(), "s3");
    ctx.signing.signer = SignerKind::S3V4;
    let input = crate::python::value_from_json(&serde_json::json!({"Bucket": "b", "Key": "k"}));
    let mut sink: Vec<u8> = Vec::new();
    let err = invoke_full(
        &ctx,
        &s3,
        op,
        &input,
        InvokeOptions {
            stream_to: Some(&mut sink),
        },
    )
    .await
    .expect_err("checksum mismatch");
    assert_eq!(
        err.to_string(),
        "Expected checksum AAAAAA== did not match calculated checksum: DUoRhQ=="
    );
    // before-parameter-build asked for the checksum.
    assert_eq!(
        transport.requests()[0].header("x-amz-checksum-mode"),
        Some("ENABLED")
    );

    // An invalid bucket never reaches the transport.
    let transport = FakeTransport::new(vec![]);
    let ctx = real_context(transport.clone(), "s3");
    let input = crate::python::value_from_json(&serde_json::json!({"Bucket": "a/b", "Key": "k"}));
    let err = invoke(&ctx, &s3, op, &input)
        .await
        .expect_err("invalid bucket");
    assert!(matches!(
        err,
        CallError::Handler(HandlerError::ParamValidation(_))
    ));
    assert!(transport.requests().is_empty());
}

#[tokio::test]
async fn invoke_decodes_iam_policies_after_the_call() {
    let iam = awscli_model::store::load("iam").expect("iam model");
    let op = iam.operation("GetRole").expect("op");
    let body = "<GetRoleResponse><GetRoleResult><Role><RoleName>r</RoleName>\
        <AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%7D</AssumeRolePolicyDocument>\
        </Role></GetRoleResult></GetRoleResponse>";
    let transport = FakeTransport::new(vec![Ok((200, body))]);
    let ctx = real_context(transport, "iam");
    let input = crate::python::value_from_json(&serde_json::json!({"RoleName": "r"}));
    let out = invoke(&ctx, &iam, op, &input).await.expect("success");
    let doc = out
        .get("Role")
        .and_then(|r| r.get("AssumeRolePolicyDocument"))
        .expect("document");
    assert_eq!(
        doc,
        &crate::python::value_from_json(&serde_json::json!({"Version": "2012-10-17"}))
    );
}

#[tokio::test]
async fn invoke_owned_sends_a_blob_payload_unchanged() {
    let s3 = awscli_model::store::load("s3").expect("s3 model");
    let op = s3.operation("PutObject").expect("op");
    let transport = FakeTransport::new(vec![Ok((200, ""))]);
    let mut ctx = real_context(transport.clone(), "s3");
    ctx.signing.signer = SignerKind::S3V4;
    let body: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let mut input = crate::python::value_from_json(&serde_json::json!({"Bucket": "b", "Key": "k"}));
    if let Some(map) = input.as_map_mut() {
        map.insert("Body".into(), Value::Blob(body.clone()));
    }
    invoke_owned(&ctx, &s3, op, input, InvokeOptions::default())
        .await
        .expect("success");
    let sent = transport.requests();
    assert_eq!(sent.len(), 1);
    assert!(sent[0].body.as_ref() == body.as_slice(), "the body changed");
}

type Headers = Vec<(String, String)>;

fn scripted(responses: Vec<(u16, Headers, &str)>) -> Arc<FakeTransport> {
    let t = FakeTransport::default();
    {
        let mut s = t.script.lock().expect("fresh lock");
        for (status, headers, body) in responses {
            s.push_back(Ok((status, headers, body.to_owned())));
        }
    }
    Arc::new(t)
}

fn crc32_header(value: &str) -> Headers {
    vec![("x-amz-crc32".to_owned(), value.to_owned())]
}

#[tokio::test]
async fn invoke_dynamodb_crc32_mismatch_is_retried_then_used_as_is() {
    // zlib.crc32(b'{"Things":["a"]}') == 2644782562
    let good = "{\"Things\":[\"a\"]}";
    let service = Service::from_service_json("dynamodb", MODEL.to_owned()).expect("model");
    let op = service.operation("ListThings").expect("op");
    let transport = scripted(vec![
        (200, crc32_header("1"), good),
        (200, crc32_header("2644782562"), good),
    ]);
    let sleeper = Arc::new(RecordingSleeper::default());
    let ctx = context(transport.clone(), sleeper.clone());
    let response = invoke_full(&ctx, &service, op, &empty(), InvokeOptions::default())
        .await
        .expect("the second attempt matches");
    assert_eq!(
        (transport.requests().len(), response.retry_attempts),
        (2, 1)
    );
    assert_eq!(sleeper.0.lock().expect("lock").len(), 1);

    // Every attempt mismatching: three attempts, then the last response.
    let transport = scripted(vec![(200, crc32_header("7"), good); 3]);
    let ctx = context(transport.clone(), Arc::default());
    let response = invoke_full(&ctx, &service, op, &empty(), InvokeOptions::default())
        .await
        .expect("the last response is used");
    assert_eq!(
        (transport.requests().len(), response.retry_attempts),
        (3, 2)
    );
    assert_eq!(
        response
            .output
            .get("Things")
            .and_then(|t| t.as_list())
            .map(|l| l.len()),
        Some(1)
    );
}

#[tokio::test]
async fn invoke_crc32_is_only_checked_for_dynamodb() {
    let service = service();
    let op = service.operation("ListThings").expect("op");
    let transport = scripted(vec![(200, crc32_header("1"), "{}")]);
    let ctx = context(transport.clone(), Arc::default());
    invoke(&ctx, &service, op, &empty()).await.expect("ok");
    assert_eq!(transport.requests().len(), 1);
}

#[tokio::test]
async fn invoke_short_body_is_parsed_but_a_short_stream_is_incomplete() {
    let service = service();
    let op = service.operation("ListThings").expect("op");
    let length = vec![("Content-Length".to_owned(), "10".to_owned())];
    // Buffered: urllib3 1.26 hands the short body to the parser.
    let transport = scripted(vec![(200, length.clone(), "{}")]);
    let ctx = context(transport.clone(), Arc::default());
    invoke(&ctx, &service, op, &empty()).await.expect("parsed");
    assert_eq!(transport.requests().len(), 1);
    // Streamed: StreamingBody checks the length, and nothing is retried.
    let transport = scripted(vec![(200, length, "{}")]);
    let ctx = context(transport.clone(), Arc::default());
    let mut sink: Vec<u8> = Vec::new();
    let options = InvokeOptions {
        stream_to: Some(&mut sink),
    };
    let error = invoke_full(&ctx, &service, op, &empty(), options)
        .await
        .expect_err("short stream");
    assert!(
        matches!(
            error,
            CallError::IncompleteBody {
                read: 2,
                expected: 10
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.to_string(), "2 read, but total bytes expected is 10.");
    assert_eq!(transport.requests().len(), 1);
}

async fn retry_decisions(script: Vec<Result<(u16, &str), TransportError>>) -> Vec<String> {
    let service = service();
    let op = service.operation("ListThings").expect("op");
    let log = Arc::new(crate::debug::MemoryLog::default());
    let mut ctx = context(FakeTransport::new(script), Arc::default());
    ctx.debug = Some(log.clone());
    let _ = invoke(&ctx, &service, op, &empty()).await;
    let lines = log.lines.lock().expect("lock").clone();
    lines
        .into_iter()
        .filter(|(logger, _)| logger == "botocore.retries.standard")
        .map(|(_, message)| message)
        .collect()
}

/// botocore's retry handler logs its decision after every response, a
/// success too (checked against 2.9.19's `--debug`); the delay is a
/// Python float.
#[tokio::test]
async fn invoke_logs_the_retry_decision_after_every_response() {
    assert_eq!(
        retry_decisions(vec![Ok((200, "{}"))]).await,
        ["Not retrying request."]
    );
    let busy = r#"{"__type": "ServiceUnavailable", "message": "busy"}"#;
    assert_eq!(
        retry_decisions(vec![Ok((503, busy)); 3]).await,
        [
            "Retry needed, retrying request after delay of: 0.5",
            "Retry needed, retrying request after delay of: 1.0",
            "Max attempts of 3 reached.",
            "Not retrying request."
        ]
    );
}
