//! botocore's built-in event handlers that change a call's input, its
//! request or its parsed output (`botocore/handlers.py` `BUILTIN_HANDLERS`
//! of botocore 1.43, and the flexible checksums of `httpchecksum.py`).
//!
//! The protocol crate serializes and parses exactly what the model says;
//! these hooks are the service-specific corrections botocore applies around
//! it. [`crate::invoke_full`] runs them at the same points botocore emits its
//! events, so paginators and waiters get them too:
//!
//! 1. [`before_parameter_build`] on the input, before serialization
//!    (`before-parameter-build.*`);
//! 2. [`before_call`] on the serialized request, before signing
//!    (`before-call.*`, `resolve_checksum_context`, `apply_request_checksum`);
//! 3. [`checksum::ResponseValidator`] on the response body
//!    (`handle_checksum_body`);
//! 4. [`after_call`] on the parsed output (`after-call.*`).
//!
//! Handlers are chosen by the model's directory name ([`Service::name`]),
//! which is what botocore's event names resolve to after `EVENT_ALIASES`.
//! Already done elsewhere: `generate_idempotent_uuid` (the codec),
//! `parse_get_bucket_location` and `_handle_200_error` (the protocol
//! crate), `add_retry_headers` (the attempt loop).
use awscli_model::{Operation, Service, Value};
use awscli_protocol::HttpRequest;

pub mod checksum;
mod decode;
mod params;
mod request;
mod s3;

pub use checksum::{ChecksumAlgorithm, RequestChecksum, ResponseValidator};

/// `request_checksum_calculation` / `response_checksum_validation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChecksumWhen {
    #[default]
    WhenSupported,
    WhenRequired,
}

impl ChecksumWhen {
    /// Parses a setting value (`when_supported`, `when_required`).
    pub fn from_name(name: &str) -> Option<ChecksumWhen> {
        match name.to_ascii_lowercase().as_str() {
            "when_supported" => Some(ChecksumWhen::WhenSupported),
            "when_required" => Some(ChecksumWhen::WhenRequired),
            _ => None,
        }
    }

    /// A `request_checksum_calculation` / `response_checksum_validation`
    /// setting (`config_key`), unset meaning `when_supported`, with
    /// botocore's `InvalidChecksumConfigError` for anything else.
    pub fn resolve(config_key: &str, value: Option<&str>) -> Result<ChecksumWhen, HandlerError> {
        let Some(value) = value else {
            return Ok(ChecksumWhen::WhenSupported);
        };
        ChecksumWhen::from_name(value).ok_or_else(|| {
            HandlerError::InvalidChecksumConfig(format!(
                "Unsupported configuration value for {config_key}. Expected one of \
                 ('when_supported', 'when_required') but got {}.",
                value.to_lowercase()
            ))
        })
    }
}

/// What the recursion-detection handler reads from the environment
/// (`AWS_LAMBDA_FUNCTION_NAME`, `_X_AMZN_TRACE_ID`), passed in as data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TraceEnv {
    /// `AWS_LAMBDA_FUNCTION_NAME` is set.
    pub in_lambda: bool,
    /// `_X_AMZN_TRACE_ID`.
    pub trace_id: Option<String>,
}

impl TraceEnv {
    /// Reads the two variables through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> TraceEnv {
        TraceEnv {
            in_lambda: lookup("AWS_LAMBDA_FUNCTION_NAME").is_some(),
            trace_id: lookup("_X_AMZN_TRACE_ID"),
        }
    }
}

/// The client configuration the handlers depend on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandlerConfig {
    pub request_checksum_calculation: ChecksumWhen,
    pub response_checksum_validation: ChecksumWhen,
    /// The algorithm used when the user chose none: botocore 1.43's
    /// `DEFAULT_CHECKSUM_ALGORITHM` is CRC32 (AWS CLI 2.36's is CRC64NVME).
    pub default_checksum_algorithm: ChecksumAlgorithm,
    pub trace_env: TraceEnv,
}

impl Default for HandlerConfig {
    fn default() -> Self {
        HandlerConfig {
            request_checksum_calculation: ChecksumWhen::WhenSupported,
            response_checksum_validation: ChecksumWhen::WhenSupported,
            default_checksum_algorithm: ChecksumAlgorithm::Crc32,
            trace_env: TraceEnv::default(),
        }
    }
}

/// Per-call state shared between the hooks (botocore's request `context`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallState {
    /// `context['encoding_type_auto_set']`: we, not the user, asked S3 for
    /// URL-encoded keys, so the output is decoded back.
    pub encoding_type_auto_set: bool,
    /// `context['checksum']['request_algorithm']`.
    pub request_checksum: Option<RequestChecksum>,
    /// `context['checksum']['response_algorithms']`.
    pub response_algorithms: Vec<ChecksumAlgorithm>,
}

/// A handler refused the call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandlerError {
    /// botocore `ParamValidationError(report=...)`: the CLI exits with 252.
    #[error("Parameter validation failed:\n{0}")]
    ParamValidation(String),
    /// botocore `FlexibleChecksumError`.
    #[error("{0}")]
    FlexibleChecksum(String),
    /// botocore `InvalidChecksumConfigError` (a bad checksum setting).
    #[error("{0}")]
    InvalidChecksumConfig(String),
}

/// `before-parameter-build`: rewrites the input before serialization.
pub fn before_parameter_build(
    service: &Service,
    operation: &Operation,
    config: &HandlerConfig,
    params: &mut Value,
    state: &mut CallState,
) -> Result<(), HandlerError> {
    let Some(map) = params.as_map_mut() else {
        return Ok(());
    };
    params::request_validation_mode_member(operation, config, map);
    let op = operation.name.as_str();
    match service.name.as_str() {
        "s3" => {
            s3::validate_bucket_name(map)?;
            if matches!(op, "ListObjects" | "ListObjectsV2" | "ListObjectVersions") {
                s3::set_list_objects_encoding_type_url(map, state);
            }
            if matches!(op, "CopyObject" | "UploadPartCopy") {
                s3::handle_copy_source_param(map)?;
            }
            if matches!(op, "CopyObject" | "PutObject" | "CreateMultipartUpload") {
                s3::validate_ascii_metadata(map)?;
            }
            if matches!(
                op,
                "HeadObject"
                    | "GetObject"
                    | "PutObject"
                    | "CopyObject"
                    | "CreateMultipartUpload"
                    | "UploadPart"
                    | "UploadPartCopy"
                    | "CompleteMultipartUpload"
                    | "SelectObjectContent"
            ) {
                s3::sse_md5(map, "SSECustomer");
            }
            if matches!(op, "CopyObject" | "UploadPartCopy") {
                s3::sse_md5(map, "CopySourceSSECustomer");
            }
        }
        "ec2" if op == "RunInstances" => params::base64_encode_user_data(map),
        "autoscaling" if op == "CreateLaunchConfiguration" => params::base64_encode_user_data(map),
        "route53" => params::fix_route53_ids(service, operation, map),
        "glacier" => params::inject_account_id(map),
        _ => {}
    }
    Ok(())
}

/// `before-call` and the checksum steps around it: adjusts the serialized
/// request (headers, body) before it is signed. `url` is the full request
/// URL (its scheme picks header or trailer checksums).
pub fn before_call(
    service: &Service,
    operation: &Operation,
    config: &HandlerConfig,
    params: &Value,
    url: &str,
    request: &mut HttpRequest,
    state: &mut CallState,
) -> Result<(), HandlerError> {
    // resolve_checksum_context runs before the before-call handlers, so a
    // header a handler adds does not count as a user-supplied checksum.
    state.request_checksum =
        checksum::resolve_request_checksum(service, operation, config, params, url, request)?;
    state.response_algorithms = checksum::resolve_response_algorithms(operation, params);
    request::add_recursion_detection_header(&config.trace_env, request);
    let op = operation.name.as_str();
    match service.name.as_str() {
        "s3" => {
            s3::add_expect_header(service, operation, params, request);
            if matches!(op, "DeleteObjects" | "PutBucketLifecycleConfiguration") {
                s3::escape_xml_payload(request);
            }
        }
        "glacier" => {
            request::add_glacier_version(service, request);
            if matches!(op, "UploadArchive" | "UploadMultipartPart") {
                request::add_glacier_checksums(request);
            }
        }
        "apigateway" => request::add_accept_header(request),
        _ => {}
    }
    if let Some(checksum) = &state.request_checksum {
        checksum::apply_request_checksum(checksum, request);
    }
    Ok(())
}

/// `after-call`: rewrites the parsed output.
pub fn after_call(service: &Service, operation: &Operation, parsed: &mut Value, state: &CallState) {
    let op = operation.name.as_str();
    match service.name.as_str() {
        "iam" => decode::json_decode_policies(service, operation, parsed),
        "ec2" if op == "GetConsoleOutput" => decode::decode_console_output(parsed),
        "cloudformation" if op == "GetTemplate" => decode::json_decode_template_body(parsed),
        "s3" if state.encoding_type_auto_set => match op {
            "ListObjects" => s3::decode_list_object(parsed),
            "ListObjectsV2" => s3::decode_list_object_v2(parsed),
            "ListObjectVersions" => s3::decode_list_object_versions(parsed),
            _ => {}
        },
        _ => {}
    }
}

#[cfg(test)]
mod tests;
