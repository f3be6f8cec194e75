//! `iam-role`: credentials (and the region) from the EC2 instance metadata service.
//!
//! Ported from botocore `IMDSFetcher`, `InstanceMetadataFetcher`,
//! `InstanceMetadataRegionFetcher` and `resolve_imds_endpoint_mode` (`botocore/utils.py`);
//! reference-cli.md 2.5 row 12, reference-reliability.md section 4.
//!
//! - `AWS_EC2_METADATA_DISABLED=true` turns the service off (no credentials, no error).
//! - Base URL: `ec2_metadata_service_endpoint`, else `http://[fd00:ec2::254]/` when
//!   `ec2_metadata_service_endpoint_mode` (or `imds_use_ipv6`) asks for IPv6, else
//!   `http://169.254.169.254/`.
//! - IMDSv2: `PUT latest/api/token` with `x-aws-ec2-metadata-token-ttl-seconds: 21600`. A 403,
//!   404 or 405, a read timeout, or exhausted attempts mean no token, and the calls fall back
//!   to IMDSv1 unless `ec2_metadata_v1_disabled`, which is then an error.
//! - `metadata_service_timeout` (default 1 s) and `metadata_service_num_attempts` (default 1).

use std::sync::Arc;
use std::time::Duration;

use awscli_client::{Credentials, TransportError};
use awscli_config::EnvVars;

use crate::context::{Context, PlainResponse};
use crate::error::CredentialsError;
use crate::provider::{CredentialsProvider, Refresher, ADVISORY_REFRESH_SECONDS};
use crate::static_keys::method;
use crate::time::{format_utc, parse_system_time, seconds_between};

/// botocore `METADATA_BASE_URL`.
pub const METADATA_BASE_URL: &str = "http://169.254.169.254/";
/// botocore `METADATA_BASE_URL_IPv6`.
pub const METADATA_BASE_URL_IPV6: &str = "http://[fd00:ec2::254]/";
const TOKEN_PATH: &str = "latest/api/token";
const TOKEN_TTL: &str = "21600";
const CREDENTIALS_PATH: &str = "latest/meta-data/iam/security-credentials/";
const REGION_PATH: &str = "latest/meta-data/placement/availability-zone/";

/// Why a fetch gave up without an error the user sees (botocore returns `{}` / `None`).
enum Miss {
    /// `_RetriesExceededError` (also raised when IMDS is disabled).
    RetriesExceeded,
    /// `BadIMDSRequestError` (a 400 to the token request).
    BadRequest,
}

enum Failure {
    Miss(Miss),
    Error(CredentialsError),
}

impl From<CredentialsError> for Failure {
    fn from(error: CredentialsError) -> Self {
        Failure::Error(error)
    }
}

/// The settings of one fetcher.
struct ImdsFetcher<'a> {
    ctx: &'a Context,
    base_url: String,
    timeout: Duration,
    num_attempts: u32,
    disabled: bool,
    v1_disabled: bool,
}

impl<'a> ImdsFetcher<'a> {
    fn new(ctx: &'a Context) -> Result<Self, CredentialsError> {
        let config = &ctx.config;
        let timeout = config.resolve_int("metadata_service_timeout")?.unwrap_or(1);
        let num_attempts = config
            .resolve_int("metadata_service_num_attempts")?
            .unwrap_or(1);
        let mode = match config.resolve("ec2_metadata_service_endpoint_mode")? {
            Some(mode) => {
                let lower = mode.value.to_ascii_lowercase();
                if lower != "ipv4" && lower != "ipv6" {
                    return Err(CredentialsError::InvalidImdsEndpointMode { mode: mode.value });
                }
                lower
            }
            None if config.resolve_bool("imds_use_ipv6")?.unwrap_or(false) => "ipv6".into(),
            None => "ipv4".into(),
        };
        let base_url = match config.resolve("ec2_metadata_service_endpoint")? {
            Some(endpoint) if !endpoint.value.is_empty() => endpoint.value,
            _ if mode == "ipv6" => METADATA_BASE_URL_IPV6.to_string(),
            _ => METADATA_BASE_URL.to_string(),
        };
        if !base_url.contains("://") {
            return Err(CredentialsError::InvalidImdsEndpoint(base_url));
        }
        let disabled = config
            .env()
            .get(EnvVars::AWS_EC2_METADATA_DISABLED)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        Ok(Self {
            ctx,
            base_url,
            timeout: Duration::from_secs(timeout.max(0) as u64),
            num_attempts: num_attempts.max(0) as u32,
            disabled,
            v1_disabled: config
                .resolve_bool("ec2_metadata_v1_disabled")?
                .unwrap_or(false),
        })
    }

    fn url(&self, path: &str) -> String {
        let sep = if self.base_url.ends_with('/') {
            ""
        } else {
            "/"
        };
        format!("{}{sep}{path}", self.base_url)
    }

    fn headers(&self) -> Vec<(String, String)> {
        if self.ctx.user_agent.is_empty() {
            Vec::new()
        } else {
            vec![("User-Agent".into(), self.ctx.user_agent.clone())]
        }
    }

    /// `_fetch_metadata_token`.
    async fn token(&self) -> Result<Option<String>, Failure> {
        if self.disabled {
            return Err(Failure::Miss(Miss::RetriesExceeded));
        }
        let url = self.url(TOKEN_PATH);
        let mut headers = self.headers();
        headers.insert(
            0,
            (
                "x-aws-ec2-metadata-token-ttl-seconds".into(),
                TOKEN_TTL.into(),
            ),
        );
        for _ in 0..self.num_attempts {
            match self
                .ctx
                .send_plain("PUT", &url, headers.clone(), self.timeout)
                .await
            {
                Ok(PlainResponse { status: 200, body }) => {
                    return Ok(Some(String::from_utf8_lossy(&body).into_owned()))
                }
                Ok(PlainResponse {
                    status: 403..=405, ..
                }) => return Ok(None),
                Ok(PlainResponse { status: 400, .. }) => {
                    return Err(Failure::Miss(Miss::BadRequest))
                }
                Ok(_) => {}
                Err(TransportError::ReadTimeout) => return Ok(None),
                Err(_) => {}
            }
        }
        Ok(None)
    }

    /// `_get_request`: the body of the first acceptable response.
    async fn get(
        &self,
        path: &str,
        token: Option<&str>,
        acceptable: fn(&PlainResponse) -> bool,
    ) -> Result<String, Failure> {
        if self.disabled {
            return Err(Failure::Miss(Miss::RetriesExceeded));
        }
        if token.is_none() && self.v1_disabled {
            return Err(Failure::Error(CredentialsError::MetadataRetrieval(
                "Unable to retrieve token for use in IMDSv2 call and IMDSv1 has been disabled"
                    .into(),
            )));
        }
        let url = self.url(path);
        let mut headers = self.headers();
        if let Some(token) = token {
            headers.insert(0, ("x-aws-ec2-metadata-token".into(), token.to_string()));
        }
        for _ in 0..self.num_attempts {
            if let Ok(response) = self
                .ctx
                .send_plain("GET", &url, headers.clone(), self.timeout)
                .await
            {
                if acceptable(&response) {
                    return Ok(String::from_utf8_lossy(&response.body).into_owned());
                }
            }
        }
        Err(Failure::Miss(Miss::RetriesExceeded))
    }
}

fn ok_and_not_empty(response: &PlainResponse) -> bool {
    response.status == 200 && !response.body.is_empty()
}

fn ok_and_json(response: &PlainResponse) -> bool {
    ok_and_not_empty(response)
        && serde_json::from_slice::<serde_json::Value>(&response.body).is_ok()
}

/// `retrieve_iam_role_credentials`: `None` for botocore's empty dict.
async fn retrieve_credentials(ctx: &Context) -> Result<Option<Credentials>, CredentialsError> {
    let fetcher = ImdsFetcher::new(ctx)?;
    let attempt = async {
        let token = fetcher.token().await?;
        let role_name = fetcher
            .get(CREDENTIALS_PATH, token.as_deref(), ok_and_not_empty)
            .await?;
        let body = fetcher
            .get(
                &format!("{CREDENTIALS_PATH}{role_name}"),
                token.as_deref(),
                ok_and_json,
            )
            .await?;
        Ok::<_, Failure>(body)
    };
    let body = match attempt.await {
        Ok(body) => body,
        Err(Failure::Miss(Miss::RetriesExceeded | Miss::BadRequest)) => return Ok(None),
        Err(Failure::Error(error)) => return Err(error),
    };
    let document: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    let field = |key: &str| document.get(key).map(crate::pyjson::py_str);
    let (Some(access_key_id), Some(secret_access_key), Some(token), Some(expiration)) = (
        field("AccessKeyId"),
        field("SecretAccessKey"),
        field("Token"),
        field("Expiration"),
    ) else {
        return Ok(None);
    };
    let expiration_time = parse_system_time(&extend_expiration(ctx, &expiration))
        .ok_or_else(|| CredentialsError::Python(format!("Unknown string format: {expiration}")))?;
    Ok(Some(Credentials {
        access_key_id,
        secret_access_key,
        session_token: Some(token),
        expiration: Some(expiration_time),
    }))
}

/// `_evaluate_expiration`: when IMDS hands out credentials that expire within the refresh
/// window plus 2-10 minutes of jitter (a service outage), use them that much longer.
fn extend_expiration(ctx: &Context, expiration: &str) -> String {
    let Some(expires) = parse_system_time(expiration).filter(|_| expiration.ends_with('Z')) else {
        return expiration.to_string();
    };
    let window = ADVISORY_REFRESH_SECONDS + f64::from(fastrand::u32(120..=600));
    let now = (ctx.clock)();
    if seconds_between(now, expires) <= window {
        return format_utc(now + Duration::from_secs_f64(window), "Z");
    }
    expiration.to_string()
}

/// The IMDS settings checks `create_credential_resolver` makes before any provider runs
/// (an invalid endpoint mode or endpoint fails the whole chain, even when `env` would win).
pub(crate) fn validate_settings(ctx: &Context) -> Result<(), CredentialsError> {
    ImdsFetcher::new(ctx).map(|_| ())
}

/// `InstanceMetadataProvider.load`.
pub(crate) async fn provider(
    ctx: &Arc<Context>,
) -> Result<Option<CredentialsProvider>, CredentialsError> {
    let Some(first) = retrieve_credentials(ctx).await? else {
        return Ok(None);
    };
    let ctx_for_refresh = Arc::clone(ctx);
    let refresher: Refresher = Arc::new(move || {
        let ctx = Arc::clone(&ctx_for_refresh);
        Box::pin(async move {
            retrieve_credentials(&ctx).await?.ok_or_else(|| CredentialsError::Retrieval {
                provider: method::IMDS.into(),
                error_msg: "Credential refresh failed, response did not contain: access_key, secret_key, token, expiry_time".into(),
            })
        })
    });
    Ok(Some(CredentialsProvider::refreshable(
        method::IMDS,
        first,
        refresher,
        Arc::clone(&ctx.clock),
    )))
}

/// `InstanceMetadataRegionFetcher.retrieve_region`: the availability zone minus its letter.
pub(crate) async fn region(ctx: &Context) -> Result<Option<String>, CredentialsError> {
    let fetcher = ImdsFetcher::new(ctx)?;
    let attempt = async {
        let token = fetcher.token().await?;
        fetcher
            .get(REGION_PATH, token.as_deref(), ok_and_not_empty)
            .await
    };
    match attempt.await {
        Ok(zone) => {
            let mut chars = zone.chars();
            chars.next_back();
            Ok(Some(chars.as_str().to_string()))
        }
        Err(Failure::Miss(Miss::RetriesExceeded)) => Ok(None),
        // botocore's region fetcher does not catch a bad token request.
        Err(Failure::Miss(Miss::BadRequest)) => Ok(None),
        Err(Failure::Error(error)) => Err(error),
    }
}
