//! JMESPath as paginators and waiters use it: `search` over a [`Value`]
//! (plain dotted paths are walked directly, anything else goes to
//! `awscli-jmespath`), and botocore's `utils.set_value_from_jmespath` and
//! `utils.merge_dicts`.
use awscli_model::Value;
use indexmap::IndexMap;

/// A JMESPath evaluation error.
#[derive(Debug, thiserror::Error)]
#[error("invalid JMESPath expression {expression:?}: {message}")]
pub struct PathError {
    pub expression: String,
    pub message: String,
}

/// Whether `expression` is `Ident(.Ident)*` with plain identifiers, which
/// needs no JMESPath engine.
fn is_simple_path(expression: &str) -> bool {
    !expression.is_empty()
        && expression.split('.').all(|part| {
            let mut chars = part.chars();
            matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// Evaluates `expression` against `value`; JMESPath `null` is `Value::Null`.
pub fn search(expression: &str, value: &Value) -> Result<Value, PathError> {
    if is_simple_path(expression) {
        let mut current = value;
        for part in expression.split('.') {
            match current.get(part) {
                Some(v) => current = v,
                None => return Ok(Value::Null),
            }
        }
        return Ok(current.clone());
    }
    awscli_jmespath::search(expression, value).map_err(|e| PathError {
        expression: expression.to_owned(),
        message: e.to_string(),
    })
}

/// `set_value_from_jmespath(source, expression, value)`: splits on `.` and
/// creates the intermediate maps.
pub fn set_value(source: &mut IndexMap<String, Value>, expression: &str, value: Value) {
    match expression.split_once('.') {
        None => {
            source.insert(expression.to_owned(), value);
        }
        Some((head, rest)) => {
            let entry = source
                .entry(head.to_owned())
                .or_insert_with(Value::empty_map);
            if !matches!(entry, Value::Map(_)) {
                *entry = Value::empty_map();
            }
            if let Value::Map(inner) = entry {
                set_value(inner, rest, value);
            }
        }
    }
}

/// `merge_dicts(dict1, dict2)`: recursively merges maps; any other value of
/// `dict2` replaces the one in `dict1`.
pub fn merge_maps(dict1: &mut IndexMap<String, Value>, dict2: &IndexMap<String, Value>) {
    for (key, value) in dict2 {
        match (dict1.get_mut(key), value) {
            (Some(Value::Map(existing)), Value::Map(incoming)) => merge_maps(existing, incoming),
            _ => {
                dict1.insert(key.clone(), value.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_simple_path_walks_maps() {
        let mut inner = IndexMap::new();
        inner.insert("Items".to_owned(), Value::List(vec![Value::Integer(1)]));
        let mut outer = IndexMap::new();
        outer.insert("DistributionList".to_owned(), Value::Map(inner));
        let v = Value::Map(outer);
        assert_eq!(
            search("DistributionList.Items", &v).ok(),
            Some(Value::List(vec![Value::Integer(1)]))
        );
        assert_eq!(search("Missing.Items", &v).ok(), Some(Value::Null));
    }

    #[test]
    fn set_value_creates_intermediate_maps() {
        let mut m = IndexMap::new();
        set_value(&mut m, "a.b.c", Value::Integer(1));
        assert_eq!(
            crate::python::json_dumps(&Value::Map(m)),
            r#"{"a": {"b": {"c": 1}}}"#
        );
    }

    #[test]
    fn merge_maps_recurses() {
        let mut a = IndexMap::new();
        set_value(&mut a, "x.y", Value::Integer(1));
        let mut b = IndexMap::new();
        set_value(&mut b, "x.z", Value::Integer(2));
        set_value(&mut b, "w", Value::Integer(3));
        merge_maps(&mut a, &b);
        assert_eq!(
            crate::python::json_dumps(&Value::Map(a)),
            r#"{"x": {"y": 1, "z": 2}, "w": 3}"#
        );
    }
}
