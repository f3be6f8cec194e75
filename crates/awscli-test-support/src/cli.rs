//! Runs a CLI binary (ours or the reference) hermetically and captures
//! stdout, stderr and the exit code.
//!
//! The environment is built from nothing (`env_clear`), so no `AWS_*`
//! variable, `~/.aws` file or pager of the developer's leaks into a test:
//! HOME and the working directory are a [`Sandbox`], `AWS_CONFIG_FILE` and
//! `AWS_SHARED_CREDENTIALS_FILE` point inside it, credentials are the fake
//! `testing` keys moto expects, the region is us-east-1, the pager is off,
//! IMDS is disabled and TZ is UTC (epoch timestamps render in local time).
//!
//! Which binary is "ours" can be overridden with `AWSCLI_TEST_OURS`. Pointing
//! it at the reference (`AWSCLI_TEST_OURS=/usr/bin/aws`) checks the harness
//! itself: every comparison must then pass, so [`Cli::ours`] converts the
//! reference's legacy stderr layout to 2.36 exactly as the expectations are
//! converted (see [`crate::stderr_layout`]).

use std::ffi::OsString;
use std::io::{Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use crate::{stderr_layout, HarnessError, Sandbox};

/// The reference CLI (Debian's awscli 2.9.19). Plain `aws` on PATH may be an
/// unrelated pip v1 CLI, so never rely on PATH for it.
pub const REFERENCE_CLI: &str = "/usr/bin/aws";
/// Overrides the path of our binary (see the module docs).
pub const OURS_ENV: &str = "AWSCLI_TEST_OURS";
/// Overrides the path of the reference CLI.
pub const REFERENCE_ENV: &str = "AWSCLI_TEST_REFERENCE";

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// What one run produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliOutput {
    /// The arguments the binary was given (without argv\[0\]).
    pub args: Vec<String>,
    pub stdout: Vec<u8>,
    /// stderr, lossily decoded (error messages are text).
    pub stderr: String,
    /// The exit code; 128+N when killed by signal N.
    pub exit_code: i32,
}

impl CliOutput {
    /// stdout as text (lossily decoded), for readable assertions.
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// This output's stderr converted from the reference's 2.9.19 layout to
    /// the 2.36 layout; use it on a reference run to get the expected stderr.
    pub fn stderr_as_v2_36(&self) -> String {
        stderr_layout::to_v2_36(&self.stderr, self.exit_code, &self.args)
    }
}

/// One CLI binary bound to a sandbox and an environment.
#[derive(Debug, Clone)]
pub struct Cli {
    program: PathBuf,
    sandbox: Arc<Sandbox>,
    env: Vec<(OsString, OsString)>,
    /// Convert stderr from the 2.9.19 layout (set when "ours" is the
    /// reference, so harness self-checks compare like with like).
    legacy_stderr: bool,
    timeout: Duration,
}

fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// The reference CLI's path (`AWSCLI_TEST_REFERENCE` or [`REFERENCE_CLI`]).
pub fn reference_path() -> PathBuf {
    env_path(REFERENCE_ENV).unwrap_or_else(|| PathBuf::from(REFERENCE_CLI))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

impl Cli {
    /// A CLI running `program` in `sandbox`.
    pub fn new(program: impl Into<PathBuf>, sandbox: Arc<Sandbox>) -> Cli {
        let program = program.into();
        Cli {
            program,
            sandbox,
            env: Vec::new(),
            legacy_stderr: false,
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Our binary: `AWSCLI_TEST_OURS` if set, else `built` (pass
    /// `env!("CARGO_BIN_EXE_aws")`).
    pub fn ours(built: impl Into<PathBuf>, sandbox: Arc<Sandbox>) -> Cli {
        let program = env_path(OURS_ENV).unwrap_or_else(|| built.into());
        let legacy_stderr = same_file(&program, &reference_path());
        Cli {
            legacy_stderr,
            ..Cli::new(program, sandbox)
        }
    }

    /// The reference CLI; its stderr is left in its own (2.9.19) layout.
    pub fn reference(sandbox: Arc<Sandbox>) -> Cli {
        Cli::new(reference_path(), sandbox)
    }

    /// Our binary and the reference sharing one fresh sandbox (same HOME,
    /// working directory and config files), for differential tests.
    pub fn pair(built: impl Into<PathBuf>) -> Result<(Cli, Cli), HarnessError> {
        let sandbox = Arc::new(Sandbox::new()?);
        Ok((
            Cli::ours(built, Arc::clone(&sandbox)),
            Cli::reference(sandbox),
        ))
    }

    /// Adds (or overrides) an environment variable for this CLI's runs.
    pub fn env(mut self, name: impl Into<OsString>, value: impl Into<OsString>) -> Cli {
        self.env.push((name.into(), value.into()));
        self
    }

    /// Limits each run (default 120 s); a run over the limit is killed.
    pub fn timeout(mut self, timeout: Duration) -> Cli {
        self.timeout = timeout;
        self
    }

    pub fn program(&self) -> &Path {
        &self.program
    }

    pub fn sandbox(&self) -> &Sandbox {
        &self.sandbox
    }

    /// The hermetic command for `args`, before any test-specific tweaks.
    pub fn command<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let home = self.sandbox.path();
        let mut command = Command::new(&self.program);
        command
            .args(args)
            .current_dir(home)
            .env_clear()
            .env("PATH", "/usr/local/bin:/usr/bin:/bin")
            .env("HOME", home)
            .env("LANG", "C.UTF-8")
            .env("LC_ALL", "C.UTF-8")
            .env("TZ", "UTC")
            .env("AWS_CONFIG_FILE", self.sandbox.config_file())
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.sandbox.credentials_file(),
            )
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("AWS_PAGER", "")
            .env("AWS_EC2_METADATA_DISABLED", "true");
        for (name, value) in &self.env {
            command.env(name, value);
        }
        command
    }

    /// Runs with `args` and no stdin; panics if the binary cannot be run or
    /// times out (a harness failure, not a result to compare).
    #[track_caller]
    pub fn run<I, S>(&self, args: I) -> CliOutput
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.run_with_stdin(args, None)
    }

    /// Runs with `args`, feeding `stdin` if given; panics as [`Cli::run`].
    #[track_caller]
    pub fn run_with_stdin<I, S>(&self, args: I, stdin: Option<&[u8]>) -> CliOutput
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let args: Vec<String> = args.into_iter().map(|a| a.as_ref().to_string()).collect();
        match self.try_run(&args, stdin) {
            Ok(output) => output,
            Err(error) => panic!("running {} {args:?}: {error}", self.program.display()),
        }
    }

    /// Runs with `args`, feeding `stdin` if given.
    pub fn try_run(
        &self,
        args: &[String],
        stdin: Option<&[u8]>,
    ) -> Result<CliOutput, HarnessError> {
        let program = self.program.display().to_string();
        let mut child = self
            .command(args)
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(HarnessError::io(format!("starting {program}")))?;
        let feeder = match (stdin, child.stdin.take()) {
            (Some(bytes), Some(mut pipe)) => {
                let bytes = bytes.to_vec();
                // A CLI that exits without reading stdin closes the pipe;
                // that is its business, not a harness error.
                Some(thread::spawn(move || {
                    let _ = pipe.write_all(&bytes);
                }))
            }
            _ => None,
        };
        let stdout = child.stdout.take().map(|mut pipe| {
            thread::spawn(move || {
                let mut buffer = Vec::new();
                let _ = pipe.read_to_end(&mut buffer);
                buffer
            })
        });
        let stderr = child.stderr.take().map(|mut pipe| {
            thread::spawn(move || {
                let mut buffer = Vec::new();
                let _ = pipe.read_to_end(&mut buffer);
                buffer
            })
        });
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child
                .try_wait()
                .map_err(HarnessError::io(format!("waiting for {program}")))?
            {
                break status;
            }
            if started.elapsed() > self.timeout {
                let _ = child.kill();
                let _ = child.wait();
                return Err(HarnessError::Timeout {
                    program,
                    seconds: self.timeout.as_secs(),
                });
            }
            thread::sleep(Duration::from_millis(10));
        };
        if let Some(feeder) = feeder {
            let _ = feeder.join();
        }
        let collect = |handle: Option<thread::JoinHandle<Vec<u8>>>| {
            handle.and_then(|h| h.join().ok()).unwrap_or_default()
        };
        let stdout = collect(stdout);
        let stderr = String::from_utf8_lossy(&collect(stderr)).into_owned();
        let exit_code = status
            .code()
            .or_else(|| status.signal().map(|signal| 128 + signal))
            .unwrap_or(-1);
        let mut output = CliOutput {
            args: args.to_vec(),
            stdout,
            stderr,
            exit_code,
        };
        if self.legacy_stderr {
            output.stderr = output.stderr_as_v2_36();
        }
        Ok(output)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(sandbox: &Arc<Sandbox>) -> Cli {
        Cli::new("/bin/sh", Arc::clone(sandbox))
    }

    #[test]
    fn run_is_hermetic() {
        let sandbox = Arc::new(Sandbox::new().unwrap());
        let output = sh(&sandbox).run(["-c", "env | sort"]);
        let env = output.stdout_text();
        assert!(env.contains(&format!("HOME={}\n", sandbox.path().display())));
        assert!(env.contains("AWS_DEFAULT_REGION=us-east-1\n"));
        assert!(env.contains("AWS_PAGER=\n"));
        assert!(env.contains("TZ=UTC\n"));
        assert!(!env.contains("CARGO"), "inherited variables leaked: {env}");
    }

    #[test]
    fn run_captures_streams_exit_code_and_stdin() {
        let sandbox = Arc::new(Sandbox::new().unwrap());
        let output = sh(&sandbox)
            .run_with_stdin(["-c", "cat; echo err >&2; exit 3"], Some(b"in".as_slice()));
        assert_eq!(output.stdout, b"in");
        assert_eq!(output.stderr, "err\n");
        assert_eq!(output.exit_code, 3);
    }

    #[test]
    fn run_times_out() {
        let sandbox = Arc::new(Sandbox::new().unwrap());
        let cli = sh(&sandbox).timeout(Duration::from_millis(200));
        let error = cli
            .try_run(&["-c".into(), "sleep 5".into()], None)
            .unwrap_err();
        assert!(matches!(error, HarnessError::Timeout { .. }));
    }
}
