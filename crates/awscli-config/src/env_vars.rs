//! Every environment variable the AWS CLI v2 reads, declared once.
//!
//! Other crates must name variables through these constants rather than string literals, so that
//! `grep EnvVars::` finds every reader. Sources: `awscli/botocore/configprovider.py`
//! (`BOTOCORE_DEFAUT_SESSION_VARIABLES`), `awscli/clidriver.py` (`_update_config_chain`),
//! `awscli/botocore/credentials.py` and /work/shared/docs/reference-cli.md sections 2.1-2.5.

/// Namespace for the environment variable names (uv's `EnvVars` pattern).
pub struct EnvVars;

impl EnvVars {
    // ---- Files and profile (reference 2.1, 2.2) ----

    /// Path of the shared config file; default `~/.aws/config`. `$VAR` and `~` are expanded.
    pub const AWS_CONFIG_FILE: &'static str = "AWS_CONFIG_FILE";
    /// Path of the shared credentials file; default `~/.aws/credentials`.
    pub const AWS_SHARED_CREDENTIALS_FILE: &'static str = "AWS_SHARED_CREDENTIALS_FILE";
    /// Profile to use when `--profile` is absent. Checked before `AWS_DEFAULT_PROFILE`.
    pub const AWS_PROFILE: &'static str = "AWS_PROFILE";
    /// Legacy profile variable, used when `AWS_PROFILE` is unset.
    pub const AWS_DEFAULT_PROFILE: &'static str = "AWS_DEFAULT_PROFILE";
    /// Home directory used to expand `~` in file paths.
    pub const HOME: &'static str = "HOME";

    // ---- CLI-level settings (reference 2.2) ----

    /// Region; checked before `AWS_DEFAULT_REGION`.
    pub const AWS_REGION: &'static str = "AWS_REGION";
    /// Region, when `AWS_REGION` is unset.
    pub const AWS_DEFAULT_REGION: &'static str = "AWS_DEFAULT_REGION";
    /// Output format (`output`).
    pub const AWS_DEFAULT_OUTPUT: &'static str = "AWS_DEFAULT_OUTPUT";
    /// Pager command; wins over `cli_pager`, which wins over `PAGER`. Empty disables the pager.
    pub const AWS_PAGER: &'static str = "AWS_PAGER";
    /// Generic pager, used after `cli_pager`; also used by help (`MANPAGER` first).
    pub const PAGER: &'static str = "PAGER";
    /// Pager for help pages, checked before `PAGER`.
    pub const MANPAGER: &'static str = "MANPAGER";
    /// Options passed to `less` (the CLI sets `R` when unset).
    pub const LESS: &'static str = "LESS";
    /// Auto-prompt mode: `on`, `on-partial`, `off`.
    pub const AWS_CLI_AUTO_PROMPT: &'static str = "AWS_CLI_AUTO_PROMPT";
    /// Error output format (2.34+): legacy, json, yaml, text, table, enhanced.
    pub const AWS_CLI_ERROR_FORMAT: &'static str = "AWS_CLI_ERROR_FORMAT";
    /// Encoding used to read `file://` parameters.
    pub const AWS_CLI_FILE_ENCODING: &'static str = "AWS_CLI_FILE_ENCODING";
    /// Encoding used for stdout.
    pub const AWS_CLI_OUTPUT_ENCODING: &'static str = "AWS_CLI_OUTPUT_ENCODING";
    /// Path of the CLI history database.
    pub const AWS_CLI_HISTORY_FILE: &'static str = "AWS_CLI_HISTORY_FILE";
    /// `true` makes `s3 mv` resolve access points to refuse moving an object onto itself.
    pub const AWS_CLI_S3_MV_VALIDATE_SAME_S3_PATHS: &'static str =
        "AWS_CLI_S3_MV_VALIDATE_SAME_S3_PATHS";
    /// Appended to `--version` and the User-Agent as `exec-env/<value>`.
    pub const AWS_EXECUTION_ENV: &'static str = "AWS_EXECUTION_ENV";
    /// Overrides the distribution source shown by `--version`.
    pub const AWS_CLI_DISTRIBUTION_SOURCE_OVERRIDE: &'static str =
        "AWS_CLI_DISTRIBUTION_SOURCE_OVERRIDE";
    /// Cache directory for `aws login` sessions; default `~/.aws/login/cache`.
    pub const AWS_LOGIN_CACHE_DIRECTORY: &'static str = "AWS_LOGIN_CACHE_DIRECTORY";

    // ---- SDK-level settings (reference 2.3) ----

    /// Extra directories searched for models (`data_path`).
    pub const AWS_DATA_PATH: &'static str = "AWS_DATA_PATH";
    /// CA bundle path (`ca_bundle`).
    pub const AWS_CA_BUNDLE: &'static str = "AWS_CA_BUNDLE";
    /// CA bundle honoured by the HTTP layer when `AWS_CA_BUNDLE`/`ca_bundle` are unset.
    pub const REQUESTS_CA_BUNDLE: &'static str = "REQUESTS_CA_BUNDLE";
    /// IMDS request timeout in seconds.
    pub const AWS_METADATA_SERVICE_TIMEOUT: &'static str = "AWS_METADATA_SERVICE_TIMEOUT";
    /// IMDS attempts.
    pub const AWS_METADATA_SERVICE_NUM_ATTEMPTS: &'static str = "AWS_METADATA_SERVICE_NUM_ATTEMPTS";
    /// IMDS endpoint override.
    pub const AWS_EC2_METADATA_SERVICE_ENDPOINT: &'static str = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
    /// IMDS endpoint mode: `IPv4` or `IPv6`.
    pub const AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: &'static str =
        "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE";
    /// `true` forbids the IMDSv1 fallback.
    pub const AWS_EC2_METADATA_V1_DISABLED: &'static str = "AWS_EC2_METADATA_V1_DISABLED";
    /// `true` skips IMDS entirely (credentials and region).
    pub const AWS_EC2_METADATA_DISABLED: &'static str = "AWS_EC2_METADATA_DISABLED";
    /// Legacy switch for the IPv6 IMDS endpoint.
    pub const AWS_IMDS_USE_IPV6: &'static str = "AWS_IMDS_USE_IPV6";
    /// Dual-stack endpoints.
    pub const AWS_USE_DUALSTACK_ENDPOINT: &'static str = "AWS_USE_DUALSTACK_ENDPOINT";
    /// FIPS endpoints.
    pub const AWS_USE_FIPS_ENDPOINT: &'static str = "AWS_USE_FIPS_ENDPOINT";
    /// Global endpoint URL for every service (reference 2.4 step 3).
    pub const AWS_ENDPOINT_URL: &'static str = "AWS_ENDPOINT_URL";
    /// Prefix of the per-service endpoint URL variables, e.g. `AWS_ENDPOINT_URL_S3`
    /// (see [`crate::endpoint::service_env_var_name`]).
    pub const AWS_ENDPOINT_URL_PREFIX: &'static str = "AWS_ENDPOINT_URL_";
    /// `true` ignores every configured endpoint URL except `--endpoint-url`.
    pub const AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: &'static str =
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";
    /// Retry mode: `standard` (default), `legacy`, `adaptive`.
    pub const AWS_RETRY_MODE: &'static str = "AWS_RETRY_MODE";
    /// Total attempts including the first one.
    pub const AWS_MAX_ATTEMPTS: &'static str = "AWS_MAX_ATTEMPTS";
    /// Opt-in to the 2026 retry behaviour (botocore private switch).
    pub const AWS_NEW_RETRIES_2026: &'static str = "AWS_NEW_RETRIES_2026";
    /// Endpoint discovery: `true`, `false`, `auto`.
    pub const AWS_ENDPOINT_DISCOVERY_ENABLED: &'static str = "AWS_ENDPOINT_DISCOVERY_ENABLED";
    /// Application id appended to the User-Agent (`sdk_ua_app_id`).
    pub const AWS_SDK_UA_APP_ID: &'static str = "AWS_SDK_UA_APP_ID";
    /// Minimum body size before request compression.
    pub const AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES: &'static str =
        "AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES";
    /// Disables request compression.
    pub const AWS_DISABLE_REQUEST_COMPRESSION: &'static str = "AWS_DISABLE_REQUEST_COMPRESSION";
    /// SigV4a region set.
    pub const AWS_SIGV4A_SIGNING_REGION_SET: &'static str = "AWS_SIGV4A_SIGNING_REGION_SET";
    /// `when_supported` or `when_required`.
    pub const AWS_REQUEST_CHECKSUM_CALCULATION: &'static str = "AWS_REQUEST_CHECKSUM_CALCULATION";
    /// `when_supported` or `when_required`.
    pub const AWS_RESPONSE_CHECKSUM_VALIDATION: &'static str = "AWS_RESPONSE_CHECKSUM_VALIDATION";
    /// `preferred`, `disabled`, `required`.
    pub const AWS_ACCOUNT_ID_ENDPOINT_MODE: &'static str = "AWS_ACCOUNT_ID_ENDPOINT_MODE";
    /// Disables `hostPrefix` injection.
    pub const AWS_DISABLE_HOST_PREFIX_INJECTION: &'static str = "AWS_DISABLE_HOST_PREFIX_INJECTION";
    /// Comma-separated auth scheme preference list.
    pub const AWS_AUTH_SCHEME_PREFERENCE: &'static str = "AWS_AUTH_SCHEME_PREFERENCE";
    /// Disables S3 Express session auth.
    pub const AWS_S3_DISABLE_EXPRESS_SESSION_AUTH: &'static str =
        "AWS_S3_DISABLE_EXPRESS_SESSION_AUTH";
    /// S3: use the region of an ARN.
    pub const AWS_S3_USE_ARN_REGION: &'static str = "AWS_S3_USE_ARN_REGION";
    /// S3: disable multi-region access points.
    pub const AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS: &'static str =
        "AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS";
    /// S3: `regional` or `legacy` for us-east-1.
    pub const AWS_S3_US_EAST_1_REGIONAL_ENDPOINT: &'static str =
        "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT";
    /// STS: `regional` or `legacy`.
    pub const AWS_STS_REGIONAL_ENDPOINTS: &'static str = "AWS_STS_REGIONAL_ENDPOINTS";
    /// Defaults mode (`legacy`, `standard`, `in-region`, `cross-region`, `mobile`, `auto`).
    pub const AWS_DEFAULTS_MODE: &'static str = "AWS_DEFAULTS_MODE";
    /// TCP keep-alive on connections.
    pub const BOTOCORE_TCP_KEEPALIVE: &'static str = "BOTOCORE_TCP_KEEPALIVE";
    /// Client-side monitoring (internal).
    pub const AWS_CSM_ENABLED: &'static str = "AWS_CSM_ENABLED";
    /// Client-side monitoring host (internal).
    pub const AWS_CSM_HOST: &'static str = "AWS_CSM_HOST";
    /// Client-side monitoring port (internal).
    pub const AWS_CSM_PORT: &'static str = "AWS_CSM_PORT";
    /// Client-side monitoring client id (internal).
    pub const AWS_CSM_CLIENT_ID: &'static str = "AWS_CSM_CLIENT_ID";
    /// HTTP proxy.
    pub const HTTP_PROXY: &'static str = "HTTP_PROXY";
    /// HTTPS proxy.
    pub const HTTPS_PROXY: &'static str = "HTTPS_PROXY";
    /// Hosts that bypass the proxy.
    pub const NO_PROXY: &'static str = "NO_PROXY";
    /// S3 CRT client memory limit.
    pub const AWS_CRT_S3_MEMORY_LIMIT_IN_GIB: &'static str = "AWS_CRT_S3_MEMORY_LIMIT_IN_GIB";
    /// S3 CRT client parts pending read.
    pub const AWS_CRT_S3_MAX_PARTS_PENDING_READ: &'static str = "AWS_CRT_S3_MAX_PARTS_PENDING_READ";

    // ---- Credentials (reference 2.5) ----

    /// Access key id (env provider).
    pub const AWS_ACCESS_KEY_ID: &'static str = "AWS_ACCESS_KEY_ID";
    /// Secret access key (env provider).
    pub const AWS_SECRET_ACCESS_KEY: &'static str = "AWS_SECRET_ACCESS_KEY";
    /// Session token (env provider), checked after `AWS_SECURITY_TOKEN`.
    pub const AWS_SESSION_TOKEN: &'static str = "AWS_SESSION_TOKEN";
    /// Legacy session token name; botocore checks it first.
    pub const AWS_SECURITY_TOKEN: &'static str = "AWS_SECURITY_TOKEN";
    /// Expiry of the env credentials (ISO 8601).
    pub const AWS_CREDENTIAL_EXPIRATION: &'static str = "AWS_CREDENTIAL_EXPIRATION";
    /// Account id for account-based endpoints.
    pub const AWS_ACCOUNT_ID: &'static str = "AWS_ACCOUNT_ID";
    /// Web identity: role ARN (ignored with `--profile`).
    pub const AWS_ROLE_ARN: &'static str = "AWS_ROLE_ARN";
    /// Web identity: token file (ignored with `--profile`).
    pub const AWS_WEB_IDENTITY_TOKEN_FILE: &'static str = "AWS_WEB_IDENTITY_TOKEN_FILE";
    /// Web identity / assume role: session name.
    pub const AWS_ROLE_SESSION_NAME: &'static str = "AWS_ROLE_SESSION_NAME";
    /// Old EC2 tools credential file (`AWSAccessKeyId=`/`AWSSecretKey=`).
    pub const AWS_CREDENTIAL_FILE: &'static str = "AWS_CREDENTIAL_FILE";
    /// boto2 config file path.
    pub const BOTO_CONFIG: &'static str = "BOTO_CONFIG";
    /// Container credentials: path relative to `http://169.254.170.2`.
    pub const AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: &'static str =
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
    /// Container credentials: full URI.
    pub const AWS_CONTAINER_CREDENTIALS_FULL_URI: &'static str =
        "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    /// Container credentials: Authorization header value.
    pub const AWS_CONTAINER_AUTHORIZATION_TOKEN: &'static str = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
    /// Container credentials: file holding the Authorization header value.
    pub const AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: &'static str =
        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";
}
