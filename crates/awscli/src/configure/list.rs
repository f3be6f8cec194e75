//! `aws configure list` and `aws configure list-profiles`
//! (`awscli/customizations/configure/list.py`, `listprofiles.py`).
//!
//! `list` prints the profile, the masked keys and the region with where each came from. The
//! layout is the 2.31+ one (reference-cli.md section 7), observed from 2.3x runs:
//! `NAME       : VALUE                    : TYPE             : LOCATION`, i.e. the columns
//! left-aligned to 10, 24 and 16 characters and joined with ` : `. 2.9.19 printed right-aligned
//! columns under a `Name Value Type Location` header and a dashed line instead.
//!
//! The sources are those of 2.9.19: the profile from `--profile` (`manual`) or the environment
//! (`env`, location the Python list of variable names); the keys from the credential chain
//! (the provider's method name, no location); the region from the environment or the config
//! file (location: `AWS_CONFIG_FILE` as set, or `~/.aws/config`). Keys that no static source
//! holds come from the full credential chain (assume-role, SSO, process, container, IMDS).
//! Difference: the region never comes from IMDS (2.36 shows `imds`). All rows are computed before any
//! is printed, so a missing profile prints nothing but the error (2.9.19 printed the rows up to
//! the failing one).

use std::collections::HashMap;
use std::io::Write;

use awscli_config::{CredentialSource, EnvVars, RealFs};

use super::args::parse;
use super::{config_error, io, mask_value, Session};
use crate::error::CliError;
use crate::globals::GlobalArgs;

const NOT_SET: &str = "<not set>";

/// One row: value, type and location (`None` prints as `None`, as Python's `%s` does).
struct Row {
    value: String,
    kind: Option<String>,
    location: Option<String>,
}

impl Row {
    fn not_set() -> Self {
        Row {
            value: NOT_SET.to_string(),
            kind: None,
            location: None,
        }
    }
}

/// A Python list of strings as `str()` prints it.
fn python_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    format!("[{}]", quoted.join(", "))
}

pub(super) fn run(
    session: &Session,
    globals: &GlobalArgs,
    env_vars: &HashMap<String, String>,
    words: &[String],
    stdout: &mut dyn Write,
) -> Result<u8, CliError> {
    parse(words, &[])?;
    let config = session.load()?;
    let env = config.env();

    let profile = if let Some(profile) = &session.cli_profile {
        Row {
            value: profile.clone(),
            kind: Some("manual".into()),
            location: Some("--profile".into()),
        }
    } else {
        let names = [EnvVars::AWS_PROFILE, EnvVars::AWS_DEFAULT_PROFILE];
        match names.iter().find_map(|n| env.get(n)) {
            Some(value) => Row {
                value: value.to_string(),
                kind: Some("env".into()),
                location: Some(python_list(&names)),
            },
            None => Row::not_set(),
        }
    };

    let (access_key, secret_key) = match config
        .resolve_credential_source(&RealFs)
        .map_err(config_error)?
    {
        Some(CredentialSource::Static(credentials)) => {
            let method = credentials.method.method().to_string();
            (
                Row {
                    value: mask_value(Some(&credentials.access_key_id)),
                    kind: Some(method.clone()),
                    location: Some(String::new()),
                },
                Row {
                    value: mask_value(Some(&credentials.secret_access_key)),
                    kind: Some(method),
                    location: Some(String::new()),
                },
            )
        }
        // `session.get_credentials()`: assume-role, web identity, SSO, process, container
        // and IMDS credentials, fetched (or read from their caches) as the reference does.
        _ => match super::chain_credentials(globals, env_vars).map_err(|e| match e {
            super::ChainFailure::Resolve(error) | super::ChainFailure::Fetch(error) => error,
        })? {
            None => (Row::not_set(), Row::not_set()),
            Some(found) => {
                let row = |value: &str| Row {
                    value: mask_value(Some(value)),
                    kind: Some(found.method.to_string()),
                    location: Some(String::new()),
                };
                (
                    row(&found.credentials.access_key_id),
                    row(&found.credentials.secret_access_key),
                )
            }
        },
    };

    let region_vars = [EnvVars::AWS_REGION, EnvVars::AWS_DEFAULT_REGION];
    let region = match region_vars.iter().find_map(|n| env.get(n)) {
        Some(value) => Row {
            value: value.to_string(),
            kind: Some("env".into()),
            location: Some(python_list(&region_vars)),
        },
        None => match config
            .scoped_config()
            .map_err(config_error)?
            .get("region")
            .and_then(|v| v.value.as_str())
        {
            Some(value) => Row {
                value: value.to_string(),
                kind: Some("config-file".into()),
                location: Some(session.config_file_variable()),
            },
            None => Row::not_set(),
        },
    };

    let mut out = String::new();
    let line = |out: &mut String, name: &str, value: &str, kind: &str, location: &str| {
        out.push_str(&format!(
            "{name:<10} : {value:<24} : {kind:<16} : {location}\n"
        ));
    };
    line(&mut out, "NAME", "VALUE", "TYPE", "LOCATION");
    for (name, row) in [
        ("profile", profile),
        ("access_key", access_key),
        ("secret_key", secret_key),
        ("region", region),
    ] {
        line(
            &mut out,
            name,
            &row.value,
            row.kind.as_deref().unwrap_or("None"),
            row.location.as_deref().unwrap_or("None"),
        );
    }
    stdout.write_all(out.as_bytes()).map_err(io)?;
    Ok(0)
}

/// `list-profiles`: every profile name, config file first, then the credentials file's.
pub(super) fn run_list_profiles(
    session: &Session,
    words: &[String],
    stdout: &mut dyn Write,
) -> Result<u8, CliError> {
    parse(words, &[])?;
    let config = session.load()?;
    for name in config.profiles().keys() {
        writeln!(stdout, "{name}").map_err(io)?;
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::Sandbox;

    const CONFIG: &str = "[default]\nregion = us-west-2\n[profile dev]\nregion = eu-west-1\n\
                          aws_access_key_id = AKIDCONFIGDEV1234\naws_secret_access_key = secretdevXYZW\n";
    const CREDENTIALS: &str = "[default]\naws_access_key_id = AKIDDEFAULTABCD\n\
                               aws_secret_access_key = SECRETDEFAULTWXYZ\n\
                               [credonly]\naws_access_key_id = AKIDCREDONLY9999\n\
                               aws_secret_access_key = s\n";

    // Values, types and locations observed with /usr/bin/aws (2.9.19) on the same files,
    // printed in the 2.31+ layout.
    #[test]
    fn list_like_the_reference() {
        let mut t = Sandbox::new("list1");
        t.config(CONFIG);
        t.credentials(CREDENTIALS);
        assert_eq!(t.run(&["list"], "").unwrap(), 0);
        assert_eq!(
            t.stdout(),
            "NAME       : VALUE                    : TYPE             : LOCATION\n\
             profile    : <not set>                : None             : None\n\
             access_key : ****************ABCD     : shared-credentials-file : \n\
             secret_key : ****************WXYZ     : shared-credentials-file : \n\
             region     : us-west-2                : config-file      : ~/.aws/config\n"
        );
        t.profile("dev");
        t.run(&["list"], "").unwrap();
        assert_eq!(
            t.stdout(),
            "NAME       : VALUE                    : TYPE             : LOCATION\n\
             profile    : dev                      : manual           : --profile\n\
             access_key : ****************1234     : config-file      : \n\
             secret_key : ****************XYZW     : config-file      : \n\
             region     : eu-west-1                : config-file      : ~/.aws/config\n"
        );
        t.globals.profile = None;
        t.env("AWS_DEFAULT_REGION", "ap-south-1");
        t.env("AWS_ACCESS_KEY_ID", "AKIDENV00001111");
        t.env("AWS_SECRET_ACCESS_KEY", "x");
        t.run(&["list"], "").unwrap();
        assert_eq!(
            t.stdout(),
            "NAME       : VALUE                    : TYPE             : LOCATION\n\
             profile    : <not set>                : None             : None\n\
             access_key : ****************1111     : env              : \n\
             secret_key : ****************x        : env              : \n\
             region     : ap-south-1               : env              : ['AWS_REGION', 'AWS_DEFAULT_REGION']\n"
        );
    }

    #[test]
    fn list_without_files_and_missing_profile() {
        let mut t = Sandbox::new("list2");
        t.env("AWS_EC2_METADATA_DISABLED", "true");
        t.run(&["list"], "").unwrap();
        assert_eq!(
            t.stdout(),
            "NAME       : VALUE                    : TYPE             : LOCATION\n\
             profile    : <not set>                : None             : None\n\
             access_key : <not set>                : None             : None\n\
             secret_key : <not set>                : None             : None\n\
             region     : <not set>                : None             : None\n"
        );
        t.env("AWS_PROFILE", "foo");
        let err = t.run(&["list"], "").unwrap_err();
        assert_eq!(
            err.to_string(),
            "The config profile (foo) could not be found"
        );
    }

    #[test]
    fn list_profiles_config_first() {
        let mut t = Sandbox::new("list3");
        t.config(CONFIG);
        t.credentials(CREDENTIALS);
        t.run(&["list-profiles"], "").unwrap();
        // Observed: default, dev, credonly.
        assert_eq!(t.stdout(), "default\ndev\ncredonly\n");
    }
}
