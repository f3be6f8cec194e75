//! The configuration errors, with the reference's messages (botocore `exceptions.py` `fmt`
//! strings and the CLI customizations). The binary maps them to return codes: see each variant.

use std::path::PathBuf;

use crate::config_file::RawParseError;

/// An error loading or resolving configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// botocore `ConfigParseError` (rc 255). Raised for the config file and the credentials file.
    #[error("Unable to parse config file: {}", path.display())]
    ConfigParse {
        /// The expanded path of the file.
        path: PathBuf,
        /// What configparser (or the nested parser) rejected.
        #[source]
        source: RawParseError,
    },
    /// botocore `ConfigNotFound`, raised where a file is required (`AWS_CREDENTIAL_FILE`).
    #[error("The specified config file ({}) could not be found.", path.display())]
    ConfigNotFound {
        /// The expanded path.
        path: PathBuf,
    },
    /// botocore `ProfileNotFound` (rc 255).
    #[error("The config profile ({profile}) could not be found")]
    ProfileNotFound {
        /// The requested profile name.
        profile: String,
    },
    /// botocore `InvalidConfigError` (rc 253 as a ConfigurationError in the CLI), e.g. a missing
    /// services section.
    #[error("{message}")]
    InvalidConfig {
        /// The full message.
        message: String,
    },
    /// `awscli/customizations/timestampformat.py` ConfigurationError (rc 253).
    #[error(
        "Unknown cli_timestamp_format value: {value}, valid values are \"wire\" or \"iso8601\""
    )]
    UnknownTimestampFormat {
        /// The configured value.
        value: String,
    },
    /// An unknown `cli_binary_format`: the reference fails with a bare `KeyError`, whose text is
    /// the quoted value (rc 255).
    #[error("'{value}'")]
    UnknownBinaryFormat {
        /// The configured value.
        value: String,
    },
    /// botocore `PartialCredentialsError` (rc 255).
    #[error("Partial credentials found in {provider}, missing: {missing}")]
    PartialCredentials {
        /// The provider's METHOD name (`env`, `shared-credentials-file`, `config-file`).
        provider: &'static str,
        /// The missing variable or key.
        missing: &'static str,
    },
    /// An integer setting whose value Python's `int()` rejects.
    #[error("invalid literal for int() with base 10: '{value}'")]
    InvalidInteger {
        /// The setting's logical name.
        setting: String,
        /// The value as configured.
        value: String,
    },
    /// `awscli/customizations/s3/transferconfig.py` InvalidConfigError.
    #[error("{message}")]
    InvalidTransferConfig {
        /// The full message.
        message: String,
    },
    /// A logical name that is not in the settings table (a programming error in the caller).
    #[error("unknown setting {0:?}")]
    UnknownSetting(String),
}
