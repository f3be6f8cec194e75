//! `aws`: the AWS Command Line Interface v2, driven by the botocore service
//! models.
//!
//! This binary is the only place that reads argv and the process
//! environment, writes to stdout and stderr, and chooses the exit code.
//! The pipeline of one command, and which crate owns each stage, is in
//! `docs/architecture.md`.

mod call;
mod commands;
mod completion;
mod configure;
mod customizations;
mod driver;
mod error;
mod globals;
mod help;
mod interrupt;
mod operations;
mod pager;
mod s3;
mod session;
mod suggest;
mod version;

use std::io::{self, Write};
use std::process::ExitCode;

use error::CliError;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let env: driver::Env = std::env::vars_os()
        .map(|(k, v)| {
            (
                k.to_string_lossy().into_owned(),
                v.to_string_lossy().into_owned(),
            )
        })
        .collect();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if invoked_as_completer() {
        let code = completion::run(&env, &mut out);
        // A shell asking for completions has nothing to do with a failed flush.
        let _ = out.flush();
        return ExitCode::from(code);
    }
    interrupt::install();
    let result = driver::run(&args, &env, &mut out);
    let flushed = out.flush();
    match (result, flushed) {
        (Ok(code), Ok(())) => ExitCode::from(code),
        (Err(err), _) if err.is_broken_pipe() => ExitCode::SUCCESS,
        (Ok(_), Err(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        (Ok(_), Err(e)) => report(&CliError::General(e.to_string()), &env, &args),
        (Err(driver::RunError::Cli(err)), _) => report(&err, &env, &args),
        (Err(driver::RunError::Io(e)), _) => report(&CliError::General(e.to_string()), &env, &args),
    }
}

/// Whether this binary was started as `aws_completer` (a link or copy
/// under that name), the way the reference ships its completer.
fn invoked_as_completer() -> bool {
    std::env::args_os()
        .next()
        .map(std::path::PathBuf::from)
        .and_then(|p| p.file_name().map(|n| n == "aws_completer"))
        .unwrap_or(false)
}

/// Writes the error report and returns its exit code.
fn report(err: &CliError, env: &driver::Env, args: &[String]) -> ExitCode {
    let legacy = driver::error_format_is_legacy(args, env);
    let stderr = io::stderr();
    let mut errout = stderr.lock();
    // Nothing more can be reported if stderr itself is gone.
    let _ = err.write(&mut errout, legacy);
    ExitCode::from(err.exit_code())
}
