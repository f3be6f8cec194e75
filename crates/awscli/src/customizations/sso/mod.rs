//! `aws sso login` and `aws sso logout`: the OIDC device-code flow that
//! fills the SSO token cache, and the removal of cached tokens and role
//! credentials.
//!
//! Spec: `awscli/customizations/sso/` of the reference (2.9.19: `login.py`,
//! `logout.py`, `utils.py`), botocore `utils.py:SSOTokenFetcher`, and
//! reference-cli.md sections 2.1 (cache locations) and 7 (`sso login`).
//! Where 2.36 differs we follow it as far as this build goes:
//! `--use-device-code` is accepted (the device flow is the only flow here;
//! 2.22+ defaults to a PKCE browser flow), and the `sso-oidc`/`sso` clients
//! honour the configured endpoint URLs (`AWS_ENDPOINT_URL_SSO_OIDC`,
//! `AWS_ENDPOINT_URL_SSO`, `AWS_ENDPOINT_URL`, `endpoint_url`) as every
//! client of the newer CLI does. A browser is only started when there is a
//! display to show it on.
//!
//! The SSO credential provider that reads what this writes lives in
//! `awscli-credentials` (`sso.rs`). `aws configure sso` logs in and lists
//! accounts and roles through [`do_sso_login`] and [`PortalClient`].
mod cache;
mod token_fetcher;

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

use awscli_client::{CallContext, CallError, HttpClient};
use awscli_model::{Service, Value};
use indexmap::IndexMap;

use super::args::{self, Spec};
use crate::call;
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::{config_error, Session};
use cache::JsonFileCache;
use token_fetcher::{Authorization, FetchError, OidcClient, TokenFetcher};

/// `LOGIN_ARGS` plus `--sso-session`; `--use-device-code` is 2.22+.
const LOGIN_ARGS: &[Spec] = &[
    Spec::flag("--no-browser"),
    Spec::flag("--use-device-code"),
    Spec::value("--sso-session"),
];

/// What `BaseSSOCommand._get_sso_config` resolves.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SsoConfig {
    start_url: String,
    region: String,
    session_name: Option<String>,
    registration_scopes: Option<Vec<String>>,
}

/// `InvalidSSOConfigError`, a `ConfigurationError`: exit code 253 and, in
/// 2.36's layout, the bare message (no `An error occurred (Code)` prefix,
/// which `CliError::Configuration` always adds), so it is reported here.
fn invalid_sso_config(message: String) -> CliError {
    // A closed stderr has nowhere else to report to; the exit code remains.
    let _ = write!(std::io::stderr(), "\naws: [ERROR]: {}\n", message.trim());
    CliError::Reported(253)
}

/// `parse_sso_registration_scopes`: comma-separated, stripped, no empties.
fn parse_registration_scopes(raw: &str) -> Vec<String> {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `BaseSSOCommand._get_sso_config`: the `sso-session` named on the command
/// line or by the profile, else the legacy keys of the profile itself.
fn sso_config(session: &Session, explicit_session: Option<&str>) -> Result<SsoConfig, CliError> {
    let scoped = session.config.scoped_config().map_err(config_error)?;
    let from_profile = |key: &str| {
        scoped
            .get(key)
            .and_then(|v| v.value.as_str())
            .map(str::to_owned)
    };
    let session_name = match explicit_session {
        Some(name) => Some(name.to_owned()),
        None => from_profile("sso_session"),
    }
    .filter(|name| !name.is_empty());
    let required = ["sso_start_url", "sso_region"];
    let Some(session_name) = session_name else {
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|key| !scoped.contains_key(*key))
            .collect();
        if !missing.is_empty() {
            return Err(invalid_sso_config(format!(
                "Missing the following required SSO configuration values: {}. To make sure this profile is properly configured to use SSO, please run: aws configure sso",
                missing.join(", ")
            )));
        }
        return Ok(SsoConfig {
            start_url: from_profile("sso_start_url").unwrap_or_default(),
            region: from_profile("sso_region").unwrap_or_default(),
            session_name: None,
            registration_scopes: None,
        });
    };
    let Some(section) = session
        .config
        .files()
        .config
        .sso_sessions
        .get(&session_name)
    else {
        return Err(invalid_sso_config(format!(
            "The specified sso-session does not exist: \"{session_name}\""
        )));
    };
    let value = |key: &str| section.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|key| !section.contains_key(*key))
        .collect();
    if !missing.is_empty() {
        return Err(invalid_sso_config(format!(
            "Missing the following required SSO configuration values: {}. ",
            missing.join(", ")
        )));
    }
    Ok(SsoConfig {
        start_url: value("sso_start_url").unwrap_or_default(),
        region: value("sso_region").unwrap_or_default(),
        registration_scopes: value("sso_registration_scopes")
            .map(|raw| parse_registration_scopes(&raw)),
        session_name: Some(session_name),
    })
}

/// A client the reference makes with `session.create_client(name,
/// region_name=region)`: the command's profile and configured endpoint
/// URLs, but not its `--endpoint-url` or `--region`. Its operations are
/// unsigned (`smithy.api#noAuth`), so no credentials are resolved.
struct NestedClient {
    service: Service,
    contexts: HashMap<String, CallContext>,
    runtime: tokio::runtime::Runtime,
}

impl NestedClient {
    fn new(
        globals: &GlobalArgs,
        env: &Env,
        service_name: &str,
        region: &str,
        operations: &[&str],
    ) -> Result<NestedClient, CliError> {
        let nested_globals = GlobalArgs {
            region: Some(region.to_owned()),
            endpoint_url: None,
            ..globals.clone()
        };
        let session = Session::new(&nested_globals, env)?;
        let service = awscli_model::store::load(service_name)
            .map_err(|e| CliError::General(e.to_string()))?;
        let transport: Arc<HttpClient> = call::transport(&session)?;
        let mut contexts = HashMap::new();
        for name in operations {
            let operation = service
                .operation(name)
                .map_err(|e| CliError::General(e.to_string()))?;
            let endpoint = session.resolve_endpoint(&service, operation, &Value::empty_map())?;
            let ctx = call::context(
                &session,
                &service,
                operation,
                &endpoint,
                Arc::clone(&transport),
            )?;
            contexts.insert((*name).to_owned(), ctx);
        }
        Ok(NestedClient {
            service,
            contexts,
            runtime: crate::operations::runtime()?,
        })
    }

    fn call(&mut self, operation: &str, input: &Value) -> Result<Value, CallError> {
        let (Some(ctx), Ok(op)) = (
            self.contexts.get(operation),
            self.service.operation(operation),
        ) else {
            return Err(CallError::Io(std::io::Error::other(format!(
                "operation {operation} was not prepared"
            ))));
        };
        let mut output =
            self.runtime
                .block_on(awscli_client::invoke(ctx, &self.service, op, input))?;
        if let Some(map) = output.as_map_mut() {
            map.shift_remove("ResponseMetadata");
        }
        Ok(output)
    }
}

impl OidcClient for NestedClient {
    fn call(&mut self, operation: &str, input: Value) -> Result<Value, CallError> {
        NestedClient::call(self, operation, &input)
    }
}

/// `~/...` under the `HOME` of the command's environment.
fn home_path(session: &Session, path: &str) -> PathBuf {
    PathBuf::from(awscli_config::env::expand_user(path, session.config.env()))
}

/// `PrintOnlyHandler` (`--no-browser`).
fn print_only_message(auth: &Authorization) -> String {
    format!(
        "Browser will not be automatically opened.\nPlease visit the following URL:\n\n{}\n\nThen enter the code:\n\n{}\n\nAlternatively, you may visit the following URL which will autofill the code upon loading:\n{}\n",
        auth.verification_uri, auth.user_code, auth.verification_uri_complete
    )
}

/// `OpenBrowserHandler`'s message.
fn open_browser_message(auth: &Authorization) -> String {
    format!(
        "Attempting to automatically open the SSO authorization page in your default browser.\nIf the browser does not open or you wish to use a different device to authorize this request, open the following URL:\n\n{}\n\nThen enter the code:\n\n{}\n",
        auth.verification_uri, auth.user_code
    )
}

/// `webbrowser.open_new_tab`, but only where a graphical browser can show:
/// Python's fallbacks (lynx, w3m ...) would take over the terminal the
/// user is reading the code from. Failures are only logged by the
/// reference, so they are ignored here.
fn open_browser(url: &str, env: &Env) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|k| env.get(*k).is_some_and(|v| !v.is_empty()))
    {
        "xdg-open"
    } else {
        return;
    };
    let _ = std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

fn fetch_error(error: FetchError) -> RunError {
    match error {
        FetchError::Call(e) => call::call_error(e).into(),
        // Writing the handler's message to a closed pipe is not an error
        // report of its own.
        FetchError::Cache(e) if e.kind() == std::io::ErrorKind::BrokenPipe => RunError::Io(e),
        other => CliError::General(other.to_string()).into(),
    }
}

/// What `do_sso_login` is asked for by `aws configure sso`.
pub(crate) struct SsoLogin<'a> {
    pub start_url: &'a str,
    pub sso_region: &'a str,
    pub session_name: Option<&'a str>,
    pub registration_scopes: Option<&'a [String]>,
    /// New `sso-session`s always log in again, whatever is cached.
    pub force_refresh: bool,
    /// `--no-browser`: `PrintOnlyHandler` instead of `OpenBrowserHandler`.
    pub no_browser: bool,
}

/// `awscli.customizations.sso.utils.do_sso_login`: the cached token when
/// still good (unless `force_refresh`), else the device flow with the
/// handler's message on `stdout`. Returns the access token.
pub(crate) fn do_sso_login(
    globals: &GlobalArgs,
    env: &Env,
    login: &SsoLogin<'_>,
    stdout: &mut dyn Write,
) -> Result<String, RunError> {
    let session = Session::new(globals, env)?;
    let mut client = NestedClient::new(
        globals,
        env,
        "sso-oidc",
        login.sso_region,
        &["RegisterClient", "StartDeviceAuthorization", "CreateToken"],
    )?;
    let cache = JsonFileCache::new(home_path(&session, "~/.aws/sso/cache"));
    let clock = SystemTime::now;
    let mut sleep = std::thread::sleep;
    let no_browser = login.no_browser;
    let mut on_pending = |auth: &Authorization| -> std::io::Result<()> {
        if no_browser {
            stdout.write_all(print_only_message(auth).as_bytes())?;
            stdout.flush()
        } else {
            stdout.write_all(open_browser_message(auth).as_bytes())?;
            stdout.flush()?;
            open_browser(&auth.verification_uri_complete, env);
            Ok(())
        }
    };
    let token = TokenFetcher {
        sso_region: login.sso_region.to_owned(),
        client: &mut client,
        cache: &cache,
        clock: &clock,
        sleep: &mut sleep,
    }
    .fetch_token(
        login.start_url,
        login.session_name,
        login.registration_scopes,
        login.force_refresh,
        &mut on_pending,
    )
    .map_err(fetch_error)?;
    Ok(token
        .get("accessToken")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned())
}

/// The unsigned `sso` portal client `aws configure sso` lists accounts and
/// roles with (`ListAccounts`, `ListAccountRoles`).
pub(crate) struct PortalClient(NestedClient);

impl PortalClient {
    pub(crate) fn new(
        globals: &GlobalArgs,
        env: &Env,
        sso_region: &str,
    ) -> Result<PortalClient, CliError> {
        NestedClient::new(
            globals,
            env,
            "sso",
            sso_region,
            &["ListAccounts", "ListAccountRoles"],
        )
        .map(PortalClient)
    }

    pub(crate) fn call(&mut self, operation: &str, input: &Value) -> Result<Value, CallError> {
        self.0.call(operation, input)
    }
}

/// Runs `aws sso login` with the words after it.
pub fn login(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let parsed = args::parse(LOGIN_ARGS, rest)?;
    let session = Session::new(globals, env)?;
    let config = sso_config(&session, parsed.value("--sso-session"))?;
    let no_browser = parsed.flag("--no-browser");
    let mut client = NestedClient::new(
        globals,
        env,
        "sso-oidc",
        &config.region,
        &["RegisterClient", "StartDeviceAuthorization", "CreateToken"],
    )?;
    let cache = JsonFileCache::new(home_path(&session, "~/.aws/sso/cache"));
    let clock = SystemTime::now;
    let mut sleep = std::thread::sleep;
    let mut on_pending = |auth: &Authorization| -> std::io::Result<()> {
        if no_browser {
            stdout.write_all(print_only_message(auth).as_bytes())?;
            stdout.flush()
        } else {
            stdout.write_all(open_browser_message(auth).as_bytes())?;
            stdout.flush()?;
            open_browser(&auth.verification_uri_complete, env);
            Ok(())
        }
    };
    TokenFetcher {
        sso_region: config.region.clone(),
        client: &mut client,
        cache: &cache,
        clock: &clock,
        sleep: &mut sleep,
    }
    .fetch_token(
        &config.start_url,
        config.session_name.as_deref(),
        config.registration_scopes.as_deref(),
        true,
        &mut on_pending,
    )
    .map_err(fetch_error)?;
    writeln!(
        stdout,
        "Successfully logged into Start URL: {}",
        config.start_url
    )?;
    Ok(0)
}

/// Runs `aws sso logout` with the words after it: every cached token is
/// revoked with `sso:Logout` (a service error is ignored: the token may be
/// expired already) and removed, then every role credential the SSO
/// provider cached.
pub fn logout(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    _stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    args::parse(&[], rest)?;
    let session = Session::new(globals, env)?;
    cache::sweep(
        &home_path(&session, "~/.aws/sso/cache"),
        |contents| contents.get("accessToken").is_some(),
        |contents| -> Result<(), RunError> {
            let region = contents
                .get("region")
                .and_then(|r| r.as_str())
                .filter(|r| !r.is_empty());
            let Some(region) = region else {
                return Ok(());
            };
            let access_token = match contents.get("accessToken") {
                Some(serde_json::Value::String(token)) => token.clone(),
                Some(other) => other.to_string(),
                None => String::new(),
            };
            let mut client = NestedClient::new(globals, env, "sso", region, &["Logout"])?;
            let input = Value::Map(IndexMap::from([(
                "accessToken".to_owned(),
                Value::String(access_token),
            )]));
            match client.call("Logout", &input) {
                Ok(_) | Err(CallError::Service { .. }) => Ok(()),
                Err(other) => Err(call::call_error(other).into()),
            }
        },
    )?;
    cache::sweep(
        &home_path(&session, "~/.aws/cli/cache"),
        |contents| contents.get("ProviderType").and_then(|p| p.as_str()) == Some("sso"),
        |_| Ok::<(), RunError>(()),
    )?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_scopes_are_split_and_stripped() {
        assert_eq!(
            parse_registration_scopes(" sso:account:access , ,codewhisperer:completions"),
            vec!["sso:account:access", "codewhisperer:completions"]
        );
        assert!(parse_registration_scopes("").is_empty());
    }

    #[test]
    fn handler_messages_match_the_reference() {
        let auth = Authorization {
            device_code: "dc".into(),
            user_code: "ABCD-EFGH".into(),
            verification_uri: "https://device.sso.us-east-1.amazonaws.com/".into(),
            verification_uri_complete:
                "https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH".into(),
            interval: None,
        };
        // awscli/customizations/sso/utils.py PrintOnlyHandler / OpenBrowserHandler.
        assert_eq!(
            print_only_message(&auth),
            "Browser will not be automatically opened.\nPlease visit the following URL:\n\nhttps://device.sso.us-east-1.amazonaws.com/\n\nThen enter the code:\n\nABCD-EFGH\n\nAlternatively, you may visit the following URL which will autofill the code upon loading:\nhttps://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH\n"
        );
        assert!(open_browser_message(&auth).starts_with(
            "Attempting to automatically open the SSO authorization page in your default browser.\n"
        ));
    }
}
