//! The default chain, in botocore's order (`create_credential_resolver` and
//! `ProfileProviderBuilder.providers` in `botocore/credentials.py`; reference-cli.md 2.5):
//!
//! `env` (not with `--profile`), `assume-role`, then the profile providers
//! (`assume-role-with-web-identity`, `sso`, `shared-credentials-file`, `login`,
//! `custom-process`, `config-file`), then `ec2-credentials-file`, `boto-config`,
//! `container-role`, `iam-role`. The first provider that yields credentials wins; errors stop
//! the chain. A `source_profile` is resolved with the profile providers alone.

use std::sync::Arc;

use crate::context::Context;
use crate::error::CredentialsError;
use crate::provider::CredentialsProvider;
use crate::static_keys::{self, method, profile, profile_str};

/// `ProfileProviderBuilder.providers(profile_name, disable_env_vars)` run as a resolver.
pub(crate) async fn profile_providers(
    ctx: &Arc<Context>,
    profile_name: &str,
    disable_env_vars: bool,
) -> Result<Option<CredentialsProvider>, CredentialsError> {
    if let Some(found) = crate::web_identity::provider(ctx, profile_name, disable_env_vars)? {
        return Ok(Some(found));
    }
    if let Some(found) = crate::sso::provider(ctx, profile_name)? {
        return Ok(Some(found));
    }
    if let Some(found) = static_keys::shared_credentials_file(ctx, profile_name)? {
        return Ok(Some(found));
    }
    if profile_str(profile(ctx, profile_name), "login_session").is_some() {
        return Err(CredentialsError::Unsupported(method::LOGIN));
    }
    if let Some(found) = crate::process::provider(ctx, profile_name).await? {
        return Ok(Some(found));
    }
    static_keys::config_file(ctx, profile_name)
}

/// The whole chain; `None` means no provider applies.
pub(crate) async fn load(
    ctx: &Arc<Context>,
) -> Result<Option<CredentialsProvider>, CredentialsError> {
    crate::imds::validate_settings(ctx)?;
    let profile_name = ctx.config.profile_name().to_string();
    let disable_env_vars = ctx.config.profile_from_command_line();
    if !disable_env_vars {
        if let Some(found) = static_keys::env_provider(ctx)? {
            return Ok(Some(found));
        }
    }
    if crate::assume_role::applies(ctx, &profile_name) {
        let mut resolver =
            crate::assume_role::AssumeRoleResolver::new(Arc::clone(ctx), &profile_name);
        return resolver.load(&profile_name).await.map(Some);
    }
    if let Some(found) = profile_providers(ctx, &profile_name, disable_env_vars).await? {
        return Ok(Some(found));
    }
    if let Some(found) = static_keys::legacy_files(ctx)? {
        return Ok(Some(found));
    }
    if let Some(found) = crate::container::provider(ctx).await? {
        return Ok(Some(found));
    }
    crate::imds::provider(ctx).await
}
