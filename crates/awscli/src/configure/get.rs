//! `aws configure get varname [--profile p] [--sso-session s | --services s]`
//! (`awscli/customizations/configure/get.py`). The lookup itself is
//! [`awscli_config::Config::configure_get`]: the value and a newline, rc 0; nothing and rc 1
//! when unset; a nested block is `varname (X) must reference a value, not a section or
//! sub-section.` on stderr (no newline) and rc 1.
//!
//! 2.36 adds `--sso-session NAME`/`--services NAME`, which read `key` or `key.subkey` from
//! `[sso-session NAME]`/`[services NAME]` of the config file (this port's reading of the
//! options: the 2.36 source of `get.py` was not available).

use std::io::Write;

use awscli_config::{ConfigValue, ConfigureGet};

use super::args::{parse, Arg};
use super::set::subsection_from_args;
use super::{config_error, io, Session};
use crate::error::CliError;

const ARGS: &[Arg] = &[
    Arg::Positional("varname"),
    Arg::Value {
        name: "sso-session",
        required: false,
        choices: &[],
    },
    Arg::Value {
        name: "services",
        required: false,
        choices: &[],
    },
];

pub(super) fn run(
    session: &Session,
    words: &[String],
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<u8, CliError> {
    let parsed = parse(words, ARGS)?;
    let varname = parsed.get("varname").unwrap_or_default();
    let subsection = subsection_from_args(parsed.get("sso-session"), parsed.get("services"))?;
    let config = session.load()?;
    let result = match subsection {
        Some((kind, name)) => {
            let file = &config.files().config;
            let sections = if kind == "sso-session" {
                &file.sso_sessions
            } else {
                &file.services
            };
            let section = sections.get(name);
            match varname.split_once('.') {
                None => match section.and_then(|s| s.get(varname)) {
                    Some(ConfigValue::String(v)) => ConfigureGet::Value(v.clone()),
                    Some(ConfigValue::Nested(_)) => ConfigureGet::Section,
                    None => ConfigureGet::NotFound,
                },
                Some((key, sub)) => section
                    .and_then(|s| s.get(key))
                    .and_then(ConfigValue::as_nested)
                    .and_then(|nested| nested.get(sub))
                    .map_or(ConfigureGet::NotFound, |v| ConfigureGet::Value(v.clone())),
            }
        }
        None => config.configure_get(varname).map_err(config_error)?,
    };
    match result {
        ConfigureGet::Value(value) => {
            writeln!(stdout, "{value}").map_err(io)?;
            Ok(0)
        }
        ConfigureGet::Section => {
            write!(
                stderr,
                "varname ({varname}) must reference a value, not a section or sub-section."
            )
            .map_err(io)?;
            Ok(1)
        }
        ConfigureGet::NotFound => Ok(1),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::Sandbox;

    const CONFIG: &str = "[default]\nregion = us-west-2\ns3 =\n  max_concurrent_requests = 20\n\
                          [profile dev]\nregion = eu-west-1\n\
                          [sso-session corp]\nsso_region = us-east-1\n";
    const CREDENTIALS: &str = "[default]\naws_access_key_id = AKIDDEFAULTABCD\n\
                               aws_secret_access_key = SECRETDEFAULTWXYZ\n\
                               [credonly]\naws_access_key_id = AKIDCREDONLY9999\n";

    // Outputs and exit codes observed with /usr/bin/aws on the same files.
    #[test]
    fn get_like_the_reference() {
        let mut t = Sandbox::new("get1");
        t.config(CONFIG);
        t.credentials(CREDENTIALS);
        let cases: &[(&str, u8, &str)] = &[
            ("region", 0, "us-west-2\n"),
            ("s3", 1, ""),
            ("s3.max_concurrent_requests", 0, "20\n"),
            ("dev.region", 0, "eu-west-1\n"),
            ("profile.dev.region", 0, "eu-west-1\n"),
            ("nope", 1, ""),
            ("aws_access_key_id", 0, "AKIDDEFAULTABCD\n"),
            ("default.aws_access_key_id", 0, "AKIDDEFAULTABCD\n"),
            ("credonly.aws_access_key_id", 0, "AKIDCREDONLY9999\n"),
        ];
        for (varname, rc, out) in cases {
            assert_eq!(t.run(&["get", varname], "").unwrap(), *rc, "{varname}");
            assert_eq!(t.stdout(), *out, "{varname}");
        }
        t.run(&["get", "s3"], "").unwrap();
        assert_eq!(
            t.stderr(),
            "varname (s3) must reference a value, not a section or sub-section."
        );
        assert_eq!(
            t.run(&["get", "sso_region", "--sso-session", "corp"], "")
                .unwrap(),
            0
        );
        assert_eq!(t.stdout(), "us-east-1\n");
        t.profile("nope");
        let err = t.run(&["get", "region"], "").unwrap_err();
        assert_eq!(
            err.to_string(),
            "The config profile (nope) could not be found"
        );
        assert_eq!(err.exit_code(), 255);
    }
}
