//! Integration tests of the hand-written commands (`awscli/customizations/`
//! in the reference): `ecr`/`ecr-public get-login-password`, `eks get-token`
//! and `update-kubeconfig`, `rds generate-db-auth-token`, `logs tail`, and
//! the Session Manager plugin launchers, `cloudformation deploy`, `cloudfront
//! sign`, `ec2 get-password-data --priv-launch-key` and `codeartifact login`.
//! See issue 9.
//!
//! Expectations come from running the reference CLI (`/usr/bin/aws`,
//! 2.9.19) on the same input and state: against moto where moto serves the
//! API, else against a recording server answering canned responses.
//! Presigned values differ by time, so they are compared structurally
//! (host, path, query names, signed headers, expiry), and our `get-token`
//! signature is checked by recomputing SigV4 here.
//!
//! Where 2.36 (which we follow) differs from 2.9.19, the test says so and
//! normalizes only that difference. Everything talks to 127.0.0.1 only.

mod cloudformation;
mod cloudformation_package;
mod codeartifact;
mod codeartifact_tools;
mod ecr;
mod eks_get_token;
mod eks_kubeconfig;
mod keys;
mod logs_tail;
mod rds;
mod session_manager;
mod sigv4;
mod util;
