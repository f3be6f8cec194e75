//! `after-call` handlers that decode service-encoded output fields
//! (botocore 1.43 `handlers.py`): IAM policy documents
//! (`json_decode_policies`), EC2 console output (`decode_console_output`)
//! and CloudFormation template bodies (`json_decode_template_body`).
use awscli_model::{Operation, Service, Shape, ShapeType, Value};
use base64::Engine;
use percent_encoding::percent_decode_str;

use crate::python::value_from_json;

/// IAM's shape for URL-encoded JSON policy documents.
const POLICY_DOCUMENT_SHAPE: &str = "policyDocumentType";

/// `json_decode_policies`: every `policyDocumentType` string in the output
/// becomes the JSON document it encodes (keys in document order).
pub(super) fn json_decode_policies(service: &Service, operation: &Operation, parsed: &mut Value) {
    let Some(output) = operation
        .output
        .as_ref()
        .and_then(|m| service.resolve(m).ok())
    else {
        return;
    };
    decode_policy_types(service, parsed, output);
}

/// `_decode_policy_types`.
fn decode_policy_types(service: &Service, parsed: &mut Value, shape: &Shape) {
    match (shape.kind, parsed) {
        (ShapeType::Structure, Value::Map(map)) => {
            for (name, member) in &shape.members {
                let Some(child) = map.get_mut(name) else {
                    continue;
                };
                let Ok(member_shape) = service.resolve(member) else {
                    continue;
                };
                if member_shape.kind == ShapeType::String && member.shape == POLICY_DOCUMENT_SHAPE {
                    decode_quoted_jsondoc(child);
                } else {
                    decode_policy_types(service, child, member_shape);
                }
            }
        }
        (ShapeType::List, Value::List(items)) => {
            let Some(member_shape) = shape.member.as_ref().and_then(|m| service.resolve(m).ok())
            else {
                return;
            };
            for item in items {
                decode_policy_types(service, item, member_shape);
            }
        }
        _ => {}
    }
}

/// `decode_quoted_jsondoc`: `json.loads(unquote(value))`, leaving the value
/// as it was when it is not JSON.
fn decode_quoted_jsondoc(value: &mut Value) {
    let Value::String(text) = value else {
        return;
    };
    let unquoted = percent_decode_str(text).decode_utf8_lossy();
    if let Ok(json) = serde_json::from_str::<serde_json::Value>(&unquoted) {
        *value = value_from_json(&json);
    }
}

/// `decode_console_output`: base64 to text, invalid UTF-8 replaced.
pub(super) fn decode_console_output(parsed: &mut Value) {
    let Some(Value::String(output)) = parsed.as_map_mut().and_then(|m| m.get_mut("Output")) else {
        return;
    };
    if let Some(bytes) = b64decode_lenient(output) {
        *output = String::from_utf8_lossy(&bytes).into_owned();
    }
}

/// `base64.b64decode` without `validate`: characters outside the alphabet
/// are dropped before decoding; bad padding is an error.
fn b64decode_lenient(text: &str) -> Option<Vec<u8>> {
    let cleaned: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(cleaned)
        .ok()
}

/// `json_decode_template_body`: a JSON template becomes a document; YAML
/// templates stay text.
pub(super) fn json_decode_template_body(parsed: &mut Value) {
    let Some(body) = parsed.as_map_mut().and_then(|m| m.get_mut("TemplateBody")) else {
        return;
    };
    let Value::String(text) = body else {
        return;
    };
    if let Ok(json) = serde_json::from_str::<serde_json::Value>(text) {
        *body = value_from_json(&json);
    }
}
