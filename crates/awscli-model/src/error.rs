//! Errors from reading the model store.
use thiserror::Error;

/// A model that cannot be found or decoded. A bad model is an error, never a panic.
#[derive(Debug, Error)]
pub enum ModelError {
    #[error("Unknown service: {0}")]
    UnknownService(String),
    #[error("Unknown operation {operation} in service {service}")]
    UnknownOperation { service: String, operation: String },
    #[error("Unknown shape {shape} in service {service}")]
    UnknownShape { service: String, shape: String },
    #[error("cannot decompress the model of {service}: {source}")]
    Decompress {
        service: String,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid model data for {what}: {source}")]
    Decode {
        what: String,
        #[source]
        source: serde_json::Error,
    },
}
