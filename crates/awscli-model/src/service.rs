//! [`Service`]: one service model, decoded lazily.
//!
//! Decoding a whole model up front costs milliseconds for the big services
//! (ec2 has 800 operations and 4,200 shapes), and a command needs only one
//! operation and the shapes it reaches. So the top level is scanned once,
//! keeping every operation and shape as raw JSON text, and each is decoded
//! the first time it is asked for.
//!
//! The JSON text is leaked on purpose: a process decodes one or two models
//! and keeps them until it exits, and `'static` raw slices keep the types
//! simple.
use std::collections::HashMap;
use std::sync::OnceLock;

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::{MemberRef, ModelError, Shape};

/// A JSON fragment decoded on first use. The decoded value is boxed so an
/// undecoded entry costs two words, not the size of a `Shape`: ec2 has
/// 4,200 shapes and a command decodes a few dozen.
struct Lazy<T> {
    raw: &'static RawValue,
    cell: OnceLock<Box<T>>,
}

impl<T: for<'de> Deserialize<'de>> Lazy<T> {
    fn new(raw: &'static RawValue) -> Self {
        Lazy {
            raw,
            cell: OnceLock::new(),
        }
    }

    fn get(
        &self,
        what: impl FnOnce() -> String,
        fill: impl FnOnce(&mut T),
    ) -> Result<&T, ModelError> {
        if let Some(v) = self.cell.get() {
            return Ok(v);
        }
        let mut value: T =
            serde_json::from_str(self.raw.get()).map_err(|source| ModelError::Decode {
                what: what(),
                source,
            })?;
        fill(&mut value);
        Ok(self.cell.get_or_init(|| Box::new(value)))
    }
}

/// The service's `metadata`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Metadata {
    pub api_version: String,
    pub endpoint_prefix: String,
    pub json_version: Option<String>,
    /// The protocol botocore uses. (`protocols` lists alternatives; botocore
    /// 1.43 still picks `protocol`.)
    pub protocol: String,
    pub protocols: Vec<String>,
    pub service_full_name: String,
    pub service_abbreviation: Option<String>,
    pub service_id: String,
    pub signature_version: Option<String>,
    pub signing_name: Option<String>,
    pub target_prefix: Option<String>,
    pub xml_namespace: Option<String>,
    pub global_endpoint: Option<String>,
    pub aws_query_compatible: Option<serde_json::Value>,
    pub auth: Vec<String>,
    pub checksum_format: Option<String>,
    pub protocol_settings: Option<serde_json::Value>,
    pub uid: Option<String>,
}

/// The `http` block of an operation.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct HttpBinding {
    pub method: String,
    pub request_uri: String,
    pub response_code: Option<u16>,
}

/// `endpoint: {hostPrefix}` of an operation.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EndpointTrait {
    pub host_prefix: Option<String>,
}

/// `httpChecksum` of an operation (flexible checksums).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct HttpChecksum {
    pub request_algorithm_member: Option<String>,
    pub request_checksum_required: bool,
    pub request_validation_mode_member: Option<String>,
    pub response_algorithms: Vec<String>,
}

/// One operation of `service-2.json`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Operation {
    pub name: String,
    pub http: HttpBinding,
    pub input: Option<MemberRef>,
    pub output: Option<MemberRef>,
    pub errors: Vec<MemberRef>,
    pub endpoint: Option<EndpointTrait>,
    pub http_checksum_required: bool,
    pub http_checksum: Option<HttpChecksum>,
    /// `{ParamName: {value: ...}}` for the endpoint rule set.
    pub static_context_params: IndexMap<String, serde_json::Value>,
    /// `{ParamName: {path: "JMESPath"}}` for the endpoint rule set.
    pub operation_context_params: IndexMap<String, serde_json::Value>,
    pub authtype: Option<String>,
    pub auth: Vec<String>,
    pub unsigned_payload: bool,
    pub endpointdiscovery: Option<serde_json::Value>,
    pub endpointoperation: bool,
    pub requestcompression: Option<serde_json::Value>,
    pub deprecated: bool,
    pub idempotent: bool,
    pub readonly: bool,
}

/// A string or a list of strings (paginator tokens and result keys).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// One entry of `paginators-1.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct Paginator {
    pub input_token: OneOrMany,
    pub output_token: OneOrMany,
    pub limit_key: Option<String>,
    pub result_key: Option<OneOrMany>,
    pub more_results: Option<String>,
    #[serde(default)]
    pub non_aggregate_keys: Vec<String>,
}

/// One acceptor of a waiter.
#[derive(Debug, Clone, Deserialize)]
pub struct WaiterAcceptor {
    pub expected: serde_json::Value,
    pub matcher: String,
    pub state: String,
    pub argument: Option<String>,
}

/// One waiter of `waiters-2.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Waiter {
    #[serde(skip)]
    pub name: String,
    pub operation: String,
    pub delay: u64,
    pub max_attempts: u64,
    pub acceptors: Vec<WaiterAcceptor>,
}

/// Documentation of a service, written by `scripts/update-models` beside the model.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Docs {
    pub service: String,
    pub operations: HashMap<String, String>,
    pub shapes: HashMap<String, ShapeDocs>,
}

/// Documentation of one shape and its members.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ShapeDocs {
    pub doc: Option<String>,
    pub members: HashMap<String, String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawBundle<'a> {
    #[serde(default)]
    api_version: String,
    #[serde(borrow)]
    service: &'a RawValue,
    #[serde(borrow)]
    paginators: Option<RawPaginators<'a>>,
    #[serde(borrow)]
    waiters: Option<RawWaiters<'a>>,
    #[serde(borrow)]
    endpoint_rule_set: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct RawService<'a> {
    metadata: Metadata,
    #[serde(default, borrow)]
    operations: IndexMap<String, &'a RawValue>,
    #[serde(default, borrow)]
    shapes: HashMap<String, &'a RawValue>,
}

#[derive(Deserialize)]
struct RawPaginators<'a> {
    #[serde(default, borrow)]
    pagination: HashMap<String, &'a RawValue>,
}

#[derive(Deserialize)]
struct RawWaiters<'a> {
    #[serde(default, borrow)]
    waiters: IndexMap<String, &'a RawValue>,
}

/// One service model: metadata, operations, shapes, paginators, waiters and
/// the endpoint rule set.
pub struct Service {
    /// The model's directory name in botocore (`s3`, `ec2`, `dynamodb` ...).
    pub name: String,
    pub api_version: String,
    pub metadata: Metadata,
    operations: IndexMap<String, Lazy<Operation>>,
    shapes: HashMap<String, Lazy<Shape>>,
    paginators: HashMap<String, Lazy<Paginator>>,
    waiters: IndexMap<String, Lazy<Waiter>>,
    endpoint_rule_set: Option<&'static RawValue>,
}

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

fn leak(json: String) -> &'static str {
    Box::leak(json.into_boxed_str())
}

fn decode<T: Deserialize<'static>>(what: &str, text: &'static str) -> Result<T, ModelError> {
    serde_json::from_str(text).map_err(|source| ModelError::Decode {
        what: what.to_owned(),
        source,
    })
}

impl Service {
    /// Builds a service from a bundle as `scripts/update-models` writes it:
    /// `{"apiVersion", "service", "paginators", "waiters", "endpointRuleSet"}`.
    pub fn from_bundle_json(name: &str, json: String) -> Result<Service, ModelError> {
        let bundle: RawBundle<'static> = decode(name, leak(json))?;
        let mut service = Service::from_raw(name, bundle.service)?;
        service.api_version = bundle.api_version;
        if let Some(p) = bundle.paginators {
            service.paginators = p
                .pagination
                .into_iter()
                .map(|(k, v)| (k, Lazy::new(v)))
                .collect();
        }
        if let Some(w) = bundle.waiters {
            service.waiters = w
                .waiters
                .into_iter()
                .map(|(k, v)| (k, Lazy::new(v)))
                .collect();
        }
        service.endpoint_rule_set = bundle.endpoint_rule_set;
        Ok(service)
    }

    /// Builds a service from the text of a `service-2.json` document alone
    /// (the protocol test suites describe their services this way).
    pub fn from_service_json(name: &str, json: String) -> Result<Service, ModelError> {
        let raw: &'static RawValue = decode(name, leak(json))?;
        Service::from_raw(name, raw)
    }

    fn from_raw(name: &str, raw: &'static RawValue) -> Result<Service, ModelError> {
        let parsed: RawService<'static> = decode(name, raw.get())?;
        Ok(Service {
            name: name.to_owned(),
            api_version: parsed.metadata.api_version.clone(),
            metadata: parsed.metadata,
            operations: parsed
                .operations
                .into_iter()
                .map(|(k, v)| (k, Lazy::new(v)))
                .collect(),
            shapes: parsed
                .shapes
                .into_iter()
                .map(|(k, v)| (k, Lazy::new(v)))
                .collect(),
            paginators: HashMap::new(),
            waiters: IndexMap::new(),
            endpoint_rule_set: None,
        })
    }

    /// Operation names in model order.
    pub fn operation_names(&self) -> impl Iterator<Item = &str> {
        self.operations.keys().map(String::as_str)
    }

    pub fn has_operation(&self, name: &str) -> bool {
        self.operations.contains_key(name)
    }

    /// The operation called `name` (`DescribeInstances`).
    pub fn operation(&self, name: &str) -> Result<&Operation, ModelError> {
        let lazy = self
            .operations
            .get(name)
            .ok_or_else(|| ModelError::UnknownOperation {
                service: self.name.clone(),
                operation: name.to_owned(),
            })?;
        lazy.get(
            || format!("{}.{name}", self.name),
            |op| {
                if op.name.is_empty() {
                    op.name = name.to_owned();
                }
            },
        )
    }

    /// The shape called `name`.
    pub fn shape(&self, name: &str) -> Result<&Shape, ModelError> {
        let lazy = self
            .shapes
            .get(name)
            .ok_or_else(|| ModelError::UnknownShape {
                service: self.name.clone(),
                shape: name.to_owned(),
            })?;
        lazy.get(
            || format!("{}.shapes.{name}", self.name),
            |s| s.name = name.to_owned(),
        )
    }

    /// The shape a member reference points to.
    pub fn resolve(&self, member: &MemberRef) -> Result<&Shape, ModelError> {
        self.shape(&member.shape)
    }

    /// Shape names (in no particular order).
    pub fn shape_names(&self) -> impl Iterator<Item = &str> {
        self.shapes.keys().map(String::as_str)
    }

    /// The paginator of an operation, if it has one.
    pub fn paginator(&self, operation: &str) -> Result<Option<&Paginator>, ModelError> {
        match self.paginators.get(operation) {
            None => Ok(None),
            Some(lazy) => lazy
                .get(|| format!("{}.paginators.{operation}", self.name), |_| {})
                .map(Some),
        }
    }

    /// Waiter names in model order (`InstanceRunning` ...).
    pub fn waiter_names(&self) -> impl Iterator<Item = &str> {
        self.waiters.keys().map(String::as_str)
    }

    /// The waiter called `name`.
    pub fn waiter(&self, name: &str) -> Result<Option<&Waiter>, ModelError> {
        match self.waiters.get(name) {
            None => Ok(None),
            Some(lazy) => lazy
                .get(
                    || format!("{}.waiters.{name}", self.name),
                    |w| w.name = name.to_owned(),
                )
                .map(Some),
        }
    }

    /// The endpoint rule set (`endpoint-rule-set-1.json`) as JSON text.
    pub fn endpoint_rule_set(&self) -> Option<&'static str> {
        self.endpoint_rule_set.map(RawValue::get)
    }

    /// The protocol to speak: `metadata.protocol`.
    pub fn protocol(&self) -> &str {
        &self.metadata.protocol
    }
}
