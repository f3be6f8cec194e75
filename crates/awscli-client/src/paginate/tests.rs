use super::*;
use crate::http::BoxFuture;
use crate::invoke::Response;
use std::collections::VecDeque;
use std::sync::Mutex;

/// Returns scripted pages and records each call's input.
struct FakeCaller {
    pages: Mutex<VecDeque<Value>>,
    inputs: Mutex<Vec<Value>>,
}

impl FakeCaller {
    fn new(pages: Vec<serde_json::Value>) -> FakeCaller {
        FakeCaller {
            pages: Mutex::new(pages.iter().map(python::value_from_json).collect()),
            inputs: Mutex::new(Vec::new()),
        }
    }

    fn inputs(&self) -> Vec<String> {
        self.inputs
            .lock()
            .expect("lock")
            .iter()
            .map(python::json_dumps)
            .collect()
    }
}

impl OperationCaller for FakeCaller {
    fn call<'a>(&'a self, input: &'a Value) -> BoxFuture<'a, Result<Response, CallError>> {
        self.inputs.lock().expect("lock").push(input.clone());
        let page = self
            .pages
            .lock()
            .expect("lock")
            .pop_front()
            .unwrap_or(Value::empty_map());
        Box::pin(async move {
            Ok(Response {
                output: page,
                status: 200,
                headers: vec![],
                retry_attempts: 0,
                request_id: None,
            })
        })
    }
}

fn paginator(json: serde_json::Value) -> Paginator {
    serde_json::from_value(json).expect("paginator config")
}

fn simple() -> Paginator {
    paginator(serde_json::json!({
        "input_token": "NextToken", "output_token": "NextToken",
        "limit_key": "MaxResults", "result_key": "Things"
    }))
}

fn three_pages() -> Vec<serde_json::Value> {
    vec![
        serde_json::json!({"Things": ["a", "b"], "NextToken": "t1"}),
        serde_json::json!({"Things": ["c", "d"], "NextToken": "t2"}),
        serde_json::json!({"Things": ["e"]}),
    ]
}

async fn full(
    caller: &FakeCaller,
    p: &Paginator,
    config: PaginationConfig,
) -> Result<String, PaginateError> {
    let service = crate::invoke::tests::service();
    let op = service.operation("ListThings").expect("op");
    let it = PageIterator::new(caller, &service, op, p, &Value::empty_map(), config)?;
    Ok(python::json_dumps(&it.build_full_result().await?))
}

#[tokio::test]
async fn paginate_follows_tokens_and_aggregates() {
    let caller = FakeCaller::new(three_pages());
    let out = full(&caller, &simple(), PaginationConfig::default())
        .await
        .expect("ok");
    assert_eq!(out, r#"{"Things": ["a", "b", "c", "d", "e"]}"#);
    assert_eq!(
        caller.inputs(),
        vec!["{}", r#"{"NextToken": "t1"}"#, r#"{"NextToken": "t2"}"#]
    );
}

#[tokio::test]
async fn paginate_max_items_truncates_with_botocore_token() {
    let caller = FakeCaller::new(three_pages());
    let config = PaginationConfig {
        max_items: Some(3),
        ..Default::default()
    };
    let out = full(&caller, &simple(), config).await.expect("ok");
    assert_eq!(
        out,
        r#"{"Things": ["a", "b", "c"], "NextToken": "eyJOZXh0VG9rZW4iOiAidDEiLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ=="}"#
    );
    assert_eq!(caller.inputs().len(), 2);
}

#[tokio::test]
async fn paginate_max_items_on_page_boundary_has_plain_token() {
    let caller = FakeCaller::new(three_pages());
    let config = PaginationConfig {
        max_items: Some(4),
        ..Default::default()
    };
    let out = full(&caller, &simple(), config).await.expect("ok");
    assert_eq!(
        out,
        r#"{"Things": ["a", "b", "c", "d"], "NextToken": "eyJOZXh0VG9rZW4iOiAidDIifQ=="}"#
    );
}

#[tokio::test]
async fn paginate_starting_token_resumes_mid_page() {
    let caller = FakeCaller::new(vec![
        serde_json::json!({"Things": ["c", "d"], "NextToken": "t2"}),
        serde_json::json!({"Things": ["e"]}),
    ]);
    let config = PaginationConfig {
        starting_token: Some(
            "eyJOZXh0VG9rZW4iOiAidDEiLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==".into(),
        ),
        ..Default::default()
    };
    let out = full(&caller, &simple(), config).await.expect("ok");
    assert_eq!(out, r#"{"Things": ["d", "e"]}"#);
    assert_eq!(caller.inputs()[0], r#"{"NextToken": "t1"}"#);
}

#[tokio::test]
async fn paginate_starting_token_and_max_items_accumulate_truncation() {
    let caller = FakeCaller::new(vec![
        serde_json::json!({"Things": ["c", "d", "e"], "NextToken": "t2"}),
    ]);
    let config = PaginationConfig {
        starting_token: Some(
            "eyJOZXh0VG9rZW4iOiAidDEiLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==".into(),
        ),
        max_items: Some(1),
        ..Default::default()
    };
    let out = full(&caller, &simple(), config).await.expect("ok");
    // Kept "d" (index 1 of the page) -> next start at 2 of the same page.
    let token = TokenDecoder
        .decode(
            out.split("\"NextToken\": \"")
                .nth(1)
                .and_then(|s| s.strip_suffix("\"}"))
                .expect("token"),
        )
        .expect("decodes");
    assert_eq!(
        python::json_dumps(&Value::Map(token)),
        r#"{"NextToken": "t1", "boto_truncate_amount": 2}"#
    );
}

#[tokio::test]
async fn paginate_page_size_uses_limit_key_type() {
    let caller = FakeCaller::new(vec![serde_json::json!({"Things": []})]);
    let config = PaginationConfig {
        page_size: Some(5),
        ..Default::default()
    };
    full(&caller, &simple(), config.clone()).await.expect("ok");
    assert_eq!(caller.inputs()[0], r#"{"MaxResults": 5}"#);
    let caller = FakeCaller::new(vec![serde_json::json!({"Things": []})]);
    let string_limit = paginator(serde_json::json!({
        "input_token": "NextToken", "output_token": "NextToken",
        "limit_key": "PageSize", "result_key": "Things"
    }));
    full(&caller, &string_limit, config).await.expect("ok");
    assert_eq!(caller.inputs()[0], r#"{"PageSize": "5"}"#);
}

#[tokio::test]
async fn paginate_page_size_without_limit_key_is_an_error() {
    let caller = FakeCaller::new(vec![]);
    let p = paginator(
        serde_json::json!({"input_token": "NextToken", "output_token": "NextToken", "result_key": "Things"}),
    );
    let config = PaginationConfig {
        page_size: Some(5),
        ..Default::default()
    };
    let err = full(&caller, &p, config).await.expect_err("error");
    assert_eq!(
        err.to_string(),
        "Error during pagination: PageSize parameter is not supported for the pagination interface for this operation."
    );
}

#[tokio::test]
async fn paginate_repeated_token_is_an_error_after_the_page() {
    let caller = FakeCaller::new(vec![
        serde_json::json!({"Things": ["a"], "NextToken": "t1"}),
        serde_json::json!({"Things": ["b"], "NextToken": "t1"}),
    ]);
    let service = crate::invoke::tests::service();
    let op = service.operation("ListThings").expect("op");
    let p = simple();
    let mut it = PageIterator::new(
        &caller,
        &service,
        op,
        &p,
        &Value::empty_map(),
        PaginationConfig::default(),
    )
    .expect("iterator");
    assert!(it.next_page().await.expect("page 1").is_some());
    assert!(it.next_page().await.expect("page 2").is_some());
    let err = it.next_page().await.expect_err("error");
    assert_eq!(
        err.to_string(),
        "Error during pagination: The same next token was received twice: {'NextToken': 't1'}"
    );
}

#[tokio::test]
async fn paginate_more_results_and_multiple_tokens() {
    let p = paginator(serde_json::json!({
        "input_token": ["Marker", "Sub"], "output_token": ["NextMarker", "NextSub"],
        "more_results": "IsTruncated", "result_key": ["Things", "Other"],
        "non_aggregate_keys": ["Owner.Name"]
    }));
    let caller = FakeCaller::new(vec![
        serde_json::json!({"Things": ["a"], "Other": ["x"], "IsTruncated": true, "NextMarker": "m1", "NextSub": "s1", "Owner": {"Name": "me", "Id": 1}}),
        serde_json::json!({"Things": ["b"], "IsTruncated": false, "NextMarker": "m2", "Owner": {"Name": "other"}}),
    ]);
    let out = full(&caller, &p, PaginationConfig::default())
        .await
        .expect("ok");
    assert_eq!(
        out,
        r#"{"Things": ["a", "b"], "Other": ["x"], "Owner": {"Name": "me"}}"#
    );
    assert_eq!(caller.inputs()[1], r#"{"Marker": "m1", "Sub": "s1"}"#);
}

#[tokio::test]
async fn paginate_pages_one_at_a_time_expose_state() {
    let caller = FakeCaller::new(three_pages());
    let service = crate::invoke::tests::service();
    let op = service.operation("ListThings").expect("op");
    let p = simple();
    let config = PaginationConfig {
        max_items: Some(3),
        ..Default::default()
    };
    let mut it = PageIterator::new(&caller, &service, op, &p, &Value::empty_map(), config)
        .expect("iterator");
    let mut pages = Vec::new();
    while let Some(page) = it.next_page().await.expect("page") {
        pages.push(python::json_dumps(&page));
    }
    assert_eq!(
        pages,
        vec![
            r#"{"Things": ["a", "b"], "NextToken": "t1"}"#,
            r#"{"Things": ["c"], "NextToken": "t2"}"#
        ]
    );
    assert_eq!(it.result_keys(), ["Things".to_owned()]);
    assert!(it.resume_token().is_some());
}

#[test]
fn token_encoder_is_byte_identical_to_botocore() {
    let mut t = IndexMap::new();
    t.insert("Marker".to_owned(), Value::Null);
    t.insert("boto_truncate_amount".to_owned(), Value::Integer(1));
    assert_eq!(
        TokenEncoder.encode(&t),
        "eyJNYXJrZXIiOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ=="
    );
    let key = python::value_from_json(&serde_json::json!({"id": {"B": ""}, "n": {"S": "é"}}));
    let Value::Map(mut key) = key else {
        unreachable!("a map literal")
    };
    if let Some(Value::Map(id)) = key.get_mut("id") {
        id.insert("B".into(), Value::Blob(vec![0, 255, b'a', b'b']));
    }
    let mut t = IndexMap::new();
    t.insert("ExclusiveStartKey".to_owned(), Value::Map(key));
    t.insert("boto_truncate_amount".to_owned(), Value::Integer(2));
    let encoded = TokenEncoder.encode(&t);
    assert_eq!(encoded, "eyJFeGNsdXNpdmVTdGFydEtleSI6IHsiaWQiOiB7IkIiOiAiQVA5aFlnPT0ifSwgIm4iOiB7IlMiOiAiXHUwMGU5In19LCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyLCAiYm90b19lbmNvZGVkX2tleXMiOiBbWyJFeGNsdXNpdmVTdGFydEtleSIsICJpZCIsICJCIl1dfQ==");
    // And back: the blob is restored, the bookkeeping key dropped.
    assert_eq!(TokenDecoder.decode(&encoded), Some(t));
}

#[test]
fn deprecated_starting_token_is_split_on_underscores() {
    let caller = FakeCaller::new(vec![]);
    let service = crate::invoke::tests::service();
    let op = service.operation("ListThings").expect("op");
    let p = simple();
    let config = PaginationConfig {
        starting_token: Some("abc___3".into()),
        ..Default::default()
    };
    let it = PageIterator::new(&caller, &service, op, &p, &Value::empty_map(), config)
        .expect("iterator");
    let (token, index) = it.parse_starting_token().expect("parses");
    assert_eq!(
        python::json_dumps(&Value::Map(token)),
        r#"{"NextToken": "abc"}"#
    );
    assert_eq!(index, 3);
}
