//! The settings table: every configuration value of reference sections 2.2 and 2.3, with the
//! chain of places it is looked up, in order.
//!
//! This is the data behind botocore's `BOTOCORE_DEFAUT_SESSION_VARIABLES`,
//! `DEFAULT_S3_CONFIG_VARS`, `DEFAULT_PROXIES_CONFIG_VARS` (`awscli/botocore/configprovider.py`)
//! and the CLI chains of `awscli/clidriver.py:_update_config_chain`, with the AWS CLI v2 2.36
//! defaults of /work/shared/docs/reference-cli.md (e.g. `retry_mode` standard, `max_attempts` 3).
//! One generic resolver ([`crate::Config::resolve`]) walks it.
//!
//! Settings of a nested block are named `<block>.<key>` (`s3.addressing_style`,
//! `proxies_config.proxy_ca_bundle`).

use crate::EnvVars;

/// One place a setting may come from. The chain stops at the first step that yields a value
/// (an environment variable that is set but empty counts, as in botocore).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The value the caller passed for this setting from the command line (an instance variable).
    CommandLine,
    /// An environment variable.
    Env(&'static str),
    /// A key of the selected profile (config file, overridden by the credentials file).
    Config(&'static str),
    /// A key inside a nested block of the selected profile, e.g. `("s3", "addressing_style")`.
    ConfigNested(&'static str, &'static str),
    /// A constant default.
    Default(&'static str),
}

/// How the caller should interpret the resolved string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingKind {
    /// Used as is.
    String,
    /// botocore `ensure_boolean`: true exactly when the lower-cased value is `true`.
    Boolean,
    /// Python `int()`.
    Integer,
    /// One of the listed values (validated by the consumer, which owns the error text).
    Choice(&'static [&'static str]),
}

/// A row of the settings table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting {
    /// The logical name (botocore's config_store name, or `<block>.<key>`).
    pub name: &'static str,
    /// Where to look, in order.
    pub chain: &'static [Step],
    /// How to interpret the value.
    pub kind: SettingKind,
}

impl Setting {
    /// The environment variables of the chain, in order (for `configure list` locations).
    pub fn env_vars(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.chain.iter().filter_map(|step| match step {
            Step::Env(name) => Some(*name),
            _ => None,
        })
    }

    /// The constant default, if any.
    pub fn default_value(&self) -> Option<&'static str> {
        self.chain.iter().find_map(|step| match step {
            Step::Default(value) => Some(*value),
            _ => None,
        })
    }
}

use SettingKind::{Boolean, Choice, Integer, String as Str};
use Step::{CommandLine as Cli, Config as Cfg, ConfigNested as Nested, Default as Def, Env};

const fn s(name: &'static str, chain: &'static [Step], kind: SettingKind) -> Setting {
    Setting { name, chain, kind }
}

/// `output` values accepted by `--output`.
pub const OUTPUT_CHOICES: &[&str] = &["json", "text", "table", "yaml", "yaml-stream", "off"];
/// `cli_binary_format` values.
pub const BINARY_FORMAT_CHOICES: &[&str] = &["base64", "raw-in-base64-out"];
/// `cli_timestamp_format` values.
pub const TIMESTAMP_FORMAT_CHOICES: &[&str] = &["iso8601", "wire"];

/// Every setting. Order is the order of the reference tables.
pub const SETTINGS: &[Setting] = &[
    // ---- CLI-level (reference 2.2, clidriver._update_config_chain) ----
    s(
        "profile",
        &[
            Cli,
            Env(EnvVars::AWS_PROFILE),
            Env(EnvVars::AWS_DEFAULT_PROFILE),
        ],
        Str,
    ),
    // The chain ends with IMDS in the CLI; the caller runs that provider when this is unset.
    s(
        "region",
        &[
            Cli,
            Env(EnvVars::AWS_REGION),
            Env(EnvVars::AWS_DEFAULT_REGION),
            Cfg("region"),
        ],
        Str,
    ),
    s(
        "output",
        &[
            Cli,
            Env(EnvVars::AWS_DEFAULT_OUTPUT),
            Cfg("output"),
            Def("json"),
        ],
        Choice(OUTPUT_CHOICES),
    ),
    // No command-line step: `--no-cli-pager` is a separate switch handled by the output layer.
    s(
        "pager",
        &[
            Env(EnvVars::AWS_PAGER),
            Cfg("cli_pager"),
            Env(EnvVars::PAGER),
            Def("less"),
        ],
        Str,
    ),
    s(
        "cli_binary_format",
        &[Cli, Cfg("cli_binary_format"), Def("base64")],
        Choice(BINARY_FORMAT_CHOICES),
    ),
    s(
        "cli_auto_prompt",
        &[
            Cli,
            Env(EnvVars::AWS_CLI_AUTO_PROMPT),
            Cfg("cli_auto_prompt"),
            Def("off"),
        ],
        Choice(&["on", "on-partial", "off"]),
    ),
    s(
        "cli_error_format",
        &[
            Cli,
            Env(EnvVars::AWS_CLI_ERROR_FORMAT),
            Cfg("cli_error_format"),
            Def("enhanced"),
        ],
        Choice(&["legacy", "json", "yaml", "text", "table", "enhanced"]),
    ),
    s(
        "cli_timestamp_format",
        &[Cfg("cli_timestamp_format"), Def("iso8601")],
        Choice(TIMESTAMP_FORMAT_CHOICES),
    ),
    s(
        "cli_help_output",
        &[Cfg("cli_help_output"), Def("terminal")],
        Choice(&["terminal", "browser", "url"]),
    ),
    s(
        "cli_history",
        &[Cfg("cli_history"), Def("disabled")],
        Choice(&["enabled", "disabled"]),
    ),
    s("cli_read_timeout", &[Cli, Def("60")], Integer),
    s("cli_connect_timeout", &[Cli, Def("60")], Integer),
    s(
        "config_file",
        &[Env(EnvVars::AWS_CONFIG_FILE), Def("~/.aws/config")],
        Str,
    ),
    s(
        "credentials_file",
        &[
            Env(EnvVars::AWS_SHARED_CREDENTIALS_FILE),
            Def("~/.aws/credentials"),
        ],
        Str,
    ),
    // ---- SDK-level (reference 2.3, BOTOCORE_DEFAUT_SESSION_VARIABLES) ----
    s(
        "data_path",
        &[Env(EnvVars::AWS_DATA_PATH), Cfg("data_path")],
        Str,
    ),
    s(
        "ca_bundle",
        &[Cli, Env(EnvVars::AWS_CA_BUNDLE), Cfg("ca_bundle")],
        Str,
    ),
    s(
        "metadata_service_timeout",
        &[
            Env(EnvVars::AWS_METADATA_SERVICE_TIMEOUT),
            Cfg("metadata_service_timeout"),
            Def("1"),
        ],
        Integer,
    ),
    s(
        "metadata_service_num_attempts",
        &[
            Env(EnvVars::AWS_METADATA_SERVICE_NUM_ATTEMPTS),
            Cfg("metadata_service_num_attempts"),
            Def("1"),
        ],
        Integer,
    ),
    s(
        "ec2_metadata_service_endpoint",
        &[
            Env(EnvVars::AWS_EC2_METADATA_SERVICE_ENDPOINT),
            Cfg("ec2_metadata_service_endpoint"),
        ],
        Str,
    ),
    s(
        "ec2_metadata_service_endpoint_mode",
        &[
            Env(EnvVars::AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE),
            Cfg("ec2_metadata_service_endpoint_mode"),
        ],
        Str,
    ),
    s(
        "ec2_metadata_v1_disabled",
        &[
            Env(EnvVars::AWS_EC2_METADATA_V1_DISABLED),
            Cfg("ec2_metadata_v1_disabled"),
            Def("false"),
        ],
        Boolean,
    ),
    s(
        "imds_use_ipv6",
        &[
            Env(EnvVars::AWS_IMDS_USE_IPV6),
            Cfg("imds_use_ipv6"),
            Def("false"),
        ],
        Boolean,
    ),
    s(
        "use_dualstack_endpoint",
        &[
            Env(EnvVars::AWS_USE_DUALSTACK_ENDPOINT),
            Cfg("use_dualstack_endpoint"),
        ],
        Boolean,
    ),
    s(
        "use_fips_endpoint",
        &[
            Env(EnvVars::AWS_USE_FIPS_ENDPOINT),
            Cfg("use_fips_endpoint"),
        ],
        Boolean,
    ),
    s(
        "ignore_configured_endpoint_urls",
        &[
            Env(EnvVars::AWS_IGNORE_CONFIGURED_ENDPOINT_URLS),
            Cfg("ignore_configured_endpoint_urls"),
        ],
        Boolean,
    ),
    s(
        "parameter_validation",
        &[Cfg("parameter_validation"), Def("true")],
        Boolean,
    ),
    s(
        "csm_enabled",
        &[
            Env(EnvVars::AWS_CSM_ENABLED),
            Cfg("csm_enabled"),
            Def("false"),
        ],
        Boolean,
    ),
    s(
        "csm_host",
        &[
            Env(EnvVars::AWS_CSM_HOST),
            Cfg("csm_host"),
            Def("127.0.0.1"),
        ],
        Str,
    ),
    s(
        "csm_port",
        &[Env(EnvVars::AWS_CSM_PORT), Cfg("csm_port"), Def("31000")],
        Integer,
    ),
    s(
        "csm_client_id",
        &[
            Env(EnvVars::AWS_CSM_CLIENT_ID),
            Cfg("csm_client_id"),
            Def(""),
        ],
        Str,
    ),
    s(
        "endpoint_discovery_enabled",
        &[
            Env(EnvVars::AWS_ENDPOINT_DISCOVERY_ENABLED),
            Cfg("endpoint_discovery_enabled"),
            Def("auto"),
        ],
        Str,
    ),
    s(
        "sts_regional_endpoints",
        &[
            Env(EnvVars::AWS_STS_REGIONAL_ENDPOINTS),
            Cfg("sts_regional_endpoints"),
            Def("regional"),
        ],
        Choice(&["regional", "legacy"]),
    ),
    s(
        "retry_mode",
        &[
            Env(EnvVars::AWS_RETRY_MODE),
            Cfg("retry_mode"),
            Def("standard"),
        ],
        Choice(&["standard", "legacy", "adaptive"]),
    ),
    s(
        "defaults_mode",
        &[
            Env(EnvVars::AWS_DEFAULTS_MODE),
            Cfg("defaults_mode"),
            Def("legacy"),
        ],
        Str,
    ),
    s(
        "max_attempts",
        &[
            Env(EnvVars::AWS_MAX_ATTEMPTS),
            Cfg("max_attempts"),
            Def("3"),
        ],
        Integer,
    ),
    s(
        "user_agent_appid",
        &[Env(EnvVars::AWS_SDK_UA_APP_ID), Cfg("sdk_ua_app_id")],
        Str,
    ),
    s(
        "request_min_compression_size_bytes",
        &[
            Env(EnvVars::AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES),
            Cfg("request_min_compression_size_bytes"),
            Def("10240"),
        ],
        Integer,
    ),
    s(
        "disable_request_compression",
        &[
            Env(EnvVars::AWS_DISABLE_REQUEST_COMPRESSION),
            Cfg("disable_request_compression"),
            Def("false"),
        ],
        Boolean,
    ),
    s(
        "sigv4a_signing_region_set",
        &[
            Env(EnvVars::AWS_SIGV4A_SIGNING_REGION_SET),
            Cfg("sigv4a_signing_region_set"),
        ],
        Str,
    ),
    s(
        "request_checksum_calculation",
        &[
            Env(EnvVars::AWS_REQUEST_CHECKSUM_CALCULATION),
            Cfg("request_checksum_calculation"),
            Def("when_supported"),
        ],
        Choice(&["when_supported", "when_required"]),
    ),
    s(
        "response_checksum_validation",
        &[
            Env(EnvVars::AWS_RESPONSE_CHECKSUM_VALIDATION),
            Cfg("response_checksum_validation"),
            Def("when_supported"),
        ],
        Choice(&["when_supported", "when_required"]),
    ),
    s(
        "account_id_endpoint_mode",
        &[
            Env(EnvVars::AWS_ACCOUNT_ID_ENDPOINT_MODE),
            Cfg("account_id_endpoint_mode"),
            Def("preferred"),
        ],
        Choice(&["preferred", "disabled", "required"]),
    ),
    s(
        "disable_host_prefix_injection",
        &[
            Env(EnvVars::AWS_DISABLE_HOST_PREFIX_INJECTION),
            Cfg("disable_host_prefix_injection"),
        ],
        Boolean,
    ),
    s(
        "auth_scheme_preference",
        &[
            Env(EnvVars::AWS_AUTH_SCHEME_PREFERENCE),
            Cfg("auth_scheme_preference"),
        ],
        Str,
    ),
    s(
        "tcp_keepalive",
        &[Env(EnvVars::BOTOCORE_TCP_KEEPALIVE), Cfg("tcp_keepalive")],
        Boolean,
    ),
    s(
        "s3_disable_express_session_auth",
        &[
            Env(EnvVars::AWS_S3_DISABLE_EXPRESS_SESSION_AUTH),
            Cfg("s3_disable_express_session_auth"),
        ],
        Boolean,
    ),
    // ---- `s3 =` block (DEFAULT_S3_CONFIG_VARS) ----
    s(
        "s3.addressing_style",
        &[Nested("s3", "addressing_style")],
        Choice(&["auto", "path", "virtual"]),
    ),
    s(
        "s3.use_accelerate_endpoint",
        &[Nested("s3", "use_accelerate_endpoint")],
        Boolean,
    ),
    s(
        "s3.use_dualstack_endpoint",
        &[Nested("s3", "use_dualstack_endpoint")],
        Boolean,
    ),
    s(
        "s3.payload_signing_enabled",
        &[Nested("s3", "payload_signing_enabled")],
        Boolean,
    ),
    s(
        "s3.use_arn_region",
        &[
            Env(EnvVars::AWS_S3_USE_ARN_REGION),
            Cfg("s3_use_arn_region"),
            Nested("s3", "use_arn_region"),
        ],
        Boolean,
    ),
    s(
        "s3.us_east_1_regional_endpoint",
        &[
            Env(EnvVars::AWS_S3_US_EAST_1_REGIONAL_ENDPOINT),
            Cfg("s3_us_east_1_regional_endpoint"),
            Nested("s3", "us_east_1_regional_endpoint"),
        ],
        Choice(&["regional", "legacy"]),
    ),
    s(
        "s3.s3_disable_multiregion_access_points",
        &[
            Env(EnvVars::AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS),
            Nested("s3", "s3_disable_multiregion_access_points"),
        ],
        Boolean,
    ),
    // ---- `proxies_config =` block (DEFAULT_PROXIES_CONFIG_VARS) ----
    s(
        "proxies_config.proxy_ca_bundle",
        &[Nested("proxies_config", "proxy_ca_bundle")],
        Str,
    ),
    s(
        "proxies_config.proxy_client_cert",
        &[Nested("proxies_config", "proxy_client_cert")],
        Str,
    ),
    // botocore `normalize_boolean`: only the strings true/false (any case) are booleans.
    s(
        "proxies_config.proxy_use_forwarding_for_https",
        &[Nested("proxies_config", "proxy_use_forwarding_for_https")],
        Boolean,
    ),
];

/// The row named `name`.
pub fn setting(name: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|setting| setting.name == name)
}

/// botocore `utils.ensure_boolean` on a string: true exactly when it lower-cases to `true`.
pub fn ensure_boolean(value: &str) -> bool {
    value.to_lowercase() == "true"
}

/// Python `int(value)` on a string: surrounding whitespace, an optional sign, decimal digits with
/// single underscores between them.
pub fn parse_python_int(value: &str) -> Option<i64> {
    let trimmed = crate::ini::py_strip(value);
    let (negative, digits) = match trimmed.as_bytes().first() {
        Some(b'-') => (true, &trimmed[1..]),
        Some(b'+') => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
        || !digits.chars().all(|c| c.is_ascii_digit() || c == '_')
    {
        return None;
    }
    let magnitude: i64 = digits.replace('_', "").parse().ok()?;
    Some(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_names_are_unique() {
        let mut names: Vec<_> = SETTINGS.iter().map(|s| s.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }

    #[test]
    fn setting_lookup_and_env_vars() {
        let region = setting("region").unwrap();
        assert_eq!(
            region.env_vars().collect::<Vec<_>>(),
            ["AWS_REGION", "AWS_DEFAULT_REGION"]
        );
        assert_eq!(setting("max_attempts").unwrap().default_value(), Some("3"));
        assert!(setting("nope").is_none());
    }

    #[test]
    fn parse_python_int_rules() {
        assert_eq!(parse_python_int(" 10 "), Some(10));
        assert_eq!(parse_python_int("+1_000"), Some(1000));
        assert_eq!(parse_python_int("-5"), Some(-5));
        for bad in ["", "1.5", "_1", "1__0", "0x10", "ten", "-"] {
            assert_eq!(parse_python_int(bad), None, "{bad}");
        }
    }

    #[test]
    fn ensure_boolean_only_true_is_true() {
        assert!(ensure_boolean("TRUE"));
        assert!(!ensure_boolean("1"));
        assert!(!ensure_boolean("yes"));
    }
}
