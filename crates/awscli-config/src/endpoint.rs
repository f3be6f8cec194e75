//! Configured endpoint URLs (reference section 2.4; botocore `ConfiguredEndpointProvider` in
//! `configprovider.py` and `ClientArgsCreator._resolve_endpoint_url` in `args.py`).
//!
//! Order: `--endpoint-url`; then, unless `ignore_configured_endpoint_urls` is true:
//! `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the profile's `services = NAME` section
//! (`[services NAME]` with `<service> =\n  endpoint_url = ...`), the profile's `endpoint_url`.
//! Empty values are skipped (botocore tests truthiness). The service part is botocore's
//! "transformed service id": the client name (model directory name) mapped through
//! `SERVICE_NAME_ALIASES` and `CLIENT_NAME_TO_HYPHENIZED_SERVICE_ID_OVERRIDES`, with `-` → `_`.

use crate::config::{Config, ResolvedValue, ValueSource};
use crate::error::ConfigError;
use crate::EnvVars;

/// botocore `utils.SERVICE_NAME_ALIASES`.
const SERVICE_NAME_ALIASES: &[(&str, &str)] = &[("runtime.sagemaker", "sagemaker-runtime")];

/// botocore 1.43 `utils.CLIENT_NAME_TO_HYPHENIZED_SERVICE_ID_OVERRIDES`: client names whose
/// hyphenized service id (`serviceId.replace(' ', '-').lower()`) differs from the name.
const CLIENT_NAME_TO_HYPHENIZED_SERVICE_ID_OVERRIDES: &[(&str, &str)] = &[
    ("apigateway", "api-gateway"),
    ("application-autoscaling", "application-auto-scaling"),
    ("appmesh", "app-mesh"),
    ("autoscaling", "auto-scaling"),
    ("autoscaling-plans", "auto-scaling-plans"),
    ("ce", "cost-explorer"),
    ("cloudhsmv2", "cloudhsm-v2"),
    ("cloudsearchdomain", "cloudsearch-domain"),
    ("cognito-idp", "cognito-identity-provider"),
    ("config", "config-service"),
    ("cur", "cost-and-usage-report-service"),
    ("datapipeline", "data-pipeline"),
    ("directconnect", "direct-connect"),
    ("devicefarm", "device-farm"),
    ("discovery", "application-discovery-service"),
    ("dms", "database-migration-service"),
    ("ds", "directory-service"),
    ("ds-data", "directory-service-data"),
    ("dynamodbstreams", "dynamodb-streams"),
    ("elasticbeanstalk", "elastic-beanstalk"),
    ("elb", "elastic-load-balancing"),
    ("elbv2", "elastic-load-balancing-v2"),
    ("es", "elasticsearch-service"),
    ("events", "eventbridge"),
    ("globalaccelerator", "global-accelerator"),
    ("iot-data", "iot-data-plane"),
    ("iot-jobs-data", "iot-jobs-data-plane"),
    ("iotwireless", "iot-wireless"),
    ("kinesisanalytics", "kinesis-analytics"),
    ("kinesisanalyticsv2", "kinesis-analytics-v2"),
    ("kinesisvideo", "kinesis-video"),
    ("lex-models", "lex-model-building-service"),
    ("lexv2-models", "lex-models-v2"),
    ("lex-runtime", "lex-runtime-service"),
    ("lexv2-runtime", "lex-runtime-v2"),
    ("logs", "cloudwatch-logs"),
    ("machinelearning", "machine-learning"),
    (
        "marketplacecommerceanalytics",
        "marketplace-commerce-analytics",
    ),
    ("marketplace-entitlement", "marketplace-entitlement-service"),
    ("meteringmarketplace", "marketplace-metering"),
    ("mgh", "migration-hub"),
    ("sms-voice", "pinpoint-sms-voice"),
    ("resourcegroupstaggingapi", "resource-groups-tagging-api"),
    ("route53", "route-53"),
    ("route53domains", "route-53-domains"),
    ("s3control", "s3-control"),
    ("sdb", "simpledb"),
    ("secretsmanager", "secrets-manager"),
    ("serverlessrepo", "serverlessapplicationrepository"),
    ("servicecatalog", "service-catalog"),
    ("servicecatalog-appregistry", "service-catalog-appregistry"),
    ("stepfunctions", "sfn"),
    ("storagegateway", "storage-gateway"),
];

fn lookup(table: &[(&'static str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// The snake-case service id botocore derives from a client name (`elasticbeanstalk` →
/// `elastic_beanstalk`, `apigateway` → `api_gateway`, `s3` → `s3`). Used for the
/// `[services NAME]` keys.
pub fn transformed_service_id(client_name: &str) -> String {
    let client_name = lookup(SERVICE_NAME_ALIASES, client_name).unwrap_or(client_name);
    let hyphenized =
        lookup(CLIENT_NAME_TO_HYPHENIZED_SERVICE_ID_OVERRIDES, client_name).unwrap_or(client_name);
    hyphenized.replace('-', "_")
}

/// The same transformation from a model's `serviceId` (`Elastic Beanstalk` →
/// `elastic_beanstalk`): `hyphenize_service_id` then `-` → `_`. Agrees with
/// [`transformed_service_id`] for every client in the overrides table.
pub fn transformed_service_id_from_service_id(service_id: &str) -> String {
    service_id
        .replace(' ', "-")
        .to_lowercase()
        .replace('-', "_")
}

/// `AWS_ENDPOINT_URL_<TRANSFORMED SERVICE ID UPPER-CASED>` for a client name.
pub fn service_env_var_name(client_name: &str) -> String {
    format!(
        "{}{}",
        EnvVars::AWS_ENDPOINT_URL_PREFIX,
        transformed_service_id(client_name).to_uppercase()
    )
}

impl Config {
    /// The endpoint URL configured for the client `client_name` (the model directory name, e.g.
    /// `s3`, `elasticbeanstalk`), or `None` to use the endpoint rule set.
    /// `--endpoint-url` is read from the command-line value `endpoint_url`.
    pub fn endpoint_url(&self, client_name: &str) -> Result<Option<ResolvedValue>, ConfigError> {
        if let Some(url) = self.command_line().get("endpoint_url") {
            return Ok(Some(ResolvedValue {
                value: url.to_string(),
                source: ValueSource::CommandLine,
            }));
        }
        if self
            .resolve_bool("ignore_configured_endpoint_urls")?
            .unwrap_or(false)
        {
            return Ok(None);
        }
        // Creating the provider reads the scoped config, so a missing profile fails here even when
        // an environment variable would have answered.
        let scoped = self.scoped_config()?;
        for name in [
            service_env_var_name(client_name),
            EnvVars::AWS_ENDPOINT_URL.to_string(),
        ] {
            if let Some(value) = self.env().get(&name).filter(|v| !v.is_empty()) {
                return Ok(Some(ResolvedValue {
                    value: value.to_string(),
                    source: ValueSource::Environment(name),
                }));
            }
        }
        let config_source = || ValueSource::ConfigFile(self.files().config_path.clone());
        if let Some(services_name) = scoped.get("services") {
            // `_get_services_config`: the key exists, so the named section must exist and be
            // non-empty.
            let section_name = services_name.value.as_str().unwrap_or_default();
            let section = self
                .files()
                .config
                .services
                .get(section_name)
                .filter(|section| !section.is_empty())
                .ok_or_else(|| ConfigError::InvalidConfig {
                    message: format!(
                        "The profile is configured to use the services section but the \
                         \"{section_name}\" services configuration does not exist."
                    ),
                })?;
            let url = section
                .get(&transformed_service_id(client_name).to_lowercase())
                .and_then(|value| value.as_nested())
                .and_then(|nested| nested.get("endpoint_url"))
                .filter(|url| !url.is_empty());
            if let Some(url) = url {
                return Ok(Some(ResolvedValue {
                    value: url.clone(),
                    source: config_source(),
                }));
            }
        }
        if let Some(entry) = scoped.get("endpoint_url") {
            if let Some(url) = entry.value.as_str().filter(|url| !url.is_empty()) {
                return Ok(Some(self.profile_value(url, entry.origin)));
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transformed_service_id_examples() {
        assert_eq!(
            service_env_var_name("elasticbeanstalk"),
            "AWS_ENDPOINT_URL_ELASTIC_BEANSTALK"
        );
        assert_eq!(
            service_env_var_name("apigateway"),
            "AWS_ENDPOINT_URL_API_GATEWAY"
        );
        assert_eq!(service_env_var_name("s3"), "AWS_ENDPOINT_URL_S3");
        assert_eq!(
            service_env_var_name("runtime.sagemaker"),
            "AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME"
        );
        assert_eq!(
            service_env_var_name("sso-oidc"),
            "AWS_ENDPOINT_URL_SSO_OIDC"
        );
        assert_eq!(
            service_env_var_name("stepfunctions"),
            "AWS_ENDPOINT_URL_SFN"
        );
        assert_eq!(
            transformed_service_id_from_service_id("Elastic Beanstalk"),
            "elastic_beanstalk"
        );
        assert_eq!(
            transformed_service_id_from_service_id("API Gateway"),
            "api_gateway"
        );
    }
}
