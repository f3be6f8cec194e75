//! `aws deploy push`: bundles a directory (with its `appspec.yml`) into a
//! zip archive, uploads it to S3, registers it as an application revision
//! and prints the `create-deployment` command that deploys it.
//!
//! Spec: `awscli/customizations/codedeploy/push.py`. The archive is what
//! Python's `zipfile` writes for the files of `os.walk(source)` (links to
//! directories are not followed), so it is byte-identical to the
//! reference's for the same tree (see `cloudformation::package::zip`).
//! Bundles under 6 MiB go up in one `PutObject`, larger ones as a multipart
//! upload of 6 MiB parts (aborted when a part fails). As in the reference
//! the S3 client takes the region but not `--endpoint-url`; the CodeDeploy
//! client takes both.
use std::io::Write;
use std::path::{Path, PathBuf};

use awscli_model::Value;

use crate::customizations::api::{self, map, string, Api};
use crate::customizations::args::{self, Spec};
use crate::customizations::cloudformation::package::zip;
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::Session;

const SPECS: &[Spec] = &[
    Spec::required("--application-name"),
    Spec::required("--s3-location"),
    Spec::flag("--ignore-hidden-files"),
    Spec::flag("--no-ignore-hidden-files"),
    Spec::value("--source"),
    Spec::value("--description"),
];

const ONE_MB: usize = 1 << 20;
/// Bundles of this size or more are uploaded in parts of this size.
const MULTIPART_LIMIT: usize = 6 * ONE_MB;

/// Where the revision went: what `RegisterApplicationRevision` and the
/// printed hint name.
struct Uploaded {
    e_tag: String,
    version: Option<String>,
}

/// Runs `aws deploy push` with the words after it.
pub fn run(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let parsed = args::parse(SPECS, rest)?;
    let application_name = parsed.value("--application-name").unwrap_or_default();
    let s3_location = parsed.value("--s3-location").unwrap_or_default();
    let (bucket, key) = super::parse_s3_location("--s3-location", s3_location)?;
    let ignore_hidden_files = parsed.flag("--ignore-hidden-files");
    if ignore_hidden_files && parsed.flag("--no-ignore-hidden-files") {
        return Err(CliError::param(
            "You cannot specify both --ignore-hidden-files and --no-ignore-hidden-files.",
        )
        .into());
    }
    // An empty description is replaced too (`if not parsed_args.description`).
    let description = match parsed.value("--description").filter(|d| !d.is_empty()) {
        Some(d) => d.to_owned(),
        None => format!("Uploaded by AWS CLI {} UTC", utc_now_isoformat()),
    };
    let source = parsed.value("--source").unwrap_or(".");

    let mut codedeploy = Api::new(Session::new(globals, env)?);
    let s3_globals = GlobalArgs {
        endpoint_url: None,
        ..globals.clone()
    };
    let mut s3 = Api::new(Session::new(&s3_globals, env)?);

    let bundle = compress(source, ignore_hidden_files)?;
    let uploaded = upload(&mut s3, &bucket, &key, &bundle).map_err(|e| {
        CliError::General(format!(
            "Failed to upload '{source}' to '{s3_location}': {e}"
        ))
    })?;

    let mut s3_location_value = map([
        ("bucket", string(&bucket)),
        ("key", string(&key)),
        ("bundleType", string("zip")),
        ("eTag", string(&uploaded.e_tag)),
    ]);
    if let (Some(version), Some(m)) = (&uploaded.version, s3_location_value.as_map_mut()) {
        m.insert("version".into(), string(version));
    }
    let service = api::model("codedeploy")?;
    codedeploy.call(
        &service,
        "RegisterApplicationRevision",
        &map([
            ("applicationName", string(application_name)),
            (
                "revision",
                map([
                    ("revisionType", string("S3")),
                    ("s3Location", s3_location_value),
                ]),
            ),
            ("description", string(description)),
        ]),
    )?;

    let version = uploaded
        .version
        .as_ref()
        .map(|v| format!(",version={v}"))
        .unwrap_or_default();
    write!(
        stdout,
        "To deploy with this revision, run:\n\
         aws deploy create-deployment --application-name {application_name} \
         --s3-location bucket={bucket},key={key},bundleType=zip,eTag={}{version} \
         --deployment-group-name <deployment-group-name> \
         --deployment-config-name <deployment-config-name> \
         --description <description>\n",
        uploaded.e_tag
    )?;
    Ok(0)
}

/// `datetime.utcnow().isoformat()`: microseconds unless they are zero.
fn utc_now_isoformat() -> String {
    let now = jiff::Timestamp::now();
    let micros = now.subsec_microsecond();
    let base = now.strftime("%Y-%m-%dT%H:%M:%S").to_string();
    if micros == 0 {
        base
    } else {
        format!("{base}.{micros:06}")
    }
}

/// `os.path.abspath`: absolute and normalised (no `.`/`..`), without
/// resolving links.
fn abspath(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_owned()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `Push._compress`: the zip archive of `source`, which must hold an
/// `appspec.yml` at its top.
fn compress(source: &str, ignore_hidden_files: bool) -> Result<Vec<u8>, CliError> {
    let source_path = abspath(Path::new(source));
    let appspec_path = source_path.join("appspec.yml");
    let mut files = Vec::new();
    walk(Path::new(source), ignore_hidden_files, &mut files);
    let mut entries = Vec::new();
    let mut contains_appspec = false;
    for file in files {
        let absolute = abspath(&file);
        let name = absolute
            .strip_prefix(&source_path)
            .unwrap_or(&absolute)
            .to_string_lossy()
            .into_owned();
        if absolute == appspec_path {
            contains_appspec = true;
        }
        entries
            .push(zip::entry_for(&absolute, name).map_err(|e| CliError::General(e.to_string()))?);
    }
    if !contains_appspec {
        return Err(CliError::General(format!(
            "{} was not found",
            appspec_path.display()
        )));
    }
    zip::archive(&entries).map_err(|e| CliError::General(e.to_string()))
}

/// The files under `dir` in `os.walk(dir, topdown=True)` order: each
/// directory's files in listing order, then its subdirectories. Links to
/// directories are listed as directories but not entered
/// (`followlinks=False`); unreadable directories are skipped silently.
fn walk(dir: &Path, ignore_hidden_files: bool, files: &mut Vec<PathBuf>) {
    let Ok(listing) = std::fs::read_dir(dir) else {
        return;
    };
    let hidden = |name: &std::ffi::OsStr| name.to_string_lossy().starts_with('.');
    let mut subdirs = Vec::new();
    for item in listing.flatten() {
        let path = item.path();
        let is_dir = std::fs::metadata(&path).is_ok_and(|m| m.is_dir());
        if ignore_hidden_files && hidden(&item.file_name()) {
            continue;
        }
        if is_dir {
            let is_link = item.file_type().is_ok_and(|t| t.is_symlink());
            if !is_link {
                subdirs.push(path);
            }
        } else {
            files.push(path);
        }
    }
    for sub in subdirs {
        walk(&sub, ignore_hidden_files, files);
    }
}

/// `Push._upload_to_s3`: one `PutObject`, or a multipart upload for large
/// bundles; the ETag (without quotes) and version of the object.
fn upload(api: &mut Api, bucket: &str, key: &str, bundle: &[u8]) -> Result<Uploaded, CliError> {
    let s3 = api::model("s3")?;
    let object = || map([("Bucket", string(bucket)), ("Key", string(key))]);
    let response = if bundle.len() < MULTIPART_LIMIT {
        let mut put = object();
        if let Some(m) = put.as_map_mut() {
            m.insert("Body".into(), Value::Blob(bundle.to_vec()));
        }
        api.call(&s3, "PutObject", &put)?
    } else {
        multipart_upload(api, &s3, bucket, key, bundle)?
    };
    let e_tag = response
        .get("ETag")
        .and_then(Value::as_str)
        .ok_or_else(|| CliError::General("'ETag'".into()))?
        .replace('"', "");
    let version = response
        .get("VersionId")
        .and_then(Value::as_str)
        .map(str::to_owned);
    Ok(Uploaded { e_tag, version })
}

fn multipart_upload(
    api: &mut Api,
    s3: &awscli_model::Service,
    bucket: &str,
    key: &str,
    bundle: &[u8],
) -> Result<Value, CliError> {
    let object = || map([("Bucket", string(bucket)), ("Key", string(key))]);
    let created = api.call(s3, "CreateMultipartUpload", &object())?;
    let upload_id = created
        .get("UploadId")
        .and_then(Value::as_str)
        .ok_or_else(|| CliError::General("'UploadId'".into()))?
        .to_owned();
    let with_upload_id = |mut v: Value| {
        if let Some(m) = v.as_map_mut() {
            m.insert("UploadId".into(), string(&upload_id));
        }
        v
    };
    let mut parts = Vec::new();
    let mut result = Ok(());
    for (index, chunk) in bundle.chunks(MULTIPART_LIMIT).enumerate() {
        let part_number = index as i64 + 1;
        let mut part = with_upload_id(object());
        if let Some(m) = part.as_map_mut() {
            m.insert("PartNumber".into(), Value::Integer(part_number));
            m.insert("Body".into(), Value::Blob(chunk.to_vec()));
        }
        match api.call(s3, "UploadPart", &part) {
            Ok(response) => parts.push(map([
                ("PartNumber", Value::Integer(part_number)),
                ("ETag", response.get("ETag").cloned().unwrap_or(Value::Null)),
            ])),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    let completed = result.and_then(|()| {
        let mut complete = with_upload_id(object());
        if let Some(m) = complete.as_map_mut() {
            m.insert(
                "MultipartUpload".into(),
                map([("Parts", Value::List(parts))]),
            );
        }
        api.call(s3, "CompleteMultipartUpload", &complete)
    });
    match completed {
        Ok(v) => Ok(v),
        // Only service errors abort the upload (`except ClientError`).
        Err(e @ CliError::Service { .. }) => {
            let _ = api.call(s3, "AbortMultipartUpload", &with_upload_id(object()));
            Err(e)
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abspath_normalises_without_resolving_links() {
        assert_eq!(abspath(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }

    #[test]
    fn isoformat_has_date_and_time() {
        let now = utc_now_isoformat();
        assert_eq!(&now[4..5], "-");
        assert_eq!(&now[10..11], "T");
    }

    #[test]
    fn compress_requires_an_appspec() {
        let dir = std::env::temp_dir().join(format!("push-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join(".hidden")).unwrap();
        std::fs::write(dir.join(".hidden/f"), b"x").unwrap();
        let source = dir.to_string_lossy().into_owned();
        let e = compress(&source, false).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("{}/appspec.yml was not found", dir.display())
        );
        std::fs::write(dir.join("appspec.yml"), b"version: 0.0\n").unwrap();
        let zipped = compress(&source, true).unwrap();
        assert!(zipped.windows(11).any(|w| w == b"appspec.yml"));
        assert!(!zipped.windows(9).any(|w| w == b".hidden/f"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
