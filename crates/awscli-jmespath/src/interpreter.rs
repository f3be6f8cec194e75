//! Evaluation of a parsed expression, following jmespath.py's
//! `TreeInterpreter` (`jmespath/visitor.py`), including its Python-isms:
//! `0`/`1` never equal booleans at the top of a comparison but do inside
//! lists (`[1] == [true]`), `!0` is false, ordering comparisons work on
//! numbers and on strings.
//!
//! Values are borrowed from the input wherever the expression only selects
//! (`Cow::Borrowed`) and built only where it creates new data.
use crate::functions;
use crate::parser::{Comparator, Node};
use crate::python;
use crate::JmespathError;
use awscli_model::Value;
use indexmap::IndexMap;
use std::borrow::Cow;
use std::cmp::Ordering;

pub(crate) static NULL: Value = Value::Null;

pub(crate) type Eval<'a> = Result<Cow<'a, Value>, JmespathError>;

/// A blob or timestamp seen as the string the CLI would print for it;
/// everything else unchanged.
pub(crate) fn plain(value: Cow<'_, Value>) -> Cow<'_, Value> {
    match value.as_ref() {
        Value::Blob(b) => Cow::Owned(Value::String(python::blob_text(b))),
        Value::Timestamp(ts) => Cow::Owned(Value::String(python::timestamp_text(ts))),
        _ => value,
    }
}

/// jmespath.py's `_is_false`: empty string, list or object, null, false.
pub(crate) fn is_false(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(false) => true,
        Value::String(s) => s.is_empty(),
        Value::Blob(b) => b.is_empty(),
        Value::List(l) => l.is_empty(),
        Value::Map(m) => m.is_empty(),
        _ => false,
    }
}

/// The numeric value of a number (not a boolean).
pub(crate) fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// Python `==` between the Python objects the values stand for, where
/// `True == 1` and `1 == 1.0`.
pub(crate) fn python_eq(a: &Value, b: &Value) -> bool {
    let numeric = |v: &Value| match v {
        Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    };
    match (a, b) {
        (Value::Integer(x), Value::Integer(y)) => x == y,
        (Value::Null, Value::Null) => true,
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| python_eq(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| python_eq(v, w)))
        }
        _ => match (numeric(a), numeric(b)) {
            (Some(x), Some(y)) => x == y,
            _ => match (text(a), text(b)) {
                (Some(x), Some(y)) => x == y,
                _ => false,
            },
        },
    }
}

fn text(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Blob(b) => Some(Cow::Owned(python::blob_text(b))),
        Value::Timestamp(ts) => Some(Cow::Owned(python::timestamp_text(ts))),
        _ => None,
    }
}

/// jmespath.py `_equals`: Python equality, except that 0 and 1 never equal
/// a boolean at the top level.
fn jmespath_eq(a: &Value, b: &Value) -> bool {
    let zero_or_one = |v: &Value| number(v).is_some_and(|n| n == 0.0 || n == 1.0);
    if (zero_or_one(a) && matches!(b, Value::Bool(_)))
        || (zero_or_one(b) && matches!(a, Value::Bool(_)))
    {
        return false;
    }
    python_eq(a, b)
}

/// Orders two numbers or two strings; `None` for anything else (Python
/// would raise `TypeError` comparing a number with a string).
pub(crate) fn python_cmp(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Integer(x), Value::Integer(y)) => Some(x.cmp(y)),
        _ => match (number(a), number(b)) {
            (Some(x), Some(y)) => x.partial_cmp(&y),
            (None, None) => match (text(a), text(b)) {
                (Some(x), Some(y)) => Some(x.cmp(&y)),
                _ => None,
            },
            _ => None,
        },
    }
}

/// Evaluates `node` against `value`.
pub(crate) fn eval<'a>(node: &Node, value: &'a Value) -> Eval<'a> {
    match node {
        Node::Field(name) => Ok(match value {
            Value::Map(map) => Cow::Borrowed(map.get(name).unwrap_or(&NULL)),
            _ => Cow::Borrowed(&NULL),
        }),
        Node::Subexpression(children) | Node::IndexExpression(children) => {
            chain(children.iter(), value)
        }
        Node::Pipe(left, right) => chain([left.as_ref(), right.as_ref()].into_iter(), value),
        Node::Index(i) => Ok(match value {
            Value::List(items) => {
                let len = items.len() as i64;
                let index = if *i < 0 { len + i } else { *i };
                if (0..len).contains(&index) {
                    Cow::Borrowed(&items[index as usize])
                } else {
                    Cow::Borrowed(&NULL)
                }
            }
            _ => Cow::Borrowed(&NULL),
        }),
        Node::Slice(start, stop, step) => match value {
            Value::List(items) => {
                let indices = slice_indices(items.len(), *start, *stop, *step)?;
                Ok(Cow::Owned(Value::List(
                    indices.into_iter().map(|i| items[i].clone()).collect(),
                )))
            }
            _ => Ok(Cow::Borrowed(&NULL)),
        },
        Node::Projection(left, right) => {
            let base = eval(left, value)?;
            match base.as_ref() {
                Value::List(items) => project(items.iter(), right),
                _ => Ok(Cow::Borrowed(&NULL)),
            }
        }
        Node::ValueProjection(left, right) => {
            let base = eval(left, value)?;
            match base.as_ref() {
                Value::Map(map) => project(map.values(), right),
                _ => Ok(Cow::Borrowed(&NULL)),
            }
        }
        Node::FilterProjection(left, right, condition) => {
            let base = eval(left, value)?;
            let Value::List(items) = base.as_ref() else {
                return Ok(Cow::Borrowed(&NULL));
            };
            let mut collected = Vec::new();
            for element in items {
                if !is_false(eval(condition, element)?.as_ref()) {
                    let current = eval(right, element)?;
                    if !current.is_null() {
                        collected.push(current.into_owned());
                    }
                }
            }
            Ok(Cow::Owned(Value::List(collected)))
        }
        Node::Flatten(inner) => {
            let base = eval(inner, value)?;
            let Value::List(items) = base.as_ref() else {
                return Ok(Cow::Borrowed(&NULL));
            };
            let mut merged = Vec::new();
            for element in items {
                match element {
                    Value::List(inner) => merged.extend(inner.iter().cloned()),
                    other => merged.push(other.clone()),
                }
            }
            Ok(Cow::Owned(Value::List(merged)))
        }
        Node::Identity | Node::Current => Ok(Cow::Borrowed(value)),
        Node::Literal(literal) => Ok(Cow::Owned(literal.clone())),
        Node::MultiSelectList(children) => {
            if value.is_null() {
                return Ok(Cow::Borrowed(&NULL));
            }
            let mut collected = Vec::with_capacity(children.len());
            for child in children {
                collected.push(eval(child, value)?.into_owned());
            }
            Ok(Cow::Owned(Value::List(collected)))
        }
        Node::MultiSelectHash(pairs) => {
            if value.is_null() {
                return Ok(Cow::Borrowed(&NULL));
            }
            let mut collected = IndexMap::with_capacity(pairs.len());
            for (key, child) in pairs {
                collected.insert(key.clone(), eval(child, value)?.into_owned());
            }
            Ok(Cow::Owned(Value::Map(collected)))
        }
        Node::Or(left, right) => {
            let matched = eval(left, value)?;
            if is_false(&matched) {
                eval(right, value)
            } else {
                Ok(matched)
            }
        }
        Node::And(left, right) => {
            let matched = eval(left, value)?;
            if is_false(&matched) {
                Ok(matched)
            } else {
                eval(right, value)
            }
        }
        Node::Not(inner) => {
            let result = eval(inner, value)?;
            // `!0` is false in jmespath.py: 0 is not a false value.
            if number(&result) == Some(0.0) {
                return Ok(Cow::Owned(Value::Bool(false)));
            }
            Ok(Cow::Owned(Value::Bool(is_false(&result))))
        }
        Node::Comparator(op, left, right) => {
            let left = eval(left, value)?;
            let right = eval(right, value)?;
            compare(*op, &left, &right).map(Cow::Owned)
        }
        // An expression reference outside a function argument has no JSON
        // value; jmespath.py would hand back an internal object.
        Node::Expref(_) => Ok(Cow::Borrowed(&NULL)),
        Node::Function(name, args) => functions::call(name, args, value),
    }
}

fn compare(op: Comparator, left: &Value, right: &Value) -> Result<Value, JmespathError> {
    Ok(match op {
        Comparator::Eq => Value::Bool(jmespath_eq(left, right)),
        Comparator::Ne => Value::Bool(!jmespath_eq(left, right)),
        _ => {
            let comparable = |v: &Value| {
                matches!(
                    v,
                    Value::Integer(_)
                        | Value::Float(_)
                        | Value::String(_)
                        | Value::Blob(_)
                        | Value::Timestamp(_)
                )
            };
            if !comparable(left) || !comparable(right) {
                return Ok(Value::Null);
            }
            let Some(ordering) = python_cmp(left, right) else {
                // A number against a string: Python's operator raises.
                let symbol = match op {
                    Comparator::Lt => "<",
                    Comparator::Lte => "<=",
                    Comparator::Gt => ">",
                    _ => ">=",
                };
                return Err(JmespathError::Runtime(format!(
                    "'{symbol}' not supported between instances of '{}' and '{}'",
                    crate::functions::python_type_of(left),
                    crate::functions::python_type_of(right)
                )));
            };
            Value::Bool(match op {
                Comparator::Lt => ordering == Ordering::Less,
                Comparator::Lte => ordering != Ordering::Greater,
                Comparator::Gt => ordering == Ordering::Greater,
                _ => ordering != Ordering::Less,
            })
        }
    })
}

fn chain<'a, 'n>(mut nodes: impl Iterator<Item = &'n Node>, value: &'a Value) -> Eval<'a> {
    let mut result = Cow::Borrowed(value);
    for node in &mut nodes {
        result = match result {
            Cow::Borrowed(v) => eval(node, v)?,
            Cow::Owned(o) => Cow::Owned(eval(node, &o)?.into_owned()),
        };
    }
    Ok(result)
}

fn project<'a, 'v>(elements: impl Iterator<Item = &'v Value>, right: &Node) -> Eval<'a> {
    let mut collected = Vec::new();
    for element in elements {
        let current = eval(right, element)?;
        if !current.is_null() {
            collected.push(current.into_owned());
        }
    }
    Ok(Cow::Owned(Value::List(collected)))
}

/// The indices Python's `list[start:stop:step]` selects.
fn slice_indices(
    len: usize,
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
) -> Result<Vec<usize>, JmespathError> {
    let len = len as i64;
    let step = step.unwrap_or(1);
    if step == 0 {
        return Err(JmespathError::InvalidValue(
            "slice step cannot be zero".to_owned(),
        ));
    }
    let clamp = |bound: i64, low: i64, high: i64| {
        if bound < 0 {
            (bound + len).max(low)
        } else {
            bound.min(high)
        }
    };
    let mut indices = Vec::new();
    if step > 0 {
        let start = start.map_or(0, |s| clamp(s, 0, len));
        let stop = stop.map_or(len, |s| clamp(s, 0, len));
        let mut i = start;
        while i < stop {
            indices.push(i as usize);
            i += step;
        }
    } else {
        let start = start.map_or(len - 1, |s| clamp(s, -1, len - 1));
        let stop = stop.map_or(-1, |s| clamp(s, -1, len - 1));
        let mut i = start;
        while i > stop {
            indices.push(i as usize);
            i += step;
        }
    }
    Ok(indices)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_indices_follow_python() {
        assert_eq!(
            slice_indices(5, None, None, Some(-1)).expect("valid"),
            vec![4, 3, 2, 1, 0]
        );
        assert_eq!(
            slice_indices(5, Some(-2), None, None).expect("valid"),
            vec![3, 4]
        );
        assert_eq!(
            slice_indices(5, Some(10), Some(-10), Some(-2)).expect("valid"),
            vec![4, 2, 0]
        );
        assert!(slice_indices(5, None, None, Some(0)).is_err());
    }

    #[test]
    fn equality_is_pythonic() {
        assert!(!jmespath_eq(&Value::Integer(1), &Value::Bool(true)));
        assert!(jmespath_eq(
            &Value::List(vec![Value::Integer(1)]),
            &Value::List(vec![Value::Bool(true)])
        ));
        assert!(jmespath_eq(&Value::Integer(1), &Value::Float(1.0)));
    }
}
