//! Retry and failure behaviour of the `aws` binary under injected faults
//! (issue 3, "Retries"): a [`FaultProxy`](awscli_test_support::FaultProxy)
//! sits between the CLI and `moto_server`, and both our binary and the
//! reference CLI (`/usr/bin/aws`, 2.9.19) run the same command line through
//! their own proxy with the same script of faults.
//!
//! Each test checks that both made the number of attempts the reference is
//! known to make (`/work/shared/docs/reference-reliability.md` section 2),
//! and that ours ended like the reference: same exit code, same stdout, and
//! the reference's stderr converted to the 2.36 layout. Our attempts must
//! also carry `amz-sdk-request: attempt=N; max=M` (2.35.7+; the reference
//! 2.9.19 does not send it).
//!
//! Tests that ours fails are `#[ignore]`d with the difference as the
//! reason; they still state the reference's behaviour. Set
//! `AWSCLI_TEST_OURS=/usr/bin/aws` to check the suite itself (every test,
//! ignored ones included, must then pass).
//!
//! Retry backoff is random (`rand * 2^(n-1)` s), so tests run the two CLIs
//! in parallel and keep attempt counts low. Everything talks to 127.0.0.1
//! only; run the suite inside a loopback-only network namespace.

mod errors;
mod s3;
mod transport;
mod util;
