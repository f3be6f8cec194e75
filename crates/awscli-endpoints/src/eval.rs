//! Evaluating a parsed rule set against parameters: botocore's
//! `RuleSet.evaluate` and the rule classes of `botocore/endpoint_provider.py`.
//!
//! botocore copies the variable scope for every rule so that assignments made
//! by one rule's conditions never leak to its siblings; here the scope is one
//! slot vector plus an undo log, rolled back when a rule is done.
use std::collections::HashMap;

use indexmap::IndexMap;

use crate::library;
use crate::ruleset::{
    Call, EndpointTemplate, Expr, Function, PathPart, Property, Rule, RuleKind, RuleSet, Slot,
    Template, TemplatePart,
};
use crate::value::Value;
use crate::{Endpoint, EndpointError, ParamValue, ParameterType, Partitions};

/// Resolves the endpoint for `params` (parameter name to value; absent
/// parameters take their rule-set default).
pub fn resolve<S: std::hash::BuildHasher>(
    rules: &RuleSet,
    partitions: &Partitions,
    params: &HashMap<String, ParamValue, S>,
) -> Result<Endpoint, EndpointError> {
    let mut scope = Scope {
        values: vec![Value::None; rules.slot_count],
        assigned: Vec::new(),
    };
    for (parameter, &slot) in rules.parameters.iter().zip(&rules.parameter_slots) {
        let value = match params.get(&parameter.name) {
            None => match &parameter.default {
                Some(default) => param_value(default),
                None if parameter.required => {
                    return Err(EndpointError::Resolution(format!(
                        "Cannot find value for required parameter {}",
                        parameter.name
                    )))
                }
                None => Value::None,
            },
            Some(given) => {
                let matches = matches!(
                    (given, parameter.r#type),
                    (ParamValue::String(_), ParameterType::String)
                        | (ParamValue::Bool(_), ParameterType::Boolean)
                        | (ParamValue::StringArray(_), ParameterType::StringArray)
                );
                if !matches {
                    return Err(EndpointError::Resolution(format!(
                        "Value ({}) is the wrong type. Must be {}.",
                        parameter.name,
                        parameter.r#type.python_type()
                    )));
                }
                param_value(given)
            }
        };
        scope.values[slot] = value;
    }
    let mut evaluator = Evaluator { partitions, scope };
    for rule in &rules.rules {
        if let Some(endpoint) = evaluator.rule(rule)? {
            return Ok(endpoint);
        }
    }
    // botocore lists the parameters as given (before defaults).
    let mut given: Vec<(&String, &ParamValue)> = params.iter().collect();
    given.sort_by_key(|(name, _)| *name);
    let lines: Vec<String> = given
        .iter()
        .map(|(name, value)| format!("{name}: {}", param_value(value).to_python_str()))
        .collect();
    Err(EndpointError::Resolution(format!(
        "No endpoint found for parameters:\n{}",
        lines.join("\n")
    )))
}

fn param_value(value: &ParamValue) -> Value {
    match value {
        ParamValue::String(s) => Value::String(s.clone()),
        ParamValue::Bool(b) => Value::Bool(*b),
        ParamValue::StringArray(items) => {
            Value::Array(items.iter().cloned().map(Value::String).collect())
        }
    }
}

struct Scope {
    values: Vec<Value>,
    /// Slots assigned so far, in order, so a rule can undo its own.
    assigned: Vec<Slot>,
}

impl Scope {
    fn rollback(&mut self, mark: usize) {
        for slot in self.assigned.drain(mark..) {
            self.values[slot] = Value::None;
        }
    }
}

struct Evaluator<'a> {
    partitions: &'a Partitions,
    scope: Scope,
}

type Outcome = Result<Option<Endpoint>, EndpointError>;

impl Evaluator<'_> {
    fn rule(&mut self, rule: &Rule) -> Outcome {
        let mark = self.scope.assigned.len();
        let outcome = self.rule_in_scope(rule);
        self.scope.rollback(mark);
        outcome
    }

    fn rule_in_scope(&mut self, rule: &Rule) -> Outcome {
        for condition in &rule.conditions {
            // botocore: `if result is False or result is None` (so "" passes).
            match self.call(condition)? {
                Value::None | Value::Bool(false) => return Ok(None),
                _ => {}
            }
        }
        match &rule.kind {
            RuleKind::Endpoint(endpoint) => self.endpoint(endpoint).map(Some),
            RuleKind::Error(message) => {
                let message = self.expr(message)?;
                Err(EndpointError::Rule(message.to_python_str()))
            }
            RuleKind::Tree(rules) => {
                for rule in rules {
                    if let Some(endpoint) = self.rule(rule)? {
                        return Ok(Some(endpoint));
                    }
                }
                Ok(None)
            }
        }
    }

    fn endpoint(&mut self, template: &EndpointTemplate) -> Result<Endpoint, EndpointError> {
        let url = match self.expr(&template.url)? {
            Value::String(url) => url,
            other => {
                return Err(EndpointError::Resolution(format!(
                    "Endpoint URL must be a string, not {}",
                    other.python_type()
                )))
            }
        };
        let mut properties = serde_json::Map::new();
        for (name, property) in &template.properties {
            properties.insert(name.clone(), self.property(property)?);
        }
        let mut headers = IndexMap::new();
        for (name, values) in &template.headers {
            let values = values
                .iter()
                .map(|v| Ok(self.expr(v)?.to_python_str()))
                .collect::<Result<Vec<_>, EndpointError>>()?;
            headers.insert(name.clone(), values);
        }
        Ok(Endpoint {
            url,
            properties,
            headers,
        })
    }

    fn property(&self, property: &Property) -> Result<serde_json::Value, EndpointError> {
        Ok(match property {
            Property::Template(template) => serde_json::Value::String(self.template(template)?),
            Property::Literal(json) => json.clone(),
            Property::Array(items) => serde_json::Value::Array(
                items
                    .iter()
                    .map(|i| self.property(i))
                    .collect::<Result<_, _>>()?,
            ),
            Property::Object(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), self.property(v)?)))
                    .collect::<Result<_, EndpointError>>()?,
            ),
        })
    }

    fn template(&self, template: &Template) -> Result<String, EndpointError> {
        let mut out = String::new();
        for part in &template.parts {
            match part {
                TemplatePart::Literal(s) => out.push_str(s),
                TemplatePart::Ref { slot, name, keys } => {
                    let mut value = &self.scope.values[*slot];
                    if value.is_none() && keys.is_empty() {
                        // botocore indexes the scope dict: an unset name is a KeyError.
                        return Err(EndpointError::Resolution(format!(
                            "Template references unset variable {name}"
                        )));
                    }
                    for key in keys {
                        value = match value {
                            Value::Object(map) => map.get(key).ok_or_else(|| {
                                EndpointError::Resolution(format!(
                                    "Template key {key} not found in {name}"
                                ))
                            })?,
                            other => {
                                return Err(EndpointError::Resolution(format!(
                                    "Template cannot read {key} from {}",
                                    other.python_type()
                                )))
                            }
                        };
                    }
                    out.push_str(&value.to_python_str());
                }
            }
        }
        Ok(out)
    }

    fn expr(&mut self, expr: &Expr) -> Result<Value, EndpointError> {
        Ok(match expr {
            Expr::Literal(value) => value.clone(),
            Expr::Template(template) => Value::String(self.template(template)?),
            Expr::Ref(slot) => self.scope.values[*slot].clone(),
            Expr::Call(call) => self.call(call)?,
        })
    }

    fn call(&mut self, call: &Call) -> Result<Value, EndpointError> {
        let result = self.apply(call)?;
        if let Some((slot, name)) = &call.assign {
            if !self.scope.values[*slot].is_none() {
                return Err(EndpointError::Resolution(format!(
                    "Assignment {name} already exists in scoped variables and cannot be overwritten"
                )));
            }
            self.scope.values[*slot] = result.clone();
            self.scope.assigned.push(*slot);
        }
        Ok(result)
    }

    fn apply(&mut self, call: &Call) -> Result<Value, EndpointError> {
        // Fast paths that avoid cloning scope values for the common checks.
        match (call.function, call.args.as_slice()) {
            (Function::IsSet, [Expr::Ref(slot)]) => {
                return Ok(Value::Bool(!self.scope.values[*slot].is_none()))
            }
            (Function::BooleanEquals, [Expr::Ref(slot), Expr::Literal(Value::Bool(b))]) => {
                return match &self.scope.values[*slot] {
                    Value::Bool(v) => Ok(Value::Bool(v == b)),
                    other => Err(library::bools_error(other, &Value::Bool(*b))),
                }
            }
            (Function::GetAttr, [Expr::Ref(slot), _]) if call.path.is_some() => {
                let path = call.path.as_deref().unwrap_or_default();
                return library::get_attr(&self.scope.values[*slot], path);
            }
            _ => {}
        }
        let args = call
            .args
            .iter()
            .map(|a| self.expr(a))
            .collect::<Result<Vec<_>, _>>()?;
        let arg = |i: usize| args.get(i).unwrap_or(&Value::None);
        Ok(match call.function {
            Function::IsSet => Value::Bool(!arg(0).is_none()),
            Function::Not => Value::Bool(!arg(0).is_truthy()),
            Function::BooleanEquals => match (arg(0), arg(1)) {
                (Value::Bool(a), Value::Bool(b)) => Value::Bool(a == b),
                (a, b) => return Err(library::bools_error(a, b)),
            },
            Function::StringEquals => match (arg(0), arg(1)) {
                (Value::String(a), Value::String(b)) => Value::Bool(a == b),
                (a, b) => {
                    return Err(EndpointError::Resolution(format!(
                        "Both values must be strings, not {} and {}.",
                        a.python_type(),
                        b.python_type()
                    )))
                }
            },
            Function::GetAttr => match &call.path {
                Some(path) => library::get_attr(arg(0), path)?,
                None => match arg(1) {
                    Value::String(path) => {
                        library::get_attr(arg(0), &crate::ruleset::parse_attr_path(path))?
                    }
                    other => {
                        return Err(EndpointError::Resolution(format!(
                            "getAttr path must be a string, not {}",
                            other.python_type()
                        )))
                    }
                },
            },
            Function::Substring => library::substring(arg(0), arg(1), arg(2), arg(3))?,
            Function::UriEncode => match arg(0) {
                Value::None => Value::None,
                other => Value::String(library::uri_encode(&other.to_python_str())),
            },
            Function::ParseUrl => match arg(0) {
                Value::String(url) => library::parse_url(url),
                _ => Value::None,
            },
            Function::IsValidHostLabel => Value::Bool(match arg(0) {
                Value::String(s) => library::is_valid_host_label(s, arg(1)),
                _ => false,
            }),
            Function::AwsPartition => {
                Value::Object(self.partitions.partition_outputs(arg(0).as_str()))
            }
            Function::AwsParseArn => match arg(0) {
                Value::String(arn) => library::parse_arn(arn),
                _ => Value::None,
            },
            Function::AwsIsVirtualHostableS3Bucket => Value::Bool(match arg(0) {
                Value::String(s) => library::is_virtual_hostable_s3_bucket(s, arg(1)),
                _ => false,
            }),
        })
    }
}

impl PathPart {
    pub(crate) fn describe(&self) -> String {
        match self {
            PathPart::Key(k) => k.clone(),
            PathPart::Index(name, i) => format!("{}[{i}]", name.as_deref().unwrap_or("")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s3() -> (RuleSet, Partitions) {
        let service = awscli_model::store::load("s3").expect("s3 is embedded");
        let rules = RuleSet::from_json(service.endpoint_rule_set().expect("s3 has a rule set"))
            .expect("s3 rule set parses");
        let partitions = Partitions::from_json(
            &awscli_model::store::partitions_json().expect("partitions are embedded"),
        )
        .expect("partitions parse");
        (rules, partitions)
    }

    #[test]
    fn s3_custom_endpoint_with_force_path_style_puts_bucket_in_path() {
        let (rules, partitions) = s3();
        let params = HashMap::from([
            ("Region".to_owned(), ParamValue::from("us-east-1")),
            (
                "Endpoint".to_owned(),
                ParamValue::from("http://127.0.0.1:5000"),
            ),
            ("ForcePathStyle".to_owned(), ParamValue::from(true)),
            ("Bucket".to_owned(), ParamValue::from("b")),
        ]);
        let endpoint = resolve(&rules, &partitions, &params).unwrap();
        assert_eq!(endpoint.url, "http://127.0.0.1:5000/b");
        let signing = crate::signing_info(&endpoint).unwrap().unwrap();
        assert_eq!(signing.auth_type, "v4");
        assert_eq!(signing.signing_name.as_deref(), Some("s3"));
        assert_eq!(signing.signing_region.as_deref(), Some("us-east-1"));
    }

    #[test]
    fn missing_required_parameter_is_reported_by_name() {
        let rules = RuleSet::from_json(
            r#"{"version": "1.0", "parameters": {"Region": {"type": "string", "required": true}},
                "rules": []}"#,
        )
        .unwrap();
        let partitions = Partitions::from_json(
            r#"{"partitions": [{"id": "aws", "regionRegex": "^x$", "regions": {}, "outputs": {}}]}"#,
        )
        .unwrap();
        let err = resolve(&rules, &partitions, &HashMap::new()).unwrap_err();
        assert_eq!(
            err,
            EndpointError::Resolution("Cannot find value for required parameter Region".into())
        );
    }

    #[test]
    fn assignments_do_not_leak_to_sibling_rules() {
        // The first rule assigns `p` then fails; the second may assign it again.
        let rules = RuleSet::from_json(
            r#"{"version": "1.0", "parameters": {"Region": {"type": "string"}},
                "rules": [
                  {"type": "endpoint", "endpoint": {"url": "https://first"},
                   "conditions": [{"fn": "aws.partition", "argv": ["x"], "assign": "p"},
                                  {"fn": "booleanEquals", "argv": [true, false]}]},
                  {"type": "endpoint", "endpoint": {"url": "https://{p#name}"},
                   "conditions": [{"fn": "aws.partition", "argv": ["x"], "assign": "p"}]}]}"#,
        )
        .unwrap();
        let partitions = Partitions::from_json(
            r#"{"partitions": [{"id": "aws", "regionRegex": "^x$", "regions": {}, "outputs": {}}]}"#,
        )
        .unwrap();
        let endpoint = resolve(&rules, &partitions, &HashMap::new()).unwrap();
        assert_eq!(endpoint.url, "https://aws");
    }

    #[test]
    fn s3_resolution_is_fast() {
        let (rules, partitions) = s3();
        let params = HashMap::from([
            ("Region".to_owned(), ParamValue::from("us-west-2")),
            ("Bucket".to_owned(), ParamValue::from("my-bucket")),
            ("Key".to_owned(), ParamValue::from("k")),
        ]);
        let start = std::time::Instant::now();
        let rounds = 200;
        for _ in 0..rounds {
            let endpoint = resolve(&rules, &partitions, &params).unwrap();
            assert_eq!(endpoint.url, "https://my-bucket.s3.us-west-2.amazonaws.com");
        }
        let per_call = start.elapsed() / rounds;
        // Generous even for unoptimized builds; release is far below.
        assert!(per_call.as_millis() < 5, "{per_call:?} per s3 resolution");
    }
}
