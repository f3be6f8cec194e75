//! The loaded configuration and the generic resolver: botocore's `Session` config handling
//! (`full_config`, `get_scoped_config`, `get_config_variable`) over an injected [`Env`] and [`Fs`].
//!
//! - Files: `config_file` (`AWS_CONFIG_FILE` or `~/.aws/config`) and `credentials_file`
//!   (`AWS_SHARED_CREDENTIALS_FILE` or `~/.aws/credentials`), paths expanded as botocore does. A
//!   missing or unreadable file is empty; a malformed one is `Unable to parse config file: <path>`.
//! - Profiles (`Session.full_config`): the config file's profiles, then every credentials-file
//!   section merged in by literal name, its keys **overriding** the config file's. So `region` in
//!   the credentials file wins over the config file, and `[foo]` in the credentials file is a
//!   profile although `[foo]` in the config file is not.
//! - Profile selection: `--profile` > `AWS_PROFILE` > `AWS_DEFAULT_PROFILE`; when none is given
//!   the scoped config is `default` or empty, but a named profile (even `default`, even `""` from
//!   the environment) must exist, else `The config profile (NAME) could not be found`. The error
//!   is raised lazily, only when a lookup reaches the config file step, as in botocore.
//! - Resolution walks a [`Setting`]'s chain (see [`crate::settings`]): command line > environment
//!   > profile > default, with the per-setting exceptions the table encodes.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use crate::config_file::{
    build_profile_map, raw_config_parse, ConfigFile, ConfigSection, ConfigValue, RawConfig,
};
use crate::env::{expand_path, Env, Fs};
use crate::error::ConfigError;
use crate::settings::{self, ensure_boolean, parse_python_int, Setting, Step};
use crate::EnvVars;

/// Values given on the command line, by setting logical name (`profile`, `region`, `output`,
/// `endpoint_url`, `ca_bundle`, `cli_binary_format`, ...). botocore calls these instance
/// variables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandLine {
    values: IndexMap<String, String>,
}

impl CommandLine {
    /// No command-line values.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `--<name> value` for the setting `name`.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.values.insert(name.into(), value.into());
        self
    }

    /// Builder form of [`CommandLine::set`].
    pub fn with(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.set(name, value);
        self
    }

    /// The value given for `name`. An empty `--profile ""` or `--region ""` counts as not given
    /// (`clidriver._handle_top_level_args` tests truthiness).
    pub fn get(&self, name: &str) -> Option<&str> {
        let value = self.values.get(name)?;
        if value.is_empty() && matches!(name, "profile" | "region") {
            return None;
        }
        Some(value)
    }
}

/// Where a resolved value came from (the `Type`/`Location` columns of `configure list`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueSource {
    /// A command-line option.
    CommandLine,
    /// The named environment variable.
    Environment(String),
    /// The config file at this path.
    ConfigFile(PathBuf),
    /// The credentials file at this path. Note: `configure list` in the reference reports every
    /// scoped-config value as `config-file` with the config path, even one that came from here.
    CredentialsFile(PathBuf),
    /// The setting's default.
    Default,
}

/// A resolved setting value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedValue {
    /// The value as configured (strings; convert with the setting's kind).
    pub value: String,
    /// Where it came from.
    pub source: ValueSource,
}

/// Which file a profile value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileOrigin {
    /// The config file.
    Config,
    /// The credentials file.
    Credentials,
}

/// A value of a merged profile, with its origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileValue {
    /// The value.
    pub value: ConfigValue,
    /// The file it came from.
    pub origin: FileOrigin,
}

/// A merged profile (config file keys overridden by credentials file keys), in key order.
pub type Profile = IndexMap<String, ProfileValue>;

/// The two shared files, parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadedFiles {
    /// Expanded config file path.
    pub config_path: PathBuf,
    /// Expanded credentials file path.
    pub credentials_path: PathBuf,
    /// The config file after `build_profile_map` (empty when the file is absent).
    pub config: ConfigFile,
    /// The config file as parsed, for layout-preserving writes; `None` when absent.
    pub config_raw: Option<RawConfig>,
    /// The credentials file sections by literal name (empty when absent).
    pub credentials: IndexMap<String, ConfigSection>,
    /// The credentials file as parsed; `None` when absent.
    pub credentials_raw: Option<RawConfig>,
}

impl LoadedFiles {
    /// Resolves both paths from `env` and reads them through `fs`.
    pub fn load(env: &Env, fs: &dyn Fs) -> Result<Self, ConfigError> {
        let config_path = config_file_path(env);
        let credentials_path = credentials_file_path(env);
        let config = fs.read_file(&config_path);
        let credentials = fs.read_file(&credentials_path);
        Self::from_contents(
            config_path,
            config.as_deref(),
            credentials_path,
            credentials.as_deref(),
        )
    }

    /// Builds from file contents (`None` = the file does not exist).
    pub fn from_contents(
        config_path: PathBuf,
        config: Option<&[u8]>,
        credentials_path: PathBuf,
        credentials: Option<&[u8]>,
    ) -> Result<Self, ConfigError> {
        let config_raw = config
            .map(|bytes| parse_file(&config_path, bytes))
            .transpose()?;
        let credentials_raw = credentials
            .map(|bytes| parse_file(&credentials_path, bytes))
            .transpose()?;
        Ok(Self {
            config: config_raw
                .as_ref()
                .map(|raw| build_profile_map(&raw.sections))
                .unwrap_or_default(),
            credentials: credentials_raw
                .as_ref()
                .map(|raw| raw.sections.clone())
                .unwrap_or_default(),
            config_path,
            credentials_path,
            config_raw,
            credentials_raw,
        })
    }
}

/// Parses one shared file, naming it in the error.
pub fn parse_file(path: &Path, bytes: &[u8]) -> Result<RawConfig, ConfigError> {
    raw_config_parse(bytes).map_err(|source| ConfigError::ConfigParse {
        path: path.to_path_buf(),
        source,
    })
}

/// The expanded config file path: `AWS_CONFIG_FILE` or `~/.aws/config`.
pub fn config_file_path(env: &Env) -> PathBuf {
    expand_path(
        env.get(EnvVars::AWS_CONFIG_FILE).unwrap_or("~/.aws/config"),
        env,
    )
}

/// The expanded credentials file path: `AWS_SHARED_CREDENTIALS_FILE` or `~/.aws/credentials`.
pub fn credentials_file_path(env: &Env) -> PathBuf {
    expand_path(
        env.get(EnvVars::AWS_SHARED_CREDENTIALS_FILE)
            .unwrap_or("~/.aws/credentials"),
        env,
    )
}

/// `cli_timestamp_format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// Reformat as ISO 8601 (default).
    Iso8601,
    /// Print timestamps exactly as received.
    Wire,
}

/// `cli_binary_format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryFormat {
    /// Blob parameters are base64 text (default).
    Base64,
    /// Blob parameters are raw bytes; output stays base64.
    RawInBase64Out,
}

/// The configuration of one CLI invocation.
#[derive(Debug, Clone)]
pub struct Config {
    env: Env,
    command_line: CommandLine,
    files: LoadedFiles,
    profiles: IndexMap<String, Profile>,
    profile: Option<ResolvedValue>,
    empty_profile: Profile,
}

impl Config {
    /// Loads both files through `fs` and selects the profile.
    pub fn load(env: Env, fs: &dyn Fs, command_line: CommandLine) -> Result<Self, ConfigError> {
        let files = LoadedFiles::load(&env, fs)?;
        Ok(Self::from_parts(env, command_line, files))
    }

    /// Builds from already loaded files.
    pub fn from_parts(env: Env, command_line: CommandLine, files: LoadedFiles) -> Self {
        let profiles = merge_profiles(&files);
        let mut config = Self {
            env,
            command_line,
            files,
            profiles,
            profile: None,
            empty_profile: Profile::new(),
        };
        config.profile = settings::setting("profile").and_then(|setting| {
            // The profile chain has no config-file step, so it cannot fail.
            config.resolve_setting(setting).ok().flatten()
        });
        config
    }

    /// The injected environment.
    pub fn env(&self) -> &Env {
        &self.env
    }

    /// The command-line values.
    pub fn command_line(&self) -> &CommandLine {
        &self.command_line
    }

    /// The loaded files (paths, parsed documents).
    pub fn files(&self) -> &LoadedFiles {
        &self.files
    }

    /// The selected profile and where it came from; `None` when no profile was named.
    pub fn profile(&self) -> Option<&ResolvedValue> {
        self.profile.as_ref()
    }

    /// The selected profile name, `default` when none was named (the name credential providers
    /// use: `get_config_variable('profile') or 'default'`).
    pub fn profile_name(&self) -> &str {
        match &self.profile {
            Some(profile) if !profile.value.is_empty() => &profile.value,
            _ => "default",
        }
    }

    /// Whether `--profile` was given, which removes the environment credential provider and the
    /// web-identity environment variables from the chain.
    pub fn profile_from_command_line(&self) -> bool {
        self.command_line.get("profile").is_some()
    }

    /// All profiles (config file merged with credentials file), by name.
    pub fn profiles(&self) -> &IndexMap<String, Profile> {
        &self.profiles
    }

    /// The selected profile's settings (`Session.get_scoped_config`).
    pub fn scoped_config(&self) -> Result<&Profile, ConfigError> {
        match &self.profile {
            None => Ok(self.profiles.get("default").unwrap_or(&self.empty_profile)),
            Some(profile) => {
                self.profiles
                    .get(&profile.value)
                    .ok_or_else(|| ConfigError::ProfileNotFound {
                        profile: profile.value.clone(),
                    })
            }
        }
    }

    /// Resolves the setting `name` of the table.
    pub fn resolve(&self, name: &str) -> Result<Option<ResolvedValue>, ConfigError> {
        let setting =
            settings::setting(name).ok_or_else(|| ConfigError::UnknownSetting(name.into()))?;
        self.resolve_setting(setting)
    }

    /// Walks `setting`'s chain and returns the first value found.
    pub fn resolve_setting(&self, setting: &Setting) -> Result<Option<ResolvedValue>, ConfigError> {
        for step in setting.chain {
            let found = match *step {
                Step::CommandLine => {
                    self.command_line
                        .get(setting.name)
                        .map(|value| ResolvedValue {
                            value: value.to_string(),
                            source: ValueSource::CommandLine,
                        })
                }
                Step::Env(name) => self.env.get(name).map(|value| ResolvedValue {
                    value: value.to_string(),
                    source: ValueSource::Environment(name.to_string()),
                }),
                Step::Config(key) => {
                    // A nested block where a plain value is expected is skipped; botocore would
                    // hand the dict to the consumer, which then fails in its own way.
                    self.scoped_config()?.get(key).and_then(|entry| {
                        entry
                            .value
                            .as_str()
                            .map(|value| self.profile_value(value, entry.origin))
                    })
                }
                Step::ConfigNested(block, key) => {
                    self.scoped_config()?.get(block).and_then(|entry| {
                        entry
                            .value
                            .as_nested()
                            .and_then(|nested| nested.get(key))
                            .map(|value| self.profile_value(value, entry.origin))
                    })
                }
                Step::Default(value) => Some(ResolvedValue {
                    value: value.to_string(),
                    source: ValueSource::Default,
                }),
            };
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    pub(crate) fn profile_value(&self, value: &str, origin: FileOrigin) -> ResolvedValue {
        ResolvedValue {
            value: value.to_string(),
            source: match origin {
                FileOrigin::Config => ValueSource::ConfigFile(self.files.config_path.clone()),
                FileOrigin::Credentials => {
                    ValueSource::CredentialsFile(self.files.credentials_path.clone())
                }
            },
        }
    }

    /// Resolves a boolean setting with botocore's `ensure_boolean`.
    pub fn resolve_bool(&self, name: &str) -> Result<Option<bool>, ConfigError> {
        Ok(self.resolve(name)?.map(|v| ensure_boolean(&v.value)))
    }

    /// Resolves an integer setting with Python's `int()` rules.
    pub fn resolve_int(&self, name: &str) -> Result<Option<i64>, ConfigError> {
        self.resolve(name)?
            .map(|v| {
                parse_python_int(&v.value).ok_or_else(|| ConfigError::InvalidInteger {
                    setting: name.to_string(),
                    value: v.value.clone(),
                })
            })
            .transpose()
    }

    /// `cli_timestamp_format` as `awscli/customizations/timestampformat.py` reads it: from the
    /// profile only, `iso8601` when unset or when the named profile does not exist.
    pub fn timestamp_format(&self) -> Result<TimestampFormat, ConfigError> {
        let value = match self.resolve("cli_timestamp_format") {
            Ok(value) => value.map(|v| v.value),
            Err(ConfigError::ProfileNotFound { .. }) => None,
            Err(error) => return Err(error),
        };
        match value.as_deref().unwrap_or("iso8601") {
            "iso8601" => Ok(TimestampFormat::Iso8601),
            "wire" => Ok(TimestampFormat::Wire),
            other => Err(ConfigError::UnknownTimestampFormat {
                value: other.to_string(),
            }),
        }
    }

    /// `cli_binary_format` as `awscli/customizations/binaryformat.py` reads it: command line, then
    /// profile, then `base64` (also when the named profile does not exist).
    pub fn binary_format(&self) -> Result<BinaryFormat, ConfigError> {
        let value = match self.resolve("cli_binary_format") {
            Ok(value) => value.map(|v| v.value),
            Err(ConfigError::ProfileNotFound { .. }) => None,
            Err(error) => return Err(error),
        };
        match value.as_deref().unwrap_or("base64") {
            "base64" => Ok(BinaryFormat::Base64),
            "raw-in-base64-out" => Ok(BinaryFormat::RawInBase64Out),
            other => Err(ConfigError::UnknownBinaryFormat {
                value: other.to_string(),
            }),
        }
    }
}

/// `Session.full_config['profiles']`: config profiles, then credentials sections merged in with
/// `dict.update` semantics (existing keys keep their position, values are replaced).
fn merge_profiles(files: &LoadedFiles) -> IndexMap<String, Profile> {
    let tag = |section: &ConfigSection, origin: FileOrigin| -> Profile {
        section
            .iter()
            .map(|(key, value)| {
                (
                    key.clone(),
                    ProfileValue {
                        value: value.clone(),
                        origin,
                    },
                )
            })
            .collect()
    };
    let mut profiles: IndexMap<String, Profile> = files
        .config
        .profiles
        .iter()
        .map(|(name, section)| (name.clone(), tag(section, FileOrigin::Config)))
        .collect();
    for (name, section) in &files.credentials {
        let entry = profiles.entry(name.clone()).or_default();
        entry.extend(tag(section, FileOrigin::Credentials));
    }
    profiles
}
