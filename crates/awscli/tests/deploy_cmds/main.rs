//! Integration tests of the hand-written CodeDeploy commands (`deploy push`,
//! `register`, `deregister`, `install`, `uninstall`) and `ecs deploy`.
//!
//! Expectations come from running the reference CLI (`/usr/bin/aws`,
//! 2.9.19) on the same files against the same canned responses: moto
//! implements neither `RegisterApplicationRevision`, the on-premises
//! instance operations, nor deployments that finish, so every test answers
//! from a [`RecordingServer`] and compares what both CLIs sent (zip bytes
//! included), printed, wrote and returned.
//!
//! These commands make some clients without `--endpoint-url` (S3 for `push`
//! and `install`, IAM for `register`/`deregister`, CodeDeploy for `ecs
//! deploy`). 2.9.19 knows no `AWS_ENDPOINT_URL`, so the reference is routed
//! by endpoint rule sets in the sandbox's `~/.aws/models` (botocore's
//! loader looks there first); ours by `AWS_ENDPOINT_URL`, as 2.36 allows.
//! `install`/`uninstall` run for real only inside a mount namespace whose
//! `/etc` is an overlay kept in the sandbox (see `install.rs`), with stubs
//! for `apt-get`, `service` and `dpkg`; the host's `/etc` is never written.
//! Everything talks to 127.0.0.1 only.
//!
//! [`RecordingServer`]: awscli_test_support::RecordingServer

mod ecs_deploy;
mod install;
mod push;
mod register;
mod util;
