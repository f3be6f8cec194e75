//! `aws deploy install` and `aws deploy uninstall`: the CodeDeploy agent
//! and its on-premises configuration file on this machine.
//!
//! Spec: `awscli/customizations/codedeploy/install.py`, `uninstall.py`,
//! `systems.py` and `utils.validate_instance`. Only Ubuntu Server and Red
//! Hat Enterprise Linux Server are supported here (the reference's Windows
//! path needs PowerShell and MSI); the distribution is read as Python's
//! `linux_distribution()` reads it (`/etc/lsb-release`, then the first
//! `/etc/<dist>-release` file), an answer from the EC2 instance metadata
//! service means "not on-premises", and the command must run as root.
//! Installing copies the configuration to
//! `/etc/codedeploy-agent/conf/codedeploy.onpremises.yml`, updates the
//! system packages, stops a running agent, downloads the installer from
//! `s3://aws-codedeploy-<region>/latest/install` (or `--agent-installer`)
//! into the working directory and runs `./install auto` with the session's
//! credentials in its environment.
//!
//! One deliberate difference: under Python 3 the reference compares the
//! bytes of `service codedeploy-agent stop`'s stderr with a str, so any
//! failure to stop (even "unrecognized service", i.e. no agent yet) fails
//! with `a bytes-like object is required, not 'str'`; this port does what
//! `systems.py` means: a missing agent is not an error.
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use awscli_model::Value;

use super::GUIDE;
use crate::customizations::api::{self, map, string};
use crate::customizations::args::{self, Spec};
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::Session;

const INSTALL_SPECS: &[Spec] = &[
    Spec::required("--config-file"),
    Spec::flag("--override-config"),
    Spec::value("--agent-installer"),
];

const CONFIG_DIR: &str = "/etc/codedeploy-agent/conf";
const CONFIG_PATH: &str = "/etc/codedeploy-agent/conf/codedeploy.onpremises.yml";
const INSTALLER: &str = "install";

const UNSUPPORTED_SYSTEM_MSG: &str =
    "Only Ubuntu Server, Red Hat Enterprise Linux Server and Windows Server operating systems are supported.";

/// The supported Linux distributions (`systems.Ubuntu`, `systems.RHEL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum System {
    Ubuntu,
    Rhel,
}

impl System {
    /// `_update_system`: the packages the installer needs.
    fn update_commands(self) -> &'static [&'static [&'static str]] {
        match self {
            System::Ubuntu => &[
                &["apt-get", "-y", "update"],
                &["apt-get", "-y", "install", "ruby2.0"],
            ],
            System::Rhel => &[&["yum", "-y", "install", "ruby"]],
        }
    }

    /// `_remove_agent`.
    fn remove_command(self) -> &'static [&'static str] {
        match self {
            System::Ubuntu => &["dpkg", "-r", "codedeploy-agent"],
            System::Rhel => &["yum", "-y", "erase", "codedeploy-agent"],
        }
    }

    /// What `service codedeploy-agent stop` prints when there is no agent.
    fn not_found_message(self) -> &'static str {
        match self {
            System::Ubuntu => "codedeploy-agent: unrecognized service",
            System::Rhel => "Redirecting to /bin/systemctl stop  codedeploy-agent.service",
        }
    }
}

/// `linux_distribution()[0]`: `DISTRIB_ID` of `/etc/lsb-release`, else
/// the name in the first line of the first `/etc/<dist>-release` or
/// `-version` file of a known distribution. The vendored Python reads
/// `lsb-release` only when it has `DISTRIB_ID`, `DISTRIB_RELEASE` and
/// `DISTRIB_CODENAME` lines (a missing one is an `UnboundLocalError` it
/// swallows) and the first two are not empty.
fn distribution(etc: &Path) -> String {
    if let Ok(text) = std::fs::read_to_string(etc.join("lsb-release")) {
        let value = |key: &str| {
            text.lines().rev().find_map(|line| {
                let (_, v) = line.split_once(&format!("{key}="))?;
                Some(v.trim().to_owned())
            })
        };
        if let (Some(id), Some(release), Some(_)) = (
            value("DISTRIB_ID"),
            value("DISTRIB_RELEASE"),
            value("DISTRIB_CODENAME"),
        ) {
            if !id.is_empty() && !release.is_empty() {
                return id;
            }
        }
    }
    const SUPPORTED: &[&str] = &[
        "SuSE",
        "debian",
        "fedora",
        "redhat",
        "centos",
        "mandrake",
        "mandriva",
        "rocks",
        "slackware",
        "yellowdog",
        "gentoo",
        "UnitedLinux",
        "turbolinux",
        "arch",
        "mageia",
    ];
    let Ok(listing) = std::fs::read_dir(etc) else {
        return String::new();
    };
    let mut names: Vec<String> = listing
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let dist = name
            .strip_suffix("-release")
            .or_else(|| name.strip_suffix("_release"))
            .or_else(|| name.strip_suffix("-version"))
            .or_else(|| name.strip_suffix("_version"));
        let Some(dist) = dist.filter(|d| SUPPORTED.contains(d)) else {
            continue;
        };
        let first = std::fs::read_to_string(etc.join(&name)).unwrap_or_default();
        let first = first.lines().next().unwrap_or_default();
        // "Red Hat Enterprise Linux Server release 7.9 (Maipo)": the name is
        // what precedes " release " (or the version number).
        if let Some((name, _)) = first.split_once(" release ") {
            return name.trim().to_owned();
        }
        return dist.to_owned();
    }
    String::new()
}

/// `utils.validate_instance`: a supported system, and not an EC2 instance.
fn validate_instance() -> Result<System, CliError> {
    let name = if cfg!(target_os = "linux") {
        distribution(Path::new("/etc"))
    } else {
        String::new()
    };
    let system = if name.contains("Ubuntu") {
        System::Ubuntu
    } else if name.contains("Red Hat Enterprise Linux Server") {
        System::Rhel
    } else {
        return Err(CliError::General(UNSUPPORTED_SYSTEM_MSG.into()));
    };
    if on_ec2() {
        return Err(CliError::General(
            "Amazon EC2 instances are not supported.".into(),
        ));
    }
    Ok(system)
}

/// `urlopen('http://169.254.169.254/latest/meta-data/', timeout=1)`
/// succeeding: the metadata service answered with a 2xx.
fn on_ec2() -> bool {
    let addr = std::net::SocketAddr::from(([169, 254, 169, 254], 80));
    let timeout = Duration::from_secs(1);
    let Ok(mut stream) = std::net::TcpStream::connect_timeout(&addr, timeout) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(timeout));
    let _ = stream.set_write_timeout(Some(timeout));
    let request =
        b"GET /latest/meta-data/ HTTP/1.1\r\nHost: 169.254.169.254\r\nConnection: close\r\n\r\n";
    if stream.write_all(request).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    if stream.read_exact(&mut head).is_err() {
        return false;
    }
    head.starts_with(b"HTTP/") && head[9] == b'2'
}

/// `Linux.validate_administrator`: the effective user is root. The owner
/// of `/proc/self` is the process's effective user (no libc call needed).
fn validate_administrator() -> Result<(), CliError> {
    use std::os::unix::fs::MetadataExt;
    let euid = std::fs::metadata("/proc/self").map(|m| m.uid()).ok();
    if euid == Some(0) {
        Ok(())
    } else {
        Err(CliError::General(
            "You must run this command as sudo.".into(),
        ))
    }
}

/// Python's `str(CalledProcessError)`.
fn check_call(argv: &[&str], env: Option<&[(String, String)]>) -> Result<(), CliError> {
    let mut command = Command::new(argv[0]);
    command.args(&argv[1..]);
    if let Some(vars) = env {
        command.envs(vars.iter().map(|(k, v)| (k, v)));
    }
    let repr = || {
        let items: Vec<String> = argv.iter().map(|a| format!("'{a}'")).collect();
        format!("[{}]", items.join(", "))
    };
    let status = command
        .status()
        .map_err(|e| CliError::General(super::os_error_text(&e, argv[0])))?;
    match status.code() {
        Some(0) => Ok(()),
        Some(code) => Err(CliError::General(format!(
            "Command '{}' returned non-zero exit status {code}.",
            repr()
        ))),
        None => Err(CliError::General(format!(
            "Command '{}' died with a signal.",
            repr()
        ))),
    }
}

/// `Linux._stop_agent`: whether a running agent was stopped.
fn stop_agent(system: System) -> Result<bool, CliError> {
    let output = Command::new("service")
        .args(["codedeploy-agent", "stop"])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| CliError::General(super::os_error_text(&e, "service")))?;
    if output.status.success() {
        return Ok(true);
    }
    let error = String::from_utf8_lossy(&output.stderr);
    if error.contains(system.not_found_message()) {
        Ok(false)
    } else {
        Err(CliError::General(format!(
            "Failed to stop the AWS CodeDeploy Agent:\n{error}"
        )))
    }
}

/// Runs `aws deploy install` with the words after it.
pub fn install(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let parsed = args::parse(INSTALL_SPECS, rest)?;
    let session = Session::new(globals, env)?;
    let region = super::resolve_region(&session)?;
    let system = validate_instance()?;
    validate_administrator()?;
    if Path::new(CONFIG_PATH).is_file() && !parsed.flag("--override-config") {
        return Err(CliError::General("The on-premises instance configuration file already exists. Specify --override-config to update the existing on-premises instance configuration file.".into()).into());
    }
    let (bucket, key, installer) = match parsed.value("--agent-installer").filter(|v| !v.is_empty())
    {
        Some(location) => {
            let (bucket, key) = super::parse_s3_location("--agent-installer", location)?;
            let installer = key.rsplit('/').next().unwrap_or(&key).to_owned();
            (bucket, key, installer)
        }
        None => (
            format!("aws-codedeploy-{region}"),
            format!("latest/{INSTALLER}"),
            INSTALLER.to_owned(),
        ),
    };
    let config_file = parsed.value("--config-file").unwrap_or_default();
    let steps = (|| -> Result<(), RunError> {
        write!(
            stdout,
            "Creating the on-premises instance configuration file... "
        )?;
        stdout.flush()?;
        std::fs::create_dir_all(CONFIG_DIR)
            .map_err(|e| CliError::General(super::os_error_text(&e, CONFIG_DIR)))?;
        if config_file != CONFIG_PATH {
            std::fs::copy(config_file, CONFIG_PATH)
                .map_err(|e| CliError::General(super::os_error_text(&e, config_file)))?;
        }
        writeln!(stdout, "DONE")?;
        write!(stdout, "Installing the AWS CodeDeploy Agent... ")?;
        stdout.flush()?;
        install_agent(&session, system, &region, &bucket, &key, &installer)?;
        writeln!(stdout, "DONE")?;
        Ok(())
    })();
    finish(
        steps,
        stdout,
        "Install the AWS CodeDeploy Agent on the on-premises instance",
    )
}

fn finish(steps: Result<(), RunError>, stdout: &mut dyn Write, what: &str) -> Result<u8, RunError> {
    match steps {
        Ok(()) => Ok(0),
        Err(RunError::Cli(e)) => {
            Err(super::report_failure(stdout, &e, &format!("{what} {GUIDE}")).into())
        }
        Err(e) => Err(e),
    }
}

/// `Linux.install`.
fn install_agent(
    session: &Session,
    system: System,
    region: &str,
    bucket: &str,
    key: &str,
    installer: &str,
) -> Result<(), CliError> {
    for command in system.update_commands() {
        check_call(command, None)?;
    }
    stop_agent(system)?;
    // The S3 client takes the region only, as `System.__init__` makes it.
    let s3_globals = GlobalArgs {
        endpoint_url: None,
        region: Some(region.to_owned()),
        ..session.globals.clone()
    };
    let s3_session = Session::new(&s3_globals, &session.env)?;
    download(
        &s3_session,
        &map([("Bucket", string(bucket)), ("Key", string(key))]),
        installer,
    )?;
    let local = format!("./{installer}");
    check_call(&["chmod", "+x", &local], None)?;
    let credentials = api::local_credentials(session)?;
    let mut vars = vec![
        ("AWS_REGION".to_owned(), region.to_owned()),
        (
            "AWS_ACCESS_KEY_ID".to_owned(),
            credentials.access_key_id.clone(),
        ),
        (
            "AWS_SECRET_ACCESS_KEY".to_owned(),
            credentials.secret_access_key.clone(),
        ),
    ];
    if let Some(token) = &credentials.session_token {
        vars.push(("AWS_SESSION_TOKEN".to_owned(), token.clone()));
    }
    check_call(&[&local, "auto"], Some(&vars))
}

/// `s3.get_object(...)` with the body written to `path`: the body is a
/// streaming member, which only a streamed call returns.
fn download(session: &Session, input: &Value, path: &str) -> Result<(), CliError> {
    let s3 = api::model("s3")?;
    let operation = s3
        .operation("GetObject")
        .map_err(|e| CliError::General(e.to_string()))?;
    let endpoint = session.resolve_endpoint(&s3, operation, input)?;
    let transport = crate::call::transport(session)?;
    let ctx = crate::call::context(session, &s3, operation, &endpoint, transport)?;
    let runtime = crate::operations::runtime()?;
    runtime.block_on(async {
        let mut file = tokio::fs::File::create(path)
            .await
            .map_err(|e| CliError::General(super::os_error_text(&e, path)))?;
        let options = awscli_client::InvokeOptions {
            stream_to: Some(&mut file),
        };
        awscli_client::invoke_full(&ctx, &s3, operation, input, options)
            .await
            .map_err(crate::call::call_error)?;
        tokio::io::AsyncWriteExt::flush(&mut file)
            .await
            .map_err(|e| CliError::General(super::os_error_text(&e, path)))
    })
}

/// Runs `aws deploy uninstall` with the words after it.
pub fn uninstall(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    args::parse(&[], rest)?;
    let session = Session::new(globals, env)?;
    super::resolve_region(&session)?;
    let system = validate_instance()?;
    validate_administrator()?;
    let steps = (|| -> Result<(), RunError> {
        write!(stdout, "Uninstalling the AWS CodeDeploy Agent... ")?;
        stdout.flush()?;
        if stop_agent(system)? {
            check_call(system.remove_command(), None)?;
        }
        writeln!(stdout, "DONE")?;
        write!(
            stdout,
            "Deleting the on-premises instance configuration... "
        )?;
        stdout.flush()?;
        match std::fs::remove_file(CONFIG_PATH) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(CliError::General(super::os_error_text(&e, CONFIG_PATH)).into())
            }
            _ => {}
        }
        writeln!(stdout, "DONE")?;
        Ok(())
    })();
    finish(
        steps,
        stdout,
        "Uninstall the AWS CodeDeploy Agent on the on-premises instance",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn etc_with(files: &[(&str, &str)]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "codedeploy-etc-{}-{}",
            std::process::id(),
            files.first().map_or("none", |f| f.0)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        dir
    }

    #[test]
    fn ubuntu_is_read_from_lsb_release() {
        let etc = etc_with(&[(
            "lsb-release",
            "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\nDISTRIB_CODENAME=jammy\n",
        )]);
        assert_eq!(distribution(&etc), "Ubuntu");
        std::fs::remove_dir_all(etc).unwrap();
    }

    #[test]
    fn lsb_release_needs_a_codename_line() {
        let etc = etc_with(&[("lsb-release", "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\n")]);
        assert_eq!(distribution(&etc), "");
        std::fs::remove_dir_all(etc).unwrap();
    }

    #[test]
    fn rhel_is_read_from_its_release_file() {
        let etc = etc_with(&[(
            "redhat-release",
            "Red Hat Enterprise Linux Server release 7.9 (Maipo)\n",
        )]);
        assert_eq!(distribution(&etc), "Red Hat Enterprise Linux Server");
        std::fs::remove_dir_all(etc).unwrap();
    }

    #[test]
    fn debian_is_not_supported() {
        let etc = etc_with(&[("debian_version", "12.5\n")]);
        assert_eq!(distribution(&etc), "debian");
        std::fs::remove_dir_all(etc).unwrap();
    }
}
