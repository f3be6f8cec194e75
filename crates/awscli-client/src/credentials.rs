//! [`Credentials`]: the AWS access key a request is signed with.
//!
//! The credential provider chain lives elsewhere (awscli-config); this crate
//! only needs the resolved key, as botocore's `ReadOnlyCredentials`
//! (`botocore/credentials.py`) gives it to the signer.
use std::fmt;
use std::time::SystemTime;

/// An access key, optionally temporary (with a session token and an expiry).
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
    pub expiration: Option<SystemTime>,
}

impl Credentials {
    /// Long-term credentials: no token, no expiry.
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<String>) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token: None,
            expiration: None,
        }
    }

    /// The same key with a session token.
    pub fn with_session_token(mut self, token: impl Into<String>) -> Self {
        self.session_token = Some(token.into());
        self
    }

    pub(crate) fn to_identity(&self) -> aws_smithy_runtime_api::client::identity::Identity {
        aws_credential_types::Credentials::new(
            self.access_key_id.clone(),
            self.secret_access_key.clone(),
            self.session_token.clone(),
            self.expiration,
            "awscli",
        )
        .into()
    }
}

// Secrets never reach a log through `{:?}`.
impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "** redacted **"),
            )
            .field("expiration", &self.expiration)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_secret_and_token() {
        let c = Credentials::new("AKID", "SECRET").with_session_token("TOKEN");
        let text = format!("{c:?}");
        assert!(text.contains("AKID"));
        assert!(!text.contains("SECRET"));
        assert!(!text.contains("TOKEN"));
    }
}
