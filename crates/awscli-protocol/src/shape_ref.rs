//! [`ShapeRef`]: a shape as reached through one reference, with the traits of
//! the reference laid over the traits of the shape.
//!
//! botocore resolves every member reference by copying the target shape's
//! model and updating it with the reference's own keys (`model.py`,
//! `ShapeResolver.get_shape_by_name`), so a `locationName`, `xmlNamespace`,
//! `timestampFormat` or `flattened` on either one applies. The serializers
//! and parsers here read those traits only through this view.
use awscli_model::{Location, MemberRef, Service, Shape, ShapeType, XmlNamespace};

use crate::error::ModelLookup;

/// A shape together with the reference that led to it (if any).
#[derive(Clone, Copy)]
pub(crate) struct ShapeRef<'a> {
    pub shape: &'a Shape,
    pub member: Option<&'a MemberRef>,
}

impl<'a> ShapeRef<'a> {
    pub fn resolve(service: &'a Service, member: &'a MemberRef) -> Result<Self, ModelLookup> {
        Ok(ShapeRef {
            shape: service.resolve(member)?,
            member: Some(member),
        })
    }

    pub fn kind(&self) -> ShapeType {
        self.shape.kind
    }

    /// botocore's `serialization['name']`: the `locationName`.
    pub fn name(&self) -> Option<&'a str> {
        self.member
            .and_then(|m| m.location_name.as_deref())
            .or(self.shape.location_name.as_deref())
    }

    pub fn query_name(&self) -> Option<&'a str> {
        self.member.and_then(|m| m.query_name.as_deref())
    }

    pub fn location(&self) -> Option<Location> {
        self.member.and_then(|m| m.location)
    }

    pub fn flattened(&self) -> bool {
        self.member.is_some_and(|m| m.flattened) || self.shape.flattened
    }

    pub fn xml_namespace(&self) -> Option<&'a XmlNamespace> {
        self.member
            .and_then(|m| m.xml_namespace.as_ref())
            .or(self.shape.xml_namespace.as_ref())
    }

    pub fn xml_attribute(&self) -> bool {
        self.member.is_some_and(|m| m.xml_attribute)
    }

    pub fn timestamp_format(&self) -> Option<&'a str> {
        self.member
            .and_then(|m| m.timestamp_format.as_deref())
            .or(self.shape.timestamp_format.as_deref())
    }

    pub fn jsonvalue(&self) -> bool {
        self.member.is_some_and(|m| m.jsonvalue)
    }

    pub fn eventstream(&self) -> bool {
        self.shape.eventstream
    }

    pub fn is_document(&self) -> bool {
        self.shape.document
    }
}

/// The list member of a list shape.
pub(crate) fn list_member<'a>(
    service: &'a Service,
    shape: &'a Shape,
) -> Result<ShapeRef<'a>, ModelLookup> {
    let member = shape.member.as_ref().ok_or_else(|| {
        ModelLookup::Malformed(format!("list shape {} has no member", shape.name))
    })?;
    ShapeRef::resolve(service, member)
}

/// The key and value of a map shape.
pub(crate) fn map_key_value<'a>(
    service: &'a Service,
    shape: &'a Shape,
) -> Result<(ShapeRef<'a>, ShapeRef<'a>), ModelLookup> {
    let (Some(key), Some(value)) = (shape.key.as_ref(), shape.value.as_ref()) else {
        return Err(ModelLookup::Malformed(format!(
            "map shape {} lacks key or value",
            shape.name
        )));
    };
    Ok((
        ShapeRef::resolve(service, key)?,
        ShapeRef::resolve(service, value)?,
    ))
}

/// The input shape of an operation, seen through the operation's `input`
/// reference (which can carry `locationName` and `xmlNamespace`).
pub(crate) fn input_ref<'a>(
    service: &'a Service,
    operation: &'a awscli_model::Operation,
) -> Result<Option<ShapeRef<'a>>, ModelLookup> {
    operation
        .input
        .as_ref()
        .map(|m| ShapeRef::resolve(service, m))
        .transpose()
}

pub(crate) fn output_ref<'a>(
    service: &'a Service,
    operation: &'a awscli_model::Operation,
) -> Result<Option<ShapeRef<'a>>, ModelLookup> {
    operation
        .output
        .as_ref()
        .map(|m| ShapeRef::resolve(service, m))
        .transpose()
}
