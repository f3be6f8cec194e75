//! Integration tests of the `aws` binary: one test binary (style-anchors:
//! ripgrep's `tests/tests.rs`), one module per kind of test.
//!
//! Every test here compares our binary with the reference CLI
//! (`/usr/bin/aws`, 2.9.19) on the same input: expectations are derived by
//! running the reference, never from our own output. Set
//! `AWSCLI_TEST_OURS=/usr/bin/aws` to run the suite with the reference in
//! place of our binary, which checks the harness itself (every test must
//! then pass).
//!
//! The suite talks only to 127.0.0.1; `scripts/test` runs it inside a
//! loopback-only network namespace.

mod bad_input;
mod environment;
mod moto_e2e;
mod moto_services;
mod requests;
mod transport;
mod util;
