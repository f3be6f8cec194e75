//! `aws configure set varname value [--profile p] [--sso-session s | --services s]`
//! (`awscli/customizations/configure/set.py`, 2.36 with the sub-section options).
//!
//! Where the value goes:
//! - `region` → the session profile (`--profile`, `AWS_PROFILE`), else `[default]`;
//! - `default.region`, `profile.NAME.region`; a fourth part makes a nested value
//!   (`default.s3.max_concurrent_requests`);
//! - `s3.max_concurrent_requests` → nested value of the session profile;
//! - `plugins.x` → `[plugins]`. The reference tests `parts[0] in 'plugins'` on a *string*, so
//!   any substring of `plugins` (`p`, `lug` ...) names a top-level section too; kept as is;
//! - `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token` → the credentials file,
//!   section `[NAME]`; everything else → the config file, `[default]` or `[profile NAME]`.

use std::io::Write;

use awscli_config::{SectionUpdate, WriteValue};
use indexmap::IndexMap;

use super::args::{parse, Arg};
use super::{profile_to_section, section_header, write_update, Session};
use crate::error::CliError;

const ARGS: &[Arg] = &[
    Arg::Positional("varname"),
    Arg::Positional("value"),
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

/// Keys written to the credentials file instead of the config file.
const WRITE_TO_CREDS_FILE: &[&str] = &[
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
];

/// `PREDEFINED_SECTION_NAMES = ('plugins')`: a string, so `in` is a substring test.
pub(super) fn is_predefined_section(name: &str) -> bool {
    "plugins".contains(name)
}

/// Where `configure set` writes: the file, the section and the key/value.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Target {
    pub credentials_file: bool,
    pub update: SectionUpdate,
}

pub(super) fn run(
    session: &Session,
    words: &[String],
    stderr: &mut dyn Write,
) -> Result<u8, CliError> {
    // The reference parses both files when its session starts: a file it cannot parse fails
    // every command, this one included, before anything is written (an unknown profile is
    // fine: it is being created).
    session.load()?;
    let parsed = parse(words, ARGS)?;
    let varname = parsed.get("varname").unwrap_or_default();
    let value = parsed.get("value").unwrap_or_default();
    let subsection = subsection_from_args(parsed.get("sso-session"), parsed.get("services"))?;
    let target = match subsection {
        Some((kind, name)) => subsection_target(kind, name, varname, value)?,
        None => target(session.profile().as_deref(), varname, value)?,
    };
    let path = if target.credentials_file {
        session.credentials_path()
    } else {
        session.config_path()
    };
    write_update(&path, &target.update, target.credentials_file, stderr)?;
    Ok(0)
}

/// `_get_subsection_from_args`: at most one of `--sso-session`/`--services`, with a name that
/// starts with a word character or one of `_-/.%@:+` (`re.match`, so only the start counts).
pub(super) fn subsection_from_args<'a>(
    sso_session: Option<&'a str>,
    services: Option<&'a str>,
) -> Result<Option<(&'static str, &'a str)>, CliError> {
    if sso_session.is_some() && services.is_some() {
        return Err(CliError::param(
            "The key \"services\" cannot be specified when one of the following keys are also \
             specified: sso_session",
        ));
    }
    let chosen = match (sso_session, services) {
        (Some(name), _) => ("sso-session", name),
        (None, Some(name)) => ("services", name),
        (None, None) => return Ok(None),
    };
    let valid_start = chosen
        .1
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_' || "-/.%@:+".contains(c));
    if !valid_start {
        // The reference puts the prefix in the message itself.
        return Err(CliError::param(format!(
            "aws: [ERROR]: Invalid value for --{}.",
            chosen.0
        )));
    }
    Ok(Some(chosen))
}

/// `_set_subsection_property`: `key` or `key.subkey` in `[sso-session NAME]`/`[services NAME]`.
fn subsection_target(
    kind: &str,
    name: &str,
    varname: &str,
    value: &str,
) -> Result<Target, CliError> {
    let section = section_header(kind, name);
    let parts: Vec<&str> = varname.split('.').collect();
    let update = match parts.as_slice() {
        [key] => SectionUpdate::new(section).with(*key, value),
        [key, sub] => SectionUpdate::new(section).with_nested(*key, *sub, value),
        _ => {
            return Err(CliError::param(
                "Found more than two parts in the property to set. Deep nesting of properties \
                 is not supported.",
            ))
        }
    };
    Ok(Target {
        credentials_file: false,
        update,
    })
}

/// `_run_main` without sub-section: the section, key and value for `varname`.
pub(super) fn target(
    session_profile: Option<&str>,
    varname: &str,
    value: &str,
) -> Result<Target, CliError> {
    let mut profile = "default".to_string();
    let mut key = varname.to_string();
    let mut nested: Option<String> = None;
    if varname.contains('.') {
        let parts: Vec<&str> = varname.split('.').collect();
        if parts[0] == "default" || parts[0] == "profile" {
            let remaining = if parts[0] == "default" {
                &parts[1..]
            } else {
                // `profile.NAME` without a key: the reference fails with an IndexError.
                let name = parts.get(1).ok_or_else(index_error)?;
                profile = name.to_string();
                &parts[2..]
            };
            key = remaining.first().ok_or_else(index_error)?.to_string();
            if remaining.len() == 2 {
                nested = Some(remaining[1].to_string());
            }
        } else if !is_predefined_section(parts[0]) {
            if let Some(session_profile) = session_profile {
                profile = session_profile.to_string();
            }
            key = parts[0].to_string();
            if parts.len() == 2 {
                nested = Some(parts[1].to_string());
            }
        } else if parts.len() == 2 {
            profile = parts[0].to_string();
            key = parts[1].to_string();
        }
    } else if let Some(session_profile) = session_profile {
        profile = session_profile.to_string();
    }
    let credentials_file = WRITE_TO_CREDS_FILE.contains(&key.as_str());
    let section = if credentials_file || is_predefined_section(&profile) || profile == "default" {
        profile
    } else {
        profile_to_section(&profile)
    };
    let value = match nested {
        Some(sub) => {
            let mut map = IndexMap::new();
            map.insert(sub, value.to_string());
            WriteValue::Nested(map)
        }
        None => WriteValue::Scalar(value.to_string()),
    };
    let mut update = SectionUpdate::new(section);
    update.values.insert(key, value);
    Ok(Target {
        credentials_file,
        update,
    })
}

fn index_error() -> CliError {
    CliError::General("list index out of range".to_string())
}

#[cfg(test)]
mod tests {
    use super::super::test_support::Sandbox;
    use super::*;

    fn section_of(profile: Option<&str>, varname: &str) -> (bool, String, String) {
        let t = target(profile, varname, "v").unwrap();
        let (key, value) = t.update.values.first().unwrap();
        let rendered = match value {
            WriteValue::Scalar(v) => format!("{key}={v}"),
            WriteValue::Nested(m) => format!("{key}.{}", m.keys().next().unwrap()),
        };
        (t.credentials_file, t.update.section.clone(), rendered)
    }

    #[test]
    fn varname_forms() {
        assert_eq!(
            section_of(None, "region"),
            (false, "default".into(), "region=v".into())
        );
        assert_eq!(
            section_of(Some("dev"), "region"),
            (false, "profile dev".into(), "region=v".into())
        );
        assert_eq!(
            section_of(None, "profile.dev.region"),
            (false, "profile dev".into(), "region=v".into())
        );
        assert_eq!(
            section_of(Some("x"), "default.s3.max_queue_size"),
            (false, "default".into(), "s3.max_queue_size".into())
        );
        assert_eq!(
            section_of(Some("x"), "s3.addressing_style"),
            (false, "profile x".into(), "s3.addressing_style".into())
        );
        assert_eq!(
            section_of(None, "plugins.foo"),
            (false, "plugins".into(), "foo=v".into())
        );
        // `lug` is a substring of `plugins`.
        assert_eq!(
            section_of(None, "lug.foo"),
            (false, "lug".into(), "foo=v".into())
        );
        assert_eq!(
            section_of(Some("dev"), "aws_access_key_id"),
            (true, "dev".into(), "aws_access_key_id=v".into())
        );
        assert_eq!(
            section_of(None, "profile.a b.region"),
            (false, "profile 'a b'".into(), "region=v".into())
        );
        assert!(target(None, "profile.x", "v").is_err());
    }

    // Each case: the starting config, the command words, the profile, and the config file
    // written by /usr/bin/aws (2.9.19) from the same start.
    #[test]
    fn set_writes_like_the_reference() {
        let mut t = Sandbox::new("set1");
        t.config("[default]\nregion = us-west-2\n[profile dev]\nregion = eu-west-1\n");
        assert_eq!(t.run(&["set", "region", "x"], "").unwrap(), 0);
        assert_eq!(
            t.read_config(),
            "[default]\nregion = x\n[profile dev]\nregion = eu-west-1\n"
        );
        t.env("AWS_PROFILE", "foo");
        t.run(&["set", "region", "y"], "").unwrap();
        assert_eq!(
            t.read_config(),
            "[default]\nregion = x\n[profile dev]\nregion = eu-west-1\n[profile foo]\nregion = y\n"
        );
        t.run(&["set", "default.s3.max_concurrent_requests", "20"], "")
            .unwrap();
        assert_eq!(
            t.read_config(),
            "[default]\nregion = x\ns3 =\n    max_concurrent_requests = 20\n[profile dev]\n\
             region = eu-west-1\n[profile foo]\nregion = y\n"
        );
        t.run(&["set", "aws_secret_access_key", "sek"], "").unwrap();
        assert_eq!(t.read_credentials(), "[foo]\naws_secret_access_key = sek\n");
        assert_eq!(t.mode("credentials"), 0o600);
    }

    #[test]
    fn set_rejects_line_breaks_and_bad_subsections() {
        let mut t = Sandbox::new("set2");
        let err = t.run(&["set", "region", "a\nb"], "").unwrap_err();
        assert_eq!(err.exit_code(), 252);
        assert!(!t.home().join(".aws/config").exists());
        let err = t
            .run(
                &["set", "x", "1", "--sso-session", "a", "--services", "b"],
                "",
            )
            .unwrap_err();
        assert_eq!(err.exit_code(), 252);
        let err = t
            .run(&["set", "a.b.c", "1", "--services", "svc"], "")
            .unwrap_err();
        assert!(err.to_string().starts_with("Found more than two parts"));
        t.run(
            &["set", "s3.endpoint_url", "http://x", "--services", "svc"],
            "",
        )
        .unwrap();
        assert_eq!(
            t.read_config(),
            "[services svc]\ns3 =\n    endpoint_url = http://x\n"
        );
    }

    #[cfg(unix)]
    #[test]
    fn warns_when_credentials_file_is_readable_by_others() {
        use std::os::unix::fs::PermissionsExt;
        let mut t = Sandbox::new("set3");
        t.credentials("[default]\naws_access_key_id = A\n");
        let path = t.home().join(".aws/credentials");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        t.run(&["set", "aws_access_key_id", "B"], "").unwrap();
        assert_eq!(
            t.stderr(),
            format!(
                "\naws: [WARNING]: The file '{p}' is accessible by other users. Consider \
                 running 'chmod 600 {p}' to restrict access to only your user.\n",
                p = path.display()
            )
        );
        assert_eq!(t.mode("credentials"), 0o644);
        // Config keys do not trigger the check.
        t.run(&["set", "region", "B"], "").unwrap();
        assert_eq!(t.stderr(), "");
    }
}
