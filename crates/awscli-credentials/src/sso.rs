//! `sso`: role credentials from the IAM Identity Center portal (`sso:GetRoleCredentials`),
//! authorised by the access token `aws sso login` left in `~/.aws/sso/cache/<sha1>.json`.
//!
//! Ported from botocore `SSOProvider`, `SSOCredentialFetcher` (`credentials.py`),
//! `SSOTokenProvider`/`DeferredRefreshableToken` (`tokens.py`) and `SSOTokenLoader`
//! (`utils.py`); credentials are cached in `~/.aws/cli/cache`
//! (`awscli/customizations/sso/__init__.py`). reference-cli.md 2.5 row 4.
//!
//! - `sso_session = NAME` reads `[sso-session NAME]` (token file = SHA-1 of NAME) and refreshes
//!   a token with less than 15 minutes left through `sso-oidc:CreateToken` when it has a refresh
//!   token and an unexpired client registration; an expired token that cannot be refreshed is
//!   `Error when retrieving token from sso: Token has expired and refresh failed`.
//! - Legacy profiles (`sso_start_url`, `sso_region` in the profile; token file = SHA-1 of the
//!   start URL) are never refreshed; an expired token is `UnauthorizedSSOTokenError`.

use std::sync::Arc;
use std::time::Duration;

use awscli_client::{CallError, Credentials};
use awscli_model::Value;
use indexmap::IndexMap;

use crate::assume_role::{cached_credentials, credentials_from_response, sha1_hex, write_cache};
use crate::context::Context;
use crate::error::CredentialsError;
use crate::provider::{CredentialsProvider, Refresher};
use crate::static_keys::{method, profile};
use crate::time::{format_utc, from_epoch, parse_system_time, seconds_between};

const PROFILE_REQUIRED: &[&str] = &["sso_role_name", "sso_account_id"];
const SSO_REQUIRED: &[&str] = &["sso_start_url", "sso_region"];
/// botocore `SSOTokenProvider._REFRESH_WINDOW`.
const TOKEN_REFRESH_WINDOW_SECONDS: f64 = 15.0 * 60.0;

/// The resolved SSO settings of a profile.
#[derive(Debug, Clone)]
struct SsoConfig {
    start_url: String,
    region: String,
    role_name: String,
    account_id: String,
    session_name: Option<String>,
}

/// `SSOProvider._load_sso_config`.
fn load_config(ctx: &Context, profile_name: &str) -> Result<Option<SsoConfig>, CredentialsError> {
    let Some(profile) = profile(ctx, profile_name) else {
        return Ok(None);
    };
    if PROFILE_REQUIRED
        .iter()
        .all(|key| !profile.contains_key(*key))
    {
        return Ok(None);
    }
    let mut resolved: IndexMap<String, String> = profile
        .iter()
        .filter_map(|(key, value)| value.value.as_str().map(|v| (key.clone(), v.to_string())))
        .collect();
    let mut required: Vec<&str> = PROFILE_REQUIRED
        .iter()
        .chain(SSO_REQUIRED)
        .copied()
        .collect();
    if let Some(session_name) = resolved.get("sso_session").cloned() {
        let Some(session) = ctx.config.files().config.sso_sessions.get(&session_name) else {
            return Err(CredentialsError::InvalidConfig(format!(
                "The specified sso-session does not exist: \"{session_name}\""
            )));
        };
        for (key, value) in session {
            let Some(value) = value.as_str() else {
                continue;
            };
            if let Some(existing) = resolved.get(key) {
                if existing != value {
                    return Err(CredentialsError::InvalidConfig(format!(
                        "The value for {key} is inconsistent between profile ({existing}) and sso-session ({value})."
                    )));
                }
            }
            resolved.insert(key.clone(), value.to_string());
        }
        required.push("sso_session");
    }
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|key| !resolved.contains_key(*key))
        .collect();
    if !missing.is_empty() {
        return Err(CredentialsError::InvalidConfig(format!(
            "The profile \"{profile_name}\" is configured to use SSO but is missing required configuration: {}",
            missing.join(", ")
        )));
    }
    let take = |key: &str| resolved.get(key).cloned().unwrap_or_default();
    Ok(Some(SsoConfig {
        start_url: take("sso_start_url"),
        region: take("sso_region"),
        role_name: take("sso_role_name"),
        account_id: take("sso_account_id"),
        session_name: resolved.get("sso_session").cloned(),
    }))
}

/// `SSOProvider.load`: a deferred provider when the profile is configured for SSO.
pub(crate) fn provider(
    ctx: &Arc<Context>,
    profile_name: &str,
) -> Result<Option<CredentialsProvider>, CredentialsError> {
    let Some(config) = load_config(ctx, profile_name)? else {
        return Ok(None);
    };
    let fetcher = Arc::new(SsoFetcher {
        ctx: Arc::clone(ctx),
        cache_key: credential_cache_key(&config),
        config,
    });
    let refresher: Refresher = Arc::new(move || {
        let fetcher = Arc::clone(&fetcher);
        Box::pin(async move { fetcher.fetch().await })
    });
    Ok(Some(CredentialsProvider::deferred(
        method::SSO,
        refresher,
        Arc::clone(&ctx.clock),
    )))
}

/// `SSOCredentialFetcher._create_cache_key` (minified, sorted JSON).
fn credential_cache_key(config: &SsoConfig) -> String {
    let mut args = serde_json::Map::new();
    args.insert("roleName".into(), config.role_name.clone().into());
    args.insert("accountId".into(), config.account_id.clone().into());
    match &config.session_name {
        Some(session) => args.insert("sessionName".into(), session.clone().into()),
        None => args.insert("startUrl".into(), config.start_url.clone().into()),
    };
    let text = crate::pyjson::dumps(&serde_json::Value::Object(args), true, true);
    sha1_hex(text.as_bytes())
}

struct SsoFetcher {
    ctx: Arc<Context>,
    config: SsoConfig,
    cache_key: String,
}

impl SsoFetcher {
    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        if let Some(cached) = cached_credentials(&self.ctx, &self.cache_key) {
            return Ok(cached);
        }
        let token = match &self.config.session_name {
            Some(session_name) => self.session_token(session_name).await?,
            None => self.legacy_token()?,
        };
        let input = Value::Map(IndexMap::from([
            (
                "roleName".to_string(),
                Value::String(self.config.role_name.clone()),
            ),
            (
                "accountId".to_string(),
                Value::String(self.config.account_id.clone()),
            ),
            ("accessToken".to_string(), Value::String(token)),
        ]));
        let response = crate::api::call(
            &self.ctx,
            "sso",
            "GetRoleCredentials",
            &input,
            Some(&self.config.region),
            None,
        )
        .await
        .map_err(|error| match error {
            CredentialsError::Call(CallError::Service { error, .. })
                if error.code == "UnauthorizedException" =>
            {
                CredentialsError::UnauthorizedSsoToken
            }
            other => other,
        })?;
        let role = response.output.get("roleCredentials");
        let text = |key: &str| {
            role.and_then(|r| r.get(key))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let expiration_ms = match role.and_then(|r| r.get("expiration")) {
            Some(Value::Integer(ms)) => *ms as f64,
            Some(Value::Float(ms)) => *ms,
            _ => 0.0,
        };
        let expiration = from_epoch(expiration_ms / 1000.0).unwrap_or(std::time::UNIX_EPOCH);
        let entry = serde_json::json!({
            "ProviderType": "sso",
            "Credentials": {
                "AccessKeyId": text("accessKeyId"),
                "SecretAccessKey": text("secretAccessKey"),
                "SessionToken": text("sessionToken"),
                "Expiration": format_utc(expiration, "Z"),
                "AccountId": self.config.account_id,
            }
        });
        let credentials = credentials_from_response(&entry)
            .ok_or_else(|| CredentialsError::Python("'roleCredentials'".into()))?;
        write_cache(&self.ctx, &self.cache_key, &entry)?;
        Ok(credentials)
    }

    /// `SSOTokenLoader.__call__`.
    fn load_token(
        &self,
        key_source: &str,
        name: &str,
    ) -> Result<serde_json::Value, CredentialsError> {
        let key = sha1_hex(key_source.as_bytes());
        let Some(token) = self.ctx.sso_token_cache.get(&key) else {
            return Err(CredentialsError::SsoTokenLoad(format!(
                "Token for {name} does not exist"
            )));
        };
        if token.get("accessToken").is_none() || token.get("expiresAt").is_none() {
            return Err(CredentialsError::SsoTokenLoad(format!(
                "Token for {} is invalid",
                self.config.start_url
            )));
        }
        Ok(token)
    }

    /// The legacy flow: the cached token, never refreshed.
    fn legacy_token(&self) -> Result<String, CredentialsError> {
        let start_url = &self.config.start_url;
        let token = self.load_token(start_url, start_url)?;
        let expires_at = token_expiry(&token)?;
        if seconds_between((self.ctx.clock)(), expires_at) <= 0.0 {
            return Err(CredentialsError::UnauthorizedSsoToken);
        }
        Ok(token_text(&token, "accessToken"))
    }

    /// `SSOTokenProvider._refresher` under `DeferredRefreshableToken`'s first (mandatory) load.
    async fn session_token(&self, session_name: &str) -> Result<String, CredentialsError> {
        let mut token = self.load_token(session_name, session_name)?;
        let mut expires_at = token_expiry(&token)?;
        let now = (self.ctx.clock)();
        if seconds_between(now, expires_at) < TOKEN_REFRESH_WINDOW_SECONDS {
            if let Some(fresh) = self.refresh_token(&token).await? {
                let key = sha1_hex(session_name.as_bytes());
                let path = self.ctx.sso_token_cache.path(&key);
                self.ctx
                    .sso_token_cache
                    .set(&key, &fresh)
                    .map_err(|e| CredentialsError::Python(crate::fs::os_error_text(&e, &path)))?;
                token = fresh;
                expires_at = token_expiry(&token)?;
            }
        }
        if seconds_between((self.ctx.clock)(), expires_at) <= 0.0 {
            return Err(CredentialsError::TokenRetrieval {
                provider: "sso".into(),
                error_msg: "Token has expired and refresh failed".into(),
            });
        }
        Ok(token_text(&token, "accessToken"))
    }

    /// `_refresh_access_token`: `None` when the token cannot be refreshed or the service
    /// refused (a `ClientError`, logged and ignored by botocore).
    async fn refresh_token(
        &self,
        token: &serde_json::Value,
    ) -> Result<Option<serde_json::Value>, CredentialsError> {
        let keys = [
            "refreshToken",
            "clientId",
            "clientSecret",
            "registrationExpiresAt",
        ];
        if keys.iter().any(|key| token.get(*key).is_none()) {
            return Ok(None);
        }
        let Some(registration_expires) =
            parse_system_time(&token_text(token, "registrationExpiresAt"))
        else {
            return Err(CredentialsError::Python(format!(
                "Unknown string format: {}",
                token_text(token, "registrationExpiresAt")
            )));
        };
        if seconds_between((self.ctx.clock)(), registration_expires) <= 0.0 {
            return Ok(None);
        }
        let input = Value::Map(IndexMap::from([
            (
                "grantType".to_string(),
                Value::String("refresh_token".into()),
            ),
            (
                "clientId".to_string(),
                Value::String(token_text(token, "clientId")),
            ),
            (
                "clientSecret".to_string(),
                Value::String(token_text(token, "clientSecret")),
            ),
            (
                "refreshToken".to_string(),
                Value::String(token_text(token, "refreshToken")),
            ),
        ]));
        let response = match crate::api::call(
            &self.ctx,
            "sso-oidc",
            "CreateToken",
            &input,
            Some(&self.config.region),
            None,
        )
        .await
        {
            Ok(response) => response,
            Err(CredentialsError::Call(CallError::Service { .. })) => return Ok(None),
            Err(other) => return Err(other),
        };
        let output = &response.output;
        let expires_in = match output.get("expiresIn") {
            Some(Value::Integer(seconds)) => *seconds,
            _ => 0,
        };
        let expires_at = (self.ctx.clock)() + Duration::from_secs(expires_in.max(0) as u64);
        let mut fresh = serde_json::Map::new();
        fresh.insert("startUrl".into(), self.config.start_url.clone().into());
        fresh.insert("region".into(), self.config.region.clone().into());
        fresh.insert(
            "accessToken".into(),
            output
                .get("accessToken")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .into(),
        );
        fresh.insert("expiresAt".into(), format_utc(expires_at, "Z").into());
        for key in ["clientId", "clientSecret", "registrationExpiresAt"] {
            fresh.insert(key.into(), token.get(key).cloned().unwrap_or_default());
        }
        if let Some(refresh) = output.get("refreshToken").and_then(Value::as_str) {
            fresh.insert("refreshToken".into(), refresh.into());
        }
        Ok(Some(serde_json::Value::Object(fresh)))
    }
}

fn token_text(token: &serde_json::Value, key: &str) -> String {
    token
        .get(key)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

/// `dateutil.parser.parse(token['expiresAt'])`.
fn token_expiry(token: &serde_json::Value) -> Result<std::time::SystemTime, CredentialsError> {
    let text = token_text(token, "expiresAt");
    parse_system_time(&text)
        .ok_or_else(|| CredentialsError::Python(format!("Unknown string format: {text}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_cache_key_matches_botocore() {
        let config = SsoConfig {
            start_url: "https://d-123.awsapps.com/start".into(),
            region: "us-east-1".into(),
            role_name: "Admin".into(),
            account_id: "123456789012".into(),
            session_name: Some("my-sso".into()),
        };
        // python3: hashlib.sha1(json.dumps({'roleName': 'Admin', 'accountId': '123456789012',
        //   'sessionName': 'my-sso'}, sort_keys=True, separators=(',', ':')).encode()).hexdigest()
        assert_eq!(credential_cache_key(&config), SESSION_KEY);
    }

    const SESSION_KEY: &str = "c30b99aca80d8f5b3178e353f05b2abcc9a4ccd3";
}
