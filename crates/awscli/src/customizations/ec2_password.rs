//! `aws ec2 get-password-data --priv-launch-key <file>`: the model
//! operation, with `PasswordData` decrypted locally (RSA PKCS#1 v1.5) with
//! the instance's launch key before the output is printed.
//!
//! Spec: `awscli/customizations/ec2/decryptpassword.py`. A path that is
//! not a file is refused before the call; an empty `PasswordData` (not
//! available yet) is left as it is.
use std::io::{IsTerminal, Write};

use awscli_model::{Service, Value};
use awscli_output::{normalize_timestamps, Formatter, OutputFormat, TimestampFormat};
use base64::Engine;

use super::api::Api;
use super::session_manager::parse_input;
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::{config_error, Session};

const OPTION: &str = "--priv-launch-key";
const BAD_PATH: &str = "priv-launch-key should be a path to the local SSH private key file used to launch the instance.";
const CANNOT_DECRYPT: &str = "Unable to decrypt password data using provided private key file.";

/// Takes `--priv-launch-key` out of the words; the rest are the model's.
fn split_key_option(rest: &[String]) -> Result<(Vec<String>, Option<String>), CliError> {
    let mut remaining = Vec::new();
    let mut key = None;
    let mut words = rest.iter();
    while let Some(word) = words.next() {
        if word == OPTION {
            let value = words.next().ok_or_else(|| {
                CliError::usage(format!("argument {OPTION}: expected one argument"))
            })?;
            key = Some(value.clone());
        } else if let Some(value) = word.strip_prefix("--priv-launch-key=") {
            key = Some(value.to_owned());
        } else {
            remaining.push(word.clone());
        }
    }
    Ok((remaining, key))
}

fn decrypt(key_path: &str, password_data: &str) -> Option<String> {
    let pem = std::fs::read_to_string(key_path).ok()?;
    let key = super::cloudfront::load_private_key(&pem)?;
    let cipher = base64::engine::general_purpose::STANDARD
        .decode(password_data.trim())
        .ok()?;
    let plain = key.decrypt(rsa::Pkcs1v15Encrypt, &cipher).ok()?;
    String::from_utf8(plain).ok()
}

pub fn get_password_data(
    service: &Service,
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let (rest, key) = split_key_option(rest)?;
    let session = Session::new(globals, env)?;
    let input = parse_input(&session, service, "GetPasswordData", &rest)?;
    let key_path = match key.as_deref().filter(|k| !k.is_empty()) {
        Some(k) => {
            let path = awscli_args::paramfile::expand_path(k, &awscli_args::StdFileSystem);
            if !std::path::Path::new(&path).is_file() {
                return Err(CliError::General(BAD_PATH.into()).into());
            }
            Some(path)
        }
        None => None,
    };
    let output_name = session
        .setting("output")?
        .unwrap_or_else(|| "json".to_owned());
    let format =
        OutputFormat::from_setting(&output_name).ok_or_else(|| CliError::Configuration {
            code: "Configuration",
            message: format!("Unknown output type: {output_name}"),
        })?;
    let timestamps = match session.config.timestamp_format().map_err(config_error)? {
        awscli_config::config::TimestampFormat::Wire => TimestampFormat::Wire,
        _ => TimestampFormat::Iso8601,
    };
    let mut formatter = Formatter::new(format);
    if let Some(query) = &globals.query {
        formatter = formatter.with_query(Some(crate::driver::compile_query(query)?));
    }
    formatter.color = match globals.color.as_str() {
        "on" => true,
        "off" => false,
        _ => std::io::stdout().is_terminal(),
    };
    let mut api = Api::new(session);
    let mut output = api.call(service, "GetPasswordData", &input)?;
    if let Some(path) = key_path {
        let data = output
            .get("PasswordData")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        if !data.trim().is_empty() {
            let plain =
                decrypt(&path, &data).ok_or_else(|| CliError::General(CANNOT_DECRYPT.into()))?;
            if let Some(m) = output.as_map_mut() {
                m.insert("PasswordData".into(), Value::String(plain));
            }
        }
    }
    normalize_timestamps(&mut output, timestamps);
    formatter
        .render("GetPasswordData", output, stdout)
        .map_err(|e| CliError::General(e.to_string()))?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_option_is_taken_out() {
        let words: Vec<String> = ["--instance-id", "i-1", "--priv-launch-key", "k.pem"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let (rest, key) = split_key_option(&words).unwrap();
        assert_eq!(rest, ["--instance-id", "i-1"]);
        assert_eq!(key.as_deref(), Some("k.pem"));
    }
}
