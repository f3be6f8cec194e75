//! Integration tests of `aws sso login`, `aws sso logout` and the SSO
//! credential provider (issue 4, SSO half).
//!
//! Expectations come from running the reference (`/usr/bin/aws`, 2.9.19) on
//! the same files:
//! - Where it fails before touching the network (configuration errors, a
//!   missing token, an expired `sso-session` token that cannot be
//!   refreshed, `logout` of tokens with no region), both CLIs run in one
//!   sandbox and the outcomes are compared.
//! - The device flow, refresh, role credentials and `logout` need IAM
//!   Identity Center: each CLI runs in its own sandbox against its own fresh
//!   [`SsoStub`] (so generated ids and user codes line up), and the outcomes,
//!   the requests the stubs received and the cache files written are
//!   compared, masking only clock-dependent values. The reference reads no
//!   `AWS_ENDPOINT_URL_*` variable; it is pointed at its stub through
//!   endpoint rule sets in `AWS_DATA_PATH` ([`SsoStub::write_rule_sets`]),
//!   ours through `AWS_ENDPOINT_URL_SSO_OIDC` / `AWS_ENDPOINT_URL_SSO` (the
//!   2.36 behaviour we follow). STS calls go to moto via `--endpoint-url`.
//! - Where we follow 2.36 and it differs from 2.9.19 (`--use-device-code`;
//!   an expired legacy token is refused without a request, botocore
//!   1.43.67 `SSOCredentialFetcher._get_credentials`), the test says so and
//!   takes the expectation from that source.
//!
//! [`SsoStub`]: awscli_test_support::sso_stub::SsoStub
//! [`SsoStub::write_rule_sets`]: awscli_test_support::sso_stub::SsoStub::write_rule_sets
//! Everything talks to 127.0.0.1 only.

mod configure;
mod login;
mod logout;
mod provider;
mod util;
