//! Runs the JMESPath compliance suite (jmespath.test) from
//! `../shared/conformance/jmespath/` in place, one libtest-mimic test per case.
use awscli_jmespath::{compile, python, JmespathError};
use awscli_model::Value;
use libtest_mimic::{Arguments, Failed, Trial};
use std::path::PathBuf;

fn suite_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/jmespath")
}

fn to_value(json: &serde_json::Value) -> Value {
    python::from_json(json.clone())
}

fn error_kind(err: &JmespathError) -> &'static str {
    match err {
        JmespathError::Syntax(_) => "syntax",
        JmespathError::InvalidType(_) | JmespathError::Runtime(_) => "invalid-type",
        JmespathError::InvalidArity(_) => "invalid-arity",
        JmespathError::UnknownFunction(_) => "unknown-function",
        JmespathError::InvalidValue(_) => "invalid-value",
    }
}

fn run_case(
    given: &Value,
    expression: &str,
    expected: Option<&Value>,
    error: Option<&str>,
) -> Result<(), Failed> {
    let compiled = compile(expression);
    if let Some(kind) = error {
        let err = match compiled {
            Err(e) => e,
            Ok(c) => match c.search(given) {
                Err(e) => e,
                Ok(v) => return Err(format!("expected {kind} error, got {v:?}").into()),
            },
        };
        if kind == "syntax" && !matches!(err, JmespathError::Syntax(_)) {
            return Err(format!("expected a compile-time syntax error, got {err:?}").into());
        }
        if error_kind(&err) != kind {
            return Err(format!("expected {kind}, got {err:?}").into());
        }
        return Ok(());
    }
    let compiled = compiled.map_err(|e| format!("compile failed: {e}"))?;
    let actual = compiled
        .search(given)
        .map_err(|e| format!("search failed: {e}"))?;
    match expected {
        Some(expected) if !equal(&actual, expected) => {
            Err(format!("expected {expected:?}\n     got {actual:?}").into())
        }
        _ => Ok(()),
    }
}

/// JSON equality (numbers by value, maps regardless of order).
fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Integer(x), Value::Float(y)) | (Value::Float(y), Value::Integer(x)) => {
            *x as f64 == *y
        }
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| equal(v, w)))
        }
        _ => a == b,
    }
}

// The harness reports the suite's case counts on stderr, next to libtest's summary.
#[allow(clippy::print_stderr)]
fn main() {
    let args = Arguments::from_args();
    let dir = suite_dir();
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect(),
        Err(e) => panic!(
            "JMESPath compliance suite missing at {}: {e}",
            dir.display()
        ),
    };
    entries.sort();
    let mut trials = Vec::new();
    let (mut results, mut errors, mut benches) = (0, 0, 0);
    for path in entries {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        let groups: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()));
        for (g, group) in groups.as_array().into_iter().flatten().enumerate() {
            let given = to_value(&group["given"]);
            for (c, case) in group["cases"].as_array().into_iter().flatten().enumerate() {
                let expression = case["expression"].as_str().unwrap_or_default().to_owned();
                let expected = case.get("result").map(to_value);
                let error = case
                    .get("error")
                    .and_then(|e| e.as_str())
                    .map(str::to_owned);
                // Benchmark cases carry no expected result: run them as plain
                // cases that must evaluate without error.
                match (&expected, &error) {
                    (_, Some(_)) => errors += 1,
                    (Some(_), None) => results += 1,
                    (None, None) => benches += 1,
                }
                let given = given.clone();
                let name = format!("{stem}::{g}::{c}::{}", expression.escape_debug());
                trials.push(Trial::test(name, move || {
                    run_case(&given, &expression, expected.as_ref(), error.as_deref())
                }));
            }
        }
    }
    eprintln!(
        "jmespath compliance: {results} result cases, {errors} error cases, {benches} bench cases"
    );
    libtest_mimic::run(&args, trials).exit();
}
