//! `aws ecr get-login-password` and `aws ecr-public get-login-password`:
//! the password half of `GetAuthorizationToken`'s `AWS:<password>` token,
//! alone on stdout, for `docker login --username AWS --password-stdin`.
//!
//! Spec: `awscli/customizations/ecr.py` and `ecr_public.py`. ECR answers a
//! list of `authorizationData`, ECR Public a single one.
use std::io::Write;

use base64::Engine;

use super::api::{self, Api};
use super::args;
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::Session;

pub fn get_login_password(
    public: bool,
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    args::parse(&[], rest)?;
    let mut api = Api::new(Session::new(globals, env)?);
    let service = api::model(if public { "ecr-public" } else { "ecr" })?;
    let output = api.call(
        &service,
        "GetAuthorizationToken",
        &awscli_model::Value::empty_map(),
    )?;
    let data = output.get("authorizationData");
    let auth = if public {
        data
    } else {
        data.and_then(|d| d.as_list()).and_then(|l| l.first())
    };
    let token = auth
        .and_then(|a| a.get("authorizationToken"))
        .and_then(|t| t.as_str())
        .ok_or_else(|| CliError::General("'authorizationToken'".into()))?;
    let password = password_of(token)?;
    writeln!(stdout, "{password}")?;
    Ok(0)
}

/// Decodes `base64("AWS:<password>")` to the password.
fn password_of(token: &str) -> Result<String, CliError> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(token.trim())
        .map_err(|_| CliError::General("Incorrect padding".into()))?;
    let text = String::from_utf8_lossy(&bytes);
    let parts: Vec<&str> = text.split(':').collect();
    match parts.as_slice() {
        [_, password] => Ok((*password).to_owned()),
        [_] => Err(CliError::General(
            "not enough values to unpack (expected 2, got 1)".into(),
        )),
        _ => Err(CliError::General(
            "too many values to unpack (expected 2)".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_is_the_part_after_the_user() {
        // base64("AWS:secret-password")
        assert_eq!(
            password_of("QVdTOnNlY3JldC1wYXNzd29yZA==").unwrap(),
            "secret-password"
        );
        assert!(password_of("!!!").is_err());
    }
}
