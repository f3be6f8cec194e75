//! `aws configure` and its subcommands: the interactive prompts, `set`, `get`, `list`,
//! `list-profiles`, `import` and `export-credentials`.
//!
//! Spec: /work/shared/docs/reference-cli.md sections 2 and 7, ported from
//! `awscli/customizations/configure/*.py` (2.9.19), with the 2.36 changes this module follows:
//! the `configure list` layout, the `Tip:` line of the prompts, `--sso-session`/`--services`,
//! the credentials-file permission warning and the rejection of line breaks in values. Each
//! difference is noted where it is implemented. Files are edited by
//! [`awscli_config::writer`], which keeps the user's layout and writes atomically.
//!
//! `sso` and `sso-session` are the wizards of [`sso`]. Not here yet: `add-model`, `mfa-login`, `wizard`.
//! `list` and `export-credentials` read static keys directly and every other credential
//! source through the chain of `awscli-credentials` ([`chain_credentials`]).

mod args;
mod export;
mod get;
mod import;
mod interactive;
mod list;
mod set;
mod sso;

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::PathBuf;

use awscli_config::env::expand_user;
use awscli_config::{CommandLine, Config, ConfigError, EnvVars, RealFs};

use crate::error::CliError;
use crate::globals::GlobalArgs;

/// The subcommands of 2.36, in the order argparse lists them in the invalid-choice message.
const SUBCOMMANDS: &[&str] = &[
    "list",
    "get",
    "set",
    "add-model",
    "import",
    "list-profiles",
    "sso",
    "sso-session",
    "export-credentials",
    "mfa-login",
    "wizard",
];

/// Runs `aws configure ...`; `args` are the words after `configure`. Returns the exit code of
/// a command that ran; failures with their own report come back as [`CliError`].
pub fn run(
    args: &[String],
    globals: &GlobalArgs,
    env: &HashMap<String, String>,
    stdin: &mut dyn BufRead,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<u8, CliError> {
    let session = Session::new(globals, env);
    let Some(first) = args.first() else {
        return interactive::run(&session, stdin, stdout, stderr);
    };
    let rest = &args[1..];
    match first.as_str() {
        "set" => set::run(&session, rest, stderr),
        "get" => get::run(&session, rest, stdout, stderr),
        "list" => list::run(&session, globals, env, rest, stdout),
        "list-profiles" => list::run_list_profiles(&session, rest, stdout),
        "import" => import::run(&session, rest, stdout, stderr),
        "export-credentials" => export::run(&session, globals, env, rest, stdout),
        "sso" | "sso-session" => {
            use std::io::IsTerminal;
            let terminal = std::io::stdin().is_terminal();
            let mut console = sso::Console::new(stdin, stdout, stderr, terminal);
            if first == "sso" {
                sso::run_sso(&session, globals, env, rest, &mut console)
            } else {
                sso::run_sso_session(&session, rest, &mut console)
            }
        }
        "add-model" | "mfa-login" | "wizard" => Err(CliError::General(format!(
            "aws configure {first} is not available in this build yet"
        ))),
        word if word.starts_with('-') => {
            // `aws configure --foo`: the configure parser itself has no options.
            Err(CliError::param(format!(
                "Unknown options: {}",
                args.join(", ")
            )))
        }
        word => Err(CliError::invalid_choice(
            "subcommand",
            word,
            SUBCOMMANDS.iter().copied(),
        )),
    }
}

/// What every subcommand needs from the botocore session: the environment, the profile and
/// the two file paths. Every subcommand parses both files first ([`Session::load`]): the
/// reference fails any command on a file it cannot parse (checked with 2.9.19 on
/// `[default` and on a key outside any section), `configure set` included; the writer itself
/// edits lines and never needs the parse.
pub(crate) struct Session {
    env: awscli_config::Env,
    command_line: CommandLine,
    /// `--profile` as given.
    cli_profile: Option<String>,
}

impl Session {
    fn new(globals: &GlobalArgs, env: &HashMap<String, String>) -> Self {
        let mut command_line = CommandLine::new();
        if let Some(profile) = &globals.profile {
            command_line.set("profile", profile.clone());
        }
        if let Some(region) = &globals.region {
            command_line.set("region", region.clone());
        }
        Self {
            env: awscli_config::Env::from_vars(env.iter().map(|(k, v)| (k.clone(), v.clone()))),
            command_line,
            cli_profile: globals.profile.clone().filter(|p| !p.is_empty()),
        }
    }

    /// `session.profile`: `--profile`, else `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`.
    fn profile(&self) -> Option<String> {
        self.cli_profile.clone().or_else(|| {
            [EnvVars::AWS_PROFILE, EnvVars::AWS_DEFAULT_PROFILE]
                .iter()
                .find_map(|name| self.env.get(name).map(str::to_string))
        })
    }

    /// `get_config_variable('config_file')`, unexpanded (shown by `configure list`).
    fn config_file_variable(&self) -> String {
        self.env
            .get(EnvVars::AWS_CONFIG_FILE)
            .unwrap_or("~/.aws/config")
            .to_string()
    }

    /// `os.path.expanduser(get_config_variable('config_file'))`: the file `configure` writes.
    fn config_path(&self) -> PathBuf {
        PathBuf::from(expand_user(&self.config_file_variable(), &self.env))
    }

    /// The credentials file `configure` writes.
    fn credentials_path(&self) -> PathBuf {
        let variable = self
            .env
            .get(EnvVars::AWS_SHARED_CREDENTIALS_FILE)
            .unwrap_or("~/.aws/credentials");
        PathBuf::from(expand_user(variable, &self.env))
    }

    /// Both files parsed, with the profile selected.
    fn load(&self) -> Result<Config, CliError> {
        Config::load(self.env.clone(), &RealFs, self.command_line.clone()).map_err(config_error)
    }
}

/// Credentials from the full chain and the method of the provider that gave them.
pub(crate) struct ChainCredentials {
    pub method: &'static str,
    pub credentials: awscli_client::Credentials,
}

/// How [`chain_credentials`] failed, split where the reference splits it:
/// `session.get_credentials()` (finding a provider; static, process, container and IMDS
/// providers fetch here) and `get_frozen_credentials()` (deferred fetches and refreshes).
pub(crate) enum ChainFailure {
    /// `get_credentials()` raised (its text is the exception's `str()`).
    Resolve(CliError),
    /// `get_frozen_credentials()` raised: the error as the CLI reports it.
    Fetch(CliError),
}

/// `session.get_credentials()` followed by `get_frozen_credentials()`: walks the credential
/// chain (with HTTP for STS, SSO, container and IMDS providers). `Ok(None)` when no provider
/// applies.
pub(crate) fn chain_credentials(
    globals: &GlobalArgs,
    env: &HashMap<String, String>,
) -> Result<Option<ChainCredentials>, ChainFailure> {
    let resolve = ChainFailure::Resolve;
    let session = crate::session::Session::new(globals, env).map_err(resolve)?;
    let transport = crate::call::transport(&session).map_err(resolve)?;
    let mut options = awscli_credentials::ChainOptions::new(transport);
    options.region = session.region().map_err(resolve)?;
    options.prompter = Some(std::sync::Arc::new(prompt_line));
    let lookup = |k: &str| session.env.get(k).cloned();
    options.user_agent = crate::version::user_agent(&lookup, "configure");
    let runtime = crate::operations::runtime().map_err(resolve)?;
    runtime.block_on(async {
        let resolved = match awscli_credentials::resolve_chain(&session.config, options).await {
            Ok(resolved) => resolved,
            Err(error) if error.is_no_credentials() => return Ok(None),
            Err(error) => return Err(ChainFailure::Resolve(crate::call::credentials_error(error))),
        };
        let credentials = resolved
            .provider
            .credentials()
            .await
            .map_err(|e| ChainFailure::Fetch(crate::call::credentials_error(e)))?;
        Ok(Some(ChainCredentials {
            method: resolved.method,
            credentials,
        }))
    })
}

/// Asks for the MFA code on stderr and reads it from the terminal's stdin (`getpass`).
fn prompt_line(question: &str) -> std::io::Result<String> {
    let mut stderr = std::io::stderr();
    write!(stderr, "{question}")?;
    stderr.flush()?;
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// A configuration error as the reference reports it (botocore exceptions are rc 255).
fn config_error(error: ConfigError) -> CliError {
    CliError::General(error.to_string())
}

/// A write failure: line breaks are a parameter error, the rest a plain failure.
fn write_error(error: awscli_config::WriteError) -> CliError {
    match error {
        awscli_config::WriteError::LineBreak { .. } => CliError::param(error.to_string()),
        other => CliError::General(other.to_string()),
    }
}

/// Writes `update` to `path`; for the credentials file also prints the 2.36 warning when the
/// existing file is readable by others (aws/aws-cli#10341).
fn write_update(
    path: &std::path::Path,
    update: &awscli_config::SectionUpdate,
    credentials_file: bool,
    stderr: &mut dyn Write,
) -> Result<(), CliError> {
    let outcome =
        awscli_config::update_config_file(path, update, credentials_file).map_err(write_error)?;
    if outcome.overly_permissive {
        stderr
            .write_all(awscli_config::writer::permissions_warning(path).as_bytes())
            .map_err(|e| CliError::General(e.to_string()))?;
    }
    Ok(())
}

/// `mask_value`: sixteen stars and the last four characters.
fn mask_value(value: Option<&str>) -> String {
    match value {
        None => "None".to_string(),
        Some(value) => {
            let chars: Vec<char> = value.chars().collect();
            let tail: String = chars[chars.len().saturating_sub(4)..].iter().collect();
            format!("{}{tail}", "*".repeat(16))
        }
    }
}

/// `profile_to_section`: `default`, else `profile NAME` (shell-quoted when it holds spaces).
fn profile_to_section(profile: &str) -> String {
    if profile == "default" {
        return profile.to_string();
    }
    section_header("profile", profile)
}

/// `get_section_header`: names with a space or tab are quoted with `shlex.quote`.
fn section_header(section_type: &str, name: &str) -> String {
    if name.contains([' ', '\t']) {
        format!("{section_type} {}", shlex_quote(name))
    } else {
        format!("{section_type} {name}")
    }
}

/// Python's `shlex.quote`.
fn shlex_quote(s: &str) -> String {
    if s.is_empty() {
        return "''".to_string();
    }
    let safe = s
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || "@%+=:,./-".contains(c));
    if safe {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "'\"'\"'"))
}

fn io(error: std::io::Error) -> CliError {
    CliError::General(error.to_string())
}

#[cfg(test)]
mod test_support;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_and_sections() {
        assert_eq!(mask_value(None), "None");
        assert_eq!(mask_value(Some("AKIDABCD")), "****************ABCD");
        assert_eq!(mask_value(Some("x")), "****************x");
        assert_eq!(profile_to_section("default"), "default");
        assert_eq!(profile_to_section("dev"), "profile dev");
        assert_eq!(profile_to_section("a b"), "profile 'a b'");
        assert_eq!(profile_to_section("it's x"), "profile 'it'\"'\"'s x'");
        assert_eq!(shlex_quote("a-b"), "a-b");
    }

    #[test]
    fn unknown_subcommand_is_an_invalid_choice() {
        let mut t = test_support::Sandbox::new("unknown");
        let err = t.run(&["foo"], "").unwrap_err();
        assert_eq!(err.exit_code(), 252);
        assert!(err
            .to_string()
            .starts_with("argument subcommand: Found invalid choice 'foo'"));
    }
}
