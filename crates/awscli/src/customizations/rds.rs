//! `aws rds generate-db-auth-token`: a presigned `connect` URL (without
//! its scheme) that RDS and Aurora accept as the password of an IAM
//! database user. Made locally; nothing is sent.
//!
//! Spec: `awscli/customizations/rds.py` and botocore's
//! `signers.generate_db_auth_token`: `GET https://<host>:<port>/?Action=connect&DBUser=<user>`,
//! signed for `rds-db` in the client's region, valid 900 s.
use std::io::Write;
use std::time::{Duration, SystemTime};

use awscli_client::{SignerKind, SigningConfig};
use awscli_model::Service;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::args::{self, Spec};
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::Session;

/// botocore's `percent_encode`: everything but RFC 3986 unreserved characters.
const QUERY_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

const SPECS: &[Spec] = &[
    Spec::required("--hostname"),
    Spec::required("--port"),
    Spec::required("--username"),
];

pub fn generate_db_auth_token(
    service: &Service,
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let parsed = args::parse(SPECS, rest)?;
    let hostname = parsed.value("--hostname").unwrap_or_default();
    let port_text = parsed.value("--port").unwrap_or_default();
    let port: i64 = port_text.trim().parse().map_err(|_| {
        CliError::General(format!(
            "invalid literal for int() with base 10: '{port_text}'"
        ))
    })?;
    let username = parsed.value("--username").unwrap_or_default();
    let session = Session::new(globals, env)?;
    let region = session.region()?.ok_or_else(|| CliError::Configuration {
        code: "NoRegion",
        message: "You must specify a region. You can also configure your region by running \"aws configure\".".to_owned(),
    })?;
    let credentials = super::api::local_credentials(&session)?;
    // botocore signs the token as the service `rds-db`, SigV4, in the client's region.
    let operation = service
        .operation("DescribeDBInstances")
        .map_err(|e| CliError::General(e.to_string()))?;
    let mut signing = SigningConfig::resolve(service, operation, None, &region, false);
    signing.signer = SignerKind::V4;
    signing.signing_name = "rds-db".to_owned();
    let url = format!(
        "https://{hostname}:{port}/?Action=connect&DBUser={}",
        utf8_percent_encode(username, QUERY_ENCODE)
    );
    let presigned = awscli_client::presign_url(
        "GET",
        &url,
        &[],
        &signing,
        &credentials,
        SystemTime::now(),
        Duration::from_secs(900),
    )
    .map_err(|e| CliError::General(e.to_string()))?;
    let token = presigned.strip_prefix("https://").unwrap_or(&presigned);
    writeln!(stdout, "{token}")?;
    Ok(0)
}
