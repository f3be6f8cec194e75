//! Sets up the network half of an API call for the binary: the HTTP client
//! from the global options and settings, credentials, signing, retries, and
//! the `--debug` log, then hands them to `awscli-client` in a
//! `CallContext`.
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use awscli_client::handlers::{
    ChecksumAlgorithm, ChecksumWhen, HandlerConfig, HandlerError, TraceEnv,
};
use awscli_client::{
    CallContext, CallError, Credentials, DebugLog, HttpClient, HttpConfig, ProtocolCodec,
    ProxyConfig, RetryConfig, RetryMode, SigningConfig,
};
use awscli_model::{Operation, Service};

use crate::error::CliError;
use crate::session::{config_error, ResolvedEndpoint, Session};

/// Writes `--debug` records to stderr in the reference's layout
/// (`%(asctime)s - %(threadName)s - %(name)s - %(levelname)s - %(message)s`).
pub struct StderrLog;

impl DebugLog for StderrLog {
    fn debug(&self, logger: &str, message: &str) {
        let now = jiff::Zoned::now();
        let stamp = now.strftime("%Y-%m-%d %H:%M:%S,%3f");
        // A closed stderr has nowhere else to report to.
        let _ = writeln!(
            std::io::stderr(),
            "{stamp} - MainThread - {logger} - DEBUG - {message}"
        );
    }
}

/// The HTTP settings: timeouts, TLS verification, CA bundle and proxies.
pub fn http_config(session: &Session) -> Result<HttpConfig, CliError> {
    let g = &session.globals;
    let timeout = |secs: Option<i64>| match secs {
        Some(0) => None,
        Some(s) => Some(Duration::from_secs(s.unsigned_abs())),
        None => Some(Duration::from_secs(60)),
    };
    let env = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| session.env.get(*n).filter(|v| !v.is_empty()).cloned())
    };
    let ca_bundle = match session.setting("ca_bundle")? {
        Some(path) if path.is_empty() => {
            return Err(CliError::Configuration {
                code: "Configuration",
                message: "ca_bundle must not be empty".into(),
            })
        }
        Some(path) => Some(path.into()),
        None => env(&["REQUESTS_CA_BUNDLE"]).map(Into::into),
    };
    Ok(HttpConfig {
        connect_timeout: timeout(g.connect_timeout),
        read_timeout: timeout(g.read_timeout),
        verify_ssl: g.verify_ssl,
        ca_bundle,
        proxies: ProxyConfig {
            http: env(&["HTTP_PROXY", "http_proxy"]),
            https: env(&["HTTPS_PROXY", "https_proxy"]),
            no_proxy: env(&["NO_PROXY", "no_proxy"]),
        },
        ..HttpConfig::default()
    })
}

/// The credentials for a signed request, from the credential chain.
pub fn credentials(session: &Session) -> Result<Credentials, CliError> {
    if let Some(found) = static_credentials(session)? {
        return Ok(found);
    }
    credentials_with(session, transport(session)?)
}

/// The fast path of the chain: when the first provider that applies holds
/// static keys (environment, credentials file, config file), no HTTP client
/// or runtime is needed. `None` when a network or process provider comes
/// first.
fn static_credentials(session: &Session) -> Result<Option<Credentials>, CliError> {
    use awscli_config::CredentialSource;
    let source = session
        .config
        .resolve_credential_source(&awscli_config::RealFs)
        .map_err(config_error)?;
    Ok(match source {
        Some(CredentialSource::Static(c)) => Some(Credentials {
            access_key_id: c.access_key_id,
            secret_access_key: c.secret_access_key,
            session_token: c.session_token,
            expiration: None,
        }),
        _ => None,
    })
}

/// The credentials for a signed request, from the credential chain
/// (`awscli-credentials`), in the reference's provider order, fetched over
/// `transport` when a provider needs the network.
pub fn credentials_with(
    session: &Session,
    transport: Arc<HttpClient>,
) -> Result<Credentials, CliError> {
    if let Some(found) = static_credentials(session)? {
        return Ok(found);
    }
    let mut options = awscli_credentials::ChainOptions::new(transport);
    options.region = session.region()?;
    options.prompter = Some(Arc::new(prompt_line));
    let lookup = |k: &str| session.env.get(k).cloned();
    options.user_agent = crate::version::user_agent(&lookup, "credentials");
    let runtime = crate::operations::runtime()?;
    runtime.block_on(async {
        let resolved = awscli_credentials::resolve_chain(&session.config, options)
            .await
            .map_err(credentials_error)?;
        resolved
            .provider
            .credentials()
            .await
            .map_err(credentials_error)
    })
}

/// Asks a question on stderr and reads the answer from stdin (the MFA code).
fn prompt_line(question: &str) -> std::io::Result<String> {
    let mut stderr = std::io::stderr();
    write!(stderr, "{question}")?;
    stderr.flush()?;
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// A credential-chain failure as the reference reports it.
pub fn credentials_error(e: awscli_credentials::CredentialsError) -> CliError {
    use awscli_credentials::CredentialsError;
    if e.is_no_credentials() {
        return no_credentials();
    }
    match e {
        CredentialsError::Call(call) => call_error(call),
        CredentialsError::Config(config) => config_error(config),
        other => CliError::General(other.to_string()),
    }
}

/// botocore's `NoCredentialsError` as the CLI words it (exit code 253).
pub fn no_credentials() -> CliError {
    CliError::Configuration {
        code: "NoCredentials",
        message:
            "Unable to locate credentials. You can configure credentials by running \"aws login\"."
                .to_owned(),
    }
}

/// Everything needed to call `operation` at `endpoint`, credentials from
/// the chain.
pub fn context(
    session: &Session,
    service: &Service,
    operation: &Operation,
    endpoint: &ResolvedEndpoint,
    transport: Arc<HttpClient>,
) -> Result<CallContext, CliError> {
    let command = format!(
        "{}.{}",
        crate::commands::cli_name_of(&service.name),
        awscli_args::xform_name(&operation.name)
    );
    let credentials_transport = transport.clone();
    context_with(
        session,
        service,
        operation,
        endpoint,
        transport,
        &command,
        || credentials_with(session, credentials_transport),
    )
}

/// [`context`] with the credentials from `credentials` (asked only for a
/// signed request) and `command` in the User-Agent; the `s3` commands use
/// it with credentials resolved once for thousands of calls.
pub fn context_with(
    session: &Session,
    service: &Service,
    operation: &Operation,
    endpoint: &ResolvedEndpoint,
    transport: Arc<HttpClient>,
    command: &str,
    credentials: impl FnOnce() -> Result<Credentials, CliError>,
) -> Result<CallContext, CliError> {
    let no_sign = !session.globals.sign_request;
    let auth_scheme = endpoint.auth_scheme.as_ref();
    let region = endpoint.signing_region.clone();
    let signing = SigningConfig::resolve(
        service,
        operation,
        auth_scheme,
        region.as_deref().unwrap_or(""),
        no_sign,
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
        Some(credentials()?)
    };
    let mut ctx = CallContext::new(
        endpoint.url.clone(),
        signing,
        credentials,
        transport,
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
    ctx.user_agent = crate::version::user_agent(&lookup, command);
    ctx.read_timeout = http_config(session)?.read_timeout;
    ctx.handlers = handler_config(session)?;
    if session.globals.debug {
        ctx.debug = Some(Arc::new(StderrLog));
    }
    Ok(ctx)
}

/// The settings of botocore's request and response hooks: flexible
/// checksums and the trace header.
pub fn handler_config(session: &Session) -> Result<HandlerConfig, CliError> {
    let when = |key: &str| -> Result<ChecksumWhen, CliError> {
        let value = session.setting(key)?;
        ChecksumWhen::resolve(key, value.as_deref()).map_err(|e| CliError::Configuration {
            code: "Configuration",
            message: e.to_string(),
        })
    };
    Ok(HandlerConfig {
        request_checksum_calculation: when("request_checksum_calculation")?,
        response_checksum_validation: when("response_checksum_validation")?,
        // AWS CLI v2 computes CRC64NVME where botocore alone would use CRC32.
        default_checksum_algorithm: ChecksumAlgorithm::Crc64Nvme,
        trace_env: TraceEnv::from_lookup(|k| session.env.get(k).cloned()),
    })
}

/// The HTTP client, built once per command.
pub fn transport(session: &Session) -> Result<Arc<HttpClient>, CliError> {
    let config = http_config(session)?;
    if !config.verify_ssl {
        // The reference prints urllib3's warning per request; one stable line is enough.
        let _ = writeln!(
            std::io::stderr(),
            "aws: [WARNING]: TLS certificate verification is disabled (--no-verify-ssl); connections are not authenticated."
        );
    }
    HttpClient::new(&config)
        .map(Arc::new)
        .map_err(|e| CliError::General(e.to_string()))
}

/// A failed call as the reference reports it.
///
/// For service errors the `enhanced` format lists, after the message, the
/// error's other fields as `ClientErrorHandler` collects them: the keys of
/// botocore's `Error` dict besides `Code` and `Message` (`Type` ...), then the
/// modeled members botocore merges into the top level of the response.
pub fn call_error(e: CallError) -> CliError {
    match e {
        CallError::Service { ref error, .. } => {
            let mut details: Vec<(String, awscli_model::Value)> = Vec::new();
            for (key, value) in error.extra.iter().chain(error.fields.iter()) {
                let excluded = matches!(
                    key.as_str(),
                    "Code" | "Message" | "Error" | "ResponseMetadata"
                );
                if !excluded && !details.iter().any(|(k, _)| k == key) {
                    details.push((key.clone(), value.clone()));
                }
            }
            CliError::Service {
                message: e.to_string(),
                details,
            }
        }
        CallError::NoCredentials => no_credentials(),
        CallError::Handler(HandlerError::ParamValidation(_)) => CliError::param(e.to_string()),
        other => CliError::General(other.to_string()),
    }
}
