//! `aws configure export-credentials [--format F]`
//! (`awscli/customizations/configure/exportcreds.py`): prints the resolved credentials as a
//! `credential_process` JSON document (default) or as shell variable assignments.
//!
//! Formats (checked against /usr/bin/aws 2.9.19): `process` (`json.dumps(indent=2)`, ASCII
//! escaped), `env` (`export K=V`), `env-no-export` (`K=V`), `powershell` (`$Env:K="V"`),
//! `windows-cmd` (`set K=V`). `fish` is a 2.36 addition that 2.9.19 lacks and whose source was
//! not available: it is written as fish's `set -gx K V`. Lines appear for
//! `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, then `AWS_SESSION_TOKEN` and
//! `AWS_CREDENTIAL_EXPIRATION` when present; the expiration is Python's `isoformat()` of the
//! parsed time (`2030-01-01T00:00:00+00:00`).
//!
//! Static keys (environment, credentials file, config file) are read without starting a
//! runtime; every other source (assume-role, web identity, SSO, `credential_process`,
//! container, IMDS) goes through the credential chain of `awscli-credentials`, as
//! `session.get_credentials()` does in the reference. Any failure is reported as
//! `Unable to retrieve credentials: <reason>` (rc 253).

use std::collections::HashMap;
use std::io::Write;
use std::time::SystemTime;

use awscli_config::{CredentialSource, RealFs, StaticCredentials};

use super::args::{parse, Arg};
use super::{io, Session};
use crate::error::CliError;
use crate::globals::GlobalArgs;

const FORMATS: &[&str] = &[
    "process",
    "env",
    "env-no-export",
    "powershell",
    "windows-cmd",
    "fish",
];

const ARGS: &[Arg] = &[Arg::Value {
    name: "format",
    required: false,
    choices: FORMATS,
}];

/// `_AWS_CLI_PROFILE_CHAIN`: the profiles of nested `export-credentials` runs (a
/// `credential_process` that calls the CLI again).
const RECURSION_VAR: &str = "_AWS_CLI_PROFILE_CHAIN";
const MAX_RECURSION: usize = 4;

/// botocore's mandatory refresh window: credentials this close to expiry count as expired.
const MANDATORY_REFRESH_SECONDS: i64 = 600;

pub(super) fn run(
    session: &Session,
    globals: &GlobalArgs,
    env: &HashMap<String, String>,
    words: &[String],
    stdout: &mut dyn Write,
) -> Result<u8, CliError> {
    let parsed = parse(words, ARGS)?;
    let format = parsed.get("format").unwrap_or("process");
    detect_recursion(session)?;
    update_recursion_barrier(session);
    let config = session.load()?;
    let unable = |message: String| CliError::Configuration {
        code: "Configuration",
        message: format!("Unable to retrieve credentials: {message}"),
    };
    let (credentials, expiry) = match config.resolve_credential_source(&RealFs) {
        Err(error) => return Err(unable(error.to_string().trim().to_string())),
        // The fast path: static keys need no runtime and no HTTP client.
        Ok(Some(CredentialSource::Static(credentials))) => {
            let expiry = match &credentials.expiry_time {
                Some(text) => Some(check_expiry(text, jiff::Timestamp::now().as_second())?),
                None => None,
            };
            (credentials, expiry)
        }
        Ok(_) => match super::chain_credentials(globals, env) {
            Ok(None) => return Err(unable("no credentials found".to_string())),
            Ok(Some(resolved)) => {
                let expiry = resolved.credentials.expiration.map(isoformat_utc);
                let credentials = StaticCredentials {
                    access_key_id: resolved.credentials.access_key_id,
                    secret_access_key: resolved.credentials.secret_access_key,
                    session_token: resolved.credentials.session_token,
                    expiry_time: None,
                    account_id: None,
                    // Unused by `render`; the provider's own method is `resolved.method`.
                    method: awscli_config::CredentialMethod::Env,
                };
                (credentials, expiry)
            }
            Err(super::ChainFailure::Resolve(error)) => {
                return Err(unable(error.to_string().trim().to_string()))
            }
            // Outside the reference's `try`: reported as the command's own error.
            Err(super::ChainFailure::Fetch(error)) => return Err(error),
        },
    };
    let text = render(format, &credentials, expiry.as_deref());
    stdout.write_all(text.as_bytes()).map_err(io)?;
    Ok(0)
}

/// `_detect_recursion_barrier` (the profile list is a one-row CSV; profile names in it are
/// simple, so a plain split on `,` reads it).
fn detect_recursion(session: &Session) -> Result<(), CliError> {
    let chain = session.env.get(RECURSION_VAR).unwrap_or_default();
    // `csv.reader([''])` yields an empty row.
    let seen: Vec<&str> = if chain.is_empty() {
        Vec::new()
    } else {
        chain.split(',').collect()
    };
    let profile = session.profile().unwrap_or_else(|| "default".to_string());
    let error = |message: String| CliError::Configuration {
        code: "Configuration",
        message,
    };
    if seen.len() >= MAX_RECURSION {
        return Err(error(format!(
            "Maximum recursive credential process resolution reached ({MAX_RECURSION}).\n\
             Profiles seen: {}",
            seen.join(" -> ")
        )));
    }
    if seen.contains(&profile.as_str()) {
        let mut cycle = seen.clone();
        cycle.push(&profile);
        return Err(error(format!(
            "Credential process resolution detected an infinite loop, profile cycle: {}\n",
            cycle.join(" -> ")
        )));
    }
    Ok(())
}

/// `_update_recursion_barrier`: adds this profile to `_AWS_CLI_PROFILE_CHAIN` in the process
/// environment, which a `credential_process` started by the chain inherits, so a process that
/// runs `aws configure export-credentials` again sees the chain (and a cycle stops there).
/// Set before any thread or runtime exists.
fn update_recursion_barrier(session: &Session) {
    let chain = session.env.get(RECURSION_VAR).unwrap_or_default();
    let profile = session.profile().unwrap_or_else(|| "default".to_string());
    let value = if chain.is_empty() {
        csv_field(&profile)
    } else {
        format!("{chain},{}", csv_field(&profile))
    };
    std::env::set_var(RECURSION_VAR, value);
}

/// One field as Python's `csv.writer` writes it (quoted when it holds `,`, `"` or a line
/// break).
fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// `datetime.isoformat()` of a provider's expiry: botocore parses the provider's timestamp
/// into an aware datetime; every provider hands out UTC times in practice (STS, the JSON
/// caches, IMDS, containers), so the time is printed in UTC (`+00:00`), with microseconds
/// only when there are some. A `credential_process` that reports another offset would have
/// that offset kept by the reference (the chain's [`awscli_client::Credentials`] does not
/// keep it).
fn isoformat_utc(time: SystemTime) -> String {
    // Out of jiff's range (year 9999) only for a corrupt cache entry; the
    // reference would fail on it as well, printing its start is enough.
    let Ok(at) = jiff::Timestamp::try_from(time) else {
        return "9999-12-31T23:59:59+00:00".to_owned();
    };
    let mut out = at.strftime("%Y-%m-%dT%H:%M:%S").to_string();
    let micros = at.as_microsecond().rem_euclid(1_000_000);
    if micros != 0 {
        out.push_str(&format!(".{micros:06}"));
    }
    out.push_str("+00:00");
    out
}

/// Parses `AWS_CREDENTIAL_EXPIRATION`, rejects credentials that are (nearly) expired as
/// botocore's refresh does, and returns the time as Python's `isoformat()` prints it.
pub(super) fn check_expiry(text: &str, now: i64) -> Result<String, CliError> {
    let parsed = parse_iso8601(text)
        .ok_or_else(|| CliError::General(format!("Unknown string format: {text}")))?;
    let Some(offset) = parsed.offset_minutes else {
        // botocore compares the naive time with an aware "now".
        return Err(CliError::General(
            "can't subtract offset-naive and offset-aware datetimes".to_string(),
        ));
    };
    let epoch = parsed.local_seconds - i64::from(offset) * 60;
    if epoch - now < MANDATORY_REFRESH_SECONDS {
        return Err(CliError::General(
            "Credentials were refreshed, but the refreshed credentials are still expired."
                .to_string(),
        ));
    }
    Ok(parsed.isoformat())
}

struct IsoTime {
    date: (i64, u32, u32),
    time: (u32, u32, u32),
    micros: u32,
    offset_minutes: Option<i32>,
    /// Seconds since the epoch of the wall-clock time, as if it were UTC.
    local_seconds: i64,
}

impl IsoTime {
    fn isoformat(&self) -> String {
        let (y, mo, d) = self.date;
        let (h, mi, s) = self.time;
        let mut out = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
        if self.micros != 0 {
            out.push_str(&format!(".{:06}", self.micros));
        }
        if let Some(offset) = self.offset_minutes {
            let sign = if offset < 0 { '-' } else { '+' };
            let abs = offset.abs();
            out.push_str(&format!("{sign}{:02}:{:02}", abs / 60, abs % 60));
        }
        out
    }
}

/// `YYYY-MM-DD[T ]HH:MM[:SS[.fraction]][Z|UTC|±HH[:MM]]`, the forms credential expirations
/// take in practice (dateutil accepts more).
fn parse_iso8601(text: &str) -> Option<IsoTime> {
    let text = text.trim();
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (date, rest) = text.split_at(text.find(['T', 't', ' '])?);
    let rest = &rest[1..];
    let mut date_parts = date.split('-');
    let year = number(date_parts.next()?)?;
    let month = number(date_parts.next()?)?;
    let day = number(date_parts.next()?)?;
    if date_parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let zone_at = rest.find(['Z', 'z', '+', '-', 'U']).unwrap_or(rest.len());
    let (clock, zone) = rest.split_at(zone_at);
    let (clock, fraction) = match clock.split_once('.') {
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (clock, None),
    };
    let mut clock_parts = clock.split(':');
    let hour = number(clock_parts.next()?)?;
    let minute = number(clock_parts.next()?)?;
    let second = clock_parts.next().map(number).unwrap_or(Some(0))?;
    if clock_parts.next().is_some() || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let micros = match fraction {
        Some(f) => {
            number(f)?;
            let digits: String = f.chars().chain(std::iter::repeat('0')).take(6).collect();
            digits.parse().ok()?
        }
        None => 0,
    };
    let offset_minutes = match zone {
        "" => None,
        "Z" | "z" | "UTC" => Some(0),
        zone => {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
            if digits.len() != 2 && digits.len() != 4 {
                return None;
            }
            let hours = number(&digits[..2])? as i32;
            let minutes = if digits.len() == 4 {
                number(&digits[2..])? as i32
            } else {
                0
            };
            Some(sign * (hours * 60 + minutes))
        }
    };
    let days = days_from_civil(i64::from(year), month, day);
    Some(IsoTime {
        date: (i64::from(year), month, day),
        time: (hour, minute, second),
        micros,
        offset_minutes,
        local_seconds: days * 86_400
            + i64::from(hour) * 3600
            + i64::from(minute) * 60
            + i64::from(second),
    })
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The output of one format.
pub(super) fn render(
    format: &str,
    credentials: &StaticCredentials,
    expiry: Option<&str>,
) -> String {
    let mut vars: Vec<(&str, &str)> = vec![
        ("AWS_ACCESS_KEY_ID", &credentials.access_key_id),
        ("AWS_SECRET_ACCESS_KEY", &credentials.secret_access_key),
    ];
    if let Some(token) = &credentials.session_token {
        vars.push(("AWS_SESSION_TOKEN", token));
    }
    if let Some(expiry) = expiry {
        vars.push(("AWS_CREDENTIAL_EXPIRATION", expiry));
    }
    if format == "process" {
        let mut fields = vec![
            ("AccessKeyId", credentials.access_key_id.as_str()),
            ("SecretAccessKey", credentials.secret_access_key.as_str()),
        ];
        if let Some(token) = &credentials.session_token {
            fields.push(("SessionToken", token));
        }
        if let Some(expiry) = expiry {
            fields.push(("Expiration", expiry));
        }
        let mut out = String::from("{\n  \"Version\": 1");
        for (key, value) in fields {
            out.push_str(&format!(",\n  \"{key}\": {}", json_string(value)));
        }
        out.push_str("\n}\n");
        return out;
    }
    vars.iter()
        .map(|(name, value)| match format {
            "env" => format!("export {name}={value}\n"),
            "env-no-export" => format!("{name}={value}\n"),
            "powershell" => format!("$Env:{name}=\"{value}\"\n"),
            "windows-cmd" => format!("set {name}={value}\n"),
            _ => format!("set -gx {name} {value}\n"),
        })
        .collect()
}

/// `json.dumps` of a string with `ensure_ascii=True`.
fn json_string(value: &str) -> String {
    let mut out = String::new();
    awscli_jmespath::python::write_json_string(&mut out, value, true);
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_support::Sandbox;
    use super::*;

    const CREDENTIALS: &str = "[default]\naws_access_key_id = AKIDDEFAULTABCD\n\
                               aws_secret_access_key = SECRETDEFAULTWXYZ\n";

    // Every expected output below was printed by /usr/bin/aws (2.9.19) for the same input,
    // except `fish`, which 2.9.19 does not have.
    #[test]
    fn formats_like_the_reference() {
        let mut t = Sandbox::new("export1");
        t.credentials(CREDENTIALS);
        let cases = [
            (
                "process",
                "{\n  \"Version\": 1,\n  \"AccessKeyId\": \"AKIDDEFAULTABCD\",\n  \
                 \"SecretAccessKey\": \"SECRETDEFAULTWXYZ\"\n}\n",
            ),
            (
                "env",
                "export AWS_ACCESS_KEY_ID=AKIDDEFAULTABCD\nexport AWS_SECRET_ACCESS_KEY=SECRETDEFAULTWXYZ\n",
            ),
            (
                "env-no-export",
                "AWS_ACCESS_KEY_ID=AKIDDEFAULTABCD\nAWS_SECRET_ACCESS_KEY=SECRETDEFAULTWXYZ\n",
            ),
            (
                "powershell",
                "$Env:AWS_ACCESS_KEY_ID=\"AKIDDEFAULTABCD\"\n$Env:AWS_SECRET_ACCESS_KEY=\"SECRETDEFAULTWXYZ\"\n",
            ),
            (
                "windows-cmd",
                "set AWS_ACCESS_KEY_ID=AKIDDEFAULTABCD\nset AWS_SECRET_ACCESS_KEY=SECRETDEFAULTWXYZ\n",
            ),
            (
                "fish",
                "set -gx AWS_ACCESS_KEY_ID AKIDDEFAULTABCD\nset -gx AWS_SECRET_ACCESS_KEY SECRETDEFAULTWXYZ\n",
            ),
        ];
        for (format, expected) in cases {
            assert_eq!(
                t.run(&["export-credentials", "--format", format], "")
                    .unwrap(),
                0
            );
            assert_eq!(t.stdout(), expected, "{format}");
        }
        assert_eq!(t.run(&["export-credentials"], "").unwrap(), 0);
        assert!(t.stdout().starts_with("{\n  \"Version\": 1,"));
    }

    #[test]
    fn env_credentials_with_token_and_expiration() {
        let mut t = Sandbox::new("export2");
        t.env("AWS_ACCESS_KEY_ID", "AKIDENV");
        t.env("AWS_SECRET_ACCESS_KEY", "sek");
        t.env("AWS_SESSION_TOKEN", "tok");
        t.env("AWS_CREDENTIAL_EXPIRATION", "2090-01-01T00:00:00Z");
        t.run(&["export-credentials"], "").unwrap();
        assert_eq!(
            t.stdout(),
            "{\n  \"Version\": 1,\n  \"AccessKeyId\": \"AKIDENV\",\n  \"SecretAccessKey\": \
             \"sek\",\n  \"SessionToken\": \"tok\",\n  \"Expiration\": \
             \"2090-01-01T00:00:00+00:00\"\n}\n"
        );
    }

    #[test]
    fn expiration_forms() {
        let now = 1_700_000_000; // 2023-11-14
        assert_eq!(
            check_expiry("2030-01-01T02:00:00+02:00", now).unwrap(),
            "2030-01-01T02:00:00+02:00"
        );
        assert_eq!(
            check_expiry("2030-01-01T00:00:00.123Z", now).unwrap(),
            "2030-01-01T00:00:00.123000+00:00"
        );
        assert_eq!(
            check_expiry("2030-01-01T00:00:00", now)
                .unwrap_err()
                .to_string(),
            "can't subtract offset-naive and offset-aware datetimes"
        );
        assert_eq!(
            check_expiry("2001-01-01T00:00:00Z", now)
                .unwrap_err()
                .to_string(),
            "Credentials were refreshed, but the refreshed credentials are still expired."
        );
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(csv_field("dev"), "dev");
        assert_eq!(csv_field("a,\"b"), "\"a,\"\"b\"");
        let at = |s: u64, n: u32| std::time::UNIX_EPOCH + std::time::Duration::new(s, n);
        assert_eq!(
            isoformat_utc(at(1_893_456_000, 0)),
            "2030-01-01T00:00:00+00:00"
        );
        assert_eq!(
            isoformat_utc(at(1_893_456_001, 123_000_000)),
            "2030-01-01T00:00:01.123000+00:00"
        );
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    #[test]
    fn no_credentials_and_bad_format() {
        let mut t = Sandbox::new("export3");
        t.env("AWS_EC2_METADATA_DISABLED", "true");
        let err = t.run(&["export-credentials"], "").unwrap_err();
        assert_eq!(err.exit_code(), 253);
        assert_eq!(
            err.to_string(),
            "Unable to retrieve credentials: no credentials found"
        );
        let err = t
            .run(&["export-credentials", "--format", "csh"], "")
            .unwrap_err();
        assert_eq!(err.exit_code(), 252);
        assert_eq!(json_string("é\"\n"), "\"\\u00e9\\\"\\n\"");
    }
}
