//! `aws sso login` and `aws sso logout`: the OIDC device-code flow that
//! fills the SSO token cache, and the removal of cached tokens and role
//! credentials.
//!
//! Spec: `awscli/customizations/sso/` and `botocore/utils.py`
//! (`SSOTokenFetcher`), reference-cli.md section 2.
use std::io::Write;

use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;

/// Runs `aws sso login` with the words after it.
pub fn login(
    _globals: &GlobalArgs,
    _rest: &[String],
    _env: &Env,
    _stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    Err(CliError::General("login is not available in this build yet".into()).into())
}

/// Runs `aws sso logout` with the words after it.
pub fn logout(
    _globals: &GlobalArgs,
    _rest: &[String],
    _env: &Env,
    _stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    Err(CliError::General("logout is not available in this build yet".into()).into())
}
