//! `aws gamelift get-game-session-log`: asks GameLift for a presigned URL
//! of a game session's log archive (`GetGameSessionLogUrl`), downloads it
//! with a plain GET and saves it under `--save-as`.
//!
//! Spec: `awscli/customizations/gamelift/getlog.py`. The progress line
//! ends in `\r` and is overwritten by the success line; a download that
//! fails is reported as Python's `urlopen` reports it (`HTTP Error 404:
//! Not Found`).
//!
//! Also `aws gamelift upload-build` (`uploadbuild.py`): zips the build
//! root (as Python's `zipfile`, deflated), creates the build
//! (`CreateBuild`), gets upload credentials for it
//! (`RequestUploadCredentials`) and puts the archive at the storage
//! location with those credentials. As in the reference, the S3 client
//! takes no `--endpoint-url`. The archive goes up in one `PutObject`; the
//! reference switches to a multipart upload above 8 MiB.
use std::io::Write;

use awscli_client::{HttpTransport, PreparedRequest};
use awscli_model::Value;

use super::api::{self, map, string, Api};
use super::args::{self, Spec};
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::Session;

const LOG_SPECS: &[Spec] = &[
    Spec::required("--game-session-id"),
    Spec::required("--save-as"),
];

/// The reason phrase Python's `HTTPError` shows after the status.
fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// Python's text of an `OSError` on `path` (`[Errno 2] No such file or directory: 'x'`).
fn os_error_text(e: &std::io::Error, path: &str) -> String {
    let text = e.to_string();
    let message = text.split(" (os error").next().unwrap_or(&text);
    match e.raw_os_error() {
        Some(code) => format!("[Errno {code}] {message}: '{path}'"),
        None => text,
    }
}

/// GETs `url` (no signing: the URL carries its own signature).
fn download(session: &Session, url: &str) -> Result<Vec<u8>, CliError> {
    let transport = crate::call::transport(session)?;
    let runtime = crate::operations::runtime()?;
    let request = PreparedRequest {
        method: "GET".into(),
        url: url.to_owned(),
        headers: vec![("Accept-Encoding".into(), "identity".into())],
        body: Default::default(),
    };
    let (status, _, body) = runtime
        .block_on(async {
            let response = transport.send(&request).await?;
            response.into_bytes().await
        })
        .map_err(|e| CliError::General(format!("<urlopen error {e}>")))?;
    if status >= 400 {
        return Err(CliError::General(format!(
            "HTTP Error {status}: {}",
            reason_phrase(status)
        )));
    }
    Ok(body)
}

/// `aws gamelift get-game-session-log`.
pub fn get_game_session_log(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let parsed = args::parse(LOG_SPECS, rest)?;
    let session_id = parsed.value("--game-session-id").unwrap_or_default();
    let save_as = parsed.value("--save-as").unwrap_or_default();
    let mut api = Api::new(Session::new(globals, env)?);
    let gamelift = api::model("gamelift")?;
    let response = api.call(
        &gamelift,
        "GetGameSessionLogUrl",
        &map([("GameSessionId", string(session_id))]),
    )?;
    let url = response
        .get("PreSignedUrl")
        .and_then(Value::as_str)
        .ok_or_else(|| CliError::General("'PreSignedUrl'".into()))?;
    let contents = download(&api.session, url)?;
    write!(
        stdout,
        "Downloading log archive for game session {session_id}...\r"
    )?;
    std::fs::write(save_as, &contents)
        .map_err(|e| CliError::General(os_error_text(&e, save_as)))?;
    writeln!(
        stdout,
        "Successfully downloaded log archive for game session {session_id} to {save_as}"
    )?;
    Ok(0)
}

const UPLOAD_SPECS: &[Spec] = &[
    Spec::required("--name"),
    Spec::required("--build-version"),
    Spec::required("--build-root"),
    Spec::value("--server-sdk-version"),
    Spec::value("--operating-system"),
];

/// `human_readable_size` of the reference's s3 utilities.
fn human_readable_size(value: f64) -> String {
    const SUFFIXES: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    const BASE: f64 = 1024.0;
    if value == 1.0 {
        return "1 Byte".into();
    }
    if value < BASE {
        return format!("{} Bytes", value.trunc());
    }
    let mut unit = BASE;
    for suffix in SUFFIXES {
        unit *= BASE;
        if ((value / unit) * BASE).round_ties_even() < BASE {
            return format!("{:.1} {suffix}", BASE * value / unit);
        }
    }
    format!("{:.1} {}", BASE * value / unit, SUFFIXES[5])
}

/// `validate_directory`: the root has at least one file somewhere below it.
fn has_files(root: &std::path::Path) -> bool {
    let Ok(entries) = std::fs::read_dir(root) else {
        return false;
    };
    let mut directories = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            directories.push(path);
        } else {
            return true;
        }
    }
    directories.iter().any(|d| has_files(d))
}

fn text_at<'a>(value: &'a Value, path: &[&str]) -> Result<&'a str, CliError> {
    let mut current = value;
    for key in path {
        current = current
            .get(key)
            .ok_or_else(|| CliError::General(format!("'{key}'")))?;
    }
    current
        .as_str()
        .ok_or_else(|| CliError::General(format!("'{}'", path.last().copied().unwrap_or(""))))
}

/// `aws gamelift upload-build`.
pub fn upload_build(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let parsed = args::parse(UPLOAD_SPECS, rest)?;
    let build_root = parsed.value("--build-root").unwrap_or_default();
    let mut api = Api::new(Session::new(globals, env)?);
    let gamelift = api::model("gamelift")?;
    if build_root.is_empty() || !has_files(std::path::Path::new(build_root)) {
        #[expect(
            clippy::print_stderr,
            reason = "the reference writes this to stderr and exits 255"
        )]
        {
            eprintln!(
                "Fail to upload {build_root}. The build root directory is empty or does not exist."
            );
        }
        return Err(CliError::Reported(255).into());
    }
    let mut input = map([
        ("Name", string(parsed.value("--name").unwrap_or_default())),
        (
            "Version",
            string(parsed.value("--build-version").unwrap_or_default()),
        ),
    ]);
    if let Some(m) = input.as_map_mut() {
        if let Some(os) = parsed.value("--operating-system").filter(|v| !v.is_empty()) {
            m.insert("OperatingSystem".into(), string(os));
        }
        if let Some(sdk) = parsed
            .value("--server-sdk-version")
            .filter(|v| !v.is_empty())
        {
            m.insert("ServerSdkVersion".into(), string(sdk));
        }
    }
    let build = api.call(&gamelift, "CreateBuild", &input)?;
    let build_id = text_at(&build, &["Build", "BuildId"])?.to_owned();
    let upload = api.call(
        &gamelift,
        "RequestUploadCredentials",
        &map([("BuildId", string(build_id.as_str()))]),
    )?;
    let field = |name: &str| text_at(&upload, &["UploadCredentials", name]).map(str::to_owned);
    let mut credentials =
        awscli_client::Credentials::new(field("AccessKeyId")?, field("SecretAccessKey")?);
    credentials = credentials.with_session_token(field("SessionToken")?);
    let bucket = text_at(&upload, &["StorageLocation", "Bucket"])?.to_owned();
    let key = text_at(&upload, &["StorageLocation", "Key"])?.to_owned();
    let root = std::path::Path::new(build_root);
    let absolute = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let entries = super::cloudformation::package::zip::walk(&absolute)
        .map_err(|e| CliError::General(e.to_string()))?;
    let archive = super::cloudformation::package::zip::archive(&entries)
        .map_err(|e| CliError::General(e.to_string()))?;
    let mut s3_globals = globals.clone();
    s3_globals.endpoint_url = None;
    let mut s3_api = Api::new(Session::new(&s3_globals, env)?);
    let s3 = api::model("s3")?;
    let size = archive.len() as f64;
    let put = map([
        ("Bucket", string(bucket)),
        ("Key", string(key)),
        ("Body", Value::Blob(archive)),
    ]);
    s3_api.call_as(&s3, "PutObject", &put, Some(&credentials))?;
    if size > 0.0 {
        // The reference's progress callback sees the archive read twice in
        // full (once to compute the body's checksum, once to send it), and
        // the rewind in between is not reported, so the line comes twice.
        let line = format!(
            "\rUploading {build_root}:  {} / {}  ({:.2}%)",
            human_readable_size(size),
            human_readable_size(size),
            100.0
        );
        write!(stdout, "{line}{line}")?;
        stdout.flush()?;
    }
    write!(
        stdout,
        "Successfully uploaded {build_root} to AWS GameLift\nBuild ID: {build_id}\n"
    )?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Examples of the reference's docstring and of its arithmetic.
    #[test]
    fn sizes_read_as_the_reference() {
        assert_eq!(human_readable_size(1.0), "1 Byte");
        assert_eq!(human_readable_size(10.0), "10 Bytes");
        assert_eq!(human_readable_size(1024.0), "1.0 KiB");
        assert_eq!(human_readable_size(1024.0 * 1024.0), "1.0 MiB");
        assert_eq!(human_readable_size(1536.0), "1.5 KiB");
    }
}
