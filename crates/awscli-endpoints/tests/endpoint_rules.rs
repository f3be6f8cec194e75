//! botocore's endpoint rule conformance suite, run in place: every case of
//! `tests/functional/endpoint-rules/<service>/endpoint-tests-1.json` in the
//! pinned botocore sdist, against that service's rule set from the embedded
//! model store, compared as `tests/functional/test_endpoint_rulesets.py`
//! does (url, properties and headers, or the exact error message).
//!
//! The sdist is `$AWSCLI_BOTOCORE_SDIST`, else
//! `<workspace>/.cache/botocore-<scripts/botocore-version>` (made by
//! `scripts/fetch-botocore`).
//!
//! Cases with `operationInputs` are resolved from their `params` only: turning
//! operation inputs and built-ins into parameters is the client's job.
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use awscli_endpoints::{resolve, EndpointError, ParamValue, Partitions, RuleSet};
use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::Value as Json;

/// Cases botocore's own suite does not run, with the reason. (botocore skips
/// none of the provider cases; this stays empty unless one must be.)
const SKIPS: &[(&str, usize, &str)] = &[];

fn sdist_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("AWSCLI_BOTOCORE_SDIST") {
        return PathBuf::from(dir);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let version = std::fs::read_to_string(root.join("scripts/botocore-version"))
        .expect("scripts/botocore-version is part of the repository");
    root.join(".cache")
        .join(format!("botocore-{}", version.trim()))
}

fn partitions() -> &'static Partitions {
    static PARTITIONS: OnceLock<Partitions> = OnceLock::new();
    PARTITIONS.get_or_init(|| {
        let text = awscli_model::store::partitions_json().expect("embedded partitions decode");
        Partitions::from_json(&text).expect("embedded partitions parse")
    })
}

type SharedRules = Arc<OnceLock<Result<RuleSet, String>>>;

fn main() {
    let args = Arguments::from_args();
    let suite = sdist_dir().join("tests/functional/endpoint-rules");
    let mut services: Vec<String> = std::fs::read_dir(&suite)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e}; run scripts/fetch-botocore or set AWSCLI_BOTOCORE_SDIST",
                suite.display()
            )
        })
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().join("endpoint-tests-1.json").is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    services.sort();
    let mut trials = Vec::new();
    for service in services {
        let path = suite.join(&service).join("endpoint-tests-1.json");
        let text = std::fs::read_to_string(&path).expect("listed test file is readable");
        let json: Json = serde_json::from_str(&text).expect("test file is JSON");
        let cases = json["testCases"].as_array().cloned().unwrap_or_default();
        let cell: SharedRules = Arc::default();
        for (index, case) in cases.into_iter().enumerate() {
            // Names stay short (libtest pads every line to the longest);
            // a failure prints the case's documentation.
            let name = format!("{service}/{index:04}");
            let skip = SKIPS.iter().find(|(s, i, _)| *s == service && *i == index);
            let service = service.clone();
            let cell = Arc::clone(&cell);
            let trial = Trial::test(name, move || {
                run_case(&service, &cell, &case).map_err(|failed| {
                    let doc = case["documentation"].as_str().unwrap_or_default();
                    let message = failed.message().unwrap_or_default();
                    Failed::from(format!("{doc}\n{message}"))
                })
            });
            trials.push(match skip {
                Some(_) => trial.with_ignored_flag(true),
                None => trial,
            });
        }
    }
    libtest_mimic::run(&args, trials).exit();
}

fn run_case(service: &str, cell: &SharedRules, case: &Json) -> Result<(), Failed> {
    let rules = cell
        .get_or_init(|| {
            let model = awscli_model::store::load(service).map_err(|e| e.to_string())?;
            let text = model
                .endpoint_rule_set()
                .ok_or_else(|| format!("{service} has no endpoint rule set in the store"))?;
            RuleSet::from_json(text).map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| Failed::from(e.as_str()))?;
    let mut params = HashMap::new();
    if let Some(given) = case["params"].as_object() {
        for (name, value) in given {
            let value = match value {
                Json::String(s) => ParamValue::String(s.clone()),
                Json::Bool(b) => ParamValue::Bool(*b),
                Json::Array(items) => ParamValue::StringArray(
                    items
                        .iter()
                        .map(|i| i.as_str().unwrap_or_default().to_owned())
                        .collect(),
                ),
                Json::Null => continue,
                other => return Err(format!("unsupported parameter {name}: {other}").into()),
            };
            params.insert(name.clone(), value);
        }
    }
    let outcome = resolve(rules, partitions(), &params);
    let expect = &case["expect"];
    if let Some(expected) = expect.get("endpoint") {
        let endpoint = outcome.map_err(|e| format!("expected an endpoint, got error: {e}"))?;
        let empty = Json::Object(Default::default());
        let want_url = expected["url"].as_str().unwrap_or_default();
        if endpoint.url != want_url {
            return Err(format!("url: got {}, want {want_url}", endpoint.url).into());
        }
        let properties = Json::Object(endpoint.properties.clone());
        let want_properties = expected.get("properties").unwrap_or(&empty);
        if &properties != want_properties {
            return Err(format!("properties: got {properties}, want {want_properties}").into());
        }
        let headers = serde_json::to_value(&endpoint.headers).map_err(|e| e.to_string())?;
        let want_headers = expected.get("headers").unwrap_or(&empty);
        if &headers != want_headers {
            return Err(format!("headers: got {headers}, want {want_headers}").into());
        }
        Ok(())
    } else if let Some(expected) = expect.get("error").and_then(Json::as_str) {
        match outcome {
            Ok(endpoint) => {
                Err(format!("expected error {expected:?}, got {}", endpoint.url).into())
            }
            Err(EndpointError::Rule(message) | EndpointError::Resolution(message))
                if message == expected =>
            {
                Ok(())
            }
            Err(other) => Err(format!("error: got {other:?}, want {expected:?}").into()),
        }
    } else {
        Err("case expects neither an endpoint nor an error".into())
    }
}
