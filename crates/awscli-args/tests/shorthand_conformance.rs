//! The AWS CLI v2 shorthand parser cases, read in place from
//! `../shared/conformance/shorthand/shorthand-cases.json` (from aws/aws-cli
//! `tests/unit/test_shorthand.py`): every `parse` case must give its
//! expected value, every `error` case must fail.
use std::path::PathBuf;

use awscli_args::shorthand::{parse, ShorthandValue};
use libtest_mimic::{Arguments, Failed, Trial};

fn cases_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/conformance/shorthand/shorthand-cases.json")
}

fn to_json(value: &ShorthandValue) -> serde_json::Value {
    match value {
        ShorthandValue::String(s) => serde_json::Value::String(s.clone()),
        ShorthandValue::Bytes(b) => {
            serde_json::Value::String(String::from_utf8_lossy(b).into_owned())
        }
        ShorthandValue::List(items) => {
            serde_json::Value::Array(items.iter().map(to_json).collect())
        }
        ShorthandValue::Map(map) => {
            serde_json::Value::Object(map.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}

fn main() {
    let args = Arguments::from_args();
    let path = cases_path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "shorthand conformance file missing: {}: {e}",
            path.display()
        )
    });
    let suite: serde_json::Value = serde_json::from_str(&text).expect("the suite file is JSON");
    let mut trials = Vec::new();
    let parse_cases = suite["parse"].as_array().cloned().unwrap_or_default();
    let error_cases = suite["error"].as_array().cloned().unwrap_or_default();
    for (i, case) in parse_cases.iter().enumerate() {
        let input = case["input"].as_str().unwrap_or_default().to_owned();
        let expected = case["expected"].clone();
        trials.push(Trial::test(format!("parse_{i:03}"), move || {
            let parsed = parse(&input).map_err(|e| Failed::from(format!("{input:?}: {e}")))?;
            let got = serde_json::Value::Object(
                parsed
                    .iter()
                    .map(|(k, v)| (k.clone(), to_json(v)))
                    .collect(),
            );
            if got == expected {
                Ok(())
            } else {
                Err(format!("{input:?}: expected {expected}, got {got}").into())
            }
        }));
    }
    for (i, case) in error_cases.iter().enumerate() {
        let input = case["input"].as_str().unwrap_or_default().to_owned();
        trials.push(Trial::test(format!("error_{i:03}"), move || {
            match parse(&input) {
                Ok(v) => Err(format!("{input:?} parsed as {v:?}, expected an error").into()),
                Err(_) => Ok(()),
            }
        }));
    }
    // The brief asks the suite to print its counts.
    #[expect(clippy::print_stderr, reason = "test runner output")]
    {
        eprintln!(
            "shorthand conformance: {} parse cases, {} error cases from {}",
            parse_cases.len(),
            error_cases.len(),
            path.display()
        );
    }
    libtest_mimic::run(&args, trials).exit();
}
