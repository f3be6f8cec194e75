//! `--output text` (`awscli/text.py` and `TextFormatter` in
//! `awscli/formatter.py`): tab-separated lines, scalar values of a dict in
//! sorted-key order, nested values under an upper-cased identifier.
//!
//! Paginated results are printed one page at a time, with `--query`
//! applied to each page: see [`paginated_text_page`] and
//! [`next_token_page`] for the values the reference builds per page.
use crate::OutputError;
use awscli_jmespath::python::{blob_text, float_repr, timestamp_text};
use awscli_model::Value;
use indexmap::IndexMap;
use std::collections::BTreeSet;
use std::io::Write;

/// Writes one value (a whole response, or one page) in text form.
pub fn render_text(value: &Value, out: &mut dyn Write) -> Result<(), OutputError> {
    let mut text = String::new();
    format_text(value, &mut text, None, None)?;
    out.write_all(text.as_bytes())?;
    Ok(())
}

type Formatted = Result<(), OutputError>;

/// Python's `str()` of a scalar as the text format prints it.
pub(crate) fn scalar_text(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => float_repr(*f),
        Value::String(s) => s.clone(),
        Value::Blob(b) => blob_text(b),
        Value::Timestamp(ts) => timestamp_text(ts),
        other => awscli_jmespath::python::repr(other),
    }
}

fn is_container(value: &Value) -> bool {
    matches!(value, Value::List(_) | Value::Map(_))
}

fn format_text(
    item: &Value,
    out: &mut String,
    identifier: Option<&str>,
    scalar_keys: Option<&[String]>,
) -> Formatted {
    match item {
        Value::Map(map) => format_dict(scalar_keys, map, identifier, out),
        Value::List(items) => format_list(items, identifier, out),
        scalar => {
            out.push_str(&scalar_text(scalar));
            out.push('\n');
            Ok(())
        }
    }
}

fn format_list(items: &[Value], identifier: Option<&str>, out: &mut String) -> Formatted {
    if items.is_empty() {
        return Ok(());
    }
    if items.iter().any(|e| matches!(e, Value::Map(_))) {
        let all_keys = all_scalar_keys(items)?;
        for element in items {
            format_text(element, out, identifier, Some(&all_keys))?;
        }
    } else if items.iter().any(|e| matches!(e, Value::List(_))) {
        let (scalars, non_scalars): (Vec<&Value>, Vec<&Value>) =
            items.iter().partition(|e| !is_container(e));
        if !scalars.is_empty() {
            format_scalar_list(&scalars, identifier, out);
        }
        for non_scalar in non_scalars {
            format_text(non_scalar, out, identifier, None)?;
        }
    } else {
        let all: Vec<&Value> = items.iter().collect();
        format_scalar_list(&all, identifier, out);
    }
    Ok(())
}

fn format_scalar_list(elements: &[&Value], identifier: Option<&str>, out: &mut String) {
    match identifier {
        Some(identifier) => {
            for item in elements {
                out.push_str(&identifier.to_uppercase());
                out.push('\t');
                out.push_str(&scalar_text(item));
                out.push('\n');
            }
        }
        None => {
            let parts: Vec<String> = elements.iter().map(|e| scalar_text(e)).collect();
            out.push_str(&parts.join("\t"));
            out.push('\n');
        }
    }
}

fn format_dict(
    scalar_keys: Option<&[String]>,
    map: &IndexMap<String, Value>,
    identifier: Option<&str>,
    out: &mut String,
) -> Formatted {
    let (mut scalars, non_scalars) = partition_dict(map, scalar_keys);
    if !scalars.is_empty() {
        if let Some(identifier) = identifier {
            scalars.insert(0, identifier.to_uppercase());
        }
        out.push_str(&scalars.join("\t"));
        out.push('\n');
    }
    for (key, value) in non_scalars {
        format_text(value, out, Some(key), None)?;
    }
    Ok(())
}

fn all_scalar_keys(items: &[Value]) -> Result<Vec<String>, OutputError> {
    let mut seen = BTreeSet::new();
    for item in items {
        let Value::Map(map) = item else {
            // The reference calls `.items()` on every element.
            return Err(OutputError::Format(format!(
                "'{}' object has no attribute 'items'",
                python_type_name(item)
            )));
        };
        for (key, value) in map {
            if !is_container(value) {
                seen.insert(key.clone());
            }
        }
    }
    Ok(seen.into_iter().collect())
}

pub(crate) fn python_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Integer(_) => "int",
        Value::Float(_) => "float",
        Value::List(_) => "list",
        Value::Map(_) => "dict",
        Value::String(_) | Value::Blob(_) | Value::Timestamp(_) => "str",
    }
}

fn partition_dict<'a>(
    map: &'a IndexMap<String, Value>,
    scalar_keys: Option<&[String]>,
) -> (Vec<String>, Vec<(&'a str, &'a Value)>) {
    let mut scalars = Vec::new();
    let mut non_scalars = Vec::new();
    match scalar_keys {
        None => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            for (key, value) in entries {
                if is_container(value) {
                    non_scalars.push((key.as_str(), value));
                } else {
                    scalars.push(scalar_text(value));
                }
            }
        }
        Some(keys) => {
            for key in keys {
                scalars.push(map.get(key).map(scalar_text).unwrap_or_default());
            }
            let mut remaining: Vec<&String> = map.keys().filter(|k| !keys.contains(k)).collect();
            remaining.sort();
            for key in remaining {
                if let Some(value) = map.get(key) {
                    non_scalars.push((key.as_str(), value));
                }
            }
        }
    }
    (scalars, non_scalars)
}

/// botocore `set_value_from_jmespath`: sets a dotted key path in `target`,
/// creating intermediate maps.
pub fn set_value_from_jmespath(
    target: &mut IndexMap<String, Value>,
    expression: &str,
    value: Value,
) {
    match expression.split_once('.') {
        None => {
            target.insert(expression.to_owned(), value);
        }
        Some((key, rest)) => {
            let entry = target
                .entry(key.to_owned())
                .or_insert_with(|| Value::Map(IndexMap::new()));
            if let Value::Map(inner) = entry {
                set_value_from_jmespath(inner, rest, value);
            }
        }
    }
}

/// The value the text formatter prints for page `index` of a paginated
/// result: page 0 starts from the paginator's non-aggregate part (the keys
/// outside the result keys, taken from the first page), later pages from
/// `{}`; then each result key is copied in from the page.
pub fn paginated_text_page(
    index: usize,
    page: &Value,
    non_aggregate_part: &IndexMap<String, Value>,
    result_keys: &[awscli_jmespath::Expression],
) -> Value {
    let mut current = if index == 0 {
        non_aggregate_part.clone()
    } else {
        IndexMap::new()
    };
    for key in result_keys {
        let data = key.search(page).unwrap_or(Value::Null);
        set_value_from_jmespath(&mut current, key.as_str(), data);
    }
    Value::Map(current)
}

/// The synthetic page the text formatter prints after the last page when
/// the result was truncated (`--max-items`): `NEXTTOKEN\t<token>`.
pub fn next_token_page(resume_token: &str) -> Value {
    let mut inner = IndexMap::new();
    inner.insert(
        "NextToken".to_owned(),
        Value::String(resume_token.to_owned()),
    );
    let mut outer = IndexMap::new();
    outer.insert("NextToken".to_owned(), Value::Map(inner));
    Value::Map(outer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(value: &Value) -> String {
        let mut out = Vec::new();
        render_text(value, &mut out).expect("renders");
        String::from_utf8(out).expect("UTF-8")
    }

    fn map(entries: &[(&str, Value)]) -> Value {
        Value::Map(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn paginated_pages_carry_non_aggregate_part_on_first_page_only() {
        let keys = [awscli_jmespath::compile("Contents").expect("valid")];
        let page = map(&[
            (
                "Contents",
                Value::List(vec![map(&[("Key", Value::String("k1".into()))])]),
            ),
            ("Name", Value::String("bucket".into())),
        ]);
        let non_aggregate = IndexMap::from([("Name".to_owned(), Value::String("bucket".into()))]);
        let first = paginated_text_page(0, &page, &non_aggregate, &keys);
        assert_eq!(text_of(&first), "bucket\nCONTENTS\tk1\n");
        let second = paginated_text_page(1, &page, &non_aggregate, &keys);
        assert_eq!(text_of(&second), "CONTENTS\tk1\n");
    }

    #[test]
    fn next_token_page_prints_nexttoken_line() {
        assert_eq!(text_of(&next_token_page("abc")), "NEXTTOKEN\tabc\n");
        // `--query NextToken` sees the inner map on the synthetic page.
        let query = awscli_jmespath::compile("NextToken").expect("valid");
        let queried = query.search(&next_token_page("abc")).expect("searches");
        assert_eq!(text_of(&queried), "abc\n");
    }

    #[test]
    fn set_value_creates_intermediate_maps() {
        let mut target = IndexMap::new();
        set_value_from_jmespath(&mut target, "a.b", Value::Integer(1));
        assert_eq!(
            Value::Map(target),
            map(&[("a", map(&[("b", Value::Integer(1))]))])
        );
    }
}
