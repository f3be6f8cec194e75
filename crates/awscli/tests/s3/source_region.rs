//! `--source-region` on S3 -> S3 transfers: the source is listed, headed
//! and (after `mv`) deleted by a client in the source's region, the copies
//! go to the destination's (`ClientFactory.create_client(is_source_client=True)`
//! in `awscli/customizations/s3/factory.py`). The region shows in each
//! request's SigV4 credential scope, so both CLIs run through a recording
//! proxy in front of moto and the (method, path, query names, region) of
//! every request must match.
//!
//! The reference builds the source client without `--endpoint-url`. 2.9.19
//! reads no `AWS_ENDPOINT_URL_S3`, but its loader looks in `AWS_DATA_PATH`
//! first, so an S3 endpoint rule set there sends that client to the proxy;
//! we follow 2.36, whose source client takes the configured endpoint
//! (`AWS_ENDPOINT_URL_S3`), and get the same setting through that variable.
use std::path::Path;

use awscli_test_support::{Cli, FaultProxy, RecordedRequest};
use serde_json::json;

use crate::harness::{assert_same_output, World};

/// An S3 endpoint rule set that resolves every request to `endpoint`,
/// path-style (botocore takes `/{Bucket}` out of the model's paths and
/// expects it in the endpoint).
fn write_rule_set(data_path: &Path, endpoint: &str) {
    let rule_set = json!({
        "version": "1.0",
        "parameters": {
            "Region": {"builtIn": "AWS::Region", "required": false, "type": "String"},
            "Bucket": {"required": false, "type": "String"},
        },
        "rules": [
            {
                "conditions": [{"fn": "isSet", "argv": [{"ref": "Bucket"}]}],
                "endpoint": {"url": format!("{endpoint}/{{Bucket}}"), "properties": {}, "headers": {}},
                "type": "endpoint",
            },
            {
                "conditions": [],
                "endpoint": {"url": endpoint, "properties": {}, "headers": {}},
                "type": "endpoint",
            },
        ],
    });
    let dir = data_path.join("s3").join("2006-03-01");
    std::fs::create_dir_all(&dir).expect("creating the data path");
    std::fs::write(dir.join("endpoint-rule-set-1.json"), rule_set.to_string())
        .expect("writing the rule set");
}

/// What is compared of a request: method, path, the names of the query
/// parameters, and the region of the SigV4 credential scope.
fn summary(request: &RecordedRequest) -> String {
    let mut names: Vec<&str> = request
        .query()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split('=').next().unwrap_or(p))
        .filter(|name| *name != "x-id")
        .collect();
    names.sort();
    let region = request
        .header("authorization")
        .and_then(|a| a.split("Credential=").nth(1))
        .and_then(|c| c.split('/').nth(2))
        .unwrap_or("<unsigned>");
    format!(
        "{} {}?{} {region}",
        request.method,
        request.path(),
        names.join("&")
    )
}

/// Two buckets, `src` with two objects and `dst` with one (for sync).
fn buckets(world: &World) {
    world.write_tree(&[("one", b"1"), ("two", b"22")]);
    world.setup(&["s3", "mb", "s3://src"]);
    world.setup(&["s3", "mb", "s3://dst"]);
    world.setup(&["s3", "cp", "w/one", "s3://src/d/one.txt"]);
    world.setup(&["s3", "cp", "w/two", "s3://src/d/two.txt"]);
    world.setup(&["s3", "cp", "w/two", "s3://dst/old.txt"]);
}

/// Runs `args` through `cli` via the proxy and returns its output and the
/// sorted request summaries.
fn run(
    world: &World,
    proxy: &FaultProxy,
    cli: &Cli,
    args: &[&str],
) -> (awscli_test_support::CliOutput, Vec<String>) {
    world.moto.reset().expect("resetting moto");
    buckets(world);
    proxy.take_requests();
    let endpoint = proxy.endpoint();
    let mut full = args.to_vec();
    full.extend(["--endpoint-url", &endpoint, "--region", "us-west-2"]);
    let out = cli.run(&full);
    let mut requests: Vec<String> = proxy
        .take_requests()
        .iter()
        .map(|r| summary(&r.request))
        .collect();
    requests.sort();
    (out, requests)
}

#[test]
fn the_source_is_read_in_its_own_region() {
    let world = World::new();
    let proxy = FaultProxy::start(world.moto.addr()).expect("starting the proxy");
    let data_path = world.root().join("data-path");
    write_rule_set(&data_path, &proxy.endpoint());
    let reference = world.reference.clone().env("AWS_DATA_PATH", &data_path);
    let ours = world
        .ours
        .clone()
        .env("AWS_ENDPOINT_URL_S3", proxy.endpoint());
    let cases: [&[&str]; 4] = [
        &["s3", "cp", "s3://src/d/one.txt", "s3://dst/one.txt"],
        &["s3", "cp", "s3://src/d/", "s3://dst/c/", "--recursive"],
        &["s3", "mv", "s3://src/d/", "s3://dst/m/", "--recursive"],
        &["s3", "sync", "s3://src/d/", "s3://dst/", "--delete"],
    ];
    for case in cases {
        let mut args = case.to_vec();
        args.extend(["--source-region", "eu-west-1", "--no-progress"]);
        let (expected, expected_requests) = run(&world, &proxy, &reference, &args);
        let expected_objects = (world.objects("src"), world.objects("dst"));
        let (actual, actual_requests) = run(&world, &proxy, &ours, &args);
        let actual_objects = (world.objects("src"), world.objects("dst"));
        assert_eq!(expected.exit_code, 0, "{args:?}: {}", expected.stderr);
        assert_same_output(&expected, &actual);
        assert_eq!(expected_requests, actual_requests, "requests of {args:?}");
        assert_eq!(expected_objects, actual_objects, "buckets after {args:?}");
        // The test means something only if both regions were used.
        let regions = |r: &[String]| {
            (
                r.iter().any(|s| s.ends_with(" eu-west-1")),
                r.iter().any(|s| s.ends_with(" us-west-2")),
            )
        };
        assert_eq!(
            regions(&actual_requests),
            (true, true),
            "{actual_requests:?}"
        );
    }
    // A local -> S3 copy has no source client: the option changes nothing.
    let args = [
        "s3",
        "cp",
        "w/one",
        "s3://dst/x",
        "--source-region",
        "eu-west-1",
    ];
    let (_, requests) = run(&world, &proxy, &ours, &args);
    assert!(
        requests.iter().all(|r| r.ends_with(" us-west-2")),
        "{requests:?}"
    );
}
