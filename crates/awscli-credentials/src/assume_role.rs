//! `assume-role`: a profile with `role_arn` (and no `web_identity_token_file`) gets credentials
//! from STS `AssumeRole`, signed with the credentials of its `source_profile` (which may chain)
//! or of its `credential_source` (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`).
//!
//! Ported from botocore `AssumeRoleProvider` and `AssumeRoleCredentialFetcher`
//! (`botocore/credentials.py`) with the CLI's `JSONFileCache` in `~/.aws/cli/cache`
//! (`awscli/customizations/assumerole.py`). reference-cli.md 2.5 row 2.
//!
//! - Cache key: SHA-1 of `json.dumps(args, sort_keys=True)` where `args` are the `AssumeRole`
//!   parameters without `TokenCode`, and without `RoleSessionName` when it was generated
//!   (`botocore-session-<epoch>`). A cached response is used while it has at least 15 minutes left.
//! - `mfa_serial` prompts `Enter MFA code for <serial>: ` and cannot be refreshed.
//! - A source profile with static keys uses them even if it has `role_arn` too; a profile may
//!   name itself as source only when it has static keys; any other repeat is an infinite loop.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use awscli_client::Credentials;
use awscli_model::Value;
use indexmap::IndexMap;

use crate::context::Context;
use crate::error::CredentialsError;
use crate::provider::{CredentialsProvider, Refresher};
use crate::static_keys::{method, profile, profile_str};
use crate::time::{epoch_seconds, parse_system_time, seconds_between};

/// botocore `CachedCredentialFetcher.DEFAULT_EXPIRY_WINDOW_SECONDS`.
const CACHE_EXPIRY_WINDOW_SECONDS: f64 = 15.0 * 60.0;

/// The canonical names `credential_source` accepts (case-sensitive, as `is_supported` is).
const CREDENTIAL_SOURCES: &[&str] = &["Environment", "EcsContainer", "Ec2InstanceMetadata"];

fn has_assume_role_config(profile: Option<&awscli_config::Profile>) -> bool {
    profile
        .is_some_and(|p| p.contains_key("role_arn") && !p.contains_key("web_identity_token_file"))
}

fn has_static_credentials(profile: Option<&awscli_config::Profile>) -> bool {
    profile.is_some_and(|p| {
        p.contains_key("aws_secret_access_key") || p.contains_key("aws_access_key_id")
    })
}

/// Whether the profile `name` is configured for `assume-role`.
pub(crate) fn applies(ctx: &Context, profile_name: &str) -> bool {
    has_assume_role_config(profile(ctx, profile_name))
}

type BoxedLoad<'a> =
    Pin<Box<dyn Future<Output = Result<CredentialsProvider, CredentialsError>> + Send + 'a>>;

/// One `AssumeRoleProvider.load`, which remembers the profiles it visited.
pub(crate) struct AssumeRoleResolver {
    ctx: Arc<Context>,
    visited: Vec<String>,
}

impl AssumeRoleResolver {
    pub(crate) fn new(ctx: Arc<Context>, profile_name: &str) -> Self {
        Self {
            ctx,
            visited: vec![profile_name.to_string()],
        }
    }

    /// `_load_creds_via_assume_role`.
    pub(crate) fn load<'a>(&'a mut self, profile_name: &'a str) -> BoxedLoad<'a> {
        Box::pin(async move {
            let role = self.role_config(profile_name)?;
            // `role_config` has checked that exactly one of the two is set.
            let source = match (&role.credential_source, &role.source_profile) {
                (Some(source), _) => self.credentials_from_source(source, profile_name).await?,
                (None, source_profile) => {
                    let source_profile = source_profile.clone().unwrap_or_default();
                    self.visited.push(source_profile.clone());
                    self.credentials_from_profile(&source_profile).await?
                }
            };
            Ok(build_provider(&self.ctx, source, role))
        })
    }

    /// `_get_role_config`, with its validation.
    fn role_config(&self, profile_name: &str) -> Result<RoleConfig, CredentialsError> {
        let p = profile(&self.ctx, profile_name);
        let get = |key: &str| profile_str(p, key).map(str::to_string);
        let role_arn = get("role_arn").unwrap_or_default();
        let source_profile = get("source_profile");
        let credential_source = get("credential_source");
        let duration_seconds = get("duration_seconds").and_then(|d| d.trim().parse::<i64>().ok());
        match (&credential_source, &source_profile) {
            (Some(_), Some(_)) => {
                return Err(CredentialsError::InvalidConfig(format!(
                    "The profile \"{profile_name}\" contains both source_profile and credential_source."
                )))
            }
            (None, None) => {
                return Err(CredentialsError::PartialCredentials {
                    provider: method::ASSUME_ROLE.into(),
                    cred_var: "source_profile or credential_source".into(),
                })
            }
            (Some(source), None) => {
                if !CREDENTIAL_SOURCES.contains(&source.as_str()) {
                    return Err(CredentialsError::InvalidConfig(format!(
                        "The credential source \"{source}\" referenced in profile \"{profile_name}\" is not valid."
                    )));
                }
            }
            (None, Some(source)) => self.validate_source_profile(profile_name, source)?,
        }
        Ok(RoleConfig {
            role_arn,
            external_id: get("external_id"),
            mfa_serial: get("mfa_serial"),
            role_session_name: get("role_session_name"),
            duration_seconds,
            source_profile,
            credential_source,
        })
    }

    /// `_validate_source_profile`: existence and loops.
    fn validate_source_profile(&self, parent: &str, source: &str) -> Result<(), CredentialsError> {
        let Some(source_profile) = self.ctx.config.profiles().get(source) else {
            return Err(CredentialsError::InvalidConfig(format!(
                "The source_profile \"{source}\" referenced in the profile \"{parent}\" does not exist."
            )));
        };
        if !self.visited.iter().any(|v| v == source) {
            return Ok(());
        }
        if source != parent || !has_static_credentials(Some(source_profile)) {
            return Err(CredentialsError::InfiniteLoop {
                source_profile: source.to_string(),
                visited: self.visited.clone(),
            });
        }
        Ok(())
    }

    /// `_resolve_credentials_from_profile`.
    async fn credentials_from_profile(
        &mut self,
        profile_name: &str,
    ) -> Result<CredentialsProvider, CredentialsError> {
        let p = profile(&self.ctx, profile_name);
        if has_static_credentials(p) || !has_assume_role_config(p) {
            let found = crate::chain::profile_providers(&self.ctx, profile_name, true).await?;
            return found.ok_or_else(|| {
                CredentialsError::InvalidConfig(format!(
                    "The source profile \"{profile_name}\" must have credentials."
                ))
            });
        }
        self.load(profile_name).await
    }

    /// `_resolve_credentials_from_source` via `CanonicalNameCredentialSourcer`.
    async fn credentials_from_source(
        &self,
        source: &str,
        profile_name: &str,
    ) -> Result<CredentialsProvider, CredentialsError> {
        let found = match source {
            "Environment" => crate::static_keys::env_provider(&self.ctx)?,
            "EcsContainer" => crate::container::provider(&self.ctx).await?,
            _ => crate::imds::provider(&self.ctx).await?,
        };
        found.ok_or_else(|| CredentialsError::Retrieval {
            provider: source.to_string(),
            error_msg: format!(
                "No credentials found in credential_source referenced in profile {profile_name}"
            ),
        })
    }
}

struct RoleConfig {
    role_arn: String,
    external_id: Option<String>,
    mfa_serial: Option<String>,
    role_session_name: Option<String>,
    duration_seconds: Option<i64>,
    source_profile: Option<String>,
    credential_source: Option<String>,
}

/// The `AssumeRole` parameters as botocore holds them before the call (`_assume_kwargs`).
#[derive(Clone)]
pub(crate) struct AssumeArgs {
    /// Parameter name → value, in botocore's insertion order.
    pub args: IndexMap<String, serde_json::Value>,
    /// The session name was generated, so it is left out of the cache key.
    pub generated_session_name: bool,
}

impl AssumeArgs {
    /// `BaseAssumeRoleCredentialFetcher.__init__`: adds `RoleArn`, and a generated
    /// `RoleSessionName` when none (or an empty one) was configured.
    pub(crate) fn new(
        ctx: &Context,
        mut args: IndexMap<String, serde_json::Value>,
        role_arn: &str,
    ) -> Self {
        args.insert("RoleArn".into(), role_arn.into());
        let configured = args
            .get("RoleSessionName")
            .and_then(|v| v.as_str())
            .is_some_and(|name| !name.is_empty());
        if !configured {
            let epoch = epoch_seconds((ctx.clock)()).floor() as i64;
            args.insert(
                "RoleSessionName".into(),
                format!("botocore-session-{epoch}").into(),
            );
        }
        Self {
            args,
            generated_session_name: !configured,
        }
    }

    /// `_create_cache_key`.
    pub(crate) fn cache_key(&self) -> String {
        let mut args = self.args.clone();
        if self.generated_session_name {
            args.shift_remove("RoleSessionName");
        }
        if let Some(policy) = args.get("Policy").and_then(|p| p.as_str()) {
            if let Ok(parsed) = serde_json::from_str::<serde_json::Value>(policy) {
                args.insert("Policy".into(), parsed);
            }
        }
        let object: serde_json::Map<String, serde_json::Value> = args.into_iter().collect();
        let text = crate::pyjson::dumps(&serde_json::Value::Object(object), true, false);
        make_file_safe(&sha1_hex(text.as_bytes()))
    }

    /// The parameters as an operation input.
    pub(crate) fn to_input(&self) -> Value {
        Value::Map(
            self.args
                .iter()
                .map(|(k, v)| {
                    let value = match v {
                        serde_json::Value::Number(n) => Value::Integer(n.as_i64().unwrap_or(0)),
                        other => Value::String(other.as_str().unwrap_or_default().to_string()),
                    };
                    (k.clone(), value)
                })
                .collect(),
        )
    }
}

/// Hex SHA-1, as `hashlib.sha1(...).hexdigest()`.
pub(crate) fn sha1_hex(bytes: &[u8]) -> String {
    use sha1::{Digest, Sha1};
    let digest = Sha1::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// `_make_file_safe`.
fn make_file_safe(name: &str) -> String {
    name.replace([':', '/'], "_")
}

/// `CachedCredentialFetcher`: the cache lookup (at least 15 minutes left) and write-back.
pub(crate) fn cached_credentials(ctx: &Context, key: &str) -> Option<Credentials> {
    let entry = ctx.credential_cache.get(key)?;
    let credentials = credentials_from_response(&entry)?;
    let expiration = credentials.expiration?;
    (seconds_between((ctx.clock)(), expiration) >= CACHE_EXPIRY_WINDOW_SECONDS)
        .then_some(credentials)
}

/// `response['Credentials']` of a cached or fresh response.
pub(crate) fn credentials_from_response(response: &serde_json::Value) -> Option<Credentials> {
    let c = response.get("Credentials")?;
    let text = |key: &str| c.get(key).and_then(|v| v.as_str()).map(str::to_string);
    Some(Credentials {
        access_key_id: text("AccessKeyId")?,
        secret_access_key: text("SecretAccessKey")?,
        session_token: text("SessionToken"),
        expiration: Some(parse_system_time(&text("Expiration")?)?),
    })
}

/// Writes `response` under `key`; a failed write is botocore's unhandled `OSError`.
pub(crate) fn write_cache(
    ctx: &Context,
    key: &str,
    response: &serde_json::Value,
) -> Result<(), CredentialsError> {
    let path = ctx.credential_cache.path(key);
    ctx.credential_cache
        .set(key, response)
        .map_err(|e| CredentialsError::Python(crate::fs::os_error_text(&e, &path)))
}

fn build_provider(
    ctx: &Arc<Context>,
    source: CredentialsProvider,
    role: RoleConfig,
) -> CredentialsProvider {
    let mut extra: IndexMap<String, serde_json::Value> = IndexMap::new();
    if let Some(name) = &role.role_session_name {
        extra.insert("RoleSessionName".into(), name.clone().into());
    }
    if let Some(external_id) = &role.external_id {
        extra.insert("ExternalId".into(), external_id.clone().into());
    }
    if let Some(serial) = &role.mfa_serial {
        extra.insert("SerialNumber".into(), serial.clone().into());
    }
    if let Some(duration) = role.duration_seconds {
        extra.insert("DurationSeconds".into(), duration.into());
    }
    let args = AssumeArgs::new(ctx, extra, &role.role_arn);
    let fetcher = Arc::new(AssumeRoleFetcher {
        ctx: Arc::clone(ctx),
        source,
        cache_key: args.cache_key(),
        args,
    });
    let has_mfa = role.mfa_serial.is_some();
    let called = Arc::new(AtomicBool::new(false));
    let refresher: Refresher = Arc::new(move || {
        let fetcher = Arc::clone(&fetcher);
        // `create_mfa_serial_refresher`: the MFA code is asked for once per process.
        if has_mfa && called.swap(true, Ordering::SeqCst) {
            return Box::pin(async { Err(CredentialsError::RefreshWithMfaUnsupported) });
        }
        Box::pin(async move { fetcher.fetch().await })
    });
    CredentialsProvider::deferred(method::ASSUME_ROLE, refresher, Arc::clone(&ctx.clock))
}

struct AssumeRoleFetcher {
    ctx: Arc<Context>,
    source: CredentialsProvider,
    args: AssumeArgs,
    cache_key: String,
}

impl AssumeRoleFetcher {
    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        if let Some(cached) = cached_credentials(&self.ctx, &self.cache_key) {
            return Ok(cached);
        }
        let mut input = self.args.to_input();
        if let Some(serial) = self.args.args.get("SerialNumber").and_then(|s| s.as_str()) {
            let prompter = self.ctx.prompter.as_ref().ok_or_else(|| {
                CredentialsError::Prompt(
                    "No MFA prompt is available to ask for the MFA code".into(),
                )
            })?;
            let code = prompter(&format!("Enter MFA code for {serial}: "))
                .map_err(|e| CredentialsError::Prompt(e.to_string()))?;
            if let Value::Map(map) = &mut input {
                map.insert(
                    "TokenCode".into(),
                    Value::String(code.trim_end_matches(['\r', '\n']).to_string()),
                );
            }
        }
        let source = self.source.credentials().await?;
        let region = self.ctx.region.clone();
        let response = crate::api::call(
            &self.ctx,
            "sts",
            "AssumeRole",
            &input,
            region.as_deref(),
            Some(source),
        )
        .await?;
        let json = crate::api::response_to_cache_json(&response);
        let credentials = credentials_from_response(&json)
            .ok_or_else(|| CredentialsError::Python("'Credentials'".into()))?;
        write_cache(&self.ctx, &self.cache_key, &json)?;
        Ok(credentials)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_key_is_sha1_of_sorted_python_json() {
        let mut args = AssumeArgs {
            args: IndexMap::new(),
            generated_session_name: false,
        };
        args.args
            .insert("RoleSessionName".into(), "mysession".into());
        args.args
            .insert("RoleArn".into(), "arn:aws:iam::123456789012:role/r".into());
        // python3 -c 'import json,hashlib;print(hashlib.sha1(json.dumps({"RoleArn":
        //   "arn:aws:iam::123456789012:role/r","RoleSessionName":"mysession"},
        //   sort_keys=True).encode()).hexdigest())'
        assert_eq!(args.cache_key(), PY_KEY);
        args.generated_session_name = true;
        assert_eq!(args.cache_key(), PY_KEY_NO_NAME);
    }

    const PY_KEY: &str = "144c880fcb7f02f6b7f0a65375f54a9840f2a7e1";
    const PY_KEY_NO_NAME: &str = "6dc9e6e1e186b9f293814df3266de783142c48a2";
}
