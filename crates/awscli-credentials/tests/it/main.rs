//! Integration tests of the credential chain: one binary, one module per provider family.
//! Everything runs against an in-memory world (support.rs), local stub servers on 127.0.0.1
//! (`awscli_test_support::RecordingServer`) or moto's STS.

mod assume_role;
mod chain_cases;
mod container;
mod imds;
mod moto_sts;
mod process;
mod sso;
mod support;
mod web_identity;
