//! `aws configure import --csv file://credentials.csv [--skip-invalid] [--profile-prefix p]`
//! (`awscli/customizations/configure/importer.py`): imports the access-key CSV the IAM console
//! downloads into the credentials file, one `[prefix + User Name]` section per row.
//!
//! The CSV is read as the reference does, without a CSV library: lines split on `,`, headers
//! matched case-insensitively after stripping; `User Name`, `Access Key ID` and
//! `Secret Access key` are required. A row with a missing value fails the import
//! (`Failed to parse entry #N: ...`) unless `--skip-invalid` drops it. All rows are parsed
//! before anything is written. The 2.36 permission warning is printed once, before the first
//! write (aws/aws-cli#10341 checks the credentials file once for `import`).

use std::io::Write;
use std::path::Path;

use awscli_args::paramfile::{get_paramfile, ParamFile, ParamFileSystem};
use awscli_config::SectionUpdate;

use super::args::{parse, Arg};
use super::{io, write_update, Session};
use crate::error::CliError;

const ARGS: &[Arg] = &[
    Arg::Value {
        name: "csv",
        required: true,
        choices: &[],
    },
    Arg::Flag("skip-invalid"),
    Arg::Value {
        name: "profile-prefix",
        required: false,
        choices: &[],
    },
];

const USERNAME_HEADER: &str = "User Name";
const AKID_HEADER: &str = "Access Key ID";
const SAK_HEADER: &str = "Secret Access key";
const EXPECTED_HEADERS: [&str; 3] = [USERNAME_HEADER, AKID_HEADER, SAK_HEADER];

/// One imported credential: user name, access key id, secret access key.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct CsvCredential {
    pub user: String,
    pub access_key_id: String,
    pub secret_access_key: String,
}

/// `file://` values read through the session's environment (for `~` and `$VAR`).
struct SessionFs<'a>(&'a awscli_config::Env);

impl ParamFileSystem for SessionFs<'_> {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }

    fn env_var(&self, name: &str) -> Option<String> {
        self.0.get(name).map(str::to_string)
    }
}

pub(super) fn run(
    session: &Session,
    words: &[String],
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<u8, CliError> {
    // The reference parses both files when its session starts: a file it cannot parse fails
    // every command, this one included, before anything is written.
    session.load()?;
    let parsed = parse(words, ARGS)?;
    let csv_arg = parsed.get("csv").unwrap_or_default();
    let contents = match get_paramfile(csv_arg, &SessionFs(&session.env)) {
        Ok(Some(ParamFile::Text(text))) => text,
        Ok(Some(ParamFile::Bytes(bytes))) => String::from_utf8_lossy(&bytes).into_owned(),
        Ok(None) => csv_arg.to_string(),
        Err(message) => {
            return Err(CliError::param(format!(
                "Error parsing parameter '--csv': {message}"
            )))
        }
    };
    let credentials =
        parse_credentials(&contents, !parsed.flag("skip-invalid")).map_err(CliError::General)?;
    let prefix = parsed.get("profile-prefix").unwrap_or_default();
    let path = session.credentials_path();
    for (index, credential) in credentials.iter().enumerate() {
        let update = SectionUpdate::new(format!("{prefix}{}", credential.user))
            .with("aws_access_key_id", credential.access_key_id.clone())
            .with(
                "aws_secret_access_key",
                credential.secret_access_key.clone(),
            );
        write_update(&path, &update, index == 0, stderr)?;
    }
    writeln!(
        stdout,
        "Successfully imported {} profile(s)",
        credentials.len()
    )
    .map_err(io)?;
    Ok(0)
}

/// `CSVCredentialParser.parse_credentials`; the error is the reference's message.
pub(super) fn parse_credentials(
    contents: &str,
    strict: bool,
) -> Result<Vec<CsvCredential>, String> {
    if contents.trim().is_empty() {
        return Err("Provided CSV contains no contents".to_string());
    }
    let lines = python_splitlines(contents);
    let headers: Vec<String> = lines[0].split(',').map(format_header).collect();
    let mut indices = Vec::new();
    for header in EXPECTED_HEADERS {
        let position = headers
            .iter()
            .position(|h| *h == format_header(header))
            .ok_or_else(|| format!("Expected header \"{header}\" not found"))?;
        indices.push((header, position));
    }
    let mut credentials = Vec::new();
    for (count, row) in lines[1..].iter().enumerate() {
        let columns: Vec<&str> = row.split(',').collect();
        let mut values = Vec::new();
        let mut failure = None;
        for (header, index) in &indices {
            let value = columns.get(*index).map(|c| c.trim()).unwrap_or_default();
            if value.is_empty() {
                failure = Some(format!("Row missing value for header \"{header}\""));
                break;
            }
            values.push(value.to_string());
        }
        match failure {
            Some(error) if strict => {
                return Err(format!("Failed to parse entry #{}: {error}", count + 1))
            }
            Some(_) => continue,
            None => credentials.push(CsvCredential {
                user: values[0].clone(),
                access_key_id: values[1].clone(),
                secret_access_key: values[2].clone(),
            }),
        }
    }
    Ok(credentials)
}

fn format_header(header: &str) -> String {
    header.trim().to_lowercase()
}

/// `str.splitlines()` for the line breaks a CSV can hold.
fn python_splitlines(text: &str) -> Vec<&str> {
    let normal: Vec<&str> = text.split_inclusive(['\n', '\r']).collect();
    let mut lines = Vec::new();
    let mut skip_lf = false;
    for piece in normal {
        if skip_lf && piece == "\n" {
            skip_lf = false;
            continue;
        }
        skip_lf = piece.ends_with('\r');
        lines.push(piece.trim_end_matches(['\n', '\r']));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::super::test_support::Sandbox;
    use super::*;

    #[test]
    fn parses_console_csv() {
        let csv = "User Name,Password,Access key ID,Secret access key,Console login link\r\n\
                   alice,,AKIAALICE,secretalice,https://x\r\nbob,,AKIABOB,secretbob,\r\n";
        let credentials = parse_credentials(csv, true).unwrap();
        assert_eq!(credentials.len(), 2);
        assert_eq!(credentials[1].secret_access_key, "secretbob");
        // Messages observed with /usr/bin/aws.
        let bad = "User Name,Access key ID,Secret access key\nalice,AKIAALICE,secretalice\nbob,,secretbob\n";
        assert_eq!(
            parse_credentials(bad, true).unwrap_err(),
            "Failed to parse entry #2: Row missing value for header \"Access Key ID\""
        );
        assert_eq!(parse_credentials(bad, false).unwrap().len(), 1);
        assert_eq!(
            parse_credentials("User,x", true).unwrap_err(),
            "Expected header \"User Name\" not found"
        );
        assert_eq!(
            parse_credentials(" \n", true).unwrap_err(),
            "Provided CSV contains no contents"
        );
    }

    #[test]
    fn import_writes_like_the_reference() {
        let mut t = Sandbox::new("import1");
        t.credentials("[default]\naws_access_key_id = AKIDDEFAULTABCD\n");
        let csv = t.home().join("creds.csv");
        std::fs::write(
            &csv,
            "User Name,Password,Access key ID,Secret access key,Console login link\n\
             alice,,AKIAALICE,secretalice,https://x\nbob,,AKIABOB,secretbob,\n",
        )
        .unwrap();
        let arg = format!("file://{}", csv.display());
        assert_eq!(
            t.run(&["import", "--csv", &arg, "--profile-prefix", "p-"], "")
                .unwrap(),
            0
        );
        assert_eq!(t.stdout(), "Successfully imported 2 profile(s)\n");
        assert_eq!(
            t.read_credentials(),
            "[default]\naws_access_key_id = AKIDDEFAULTABCD\n[p-alice]\n\
             aws_access_key_id = AKIAALICE\naws_secret_access_key = secretalice\n[p-bob]\n\
             aws_access_key_id = AKIABOB\naws_secret_access_key = secretbob\n"
        );
        let err = t.run(&["import"], "").unwrap_err();
        assert_eq!(
            err.to_string(),
            "the following arguments are required: --csv"
        );
    }
}
