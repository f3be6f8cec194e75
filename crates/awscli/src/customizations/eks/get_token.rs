//! `aws eks get-token`: the `ExecCredential` kubectl's exec plugin reads.
//!
//! The token is `k8s-aws-v1.` + unpadded base64url of a presigned STS
//! `GetCallerIdentity` URL (GET, 60 s, with the cluster name signed in as
//! the `x-k8s-aws-id` header); the EKS authenticator replays it to learn
//! who the caller is. Nothing is sent over the network unless `--role-arn`
//! asks for an `AssumeRole` first. kubectl runs this on every call, so the
//! path avoids the async runtime and the HTTP client entirely.
//!
//! Spec: `awscli/customizations/eks/get_token.py`. The JSON is always
//! written as `json.dumps` does (the reference ignores `--output` here,
//! and `update-kubeconfig` pins `--output json` anyway).
use std::io::Write;
use std::time::{Duration, SystemTime};

use awscli_client::{Credentials, SignerKind, SigningConfig};
use base64::Engine;

use crate::customizations::api::{self, Api};
use crate::customizations::args::{self, Spec};
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::Session;

/// `client.authentication.k8s.io/v1beta1`, used when kubectl says nothing.
const BETA_API: &str = "client.authentication.k8s.io/v1beta1";
const V1_API: &str = "client.authentication.k8s.io/v1";
const ALPHA_API: &str = "client.authentication.k8s.io/v1alpha1";
/// How long the presigned URL is valid.
const URL_TIMEOUT: Duration = Duration::from_secs(60);
/// STS presigns for 15 minutes by default; clients refresh after 14.
const TOKEN_EXPIRATION: jiff::SignedDuration = jiff::SignedDuration::from_mins(14);
pub const TOKEN_PREFIX: &str = "k8s-aws-v1.";
pub const K8S_AWS_ID_HEADER: &str = "x-k8s-aws-id";

const SPECS: &[Spec] = &[
    Spec::value("--cluster-name"),
    Spec::value("--role-arn"),
    Spec::value("--cluster-id"),
];

pub fn run(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let parsed = args::parse(SPECS, rest)?;
    // The reference's STS client takes the region but not --endpoint-url.
    let sts_globals = GlobalArgs {
        endpoint_url: None,
        ..globals.clone()
    };
    let session = Session::new(&sts_globals, env)?;
    let mut api = Api::new(session);
    // As the reference: the role is assumed before the arguments are checked.
    let role_credentials = match parsed.value("--role-arn") {
        Some(role) => Some(api::assume_role(&mut api, role, "EKSGetTokenAuth")?),
        None => None,
    };
    let identifier = match (parsed.value("--cluster-name"), parsed.value("--cluster-id")) {
        (Some(_), Some(_)) => {
            return Err(CliError::param(
                "The key \"cluster_id\" cannot be specified when one of the following keys are also specified: cluster_name",
            )
            .into())
        }
        (_, Some(id)) => id,
        (Some(name), None) => name,
        (None, None) => {
            // The reference *returns* a ValueError, which Python prints and exits 1 with.
            let _ = writeln!(
                std::io::stderr(),
                "Either parameter --cluster-name or --cluster-id must be specified."
            );
            return Ok(1);
        }
    };
    let credentials = match role_credentials {
        Some(c) => c,
        None => api::local_credentials(&api.session)?,
    };
    let url = presigned_caller_identity_url(&api.session, identifier, &credentials)?;
    let token = token_from_url(&url);
    let expiration = (jiff::Timestamp::now() + TOKEN_EXPIRATION).strftime("%Y-%m-%dT%H:%M:%SZ");
    let api_version = discover_api_version(env.get("KUBERNETES_EXEC_INFO").map(String::as_str));
    let json = exec_credential_json(api_version, &expiration.to_string(), &token);
    writeln!(stdout, "{json}")?;
    Ok(0)
}

/// `k8s-aws-v1.` + base64url(url) without padding.
pub fn token_from_url(url: &str) -> String {
    let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(url.as_bytes());
    format!("{TOKEN_PREFIX}{encoded}")
}

/// The presigned `GET /?Action=GetCallerIdentity&Version=2011-06-15` URL
/// for the session's STS endpoint, with `x-k8s-aws-id: <cluster>` signed.
fn presigned_caller_identity_url(
    session: &Session,
    cluster: &str,
    credentials: &Credentials,
) -> Result<String, CliError> {
    let sts = api::model("sts")?;
    let operation = sts
        .operation("GetCallerIdentity")
        .map_err(|e| CliError::General(e.to_string()))?;
    let endpoint = session.resolve_endpoint(&sts, operation, &awscli_model::Value::empty_map())?;
    let region = endpoint.signing_region.clone().unwrap_or_default();
    let mut signing = SigningConfig::resolve(
        &sts,
        operation,
        endpoint.auth_scheme.as_ref(),
        &region,
        false,
    );
    // A presigned URL is always signed, whatever --no-sign-request says.
    signing.signer = SignerKind::V4;
    let base = endpoint.url.trim_end_matches('/');
    let url = format!("{base}/?Action=GetCallerIdentity&Version=2011-06-15");
    let headers = [(K8S_AWS_ID_HEADER.to_owned(), cluster.to_owned())];
    awscli_client::presign_url(
        "GET",
        &url,
        &headers,
        &signing,
        credentials,
        SystemTime::now(),
        URL_TIMEOUT,
    )
    .map_err(|e| CliError::General(e.to_string()))
}

/// The API version kubectl asked for in `KUBERNETES_EXEC_INFO`, with the
/// reference's warnings on stderr when it is malformed or unknown.
fn discover_api_version(exec_info: Option<&str>) -> &'static str {
    let raw = match exec_info {
        Some(r) if !r.is_empty() => r,
        _ => return BETA_API,
    };
    let warn = |message: String| {
        let _ = writeln!(std::io::stderr(), "{message}");
    };
    let Ok(info) = serde_json::from_str::<serde_json::Value>(raw) else {
        warn(format!(
            "Error parsing KUBERNETES_EXEC_INFO, defaulting to {BETA_API}. This is likely a bug in your Kubernetes client. Please update your Kubernetes client."
        ));
        return BETA_API;
    };
    match info.get("apiVersion").and_then(|v| v.as_str()) {
        Some(V1_API) => V1_API,
        Some(BETA_API) => BETA_API,
        Some(ALPHA_API) => {
            warn(format!(
                "Kubeconfig user entry is using deprecated API version {ALPHA_API}. Run 'aws eks update-kubeconfig' to update."
            ));
            ALPHA_API
        }
        _ => {
            warn(format!(
                "Unrecognized API version in KUBERNETES_EXEC_INFO, defaulting to {BETA_API}. This is likely due to an outdated AWS CLI. Please update your AWS CLI."
            ));
            BETA_API
        }
    }
}

/// The ExecCredential as Python's `json.dumps` writes it (`, ` and `: `
/// separators, ASCII only).
fn exec_credential_json(api_version: &str, expiration: &str, token: &str) -> String {
    let s = |v: &str| python_json_string(v);
    format!(
        "{{\"kind\": \"ExecCredential\", \"apiVersion\": {}, \"spec\": {{}}, \"status\": {{\"expirationTimestamp\": {}, \"token\": {}}}}}",
        s(api_version),
        s(expiration),
        s(token)
    )
}

/// A JSON string with `ensure_ascii` escaping.
fn python_json_string(v: &str) -> String {
    let mut out = String::with_capacity(v.len() + 2);
    out.push('"');
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_is_unpadded_base64url_of_the_url() {
        let token = token_from_url("https://sts.amazonaws.com/?a=b");
        assert_eq!(token, "k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8_YT1i");
    }

    #[test]
    fn exec_credential_matches_json_dumps() {
        assert_eq!(
            exec_credential_json(BETA_API, "2024-01-01T00:14:00Z", "k8s-aws-v1.x"),
            "{\"kind\": \"ExecCredential\", \"apiVersion\": \"client.authentication.k8s.io/v1beta1\", \"spec\": {}, \"status\": {\"expirationTimestamp\": \"2024-01-01T00:14:00Z\", \"token\": \"k8s-aws-v1.x\"}}"
        );
        assert_eq!(python_json_string("é\""), "\"\\u00e9\\\"\"");
    }

    #[test]
    fn api_version_from_exec_info() {
        assert_eq!(discover_api_version(None), BETA_API);
        assert_eq!(
            discover_api_version(Some(r#"{"apiVersion":"client.authentication.k8s.io/v1"}"#)),
            V1_API
        );
        assert_eq!(discover_api_version(Some("nope")), BETA_API);
    }
}
