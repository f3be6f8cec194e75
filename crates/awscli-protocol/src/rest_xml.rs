//! The `rest-xml` body codec (S3, CloudFront, Route 53), and the
//! shape-directed XML reader that `query` and `ec2` share.
//!
//! Spec: <https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html>;
//! behaviour follows botocore `serialize.py` (`RestXMLSerializer`) and
//! `parsers.py` (`BaseXMLResponseParser`, `RestXMLParser`), including their
//! quirks (a `None` member stops a structure; shape-level `locationName`
//! renames members).
use awscli_model::{Location, Service, ShapeType, Value};
use indexmap::IndexMap;

use crate::error::{ParseError, SerializeError};
use crate::json::{
    base64_decode, base64_encode, blob_bytes, parse_python_float, python_float_repr,
};
use crate::shape_ref::{list_member, map_key_value, ShapeRef};
use crate::timestamp::{self, Format, Precision};
use crate::xml::{local_name, Element};

/// A value as Python's `str()` writes it into XML text or a header.
pub(crate) fn python_str(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(b) => if *b { "True" } else { "False" }.to_owned(),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => python_float_repr(*f),
        Value::String(s) => s.clone(),
        Value::Blob(b) => String::from_utf8_lossy(b).into_owned(),
        Value::Timestamp(ts) => python_float_repr(ts.as_epoch_f64()),
        Value::List(_) | Value::Map(_) => crate::json::write_json(
            &crate::json::value_to_json(value),
            crate::json::Style::Python,
        ),
    }
}

/// `_handle_float` then `str()`.
pub(crate) fn float_text(value: &Value) -> String {
    match value {
        Value::Float(f) if f.is_nan() => "NaN".to_owned(),
        Value::Float(f) if f.is_infinite() => {
            if *f > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
        }
        other => python_str(other),
    }
}

pub(crate) struct XmlSerializer<'s> {
    pub service: &'s Service,
    pub precision: Precision,
}

fn add_namespace(sref: ShapeRef<'_>, node: &mut Element) {
    if let Some(ns) = sref.xml_namespace() {
        let name = match ns.prefix.as_deref() {
            Some(p) if !p.is_empty() => format!("xmlns:{p}"),
            _ => "xmlns".to_owned(),
        };
        node.set_attribute(&name, ns.uri.as_deref().unwrap_or(""));
    }
}

impl XmlSerializer<'_> {
    /// The body for `params` under a root named `root_name`.
    pub fn document(
        &self,
        sref: ShapeRef<'_>,
        params: &Value,
        root_name: &str,
    ) -> Result<String, SerializeError> {
        let mut pseudo_root = Element::new("");
        self.serialize(sref, params, &mut pseudo_root, root_name, root_name)?;
        Ok(pseudo_root
            .children
            .first()
            .map(Element::to_xml)
            .unwrap_or_default())
    }

    fn serialize(
        &self,
        sref: ShapeRef<'_>,
        value: &Value,
        parent: &mut Element,
        name: &str,
        path: &str,
    ) -> Result<(), SerializeError> {
        match sref.kind() {
            ShapeType::Structure => {
                let map = value.as_map().ok_or_else(|| SerializeError::InvalidType {
                    path: path.to_owned(),
                    expected: "dict",
                })?;
                let mut node = Element::new(name);
                add_namespace(sref, &mut node);
                for (key, v) in map {
                    let member = sref.shape.members.get(key).ok_or_else(|| {
                        SerializeError::UnknownParameter {
                            path: path.to_owned(),
                            name: key.clone(),
                        }
                    })?;
                    // botocore returns (not continues) on the first None.
                    if v.is_null() {
                        break;
                    }
                    let mref = ShapeRef::resolve(self.service, member)?;
                    let member_name = mref.name().unwrap_or(key);
                    if mref.xml_attribute() {
                        node.set_attribute(member_name, &python_str(v));
                        continue;
                    }
                    self.serialize(mref, v, &mut node, member_name, &format!("{path}.{key}"))?;
                }
                parent.children.push(node);
            }
            ShapeType::List => {
                let items = value.as_list().ok_or_else(|| SerializeError::InvalidType {
                    path: path.to_owned(),
                    expected: "list",
                })?;
                let member = list_member(self.service, sref.shape)?;
                if sref.flattened() {
                    add_namespace(sref, parent);
                    for (i, item) in items.iter().enumerate() {
                        self.serialize(member, item, parent, name, &format!("{path}[{i}]"))?;
                    }
                } else {
                    let element_name = member.name().unwrap_or("member");
                    let mut node = Element::new(name);
                    add_namespace(sref, &mut node);
                    for (i, item) in items.iter().enumerate() {
                        self.serialize(
                            member,
                            item,
                            &mut node,
                            element_name,
                            &format!("{path}[{i}]"),
                        )?;
                    }
                    parent.children.push(node);
                }
            }
            ShapeType::Map => {
                let map = value.as_map().ok_or_else(|| SerializeError::InvalidType {
                    path: path.to_owned(),
                    expected: "dict",
                })?;
                let (key_ref, value_ref) = map_key_value(self.service, sref.shape)?;
                let key_name = key_ref.name().unwrap_or("key");
                let value_name = value_ref.name().unwrap_or("value");
                let flattened = sref.flattened();
                let mut node = Element::new(name);
                if !flattened {
                    add_namespace(sref, &mut node);
                }
                for (k, v) in map {
                    let mut entry = Element::new(if flattened { name } else { "entry" });
                    self.serialize(
                        key_ref,
                        &Value::String(k.clone()),
                        &mut entry,
                        key_name,
                        path,
                    )?;
                    self.serialize(value_ref, v, &mut entry, value_name, &format!("{path}.{k}"))?;
                    if flattened {
                        parent.children.push(entry);
                    } else {
                        node.children.push(entry);
                    }
                }
                if !flattened {
                    parent.children.push(node);
                }
            }
            kind => {
                let text = match kind {
                    ShapeType::Boolean => match value {
                        Value::Bool(b) => if *b { "true" } else { "false" }.to_owned(),
                        Value::String(s) => if s.is_empty() { "false" } else { "true" }.to_owned(),
                        other => python_str(other),
                    },
                    ShapeType::Blob => base64_encode(blob_bytes(value, path)?),
                    ShapeType::Timestamp => {
                        let ts = timestamp::timestamp_from_value(value).ok_or_else(|| {
                            SerializeError::InvalidTimestamp {
                                path: path.to_owned(),
                                value: python_str(value),
                            }
                        })?;
                        let format = sref
                            .timestamp_format()
                            .and_then(Format::from_model)
                            .unwrap_or(Format::Iso8601);
                        timestamp::format_text(&ts, format, self.precision)
                    }
                    ShapeType::Float | ShapeType::Double => float_text(value),
                    _ => python_str(value),
                };
                let mut node = Element::with_text(name, text);
                add_namespace(sref, &mut node);
                parent.children.push(node);
            }
        }
        Ok(())
    }
}

/// An XML "node" as botocore passes it around: one element, or the list
/// `_build_name_to_xml_node` makes of repeated siblings.
#[derive(Clone)]
pub(crate) enum Node<'a> {
    One(&'a Element),
    Many(Vec<&'a Element>),
}

impl<'a> Node<'a> {
    fn first(&self) -> Option<&'a Element> {
        match self {
            Node::One(e) => Some(e),
            Node::Many(v) => v.first().copied(),
        }
    }
}

/// `_build_name_to_xml_node`: children by tag, repeated tags gathered.
pub(crate) fn name_to_node(parent: &Element) -> IndexMap<&str, Node<'_>> {
    let mut map: IndexMap<&str, Node<'_>> = IndexMap::new();
    for child in &parent.children {
        match map.get_mut(child.name.as_str()) {
            Some(Node::Many(v)) => v.push(child),
            Some(slot @ Node::One(_)) => {
                if let Node::One(first) = slot {
                    *slot = Node::Many(vec![first, child]);
                }
            }
            None => {
                map.insert(child.name.as_str(), Node::One(child));
            }
        }
    }
    map
}

/// Where to find an exception structure's members inside its document.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrorRoot {
    /// `<ErrorResponse><Error>` (query, rest-xml).
    ErrorResponse,
    /// `<Response><Errors><Error>` (ec2).
    Ec2,
}

pub(crate) struct XmlParser<'s> {
    pub service: &'s Service,
    pub error_root: ErrorRoot,
}

fn member_key_name<'a>(
    service: &'a Service,
    mref: ShapeRef<'a>,
    member_name: &'a str,
) -> Result<&'a str, ParseError> {
    if mref.kind() == ShapeType::List && mref.flattened() {
        if let Some(name) = list_member(service, mref.shape)?.name() {
            return Ok(name);
        }
    }
    Ok(mref.name().unwrap_or(member_name))
}

impl XmlParser<'_> {
    fn error_root<'e>(&self, root: &'e Element) -> &'e Element {
        match self.error_root {
            ErrorRoot::ErrorResponse => {
                if root.name == "ErrorResponse" {
                    if let Some(e) = root.children.iter().find(|c| c.name == "Error") {
                        return e;
                    }
                }
                root
            }
            ErrorRoot::Ec2 => root
                .children
                .iter()
                .filter(|c| c.name == "Errors")
                .flat_map(|c| c.children.iter())
                .find(|c| c.name == "Error")
                .unwrap_or(root),
        }
    }

    pub fn value(&self, sref: ShapeRef<'_>, node: &Node<'_>) -> Result<Value, ParseError> {
        match sref.kind() {
            ShapeType::Structure => {
                let Some(mut el) = node.first() else {
                    return Ok(Value::Map(IndexMap::new()));
                };
                if sref.shape.exception {
                    el = self.error_root(el);
                }
                self.structure(sref, el)
            }
            ShapeType::List => {
                let member = list_member(self.service, sref.shape)?;
                let items: Vec<&Element> = match node {
                    Node::One(e) if sref.flattened() => vec![e],
                    Node::One(e) => e.children.iter().collect(),
                    Node::Many(v) => v.clone(),
                };
                items
                    .into_iter()
                    .map(|item| self.value(member, &Node::One(item)))
                    .collect::<Result<Vec<_>, _>>()
                    .map(Value::List)
            }
            ShapeType::Map => {
                let (key_ref, value_ref) = map_key_value(self.service, sref.shape)?;
                let key_name = key_ref.name().unwrap_or("key");
                let value_name = value_ref.name().unwrap_or("value");
                let entries: Vec<&Element> = match node {
                    Node::One(e) if sref.flattened() => vec![e],
                    Node::One(e) => e.children.iter().collect(),
                    Node::Many(v) => v.clone(),
                };
                let mut map = IndexMap::new();
                for entry in entries {
                    let mut key = None;
                    let mut val = None;
                    for pair in &entry.children {
                        if pair.name == key_name {
                            key = Some(self.value(key_ref, &Node::One(pair))?);
                        } else if pair.name == value_name {
                            val = Some(self.value(value_ref, &Node::One(pair))?);
                        } else {
                            return Err(ParseError::InvalidValue(format!(
                                "Unknown tag: {}",
                                pair.name
                            )));
                        }
                    }
                    let key = match key {
                        Some(Value::String(s)) => s,
                        Some(other) => python_str(&other),
                        None => {
                            return Err(ParseError::InvalidValue(
                                "map entry without a key".to_owned(),
                            ))
                        }
                    };
                    map.insert(key, val.unwrap_or(Value::Null));
                }
                Ok(Value::Map(map))
            }
            _ => {
                let text = node.first().map(Element::text_content).unwrap_or("");
                scalar_from_text(sref, text)
            }
        }
    }

    pub fn structure(&self, sref: ShapeRef<'_>, el: &Element) -> Result<Value, ParseError> {
        let xml_dict = name_to_node(el);
        if sref.shape.union {
            if let Some(unknown) =
                crate::json::unknown_union_member(sref, xml_dict.keys().map(|k| (*k, false)))?
            {
                return Ok(unknown);
            }
        }
        let mut map = IndexMap::new();
        for (name, member) in &sref.shape.members {
            let mref = ShapeRef::resolve(self.service, member)?;
            // Only these are bound elsewhere in a response; a `uri` or
            // `querystring` member is read from the body like any other.
            if matches!(
                mref.location(),
                Some(Location::Header | Location::Headers | Location::StatusCode)
            ) {
                continue;
            }
            let xml_name = member_key_name(self.service, mref, name)?;
            if let Some(node) = xml_dict.get(xml_name) {
                map.insert(name.clone(), self.value(mref, node)?);
            } else if mref.xml_attribute() {
                let wanted = mref.name().unwrap_or(name);
                let found = el.attributes.iter().find(|(k, _)| {
                    k == wanted
                        || (wanted.contains(':')
                            && local_name(k) == local_name(wanted)
                            && k.contains(':'))
                });
                if let Some((_, v)) = found {
                    map.insert(name.clone(), Value::String(v.clone()));
                }
            }
        }
        Ok(Value::Map(map))
    }
}

/// A scalar from XML text or a header (`_handle_boolean` ... `_handle_blob`).
pub(crate) fn scalar_from_text(sref: ShapeRef<'_>, text: &str) -> Result<Value, ParseError> {
    Ok(match sref.kind() {
        ShapeType::Boolean => Value::Bool(text == "true"),
        ShapeType::Float | ShapeType::Double => Value::Float(parse_python_float(text)?),
        ShapeType::Integer | ShapeType::Long | ShapeType::Short | ShapeType::Byte => {
            Value::Integer(text.trim().parse().map_err(|_| {
                ParseError::InvalidValue(format!("invalid literal for int(): '{text}'"))
            })?)
        }
        ShapeType::Timestamp => timestamp::from_wire_text(text)
            .ok_or_else(|| ParseError::InvalidValue(format!("Invalid timestamp \"{text}\"")))?,
        ShapeType::Blob => Value::Blob(base64_decode(text)?),
        _ => Value::String(text.to_owned()),
    })
}

/// `_replace_nodes` over `_build_name_to_xml_node`: an error document as
/// nested maps of text (leaves without text become `Null`).
pub(crate) fn replace_nodes(el: &Element) -> IndexMap<String, Value> {
    let mut out = IndexMap::new();
    for (key, node) in name_to_node(el) {
        let first = node
            .first()
            .expect("name_to_node never stores an empty list");
        let value = if first.children.is_empty() {
            match &first.text {
                Some(t) => Value::String(t.clone()),
                None => Value::Null,
            }
        } else {
            Value::Map(replace_nodes(first))
        };
        out.insert(key.to_owned(), value);
    }
    out
}
