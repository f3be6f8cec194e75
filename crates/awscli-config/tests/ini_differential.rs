//! Differential conformance: every INI fixture is parsed by our `raw_config_parse` +
//! `build_profile_map` and by botocore's `configloader.py` (the pinned botocore 1.43.67 sdist, run
//! with python3), and the results must be identical, key order included.
//!
//! Fixtures are read in place: this crate's `tests/fixtures/ini/*.ini` (weird whitespace,
//! comments, continuation lines, duplicates, quoting, encodings) and botocore's own
//! `tests/unit/cfg/*`. One test per file. When python3 or the botocore sdist is missing, the
//! cases are reported as ignored.

use std::path::{Path, PathBuf};
use std::process::Command;

use awscli_config::config_file::{build_profile_map, raw_config_parse, ConfigSection, ConfigValue};
use indexmap::IndexMap;
use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::{Map, Value};

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn botocore_root() -> PathBuf {
    crate_dir().join("../../.cache/botocore-1.43.67")
}

fn fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in [
        crate_dir().join("tests/fixtures/ini"),
        botocore_root().join("tests/unit/cfg"),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let is_fixture =
                path.is_file() && path.extension().and_then(|e| e.to_str()) != Some("py");
            if is_fixture {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn section_json(section: &ConfigSection) -> Value {
    let mut map = Map::new();
    for (key, value) in section {
        let value = match value {
            ConfigValue::String(s) => Value::String(s.clone()),
            ConfigValue::Nested(nested) => Value::Object(
                nested
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect(),
            ),
        };
        map.insert(key.clone(), value);
    }
    Value::Object(map)
}

fn sections_json(sections: &IndexMap<String, ConfigSection>) -> Value {
    Value::Object(
        sections
            .iter()
            .map(|(name, section)| (name.clone(), section_json(section)))
            .collect(),
    )
}

/// Our result in the shape the Python helper prints.
fn ours(path: &Path) -> Value {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => return serde_json::json!({ "error": error.to_string() }),
    };
    match raw_config_parse(&bytes) {
        Err(_) => serde_json::json!({ "error": "ConfigParseError" }),
        Ok(raw) => {
            let file = build_profile_map(&raw.sections);
            // build_profile_map's dict: other sections in file order, then the three maps.
            let mut loaded = Map::new();
            for (name, section) in &file.sections {
                loaded.insert(name.clone(), section_json(section));
            }
            loaded.insert("profiles".into(), sections_json(&file.profiles));
            loaded.insert("sso_sessions".into(), sections_json(&file.sso_sessions));
            loaded.insert("services".into(), sections_json(&file.services));
            let mut result = Map::new();
            result.insert("raw".into(), sections_json(&raw.sections));
            result.insert("loaded".into(), Value::Object(loaded));
            Value::Object(result)
        }
    }
}

fn reference(files: &[PathBuf]) -> Result<Map<String, Value>, String> {
    let output = Command::new("python3")
        .arg(crate_dir().join("tests/reference_configloader.py"))
        .arg(botocore_root())
        .args(files)
        .env("PYTHONUTF8", "1")
        .output()
        .map_err(|e| format!("python3 not runnable: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "reference helper failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    match serde_json::from_slice(&output.stdout) {
        Ok(Value::Object(map)) => Ok(map),
        other => Err(format!("unexpected helper output: {other:?}")),
    }
}

fn compare(path: &Path, expected: &Value) -> Result<(), Failed> {
    let actual = ours(path);
    // Only success vs failure is compared for errors; the message is always the path.
    let normalize = |v: &Value| match v.get("error") {
        Some(_) => "error".to_string(),
        None => v.to_string(),
    };
    let (actual, expected) = (normalize(&actual), normalize(expected));
    if actual == expected {
        Ok(())
    } else {
        Err(format!("ours:      {actual}\nreference: {expected}").into())
    }
}

fn main() {
    let args = Arguments::from_args();
    let files = fixtures();
    let reference = if botocore_root().join("botocore/configloader.py").is_file() {
        reference(&files)
    } else {
        Err("botocore sdist not found".to_string())
    };
    let trials = files
        .iter()
        .map(|path| {
            let name = format!(
                "{}/{}",
                path.parent()
                    .and_then(|p| p.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            );
            match &reference {
                Ok(map) => {
                    let expected = map
                        .get(&path.to_string_lossy().into_owned())
                        .cloned()
                        .unwrap_or(Value::Null);
                    let path = path.clone();
                    Trial::test(name, move || compare(&path, &expected))
                }
                // Reported as ignored, with the reason in the name.
                Err(reason) => Trial::test(format!("{name} (skipped: {reason})"), || Ok(()))
                    .with_ignored_flag(true),
            }
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
