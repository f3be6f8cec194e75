//! The values rule-set expressions evaluate to.
//!
//! botocore evaluates rules over plain Python objects, so conditions follow
//! Python truthiness and templates Python's `str()`; this type carries just
//! enough of Python's data model to reproduce both.
use std::sync::Arc;

use indexmap::IndexMap;

/// An object value (a partition's outputs, a parsed ARN or URL). Shared so
/// that assigning a partition to a variable does not copy it.
pub(crate) type Object = Arc<IndexMap<String, Value>>;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    /// Python's `None`: an unset parameter or a function that found nothing.
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    Array(Vec<Value>),
    Object(Object),
}

impl Value {
    pub(crate) fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::None,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(items) => {
                Value::Array(items.iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(map) => Value::Object(Arc::new(
                map.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            )),
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// Python's `bool(value)`, which `not` applies.
    pub(crate) fn is_truthy(&self) -> bool {
        match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::String(s) => !s.is_empty(),
            Value::Array(items) => !items.is_empty(),
            Value::Object(map) => !map.is_empty(),
        }
    }

    /// `str(type(value))`, as botocore's type-error messages print it.
    pub(crate) fn python_type(&self) -> &'static str {
        match self {
            Value::None => "<class 'NoneType'>",
            Value::Bool(_) => "<class 'bool'>",
            Value::Int(_) => "<class 'int'>",
            Value::Float(_) => "<class 'float'>",
            Value::String(_) => "<class 'str'>",
            Value::Array(_) => "<class 'list'>",
            Value::Object(_) => "<class 'dict'>",
        }
    }

    /// Python's `str(value)`: what a template substitutes.
    pub(crate) fn to_python_str(&self) -> String {
        match self {
            Value::String(s) => s.clone(),
            other => other.python_repr(),
        }
    }

    /// Python's `repr(value)`.
    fn python_repr(&self) -> String {
        match self {
            Value::None => "None".to_owned(),
            Value::Bool(true) => "True".to_owned(),
            Value::Bool(false) => "False".to_owned(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => format!("{f:?}"),
            Value::String(s) => {
                if s.contains('\'') && !s.contains('"') {
                    format!("\"{s}\"")
                } else {
                    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
                }
            }
            Value::Array(items) => {
                let inner: Vec<String> = items.iter().map(Value::python_repr).collect();
                format!("[{}]", inner.join(", "))
            }
            Value::Object(map) => {
                let inner: Vec<String> = map
                    .iter()
                    .map(|(k, v)| {
                        format!(
                            "{}: {}",
                            Value::String(k.clone()).python_repr(),
                            v.python_repr()
                        )
                    })
                    .collect();
                format!("{{{}}}", inner.join(", "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truthiness_follows_python() {
        assert!(!Value::String(String::new()).is_truthy());
        assert!(Value::String("x".into()).is_truthy());
        assert!(!Value::None.is_truthy());
        assert!(!Value::Array(vec![]).is_truthy());
    }

    #[test]
    fn str_follows_python() {
        assert_eq!(Value::Bool(true).to_python_str(), "True");
        assert_eq!(
            Value::Array(vec![Value::String("a".into())]).to_python_str(),
            "['a']"
        );
    }
}
