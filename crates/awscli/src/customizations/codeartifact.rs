//! `aws codeartifact login --tool swift|nuget|dotnet|npm|pip|twine`:
//! fetches an authorization token and the repository endpoint, then points
//! the tool at the repository: `npm config set ...` and `pip config set ...`
//! are run, the twine settings are merged into `~/.pypirc`, `nuget` and
//! `dotnet` add (or update) a NuGet source after reading the tool's source
//! listing, and `swift` sets the package registry and logs in with the token
//! kept in `~/.netrc`. `--dry-run` prints what would be run or written.
//!
//! Spec: `awscli/customizations/codeartifact/login.py` (2.9.19 for the
//! tools it has; `swift` and `--endpoint-type` as in 2.36, where they were
//! added; the Linux behaviour, where the swift token goes to `.netrc`).
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
    Spec::value("--endpoint-type"),
    Spec::flag("--dry-run"),
];

const TOOLS: [&str; 6] = ["swift", "nuget", "dotnet", "npm", "pip", "twine"];

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
        "swift" => "swift",
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
    if let (Some(kind), Some(m)) = (
        parsed.value("--endpoint-type").filter(|t| !t.is_empty()),
        endpoint_input.as_map_mut(),
    ) {
        m.insert("endpointType".into(), string(kind));
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
    if namespace.is_some_and(|n| !n.is_empty()) && tool != "npm" && tool != "swift" {
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
        "swift" => {
            let scope = swift_scope(namespace)?;
            let commands = swift_commands(&endpoint, scope);
            swift_netrc(&endpoint, &token, dry_run, env, stdout)?;
            commands
        }
        nuget_tool => {
            let login = NuGetLogin {
                tool: if nuget_tool == "dotnet" {
                    NuGetTool::DotNet
                } else {
                    NuGetTool::NuGet
                },
                domain,
                repository,
                endpoint: &endpoint,
                token: &token,
            };
            login.login(dry_run, stdout)?;
            if !dry_run {
                success_message(stdout, "nuget", &endpoint, expiration)?;
            }
            return Ok(0);
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

/// `SwiftLogin.get_scope`: 1 to 39 letters, digits and inner hyphens.
fn swift_scope(namespace: Option<&str>) -> Result<Option<&str>, CliError> {
    let Some(ns) = namespace else {
        return Ok(None);
    };
    let bytes = ns.as_bytes();
    let valid = (1..=39).contains(&bytes.len())
        && bytes[0].is_ascii_alphanumeric()
        && bytes.iter().enumerate().all(|(i, b)| {
            b.is_ascii_alphanumeric()
                || (*b == b'-' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric))
        });
    if !valid {
        return Err(CliError::General(
            "Invalid scope name, scope must contain URL-safe characters, no leading dots or underscores and no more than 39 characters".into(),
        ));
    }
    Ok(Some(ns))
}

/// `SwiftLogin.get_commands` off macOS: the token goes to `.netrc`, not to
/// the login command.
fn swift_commands(endpoint: &str, scope: Option<&str>) -> Vec<Vec<String>> {
    let mut set: Vec<String> = ["swift", "package-registry", "set", endpoint]
        .map(str::to_owned)
        .to_vec();
    if let Some(scope) = scope {
        set.extend(["--scope".to_owned(), scope.to_owned()]);
    }
    let login = vec![
        "swift".to_owned(),
        "package-registry".to_owned(),
        "login".to_owned(),
        format!("{endpoint}login"),
    ];
    vec![set, login]
}

/// `urlparse(endpoint).hostname`: the host, lower-cased, without port or
/// user information.
fn hostname(endpoint: &str) -> String {
    let (_, netloc, _) = split_url(endpoint);
    let host = netloc.rsplit_once('@').map_or(netloc, |(_, h)| h);
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(v6),
        None => host.split(':').next().unwrap_or(host),
    };
    host.to_lowercase()
}

/// Replaces the password of every `machine <host> login <x> password <p>`
/// entry (`NETRC_REGEX_FMT`, whitespace may span lines) with `token`.
fn replace_netrc_tokens(contents: &str, host: &str, token: &str) -> String {
    let chars: Vec<char> = contents.chars().collect();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::with_capacity(contents.len());
    let mut i = 0;
    // Matches `literal` then at least one whitespace, from `at`; returns the
    // index after the whitespace.
    let literal_ws = |at: usize, literal: &str| -> Option<usize> {
        let lit: Vec<char> = literal.chars().collect();
        if chars.get(at..at + lit.len())? != lit.as_slice() {
            return None;
        }
        let mut j = at + lit.len();
        let start = j;
        while chars.get(j).is_some_and(|c| c.is_whitespace()) {
            j += 1;
        }
        (j > start).then_some(j)
    };
    let non_space_ws = |at: usize| -> Option<usize> {
        let mut j = at;
        while chars.get(j).is_some_and(|c| !c.is_whitespace()) {
            j += 1;
        }
        if j == at {
            return None;
        }
        let start = j;
        while chars.get(j).is_some_and(|c| c.is_whitespace()) {
            j += 1;
        }
        (j > start).then_some(j)
    };
    while i < chars.len() {
        let boundary = i == 0 || !word(chars[i - 1]);
        let entry_end = boundary
            .then(|| literal_ws(i, "machine"))
            .flatten()
            .and_then(|j| literal_ws(j, host))
            .and_then(|j| literal_ws(j, "login"))
            .and_then(non_space_ws)
            .and_then(|j| literal_ws(j, "password"));
        let token_end = entry_end.and_then(|j| {
            let mut k = j;
            while chars.get(k).is_some_and(|c| !c.is_whitespace()) {
                k += 1;
            }
            (k > j).then_some(k)
        });
        match (entry_end, token_end) {
            (Some(j), Some(k)) => {
                out.extend(&chars[i..j]);
                out.push_str(token);
                i = k;
            }
            _ => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    out
}

/// `SwiftLogin`'s `.netrc` step: shown on a dry run, else the entry's token
/// replaced (or the entry appended), the file kept owner-only.
fn swift_netrc(
    endpoint: &str,
    token: &str,
    dry_run: bool,
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<(), CliError> {
    let host = hostname(endpoint);
    let entry = format!("machine {host} login token password {token}");
    let home = env.get("HOME").cloned().unwrap_or_else(|| "~".to_owned());
    let path = std::path::Path::new(&home).join(".netrc");
    let io = |e: std::io::Error| CliError::General(format!("{e}: '{}'", path.display()));
    if dry_run {
        write!(
            stdout,
            "Dryrun mode is enabled, not writing to netrc.
The following line would have been written to {}:

{entry}

And would have run the following commands:

",
            path.display()
        )
        .map_err(io)?;
        return Ok(());
    }
    let contents = if path.is_file() {
        let existing = std::fs::read_to_string(&path).map_err(io)?;
        let replaced = replace_netrc_tokens(&existing, &host, token);
        if replaced != existing {
            replaced
        } else if existing.ends_with('\n') {
            format!("{existing}{entry}\n")
        } else {
            format!("{existing}\n{entry}\n")
        }
    } else {
        format!("{entry}\n")
    };
    write_owner_only(&path, contents.as_bytes()).map_err(io)
}

/// Writes `data` to `path`, created or truncated with mode 0600.
fn write_owner_only(path: &std::path::Path, data: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    file.write_all(data)
}

#[derive(Clone, Copy, PartialEq)]
enum NuGetTool {
    NuGet,
    DotNet,
}

/// `NuGetLogin` / `DotNetLogin`.
struct NuGetLogin<'a> {
    tool: NuGetTool,
    domain: &'a str,
    repository: &'a str,
    endpoint: &'a str,
    token: &'a str,
}

impl NuGetLogin<'_> {
    fn name(&self) -> &'static str {
        match self.tool {
            NuGetTool::NuGet => "nuget",
            NuGetTool::DotNet => "dotnet",
        }
    }

    fn list_command(&self) -> Vec<String> {
        let words: &[&str] = match self.tool {
            NuGetTool::NuGet => &["nuget", "sources", "list", "-format", "detailed"],
            NuGetTool::DotNet => &["dotnet", "nuget", "list", "source", "--format", "detailed"],
        };
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    fn configure_command(&self, operation: &str, index_url: &str, source: &str) -> Vec<String> {
        let words: Vec<&str> = match self.tool {
            NuGetTool::NuGet => vec![
                "nuget",
                "sources",
                operation,
                "-name",
                source,
                "-source",
                index_url,
                "-username",
                "aws",
                "-password",
                self.token,
            ],
            NuGetTool::DotNet => {
                let mut c = vec!["dotnet", "nuget", operation, "source"];
                if operation == "add" {
                    c.extend([index_url, "--name", source]);
                } else {
                    c.extend([source, "--source", index_url]);
                }
                // Encryption is not supported off Windows.
                c.extend([
                    "--username",
                    "aws",
                    "--password",
                    self.token,
                    "--store-password-in-clear-text",
                ]);
                c
            }
        };
        words.into_iter().map(str::to_owned).collect()
    }

    fn login(&self, dry_run: bool, stdout: &mut dyn Write) -> Result<(), RunError> {
        let command = self.list_command();
        let listing = match Command::new(&command[0])
            .args(&command[1..])
            .stdin(Stdio::null())
            .output()
        {
            Ok(out) if out.status.success() => out.stdout,
            Ok(out) => {
                return Err(CliError::General(format!(
                    "Command '{}' returned non-zero exit status {}.",
                    repr_command(&command),
                    out.status.code().unwrap_or(-1)
                ))
                .into())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(CliError::General(format!(
                    "{} was not found. Please verify installation.",
                    self.name()
                ))
                .into())
            }
            Err(e) => return Err(CliError::General(e.to_string()).into()),
        };
        let sources = parse_sources(&String::from_utf8_lossy(&listing));
        let index_url = format!("{}v3/index.json", self.endpoint);
        let default_name = format!("{}/{}", self.domain, self.repository);
        let existing = sources
            .iter()
            .find(|(_, url)| *url == index_url)
            .or_else(|| sources.iter().find(|(name, _)| *name == default_name))
            .map(|(name, _)| name.clone());
        let (command, message) = match &existing {
            Some(name) => (
                self.configure_command("update", &index_url, name),
                format!("Updated source {name} in the NuGet.Config\n"),
            ),
            None => (
                self.configure_command("add", &index_url, &default_name),
                format!("Added source {default_name} to the user level NuGet.Config\n"),
            ),
        };
        if dry_run {
            writeln!(stdout, "{}", command.join(" "))?;
            return Ok(());
        }
        let ran = Command::new(&command[0])
            .args(&command[1..])
            .stdin(Stdio::null())
            .output();
        match ran {
            Ok(out) if out.status.success() => {}
            Ok(out) => {
                writeln!(stdout, "Failed to update the NuGet.Config")?;
                return Err(CliError::General(format!(
                    "Command '{}' returned non-zero exit status {}.",
                    repr_command(&command),
                    out.status.code().unwrap_or(-1)
                ))
                .into());
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(CliError::General(format!(
                    "[Errno 2] No such file or directory: '{}'",
                    command[0]
                ))
                .into())
            }
            Err(e) => return Err(CliError::General(e.to_string()).into()),
        }
        stdout.write_all(message.as_bytes())?;
        Ok(())
    }
}

/// `_get_source_to_url_dict`: `N. <name> [<state>]` lines, each followed by
/// the source URL; later names replace earlier ones in place.
fn parse_sources(listing: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = listing.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut sources: Vec<(String, String)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = source_name(line.trim()) else {
            continue;
        };
        let Some(url) = lines.get(i + 1) else {
            continue;
        };
        let url = url.trim().to_owned();
        match sources.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = url,
            None => sources.push((name, url)),
        }
    }
    sources
}

/// `^\d+\.\s(?P<source_name>.+)\s\[.*\]` (greedy), the name stripped.
fn source_name(line: &str) -> Option<String> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = line[digits..].strip_prefix('.').filter(|_| digits > 0)?;
    let first = rest.chars().next().filter(|c| c.is_whitespace())?;
    let rest = &rest[first.len_utf8()..];
    // The longest name: the last whitespace + `[` with a `]` after it.
    let cut = rest
        .char_indices()
        .filter(|&(at, c)| {
            at > 0
                && c.is_whitespace()
                && rest[at + c.len_utf8()..].starts_with('[')
                && rest[at + c.len_utf8() + 1..].contains(']')
        })
        .map(|(at, _)| at)
        .next_back()?;
    Some(rest[..cut].trim().to_owned())
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
    fn nuget_listing_is_parsed_like_the_reference_regex() {
        let listing = "Registered Sources:\n\n  1.  nuget.org [Enabled]\n      https://api.nuget.org/v3/index.json\n  2.  dom/repo [Disabled]\n      https://x/v3/index.json\n  100. Name [with] brackets [Activé]\n       https://y/index.json\n";
        assert_eq!(
            parse_sources(listing),
            vec![
                (
                    "nuget.org".to_owned(),
                    "https://api.nuget.org/v3/index.json".to_owned()
                ),
                ("dom/repo".to_owned(), "https://x/v3/index.json".to_owned()),
                (
                    "Name [with] brackets".to_owned(),
                    "https://y/index.json".to_owned()
                ),
            ]
        );
        assert_eq!(source_name("1.nuget [x]"), None);
    }

    #[test]
    fn netrc_tokens_are_replaced_per_host() {
        let before =
            "machine a.example.com login token password old\nmachine b login x password keep\n";
        assert_eq!(
            replace_netrc_tokens(before, "a.example.com", "new"),
            "machine a.example.com login token password new\nmachine b login x password keep\n"
        );
        assert_eq!(
            replace_netrc_tokens("xmachine a login t password p", "a", "n"),
            "xmachine a login t password p"
        );
        assert_eq!(
            hostname("https://Dom-1.d.codeartifact.us-east-1.amazonaws.com:443/swift/r/"),
            "dom-1.d.codeartifact.us-east-1.amazonaws.com"
        );
    }

    #[test]
    fn swift_scopes() {
        assert_eq!(swift_scope(Some("my-scope1")).unwrap(), Some("my-scope1"));
        for bad in ["-a", "a-", "a--b", "a_b", "", &"a".repeat(40)] {
            assert!(swift_scope(Some(bad)).is_err(), "{bad}");
        }
    }

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
