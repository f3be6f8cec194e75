//! The static credential providers, and detection of the provider a profile needs
//! (botocore `create_credential_resolver` in `awscli/botocore/credentials.py`; reference 2.5).
//!
//! Chain order: `env` (skipped with `--profile`), `assume-role` (profile `role_arn` without
//! `web_identity_token_file`), `assume-role-with-web-identity` (profile or, without `--profile`,
//! `AWS_WEB_IDENTITY_TOKEN_FILE`), `sso` (`sso_account_id`/`sso_role_name`),
//! `shared-credentials-file`, `login` (`login_session`), `custom-process`
//! (`credential_process`), `config-file`, `ec2-credentials-file` (`AWS_CREDENTIAL_FILE`),
//! `boto-config`, `container-role`, `iam-role` (IMDS).
//! This module executes the static ones and reports the others as [`CredentialSource`] variants
//! for the credentials crate to run. Profile lookups use the merged profile (config file keys
//! overridden by the credentials file), as botocore's providers read `session.full_config`.

use crate::config::{parse_file, Config};
use crate::config_file::ConfigSection;
use crate::env::{expand_path, expand_user, Fs};
use crate::error::ConfigError;
use crate::settings::ensure_boolean;
use crate::EnvVars;

/// The static providers, named by their botocore `METHOD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialMethod {
    /// `env`
    Env,
    /// `shared-credentials-file`
    SharedCredentialsFile,
    /// `config-file`
    ConfigFile,
    /// `ec2-credentials-file`
    Ec2CredentialsFile,
    /// `boto-config`
    BotoConfig,
}

impl CredentialMethod {
    /// The botocore METHOD string, shown by `configure list`.
    pub fn method(self) -> &'static str {
        match self {
            CredentialMethod::Env => "env",
            CredentialMethod::SharedCredentialsFile => "shared-credentials-file",
            CredentialMethod::ConfigFile => "config-file",
            CredentialMethod::Ec2CredentialsFile => "ec2-credentials-file",
            CredentialMethod::BotoConfig => "boto-config",
        }
    }
}

/// Keys found by a static provider.
#[derive(Clone, PartialEq, Eq)]
pub struct StaticCredentials {
    /// The access key id.
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: String,
    /// The session token, if any.
    pub session_token: Option<String>,
    /// `AWS_CREDENTIAL_EXPIRATION` (env provider only), unparsed.
    pub expiry_time: Option<String>,
    /// `AWS_ACCOUNT_ID` / `aws_account_id`.
    pub account_id: Option<String>,
    /// Which provider found them.
    pub method: CredentialMethod,
}

impl std::fmt::Debug for StaticCredentials {
    // Secrets must not end up in debug logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaticCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "** redacted **"),
            )
            .field("expiry_time", &self.expiry_time)
            .field("account_id", &self.account_id)
            .field("method", &self.method)
            .finish()
    }
}

/// The first provider of the chain that applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialSource {
    /// Keys available now.
    Static(StaticCredentials),
    /// `assume-role`: the profile has `role_arn` (with `source_profile` or `credential_source`).
    AssumeRole {
        /// The profile holding `role_arn`.
        profile: String,
    },
    /// `assume-role-with-web-identity`.
    WebIdentity {
        /// True when configured through `AWS_WEB_IDENTITY_TOKEN_FILE` rather than the profile.
        from_env: bool,
    },
    /// `sso`: the profile has `sso_account_id` or `sso_role_name`.
    Sso {
        /// The profile.
        profile: String,
    },
    /// `login`: the profile has `login_session`.
    Login {
        /// The `login_session` value.
        session: String,
    },
    /// `custom-process`: the profile's `credential_process` command line.
    Process {
        /// The command line, unsplit.
        command: String,
    },
    /// `container-role`: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or `_FULL_URI` is set.
    Container,
    /// `iam-role`: the instance metadata service (last resort, unless disabled).
    InstanceMetadata,
}

fn section_str<'a>(section: &'a ConfigSection, key: &str) -> Option<&'a str> {
    section.get(key).and_then(|value| value.as_str())
}

/// `_extract_creds_from_mapping` + `_get_session_token` for the INI-based providers.
fn from_mapping(
    section: &ConfigSection,
    method: CredentialMethod,
) -> Result<Option<StaticCredentials>, ConfigError> {
    let Some(access_key_id) = section_str(section, "aws_access_key_id") else {
        return Ok(None);
    };
    let secret_access_key =
        section_str(section, "aws_secret_access_key").ok_or(ConfigError::PartialCredentials {
            provider: method.method(),
            missing: "aws_secret_access_key",
        })?;
    let session_token = ["aws_security_token", "aws_session_token"]
        .iter()
        .find_map(|key| section_str(section, key));
    Ok(Some(StaticCredentials {
        access_key_id: access_key_id.to_string(),
        secret_access_key: secret_access_key.to_string(),
        session_token: session_token.map(str::to_string),
        expiry_time: None,
        account_id: section_str(section, "aws_account_id").map(str::to_string),
        method,
    }))
}

impl Config {
    /// `EnvProvider`: keys from `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, token from
    /// `AWS_SECURITY_TOKEN` then `AWS_SESSION_TOKEN`. Empty values count as unset. Not consulted
    /// when `--profile` was given.
    pub fn env_credentials(&self) -> Result<Option<StaticCredentials>, ConfigError> {
        if self.profile_from_command_line() {
            return Ok(None);
        }
        let env = self.env();
        let Some(access_key_id) = env.get_non_empty(EnvVars::AWS_ACCESS_KEY_ID) else {
            return Ok(None);
        };
        let secret_access_key = env.get_non_empty(EnvVars::AWS_SECRET_ACCESS_KEY).ok_or(
            ConfigError::PartialCredentials {
                provider: CredentialMethod::Env.method(),
                missing: EnvVars::AWS_SECRET_ACCESS_KEY,
            },
        )?;
        let session_token = [EnvVars::AWS_SECURITY_TOKEN, EnvVars::AWS_SESSION_TOKEN]
            .iter()
            .find_map(|name| env.get_non_empty(name));
        Ok(Some(StaticCredentials {
            access_key_id: access_key_id.to_string(),
            secret_access_key: secret_access_key.to_string(),
            session_token: session_token.map(str::to_string),
            expiry_time: env
                .get_non_empty(EnvVars::AWS_CREDENTIAL_EXPIRATION)
                .map(str::to_string),
            account_id: env
                .get_non_empty(EnvVars::AWS_ACCOUNT_ID)
                .map(str::to_string),
            method: CredentialMethod::Env,
        }))
    }

    /// `SharedCredentialProvider`: the credentials file section named exactly like the profile.
    pub fn shared_file_credentials(&self) -> Result<Option<StaticCredentials>, ConfigError> {
        match self.files().credentials.get(self.profile_name()) {
            Some(section) => from_mapping(section, CredentialMethod::SharedCredentialsFile),
            None => Ok(None),
        }
    }

    /// `ConfigProvider`: static keys in the config file's profile (config file only).
    pub fn config_file_credentials(&self) -> Result<Option<StaticCredentials>, ConfigError> {
        match self.files().config.profiles.get(self.profile_name()) {
            Some(section) => from_mapping(section, CredentialMethod::ConfigFile),
            None => Ok(None),
        }
    }

    /// `OriginalEC2Provider`: `AWS_CREDENTIAL_FILE` with `AWSAccessKeyId=`/`AWSSecretKey=` lines.
    /// A missing file is an error, as in botocore.
    pub fn ec2_file_credentials(
        &self,
        fs: &dyn Fs,
    ) -> Result<Option<StaticCredentials>, ConfigError> {
        let Some(path) = self.env().get(EnvVars::AWS_CREDENTIAL_FILE) else {
            return Ok(None);
        };
        let path = std::path::PathBuf::from(expand_user(path, self.env()));
        let bytes = fs
            .read_file(&path)
            .ok_or_else(|| ConfigError::ConfigNotFound { path: path.clone() })?;
        let text = String::from_utf8_lossy(&bytes);
        let mut access_key_id = None;
        let mut secret_access_key = None;
        for line in crate::ini::py_splitlines(&text) {
            if let Some((key, value)) = line.split_once('=') {
                let value = crate::ini::py_strip(value).to_string();
                match crate::ini::py_strip(key) {
                    "AWSAccessKeyId" => access_key_id = Some(value),
                    "AWSSecretKey" => secret_access_key = Some(value),
                    _ => {}
                }
            }
        }
        let Some(access_key_id) = access_key_id else {
            return Ok(None);
        };
        let secret_access_key = secret_access_key.ok_or(ConfigError::PartialCredentials {
            provider: CredentialMethod::Ec2CredentialsFile.method(),
            missing: "AWSSecretKey",
        })?;
        Ok(Some(StaticCredentials {
            access_key_id,
            secret_access_key,
            session_token: None,
            expiry_time: None,
            account_id: None,
            method: CredentialMethod::Ec2CredentialsFile,
        }))
    }

    /// `BotoProvider`: `[Credentials]` of `BOTO_CONFIG`, else `/etc/boto.cfg`, else `~/.boto`.
    pub fn boto_config_credentials(
        &self,
        fs: &dyn Fs,
    ) -> Result<Option<StaticCredentials>, ConfigError> {
        let candidates: Vec<String> = match self.env().get(EnvVars::BOTO_CONFIG) {
            Some(path) => vec![path.to_string()],
            None => vec!["/etc/boto.cfg".to_string(), "~/.boto".to_string()],
        };
        for candidate in candidates {
            let path = expand_path(&candidate, self.env());
            let Some(bytes) = fs.read_file(&path) else {
                continue;
            };
            let raw = parse_file(&path, &bytes)?;
            if let Some(section) = raw.sections.get("Credentials") {
                if let Some(credentials) = from_mapping(section, CredentialMethod::BotoConfig)? {
                    return Ok(Some(credentials));
                }
            }
        }
        Ok(None)
    }

    /// Walks the provider chain and returns the first provider that applies: static keys are
    /// returned, the others are only identified. `None` means no provider applies (IMDS disabled
    /// with `AWS_EC2_METADATA_DISABLED=true`), i.e. `Unable to locate credentials`.
    pub fn resolve_credential_source(
        &self,
        fs: &dyn Fs,
    ) -> Result<Option<CredentialSource>, ConfigError> {
        if let Some(credentials) = self.env_credentials()? {
            return Ok(Some(CredentialSource::Static(credentials)));
        }
        let profile_name = self.profile_name().to_string();
        let empty = crate::config::Profile::new();
        let profile = self.profiles().get(&profile_name).unwrap_or(&empty);
        let has = |key: &str| profile.contains_key(key);
        let get = |key: &str| profile.get(key).and_then(|v| v.value.as_str());

        if has("role_arn") && !has("web_identity_token_file") {
            return Ok(Some(CredentialSource::AssumeRole {
                profile: profile_name,
            }));
        }
        let env_token_file = (!self.profile_from_command_line())
            .then(|| self.env().get(EnvVars::AWS_WEB_IDENTITY_TOKEN_FILE))
            .flatten();
        let token_file = env_token_file.or_else(|| get("web_identity_token_file"));
        if token_file.is_some_and(|file| !file.is_empty()) {
            return Ok(Some(CredentialSource::WebIdentity {
                from_env: env_token_file.is_some(),
            }));
        }
        if has("sso_role_name") || has("sso_account_id") {
            return Ok(Some(CredentialSource::Sso {
                profile: profile_name,
            }));
        }
        if let Some(credentials) = self.shared_file_credentials()? {
            return Ok(Some(CredentialSource::Static(credentials)));
        }
        if let Some(session) = get("login_session") {
            return Ok(Some(CredentialSource::Login {
                session: session.to_string(),
            }));
        }
        if let Some(command) = get("credential_process") {
            return Ok(Some(CredentialSource::Process {
                command: command.to_string(),
            }));
        }
        if let Some(credentials) = self.config_file_credentials()? {
            return Ok(Some(CredentialSource::Static(credentials)));
        }
        if let Some(credentials) = self.ec2_file_credentials(fs)? {
            return Ok(Some(CredentialSource::Static(credentials)));
        }
        if let Some(credentials) = self.boto_config_credentials(fs)? {
            return Ok(Some(CredentialSource::Static(credentials)));
        }
        let env = self.env();
        if env
            .get(EnvVars::AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)
            .is_some()
            || env
                .get(EnvVars::AWS_CONTAINER_CREDENTIALS_FULL_URI)
                .is_some()
        {
            return Ok(Some(CredentialSource::Container));
        }
        let imds_disabled = env
            .get(EnvVars::AWS_EC2_METADATA_DISABLED)
            .is_some_and(ensure_boolean);
        Ok((!imds_disabled).then_some(CredentialSource::InstanceMetadata))
    }
}
