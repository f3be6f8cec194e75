//! The hand-written `deploy` (CodeDeploy) commands: `push` (bundle a
//! revision, upload it to S3, register it), `register` / `deregister` (an
//! on-premises instance and its IAM user) and `install` / `uninstall` (the
//! CodeDeploy agent and its configuration on this machine).
//!
//! Spec: `awscli/customizations/codedeploy/` of the AWS CLI v2 (`push.py`,
//! `register.py`, `deregister.py`, `install.py`, `uninstall.py`,
//! `utils.py`, `systems.py`). This module holds the validations the
//! commands share (`utils.py`); each command lives in its own module.
use std::io::Write;

use crate::error::CliError;
use crate::session::Session;

pub mod install;
pub mod push;
pub mod register;

/// The configuration file `register` writes and `install` copies
/// (`systems.DEFAULT_CONFIG_FILE`).
pub const DEFAULT_CONFIG_FILE: &str = "codedeploy.onpremises.yml";

const MAX_INSTANCE_NAME_LENGTH: usize = 100;
const MAX_TAGS_PER_INSTANCE: usize = 10;
const MAX_TAG_KEY_LENGTH: usize = 128;
const MAX_TAG_VALUE_LENGTH: usize = 256;

/// `validate_s3_location`: `s3://<bucket>/<key>` split in two, or the
/// reference's message naming the option.
pub fn parse_s3_location(option: &str, value: &str) -> Result<(String, String), CliError> {
    // `re.match('s3://(.+?)/(.+)')`: the bucket ends at the first `/`, and
    // both parts are non-empty (a key may not start the string, but may
    // start with `/`: `s3://b//k` is bucket `b`, key `/k`).
    let invalid = || {
        CliError::param(format!(
            "{option} must specify the Amazon S3 URL format as s3://<bucket>/<key>."
        ))
    };
    let rest = value.strip_prefix("s3://").ok_or_else(invalid)?;
    let mut chars = rest.char_indices();
    // The bucket takes at least one character, even a `/`.
    chars.next().ok_or_else(invalid)?;
    let slash = chars
        .find(|(_, c)| *c == '/')
        .map(|(i, _)| i)
        .ok_or_else(invalid)?;
    let (bucket, key) = (&rest[..slash], &rest[slash + 1..]);
    // `.+` does not match newlines; the key must have a character before one.
    if key.is_empty() || key.starts_with('\n') || bucket.contains('\n') {
        return Err(invalid());
    }
    let key = key.split('\n').next().unwrap_or(key);
    Ok((bucket.to_owned(), key.to_owned()))
}

/// `validate_region`: the region of `--region` or the configuration, or the
/// reference's `ConfigurationError` (exit 253, no error code in 2.36's
/// layout since it is not one of botocore's named errors).
pub fn resolve_region(session: &Session) -> Result<String, CliError> {
    if let Some(region) = session.region()? {
        return Ok(region);
    }
    let _ = write!(std::io::stderr(), "\naws: [ERROR]: Region not specified.\n");
    Err(CliError::Reported(253))
}

/// `validate_instance_name`.
pub fn validate_instance_name(name: &str) -> Result<(), CliError> {
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
    if !valid {
        return Err(CliError::param(
            "Instance name contains invalid characters.",
        ));
    }
    if name.starts_with("i-") {
        return Err(CliError::param("Instance name cannot start with 'i-'."));
    }
    if name.chars().count() > MAX_INSTANCE_NAME_LENGTH {
        return Err(CliError::param(format!(
            "Instance name cannot be longer than {MAX_INSTANCE_NAME_LENGTH} characters."
        )));
    }
    Ok(())
}

/// One `Key`/`Value` tag of `register --tags`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// `validate_tags`.
pub fn validate_tags(tags: &[Tag]) -> Result<(), CliError> {
    if tags.len() > MAX_TAGS_PER_INSTANCE {
        return Err(CliError::param(format!(
            "Instances can only have a maximum of {MAX_TAGS_PER_INSTANCE} tags."
        )));
    }
    for tag in tags {
        if tag.key.chars().count() > MAX_TAG_KEY_LENGTH {
            return Err(CliError::param(format!(
                "Tag Key cannot be longer than {MAX_TAG_KEY_LENGTH} characters."
            )));
        }
        if tag.value.chars().count() > MAX_TAG_VALUE_LENGTH {
            return Err(CliError::param(format!(
                "Tag Value cannot be longer than {MAX_TAG_VALUE_LENGTH} characters."
            )));
        }
    }
    Ok(())
}

/// `validate_iam_user_arn`: `arn:aws:iam::<12 digits>:user/<path and name>`.
pub fn validate_iam_user_arn(arn: &str) -> Result<(), CliError> {
    let invalid = || CliError::param("Invalid IAM user ARN.");
    let rest = arn.strip_prefix("arn:aws:iam::").ok_or_else(invalid)?;
    let (account, user) = rest.split_once(":user/").ok_or_else(invalid)?;
    let account_ok = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
    let user_ok = !user.is_empty()
        && user
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/+=,.@_-".contains(c));
    if account_ok && user_ok {
        Ok(())
    } else {
        Err(invalid())
    }
}

/// The reference's catch-all of `register`, `deregister`, `install` and
/// `uninstall`: what was written to stdout stays, then `ERROR`, the
/// failure, and where to read how to do it by hand, on stderr; exit 255.
pub fn report_failure(stdout: &mut dyn Write, error: &CliError, advice: &str) -> CliError {
    let _ = stdout.flush();
    let _ = write!(std::io::stderr(), "ERROR\n{error}\n{advice}\n");
    CliError::Reported(255)
}

/// Python's `str(OSError)`: `[Errno 2] No such file or directory: 'x'`.
pub fn os_error_text(e: &std::io::Error, path: &str) -> String {
    let text = e.to_string();
    let message = text.split(" (os error").next().unwrap_or(&text);
    match e.raw_os_error() {
        Some(code) => format!("[Errno {code}] {message}: '{path}'"),
        None => text,
    }
}

/// The end of the advice each catch-all prints.
pub const GUIDE: &str = "by following the instructions in \"Configure Existing On-Premises Instances by Using AWS CodeDeploy\" in the AWS CodeDeploy User Guide.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_location_splits_at_the_first_slash() {
        assert_eq!(
            parse_s3_location("--s3-location", "s3://b/dir/k.zip").unwrap(),
            ("b".into(), "dir/k.zip".into())
        );
        assert_eq!(
            parse_s3_location("--s3-location", "s3://b//k").unwrap(),
            ("b".into(), "/k".into())
        );
        for bad in ["b/k", "s3://b", "s3://b/", "s3:///"] {
            let e = parse_s3_location("--s3-location", bad).unwrap_err();
            assert_eq!(
                e.to_string(),
                "--s3-location must specify the Amazon S3 URL format as s3://<bucket>/<key>."
            );
        }
    }

    #[test]
    fn instance_names_follow_the_reference_rules() {
        assert!(validate_instance_name("host-1.example@x").is_ok());
        assert_eq!(
            validate_instance_name("i-123").unwrap_err().to_string(),
            "Instance name cannot start with 'i-'."
        );
        assert_eq!(
            validate_instance_name("a b").unwrap_err().to_string(),
            "Instance name contains invalid characters."
        );
        assert!(validate_instance_name(&"a".repeat(101)).is_err());
    }

    #[test]
    fn iam_user_arns_need_an_account_and_a_user() {
        assert!(validate_iam_user_arn("arn:aws:iam::123456789012:user/AWS/CodeDeploy/x").is_ok());
        assert!(validate_iam_user_arn("arn:aws:iam::12345:user/x").is_err());
        assert!(validate_iam_user_arn("arn:aws:iam::123456789012:role/x").is_err());
    }

    #[test]
    fn tags_are_limited_in_number_and_length() {
        let tag = |k: &str, v: &str| Tag {
            key: k.into(),
            value: v.into(),
        };
        assert!(validate_tags(&[tag("a", "b")]).is_ok());
        assert_eq!(
            validate_tags(&vec![tag("a", "b"); 11])
                .unwrap_err()
                .to_string(),
            "Instances can only have a maximum of 10 tags."
        );
        assert!(validate_tags(&[tag(&"k".repeat(129), "")]).is_err());
        assert!(validate_tags(&[tag("k", &"v".repeat(257))]).is_err());
    }
}
