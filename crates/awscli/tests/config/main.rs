//! Configuration, credentials and `aws configure` at the binary level, each case run through
//! our binary and the reference CLI (`/usr/bin/aws` 2.9.19) on the same starting files, the
//! expectation always taken from the reference's run (issue #4; reference-cli.md sections 2
//! and 7).
//!
//! - `export`: `configure export-credentials` in every format for every credential source
//!   (static, environment, `credential_process`, container, IMDS, assume-role and web identity
//!   from the shared `~/.aws/cli/cache`, and against moto's STS).
//! - `bad_input`: malformed files, profile cycles, failing credential processes, expired SSO
//!   tokens, non-allowed container URIs and unknown profiles: same stderr, same exit code.
//! - `writes`: `configure set`/`import` write the same files as the reference, through a
//!   temporary file and a rename (the old file is never truncated in place).
//! - `interactive`: `aws configure` through a pseudo-terminal (tmux) and through a pipe.
//! - `list`: `configure list` sources.
//! - `resolution`: table-driven cases (directories under `cases/`), every provider and the
//!   precedence rules, expectations from the reference run on the same directory.
//!
//! Everything talks only to 127.0.0.1 (local stub servers, moto).

mod bad_input;
mod export;
mod interactive;
mod list;
mod resolution;
mod support;
mod writes;
