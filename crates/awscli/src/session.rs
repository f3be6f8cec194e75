//! Everything a command resolves from its environment before it sends a
//! request: the configuration (profile, region, output ...), and the
//! endpoint of an operation (rule set + overrides).
//!
//! Spec: `awscli/clidriver.py` (`_update_config_chain`),
//! `botocore/regions.py` (`EndpointRulesetResolver`, the built-in
//! parameters) and `botocore/client.py` (`ClientEndpointBridge`: which
//! services fall back to their global endpoint when no region is set).
use std::collections::HashMap;

use awscli_config::{CommandLine, Config, ConfigError, Env as ConfigEnv, RealFs};
use awscli_endpoints::{ParamValue, Partitions, RuleSet};
use awscli_model::{Operation, Service, Value};

use crate::driver::Env;
use crate::error::CliError;
use crate::globals::GlobalArgs;

/// Services whose `aws` partition has a `partitionEndpoint` in botocore's
/// `endpoints.json`: with no region configured, botocore sends these to
/// their `aws-global` endpoint instead of failing with NoRegion.
const GLOBAL_FALLBACK: &[&str] = &[
    "account",
    "billingconductor",
    "budgets",
    "ce",
    "chime",
    "cloudfront",
    "codecatalyst",
    "health",
    "iam",
    "importexport",
    "networkmanager",
    "notifications-contacts",
    "organizations",
    "route53",
    "s3",
    "savingsplans",
    "shield",
    "sts",
    "support",
    "tax",
    "waf",
];

/// The message of botocore's `NoRegionError` as the CLI words it.
const NO_REGION: &str =
    "You must specify a region. You can also configure your region by running \"aws configure\".";

/// Turns a configuration error into the reference's report.
pub fn config_error(e: ConfigError) -> CliError {
    match e {
        ConfigError::ProfileNotFound { .. }
        | ConfigError::ConfigParse { .. }
        | ConfigError::ConfigNotFound { .. } => CliError::General(e.to_string()),
        ConfigError::UnknownBinaryFormat { .. } => CliError::General(e.to_string()),
        other => CliError::Configuration {
            code: "Configuration",
            message: other.to_string(),
        },
    }
}

/// The resolved endpoint of one request.
#[derive(Debug, Clone)]
pub struct ResolvedEndpoint {
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// The endpoint's chosen `authSchemes` entry (signing name, region,
    /// double encoding), or `None` to sign as the model says.
    pub auth_scheme: Option<serde_json::Value>,
    /// `None` only when no region is known (then signing fails with NoRegion).
    pub signing_region: Option<String>,
}

/// A command's view of its configuration.
pub struct Session {
    pub globals: GlobalArgs,
    pub env: Env,
    pub config: Config,
}

impl Session {
    pub fn new(globals: &GlobalArgs, env: &Env) -> Result<Session, CliError> {
        let mut command_line = CommandLine::new();
        let pairs = [
            ("profile", &globals.profile),
            ("region", &globals.region),
            ("output", &globals.output),
            ("endpoint_url", &globals.endpoint_url),
            ("ca_bundle", &globals.ca_bundle),
            ("cli_binary_format", &globals.cli_binary_format),
            ("cli_error_format", &globals.cli_error_format),
        ];
        for (name, value) in pairs {
            if let Some(v) = value {
                command_line.set(name, v.clone());
            }
        }
        let config_env = ConfigEnv::from_vars(env.iter().map(|(k, v)| (k.clone(), v.clone())));
        let config = Config::load(config_env, &RealFs, command_line).map_err(config_error)?;
        Ok(Session {
            globals: globals.clone(),
            env: env.clone(),
            config,
        })
    }

    /// A setting's value, or `None`.
    pub fn setting(&self, name: &str) -> Result<Option<String>, CliError> {
        Ok(self
            .config
            .resolve(name)
            .map_err(config_error)?
            .map(|v| v.value))
    }

    /// A boolean setting (botocore's `ensure_boolean`), `false` when unset.
    pub fn flag(&self, name: &str) -> Result<bool, CliError> {
        Ok(self
            .config
            .resolve_bool(name)
            .map_err(config_error)?
            .unwrap_or(false))
    }

    /// The configured region (`--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile).
    pub fn region(&self) -> Result<Option<String>, CliError> {
        let region = self.setting("region")?.filter(|r| !r.is_empty());
        if let Some(r) = &region {
            validate_region(r)?;
        }
        Ok(region)
    }

    /// The last step of the region chain (`IMDSRegionProvider`): the
    /// instance's region from IMDS, or `None` off EC2 or when disabled by
    /// `AWS_EC2_METADATA_DISABLED`.
    pub fn imds_region(&self) -> Result<Option<String>, CliError> {
        if self
            .env
            .get("AWS_EC2_METADATA_DISABLED")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        {
            return Ok(None);
        }
        let transport = crate::call::transport(self)?;
        let options = awscli_credentials::ChainOptions::new(transport);
        let runtime = crate::operations::runtime()?;
        // Any failure to reach IMDS means "no region", as in the reference.
        Ok(runtime
            .block_on(awscli_credentials::imds_region(&self.config, options))
            .ok()
            .flatten())
    }

    /// The endpoint URL override for a service, if any is configured.
    pub fn endpoint_override(&self, service: &Service) -> Result<Option<String>, CliError> {
        let url = self
            .config
            .endpoint_url(&service.name)
            .map_err(config_error)?
            .map(|v| v.value);
        if let Some(u) = &url {
            if !u.contains("://") {
                return Err(CliError::param(format!(
                    "Bad value for --endpoint-url \"{u}\": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/"
                )));
            }
        }
        Ok(url)
    }

    /// Resolves the endpoint of `operation` called with `input`.
    pub fn resolve_endpoint(
        &self,
        service: &Service,
        operation: &Operation,
        input: &Value,
    ) -> Result<ResolvedEndpoint, CliError> {
        let override_url = self.endpoint_override(service)?;
        let configured_region = match self.region()? {
            Some(region) => Some(region),
            None => self.imds_region()?,
        };
        let region = match (&configured_region, &override_url) {
            (Some(r), _) => Some(r.clone()),
            (None, Some(_)) => None,
            (None, None) if GLOBAL_FALLBACK.contains(&service.name.as_str()) => {
                Some("aws-global".to_owned())
            }
            (None, None) => {
                return Err(CliError::Configuration {
                    code: "NoRegion",
                    message: NO_REGION.to_owned(),
                })
            }
        };
        let rules_text = service.endpoint_rule_set().ok_or_else(|| {
            CliError::General(format!(
                "The service {} has no endpoint rule set",
                service.name
            ))
        })?;
        let rules = RuleSet::from_json(rules_text).map_err(|e| CliError::General(e.to_string()))?;
        let partitions = partitions()?;
        let mut params: HashMap<String, ParamValue> = HashMap::new();
        for parameter in rules.parameters() {
            let Some(built_in) = parameter.built_in.as_deref() else {
                continue;
            };
            if let Some(value) = self.built_in(
                service,
                built_in,
                region.as_deref(),
                override_url.as_deref(),
            )? {
                params.insert(parameter.name.clone(), value);
            }
        }
        add_context_params(service, operation, input, &mut params)?;
        let endpoint =
            awscli_endpoints::resolve(&rules, partitions, &params).map_err(|e| match e {
                awscli_endpoints::EndpointError::Rule(message)
                    if region.is_none() && message.contains("Region") =>
                {
                    CliError::Configuration {
                        code: "NoRegion",
                        message: NO_REGION.to_owned(),
                    }
                }
                other => CliError::General(other.to_string()),
            })?;
        let signing = awscli_endpoints::signing_info(&endpoint)
            .map_err(|e| CliError::General(e.to_string()))?;
        let auth_scheme = signing.as_ref().and_then(|info| {
            endpoint
                .properties
                .get("authSchemes")
                .and_then(|s| s.as_array())
                .and_then(|schemes| {
                    schemes.iter().find(|s| {
                        s.get("name").and_then(|n| n.as_str()) == Some(info.name.as_str())
                    })
                })
                .cloned()
        });
        let mut signing_region = signing
            .as_ref()
            .and_then(|s| s.signing_region.clone())
            .or(region.clone());
        if signing_region.is_none() && service.name == "s3" {
            // botocore signs S3 requests to a custom endpoint with no region as us-east-1.
            signing_region = Some("us-east-1".to_owned());
        }
        let headers = endpoint
            .headers
            .iter()
            .flat_map(|(k, values)| values.iter().map(move |v| (k.clone(), v.clone())))
            .collect();
        Ok(ResolvedEndpoint {
            url: endpoint.url,
            headers,
            auth_scheme,
            signing_region,
        })
    }

    /// The value of one built-in endpoint parameter.
    fn built_in(
        &self,
        service: &Service,
        name: &str,
        region: Option<&str>,
        endpoint: Option<&str>,
    ) -> Result<Option<ParamValue>, CliError> {
        let is_s3 = matches!(service.name.as_str(), "s3" | "s3control");
        Ok(match name {
            "AWS::Region" => region.map(ParamValue::from),
            "SDK::Endpoint" => endpoint.map(ParamValue::from),
            "AWS::UseFIPS" => Some(ParamValue::Bool(self.flag("use_fips_endpoint")?)),
            "AWS::UseDualStack" => {
                let dual = if is_s3 {
                    self.flag("s3.use_dualstack_endpoint")?
                } else {
                    false
                };
                Some(ParamValue::Bool(
                    dual || self.flag("use_dualstack_endpoint")?,
                ))
            }
            "AWS::S3::ForcePathStyle" => Some(ParamValue::Bool(
                self.setting("s3.addressing_style")?.as_deref() == Some("path"),
            )),
            "AWS::S3::Accelerate" => {
                Some(ParamValue::Bool(self.flag("s3.use_accelerate_endpoint")?))
            }
            "AWS::S3::UseArnRegion" | "AWS::S3Control::UseArnRegion" => self
                .config
                .resolve_bool("s3.use_arn_region")
                .map_err(config_error)?
                .map(ParamValue::Bool),
            "AWS::S3::DisableMultiRegionAccessPoints" => Some(ParamValue::Bool(
                self.flag("s3.s3_disable_multiregion_access_points")?,
            )),
            "AWS::S3::UseGlobalEndpoint" => Some(ParamValue::Bool(
                self.setting("s3.us_east_1_regional_endpoint")?.as_deref() == Some("legacy"),
            )),
            "AWS::STS::UseGlobalEndpoint" => Some(ParamValue::Bool(
                self.setting("sts_regional_endpoints")?.as_deref() == Some("legacy"),
            )),
            "AWS::Auth::AccountIdEndpointMode" => self
                .setting("account_id_endpoint_mode")?
                .map(ParamValue::from),
            _ => None,
        })
    }
}

/// `partitions.json`, decoded once per process.
fn partitions() -> Result<&'static Partitions, CliError> {
    static PARTITIONS: std::sync::OnceLock<Partitions> = std::sync::OnceLock::new();
    if let Some(p) = PARTITIONS.get() {
        return Ok(p);
    }
    let text =
        awscli_model::store::partitions_json().map_err(|e| CliError::General(e.to_string()))?;
    let parsed = Partitions::from_json(&text).map_err(|e| CliError::General(e.to_string()))?;
    Ok(PARTITIONS.get_or_init(|| parsed))
}

/// Endpoint parameters taken from the operation: `staticContextParams`, the
/// input members marked `contextParam`, and `operationContextParams`
/// (JMESPath over the input).
fn add_context_params(
    service: &Service,
    operation: &Operation,
    input: &Value,
    params: &mut HashMap<String, ParamValue>,
) -> Result<(), CliError> {
    for (name, spec) in &operation.static_context_params {
        if let Some(value) = spec.get("value").and_then(json_param) {
            params.insert(name.clone(), value);
        }
    }
    if let Some(input_ref) = &operation.input {
        let shape = service
            .resolve(input_ref)
            .map_err(|e| CliError::General(e.to_string()))?;
        for (member, member_ref) in &shape.members {
            if let (Some(context), Some(value)) = (&member_ref.context_param, input.get(member)) {
                if let Some(v) = value_param(value) {
                    params.insert(context.name.clone(), v);
                }
            }
        }
    }
    for (name, spec) in &operation.operation_context_params {
        if let Some(path) = spec.get("path").and_then(|p| p.as_str()) {
            if let Ok(found) = awscli_jmespath::search(path, input) {
                if let Some(v) = value_param(&found) {
                    params.insert(name.clone(), v);
                }
            }
        }
    }
    Ok(())
}

fn json_param(value: &serde_json::Value) -> Option<ParamValue> {
    match value {
        serde_json::Value::Bool(b) => Some(ParamValue::Bool(*b)),
        serde_json::Value::String(s) => Some(ParamValue::from(s.as_str())),
        serde_json::Value::Array(items) => Some(ParamValue::StringArray(
            items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect(),
        )),
        _ => None,
    }
}

fn value_param(value: &Value) -> Option<ParamValue> {
    match value {
        Value::Bool(b) => Some(ParamValue::Bool(*b)),
        Value::String(s) => Some(ParamValue::from(s.as_str())),
        Value::List(items) => Some(ParamValue::StringArray(
            items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect(),
        )),
        _ => None,
    }
}

/// botocore's `validate_region_name`: a host label, not all digits.
fn validate_region(region: &str) -> Result<(), CliError> {
    let valid = !region.is_empty()
        && region.len() <= 63
        && !region.starts_with('-')
        && !region.ends_with('-')
        && !region.chars().all(|c| c.is_ascii_digit())
        && region
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if valid {
        Ok(())
    } else {
        Err(CliError::General(format!(
            "Provided region_name '{region}' doesn't match a supported format."
        )))
    }
}
