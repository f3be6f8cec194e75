//! [`Shape`] and [`MemberRef`]: the `shapes` section of `service-2.json`.
//!
//! Field names follow botocore's JSON exactly (`locationName`, `flattened`,
//! `timestampFormat` ...), so this is a typed view and not a translation.
use indexmap::IndexMap;
use serde::Deserialize;

/// The `type` of a shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShapeType {
    Structure,
    List,
    Map,
    String,
    Integer,
    Long,
    Float,
    Double,
    Boolean,
    Timestamp,
    Blob,
    /// Not used by botocore models today; kept so a future model still decodes.
    Bigdecimal,
    Biginteger,
    Byte,
    Short,
    Character,
}

/// Where an input or output member is bound in the HTTP message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Location {
    /// A path label in `requestUri`.
    Uri,
    Querystring,
    Header,
    /// A map of headers sharing the prefix in `locationName`.
    Headers,
    StatusCode,
}

/// An XML namespace on a member or shape (`{"uri": ..., "prefix": ...}`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct XmlNamespace {
    pub uri: Option<String>,
    pub prefix: Option<String>,
}

/// A reference from a structure member, list member, map key or map value to
/// a shape, with the traits the reference itself carries.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MemberRef {
    pub shape: String,
    pub location: Option<Location>,
    pub location_name: Option<String>,
    pub query_name: Option<String>,
    pub xml_namespace: Option<XmlNamespace>,
    pub xml_attribute: bool,
    pub flattened: bool,
    pub idempotency_token: bool,
    pub host_label: bool,
    /// A string member whose value is JSON text (rest-json headers).
    pub jsonvalue: bool,
    pub timestamp_format: Option<String>,
    pub streaming: bool,
    pub eventpayload: bool,
    pub deprecated: bool,
    pub deprecated_message: Option<String>,
    #[serde(rename = "box")]
    pub box_: Option<bool>,
    pub context_param: Option<ContextParam>,
}

/// `contextParam`: the endpoint rule-set parameter a member feeds.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ContextParam {
    pub name: String,
}

/// A shape from `service-2.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shape {
    /// The shape's own name, filled in by [`crate::Service::shape`].
    #[serde(skip)]
    pub name: String,
    #[serde(rename = "type")]
    pub kind: ShapeType,
    /// Structure members, in model order.
    #[serde(default)]
    pub members: IndexMap<String, MemberRef>,
    #[serde(default)]
    pub required: Vec<String>,
    /// The member name bound to the HTTP body (rest protocols).
    pub payload: Option<String>,
    /// List member.
    pub member: Option<MemberRef>,
    /// Map key and value.
    pub key: Option<MemberRef>,
    pub value: Option<MemberRef>,
    #[serde(default)]
    pub flattened: bool,
    pub location_name: Option<String>,
    pub xml_namespace: Option<XmlNamespace>,
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<String>>,
    pub timestamp_format: Option<String>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub pattern: Option<String>,
    #[serde(default)]
    pub streaming: bool,
    #[serde(default)]
    pub requires_length: bool,
    #[serde(default)]
    pub sensitive: bool,
    #[serde(default)]
    pub exception: bool,
    #[serde(default)]
    pub fault: bool,
    pub error: Option<ErrorTrait>,
    #[serde(default)]
    pub union: bool,
    /// A document type: any JSON value.
    #[serde(default)]
    pub document: bool,
    #[serde(default)]
    pub event: bool,
    #[serde(default)]
    pub eventstream: bool,
    #[serde(default)]
    pub sparse: bool,
    /// A query-protocol output wrapper (`wrapper: true`).
    #[serde(default)]
    pub wrapper: bool,
    #[serde(default)]
    pub deprecated: bool,
    pub retryable: Option<serde_json::Value>,
}

/// The `error` trait of an exception shape.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ErrorTrait {
    pub code: Option<String>,
    pub http_status_code: Option<u16>,
    pub sender_fault: Option<bool>,
}

impl Shape {
    /// Whether `member` is in the structure's `required` list.
    pub fn is_required(&self, member: &str) -> bool {
        self.required.iter().any(|r| r == member)
    }

    /// Whether this shape is a scalar (not a structure, list or map).
    pub fn is_scalar(&self) -> bool {
        !matches!(
            self.kind,
            ShapeType::Structure | ShapeType::List | ShapeType::Map
        )
    }
}
