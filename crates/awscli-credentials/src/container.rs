//! `container-role`: credentials from the ECS/EKS container endpoint.
//!
//! Ported from botocore `ContainerProvider` (`credentials.py`) and `ContainerMetadataFetcher`
//! (`utils.py`); reference-cli.md 2.5 row 11 and reference-reliability.md section 4.
//! `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is fetched from `http://169.254.170.2<uri>`;
//! `AWS_CONTAINER_CREDENTIALS_FULL_URI` must be https, a loopback address, or one of
//! `169.254.170.2`, `169.254.170.23`, `fd00:ec2::23`, `localhost`. The `Authorization` header
//! comes from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (re-read on every fetch) or
//! `AWS_CONTAINER_AUTHORIZATION_TOKEN`, and must not contain CR or LF. Each fetch tries 3
//! times with a 2 s timeout, sleeping 1 s after each failure.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use awscli_client::Credentials;
use awscli_config::EnvVars;

use crate::context::Context;
use crate::error::CredentialsError;
use crate::provider::{CredentialsProvider, Refresher};
use crate::static_keys::method;

/// `ContainerMetadataFetcher.IP_ADDRESS`.
pub const CONTAINER_IP_ADDRESS: &str = "169.254.170.2";
const ALLOWED_HOSTS: &[&str] = &[
    CONTAINER_IP_ADDRESS,
    "169.254.170.23",
    "fd00:ec2::23",
    "localhost",
];
const TIMEOUT: Duration = Duration::from_secs(2);
const RETRY_ATTEMPTS: u32 = 3;
const SLEEP: Duration = Duration::from_secs(1);

/// `ContainerProvider.load`: `None` unless one of the URI variables is set.
pub(crate) async fn provider(
    ctx: &Arc<Context>,
) -> Result<Option<CredentialsProvider>, CredentialsError> {
    let env = ctx.config.env();
    let full_uri = if let Some(relative) = env.get(EnvVars::AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)
    {
        format!("http://{CONTAINER_IP_ADDRESS}{relative}")
    } else if let Some(full) = env.get(EnvVars::AWS_CONTAINER_CREDENTIALS_FULL_URI) {
        full.to_string()
    } else {
        return Ok(None);
    };
    let first = fetch(ctx, &full_uri).await?;
    let ctx_for_refresh = Arc::clone(ctx);
    let refresher: Refresher = Arc::new(move || {
        let ctx = Arc::clone(&ctx_for_refresh);
        let full_uri = full_uri.clone();
        Box::pin(async move { fetch(&ctx, &full_uri).await })
    });
    Ok(Some(CredentialsProvider::refreshable(
        method::CONTAINER,
        first,
        refresher,
        Arc::clone(&ctx.clock),
    )))
}

/// `_build_headers`.
fn authorization(ctx: &Context) -> Result<Option<String>, CredentialsError> {
    let env = ctx.config.env();
    let token = if let Some(path) = env.get(EnvVars::AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE) {
        let path = std::path::Path::new(path);
        let bytes = ctx
            .fs
            .read(path)
            .map_err(|e| CredentialsError::Python(crate::fs::os_error_text(&e, path)))?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    } else {
        env.get(EnvVars::AWS_CONTAINER_AUTHORIZATION_TOKEN)
            .map(str::to_string)
    };
    if let Some(token) = &token {
        if token.contains(['\r', '\n']) {
            return Err(CredentialsError::Python(
                "Auth token value is not a legal header value".into(),
            ));
        }
    }
    Ok(token)
}

/// The host of a URL as `urlparse(url).hostname` gives it: lower-cased, IPv6 brackets removed.
fn hostname(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = if let Some(bracketed) = host_port.strip_prefix('[') {
        bracketed.split(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// `_validate_allowed_url`: an error (Python `ValueError`) for hosts credentials must not go to.
pub(crate) fn validate_allowed_url(url: &str) -> Result<(), CredentialsError> {
    let scheme = url
        .split_once("://")
        .map(|(scheme, _)| scheme.to_ascii_lowercase());
    if scheme.as_deref() == Some("https") {
        return Ok(());
    }
    let host = hostname(url);
    if let Some(host) = &host {
        if host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback()) {
            return Ok(());
        }
        if ALLOWED_HOSTS.contains(&host.as_str()) {
            return Ok(());
        }
    }
    Err(CredentialsError::Python(format!(
        "Unsupported host '{}'.  Can only retrieve metadata from a loopback address or one of these hosts: {}",
        host.as_deref().unwrap_or("None"),
        ALLOWED_HOSTS.join(", ")
    )))
}

fn metadata_error(error_msg: String) -> CredentialsError {
    CredentialsError::Retrieval {
        provider: method::CONTAINER.into(),
        error_msg: format!("Error retrieving metadata: {error_msg}"),
    }
}

/// One `fetch_creds` of `_create_fetcher`.
async fn fetch(ctx: &Context, full_uri: &str) -> Result<Credentials, CredentialsError> {
    let token = authorization(ctx)?;
    validate_allowed_url(full_uri)?;
    // urllib3 refuses other schemes before any attempt (`URLSchemeUnknown`), and botocore
    // lets that `HTTPClientError` escape the provider unwrapped.
    let scheme = full_uri
        .split_once("://")
        .map_or(String::new(), |(scheme, _)| scheme.to_ascii_lowercase());
    if scheme != "http" && scheme != "https" {
        return Err(CredentialsError::Python(format!(
            "An HTTP Client raised an unhandled exception: Not supported URL scheme {scheme}"
        )));
    }
    let mut headers = vec![("Accept".to_string(), "application/json".to_string())];
    if let Some(token) = token {
        headers.push(("Authorization".to_string(), token));
    }
    let mut attempts = 0;
    let response = loop {
        match fetch_once(ctx, full_uri, headers.clone()).await {
            Ok(response) => break response,
            Err(error_msg) => {
                ctx.sleeper.sleep(SLEEP).await;
                attempts += 1;
                if attempts >= RETRY_ATTEMPTS {
                    return Err(metadata_error(error_msg));
                }
            }
        }
    };
    let field = |key: &str| -> Result<String, CredentialsError> {
        response
            .get(key)
            .map(crate::pyjson::py_str)
            .ok_or_else(|| CredentialsError::Python(format!("'{key}'")))
    };
    let access_key_id = field("AccessKeyId")?;
    let secret_access_key = field("SecretAccessKey")?;
    let token = field("Token")?;
    let expiration_text = field("Expiration")?;
    let expiration = crate::time::parse_system_time(&expiration_text).ok_or_else(|| {
        CredentialsError::Python(format!("Unknown string format: {expiration_text}"))
    })?;
    Ok(Credentials {
        access_key_id,
        secret_access_key,
        session_token: Some(token),
        expiration: Some(expiration),
    })
}

/// `_get_response`: the parsed JSON, or the `MetadataRetrievalError` message.
async fn fetch_once(
    ctx: &Context,
    url: &str,
    headers: Vec<(String, String)>,
) -> Result<serde_json::Value, String> {
    let response = ctx
        .send_plain("GET", url, headers, TIMEOUT)
        .await
        .map_err(|e| {
            format!(
                "Received error when attempting to retrieve container metadata: {}",
                crate::context::transport_error_text(&e, url)
            )
        })?;
    let text = String::from_utf8_lossy(&response.body);
    if response.status != 200 {
        return Err(format!(
            "Received non 200 response {} from container metadata: {text}",
            response.status
        ));
    }
    serde_json::from_str(&text)
        .map_err(|_| "Unable to parse JSON returned from container metadata services".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_hosts_follow_botocore() {
        for url in [
            "https://example.com/creds",
            "http://127.0.0.1:8080/creds",
            "http://127.1.2.3/creds",
            "http://[::1]:80/creds",
            "http://169.254.170.2/creds",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/creds",
            "http://LOCALHOST:9/creds",
        ] {
            assert!(validate_allowed_url(url).is_ok(), "{url}");
        }
        let error = validate_allowed_url("http://192.168.1.1/creds").unwrap_err();
        assert_eq!(
            error.to_string(),
            "Unsupported host '192.168.1.1'.  Can only retrieve metadata from a loopback address or one of these hosts: 169.254.170.2, 169.254.170.23, fd00:ec2::23, localhost"
        );
        assert!(validate_allowed_url("http://example.com/").is_err());
    }
}
