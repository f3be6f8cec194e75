//! Integration tests of the smaller hand-written commands of the reference
//! (`awscli/customizations/`): `codecommit credential-helper`,
//! `datapipeline list-runs` and `create-default-roles`, `dlm
//! create-default-role`, `emr-containers update-role-trust-policy`,
//! `configservice get-status` and `subscribe`, and `gamelift
//! get-game-session-log`. Clients the reference creates without an
//! endpoint option are pointed at the server through an `AWS_DATA_PATH`
//! endpoint rule set (ours through `AWS_ENDPOINT_URL_<SERVICE>`).
//!
//! Every expectation comes from running the reference CLI (`/usr/bin/aws`,
//! 2.9.19) on the same input against the same canned responses of a
//! recording server on 127.0.0.1: stdout, stderr (converted to the 2.36
//! layout), the exit code and the requests sent. The credential helper's
//! password depends on the clock, so its signature is recomputed here from
//! the timestamp it carries.

mod codecommit;
mod configservice;
mod datapipeline;
mod dlm;
mod emrcontainers;
mod gamelift;
mod servicecatalog;
mod util;
