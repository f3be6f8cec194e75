//! `aws cloudformation package`: uploads the local artifacts a template
//! names to S3 and writes the template with their S3 locations.
//!
//! Spec: `awscli/customizations/cloudformation/package.py`,
//! `artifact_exporter.py` and `yamlhelper.py`.
use std::io::Write;

use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;

/// Runs `aws cloudformation package` with the words after it.
pub fn run(
    _globals: &GlobalArgs,
    _rest: &[String],
    _env: &Env,
    _stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    Err(CliError::General("package is not available in this build yet".into()).into())
}
