//! Commands the reference adds to service commands by hand
//! (`awscli/customizations/`): `ecr get-login-password`, `eks get-token`,
//! `logs tail` ... Placeholder until they land.
use std::io::Write;

use awscli_model::Service;

use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;

/// The hand-written commands of the service command `service_cli_name`
/// (its CLI name: `ecr`, `eks`, `s3api` ...).
pub fn commands_for(_service_cli_name: &str) -> &'static [&'static str] {
    &[]
}

/// Runs the hand-written command `name` of `service` with the words after it.
pub fn run(
    _service: &Service,
    name: &str,
    _globals: &GlobalArgs,
    _rest: &[String],
    _env: &Env,
    _stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    Err(CliError::General(format!("{name} is not available in this build yet")).into())
}
