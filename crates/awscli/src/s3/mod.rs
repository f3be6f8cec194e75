//! `aws s3`: the high-level S3 commands (ls, cp, mv, rm, sync, mb, rb,
//! presign, website). Placeholder until the commands land.
use std::io::Write;

use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;

/// Runs `aws s3 <command> ...` with the words after `s3`.
pub fn run(
    _rest: &[String],
    _globals: &GlobalArgs,
    _env: &Env,
    _stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    Err(CliError::General("aws s3 is not available in this build yet".into()).into())
}
