//! The harness's one error type: what failed while setting up a test fixture.

use std::io;
use std::path::PathBuf;

/// A fixture could not be set up or driven.
#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    #[error("I/O error while {context}: {source}")]
    Io {
        context: String,
        #[source]
        source: io::Error,
    },
    #[error(
        "could not find `moto_server`: set MOTO_SERVER, run scripts/setup, or put it on PATH (looked in {searched:?})"
    )]
    MotoNotFound { searched: Vec<PathBuf> },
    #[error("moto_server did not become ready within {seconds} s; its log:\n{log}")]
    MotoNotReady { seconds: u64, log: String },
    #[error("moto_server exited early ({status}); its log:\n{log}")]
    MotoExited { status: String, log: String },
    #[error("unexpected HTTP response from {what}: {detail}")]
    BadResponse { what: String, detail: String },
    #[error("`{program}` did not finish within {seconds} s (killed)")]
    Timeout { program: String, seconds: u64 },
}

impl HarnessError {
    pub(crate) fn io(context: impl Into<String>) -> impl FnOnce(io::Error) -> HarnessError {
        let context = context.into();
        move |source| HarnessError::Io { context, source }
    }
}
