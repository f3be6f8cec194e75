//! The AWS calls the providers make (STS `AssumeRole`/`AssumeRoleWithWebIdentity`, SSO
//! `GetRoleCredentials`, SSO OIDC `CreateToken`), as botocore's nested clients make them.
//!
//! Endpoint: the client's configured endpoint URL (`AWS_ENDPOINT_URL_<SERVICE>`,
//! `AWS_ENDPOINT_URL`, the profile's `services` section or `endpoint_url`; never the command's
//! `--endpoint-url`, which belongs to the command's own client), else the service's endpoint rule
//! set with the region, `use_fips_endpoint`, `use_dualstack_endpoint` and, for STS,
//! `sts_regional_endpoints` (reference-cli.md 2.4). A client with no region falls back to
//! `aws-global` as botocore's `ClientEndpointBridge` does for STS.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use awscli_client::{
    invoke_full, CallContext, Credentials, InvokeOptions, ProtocolCodec, Response, SigningConfig,
};
use awscli_config::{CommandLine, Config};
use awscli_endpoints::{ParamValue, Partitions, RuleSet};
use awscli_model::Value;

use crate::context::Context;
use crate::error::CredentialsError;

fn internal(error: impl std::fmt::Display) -> CredentialsError {
    CredentialsError::Internal(error.to_string())
}

fn partitions() -> Result<&'static Partitions, CredentialsError> {
    static PARTITIONS: OnceLock<Partitions> = OnceLock::new();
    if let Some(partitions) = PARTITIONS.get() {
        return Ok(partitions);
    }
    let text = awscli_model::store::partitions_json().map_err(internal)?;
    let parsed = Partitions::from_json(&text).map_err(internal)?;
    Ok(PARTITIONS.get_or_init(|| parsed))
}

/// The configuration as a nested client sees it: the command line's `--profile` (and region,
/// which the caller passes separately) but not its `--endpoint-url`.
fn nested_client_config(config: &Config) -> Config {
    let mut command_line = CommandLine::new();
    if let Some(profile) = config.command_line().get("profile") {
        command_line.set("profile", profile);
    }
    Config::from_parts(config.env().clone(), command_line, config.files().clone())
}

/// Where and how a nested client's request goes.
struct NestedEndpoint {
    url: String,
    headers: Vec<(String, String)>,
    /// The endpoint's first `authSchemes` entry.
    auth_scheme: Option<serde_json::Value>,
    signing_region: String,
}

/// The endpoint URL and signing scope for `service` in `region`.
fn resolve_endpoint(
    ctx: &Context,
    service: &awscli_model::Service,
    region: Option<&str>,
) -> Result<NestedEndpoint, CredentialsError> {
    let config = nested_client_config(&ctx.config);
    let override_url = config.endpoint_url(&service.name)?.map(|v| v.value);
    let region = match (region, &override_url) {
        (Some(region), _) => Some(region.to_string()),
        (None, Some(_)) => None,
        (None, None) => Some("aws-global".to_string()),
    };
    let rules_text = service.endpoint_rule_set().ok_or_else(|| {
        internal(format!(
            "The service {} has no endpoint rule set",
            service.name
        ))
    })?;
    let rules = RuleSet::from_json(rules_text).map_err(internal)?;
    let flag = |name: &str| -> Result<bool, CredentialsError> {
        Ok(config.resolve_bool(name)?.unwrap_or(false))
    };
    let mut params: HashMap<String, ParamValue> = HashMap::new();
    for parameter in rules.parameters() {
        let Some(built_in) = parameter.built_in.as_deref() else {
            continue;
        };
        let value = match built_in {
            "AWS::Region" => region.clone().map(ParamValue::from),
            "SDK::Endpoint" => override_url.clone().map(ParamValue::from),
            "AWS::UseFIPS" => Some(ParamValue::Bool(flag("use_fips_endpoint")?)),
            "AWS::UseDualStack" => Some(ParamValue::Bool(flag("use_dualstack_endpoint")?)),
            "AWS::STS::UseGlobalEndpoint" => Some(ParamValue::Bool(
                config
                    .resolve("sts_regional_endpoints")?
                    .is_some_and(|v| v.value == "legacy"),
            )),
            _ => None,
        };
        if let Some(value) = value {
            params.insert(parameter.name.clone(), value);
        }
    }
    let endpoint = awscli_endpoints::resolve(&rules, partitions()?, &params).map_err(internal)?;
    let auth_scheme = endpoint
        .properties
        .get("authSchemes")
        .and_then(|schemes| schemes.as_array())
        .and_then(|schemes| schemes.first())
        .cloned();
    let headers = endpoint
        .headers
        .iter()
        .flat_map(|(name, values)| values.iter().map(move |v| (name.clone(), v.clone())))
        .collect();
    // Signing needs some region; botocore signs aws-global STS calls for us-east-1.
    let signing_region = match region.as_deref() {
        Some("aws-global") | None => "us-east-1".to_string(),
        Some(region) => region.to_string(),
    };
    Ok(NestedEndpoint {
        url: endpoint.url,
        headers,
        auth_scheme,
        signing_region,
    })
}

/// Calls `operation` of the service `service_name`, signed with `credentials` (unsigned when
/// `None`), and returns the full response.
pub(crate) async fn call(
    ctx: &Context,
    service_name: &str,
    operation_name: &str,
    input: &Value,
    region: Option<&str>,
    credentials: Option<Credentials>,
) -> Result<Response, CredentialsError> {
    let service = awscli_model::store::load(service_name).map_err(internal)?;
    let operation = service.operation(operation_name).map_err(internal)?;
    let NestedEndpoint {
        url,
        headers,
        auth_scheme,
        signing_region,
    } = resolve_endpoint(ctx, &service, region)?;
    let signing = SigningConfig::resolve(
        &service,
        operation,
        auth_scheme.as_ref(),
        &signing_region,
        credentials.is_none(),
    );
    let mut call_context = CallContext::new(
        url,
        signing,
        credentials,
        Arc::clone(&ctx.transport),
        Arc::new(ProtocolCodec),
    );
    call_context.endpoint_headers = headers;
    call_context.region = signing_region;
    call_context.clock = Arc::clone(&ctx.clock);
    call_context.sleeper = Arc::clone(&ctx.sleeper);
    call_context.user_agent = ctx.user_agent.clone();
    Ok(invoke_full(
        &call_context,
        &service,
        operation,
        input,
        InvokeOptions::default(),
    )
    .await?)
}

/// A `Value` as botocore's parsed response dict would be JSON-dumped into a cache file:
/// timestamps as `strftime('%Y-%m-%dT%H:%M:%S%Z')` of a UTC datetime (`...UTC`).
pub(crate) fn value_to_cache_json(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Integer(i) => serde_json::Value::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null),
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Blob(bytes) => {
            use base64::Engine;
            serde_json::Value::String(base64::engine::general_purpose::STANDARD.encode(bytes))
        }
        Value::Timestamp(timestamp) => {
            let time =
                crate::time::from_epoch(timestamp.seconds as f64).unwrap_or(std::time::UNIX_EPOCH);
            serde_json::Value::String(crate::time::format_utc(time, "UTC"))
        }
        Value::List(items) => {
            serde_json::Value::Array(items.iter().map(value_to_cache_json).collect())
        }
        Value::Map(map) => serde_json::Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), value_to_cache_json(v)))
                .collect(),
        ),
    }
}

/// The response as botocore returns it: the output plus `ResponseMetadata`.
pub(crate) fn response_to_cache_json(response: &Response) -> serde_json::Value {
    let mut object = match value_to_cache_json(&response.output) {
        serde_json::Value::Object(object) => object,
        _ => serde_json::Map::new(),
    };
    let mut headers = serde_json::Map::new();
    for (name, value) in &response.headers {
        headers.insert(
            name.to_ascii_lowercase(),
            serde_json::Value::String(value.clone()),
        );
    }
    let mut metadata = serde_json::Map::new();
    if let Some(request_id) = &response.request_id {
        metadata.insert("RequestId".into(), request_id.clone().into());
    }
    metadata.insert("HTTPStatusCode".into(), response.status.into());
    metadata.insert("HTTPHeaders".into(), serde_json::Value::Object(headers));
    metadata.insert("RetryAttempts".into(), response.retry_attempts.into());
    object.insert(
        "ResponseMetadata".into(),
        serde_json::Value::Object(metadata),
    );
    serde_json::Value::Object(object)
}
