//! Test harness for the `aws` binary's integration tests (layers 3 and 4 of
//! `docs/design.md`: end-to-end against moto, and differential against the
//! reference CLI).
//!
//! - [`MotoServer`]: `moto_server` on 127.0.0.1 and a free port, started by the
//!   test itself, reset between tests, killed when dropped (or, for the shared
//!   instance, when the test process exits).
//! - [`RecordingServer`]: a small HTTP/1.1 server that records every request
//!   and answers from canned responses, so the requests of our binary and of
//!   the reference CLI for the same command line can be compared
//!   ([`compare`]).
//! - [`Cli`]: runs a CLI binary in a hermetic environment (temporary HOME and
//!   config files, fake credentials, fixed region and time zone, nothing
//!   inherited from the caller's `AWS_*` variables).
//! - [`FaultProxy`]: an HTTP/1.1 proxy between a CLI and moto that injects
//!   faults (error responses, resets, truncation, delays, corruption) per
//!   request and logs every attempt, for retry tests.
//! - [`stderr_layout`]: converts the reference 2.9.19's error layout to the
//!   2.36 layout we implement, so expected stderr comes from the reference.
//!
//! Nothing here talks to anything but 127.0.0.1.

pub mod cli;
pub mod compare;
mod error;
pub mod fault;
mod http;
pub mod moto;
pub mod recording;
mod sandbox;
pub mod sso_stub;
pub mod stderr_layout;
pub mod terminal;

pub use cli::{Cli, CliOutput, REFERENCE_CLI};
pub use error::HarnessError;
pub use fault::{Fault, FaultProxy, ProxiedRequest, Rule, SdkRequest};
pub use moto::{MotoGuard, MotoServer};
pub use recording::{CannedResponse, RecordedRequest, RecordingServer};
pub use sandbox::Sandbox;
