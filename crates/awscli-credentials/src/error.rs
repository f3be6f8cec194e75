//! [`CredentialsError`]: every way resolving credentials fails, with the reference's text
//! (botocore `exceptions.py` `fmt` strings, or the Python exception text the CLI prints).
//!
//! Return codes the binary should use (reference-cli.md section 3.1, `awscli/errorhandler.py`):
//! [`CredentialsError::NoCredentials`] → 253 (`NoCredentialsErrorHandler`); a service error
//! inside [`CredentialsError::Call`] (e.g. `AccessDenied` from `AssumeRole`) → 254 like any
//! `ClientError`; everything else → 255 (botocore exceptions reach `GeneralExceptionHandler`).

use awscli_client::CallError;

/// An error resolving or refreshing credentials.
#[derive(Debug, thiserror::Error)]
pub enum CredentialsError {
    /// botocore `NoCredentialsError`: no provider applies (rc 253).
    #[error("Unable to locate credentials")]
    NoCredentials,
    /// botocore `PartialCredentialsError`.
    #[error("Partial credentials found in {provider}, missing: {cred_var}")]
    PartialCredentials {
        /// The provider's METHOD.
        provider: String,
        /// The missing variable or key.
        cred_var: String,
    },
    /// botocore `CredentialRetrievalError`.
    #[error("Error when retrieving credentials from {provider}: {error_msg}")]
    Retrieval {
        /// The provider's METHOD (or the `credential_source` name).
        provider: String,
        /// Why.
        error_msg: String,
    },
    /// botocore `InvalidConfigError` (message as given).
    #[error("{0}")]
    InvalidConfig(String),
    /// botocore `InfiniteLoopConfigError`. `visited` is shown as a Python list.
    #[error(
        "Infinite loop in credential configuration detected. Attempting to load from profile {source_profile} which has already been visited. Visited profiles: {}",
        python_list(.visited)
    )]
    InfiniteLoop {
        /// The profile that would be visited twice.
        source_profile: String,
        /// The chain so far.
        visited: Vec<String>,
    },
    /// botocore `RefreshWithMFAUnsupportedError`.
    #[error("Cannot refresh credentials: MFA token required.")]
    RefreshWithMfaUnsupported,
    /// Refreshed credentials that are already expired (`RuntimeError`).
    #[error("Credentials were refreshed, but the refreshed credentials are still expired.")]
    RefreshedStillExpired,
    /// botocore `SSOTokenLoadError`.
    #[error("Error loading SSO Token: {0}")]
    SsoTokenLoad(String),
    /// botocore `UnauthorizedSSOTokenError`.
    #[error("The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.")]
    UnauthorizedSsoToken,
    /// botocore `TokenRetrievalError`.
    #[error("Error when retrieving token from {provider}: {error_msg}")]
    TokenRetrieval {
        /// The token provider (`sso`).
        provider: String,
        /// Why.
        error_msg: String,
    },
    /// botocore `MetadataRetrievalError` raised out of the IMDS fetcher (v1 disabled).
    #[error("Error retrieving metadata: {0}")]
    MetadataRetrieval(String),
    /// botocore `InvalidIMDSEndpointError`.
    #[error("Invalid endpoint EC2 Instance Metadata endpoint: {0}")]
    InvalidImdsEndpoint(String),
    /// botocore `InvalidIMDSEndpointModeError`.
    #[error("Invalid EC2 Instance Metadata endpoint mode: {mode} Valid endpoint modes (case-insensitive): ['ipv4', 'ipv6'].")]
    InvalidImdsEndpointMode {
        /// The configured mode.
        mode: String,
    },
    /// An AWS call (STS, SSO, SSO OIDC) failed; the text is botocore's `ClientError` or
    /// connection error.
    #[error(transparent)]
    Call(#[from] CallError),
    /// A Python exception that escapes the provider unwrapped (`ValueError`, `KeyError`,
    /// `OSError`, `JSONDecodeError`): its `str()`.
    #[error("{0}")]
    Python(String),
    /// A configuration error from the config crate.
    #[error(transparent)]
    Config(#[from] awscli_config::ConfigError),
    /// A provider this implementation does not have yet (`login`).
    #[error("The {0} credential provider is not supported")]
    Unsupported(&'static str),
    /// The MFA prompt could not be shown or read.
    #[error("{0}")]
    Prompt(String),
    /// The service model or endpoint rules could not be used (a packaging problem).
    #[error("{0}")]
    Internal(String),
}

impl CredentialsError {
    /// Whether this is `Unable to locate credentials` (rc 253 in the binary).
    pub fn is_no_credentials(&self) -> bool {
        matches!(self, CredentialsError::NoCredentials)
    }
}

/// Python's `str(list_of_str)`.
fn python_list(items: &[String]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|item| format!("'{}'", item.replace('\\', "\\\\").replace('\'', "\\'")))
        .collect();
    format!("[{}]", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infinite_loop_message_matches_botocore() {
        let error = CredentialsError::InfiniteLoop {
            source_profile: "a".into(),
            visited: vec!["a".into(), "b".into()],
        };
        assert_eq!(
            error.to_string(),
            "Infinite loop in credential configuration detected. Attempting to load from profile a which has already been visited. Visited profiles: ['a', 'b']"
        );
    }
}
