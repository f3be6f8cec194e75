//! The JMESPath built-in functions with jmespath.py's argument checking
//! (`jmespath/functions.py`): arity first, then types per signature, and
//! the same error messages, down to reporting Python type names (`str`,
//! `int`) for bad array elements.
use crate::interpreter::{eval, number, plain, python_cmp, python_eq, Eval, NULL};
use crate::parser::Node;
use crate::python;
use crate::JmespathError;
use awscli_model::Value;
use indexmap::IndexMap;
use std::borrow::Cow;
use std::cmp::Ordering;

/// A resolved function argument.
enum Arg<'a, 'n> {
    Value(Cow<'a, Value>),
    Expref(&'n Node),
}

/// jmespath.py's function table: name, argument types, variadic.
fn signature(name: &str) -> Option<(&'static [&'static [&'static str]], bool)> {
    const NUMBER: &[&str] = &["number"];
    const ANY: &[&str] = &[];
    const STRING: &[&str] = &["string"];
    const ARRAY: &[&str] = &["array"];
    const OBJECT: &[&str] = &["object"];
    const EXPREF: &[&str] = &["expref"];
    const ARRAY_NUMBER: &[&str] = &["array-number"];
    const NUMBERS_OR_STRINGS: &[&str] = &["array-number", "array-string"];
    Some(match name {
        "abs" | "ceil" | "floor" => (&[NUMBER], false),
        "avg" | "sum" => (&[ARRAY_NUMBER], false),
        "not_null" => (&[ANY], true),
        "to_array" | "to_string" | "to_number" | "type" => (&[ANY], false),
        "contains" => (&[&["array", "string"], ANY], false),
        "length" => (&[&["string", "array", "object"]], false),
        "ends_with" | "starts_with" => (&[STRING, STRING], false),
        "reverse" => (&[&["array", "string"]], false),
        "join" => (&[STRING, &["array-string"]], false),
        "map" => (&[EXPREF, ARRAY], false),
        "max" | "min" => (&[NUMBERS_OR_STRINGS], false),
        "sort" => (&[&["array-string", "array-number"]], false),
        "merge" => (&[OBJECT], true),
        "keys" | "values" => (&[OBJECT], false),
        "sort_by" | "min_by" | "max_by" => (&[ARRAY, EXPREF], false),
        _ => return None,
    })
}

/// Python's type name for the object a value stands for.
fn python_type(arg: &Arg<'_, '_>) -> &'static str {
    match arg {
        Arg::Expref(_) => "_Expression",
        Arg::Value(v) => python_type_of(v),
    }
}

pub(crate) fn python_type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Integer(_) => "int",
        Value::Float(_) => "float",
        Value::String(_) | Value::Blob(_) | Value::Timestamp(_) => "str",
        Value::List(_) => "list",
        Value::Map(_) => "dict",
    }
}

/// jmespath.py `TYPES_MAP`: Python type name to JMESPath type name.
fn jmespath_type(python: &str) -> &'static str {
    match python {
        "bool" => "boolean",
        "list" => "array",
        "dict" => "object",
        "NoneType" => "null",
        "str" => "string",
        "float" | "int" => "number",
        "_Expression" => "expref",
        _ => "unknown",
    }
}

fn python_types(jmespath: &str) -> &'static [&'static str] {
    match jmespath {
        "boolean" => &["bool"],
        "array" => &["list"],
        "object" => &["dict"],
        "null" => &["NoneType"],
        "string" => &["str"],
        "number" => &["float", "int"],
        "expref" => &["_Expression"],
        _ => &[],
    }
}

fn type_error(function: &str, current: &str, actual: &str, expected: &[&str]) -> JmespathError {
    let expected: Vec<String> = expected.iter().map(|t| python::repr_str(t)).collect();
    JmespathError::InvalidType(format!(
        "In function {function}(), invalid type for value: {current}, expected one of: [{}], received: \"{actual}\"",
        expected.join(", ")
    ))
}

fn arg_text(arg: &Arg<'_, '_>) -> String {
    match arg {
        Arg::Value(v) => python::str_of(v),
        Arg::Expref(_) => "<jmespath.visitor._Expression object>".to_owned(),
    }
}

fn check_arity(
    name: &str,
    expected: usize,
    actual: usize,
    variadic: bool,
) -> Result<(), JmespathError> {
    let plural = if expected == 1 {
        "argument"
    } else {
        "arguments"
    };
    if variadic && actual < expected {
        return Err(JmespathError::InvalidArity(format!(
            "Expected at least {expected} {plural} for function {name}(), received {actual}"
        )));
    }
    if !variadic && actual != expected {
        return Err(JmespathError::InvalidArity(format!(
            "Expected {expected} {plural} for function {name}(), received {actual}"
        )));
    }
    Ok(())
}

/// `_type_check_single`: the top-level type, then element types for
/// `array-<type>` signatures.
fn check_type(name: &str, arg: &Arg<'_, '_>, types: &[&str]) -> Result<(), JmespathError> {
    let mut allowed: Vec<&str> = Vec::new();
    let mut subtypes: Vec<&[&str]> = Vec::new();
    for t in types {
        match t.split_once('-') {
            Some((base, sub)) => {
                allowed.extend(python_types(base));
                subtypes.push(python_types(sub));
            }
            None => allowed.extend(python_types(t)),
        }
    }
    let actual = python_type(arg);
    if !allowed.contains(&actual) {
        return Err(type_error(
            name,
            &arg_text(arg),
            jmespath_type(actual),
            types,
        ));
    }
    let Arg::Value(value) = arg else {
        return Ok(());
    };
    let Value::List(items) = value.as_ref() else {
        return Ok(());
    };
    let element_error =
        |element: &Value, actual: &str| type_error(name, &python::str_of(element), actual, types);
    if subtypes.len() == 1 {
        for element in items {
            let actual = python_type_of(element);
            if !subtypes[0].contains(&actual) {
                return Err(element_error(element, actual));
            }
        }
    } else if subtypes.len() > 1 && !items.is_empty() {
        // The first element decides which element type the rest must have.
        let first = python_type_of(&items[0]);
        let Some(required) = subtypes.iter().find(|s| s.contains(&first)) else {
            return Err(element_error(&items[0], first));
        };
        for element in items {
            let actual = python_type_of(element);
            if !required.contains(&actual) {
                return Err(element_error(element, actual));
            }
        }
    }
    Ok(())
}

/// Calls the function `name` with `args` evaluated against `current`.
pub(crate) fn call<'a>(name: &str, args: &[Node], current: &'a Value) -> Eval<'a> {
    let mut resolved = Vec::with_capacity(args.len());
    for arg in args {
        resolved.push(match arg {
            Node::Expref(inner) => Arg::Expref(inner),
            other => Arg::Value(plain(eval(other, current)?)),
        });
    }
    let Some((types, variadic)) = signature(name) else {
        return Err(JmespathError::UnknownFunction(format!(
            "Unknown function: {name}()"
        )));
    };
    check_arity(name, types.len(), resolved.len(), variadic)?;
    // Like jmespath.py, only the declared positions are type-checked; the
    // extra arguments of a variadic function are not.
    for (arg, allowed) in resolved.iter().zip(types.iter()) {
        if !allowed.is_empty() {
            check_type(name, arg, allowed)?;
        }
    }
    run(name, resolved).map(Cow::Owned)
}

fn value_arg<'b>(args: &'b [Arg<'_, '_>], i: usize) -> &'b Value {
    match args.get(i) {
        Some(Arg::Value(v)) => v.as_ref(),
        _ => &NULL,
    }
}

fn list_arg<'b>(args: &'b [Arg<'_, '_>], i: usize) -> &'b [Value] {
    value_arg(args, i).as_list().unwrap_or(&[])
}

fn str_arg<'b>(args: &'b [Arg<'_, '_>], i: usize) -> &'b str {
    value_arg(args, i).as_str().unwrap_or("")
}

fn expref_arg<'n>(args: &[Arg<'_, 'n>], i: usize) -> Option<&'n Node> {
    match args.get(i) {
        Some(Arg::Expref(node)) => Some(node),
        _ => None,
    }
}

/// Python `math.ceil`/`math.floor` return ints.
fn float_to_int(f: f64) -> Value {
    if f.is_finite() && f.abs() < 9.2e18 {
        Value::Integer(f as i64)
    } else {
        Value::Float(f)
    }
}

fn run(name: &str, args: Vec<Arg<'_, '_>>) -> Result<Value, JmespathError> {
    let first = value_arg(&args, 0);
    Ok(match name {
        "abs" => match first {
            Value::Integer(i) => i
                .checked_abs()
                .map_or(Value::Float((*i as f64).abs()), Value::Integer),
            other => Value::Float(number(other).unwrap_or(0.0).abs()),
        },
        "ceil" | "floor" => match first {
            Value::Integer(i) => Value::Integer(*i),
            other => {
                let f = number(other).unwrap_or(0.0);
                float_to_int(if name == "ceil" { f.ceil() } else { f.floor() })
            }
        },
        "avg" => {
            let items = list_arg(&args, 0);
            if items.is_empty() {
                Value::Null
            } else {
                let total: f64 = items.iter().filter_map(number).sum();
                Value::Float(total / items.len() as f64)
            }
        }
        "sum" => sum(list_arg(&args, 0)),
        "not_null" => args
            .iter()
            .find_map(|a| match a {
                Arg::Value(v) if !v.is_null() => Some(v.as_ref().clone()),
                _ => None,
            })
            .unwrap_or(Value::Null),
        "to_array" => match first {
            Value::List(_) => first.clone(),
            other => Value::List(vec![other.clone()]),
        },
        "to_string" => match first {
            Value::String(_) => first.clone(),
            other => {
                let mut out = String::new();
                python::write_json(&mut out, other, python::JsonStyle::TO_STRING);
                Value::String(out)
            }
        },
        "to_number" => to_number(first),
        // jmespath.py's type() has no branch for expression references.
        "type" => match args.first() {
            Some(Arg::Value(v)) => Value::String(jmespath_type(python_type_of(v)).to_owned()),
            _ => Value::Null,
        },
        "contains" => {
            let search = value_arg(&args, 1);
            match first {
                Value::String(subject) => match search {
                    Value::String(needle) => Value::Bool(subject.contains(needle.as_str())),
                    other => {
                        return Err(JmespathError::Runtime(format!(
                            "'in <string>' requires string as left operand, not {}",
                            python_type_of(other)
                        )))
                    }
                },
                _ => Value::Bool(list_arg(&args, 0).iter().any(|e| python_eq(e, search))),
            }
        }
        "length" => Value::Integer(match first {
            Value::String(s) => s.chars().count(),
            Value::List(l) => l.len(),
            Value::Map(m) => m.len(),
            _ => 0,
        } as i64),
        "ends_with" => Value::Bool(str_arg(&args, 0).ends_with(str_arg(&args, 1))),
        "starts_with" => Value::Bool(str_arg(&args, 0).starts_with(str_arg(&args, 1))),
        "reverse" => match first {
            Value::String(s) => Value::String(s.chars().rev().collect()),
            _ => Value::List(list_arg(&args, 0).iter().rev().cloned().collect()),
        },
        "join" => {
            let parts: Vec<&str> = list_arg(&args, 1)
                .iter()
                .filter_map(Value::as_str)
                .collect();
            Value::String(parts.join(str_arg(&args, 0)))
        }
        "map" => {
            let Some(expression) = expref_arg(&args, 0) else {
                return Ok(Value::Null);
            };
            let mut out = Vec::new();
            for element in list_arg(&args, 1) {
                out.push(eval(expression, element)?.into_owned());
            }
            Value::List(out)
        }
        "max" | "min" => {
            let items = list_arg(&args, 0);
            let wanted = if name == "max" {
                Ordering::Greater
            } else {
                Ordering::Less
            };
            let mut best: Option<&Value> = None;
            for item in items {
                best = match best {
                    Some(b) if python_cmp(item, b) != Some(wanted) => Some(b),
                    _ => Some(item),
                };
            }
            best.cloned().unwrap_or(Value::Null)
        }
        "sort" => {
            let mut items = list_arg(&args, 0).to_vec();
            items.sort_by(|a, b| python_cmp(a, b).unwrap_or(Ordering::Equal));
            Value::List(items)
        }
        "merge" => {
            let mut merged = IndexMap::new();
            for arg in &args {
                if let Arg::Value(v) = arg {
                    match v.as_ref() {
                        Value::Map(m) => {
                            for (k, v) in m {
                                merged.insert(k.clone(), v.clone());
                            }
                        }
                        // Extra arguments are not type-checked; Python's
                        // dict.update then fails on them.
                        other => {
                            return Err(JmespathError::Runtime(format!(
                                "'{}' object is not iterable",
                                python_type_of(other)
                            )))
                        }
                    }
                }
            }
            Value::Map(merged)
        }
        "keys" => Value::List(
            first
                .as_map()
                .map(|m| m.keys().map(|k| Value::String(k.clone())).collect())
                .unwrap_or_default(),
        ),
        "values" => Value::List(
            first
                .as_map()
                .map(|m| m.values().cloned().collect())
                .unwrap_or_default(),
        ),
        "sort_by" => sort_by(list_arg(&args, 0), expref_arg(&args, 1))?,
        "min_by" | "max_by" => min_max_by(name, list_arg(&args, 0), expref_arg(&args, 1))?,
        _ => Value::Null,
    })
}

fn sum(items: &[Value]) -> Value {
    let mut integer: i64 = 0;
    let mut float: Option<f64> = None;
    for item in items {
        match (item, float.as_mut()) {
            (Value::Integer(i), None) => match integer.checked_add(*i) {
                Some(total) => integer = total,
                None => float = Some(integer as f64 + *i as f64),
            },
            (other, None) => float = Some(integer as f64 + number(other).unwrap_or(0.0)),
            (other, Some(total)) => *total += number(other).unwrap_or(0.0),
        }
    }
    float.map_or(Value::Integer(integer), Value::Float)
}

/// `to_number`: Python `int(s)`, else `float(s)`, else null.
fn to_number(value: &Value) -> Value {
    match value {
        Value::Integer(_) | Value::Float(_) => value.clone(),
        Value::String(s) => {
            let trimmed = s.trim();
            let digits = trimmed.strip_prefix(['+', '-']).unwrap_or(trimmed);
            if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
                if let Ok(i) = trimmed.parse::<i64>() {
                    return Value::Integer(i);
                }
            }
            let lower = digits.to_ascii_lowercase();
            let word = matches!(lower.as_str(), "inf" | "infinity" | "nan");
            let numeric = !digits.is_empty()
                && digits
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'));
            if word || numeric {
                if let Ok(f) = trimmed.parse::<f64>() {
                    return Value::Float(f);
                }
            }
            Value::Null
        }
        _ => Value::Null,
    }
}

fn key_of(
    function: &str,
    expression: &Node,
    element: &Value,
    allowed: &[&str],
) -> Result<Value, JmespathError> {
    let result = plain(eval(expression, element)?).into_owned();
    let actual = jmespath_type(python_type_of(&result));
    if !allowed.contains(&actual) {
        return Err(type_error(
            function,
            &python::str_of(&result),
            actual,
            allowed,
        ));
    }
    Ok(result)
}

fn sort_by(items: &[Value], expression: Option<&Node>) -> Result<Value, JmespathError> {
    let Some(expression) = expression else {
        return Ok(Value::Null);
    };
    if items.is_empty() {
        return Ok(Value::List(Vec::new()));
    }
    let first_key = plain(eval(expression, &items[0])?).into_owned();
    let required = jmespath_type(python_type_of(&first_key));
    if required != "number" && required != "string" {
        return Err(type_error(
            "sort_by",
            &python::str_of(&items[0]),
            required,
            &["string", "number"],
        ));
    }
    let mut keyed = Vec::with_capacity(items.len());
    for item in items {
        keyed.push((key_of("sort_by", expression, item, &[required])?, item));
    }
    keyed.sort_by(|(a, _), (b, _)| python_cmp(a, b).unwrap_or(Ordering::Equal));
    Ok(Value::List(
        keyed.into_iter().map(|(_, v)| v.clone()).collect(),
    ))
}

fn min_max_by(
    name: &str,
    items: &[Value],
    expression: Option<&Node>,
) -> Result<Value, JmespathError> {
    let Some(expression) = expression else {
        return Ok(Value::Null);
    };
    let wanted = if name == "max_by" {
        Ordering::Greater
    } else {
        Ordering::Less
    };
    let mut best: Option<(Value, &Value)> = None;
    for item in items {
        let key = key_of(name, expression, item, &["number", "string"])?;
        best = match best {
            None => Some((key, item)),
            Some((best_key, best_item)) => match python_cmp(&key, &best_key) {
                Some(o) if o == wanted => Some((key, item)),
                Some(_) => Some((best_key, best_item)),
                None => {
                    let operator = if name == "max_by" { '>' } else { '<' };
                    return Err(JmespathError::Runtime(format!(
                        "'{operator}' not supported between instances of '{}' and '{}'",
                        python_type_of(&key),
                        python_type_of(&best_key)
                    )));
                }
            },
        };
    }
    Ok(best.map(|(_, v)| v.clone()).unwrap_or(Value::Null))
}
