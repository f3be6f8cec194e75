//! The transfer engine of `aws s3`: uploads, downloads, copies and deletes
//! of single objects, with multipart transfers above `multipart_threshold`,
//! a bound on requests in flight (`max_concurrent_requests`, which also
//! bounds memory to that many parts), CRC64NVME upload checksums, and
//! downloads written to a temporary file given the target's name only when
//! complete ([`place`] for the small ones).
//!
//! Spec: the AWS CLI's vendored `s3transfer` (`manager.py`, `upload.py`,
//! `download.py`, `copies.py`, `delete.py`, `utils.py`) and
//! `awscli/customizations/s3/transferconfig.py`, as of CLI 2.36. What to
//! transfer (listing, filters, sync decisions) and how results are shown
//! belong to the `aws s3` commands in the `awscli` crate.

pub mod checksum;
pub mod client;
pub mod config;
pub mod crc64;
pub mod place;
pub mod transfer;

pub use client::{ContextProvider, S3Client};
pub use config::{ConfigError, TransferConfig};
pub use transfer::{
    ChecksumPolicy, CopyRequest, DownloadRequest, Progress, Transfers, UploadRequest, UploadSource,
};

/// Why one transfer failed; `Display` is the text the reference prints
/// after `upload failed: <src> to <dst> `.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error(transparent)]
    Call(#[from] awscli_client::CallError),
    #[error("{0}")]
    Io(std::io::Error),
    /// The file was written but its mtime could not be set.
    #[error("Successfully Downloaded {0} but was unable to update the last modified time. ")]
    Utime(String),
    #[error("{0}")]
    Other(String),
    /// Ctrl-C.
    #[error("cancelled")]
    Cancelled,
}

/// The runtime the transfers run on: two worker threads (enough to keep a
/// checksum and the network busy at once on a small machine).
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
}
