//! cloudwatch `put-metric-data --metric-name --value --unit --timestamp
//! --dimensions --statistic-values --storage-resolution`
//! (`putmetricdata.py`).
//!
//! The reference's model speaks the query protocol; ours lists
//! `smithy-rpc-v2-cbor`, `json`, `query` and we send awsJson 1.0 (with
//! `x-amzn-query-mode`), so our JSON body is flattened into the query
//! protocol's pairs and compared with the reference's form: numbers by
//! value (the reference sends `Decimal` text), timestamps as epoch seconds.

use awscli_test_support::compare::{assert_same_outcome, normalize, Body};
use awscli_test_support::CannedResponse;

use crate::util::{assert_same_refusal, clis, run_recorded};

const QUERY_RESPONSE: &str = r#"<PutMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PutMetricDataResponse>"#;

fn json_response() -> CannedResponse {
    CannedResponse::json("application/x-amz-json-1.0", "{}")
}

/// A query value made comparable: numbers by value, timestamps as epoch
/// seconds.
fn comparable(key: &str, value: &str) -> String {
    if key.ends_with(".Timestamp") {
        if let Ok(ts) = value.parse::<jiff::Timestamp>() {
            return ts.as_second().to_string();
        }
    }
    match value.parse::<f64>() {
        Ok(number) => format!("{number}"),
        Err(_) => value.to_owned(),
    }
}

fn flatten(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value as J;
    let key = |k: &str| {
        if prefix.is_empty() {
            k.to_owned()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match value {
        J::Object(entries) => {
            for (k, v) in entries {
                flatten(&key(k), v, out);
            }
        }
        J::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten(&key(&format!("member.{}", i + 1)), item, out);
            }
        }
        J::Number(n) => {
            let number = n.as_f64().expect("a finite number");
            out.push((prefix.to_owned(), format!("{number}")));
        }
        J::String(t) => out.push((prefix.to_owned(), t.clone())),
        J::Bool(b) => out.push((prefix.to_owned(), b.to_string())),
        J::Null => {}
    }
}

/// Runs `args` through both CLIs and compares the parameters each sent.
#[track_caller]
fn assert_same_metric_call(args: &[&str]) {
    let (ours, reference) = clis();
    let expected = run_recorded(&reference, args, &[CannedResponse::xml(QUERY_RESPONSE)]);
    assert_eq!(
        expected.output.exit_code, 0,
        "the reference failed: {}",
        expected.output.stderr
    );
    let actual = run_recorded(&ours, args, &[json_response()]);
    assert_same_outcome(&expected.output, &actual.output);
    assert_eq!(expected.requests.len(), 1);
    assert_eq!(actual.requests.len(), 1);
    let Body::Form(pairs) = normalize(&expected.requests[0]).body else {
        panic!("the reference sent no form body");
    };
    let mut expected_pairs: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(k, _)| k != "Action" && k != "Version")
        .map(|(k, v)| {
            let v = comparable(&k, &v);
            (k, v)
        })
        .collect();
    expected_pairs.sort();
    let body: serde_json::Value = serde_json::from_slice(&actual.requests[0].body)
        .unwrap_or_else(|e| panic!("not a JSON body ({e}): {:?}", actual.requests[0]));
    let mut actual_pairs = Vec::new();
    flatten("", &body, &mut actual_pairs);
    actual_pairs.sort();
    assert_eq!(expected_pairs, actual_pairs);
}

#[test]
fn put_metric_data_name_value_unit() {
    assert_same_metric_call(&[
        "cloudwatch",
        "put-metric-data",
        "--namespace",
        "App",
        "--metric-name",
        "Latency",
        "--value",
        "12.5",
        "--unit",
        "Milliseconds",
    ]);
}

#[test]
fn put_metric_data_dimensions_timestamp_and_resolution() {
    assert_same_metric_call(&[
        "cloudwatch",
        "put-metric-data",
        "--namespace",
        "App",
        "--metric-name",
        "Requests",
        "--value",
        "3",
        "--dimensions",
        "Host=a,Stage=prod",
        "--timestamp",
        "2024-01-02T03:04:05Z",
        "--storage-resolution",
        "1",
    ]);
}

#[test]
fn put_metric_data_statistic_values() {
    assert_same_metric_call(&[
        "cloudwatch",
        "put-metric-data",
        "--namespace",
        "App",
        "--metric-name",
        "Size",
        "--statistic-values",
        "SampleCount=4,Sum=10,Minimum=1,Maximum=4",
    ]);
}

#[test]
fn put_metric_data_errors_match_the_reference() {
    let base = ["cloudwatch", "put-metric-data", "--namespace", "App"];
    for extra in [
        &[
            "--metric-data",
            "MetricName=a,Value=1",
            "--metric-name",
            "b",
        ][..],
        &["--metric-name", "a", "--dimensions", "Host"][..],
        &["--metric-name", "a", "--dimensions", "A=b=c"][..],
        &["--metric-name", "a", "--storage-resolution", "x"][..],
    ] {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        assert_same_refusal(|_| {}, &args);
    }
}
