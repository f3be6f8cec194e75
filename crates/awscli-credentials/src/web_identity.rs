//! `assume-role-with-web-identity`: STS `AssumeRoleWithWebIdentity`, unsigned, with the token
//! read from `web_identity_token_file` on every call.
//!
//! Ported from botocore `AssumeRoleWithWebIdentityProvider` and its fetcher
//! (`botocore/credentials.py`); cached in `~/.aws/cli/cache` like assume-role
//! (`awscli/customizations/assumerole.py`). Each setting comes from its environment variable
//! (`AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`, `AWS_ROLE_SESSION_NAME`) unless `--profile`
//! was given or the provider serves a source profile, then from the profile.
//! reference-cli.md 2.5 row 3.

use std::path::PathBuf;
use std::sync::Arc;

use awscli_client::Credentials;
use awscli_config::EnvVars;
use awscli_model::Value;
use indexmap::IndexMap;

use crate::assume_role::{cached_credentials, credentials_from_response, write_cache, AssumeArgs};
use crate::context::Context;
use crate::error::CredentialsError;
use crate::provider::{CredentialsProvider, Refresher};
use crate::static_keys::{method, profile, profile_str};

/// `AssumeRoleWithWebIdentityProvider.load`.
pub(crate) fn provider(
    ctx: &Arc<Context>,
    profile_name: &str,
    disable_env_vars: bool,
) -> Result<Option<CredentialsProvider>, CredentialsError> {
    let p = profile(ctx, profile_name);
    let get = |key: &str, env_name: &str| -> Option<String> {
        if !disable_env_vars {
            if let Some(value) = ctx.config.env().get(env_name) {
                return Some(value.to_string());
            }
        }
        profile_str(p, key).map(str::to_string)
    };
    let Some(token_path) = get(
        "web_identity_token_file",
        EnvVars::AWS_WEB_IDENTITY_TOKEN_FILE,
    )
    .filter(|path| !path.is_empty()) else {
        return Ok(None);
    };
    let role_arn = get("role_arn", EnvVars::AWS_ROLE_ARN)
        .filter(|arn| !arn.is_empty())
        .ok_or_else(|| {
            // botocore's message lacks a space in "role_arnconfiguration"; kept as is.
            CredentialsError::InvalidConfig(
                "The provided profile or the current environment is configured to assume role with web identity but has no role ARN configured. Ensure that the profile has the role_arnconfiguration set or the AWS_ROLE_ARN env var is set.".into(),
            )
        })?;
    let mut extra: IndexMap<String, serde_json::Value> = IndexMap::new();
    if let Some(name) = get("role_session_name", EnvVars::AWS_ROLE_SESSION_NAME) {
        extra.insert("RoleSessionName".into(), name.into());
    }
    let args = AssumeArgs::new(ctx, extra, &role_arn);
    let fetcher = Arc::new(WebIdentityFetcher {
        ctx: Arc::clone(ctx),
        token_path: PathBuf::from(token_path),
        cache_key: args.cache_key(),
        args,
    });
    let refresher: Refresher = Arc::new(move || {
        let fetcher = Arc::clone(&fetcher);
        Box::pin(async move { fetcher.fetch().await })
    });
    Ok(Some(CredentialsProvider::deferred(
        method::WEB_IDENTITY,
        refresher,
        Arc::clone(&ctx.clock),
    )))
}

struct WebIdentityFetcher {
    ctx: Arc<Context>,
    token_path: PathBuf,
    args: AssumeArgs,
    cache_key: String,
}

impl WebIdentityFetcher {
    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        if let Some(cached) = cached_credentials(&self.ctx, &self.cache_key) {
            return Ok(cached);
        }
        // `FileWebIdentityTokenLoader` opens the path as configured (no `~` expansion).
        let token = self.ctx.fs.read(&self.token_path).map_err(|e| {
            CredentialsError::Python(crate::fs::os_error_text(&e, &self.token_path))
        })?;
        let mut input = self.args.to_input();
        if let Value::Map(map) = &mut input {
            map.insert(
                "WebIdentityToken".into(),
                Value::String(String::from_utf8_lossy(&token).into_owned()),
            );
        }
        let region = self.ctx.region.clone();
        let response = crate::api::call(
            &self.ctx,
            "sts",
            "AssumeRoleWithWebIdentity",
            &input,
            region.as_deref(),
            None,
        )
        .await?;
        let json = crate::api::response_to_cache_json(&response);
        let credentials = credentials_from_response(&json)
            .ok_or_else(|| CredentialsError::Python("'Credentials'".into()))?;
        write_cache(&self.ctx, &self.cache_key, &json)?;
        Ok(credentials)
    }
}
