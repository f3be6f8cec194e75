//! botocore's protocol suites (`tests/unit/protocols/{input,output}` and
//! `legacy/`), run as data from the pinned botocore sdist, one test per case.
//!
//! This follows botocore's `tests/unit/test_protocols.py`: each suite's
//! `metadata` and `shapes` plus the case's `given` become a
//! `service-2.json` document; input cases compare the serialized request
//! (JSON bodies semantically, XML canonicalised, query/ec2 bodies as form
//! pairs, CBOR decoded; expected headers present; URI; method; host) and
//! output cases compare the parsed result (timestamps as epoch seconds,
//! blobs as UTF-8 text, special floats as strings). Cases in botocore's
//! `protocol-tests-ignore-list.json` are reported as ignored, and so are
//! the cases in [`SKIPPED`], each with its reason.
//!
//! The sdist is found through `AWSCLI_BOTOCORE_SDIST`, by default
//! `<workspace>/.cache/botocore-<scripts/botocore-version>`
//! (`scripts/fetch-botocore` downloads it).
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use awscli_model::{Service, Value};
use awscli_protocol::{
    parse_response_with, serialize_request, HttpResponse, ParseOptions, ParseOutcome,
};
use base64::Engine;
use indexmap::IndexMap;
use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::{json, Map, Value as Json};

/// Cases skipped beyond botocore's ignore list: (test name, reason).
const SKIPPED: &[(&str, &str)] = &[
    (
        "output::legacy-json::6:0 RPC JSON Event Stream",
        "event streams are not supported (parse_response returns EventStreamUnsupported)",
    ),
    (
        "output::legacy-rest-xml::14:0 REST XML Event Stream",
        "event streams are not supported (parse_response returns EventStreamUnsupported)",
    ),
    (
        "output::legacy-rest-xml::14:1 REST XML Event Stream",
        "event streams are not supported (parse_response returns EventStreamUnsupported)",
    ),
    (
        "output::legacy-rest-xml::14:2 REST XML Event Stream",
        "event streams are not supported (parse_response returns EventStreamUnsupported)",
    ),
];

fn sdist_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("AWSCLI_BOTOCORE_SDIST") {
        return PathBuf::from(dir);
    }
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let version = std::fs::read_to_string(workspace.join("scripts/botocore-version"))
        .expect("scripts/botocore-version is readable")
        .trim()
        .to_owned();
    workspace.join(format!(".cache/botocore-{version}"))
}

struct IgnoreList(Json);

impl IgnoreList {
    fn list<'a>(node: Option<&'a Json>, kind: &str) -> Vec<&'a str> {
        node.and_then(|n| n.get(kind))
            .and_then(Json::as_array)
            .map(|a| a.iter().filter_map(Json::as_str).collect())
            .unwrap_or_default()
    }

    /// `_should_ignore_test`.
    fn ignored(&self, protocol: &str, test_type: &str, suite: &str, case: Option<&str>) -> bool {
        let general = self.0.get("general").and_then(|g| g.get(test_type));
        let proto = self
            .0
            .get("protocols")
            .and_then(|p| p.get(protocol))
            .and_then(|p| p.get(test_type));
        for node in [general, proto] {
            if Self::list(node, "suites").contains(&suite) {
                return true;
            }
            if let Some(case) = case {
                if Self::list(node, "cases").contains(&case) {
                    return true;
                }
            }
        }
        false
    }
}

/// Rewrites `"xmlNamespace": "uri"` as `{"uri": "uri"}` (botocore accepts
/// both forms; awscli-model reads the object form).
fn normalize_namespaces(v: &mut Json) {
    match v {
        Json::Object(map) => {
            if let Some(Json::String(uri)) = map.get("xmlNamespace") {
                let uri = uri.clone();
                map.insert("xmlNamespace".into(), json!({ "uri": uri }));
            }
            for child in map.values_mut() {
                normalize_namespaces(child);
            }
        }
        Json::Array(items) => items.iter_mut().for_each(normalize_namespaces),
        _ => {}
    }
}

/// The legacy suites put two traits where botocore's merge of reference
/// and shape still finds them but awscli-model does not read them (no
/// current model does this): `payload` on the operation's `input`/`output`
/// reference, and `location` on a shape rather than on the member
/// reference. Move them to the equivalent place.
fn hoist_legacy_traits(doc: &mut Json) {
    let mut payloads = Vec::new();
    if let Some(ops) = doc["operations"].as_object() {
        for op in ops.values() {
            for key in ["input", "output"] {
                if let (Some(shape), Some(payload)) = (
                    op.get(key)
                        .and_then(|r| r.get("shape"))
                        .and_then(Json::as_str),
                    op.get(key).and_then(|r| r.get("payload")),
                ) {
                    payloads.push((shape.to_owned(), payload.clone()));
                }
            }
        }
    }
    let shapes = doc["shapes"].as_object_mut().expect("shapes is an object");
    for (shape, payload) in payloads {
        if let Some(obj) = shapes.get_mut(&shape).and_then(Json::as_object_mut) {
            obj.entry("payload").or_insert(payload);
        }
    }
    let located: std::collections::HashMap<String, Json> = shapes
        .iter()
        .filter_map(|(name, s)| s.get("location").map(|l| (name.clone(), l.clone())))
        .collect();
    for shape in shapes.values_mut() {
        let Some(obj) = shape.as_object_mut() else {
            continue;
        };
        let mut refs: Vec<&mut Json> = Vec::new();
        if let Some(Json::Object(members)) = obj.get_mut("members") {
            refs.extend(members.values_mut());
        }
        for r in refs {
            let target = r.get("shape").and_then(Json::as_str).map(str::to_owned);
            if let (Some(target), Some(r)) = (target, r.as_object_mut()) {
                if let Some(location) = located.get(&target) {
                    r.entry("location").or_insert(location.clone());
                }
            }
        }
    }
}

fn build_service(suite: &Json, case: &Json) -> Result<(Service, String), Failed> {
    let given = case.get("given").cloned().unwrap_or_else(|| json!({}));
    let name = given
        .get("name")
        .and_then(Json::as_str)
        .unwrap_or("OperationName")
        .to_owned();
    let mut operations = Map::new();
    operations.insert(name.clone(), given);
    let mut doc = json!({
        "metadata": suite["metadata"].clone(),
        "shapes": suite.get("shapes").cloned().unwrap_or_else(|| json!({})),
        "operations": operations,
    });
    normalize_namespaces(&mut doc);
    hoist_legacy_traits(&mut doc);
    let service = Service::from_service_json("protocol-test", doc.to_string())
        .map_err(|e| Failed::from(format!("model: {e}")))?;
    Ok((service, name))
}

/// Case parameters as a [`Value`]; top-level `"Infinity"`, `"-Infinity"`,
/// `"NaN"` become floats (`_convert_strings_to_special_float`).
fn params_value(params: &Json) -> Value {
    let mut v = json_to_value(params);
    if let Value::Map(map) = &mut v {
        for value in map.values_mut() {
            let special = match value.as_str() {
                Some("Infinity") => Some(f64::INFINITY),
                Some("-Infinity") => Some(f64::NEG_INFINITY),
                Some("NaN") => Some(f64::NAN),
                _ => None,
            };
            if let Some(f) = special {
                *value = Value::Float(f);
            }
        }
    }
    v
}

fn json_to_value(j: &Json) -> Value {
    match j {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Json::String(s) => Value::String(s.clone()),
        Json::Array(a) => Value::List(a.iter().map(json_to_value).collect()),
        Json::Object(o) => Value::Map(
            o.iter()
                .map(|(k, v)| (k.clone(), json_to_value(v)))
                .collect::<IndexMap<_, _>>(),
        ),
    }
}

fn special_float(f: f64) -> Json {
    if f.is_nan() {
        json!("NaN")
    } else if f == f64::INFINITY {
        json!("Infinity")
    } else if f == f64::NEG_INFINITY {
        json!("-Infinity")
    } else {
        serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number)
    }
}

/// A parsed [`Value`] as the suites write results (`_fixup_parsed_result`).
fn value_to_json(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Integer(i) => json!(i),
        Value::Float(f) => special_float(*f),
        Value::String(s) => json!(s),
        Value::Blob(b) => json!(String::from_utf8_lossy(b)),
        Value::Timestamp(ts) => special_float(ts.as_epoch_f64()),
        Value::List(items) => Json::Array(items.iter().map(value_to_json).collect()),
        Value::Map(m) => Json::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), value_to_json(v)))
                .collect(),
        ),
    }
}

/// Python `==` on the parsed values: dicts unordered, ints equal floats.
fn py_eq(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            x == y || (x - y).abs() <= 1e-6 * x.abs().max(1.0)
        }
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| py_eq(a, b))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| py_eq(v, w)))
        }
        _ => a == b,
    }
}

// ---- body comparison ----

/// A canonical XML tree: tag, sorted attributes, trimmed text, children.
#[derive(Debug, PartialEq)]
struct Canon {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<Canon>,
}

fn canonical_xml(text: &str) -> Option<Canon> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Canon> = Vec::new();
    let mut root = None;
    let open = |e: &quick_xml::events::BytesStart<'_>| -> Option<Canon> {
        let mut attrs: Vec<(String, String)> = e
            .attributes()
            .map(|a| {
                a.ok().map(|a| {
                    (
                        String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                        a.unescape_value()
                            .map(|v| v.into_owned())
                            .unwrap_or_default(),
                    )
                })
            })
            .collect::<Option<_>>()?;
        attrs.sort();
        Some(Canon {
            name: String::from_utf8_lossy(e.name().as_ref()).into_owned(),
            attrs,
            text: String::new(),
            children: Vec::new(),
        })
    };
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) => stack.push(open(&e)?),
            Event::Empty(e) => {
                let el = open(&e)?;
                match stack.last_mut() {
                    Some(p) => p.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::End(_) => {
                let mut el = stack.pop()?;
                el.text = el.text.trim().to_owned();
                match stack.last_mut() {
                    Some(p) => p.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.unescape().ok()?);
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&t.into_inner()));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    root
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match u8::from_str_radix(&s[i + 1..i + 3], 16) {
                Ok(b) => {
                    out.push(b);
                    i += 2;
                }
                Err(_) => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn form_pairs(body: &str) -> Vec<(String, String)> {
    if body.is_empty() {
        return Vec::new();
    }
    body.split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn cbor_to_json(bytes: &[u8]) -> Result<Json, String> {
    let item: ciborium::Value = ciborium::from_reader(bytes).map_err(|e| e.to_string())?;
    fn conv(v: &ciborium::Value) -> Json {
        use ciborium::Value as C;
        match v {
            C::Integer(i) => json!(i128::from(*i) as f64),
            C::Bytes(b) => json!(String::from_utf8_lossy(b)),
            C::Float(f) => special_float(*f),
            C::Text(t) => json!(t),
            C::Bool(b) => json!(b),
            C::Null => Json::Null,
            C::Tag(_, inner) => conv(inner),
            C::Array(a) => Json::Array(a.iter().map(conv).collect()),
            C::Map(m) => Json::Object(
                m.iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| {
                        let key = match k {
                            C::Text(t) => t.clone(),
                            other => format!("{other:?}"),
                        };
                        (key, conv(v))
                    })
                    .collect(),
            ),
            _ => Json::Null,
        }
    }
    Ok(conv(&item))
}

fn check(cond: bool, what: impl FnOnce() -> String) -> Result<(), Failed> {
    if cond {
        Ok(())
    } else {
        Err(what().into())
    }
}

fn run_input(suite: &Json, case: &Json, protocol_file: &str) -> Result<(), Failed> {
    let (service, op_name) = build_service(suite, case)?;
    let operation = service
        .operation(&op_name)
        .map_err(|e| Failed::from(e.to_string()))?;
    let protocol = service.protocol().to_owned();
    let params = params_value(case.get("params").unwrap_or(&json!({})));
    let request = serialize_request(&service, operation, &params)
        .map_err(|e| Failed::from(format!("serialize ({protocol_file}): {e}")))?;
    let expected = &case["serialized"];
    let actual_body = String::from_utf8_lossy(&request.body).into_owned();

    // Body.
    if protocol == "smithy-rpc-v2-cbor" && !request.body.is_empty() {
        let want = base64::engine::general_purpose::STANDARD
            .decode(expected["body"].as_str().unwrap_or(""))
            .map_err(|e| Failed::from(e.to_string()))?;
        let a = cbor_to_json(&request.body)?;
        let b = cbor_to_json(&want)?;
        check(py_eq(&a, &b), || {
            format!("CBOR body\nactual:   {a}\nexpected: {b}")
        })?;
    } else if let Some(want) = expected.get("body").and_then(Json::as_str) {
        match protocol.as_str() {
            "json" | "rest-json" => {
                let parsed = (
                    serde_json::from_str::<Json>(&actual_body),
                    serde_json::from_str::<Json>(want),
                );
                match parsed {
                    (Ok(a), Ok(b)) => check(py_eq(&a, &b), || {
                        format!("JSON body\nactual:   {a}\nexpected: {b}")
                    })?,
                    _ => check(actual_body == want, || {
                        format!("body\nactual:   {actual_body:?}\nexpected: {want:?}")
                    })?,
                }
            }
            "rest-xml" => match (canonical_xml(&actual_body), canonical_xml(want)) {
                (Some(a), Some(b)) => check(a == b, || {
                    format!("XML body\nactual:   {actual_body}\nexpected: {want}")
                })?,
                _ => check(actual_body == want, || {
                    format!("body\nactual:   {actual_body:?}\nexpected: {want:?}")
                })?,
            },
            "query" | "ec2" => check(form_pairs(&actual_body) == form_pairs(want), || {
                format!("form body\nactual:   {actual_body}\nexpected: {want}")
            })?,
            _ => check(actual_body == want, || {
                format!("body\nactual:   {actual_body:?}\nexpected: {want:?}")
            })?,
        }
    }

    // Headers.
    let mut want_headers: Vec<(String, String)> = expected
        .get("headers")
        .and_then(Json::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let mut actual_headers = request.headers.clone();
    // `_clean_list_header_values`.
    if let Some(input) = &operation.input {
        let shape = service
            .resolve(input)
            .map_err(|e| Failed::from(e.to_string()))?;
        for (name, member) in &shape.members {
            let target = service
                .resolve(member)
                .map_err(|e| Failed::from(e.to_string()))?;
            let header_name = member.location_name.as_deref().unwrap_or(name);
            if member.location != Some(awscli_model::Location::Header)
                || target.kind != awscli_model::ShapeType::List
                || member.location_name.is_none()
            {
                continue;
            }
            for (k, v) in want_headers.iter_mut() {
                if k.eq_ignore_ascii_case(header_name) {
                    *v = v.replace(", ", ",");
                }
            }
            let member_is_timestamp = target
                .member
                .as_ref()
                .and_then(|m| service.resolve(m).ok())
                .is_some_and(|s| s.kind == awscli_model::ShapeType::Timestamp);
            if member_is_timestamp {
                for (k, v) in actual_headers.iter_mut() {
                    if k.eq_ignore_ascii_case(header_name) {
                        *v = v.replace(", ", ",");
                    }
                }
            }
        }
    }
    match protocol.as_str() {
        "query" | "ec2" => {
            for (k, v) in want_headers.iter_mut() {
                if k.eq_ignore_ascii_case("Content-Type") && !v.contains("charset=utf-8") {
                    v.push_str("; charset=utf-8");
                }
            }
        }
        "rest-xml" => want_headers.retain(|(k, _)| !k.eq_ignore_ascii_case("Content-Type")),
        "rest-json" => want_headers
            .retain(|(k, v)| !(k.eq_ignore_ascii_case("Content-Type") && v != "application/json")),
        _ => {}
    }
    let actual_header = |name: &str| {
        actual_headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    for (k, v) in &want_headers {
        check(actual_header(k) == Some(v.as_str()), || {
            format!(
                "header {k}\nactual:   {:?}\nexpected: {v:?}\nall: {actual_headers:?}",
                actual_header(k)
            )
        })?;
    }
    if let Some(forbid) = expected.get("forbidHeaders").and_then(Json::as_array) {
        for h in forbid.iter().filter_map(Json::as_str) {
            check(actual_header(h).is_none(), || {
                format!("forbidden header {h} present")
            })?;
        }
    }
    let want_uri = expected.get("uri").and_then(Json::as_str).unwrap_or("");
    check(request.url_path == want_uri, || {
        format!("URI\nactual:   {}\nexpected: {want_uri}", request.url_path)
    })?;
    if let Some(method) = expected.get("method").and_then(Json::as_str) {
        check(request.method == method, || {
            format!("method {} != {method}", request.method)
        })?;
    }
    if let Some(host) = expected.get("host").and_then(Json::as_str) {
        let endpoint = suite
            .get("clientEndpoint")
            .and_then(Json::as_str)
            .unwrap_or("");
        let netloc = endpoint
            .split_once("://")
            .map_or(endpoint, |(_, rest)| rest)
            .split('/')
            .next()
            .unwrap_or("");
        let actual = format!("{}{netloc}", request.host_prefix.as_deref().unwrap_or(""));
        check(actual == host, || format!("host {actual} != {host}"))?;
    }
    Ok(())
}

fn run_output(suite: &Json, case: &Json) -> Result<(), Failed> {
    let (service, op_name) = build_service(suite, case)?;
    let operation = service
        .operation(&op_name)
        .map_err(|e| Failed::from(e.to_string()))?;
    let protocol = service.protocol().to_owned();
    let resp = &case["response"];
    let body = match resp.get("body").and_then(Json::as_str) {
        Some(b) if protocol == "smithy-rpc-v2-cbor" => base64::engine::general_purpose::STANDARD
            .decode(b)
            .map_err(|e| Failed::from(e.to_string()))?,
        Some(b) => b.as_bytes().to_vec(),
        None if protocol == "query" => b"<xml/>".to_vec(),
        None => Vec::new(),
    };
    let response = HttpResponse {
        status: resp
            .get("status_code")
            .and_then(Json::as_u64)
            .unwrap_or(200) as u16,
        headers: resp
            .get("headers")
            .and_then(Json::as_object)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                    .collect()
            })
            .unwrap_or_default(),
        body,
    };
    let options = ParseOptions {
        keep_streaming_body: true,
    };
    let parsed = parse_response_with(&service, operation, &response, &options);
    let (actual, expected) = if case.get("error").is_some() {
        let err = match parsed {
            Err(ParseOutcome::Service(e)) => e,
            other => return Err(format!("expected a service error, got {other:?}").into()),
        };
        let mut actual = Map::new();
        actual.insert(
            "Error".into(),
            json!({"Code": err.code, "Message": err.message}),
        );
        for (k, v) in &err.fields {
            actual.insert(k.clone(), value_to_json(v));
        }
        let mut expected = Map::new();
        expected.insert(
            "Error".into(),
            json!({
                "Code": case.get("errorCode").cloned().unwrap_or(json!("")),
                "Message": case.get("errorMessage").cloned().unwrap_or(json!("")),
            }),
        );
        if let Some(Json::Object(fields)) = case.get("error") {
            expected.extend(fields.clone());
        }
        (Json::Object(actual), Json::Object(expected))
    } else {
        let value = parsed.map_err(|e| Failed::from(format!("parse: {e:?}")))?;
        (value_to_json(&value), case["result"].clone())
    };
    check(py_eq(&actual, &expected), || {
        format!("result\nactual:   {actual}\nexpected: {expected}")
    })
}

fn main() {
    let args = Arguments::from_args();
    let root = sdist_dir().join("tests/unit/protocols");
    let ignore: Json = serde_json::from_str(
        &std::fs::read_to_string(root.join("protocol-tests-ignore-list.json")).unwrap_or_else(|e| {
            panic!(
                "cannot read the botocore protocol suites under {} ({e}); run scripts/fetch-botocore or set AWSCLI_BOTOCORE_SDIST",
                root.display()
            )
        }),
    )
    .expect("the ignore list is JSON");
    let ignore = IgnoreList(ignore);
    let skipped: std::collections::HashMap<&str, &str> = SKIPPED.iter().copied().collect();
    let mut trials = Vec::new();
    let mut names = HashSet::new();
    let (mut n_ignored, mut n_skipped) = (0, 0);
    for (dir, legacy) in [("", false), ("legacy/", true)] {
        for kind in ["input", "output"] {
            let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(format!("{dir}{kind}")))
                .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            files.sort();
            for file in files {
                if file.extension().and_then(|e| e.to_str()) != Some("json") {
                    continue;
                }
                let protocol = file
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or_default()
                    .to_owned();
                let suites: Vec<Json> = serde_json::from_str(
                    &std::fs::read_to_string(&file).expect("suite file is readable"),
                )
                .expect("suite file is JSON");
                for (si, suite) in suites.iter().enumerate() {
                    let description = suite["description"].as_str().unwrap_or_default();
                    let Some(cases) = suite["cases"].as_array() else {
                        continue;
                    };
                    for (ci, case) in cases.iter().enumerate() {
                        let key = if kind == "input" {
                            "params"
                        } else {
                            "response"
                        };
                        if case.get(key).is_none() {
                            continue;
                        }
                        let id = case.get("id").and_then(Json::as_str);
                        let prefix = if legacy {
                            format!("legacy-{protocol}")
                        } else {
                            protocol.clone()
                        };
                        let mut name = match id {
                            Some(id) => format!("{kind}::{prefix}::{id}"),
                            None => format!("{kind}::{prefix}::{si}:{ci} {description}"),
                        };
                        if !names.insert(name.clone()) {
                            name = format!("{name} ({si}:{ci})");
                            names.insert(name.clone());
                        }
                        let ignored = ignore.ignored(&protocol, kind, description, id);
                        let skip = skipped.contains_key(name.as_str());
                        n_ignored += usize::from(ignored);
                        n_skipped += usize::from(skip && !ignored);
                        let suite = suite.clone();
                        let case = case.clone();
                        let proto = protocol.clone();
                        let trial = if kind == "input" {
                            Trial::test(name, move || run_input(&suite, &case, &proto))
                        } else {
                            Trial::test(name, move || run_output(&suite, &case))
                        };
                        trials.push(trial.with_ignored_flag(ignored || skip));
                    }
                }
            }
        }
    }
    let total = trials.len();
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "botocore protocol suites: {total} cases, {n_ignored} on botocore's ignore list, {n_skipped} in SKIPPED"
        );
    }
    libtest_mimic::run(&args, trials).exit();
}
