//! The AWS CLI v2 credential provider chain: which credentials a command signs with, and how
//! they are refreshed.
//!
//! Spec: /work/shared/docs/reference-cli.md section 2.5 and reference-reliability.md section 4;
//! behaviour ported from botocore `credentials.py` (`create_credential_resolver` and the
//! providers), `tokens.py` (SSO tokens), `utils.py` (`IMDSFetcher`,
//! `ContainerMetadataFetcher`, `JSONFileCache`, `SSOTokenLoader`) and the CLI's
//! `customizations/assumerole.py` (the `~/.aws/cli/cache` credential cache).
//!
//! Everything outside is injected through [`ChainOptions`]: the HTTP transport, the clock, the
//! sleeper, the filesystem and the MFA prompt; the environment and the shared files come with
//! the [`awscli_config::Config`]. Only `credential_process` spawns a real process.
//!
//! ```no_run
//! # async fn demo(config: &awscli_config::Config) -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! use awscli_credentials::{resolve_chain, ChainOptions};
//! let transport = Arc::new(awscli_client::HttpClient::new(&Default::default())?);
//! let resolved = resolve_chain(config, ChainOptions::new(transport)).await?;
//! let credentials = resolved.provider.credentials().await?; // refreshed when near expiry
//! println!("{} {}", resolved.method, credentials.access_key_id);
//! # Ok(()) }
//! ```

mod api;
mod assume_role;
mod chain;
mod container;
mod context;
pub mod error;
pub mod fs;
mod imds;
mod process;
pub mod provider;
mod pyjson;
mod sso;
pub mod static_keys;
pub mod time;
mod web_identity;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

use awscli_client::{Clock, HttpTransport, Sleeper, TokioSleeper};

pub use context::Prompter;
pub use error::CredentialsError;
pub use fs::{FileSystem, JsonFileCache, MemoryFileSystem, RealFileSystem};
pub use provider::{CredentialsProvider, Refresher};
pub use static_keys::method;

/// What the chain needs besides the configuration.
#[derive(Clone)]
pub struct ChainOptions {
    /// Sends STS/SSO calls and the container and IMDS requests.
    pub transport: Arc<dyn HttpTransport>,
    /// Token files and the JSON caches.
    pub fs: Arc<dyn FileSystem>,
    /// The current time (expiry checks, cache validity, generated session names, signing).
    pub clock: Clock,
    /// Waits between container endpoint attempts and AWS call retries.
    pub sleeper: Arc<dyn Sleeper>,
    /// Asks for the MFA code of `mfa_serial` profiles; without one such profiles fail.
    pub prompter: Option<Prompter>,
    /// The region of the client the credentials are for (botocore passes the last client's
    /// region to STS); `None` uses the configured `region`.
    pub region: Option<String>,
    /// Overrides `~/.aws/cli/cache`.
    pub credential_cache_dir: Option<PathBuf>,
    /// Overrides `~/.aws/sso/cache`.
    pub sso_cache_dir: Option<PathBuf>,
    /// Sent as `User-Agent` to the metadata services and AWS calls.
    pub user_agent: String,
}

impl ChainOptions {
    /// The real world: the given transport, the real filesystem and clock, tokio sleeps,
    /// no MFA prompt.
    pub fn new(transport: Arc<dyn HttpTransport>) -> Self {
        Self {
            transport,
            fs: Arc::new(RealFileSystem),
            clock: Arc::new(SystemTime::now),
            sleeper: Arc::new(TokioSleeper),
            prompter: None,
            region: None,
            credential_cache_dir: None,
            sso_cache_dir: None,
            user_agent: String::new(),
        }
    }
}

impl std::fmt::Debug for ChainOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChainOptions")
            .field("region", &self.region)
            .field("credential_cache_dir", &self.credential_cache_dir)
            .field("sso_cache_dir", &self.sso_cache_dir)
            .finish_non_exhaustive()
    }
}

/// The chain's answer.
#[derive(Debug, Clone)]
pub struct ResolvedCredentials {
    /// Yields (and refreshes) the credentials.
    pub provider: CredentialsProvider,
    /// botocore's METHOD of the provider that applied (`env`, `assume-role`,
    /// `assume-role-with-web-identity`, `sso`, `shared-credentials-file`, `custom-process`,
    /// `config-file`, `ec2-credentials-file`, `boto-config`, `container-role`, `iam-role`),
    /// shown by `configure list`.
    pub method: &'static str,
}

fn build_context(
    config: &awscli_config::Config,
    opts: ChainOptions,
) -> Result<Arc<context::Context>, CredentialsError> {
    let region = match opts.region {
        Some(region) => Some(region),
        None => config
            .resolve("region")?
            .map(|v| v.value)
            .filter(|r| !r.is_empty()),
    };
    let home = |path: &str| PathBuf::from(awscli_config::env::expand_user(path, config.env()));
    let credential_cache_dir = opts
        .credential_cache_dir
        .unwrap_or_else(|| home("~/.aws/cli/cache"));
    let sso_cache_dir = opts
        .sso_cache_dir
        .unwrap_or_else(|| home("~/.aws/sso/cache"));
    Ok(Arc::new(context::Context {
        config: config.clone(),
        credential_cache: JsonFileCache::new(credential_cache_dir, Arc::clone(&opts.fs)),
        sso_token_cache: JsonFileCache::new(sso_cache_dir, Arc::clone(&opts.fs)),
        fs: opts.fs,
        transport: opts.transport,
        clock: opts.clock,
        sleeper: opts.sleeper,
        prompter: opts.prompter,
        region,
        user_agent: opts.user_agent,
    }))
}

/// Walks the default credential chain for `config`'s profile and returns the first provider
/// that applies. Static, process, container and IMDS credentials are fetched now; assume-role,
/// web identity and SSO credentials on the first [`CredentialsProvider::credentials`] call.
///
/// Errors: [`CredentialsError::NoCredentials`] when nothing applies (the binary's rc 253);
/// configuration and retrieval errors with the reference's messages otherwise.
pub async fn resolve_chain(
    config: &awscli_config::Config,
    opts: ChainOptions,
) -> Result<ResolvedCredentials, CredentialsError> {
    let ctx = build_context(config, opts)?;
    match chain::load(&ctx).await? {
        Some(provider) => Ok(ResolvedCredentials {
            method: provider.method(),
            provider,
        }),
        None => Err(CredentialsError::NoCredentials),
    }
}

/// The region of the EC2 instance from IMDS (`IMDSRegionProvider`), the last step of the
/// region chain; `None` when IMDS is disabled or does not answer.
pub async fn imds_region(
    config: &awscli_config::Config,
    opts: ChainOptions,
) -> Result<Option<String>, CredentialsError> {
    let ctx = build_context(config, opts)?;
    imds::region(&ctx).await
}
