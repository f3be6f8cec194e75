//! AWS CLI v2 configuration: the shared `config` and `credentials` files, the settings table and
//! its resolver, configured endpoint URLs, `s3` transfer settings and the static credential
//! providers. Pure and hermetic: the environment ([`Env`]) and the filesystem ([`Fs`]) are
//! injected; nothing here reads the process environment or `~/.aws` on its own.
//!
//! Spec: /work/shared/docs/reference-cli.md sections 2.1-2.5 and 8.3; behaviour ported from
//! `awscli/botocore/{configloader,configprovider,session,credentials}.py` and
//! `awscli/clidriver.py:_update_config_chain`.
//!
//! ```
//! use awscli_config::{CommandLine, Config, Env, MemoryFs, ValueSource};
//!
//! let env = Env::from_slice(&[("HOME", "/home/u"), ("AWS_DEFAULT_REGION", "eu-west-1")]);
//! let fs = MemoryFs::from_slice(&[(
//!     "/home/u/.aws/config",
//!     "[profile dev]\nregion = us-east-1\ns3 =\n  max_concurrent_requests = 20\n",
//! )]);
//! let config = Config::load(env, &fs, CommandLine::new().with("profile", "dev")).unwrap();
//!
//! let region = config.resolve("region").unwrap().unwrap();
//! assert_eq!(region.value, "eu-west-1");
//! assert_eq!(region.source, ValueSource::Environment("AWS_DEFAULT_REGION".into()));
//! assert_eq!(config.transfer_config().unwrap().max_concurrent_requests, 20);
//! assert_eq!(config.resolve("output").unwrap().unwrap().source, ValueSource::Default);
//! ```
//!
//! Writing (`configure set`) is not implemented yet; [`ini::IniDocument`] keeps every line and
//! the line span of each section and option so a writer can edit in place.

pub mod config;
pub mod config_file;
pub mod configure;
pub mod credentials;
pub mod endpoint;
pub mod env;
pub mod env_vars;
pub mod error;
pub mod ini;
pub mod settings;
pub mod shlex;
pub mod transfer;
pub mod writer;

#[cfg(test)]
mod resolver_tests;

pub use config::{
    config_file_path, credentials_file_path, BinaryFormat, CommandLine, Config, FileOrigin,
    LoadedFiles, Profile, ProfileValue, ResolvedValue, TimestampFormat, ValueSource,
};
pub use config_file::{ConfigFile, ConfigSection, ConfigValue};
pub use configure::ConfigureGet;
pub use credentials::{CredentialMethod, CredentialSource, StaticCredentials};
pub use endpoint::{service_env_var_name, transformed_service_id};
pub use env::{Env, Fs, MemoryFs, RealFs};
pub use env_vars::EnvVars;
pub use error::ConfigError;
pub use settings::{Setting, SettingKind, Step, SETTINGS};
pub use transfer::TransferConfig;
pub use writer::{update_config_file, SectionUpdate, WriteError, WriteOutcome, WriteValue};
