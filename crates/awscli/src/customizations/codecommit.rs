//! `aws codecommit credential-helper get|store|erase`: the git credential
//! helper of CodeCommit over HTTPS. `get` reads git's `key=value` lines
//! from stdin and answers `username=<access key>[%<session token>]` and
//! `password=<timestamp>Z<signature>`, a SigV4 signature of the repository
//! URL with the method `GIT`; `store` and `erase` do nothing, since nothing
//! is ever stored. Nothing is sent over the network.
//!
//! Spec: `awscli/customizations/codecommit.py` (`CodeCommitGetCommand`),
//! the git credential protocol (<https://git-scm.com/docs/git-credential>),
//! and SigV4 (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html>)
//! with the helper's own canonical request: `GIT\n<path>\n\nhost:<host>\n\nhost\n`
//! (no query, no payload hash, the port left out of the host).
use std::io::{Read, Write};

use awscli_client::ChecksumAlgorithm;

use super::args::{self, Spec};
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::Session;

const SUBCOMMANDS: [&str; 3] = ["get", "store", "erase"];

const GET_SPECS: &[Spec] = &[Spec::flag("--ignore-host-check")];

/// The reference signs without credentials and fails in Python when it
/// reads the secret key; its words are kept so scripts see the same text.
const NO_CREDENTIALS: &str = "'NoneType' object has no attribute 'secret_key'";

/// `aws codecommit credential-helper <subcommand>`.
pub fn credential_helper(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let Some(first) = rest.first() else {
        // The command's own usage line, as argparse prints it for a
        // `BasicCommand` with subcommands.
        return Err(CliError::param(
            "too few arguments\n\nusage: aws [options] codecommit credential-helper <subcommand> [parameters]",
        )
        .into());
    };
    match first.as_str() {
        "get" => get(globals, &rest[1..], env, stdout),
        "store" | "erase" => {
            args::parse(&[], &rest[1..])?;
            Ok(0)
        }
        other => Err(CliError::invalid_choice("subcommand", other, SUBCOMMANDS).into()),
    }
}

fn get(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let parsed = args::parse(GET_SPECS, rest)?;
    let mut input = Vec::new();
    std::io::stdin().read_to_end(&mut input)?;
    let parameters = parse_git_parameters(&String::from_utf8_lossy(&input))?;
    let host = parameter(&parameters, "host")?;
    // Only Amazon hosts get credentials, so a helper configured for every
    // host does not hand signatures to others.
    if !(host.contains("amazon.com")
        || host.contains("amazonaws.com")
        || parsed.flag("--ignore-host-check"))
    {
        return Ok(0);
    }
    let url = format!(
        "{}://{}/{}",
        parameter(&parameters, "protocol")?,
        host,
        parameter(&parameters, "path")?
    );
    let session = Session::new(globals, env)?;
    let region = match region_of_host(host) {
        Some(r) => r.to_owned(),
        None => session.region()?.ok_or_else(|| {
            // botocore joins the credential scope with `None` in it.
            CliError::General("sequence item 1: expected str instance, NoneType found".into())
        })?,
    };
    let credentials = super::api::local_credentials(&session)
        .map_err(|_| CliError::General(NO_CREDENTIALS.into()))?;
    let timestamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%S").to_string();
    let signature = sign_url(&url, &timestamp, &region, &credentials.secret_access_key);
    let mut username = credentials.access_key_id.clone();
    if let Some(token) = &credentials.session_token {
        username.push('%');
        username.push_str(token);
    }
    // Always `\n`: git rejects `\r\n`.
    write!(
        stdout,
        "username={username}\npassword={timestamp}Z{signature}\n"
    )?;
    stdout.flush()?;
    Ok(0)
}

/// git's `key=value` lines; blank lines are skipped, a line without `=` is
/// the reference's unpacking error.
fn parse_git_parameters(text: &str) -> Result<Vec<(String, String)>, CliError> {
    let mut parameters: Vec<(String, String)> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (key, value) = line.split_once('=').ok_or_else(|| {
            CliError::General("not enough values to unpack (expected 2, got 1)".into())
        })?;
        parameters.retain(|(k, _)| k != key);
        parameters.push((key.to_owned(), value.to_owned()));
    }
    Ok(parameters)
}

/// A parameter git must send; a missing one is the reference's `KeyError`.
fn parameter<'a>(parameters: &'a [(String, String)], key: &str) -> Result<&'a str, CliError> {
    parameters
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .ok_or_else(|| CliError::General(format!("'{key}'")))
}

/// The region in a CodeCommit host name: the reference's
/// `re.match(r'(vpce-.+\.)?git-codecommit(-fips)?\.([^.]+)\.(vpce\.)?amazonaws\.com', host)`,
/// anchored at the start only, with the regex's backtracking order
/// (the longest VPC endpoint prefix first, then none).
fn region_of_host(host: &str) -> Option<&str> {
    let mut starts: Vec<usize> = Vec::new();
    if host.starts_with("vpce-") {
        // `vpce-.+\.`: at least one character after `vpce-`, then a dot.
        starts.extend(
            host.char_indices()
                .filter(|&(i, c)| c == '.' && i > "vpce-".len())
                .map(|(i, _)| i + 1)
                .rev(),
        );
    }
    starts.push(0);
    starts
        .into_iter()
        .find_map(|start| region_after_prefix(&host[start..]))
}

fn region_after_prefix(rest: &str) -> Option<&str> {
    let rest = rest.strip_prefix("git-codecommit")?;
    for after_fips in [rest.strip_prefix("-fips"), Some(rest)]
        .into_iter()
        .flatten()
    {
        let Some(tail) = after_fips.strip_prefix('.') else {
            continue;
        };
        let end = tail.find('.').unwrap_or(tail.len());
        if end == 0 {
            continue;
        }
        let (region, after) = tail.split_at(end);
        let Some(after) = after.strip_prefix('.') else {
            continue;
        };
        let vpce = after.strip_prefix("vpce.");
        if vpce.is_some_and(|a| a.starts_with("amazonaws.com"))
            || after.starts_with("amazonaws.com")
        {
            return Some(region);
        }
    }
    None
}

/// `urlsplit(url)`: the network location and the path.
fn split_url(url: &str) -> (&str, &str) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let netloc_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (netloc, tail) = rest.split_at(netloc_end);
    let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
    (netloc, &tail[..path_end])
}

/// The helper's signature of `url` at `timestamp` (`%Y%m%dT%H%M%S`, UTC).
fn sign_url(url: &str, timestamp: &str, region: &str, secret_access_key: &str) -> String {
    let (netloc, path) = split_url(url);
    let hostname = netloc.split(':').next().unwrap_or(netloc);
    let canonical_request = format!("GIT\n{path}\n\nhost:{hostname}\n\nhost\n");
    let date = timestamp.get(..8).unwrap_or(timestamp);
    let scope = format!("{date}/{region}/codecommit/aws4_request");
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{timestamp}\n{scope}\n{}",
        hex(&sha256(canonical_request.as_bytes()))
    );
    let mut key = hmac_sha256(
        format!("AWS4{secret_access_key}").as_bytes(),
        date.as_bytes(),
    );
    for part in [region, "codecommit", "aws4_request"] {
        key = hmac_sha256(&key, part.as_bytes());
    }
    hex(&hmac_sha256(&key, string_to_sign.as_bytes()))
}

fn sha256(data: &[u8]) -> Vec<u8> {
    ChecksumAlgorithm::Sha256.digest(data)
}

/// HMAC-SHA256 (RFC 2104), over the SHA-256 the binary already links.
fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    const BLOCK: usize = 64;
    let mut block = if key.len() > BLOCK {
        sha256(key)
    } else {
        key.to_vec()
    };
    block.resize(BLOCK, 0);
    let mut inner: Vec<u8> = block.iter().map(|b| b ^ 0x36).collect();
    inner.extend_from_slice(message);
    let mut outer: Vec<u8> = block.iter().map(|b| b ^ 0x5c).collect();
    outer.extend_from_slice(&sha256(&inner));
    sha256(&outer)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        assert_eq!(
            hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn region_comes_from_codecommit_hosts_only() {
        let cases = [
            ("git-codecommit.us-east-2.amazonaws.com", Some("us-east-2")),
            (
                "git-codecommit-fips.ca-central-1.amazonaws.com",
                Some("ca-central-1"),
            ),
            (
                "vpce-0b8-x.git-codecommit.eu-west-1.vpce.amazonaws.com",
                Some("eu-west-1"),
            ),
            (
                "git-codecommit.cn-north-1.amazonaws.com.cn",
                Some("cn-north-1"),
            ),
            ("example.com", None),
            ("git-codecommit..amazonaws.com", None),
            ("xgit-codecommit.us-east-1.amazonaws.com", None),
        ];
        for (host, region) in cases {
            assert_eq!(region_of_host(host), region, "{host}");
        }
    }

    #[test]
    fn git_parameters_keep_the_last_value_and_need_an_equals_sign() {
        let parsed = parse_git_parameters("protocol=https\n\n host=a=b \nhost=c\n").unwrap();
        assert_eq!(parameter(&parsed, "host").unwrap(), "c");
        assert_eq!(parameter(&parsed, "protocol").unwrap(), "https");
        assert_eq!(
            parameter(&parsed, "path").unwrap_err().to_string(),
            "'path'"
        );
        assert!(parse_git_parameters("oops\n").is_err());
    }

    /// Computed with the reference's botocore `SigV4Auth` (`string_to_sign`,
    /// `signature`) on the helper's canonical request.
    #[test]
    fn signature_matches_botocore() {
        assert_eq!(
            sign_url(
                "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/demo",
                "20240102T030405",
                "eu-west-1",
                "secretkey"
            ),
            "dcc8453be22c72e63e4c482f4ce188ffa3e1e0ab0469d416d50c1b0e67b261d9"
        );
    }

    #[test]
    fn signature_leaves_out_the_port_and_the_query() {
        let a = sign_url(
            "https://h.example:443/v1/repos/r?x=1",
            "20240101T000000",
            "us-east-1",
            "s",
        );
        let b = sign_url(
            "https://h.example/v1/repos/r",
            "20240101T000000",
            "us-east-1",
            "s",
        );
        assert_eq!(a, b);
        assert_eq!(a.len(), 64);
    }
}
