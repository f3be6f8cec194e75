//! Parsing an endpoint rule set (`endpoint-rule-set-1.json`) into a compiled
//! tree the evaluator walks without touching JSON or hashing names.
//!
//! Every variable name (parameters and `assign` targets) gets a slot number
//! at parse time, function names become an enum, `getAttr` paths and string
//! templates are split up front. Spec:
//! <https://smithy.io/2.0/additional-specs/rules-engine/specification.html>.
use std::collections::HashMap;

use serde_json::Value as Json;

use crate::value::Value;
use crate::{EndpointError, ParamValue};

/// Index of a variable in the evaluation scope.
pub(crate) type Slot = usize;

/// A parsed endpoint rule set.
#[derive(Debug)]
pub struct RuleSet {
    pub(crate) parameters: Vec<Parameter>,
    /// The scope slot of each parameter, parallel to `parameters`.
    pub(crate) parameter_slots: Vec<Slot>,
    pub(crate) rules: Vec<Rule>,
    /// Number of distinct variable names (the scope's size).
    pub(crate) slot_count: usize,
}

/// The declared type of a rule-set parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParameterType {
    String,
    Boolean,
    StringArray,
}

impl ParameterType {
    /// The Python type botocore checks values against, as its messages print it.
    pub(crate) fn python_type(self) -> &'static str {
        match self {
            ParameterType::String => "<class 'str'>",
            ParameterType::Boolean => "<class 'bool'>",
            ParameterType::StringArray => "<class 'tuple'>",
        }
    }
}

/// One entry of the rule set's `parameters`.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    pub name: String,
    pub r#type: ParameterType,
    /// `AWS::Region`, `SDK::Endpoint`, ...: the built-in value the caller
    /// fills this parameter from.
    pub built_in: Option<String>,
    pub default: Option<ParamValue>,
    pub required: bool,
    pub documentation: Option<String>,
}

#[derive(Debug)]
pub(crate) struct Rule {
    pub(crate) conditions: Vec<Call>,
    pub(crate) kind: RuleKind,
}

#[derive(Debug)]
pub(crate) enum RuleKind {
    Endpoint(EndpointTemplate),
    Error(Expr),
    Tree(Vec<Rule>),
}

#[derive(Debug)]
pub(crate) struct EndpointTemplate {
    pub(crate) url: Expr,
    pub(crate) properties: Vec<(String, Property)>,
    pub(crate) headers: Vec<(String, Vec<Expr>)>,
}

/// An endpoint property: botocore only fills templates in strings here,
/// everything else (even `{"ref": ..}` objects) is literal data.
#[derive(Debug)]
pub(crate) enum Property {
    Template(Template),
    Literal(Json),
    Array(Vec<Property>),
    Object(Vec<(String, Property)>),
}

#[derive(Debug)]
pub(crate) enum Expr {
    Literal(Value),
    Template(Template),
    Ref(Slot),
    Call(Box<Call>),
}

#[derive(Debug)]
pub(crate) struct Call {
    pub(crate) function: Function,
    pub(crate) args: Vec<Expr>,
    pub(crate) assign: Option<(Slot, String)>,
    /// The `getAttr` path, when it is a literal (it always is in practice).
    pub(crate) path: Option<Vec<PathPart>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Function {
    BooleanEquals,
    StringEquals,
    IsSet,
    Not,
    GetAttr,
    Substring,
    UriEncode,
    ParseUrl,
    IsValidHostLabel,
    AwsPartition,
    AwsParseArn,
    AwsIsVirtualHostableS3Bucket,
}

impl Function {
    fn from_name(name: &str) -> Option<(Function, usize)> {
        Some(match name {
            "booleanEquals" => (Function::BooleanEquals, 2),
            "stringEquals" => (Function::StringEquals, 2),
            "isSet" => (Function::IsSet, 1),
            "not" => (Function::Not, 1),
            "getAttr" => (Function::GetAttr, 2),
            "substring" => (Function::Substring, 4),
            "uriEncode" => (Function::UriEncode, 1),
            "parseURL" => (Function::ParseUrl, 1),
            "isValidHostLabel" => (Function::IsValidHostLabel, 2),
            "aws.partition" => (Function::AwsPartition, 1),
            "aws.parseArn" => (Function::AwsParseArn, 1),
            "aws.isVirtualHostableS3Bucket" => (Function::AwsIsVirtualHostableS3Bucket, 2),
            _ => return None,
        })
    }
}

/// One step of a `getAttr` path.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum PathPart {
    Key(String),
    /// `name[index]` (or `[index]`); botocore stops walking after it.
    Index(Option<String>, usize),
}

/// A string with `{Name}` / `{Name#attr}` references.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Template {
    pub(crate) parts: Vec<TemplatePart>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TemplatePart {
    Literal(String),
    Ref {
        slot: Slot,
        name: String,
        keys: Vec<String>,
    },
}

impl RuleSet {
    /// Parses `endpoint-rule-set-1.json` text.
    pub fn from_json(text: &str) -> Result<RuleSet, EndpointError> {
        let json: Json =
            serde_json::from_str(text).map_err(|e| invalid(format!("not JSON: {e}")))?;
        let mut compiler = Compiler::default();
        let params = json
            .get("parameters")
            .and_then(Json::as_object)
            .ok_or_else(|| invalid("missing `parameters`".into()))?;
        let mut parameters = Vec::with_capacity(params.len());
        let mut parameter_slots = Vec::with_capacity(params.len());
        for (name, spec) in params {
            parameters.push(parse_parameter(name, spec)?);
            parameter_slots.push(compiler.slot(name));
        }
        let rules = json
            .get("rules")
            .and_then(Json::as_array)
            .ok_or_else(|| invalid("missing `rules`".into()))?
            .iter()
            .map(|rule| compiler.rule(rule))
            .collect::<Result<_, _>>()?;
        Ok(RuleSet {
            parameters,
            parameter_slots,
            rules,
            slot_count: compiler.slots.len(),
        })
    }

    /// The declared parameters, in rule-set order.
    pub fn parameters(&self) -> &[Parameter] {
        &self.parameters
    }

    /// The parameter bound to a built-in (`AWS::Region`, ...), if any.
    pub fn parameter_for_built_in(&self, built_in: &str) -> Option<&Parameter> {
        self.parameters
            .iter()
            .find(|p| p.built_in.as_deref() == Some(built_in))
    }
}

fn invalid(message: String) -> EndpointError {
    EndpointError::InvalidRuleSet(message)
}

fn parse_parameter(name: &str, spec: &Json) -> Result<Parameter, EndpointError> {
    let type_name = spec
        .get("type")
        .and_then(Json::as_str)
        .ok_or_else(|| invalid(format!("parameter {name} has no type")))?;
    let r#type = match type_name.to_ascii_lowercase().as_str() {
        "string" => ParameterType::String,
        "boolean" => ParameterType::Boolean,
        "stringarray" => ParameterType::StringArray,
        _ => {
            return Err(EndpointError::Resolution(format!(
                "Unknown parameter type: {type_name}. A parameter must be of type string, boolean, or stringarray."
            )))
        }
    };
    let default = match spec.get("default") {
        None | Some(Json::Null) => None,
        Some(Json::String(s)) => Some(ParamValue::String(s.clone())),
        Some(Json::Bool(b)) => Some(ParamValue::Bool(*b)),
        Some(Json::Array(items)) => Some(ParamValue::StringArray(
            items
                .iter()
                .map(|item| {
                    item.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| invalid(format!("parameter {name}: non-string default")))
                })
                .collect::<Result<_, _>>()?,
        )),
        Some(other) => return Err(invalid(format!("parameter {name}: default {other}"))),
    };
    Ok(Parameter {
        name: name.to_owned(),
        r#type,
        built_in: spec
            .get("builtIn")
            .and_then(Json::as_str)
            .map(str::to_owned),
        default,
        // botocore tests `if self.required`, so any truthy value counts.
        required: spec
            .get("required")
            .is_some_and(|r| r.as_bool() == Some(true)),
        documentation: spec
            .get("documentation")
            .and_then(Json::as_str)
            .map(str::to_owned),
    })
}

#[derive(Default)]
struct Compiler {
    slots: HashMap<String, Slot>,
}

impl Compiler {
    fn slot(&mut self, name: &str) -> Slot {
        if let Some(&slot) = self.slots.get(name) {
            return slot;
        }
        let next = self.slots.len();
        self.slots.insert(name.to_owned(), next);
        next
    }

    fn rule(&mut self, json: &Json) -> Result<Rule, EndpointError> {
        let conditions = match json.get("conditions") {
            None => Vec::new(),
            Some(Json::Array(items)) => items
                .iter()
                .map(|c| self.call(c))
                .collect::<Result<_, _>>()?,
            Some(other) => return Err(invalid(format!("conditions must be a list: {other}"))),
        };
        let rule_type = json.get("type").and_then(Json::as_str).unwrap_or_default();
        let kind = match rule_type {
            "endpoint" => {
                let endpoint = json
                    .get("endpoint")
                    .ok_or_else(|| invalid("endpoint rule without `endpoint`".into()))?;
                RuleKind::Endpoint(self.endpoint(endpoint)?)
            }
            "error" => RuleKind::Error(
                self.expr(
                    json.get("error")
                        .ok_or_else(|| invalid("error rule without `error`".into()))?,
                )?,
            ),
            "tree" => RuleKind::Tree(
                json.get("rules")
                    .and_then(Json::as_array)
                    .ok_or_else(|| invalid("tree rule without `rules`".into()))?
                    .iter()
                    .map(|r| self.rule(r))
                    .collect::<Result<_, _>>()?,
            ),
            other => {
                return Err(EndpointError::Resolution(format!(
                    "Unknown rule type: {other}. A rule must be of type tree, endpoint or error."
                )))
            }
        };
        Ok(Rule { conditions, kind })
    }

    fn endpoint(&mut self, json: &Json) -> Result<EndpointTemplate, EndpointError> {
        let url = self.expr(
            json.get("url")
                .ok_or_else(|| invalid("endpoint without `url`".into()))?,
        )?;
        let properties = match json.get("properties") {
            None | Some(Json::Null) => Vec::new(),
            Some(Json::Object(map)) => map
                .iter()
                .map(|(k, v)| Ok((k.clone(), self.property(v)?)))
                .collect::<Result<_, EndpointError>>()?,
            Some(other) => return Err(invalid(format!("properties must be an object: {other}"))),
        };
        let headers = match json.get("headers") {
            None | Some(Json::Null) => Vec::new(),
            Some(Json::Object(map)) => map
                .iter()
                .map(|(name, values)| {
                    let values = values
                        .as_array()
                        .ok_or_else(|| invalid(format!("header {name} must be a list")))?
                        .iter()
                        .map(|v| self.expr(v))
                        .collect::<Result<_, _>>()?;
                    Ok((name.clone(), values))
                })
                .collect::<Result<_, EndpointError>>()?,
            Some(other) => return Err(invalid(format!("headers must be an object: {other}"))),
        };
        Ok(EndpointTemplate {
            url,
            properties,
            headers,
        })
    }

    fn property(&mut self, json: &Json) -> Result<Property, EndpointError> {
        Ok(match json {
            Json::String(s) if is_template(s) => Property::Template(self.template(s)?),
            Json::Array(items) => Property::Array(
                items
                    .iter()
                    .map(|i| self.property(i))
                    .collect::<Result<_, _>>()?,
            ),
            Json::Object(map) => Property::Object(
                map.iter()
                    .map(|(k, v)| Ok((k.clone(), self.property(v)?)))
                    .collect::<Result<_, EndpointError>>()?,
            ),
            other => Property::Literal(other.clone()),
        })
    }

    /// botocore's `resolve_value`: a function call, a reference, a template
    /// string, or anything else taken literally.
    fn expr(&mut self, json: &Json) -> Result<Expr, EndpointError> {
        Ok(match json {
            Json::Object(map) if map.contains_key("fn") => Expr::Call(Box::new(self.call(json)?)),
            Json::Object(map) if map.contains_key("ref") => {
                let name = map
                    .get("ref")
                    .and_then(Json::as_str)
                    .ok_or_else(|| invalid(format!("bad reference: {json}")))?;
                Expr::Ref(self.slot(name))
            }
            Json::String(s) if is_template(s) => Expr::Template(self.template(s)?),
            other => Expr::Literal(Value::from_json(other)),
        })
    }

    fn call(&mut self, json: &Json) -> Result<Call, EndpointError> {
        let name = json
            .get("fn")
            .and_then(Json::as_str)
            .ok_or_else(|| invalid(format!("condition is not a function call: {json}")))?;
        let (function, arity) =
            Function::from_name(name).ok_or_else(|| invalid(format!("unknown function {name}")))?;
        let args: Vec<Expr> = json
            .get("argv")
            .and_then(Json::as_array)
            .ok_or_else(|| invalid(format!("{name} without `argv`")))?
            .iter()
            .map(|a| self.expr(a))
            .collect::<Result<_, _>>()?;
        if args.len() != arity {
            return Err(invalid(format!(
                "{name} takes {arity} arguments, given {}",
                args.len()
            )));
        }
        let path = match (function, args.get(1)) {
            (Function::GetAttr, Some(Expr::Literal(Value::String(path)))) => {
                Some(parse_attr_path(path))
            }
            _ => None,
        };
        let assign = match json.get("assign") {
            None => None,
            Some(Json::String(target)) => Some((self.slot(target), target.clone())),
            Some(other) => return Err(invalid(format!("bad assign: {other}"))),
        };
        Ok(Call {
            function,
            args,
            assign,
            path,
        })
    }

    fn template(&mut self, text: &str) -> Result<Template, EndpointError> {
        let parts = parse_template(text)?
            .into_iter()
            .map(|part| match part {
                RawPart::Literal(s) => TemplatePart::Literal(s),
                RawPart::Field(field) => {
                    let mut names = field.split('#').map(str::to_owned);
                    let name = names.next().unwrap_or_default();
                    TemplatePart::Ref {
                        slot: self.slot(&name),
                        name,
                        keys: names.collect(),
                    }
                }
            })
            .collect();
        Ok(Template { parts })
    }
}

/// botocore's `TEMPLATE_STRING_RE` (`\{[a-zA-Z#]+\}`) search: only strings
/// containing such a field are treated as templates.
pub(crate) fn is_template(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'{' {
            let mut j = i + 1;
            while j < bytes.len() && (bytes[j].is_ascii_alphabetic() || bytes[j] == b'#') {
                j += 1;
            }
            if j > i + 1 && j < bytes.len() && bytes[j] == b'}' {
                return true;
            }
        }
        i += 1;
    }
    false
}

enum RawPart {
    Literal(String),
    Field(String),
}

/// Splits a template as Python's `string.Formatter.parse` does: `{{` and
/// `}}` are literal braces, `{field}` is a reference.
fn parse_template(text: &str) -> Result<Vec<RawPart>, EndpointError> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                literal.push('}');
            }
            '{' => {
                let mut field = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == '}' {
                        closed = true;
                        break;
                    }
                    field.push(c);
                }
                if !closed {
                    return Err(invalid(format!("expected '}}' in template {text:?}")));
                }
                if !literal.is_empty() {
                    parts.push(RawPart::Literal(std::mem::take(&mut literal)));
                }
                parts.push(RawPart::Field(field));
            }
            '}' => {
                return Err(invalid(format!(
                    "single '}}' encountered in template {text:?}"
                )))
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        parts.push(RawPart::Literal(literal));
    }
    Ok(parts)
}

/// Splits a `getAttr` path as botocore walks it: `.`-separated keys, where
/// the first part holding `name[index]` (botocore's `(\w*)\[(\d+)\]`
/// search) ends the walk.
pub(crate) fn parse_attr_path(path: &str) -> Vec<PathPart> {
    let mut parts = Vec::new();
    for part in path.split('.') {
        if let Some(index_part) = find_index(part) {
            parts.push(index_part);
            break;
        }
        parts.push(PathPart::Key(part.to_owned()));
    }
    parts
}

fn find_index(part: &str) -> Option<PathPart> {
    // Leftmost `[digits]`; the name is the run of word characters before it.
    let bytes = part.as_bytes();
    for (open, _) in part.match_indices('[') {
        let digits_end = bytes[open + 1..]
            .iter()
            .position(|b| !b.is_ascii_digit())
            .map_or(bytes.len(), |p| open + 1 + p);
        if digits_end > open + 1 && bytes.get(digits_end) == Some(&b']') {
            let name_start = part[..open]
                .char_indices()
                .rev()
                .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
                .last()
                .map_or(open, |(i, _)| i);
            let name = &part[name_start..open];
            let index = part[open + 1..digits_end].parse().unwrap_or(usize::MAX);
            return Some(PathPart::Index(
                (!name.is_empty()).then(|| name.to_owned()),
                index,
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_template_needs_a_braced_name() {
        assert!(is_template("https://{Region}.x"));
        assert!(is_template("{PartitionResult#dnsSuffix}"));
        assert!(!is_template("{}"));
        assert!(!is_template("{a-b}"));
        assert!(!is_template("plain"));
    }

    #[test]
    fn attr_path_stops_at_index() {
        assert_eq!(
            parse_attr_path("resourceId[2]"),
            vec![PathPart::Index(Some("resourceId".into()), 2)]
        );
        assert_eq!(parse_attr_path("[0]"), vec![PathPart::Index(None, 0)]);
        assert_eq!(
            parse_attr_path("a.b"),
            vec![PathPart::Key("a".into()), PathPart::Key("b".into())]
        );
    }

    #[test]
    fn template_braces_escape() {
        let parts = parse_template("a{{b}}{C#d}").unwrap();
        assert!(matches!(&parts[0], RawPart::Literal(s) if s == "a{b}"));
        assert!(matches!(&parts[1], RawPart::Field(s) if s == "C#d"));
    }
}
