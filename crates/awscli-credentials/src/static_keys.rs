//! The providers that read keys without any call: `env` (`EnvProvider`), the credentials file
//! (`SharedCredentialProvider`), the config file (`ConfigProvider`), and the profile lookups the
//! other providers share. botocore `credentials.py`; reference-cli.md 2.5 rows 1, 5, 8.

use std::sync::Arc;

use awscli_client::Credentials;
use awscli_config::{ConfigSection, EnvVars, Profile};

use crate::context::Context;
use crate::error::CredentialsError;
use crate::provider::{CredentialsProvider, Refresher};

/// botocore METHOD names.
pub mod method {
    /// `EnvProvider`.
    pub const ENV: &str = "env";
    /// `AssumeRoleProvider`.
    pub const ASSUME_ROLE: &str = "assume-role";
    /// `AssumeRoleWithWebIdentityProvider`.
    pub const WEB_IDENTITY: &str = "assume-role-with-web-identity";
    /// `SSOProvider`.
    pub const SSO: &str = "sso";
    /// `SharedCredentialProvider`.
    pub const SHARED_CREDENTIALS_FILE: &str = "shared-credentials-file";
    /// `LoginProvider`.
    pub const LOGIN: &str = "login";
    /// `ProcessProvider`.
    pub const PROCESS: &str = "custom-process";
    /// `ConfigProvider`.
    pub const CONFIG_FILE: &str = "config-file";
    /// `OriginalEC2Provider`.
    pub const EC2_CREDENTIALS_FILE: &str = "ec2-credentials-file";
    /// `BotoProvider`.
    pub const BOTO_CONFIG: &str = "boto-config";
    /// `ContainerProvider`.
    pub const CONTAINER: &str = "container-role";
    /// `InstanceMetadataProvider`.
    pub const IMDS: &str = "iam-role";
}

/// The merged profile `name` (`session.full_config['profiles'][name]`).
pub(crate) fn profile<'a>(ctx: &'a Context, name: &str) -> Option<&'a Profile> {
    ctx.config.profiles().get(name)
}

/// A plain string value of a merged profile.
pub(crate) fn profile_str<'a>(profile: Option<&'a Profile>, key: &str) -> Option<&'a str> {
    profile?.get(key).and_then(|value| value.value.as_str())
}

/// `EnvProvider.load`, independent of `--profile` (the caller decides whether the provider is
/// in the chain; `credential_source = Environment` always consults it).
pub(crate) fn env_provider(ctx: &Context) -> Result<Option<CredentialsProvider>, CredentialsError> {
    let env = ctx.config.env();
    if env.get_non_empty(EnvVars::AWS_ACCESS_KEY_ID).is_none() {
        return Ok(None);
    }
    let first = fetch_env(env, false)?;
    if first.expiration.is_none() {
        return Ok(Some(CredentialsProvider::fixed(method::ENV, first)));
    }
    // The environment is a snapshot, so a refresh yields the same values; botocore then
    // reports refreshed-but-expired credentials, which `CredentialsProvider` does too.
    let env = env.clone();
    let refresher: Refresher = Arc::new(move || {
        let result = fetch_env(&env, true);
        Box::pin(async move { result })
    });
    Ok(Some(CredentialsProvider::refreshable(
        method::ENV,
        first,
        refresher,
        Arc::clone(&ctx.clock),
    )))
}

/// `EnvProvider._create_credentials_fetcher().fetch_credentials`.
fn fetch_env(
    env: &awscli_config::Env,
    require_expiry: bool,
) -> Result<Credentials, CredentialsError> {
    let partial = |cred_var: &str| CredentialsError::PartialCredentials {
        provider: method::ENV.into(),
        cred_var: cred_var.into(),
    };
    let access_key_id = env
        .get_non_empty(EnvVars::AWS_ACCESS_KEY_ID)
        .ok_or_else(|| partial(EnvVars::AWS_ACCESS_KEY_ID))?;
    let secret_access_key = env
        .get_non_empty(EnvVars::AWS_SECRET_ACCESS_KEY)
        .ok_or_else(|| partial(EnvVars::AWS_SECRET_ACCESS_KEY))?;
    let session_token = [EnvVars::AWS_SECURITY_TOKEN, EnvVars::AWS_SESSION_TOKEN]
        .iter()
        .find_map(|name| env.get_non_empty(name));
    let expiry = env.get_non_empty(EnvVars::AWS_CREDENTIAL_EXPIRATION);
    if require_expiry && expiry.is_none() {
        return Err(partial(EnvVars::AWS_CREDENTIAL_EXPIRATION));
    }
    let expiration = expiry
        .map(|text| {
            crate::time::parse_system_time(text)
                .ok_or_else(|| CredentialsError::Python(format!("Unknown string format: {text}")))
        })
        .transpose()?;
    Ok(Credentials {
        access_key_id: access_key_id.to_string(),
        secret_access_key: secret_access_key.to_string(),
        session_token: session_token.map(str::to_string),
        expiration,
    })
}

/// `_extract_creds_from_mapping` + `_get_session_token` over one INI section.
fn from_section(
    section: &ConfigSection,
    provider: &'static str,
) -> Result<Option<Credentials>, CredentialsError> {
    let get = |key: &str| section.get(key).and_then(|value| value.as_str());
    let Some(access_key_id) = get("aws_access_key_id") else {
        return Ok(None);
    };
    let secret_access_key =
        get("aws_secret_access_key").ok_or_else(|| CredentialsError::PartialCredentials {
            provider: provider.into(),
            cred_var: "aws_secret_access_key".into(),
        })?;
    let session_token = ["aws_security_token", "aws_session_token"]
        .iter()
        .find_map(|key| get(key));
    Ok(Some(Credentials {
        access_key_id: access_key_id.to_string(),
        secret_access_key: secret_access_key.to_string(),
        session_token: session_token.map(str::to_string),
        expiration: None,
    }))
}

/// `SharedCredentialProvider`: the credentials file section named like the profile.
pub(crate) fn shared_credentials_file(
    ctx: &Context,
    profile_name: &str,
) -> Result<Option<CredentialsProvider>, CredentialsError> {
    let Some(section) = ctx.config.files().credentials.get(profile_name) else {
        return Ok(None);
    };
    Ok(from_section(section, method::SHARED_CREDENTIALS_FILE)?
        .map(|c| CredentialsProvider::fixed(method::SHARED_CREDENTIALS_FILE, c)))
}

/// `ConfigProvider`: keys in the config file's profile (the config file only).
pub(crate) fn config_file(
    ctx: &Context,
    profile_name: &str,
) -> Result<Option<CredentialsProvider>, CredentialsError> {
    let Some(section) = ctx.config.files().config.profiles.get(profile_name) else {
        return Ok(None);
    };
    Ok(from_section(section, method::CONFIG_FILE)?
        .map(|c| CredentialsProvider::fixed(method::CONFIG_FILE, c)))
}

/// `OriginalEC2Provider` and `BotoProvider`, which the config crate implements.
pub(crate) fn legacy_files(ctx: &Context) -> Result<Option<CredentialsProvider>, CredentialsError> {
    let fs = crate::fs::ConfigFs(ctx.fs.as_ref());
    let found = match ctx.config.ec2_file_credentials(&fs)? {
        Some(found) => Some(found),
        None => ctx.config.boto_config_credentials(&fs)?,
    };
    Ok(found.map(|keys| {
        let mut credentials = Credentials::new(keys.access_key_id, keys.secret_access_key);
        credentials.session_token = keys.session_token;
        CredentialsProvider::fixed(keys.method.method(), credentials)
    }))
}
