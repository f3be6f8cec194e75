//! API calls made by hand-written commands: what botocore's
//! `session.create_client(...)` followed by `client.some_operation(...)`
//! does for the reference, over the binary's own session, endpoint
//! resolution, signing context and transport (`crate::call`).
use std::sync::Arc;

use awscli_client::{CallContext, Credentials, HttpClient, Invoker, WaiterConfig, WaiterError};
use awscli_model::{Service, Value};
use indexmap::IndexMap;

use crate::call;
use crate::error::CliError;
use crate::session::Session;

/// A map value from `(key, value)` pairs, in order.
pub fn map<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect::<IndexMap<String, Value>>(),
    )
}

/// A string value.
pub fn string(s: impl Into<String>) -> Value {
    Value::String(s.into())
}

/// Loads a service model by botocore name.
pub fn model(name: &str) -> Result<Service, CliError> {
    awscli_model::store::load(name).map_err(|e| CliError::General(e.to_string()))
}

/// One command's clients: a session, one transport and one runtime, made
/// on first use.
pub struct Api {
    pub session: Session,
    transport: Option<Arc<HttpClient>>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Api {
    pub fn new(session: Session) -> Api {
        Api {
            session,
            transport: None,
            runtime: None,
        }
    }

    /// Calls `operation` of `service` with `input` and the session's credentials.
    pub fn call(
        &mut self,
        service: &Service,
        operation: &str,
        input: &Value,
    ) -> Result<Value, CliError> {
        self.call_as(service, operation, input, None)
    }

    /// The signing/transport context of one call of `operation`.
    fn context(
        &mut self,
        service: &Service,
        operation: &awscli_model::Operation,
        input: &Value,
        credentials: Option<&Credentials>,
    ) -> Result<CallContext, CliError> {
        let endpoint = self.session.resolve_endpoint(service, operation, input)?;
        let transport = match &self.transport {
            Some(t) => Arc::clone(t),
            None => {
                let t = call::transport(&self.session)?;
                self.transport = Some(Arc::clone(&t));
                t
            }
        };
        let mut ctx = call::context(&self.session, service, operation, &endpoint, transport)?;
        if let Some(c) = credentials {
            ctx.credentials = Some(c.clone());
        }
        Ok(ctx)
    }

    fn runtime(&mut self) -> Result<&tokio::runtime::Runtime, CliError> {
        if self.runtime.is_none() {
            self.runtime = Some(crate::operations::runtime()?);
        }
        Ok(self
            .runtime
            .as_ref()
            .expect("the runtime was created just above"))
    }

    /// Calls `operation`, signing with `credentials` when given (the
    /// reference's `create_client(..., aws_access_key_id=...)`).
    pub fn call_as(
        &mut self,
        service: &Service,
        operation: &str,
        input: &Value,
        credentials: Option<&Credentials>,
    ) -> Result<Value, CliError> {
        let op = operation_of(service, operation)?;
        let ctx = self.context(service, op, input, credentials)?;
        let mut output = self
            .runtime()?
            .block_on(awscli_client::invoke(&ctx, service, op, input))
            .map_err(call::call_error)?;
        drop_response_metadata(&mut output);
        Ok(output)
    }

    /// Runs the model waiter `waiter` (`ChangeSetCreateComplete`) on `input`.
    pub fn wait(
        &mut self,
        service: &Service,
        waiter: &str,
        input: &Value,
        config: WaiterConfig,
    ) -> Result<Result<(), WaiterError>, CliError> {
        let waiter = service
            .waiter(waiter)
            .map_err(|e| CliError::General(e.to_string()))?
            .ok_or_else(|| CliError::General(format!("unknown waiter {waiter}")))?;
        let op = operation_of(service, &waiter.operation)?;
        let ctx = self.context(service, op, input, None)?;
        let invoker = Invoker {
            ctx: &ctx,
            service,
            operation: op,
        };
        let runtime = self.runtime()?;
        Ok(runtime.block_on(awscli_client::wait(
            &invoker,
            waiter,
            input,
            config,
            Arc::new(awscli_client::TokioSleeper),
        )))
    }
}

fn operation_of<'a>(
    service: &'a Service,
    name: &str,
) -> Result<&'a awscli_model::Operation, CliError> {
    service
        .operation(name)
        .map_err(|e| CliError::General(e.to_string()))
}

fn drop_response_metadata(value: &mut Value) {
    if let Some(m) = value.as_map_mut() {
        m.shift_remove("ResponseMetadata");
    }
}

/// The `Credentials` of an STS `AssumeRole` answer.
pub fn assumed_credentials(output: &Value) -> Result<Credentials, CliError> {
    let creds = output
        .get("Credentials")
        .ok_or_else(|| CliError::General("AssumeRole returned no Credentials".into()))?;
    let field = |name: &str| {
        creds
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| CliError::General(format!("AssumeRole returned no {name}")))
    };
    let mut c = Credentials::new(field("AccessKeyId")?, field("SecretAccessKey")?);
    if let Ok(token) = field("SessionToken") {
        c = c.with_session_token(token);
    }
    Ok(c)
}

/// Calls STS `AssumeRole` for `role_arn` with the given session name.
pub fn assume_role(
    api: &mut Api,
    role_arn: &str,
    session_name: &str,
) -> Result<Credentials, CliError> {
    let sts = model("sts")?;
    let input = map([
        ("RoleArn", string(role_arn)),
        ("RoleSessionName", string(session_name)),
    ]);
    let output = api.call(&sts, "AssumeRole", &input)?;
    assumed_credentials(&output)
}

/// The session's credentials for signing locally (`eks get-token`, `rds
/// generate-db-auth-token`). Keys that are simply there (environment,
/// static profile keys) are taken directly, without building the HTTP
/// client and runtime the full chain needs for its network providers:
/// kubectl runs `get-token` before every request, so this is its hot path.
pub fn local_credentials(session: &Session) -> Result<Credentials, CliError> {
    let source = session
        .config
        .resolve_credential_source(&awscli_config::RealFs)
        .map_err(crate::session::config_error)?;
    match source {
        Some(awscli_config::CredentialSource::Static(c)) => Ok(Credentials {
            access_key_id: c.access_key_id,
            secret_access_key: c.secret_access_key,
            session_token: c.session_token,
            expiration: None,
        }),
        _ => call::credentials(session),
    }
}
