//! Call contexts for the S3 operations of one `aws s3` command, built from
//! the session (endpoint rules, credentials, retries) and cached per
//! operation and bucket, so thousands of transfers resolve the endpoint
//! and credentials once; and, for S3 -> S3 transfers with
//! `--source-region`, the routing of the calls that read the source to a
//! client in the source's region.
//!
//! Spec: `ClientFactory.create_client` in `awscli/customizations/s3/factory.py`
//! (`is_source_client`) and the `source_client` of `s3handler.py`/`subscribers.py`.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use awscli_client::{CallContext, Credentials, HttpClient};
use awscli_model::{Operation, Service, Value};
use awscli_s3transfer::{ContextProvider, TransferError};

use crate::call;
use crate::error::CliError;
use crate::session::Session;

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
    /// `call::context` with the credentials resolved up front (the chain
    /// runs on its own runtime, which cannot run inside ours).
    fn build(
        &self,
        session: &Session,
        operation: &Operation,
        endpoint: &crate::session::ResolvedEndpoint,
    ) -> Result<CallContext, CliError> {
        let command = format!("s3.{}", awscli_args::xform_name(&operation.name));
        let mut ctx = call::context_with(
            session,
            &self.service,
            operation,
            endpoint,
            Arc::clone(&self.transport),
            &command,
            || self.credentials.clone().ok_or_else(call::no_credentials),
        )?;
        // The transfer engine chooses and computes its own checksums; the
        // request hooks keep botocore's defaults here.
        ctx.handlers = awscli_client::HandlerConfig::default();
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

/// The contexts of an S3 -> S3 transfer whose source is in another region
/// (`--source-region`): the transfer engine's own reads of the source
/// (HeadObject for the properties of a multipart copy, GetObjectTagging for
/// its tags) go to the source's client, as s3transfer and the copy-props
/// subscribers call `source_client`; everything else (CopyObject,
/// UploadPartCopy, the multipart calls, PutObjectTagging) goes to the
/// destination's.
pub struct CopyContexts {
    pub destination: Arc<SessionContexts>,
    pub source: Arc<SessionContexts>,
}

/// The operations an S3 -> S3 copy sends only to its source object.
const SOURCE_OPERATIONS: [&str; 2] = ["HeadObject", "GetObjectTagging"];

impl ContextProvider for CopyContexts {
    fn context(
        &self,
        operation: &Operation,
        input: &Value,
    ) -> Result<Arc<CallContext>, TransferError> {
        let contexts = if SOURCE_OPERATIONS.contains(&operation.name.as_str()) {
            &self.source
        } else {
            &self.destination
        };
        contexts.context(operation, input)
    }
}
