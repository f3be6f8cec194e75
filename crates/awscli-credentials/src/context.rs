//! The injected world every provider works in: the loaded configuration, files, HTTP, clock,
//! sleeper and MFA prompt ([`crate::ChainOptions`] turned into one shared value).

use std::sync::Arc;
use std::time::Duration;

use awscli_client::{Clock, HttpTransport, PreparedRequest, Sleeper, TransportError};
use awscli_config::Config;

use crate::fs::{FileSystem, JsonFileCache};

/// Reads one line of user input after showing `prompt` (botocore's `getpass.getpass`).
pub type Prompter = Arc<dyn Fn(&str) -> std::io::Result<String> + Send + Sync>;

/// Everything the providers share.
pub(crate) struct Context {
    pub config: Config,
    pub fs: Arc<dyn FileSystem>,
    pub transport: Arc<dyn HttpTransport>,
    pub clock: Clock,
    pub sleeper: Arc<dyn Sleeper>,
    pub prompter: Option<Prompter>,
    /// The region nested clients (STS) use: the command's region, else the configured one.
    pub region: Option<String>,
    /// `~/.aws/cli/cache` (assume-role, web identity and SSO credentials).
    pub credential_cache: JsonFileCache,
    /// `~/.aws/sso/cache` (SSO tokens).
    pub sso_token_cache: JsonFileCache,
    pub user_agent: String,
}

/// A plain HTTP response (IMDS, container endpoint).
pub(crate) struct PlainResponse {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Context {
    /// Sends a request outside the AWS call machinery (no signing, no retries) with a total
    /// `timeout`, as botocore's `URLLib3Session(timeout=...)` does for metadata services.
    pub async fn send_plain(
        &self,
        method: &str,
        url: &str,
        headers: Vec<(String, String)>,
        timeout: Duration,
    ) -> Result<PlainResponse, TransportError> {
        let request = PreparedRequest {
            method: method.to_string(),
            url: url.to_string(),
            headers,
            body: bytes::Bytes::new(),
        };
        let exchange = async {
            let response = self.transport.send(&request).await?;
            let (status, _headers, body) = response.into_bytes().await?;
            Ok(PlainResponse { status, body })
        };
        match tokio::time::timeout(timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(TransportError::ReadTimeout),
        }
    }
}

/// botocore's text for a transport failure against `url` (`EndpointConnectionError` etc.).
pub(crate) fn transport_error_text(error: &TransportError, url: &str) -> String {
    match error {
        TransportError::Connect(_) => format!("Could not connect to the endpoint URL: \"{url}\""),
        TransportError::ConnectTimeout => format!("Connect timeout on endpoint URL: \"{url}\""),
        TransportError::ReadTimeout => format!("Read timeout on endpoint URL: \"{url}\""),
        TransportError::ConnectionClosed(_) => format!(
            "Connection was closed before we received a valid response from endpoint URL: \"{url}\"."
        ),
        other => other.to_string(),
    }
}
