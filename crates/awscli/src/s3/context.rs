//! Call contexts for the S3 operations of one `aws s3` command, built from
//! the session (endpoint rules, credentials, retries) and cached per
//! operation and bucket, so thousands of transfers resolve the endpoint
//! and credentials once.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use awscli_client::{
    CallContext, Credentials, HttpClient, ProtocolCodec, RetryConfig, RetryMode, SigningConfig,
};
use awscli_model::{Operation, Service, Value};
use awscli_s3transfer::{ContextProvider, TransferError};

use crate::call;
use crate::error::CliError;
use crate::session::{config_error, Session};

/// The [`ContextProvider`] of the `aws s3` commands.
pub struct SessionContexts {
    session: Mutex<Session>,
    service: Arc<Service>,
    transport: Arc<HttpClient>,
    /// Resolved once, before any runtime runs (the credential chain blocks).
    credentials: Option<Credentials>,
    cache: Mutex<HashMap<(String, String), Arc<CallContext>>>,
}

impl SessionContexts {
    pub fn new(session: Session, service: Arc<Service>) -> Result<SessionContexts, CliError> {
        let transport = call::transport(&session)?;
        let credentials = if session.globals.sign_request {
            Some(call::credentials_with(&session, Arc::clone(&transport))?)
        } else {
            None
        };
        Ok(SessionContexts {
            session: Mutex::new(session),
            service,
            transport,
            credentials,
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// The context for `operation` called with `input`, as a CLI error.
    pub fn get(&self, operation: &Operation, input: &Value) -> Result<Arc<CallContext>, CliError> {
        let bucket = input
            .get("Bucket")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let key = (operation.name.clone(), bucket);
        if let Some(ctx) = self.cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return Ok(ctx);
        }
        let session = self
            .session
            .lock()
            .map_err(|_| CliError::General("session lock poisoned".into()))?;
        let endpoint = session.resolve_endpoint(&self.service, operation, input)?;
        let ctx = Arc::new(self.build(&session, operation, &endpoint)?);
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(key, Arc::clone(&ctx));
        }
        Ok(ctx)
    }
}

impl SessionContexts {
    /// `call::context` with the credentials resolved up front (that one
    /// resolves them on its own runtime, which cannot run inside ours).
    fn build(
        &self,
        session: &Session,
        operation: &Operation,
        endpoint: &crate::session::ResolvedEndpoint,
    ) -> Result<CallContext, CliError> {
        let service = &self.service;
        let region = endpoint.signing_region.clone();
        let signing = SigningConfig::resolve(
            service,
            operation,
            endpoint.auth_scheme.as_ref(),
            region.as_deref().unwrap_or(""),
            !session.globals.sign_request,
        );
        let anonymous = matches!(signing.signer, awscli_client::SignerKind::Anonymous);
        if !anonymous && region.is_none() {
            return Err(CliError::Configuration {
                code: "NoRegion",
                message: "You must specify a region. You can also configure your region by running \"aws configure\"."
                    .to_owned(),
            });
        }
        let credentials = if anonymous {
            None
        } else {
            Some(self.credentials.clone().ok_or_else(call::no_credentials)?)
        };
        let mut ctx = CallContext::new(
            endpoint.url.clone(),
            signing,
            credentials,
            Arc::clone(&self.transport) as Arc<dyn awscli_client::HttpTransport>,
            Arc::new(ProtocolCodec),
        );
        ctx.endpoint_headers = endpoint.headers.clone();
        ctx.inject_host_prefix = !session.flag("disable_host_prefix_injection")?;
        let max_attempts = session
            .config
            .resolve_int("max_attempts")
            .map_err(config_error)?
            .unwrap_or(3);
        let mode = match session.setting("retry_mode")?.as_deref() {
            Some("adaptive") => RetryMode::Adaptive,
            _ => RetryMode::Standard,
        };
        ctx.retry = RetryConfig {
            mode,
            max_attempts: max_attempts.max(1) as u32,
        };
        let lookup = |k: &str| session.env.get(k).cloned();
        let command = format!("s3.{}", awscli_args::xform_name(&operation.name));
        ctx.user_agent = crate::version::user_agent(&lookup, &command);
        ctx.read_timeout = call::http_config(session)?.read_timeout;
        if session.globals.debug {
            ctx.debug = Some(Arc::new(call::StderrLog));
        }
        Ok(ctx)
    }
}

impl ContextProvider for SessionContexts {
    fn context(
        &self,
        operation: &Operation,
        input: &Value,
    ) -> Result<Arc<CallContext>, TransferError> {
        self.get(operation, input)
            .map_err(|e| TransferError::Other(e.to_string()))
    }
}
