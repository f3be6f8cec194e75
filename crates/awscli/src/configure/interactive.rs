//! `aws configure [--profile p]`: the four prompts (`ConfigureCommand._run_main` of
//! `awscli/customizations/configure/configure.py`).
//!
//! Each prompt shows the current value of the profile's merged configuration in brackets, the
//! keys masked (`[****************ABCD]`), `None` when unset; an empty answer keeps the value.
//! Answers are read line by line from stdin (a terminal or a pipe); end of input before the
//! last prompt is `EOF when reading a line` (rc 255) and nothing is written. Changed keys go to
//! the credentials file (`[NAME]`), the rest to the config file (`[default]` or
//! `[profile NAME]`); nothing is written when nothing changed.
//!
//! 2.36 differences followed here:
//! - for a profile that does not exist yet, a `Tip:` about `aws login` is printed first
//!   (aws/aws-cli#10144; observed text, printed before the first prompt with a blank line on
//!   each side; this port writes it to stdout like the prompts);
//! - when the access key is temporary (`ASIA...`), an `AWS Session Token` prompt follows the
//!   secret key (aws/aws-cli#9590; observed in a 2.3x transcript, the exact condition is this
//!   port's reading of it);
//! - the credentials file permission warning (aws/aws-cli#10341).

use std::io::{BufRead, Write};

use awscli_config::SectionUpdate;
use indexmap::IndexMap;

use super::{io, mask_value, profile_to_section, write_update, Session};
use crate::error::CliError;

const TIP: &str = "\nTip: You can deliver temporary credentials to the AWS CLI using your AWS \
                   Console session by running the command 'aws login'.\n\n";

/// Keys the prompts write to the credentials file.
const CREDENTIAL_KEYS: &[&str] = &[
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
];

pub(super) fn run(
    session: &Session,
    stdin: &mut dyn BufRead,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<u8, CliError> {
    let config = session.load()?;
    let profile = session.profile();
    let profile_name = profile.clone().unwrap_or_else(|| "default".to_string());
    // `get_scoped_config()`, with a missing profile read as empty.
    let scoped = config.profiles().get(&profile_name);
    let current = |key: &str| -> Option<String> {
        scoped
            .and_then(|p| p.get(key))
            .and_then(|v| v.value.as_str())
            .map(str::to_string)
    };
    if scoped.is_none() {
        stdout.write_all(TIP.as_bytes()).map_err(io)?;
    }

    let mut new_values: IndexMap<&str, String> = IndexMap::new();
    let mut ask =
        |key: &'static str, prompt: &str, masked: bool| -> Result<Option<String>, CliError> {
            let current_value = current(key);
            let shown = if masked {
                mask_value(current_value.as_deref())
            } else {
                current_value.clone().unwrap_or_else(|| "None".to_string())
            };
            write!(stdout, "{prompt} [{shown}]: ").map_err(io)?;
            stdout.flush().map_err(io)?;
            let answer = read_line(stdin)?;
            if !answer.is_empty() && Some(&answer) != current_value.as_ref() {
                new_values.insert(key, answer.clone());
            }
            Ok(if answer.is_empty() {
                current_value
            } else {
                Some(answer)
            })
        };
    let access_key = ask("aws_access_key_id", "AWS Access Key ID", true)?;
    ask("aws_secret_access_key", "AWS Secret Access Key", true)?;
    if access_key.as_deref().is_some_and(|k| k.starts_with("ASIA")) {
        ask("aws_session_token", "AWS Session Token", true)?;
    }
    ask("region", "Default region name", false)?;
    ask("output", "Default output format", false)?;

    if new_values.is_empty() {
        return Ok(0);
    }
    let mut credentials = SectionUpdate::new(profile_name.clone());
    let mut config_update = SectionUpdate::new(match &profile {
        Some(profile) => profile_to_section(profile),
        None => "default".to_string(),
    });
    for (key, value) in new_values {
        let update = if CREDENTIAL_KEYS.contains(&key) {
            &mut credentials
        } else {
            &mut config_update
        };
        update.values.insert(key.to_string(), value.into());
    }
    // Validate both before writing either, so a bad answer changes nothing.
    credentials.validate().map_err(super::write_error)?;
    config_update.validate().map_err(super::write_error)?;
    if !credentials.values.is_empty() {
        write_update(&session.credentials_path(), &credentials, true, stderr)?;
    }
    // The reference always updates the config file once anything changed, even when only
    // keys for the credentials file were given: a new profile gets its (empty) section.
    write_update(&session.config_path(), &config_update, false, stderr)?;
    Ok(0)
}

/// Python's `input()`: one line without its line break; end of input is an error.
fn read_line(stdin: &mut dyn BufRead) -> Result<String, CliError> {
    let mut line = String::new();
    let read = stdin.read_line(&mut line).map_err(io)?;
    if read == 0 {
        return Err(CliError::General("EOF when reading a line".to_string()));
    }
    if line.ends_with('\n') {
        line.pop();
        if line.ends_with('\r') {
            line.pop();
        }
    }
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::Sandbox;

    const CONFIG: &str = "[default]\nregion = us-west-2\ns3 =\n  max_concurrent_requests = 20\n\
                          [profile dev]\nregion = eu-west-1\n";
    const CREDENTIALS: &str = "[default]\naws_access_key_id = AKIDDEFAULTABCD\n\
                               aws_secret_access_key = SECRETDEFAULTWXYZ\n";

    // Prompts and files observed with /usr/bin/aws (2.9.19) fed the same answers on a pipe;
    // the Tip line is 2.36's.
    #[test]
    fn existing_profile_masks_and_keeps_values() {
        let mut t = Sandbox::new("prompt1");
        t.config(CONFIG);
        t.credentials(CREDENTIALS);
        assert_eq!(t.run(&[], "NEWKEY1234\n\neu-central-1\n\n").unwrap(), 0);
        assert_eq!(
            t.stdout(),
            "AWS Access Key ID [****************ABCD]: AWS Secret Access Key \
             [****************WXYZ]: Default region name [us-west-2]: Default output format \
             [None]: "
        );
        assert_eq!(
            t.read_credentials(),
            "[default]\naws_access_key_id = NEWKEY1234\naws_secret_access_key = SECRETDEFAULTWXYZ\n"
        );
        assert_eq!(
            t.read_config(),
            "[default]\nregion = eu-central-1\ns3 =\n  max_concurrent_requests = 20\n\
             [profile dev]\nregion = eu-west-1\n"
        );
    }

    #[test]
    fn new_profile_shows_the_tip_and_writes_both_files() {
        let mut t = Sandbox::new("prompt2");
        t.config(CONFIG);
        t.profile("newp");
        t.run(&[], "AKIANEW\nsecret\n\ntext\n").unwrap();
        assert_eq!(
            t.stdout(),
            "\nTip: You can deliver temporary credentials to the AWS CLI using your AWS Console \
             session by running the command 'aws login'.\n\nAWS Access Key ID [None]: AWS \
             Secret Access Key [None]: Default region name [None]: Default output format \
             [None]: "
        );
        assert!(t.read_config().ends_with("[profile newp]\noutput = text\n"));
        assert_eq!(
            t.read_credentials(),
            "[newp]\naws_access_key_id = AKIANEW\naws_secret_access_key = secret\n"
        );
        #[cfg(unix)]
        assert_eq!(t.mode("credentials"), 0o600);
    }

    #[test]
    fn temporary_keys_ask_for_a_session_token() {
        let mut t = Sandbox::new("prompt3");
        t.run(&[], "ASIAKEY\nsecret\ntoken\nus-east-1\n\n").unwrap();
        assert!(t.stdout().ends_with(
            "AWS Secret Access Key [None]: AWS Session Token [None]: Default region name \
             [None]: Default output format [None]: "
        ));
        assert_eq!(
            t.read_credentials(),
            "[default]\naws_access_key_id = ASIAKEY\naws_secret_access_key = secret\n\
             aws_session_token = token\n"
        );
    }

    #[test]
    fn end_of_input_writes_nothing() {
        let mut t = Sandbox::new("prompt4");
        t.config(CONFIG);
        t.profile("dev");
        let err = t.run(&[], "a\n").unwrap_err();
        assert_eq!(err.to_string(), "EOF when reading a line");
        assert_eq!(err.exit_code(), 255);
        assert_eq!(
            t.stdout(),
            "AWS Access Key ID [None]: AWS Secret Access Key [None]: "
        );
        assert_eq!(t.read_config(), CONFIG);
        assert!(!t.home().join(".aws/credentials").exists());
    }
}
