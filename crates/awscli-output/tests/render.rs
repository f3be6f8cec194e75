//! Renders the sample documents of `tests/data/render_cases.json` in every
//! format and compares with the bytes the reference AWS CLI's own
//! formatters produced for them (regenerate with `tests/data/generate.py`).
use awscli_jmespath::python::from_json;
use awscli_model::Value;
use awscli_output::{
    render_json, render_table, render_text, render_yaml, table::TableOptions, OutputError,
};

fn render(format: &str, value: &Value) -> Result<String, OutputError> {
    let mut out = Vec::new();
    match format {
        "json" => render_json(value, &mut out)?,
        "text" => render_text(value, &mut out)?,
        "yaml" => render_yaml(value, &mut out)?,
        "table" => render_table("ListUsers", value, &TableOptions::default(), &mut out)?,
        "table-color" => {
            let options = TableOptions {
                color: true,
                terminal_width: 80,
            };
            render_table("ListUsers", value, &options, &mut out)?
        }
        other => panic!("unknown format {other}"),
    }
    Ok(String::from_utf8(out).expect("renderers write UTF-8"))
}

#[test]
#[allow(clippy::print_stderr)] // reports how many renderings were compared
fn render_matches_reference_formatters() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/render_cases.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let cases: serde_json::Value = serde_json::from_str(&text).expect("render_cases.json is JSON");
    let mut failures = Vec::new();
    let mut checked = 0;
    for (i, case) in cases
        .as_array()
        .expect("a list of cases")
        .iter()
        .enumerate()
    {
        let input = from_json(case["input"].clone());
        for format in ["json", "text", "yaml", "table", "table-color"] {
            checked += 1;
            let expected = &case[format];
            let actual = render(format, &input);
            let ok = match (expected.as_str(), &actual) {
                (Some(e), Ok(a)) => e == a,
                (None, Err(err)) => expected["error"].as_str() == Some(err.to_string().as_str()),
                _ => false,
            };
            if !ok {
                failures.push(format!(
                    "case {i} {format}:\n--- expected\n{}\n--- actual\n{}",
                    expected
                        .as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| expected.to_string()),
                    match actual {
                        Ok(a) => a,
                        Err(e) => format!("error: {e}"),
                    }
                ));
            }
        }
    }
    eprintln!("checked {checked} renderings against the reference");
    assert!(
        failures.is_empty(),
        "{} of {checked} renderings differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
