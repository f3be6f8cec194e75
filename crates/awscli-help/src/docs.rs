//! The documentation one operation's page needs, decoded from the service's
//! documentation text without decoding the rest: ec2's is about 6 MB of
//! JSON, and decoding all of it is most of the time `aws ec2 run-instances
//! help` takes. The text is scanned once (the entries stay borrowed, raw),
//! and only the operation's entry and those of the shapes reachable from its
//! input and output are decoded.
//!
//! The text has the layout `scripts/update-models` writes and
//! `awscli_model::store::docs` reads: `{"service", "operations": {name:
//! html}, "shapes": {name: {"doc", "members": {name: html}}}}`.
use std::collections::{HashMap, HashSet};

use awscli_model::{Docs, MemberRef, Service};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::HelpError;

#[derive(Deserialize)]
struct RawDocs<'a> {
    #[serde(default, borrow)]
    operations: HashMap<&'a str, &'a RawValue>,
    #[serde(default, borrow)]
    shapes: HashMap<&'a str, &'a RawValue>,
}

fn decode<'a, T: Deserialize<'a>>(what: &str, raw: &'a RawValue) -> Result<T, HelpError> {
    serde_json::from_str(raw.get()).map_err(|e| HelpError::Docs(format!("{what}: {e}")))
}

/// The documentation of `operation` (a model name) and of every shape its
/// input and output reach, from the documentation text of `service`; the
/// service's own description is left out (only `aws <service> help` shows it).
pub fn operation_docs(text: &str, service: &Service, operation: &str) -> Result<Docs, HelpError> {
    let raw: RawDocs = serde_json::from_str(text)
        .map_err(|e| HelpError::Docs(format!("{}: {e}", service.name)))?;
    let mut docs = Docs::default();
    if let Some(entry) = raw.operations.get(operation) {
        docs.operations
            .insert(operation.to_owned(), decode(operation, entry)?);
    }
    let op = service.operation(operation)?;
    let mut pending: Vec<&MemberRef> = op.input.iter().chain(op.output.iter()).collect();
    let mut seen: HashSet<String> = HashSet::new();
    while let Some(member) = pending.pop() {
        if !seen.insert(member.shape.clone()) {
            continue;
        }
        let shape = service.resolve(member)?;
        if let Some(entry) = raw.shapes.get(shape.name.as_str()) {
            // `ShapeDocs` is not exported by name; the map's type names it.
            let shape_docs = decode(&shape.name, entry)?;
            docs.shapes.insert(shape.name.clone(), shape_docs);
        }
        pending.extend(shape.members.values());
        pending.extend(shape.member.iter());
        pending.extend(shape.key.iter());
        pending.extend(shape.value.iter());
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{arguments_from_model, operation_help, Style};

    /// The documentation text of a service, rebuilt from its decoded form.
    fn text_of(docs: &Docs) -> String {
        let shapes: serde_json::Map<String, serde_json::Value> = docs
            .shapes
            .iter()
            .map(|(name, d)| {
                (
                    name.clone(),
                    serde_json::json!({"doc": d.doc, "members": d.members}),
                )
            })
            .collect();
        serde_json::json!({
            "service": docs.service,
            "operations": docs.operations,
            "shapes": shapes,
        })
        .to_string()
    }

    #[test]
    fn the_subset_renders_the_same_page_as_the_whole() {
        for (name, operation) in [
            ("ec2", "RunInstances"),
            ("s3", "GetObject"),
            ("sts", "AssumeRole"),
        ] {
            let service = awscli_model::store::load(name).unwrap();
            let full = awscli_model::store::docs(name).unwrap();
            let subset = operation_docs(&text_of(&full), &service, operation).unwrap();
            assert!(subset.shapes.len() < full.shapes.len());
            let op = service.operation(operation).unwrap();
            let arguments = arguments_from_model(&service, op, true).unwrap();
            let page = |docs: &Docs| {
                operation_help(name, &service, docs, operation, &arguments)
                    .unwrap()
                    .render(Style::Plain, 80)
            };
            assert_eq!(page(&subset), page(&full), "{name}.{operation}");
        }
    }

    #[test]
    fn bad_text_is_an_error() {
        let service = awscli_model::store::load("sts").unwrap();
        assert!(operation_docs("{", &service, "AssumeRole").is_err());
    }
}
