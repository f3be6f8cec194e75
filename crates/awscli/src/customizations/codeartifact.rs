//! `aws codeartifact login --tool npm|pip|twine`: fetches an authorization
//! token and the repository endpoint, then points the tool at the
//! repository: `npm config set ...` and `pip config set ...` are run, the
//! twine settings are merged into `~/.pypirc`. `--dry-run` prints what
//! would be run or written instead.
//!
//! Spec: `awscli/customizations/codeartifact/login.py`. Not done yet:
//! `nuget` and `dotnet`, which parse the tool's source listing.
use std::io::Write;
use std::process::{Command, Stdio};

use awscli_model::Value;

use super::api::{self, map, string, Api};
use super::args::{self, Spec};
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::Session;

const SPECS: &[Spec] = &[
    Spec::required("--tool"),
    Spec::required("--domain"),
    Spec::value("--domain-owner"),
    Spec::value("--namespace"),
    Spec::value("--duration-seconds"),
    Spec::required("--repository"),
    Spec::flag("--dry-run"),
];

const TOOLS: [&str; 5] = ["nuget", "dotnet", "npm", "pip", "twine"];

/// `urlsplit(endpoint)`: scheme, netloc, path.
fn split_url(url: &str) -> (&str, &str, &str) {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (netloc, tail) = rest.split_at(end);
    let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
    (scheme, netloc, &tail[..path_end])
}

/// `NpmLogin.get_scope`.
fn npm_scope(namespace: Option<&str>) -> Result<Option<String>, CliError> {
    let Some(ns) = namespace else {
        return Ok(None);
    };
    let scope = if ns.starts_with('@') {
        ns.to_owned()
    } else {
        format!("@{ns}")
    };
    let mut chars = scope.chars().skip(1);
    let valid = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '~');
    if !valid {
        return Err(CliError::General(
            "Invalid scope name, scope must contain URL-safe characters, no leading dots or underscores".into(),
        ));
    }
    Ok(Some(scope))
}

fn npm_commands(endpoint: &str, token: &str, scope: Option<&str>) -> Vec<Vec<String>> {
    let registry = match scope {
        Some(s) => format!("{s}:registry"),
        None => "registry".to_owned(),
    };
    let (_, netloc, path) = split_url(endpoint);
    let set =
        |k: String, v: &str| vec!["npm".into(), "config".into(), "set".into(), k, v.to_owned()];
    vec![
        set(registry, endpoint),
        set(format!("//{netloc}{path}:always-auth"), "true"),
        set(format!("//{netloc}{path}:_authToken"), token),
    ]
}

fn pip_commands(endpoint: &str, token: &str) -> Vec<Vec<String>> {
    let (scheme, netloc, path) = split_url(endpoint);
    vec![vec![
        "pip".into(),
        "config".into(),
        "set".into(),
        "global.index-url".into(),
        format!("{scheme}://aws:{token}@{netloc}{path}simple/"),
    ]]
}

/// Python's `repr()` of a command list, for `CalledProcessError`.
fn repr_command(command: &[String]) -> String {
    let items: Vec<String> = command
        .iter()
        .map(|s| {
            if s.contains('\'') && !s.contains('"') {
                format!("\"{s}\"")
            } else {
                format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
            }
        })
        .collect();
    format!("[{}]", items.join(", "))
}

/// Runs one tool command, output captured, as `subprocess.run(check=True)`.
fn run_command(tool: &str, command: &[String], ignore_errors: bool) -> Result<(), CliError> {
    let result = Command::new(&command[0])
        .args(&command[1..])
        .stdin(Stdio::null())
        .output();
    match result {
        Ok(out) if out.status.success() || ignore_errors => Ok(()),
        Ok(out) => Err(CliError::General(format!(
            "Command '{}' returned non-zero exit status {}.",
            repr_command(command),
            out.status.code().unwrap_or(-1)
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(CliError::General(format!(
            "{tool} was not found. Please verify installation."
        ))),
        Err(e) => Err(CliError::General(e.to_string())),
    }
}

/// `get_relative_expiration_time` for the remaining seconds (+30, so
/// 11 h 59 min 31 s reads as 12 hours). Tokens live at most 12 hours, so
/// the calendar units (years, months) never appear.
fn relative_expiration(remaining_seconds: i64) -> String {
    let total = (remaining_seconds + 30).max(0);
    let units = [
        ("days", total / 86_400),
        ("hours", total % 86_400 / 3600),
        ("minutes", total % 3600 / 60),
    ];
    let mut words: Vec<String> = Vec::new();
    let mut previous_non_zero = false;
    for (name, value) in units {
        if value > 0 {
            if previous_non_zero {
                words.push("and".into());
            }
            words.push(value.to_string());
            words.push(if value == 1 {
                name.trim_end_matches('s').to_owned()
            } else {
                name.to_owned()
            });
        }
        if previous_non_zero {
            break;
        }
        previous_non_zero = value > 0;
    }
    words.join(" ")
}

/// `str(datetime)` of the expiration in the local time zone.
fn python_datetime(seconds: i64, nanos: u32) -> String {
    let Ok(ts) = jiff::Timestamp::new(seconds, 0) else {
        return seconds.to_string();
    };
    let zoned = ts.to_zoned(jiff::tz::TimeZone::system());
    let offset = zoned.offset().seconds();
    let sign = if offset < 0 { '-' } else { '+' };
    let micros = nanos / 1000;
    let fraction = if micros == 0 {
        String::new()
    } else {
        format!(".{micros:06}")
    };
    format!(
        "{}{fraction}{sign}{:02}:{:02}",
        zoned.strftime("%Y-%m-%d %H:%M:%S"),
        offset.abs() / 3600,
        offset.abs() % 3600 / 60
    )
}

fn success_message(
    out: &mut dyn Write,
    tool: &str,
    endpoint: &str,
    expiration: (i64, u32),
) -> std::io::Result<()> {
    let now = jiff::Timestamp::now().as_second();
    writeln!(
        out,
        "Successfully configured {tool} to use AWS CodeArtifact repository {endpoint} "
    )?;
    writeln!(
        out,
        "Login expires in {} at {}",
        relative_expiration(expiration.0 - now),
        python_datetime(expiration.0, expiration.1)
    )
}

/// A minimal `RawConfigParser`: sections of lower-cased keys with
/// (possibly multi-line) values, comments dropped, written back as
/// `key = value` with continuation lines indented by a tab.
#[derive(Debug, Default)]
struct Ini {
    sections: Vec<(String, Vec<(String, String)>)>,
}

impl Ini {
    fn parse(text: &str) -> Result<Ini, String> {
        let mut ini = Ini::default();
        for line in text.lines() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
                continue;
            }
            if line.starts_with([' ', '\t']) {
                let entry = ini
                    .sections
                    .last_mut()
                    .and_then(|(_, entries)| entries.last_mut())
                    .ok_or_else(|| "continuation line outside a value".to_owned())?;
                entry.1.push('\n');
                entry.1.push_str(trimmed);
                continue;
            }
            if let Some(name) = trimmed.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
                ini.sections.push((name.to_owned(), Vec::new()));
                continue;
            }
            let at = trimmed
                .find(['=', ':'])
                .ok_or_else(|| format!("not a key = value line: {trimmed}"))?;
            let (key, value) = (trimmed[..at].trim(), trimmed[at + 1..].trim());
            let (_, entries) = ini
                .sections
                .last_mut()
                .ok_or_else(|| "File contains no section headers.".to_owned())?;
            entries.retain(|(k, _)| *k != key.to_lowercase());
            entries.push((key.to_lowercase(), value.to_owned()));
        }
        Ok(ini)
    }

    fn get(&self, section: &str, key: &str) -> Option<&str> {
        self.sections
            .iter()
            .find(|(s, _)| s == section)
            .and_then(|(_, e)| e.iter().find(|(k, _)| k == key))
            .map(|(_, v)| v.as_str())
    }

    fn set(&mut self, section: &str, key: &str, value: &str) {
        if !self.sections.iter().any(|(s, _)| s == section) {
            self.sections.push((section.to_owned(), Vec::new()));
        }
        if let Some((_, entries)) = self.sections.iter_mut().find(|(s, _)| s == section) {
            match entries.iter_mut().find(|(k, _)| k == key) {
                Some(entry) => entry.1 = value.to_owned(),
                None => entries.push((key.to_owned(), value.to_owned())),
            }
        }
    }

    fn write(&self) -> String {
        let mut out = String::new();
        for (name, entries) in &self.sections {
            out.push_str(&format!("[{name}]\n"));
            for (k, v) in entries {
                out.push_str(&format!("{k} = {}\n", v.replace('\n', "\n\t")));
            }
            out.push('\n');
        }
        out
    }
}

/// `TwineLogin.get_commands`: the new `.pypirc` text.
fn pypirc(existing: Option<&str>, endpoint: &str, token: &str) -> Result<String, String> {
    let mut ini = match existing {
        Some(text) => {
            let mut ini = Ini::parse(text)?;
            let servers = ini
                .get("distutils", "index-servers")
                .ok_or_else(|| "No option 'index-servers' in section: 'distutils'".to_owned())?;
            let mut servers: Vec<String> = servers
                .split('\n')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            if !servers.iter().any(|s| s == "codeartifact") {
                servers.push("codeartifact".into());
                ini.set(
                    "distutils",
                    "index-servers",
                    &format!("\n{}", servers.join("\n")),
                );
            }
            ini
        }
        None => {
            let mut ini = Ini::default();
            ini.set("distutils", "index-servers", "\npypi\ncodeartifact");
            ini
        }
    };
    ini.set("codeartifact", "repository", endpoint);
    ini.set("codeartifact", "username", "aws");
    ini.set("codeartifact", "password", token);
    Ok(ini.write())
}

pub fn login(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let parsed = args::parse(SPECS, rest)?;
    let tool_arg = parsed.value("--tool").unwrap_or_default();
    if !TOOLS.contains(&tool_arg) {
        return Err(CliError::invalid_choice("--tool", tool_arg, TOOLS).into());
    }
    let tool = tool_arg.to_lowercase();
    let format = match tool.as_str() {
        "npm" => "npm",
        "pip" | "twine" => "pypi",
        _ => "nuget",
    };
    let duration = match parsed.value("--duration-seconds") {
        Some(text) => Some(text.trim().parse::<i64>().map_err(|_| {
            CliError::General(format!("invalid literal for int() with base 10: '{text}'"))
        })?),
        None => None,
    };
    let domain = parsed.value("--domain").unwrap_or_default();
    let repository = parsed.value("--repository").unwrap_or_default();
    let owner = parsed.value("--domain-owner");
    let mut api = Api::new(Session::new(globals, env)?);
    let service = api::model("codeartifact")?;
    let mut token_input = map([("domain", string(domain))]);
    let mut endpoint_input = map([
        ("domain", string(domain)),
        ("repository", string(repository)),
        ("format", string(format)),
    ]);
    if let Some(owner) = owner {
        for input in [&mut token_input, &mut endpoint_input] {
            if let Some(m) = input.as_map_mut() {
                m.insert("domainOwner".into(), string(owner));
            }
        }
    }
    if let (Some(d), Some(m)) = (duration.filter(|d| *d != 0), token_input.as_map_mut()) {
        m.insert("durationSeconds".into(), Value::Integer(d));
    }
    let token_response = api.call(&service, "GetAuthorizationToken", &token_input)?;
    let endpoint_response = api.call(&service, "GetRepositoryEndpoint", &endpoint_input)?;
    let endpoint = endpoint_response
        .get("repositoryEndpoint")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let namespace = parsed.value("--namespace");
    if namespace.is_some_and(|n| !n.is_empty()) && tool != "npm" {
        return Err(
            CliError::General(format!("Argument --namespace is not supported for {tool}")).into(),
        );
    }
    let token = token_response
        .get("authorizationToken")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let expiration = match token_response.get("expiration") {
        Some(Value::Timestamp(ts)) => (ts.seconds, ts.nanos),
        Some(Value::Integer(i)) => (*i, 0),
        Some(Value::Float(f)) => (f.trunc() as i64, (f.fract() * 1e9) as u32),
        _ => (0, 0),
    };
    let dry_run = parsed.flag("--dry-run");
    let commands = match tool.as_str() {
        "npm" => npm_commands(&endpoint, &token, npm_scope(namespace)?.as_deref()),
        "pip" => pip_commands(&endpoint, &token),
        "twine" => return twine(&endpoint, &token, expiration, dry_run, env, stdout),
        other => {
            return Err(CliError::General(format!(
                "codeartifact login --tool {other} is not available in this build yet"
            ))
            .into())
        }
    };
    if dry_run {
        for command in &commands {
            write!(stdout, "{}\n\n", command.join(" "))?;
        }
        return Ok(0);
    }
    for command in &commands {
        let ignore = command.iter().any(|a| a.contains("always-auth"));
        run_command(&tool, command, ignore)?;
    }
    success_message(stdout, &tool, &endpoint, expiration)?;
    Ok(0)
}

fn twine(
    endpoint: &str,
    token: &str,
    expiration: (i64, u32),
    dry_run: bool,
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let home = env.get("HOME").cloned().unwrap_or_else(|| "~".to_owned());
    let path = std::path::Path::new(&home).join(".pypirc");
    let existing = std::fs::read_to_string(&path).ok();
    let text = match pypirc(existing.as_deref(), endpoint, token) {
        Ok(t) => t,
        Err(e) => {
            writeln!(stdout, "{} is in an invalid state.", path.display())?;
            return Err(CliError::General(e).into());
        }
    };
    if dry_run {
        writeln!(stdout, "Dryrun mode is enabled, not writing to pypirc.")?;
        writeln!(
            stdout,
            "{} would have been set to the following:",
            path.display()
        )?;
        writeln!(stdout)?;
        writeln!(stdout, "{text}")?;
        return Ok(0);
    }
    std::fs::write(&path, &text)
        .map_err(|e| CliError::General(format!("{e}: '{}'", path.display())))?;
    success_message(stdout, "twine", endpoint, expiration)?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times_read_like_the_reference() {
        assert_eq!(relative_expiration(12 * 3600 - 29), "12 hours");
        assert_eq!(relative_expiration(3600 + 120), "1 hour and 2 minutes");
        assert_eq!(relative_expiration(86_400 + 3600 + 60), "1 day and 1 hour");
        assert_eq!(relative_expiration(60), "1 minute");
    }

    #[test]
    fn pypirc_new_and_merged() {
        assert_eq!(
            pypirc(None, "https://e/pypi/r/", "T").unwrap(),
            "[distutils]\nindex-servers = \n\tpypi\n\tcodeartifact\n\n[codeartifact]\nrepository = https://e/pypi/r/\nusername = aws\npassword = T\n\n"
        );
        let existing = "[distutils]\nindex-servers =\n    pypi\n\n[pypi]\nusername: me\n";
        assert_eq!(
            pypirc(Some(existing), "https://e/", "T").unwrap(),
            "[distutils]\nindex-servers = \n\tpypi\n\tcodeartifact\n\n[pypi]\nusername = me\n\n[codeartifact]\nrepository = https://e/\nusername = aws\npassword = T\n\n"
        );
    }

    #[test]
    fn npm_and_pip_commands() {
        let npm = npm_commands(
            "https://d-1.d.codeartifact.us-east-1.amazonaws.com/npm/r/",
            "T",
            Some("@s"),
        );
        assert_eq!(
            npm[0].join(" "),
            "npm config set @s:registry https://d-1.d.codeartifact.us-east-1.amazonaws.com/npm/r/"
        );
        assert_eq!(
            npm[2].join(" "),
            "npm config set //d-1.d.codeartifact.us-east-1.amazonaws.com/npm/r/:_authToken T"
        );
        let pip = pip_commands("https://h/pypi/r/", "T");
        assert_eq!(pip[0][4], "https://aws:T@h/pypi/r/simple/");
        assert!(npm_scope(Some("_x")).is_err());
    }
}
