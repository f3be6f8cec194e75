//! End-to-end tests of `aws s3` against moto: each command line runs through
//! the reference CLI (`/usr/bin/aws`, 2.9.19) and through our binary on the
//! same starting state (a fresh moto server per test, the local tree
//! rebuilt), and stdout (progress lines removed, lines sorted, as
//! concurrent transfers finish in any order), stderr, exit code, and the
//! resulting local tree and bucket listing must match.
//!
//! Where 2.36 (which we follow) differs from 2.9.19, the test says so and
//! asserts our behaviour directly. Differences met so far:
//! - uploads carry `x-amz-checksum-crc64nvme` with
//!   `x-amz-sdk-checksum-algorithm: CRC64NVME` (2.23+), and single-GET
//!   downloads validate a full-object checksum (2.9.19 does neither; moto
//!   accepts both, so outcomes still compare equal);
//! - error layout (`aws: [ERROR]: ...`, converted by the harness), and
//!   `Additional error details:` after service errors (asserted directly);
//! - keys `/../x` (fixed in 2.34.57), `a/../..` and `..` (aws/aws-cli#10579)
//!   are skipped as parent references; 2.9.19 downloads them;
//! - we refuse to write through a directory symlink that leaves the
//!   destination (the reference writes through it);
//! - options newer than 2.9.19 (`--checksum-algorithm`, `--checksum-mode`,
//!   `--validate-same-s3-paths`, `--case-conflict`, `--progress-multiline`)
//!   are asserted directly (`--case-conflict` against the newer CLI's
//!   texts, see `case_conflict.rs`);
//! - with `--source-region` on an S3 -> S3 copy the reference drops
//!   `--endpoint-url` for the source client; `source_region.rs` points it
//!   at the proxy through an `AWS_DATA_PATH` rule set and compares the
//!   requests and their signing regions.
//!
//! Everything talks to 127.0.0.1 only.

mod case_conflict;
mod harness;
mod listing;
mod options;
mod security;
mod source_region;
mod transfers;
