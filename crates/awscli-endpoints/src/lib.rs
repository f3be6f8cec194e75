//! Endpoint resolution: an interpreter for Smithy endpoint rule sets
//! (`endpoint-rule-set-1.json`) over botocore's `partitions.json`.
//!
//! It behaves as botocore 1.43's `botocore/endpoint_provider.py` does (which
//! is what the AWS CLI runs), including its quirks: Python truthiness in
//! conditions, `str()` formatting in templates and the exact error messages.
//! Spec: <https://smithy.io/2.0/additional-specs/rules-engine/index.html>.
//!
//! Everything here is pure: no I/O. Parse a rule set and the partitions once
//! ([`RuleSet::from_json`], [`Partitions::from_json`]), then call [`resolve`]
//! per request:
//!
//! ```
//! use std::collections::HashMap;
//! use awscli_endpoints::{resolve, ParamValue, Partitions, RuleSet};
//!
//! let rules = RuleSet::from_json(r#"{"version": "1.0",
//!     "parameters": {"Region": {"type": "String", "builtIn": "AWS::Region", "required": true}},
//!     "rules": [{"conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"}],
//!                "endpoint": {"url": "https://svc.{Region}.{p#dnsSuffix}"}, "type": "endpoint"}]}"#)?;
//! let partitions = Partitions::from_json(r#"{"partitions": [{"id": "aws",
//!     "regionRegex": "^us\\-\\w+\\-\\d+$", "regions": {},
//!     "outputs": {"name": "aws", "dnsSuffix": "amazonaws.com"}}]}"#)?;
//! let params = HashMap::from([("Region".to_owned(), ParamValue::String("us-west-2".into()))]);
//! let endpoint = resolve(&rules, &partitions, &params)?;
//! assert_eq!(endpoint.url, "https://svc.us-west-2.amazonaws.com");
//! # Ok::<(), awscli_endpoints::EndpointError>(())
//! ```
mod eval;
mod library;
mod partitions;
mod ruleset;
mod signing;
mod value;

use indexmap::IndexMap;

pub use eval::resolve;
pub use partitions::Partitions;
pub use ruleset::{Parameter, ParameterType, RuleSet};
pub use signing::{signing_info, SigningInfo};

/// A value given for a rule-set parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamValue {
    String(String),
    Bool(bool),
    StringArray(Vec<String>),
}

impl From<&str> for ParamValue {
    fn from(value: &str) -> Self {
        ParamValue::String(value.to_owned())
    }
}

impl From<String> for ParamValue {
    fn from(value: String) -> Self {
        ParamValue::String(value)
    }
}

impl From<Vec<String>> for ParamValue {
    fn from(value: Vec<String>) -> Self {
        ParamValue::StringArray(value)
    }
}

impl From<bool> for ParamValue {
    fn from(value: bool) -> Self {
        ParamValue::Bool(value)
    }
}

/// A resolved endpoint: botocore's `RuleSetEndpoint`.
#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    pub url: String,
    /// The endpoint's properties (`authSchemes`, `backend`, ...), templates
    /// filled in.
    pub properties: serde_json::Map<String, serde_json::Value>,
    /// Headers the request must carry.
    pub headers: IndexMap<String, Vec<String>>,
}

/// Why an endpoint could not be resolved.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum EndpointError {
    /// An `error` rule matched; the message is the rule set's, verbatim
    /// (botocore raises it as `EndpointResolutionError`).
    #[error("{0}")]
    Rule(String),
    /// Resolution failed for another reason botocore reports as an
    /// `EndpointResolutionError`: a missing required parameter, a parameter
    /// of the wrong type, no rule matching, a function given bad arguments.
    #[error("{0}")]
    Resolution(String),
    /// The rule set is not valid JSON or not a rule set this interpreter
    /// understands.
    #[error("Invalid endpoint rule set: {0}")]
    InvalidRuleSet(String),
    /// `partitions.json` is not valid.
    #[error("Invalid partitions data: {0}")]
    InvalidPartitions(String),
    /// The endpoint lists auth schemes but none that botocore supports
    /// (botocore's `UnknownSignatureVersionError`).
    #[error("Unknown Signature Version: {0}.")]
    UnknownSignatureVersion(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsed_data_can_be_shared_across_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<RuleSet>();
        shareable::<Partitions>();
        shareable::<Endpoint>();
    }
}
