//! `aws cloudformation package`: uploads the local artifacts a template
//! names to S3 and writes the template with their S3 locations.
//!
//! Spec: `awscli/customizations/cloudformation/package.py`,
//! `artifact_exporter.py`, `yamlhelper.py` and `awscli/customizations/
//! s3uploader.py`. Each exporter of the reference's `RESOURCES_EXPORT_LIST`
//! is a row of [`EXPORTERS`]: a file is uploaded as is, a directory (or a
//! file of a `FORCE_ZIP` property that is not already a zip) as a zip
//! archive (see [`zip`]); the S3 key is the MD5 of the uploaded bytes (plus
//! `.template` for nested templates) under `--s3-prefix`, and an object
//! already there is not uploaded again unless `--force-upload`. Nested
//! stacks (`AWS::CloudFormation::Stack` `TemplateURL`,
//! `AWS::Serverless::Application` `Location`) are packaged recursively and
//! uploaded as YAML; `AWS::Include` transforms anywhere in the template and
//! the `AWS::ServerlessRepo::Application` metadata are exported too.
//!
//! As the reference, the S3 client takes the region but not
//! `--endpoint-url` (an `AWS_ENDPOINT_URL[_S3]` setting applies, as in
//! 2.36), relative paths resolve against the template's directory, and the
//! output template file is written whole (a temporary file renamed into
//! place) so a failure leaves no partial template.
mod template;
pub(crate) mod zip;

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use awscli_args::paramfile::{get_paramfile, ParamFile};
use awscli_args::StdFileSystem;
use awscli_model::Value;

use crate::customizations::api::{self, map, string, Api};
use crate::customizations::args::{self, Spec};
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::Session;
use template::Node;

const SPECS: &[Spec] = &[
    Spec::required("--template-file"),
    Spec::required("--s3-bucket"),
    Spec::value("--s3-prefix"),
    Spec::value("--kms-key-id"),
    Spec::value("--output-template-file"),
    Spec::flag("--use-json"),
    Spec::flag("--force-upload"),
    Spec::value("--metadata"),
];

/// How an exporter writes the uploaded location back.
#[derive(Clone, Copy)]
enum Target {
    /// The `s3://bucket/key` URL itself (`Resource`).
    Url,
    /// A `{bucket, key[, version]}` mapping with these property names
    /// (`ResourceWithS3UrlDict`).
    Dict {
        bucket: &'static str,
        key: &'static str,
        version: Option<&'static str>,
    },
    /// A nested template, packaged and uploaded, then a path-style HTTPS
    /// URL (`CloudFormationStackResource`).
    Stack,
}

/// One row of `RESOURCES_EXPORT_LIST` / `METADATA_EXPORT_LIST`.
struct Exporter {
    resource_type: &'static str,
    property: &'static str,
    package_null_property: bool,
    force_zip: bool,
    target: Target,
}

const fn url(resource_type: &'static str, property: &'static str) -> Exporter {
    Exporter {
        resource_type,
        property,
        package_null_property: true,
        force_zip: false,
        target: Target::Url,
    }
}

const fn dict(
    resource_type: &'static str,
    property: &'static str,
    bucket: &'static str,
    key: &'static str,
    version: Option<&'static str>,
) -> Exporter {
    Exporter {
        resource_type,
        property,
        package_null_property: true,
        force_zip: false,
        target: Target::Dict {
            bucket,
            key,
            version,
        },
    }
}

impl Exporter {
    const fn zipped(mut self) -> Exporter {
        self.force_zip = true;
        self
    }

    /// `PACKAGE_NULL_PROPERTY = False`: nothing to do when the property is
    /// absent (the resource has an inline alternative).
    const fn optional(mut self) -> Exporter {
        self.package_null_property = false;
        self
    }

    const fn stack(mut self) -> Exporter {
        self.target = Target::Stack;
        self
    }
}

/// The reference's `RESOURCES_EXPORT_LIST`, in its order.
const EXPORTERS: &[Exporter] = &[
    url("AWS::Serverless::Function", "CodeUri").zipped(),
    url("AWS::Serverless::Api", "DefinitionUri").optional(),
    url("AWS::AppSync::GraphQLSchema", "DefinitionS3Location").optional(),
    url("AWS::AppSync::Resolver", "RequestMappingTemplateS3Location").optional(),
    url(
        "AWS::AppSync::Resolver",
        "ResponseMappingTemplateS3Location",
    )
    .optional(),
    url(
        "AWS::AppSync::FunctionConfiguration",
        "RequestMappingTemplateS3Location",
    )
    .optional(),
    url(
        "AWS::AppSync::FunctionConfiguration",
        "ResponseMappingTemplateS3Location",
    )
    .optional(),
    dict(
        "AWS::ApiGateway::RestApi",
        "BodyS3Location",
        "Bucket",
        "Key",
        Some("Version"),
    )
    .optional(),
    dict(
        "AWS::Lambda::Function",
        "Code",
        "S3Bucket",
        "S3Key",
        Some("S3ObjectVersion"),
    )
    .zipped(),
    dict(
        "AWS::ElasticBeanstalk::ApplicationVersion",
        "SourceBundle",
        "S3Bucket",
        "S3Key",
        None,
    ),
    url("AWS::CloudFormation::Stack", "TemplateURL").stack(),
    url("AWS::Serverless::Application", "Location").stack(),
    url("AWS::Serverless::LayerVersion", "ContentUri").zipped(),
    dict(
        "AWS::Lambda::LayerVersion",
        "Content",
        "S3Bucket",
        "S3Key",
        Some("S3ObjectVersion"),
    )
    .zipped(),
    url("AWS::Glue::Job", "Command.ScriptLocation"),
    dict(
        "AWS::StepFunctions::StateMachine",
        "DefinitionS3Location",
        "Bucket",
        "Key",
        Some("Version"),
    )
    .optional(),
    dict(
        "AWS::Serverless::StateMachine",
        "DefinitionUri",
        "Bucket",
        "Key",
        Some("Version"),
    )
    .optional(),
    dict(
        "AWS::CodeCommit::Repository",
        "Code.S3",
        "Bucket",
        "Key",
        Some("ObjectVersion"),
    )
    .optional()
    .zipped(),
];

/// The reference's `METADATA_EXPORT_LIST`.
const METADATA_EXPORTERS: &[Exporter] = &[
    url("AWS::ServerlessRepo::Application", "ReadmeUrl").optional(),
    url("AWS::ServerlessRepo::Application", "LicenseUrl").optional(),
];

/// Runs `aws cloudformation package` with the words after it.
pub fn run(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let parsed = args::parse(SPECS, rest)?;
    let metadata = match parsed.value("--metadata") {
        Some(text) => Some(parse_metadata(text)?),
        None => None,
    };
    // The reference's S3 client takes the region but not --endpoint-url.
    let s3_globals = GlobalArgs {
        endpoint_url: None,
        ..globals.clone()
    };
    let api = Api::new(Session::new(&s3_globals, env)?);
    let template_file = parsed.value("--template-file").unwrap_or_default();
    if !Path::new(template_file).is_file() {
        return Err(CliError::General(format!("Invalid template path {template_file}")).into());
    }
    let cwd = std::env::current_dir()
        .map_err(|e| CliError::General(format!("cannot read the current directory: {e}")))?;
    let mut uploader = Uploader {
        api,
        s3: api::model("s3")?,
        bucket: parsed.value("--s3-bucket").unwrap_or_default().to_owned(),
        prefix: parsed
            .value("--s3-prefix")
            .filter(|p| !p.is_empty())
            .map(str::to_owned),
        kms_key_id: parsed
            .value("--kms-key-id")
            .filter(|k| !k.is_empty())
            .map(str::to_owned),
        force_upload: parsed.flag("--force-upload"),
        metadata,
    };
    let exported = export_template(Path::new(template_file), &cwd, &mut uploader)?;
    let text = if parsed.flag("--use-json") {
        template::json_dumps(&exported).map_err(CliError::General)?
    } else {
        template::yaml_dump(&exported)
    };
    stdout.write_all(b"\n")?;
    match parsed.value("--output-template-file") {
        None => stdout.write_all(text.as_bytes())?,
        Some(output) => {
            write_whole(Path::new(output), text.as_bytes())
                .map_err(|e| CliError::General(format!("{e}: '{output}'")))?;
            let absolute = normpath(&cwd.join(output));
            write!(
                stdout,
                "Successfully packaged artifacts and wrote output template to file {output}.\n\
                 Execute the following command to deploy the packaged template\n\
                 aws cloudformation deploy --template-file {} --stack-name <YOUR STACK NAME>\n",
                absolute.display()
            )?;
        }
    }
    stdout.flush()?;
    Ok(0)
}

/// `--metadata`: a map of strings, as JSON or shorthand (`k=v,k2=v2`).
fn parse_metadata(text: &str) -> Result<Vec<(String, String)>, CliError> {
    let bad = |e: String| CliError::param(format!("Error parsing parameter '--metadata': {e}"));
    let loaded = match get_paramfile(text, &StdFileSystem).map_err(|e| bad(e.to_string()))? {
        Some(ParamFile::Text(t)) => t,
        Some(ParamFile::Bytes(b)) => String::from_utf8_lossy(&b).into_owned(),
        None => text.to_owned(),
    };
    if loaded.trim_start().starts_with('{') {
        let map: indexmap::IndexMap<String, serde_json::Value> =
            serde_json::from_str(&loaded).map_err(|e| bad(format!("Invalid JSON: {e}")))?;
        return Ok(map
            .into_iter()
            .map(|(k, v)| {
                let v = match v {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
                (k, v)
            })
            .collect());
    }
    let map = awscli_args::shorthand::parse(&loaded).map_err(|e| bad(e.to_string()))?;
    map.into_iter()
        .map(|(k, v)| match v {
            awscli_args::shorthand::ShorthandValue::String(s) => Ok((k, s)),
            _ => Err(bad(format!("Invalid value for key {k}"))),
        })
        .collect()
}

/// Writes `data` to `path` through a temporary file in the same directory.
fn write_whole(path: &Path, data: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let temp = dir.join(format!(
        ".{}.{}.tmp",
        name.unwrap_or_default(),
        std::process::id()
    ));
    let written = std::fs::write(&temp, data).and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// `os.path.normpath` of an absolute path.
fn normpath(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `make_abs_path`: relative paths resolve against `dir`.
fn make_abs_path(dir: &Path, path: &str) -> PathBuf {
    let p = Path::new(path);
    if p.is_absolute() {
        p.to_owned()
    } else {
        normpath(&dir.join(p))
    }
}

/// `parse_s3_url`: `s3://bucket/key[?versionId=v]` as (bucket, key, version).
fn parse_s3_url(url: &str) -> Option<(String, String, Option<String>)> {
    let rest = url.strip_prefix("s3://")?;
    let (netloc, after) = match rest.find(['/', '?', '#']) {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, ""),
    };
    let (path, query) = match after.find(['?', '#']) {
        Some(at) => (&after[..at], &after[at..]),
        None => (after, ""),
    };
    if netloc.is_empty() || path.is_empty() {
        return None;
    }
    let query = query.strip_prefix('?').unwrap_or("");
    let query = query.split('#').next().unwrap_or("");
    let versions: Vec<&str> = query
        .split('&')
        .filter_map(|p| p.strip_prefix("versionId="))
        .filter(|v| !v.is_empty())
        .collect();
    let version = match versions.as_slice() {
        [one] => Some(
            percent_encoding::percent_decode_str(one)
                .decode_utf8_lossy()
                .into_owned(),
        ),
        _ => None,
    };
    Some((
        netloc.to_owned(),
        path.trim_start_matches('/').to_owned(),
        version,
    ))
}

fn is_s3_url(node: &Node) -> bool {
    node.as_str().is_some_and(|s| parse_s3_url(s).is_some())
}

/// The failures of exporting, as the reference's exception messages.
fn invalid_local_path(resource_id: &str, property: &str, local_path: &str) -> CliError {
    CliError::General(format!(
        "Parameter {property} of resource {resource_id} refers to a file or folder that does not exist {local_path}"
    ))
}

/// `S3Uploader`: content-addressed uploads to one bucket.
struct Uploader {
    api: Api,
    s3: awscli_model::Service,
    bucket: String,
    prefix: Option<String>,
    kms_key_id: Option<String>,
    force_upload: bool,
    metadata: Option<Vec<(String, String)>>,
}

impl Uploader {
    /// `upload_with_dedup`: uploads `body` as `[prefix/]<md5>[.ext]`
    /// unless it is there already; returns `s3://bucket/key`.
    fn upload_with_dedup(
        &mut self,
        body: &[u8],
        extension: Option<&str>,
    ) -> Result<String, CliError> {
        use md5::Digest;
        let digest: String = md5::Md5::digest(body)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let mut key = match extension {
            Some(ext) => format!("{digest}.{ext}"),
            None => digest,
        };
        if let Some(prefix) = &self.prefix {
            key = format!("{prefix}/{key}");
        }
        let object = map([("Bucket", string(&self.bucket)), ("Key", string(&key))]);
        let exists = !self.force_upload && self.api.call(&self.s3, "HeadObject", &object).is_ok();
        if !exists {
            let mut put = object.clone();
            if let Some(m) = put.as_map_mut() {
                m.insert("Body".into(), Value::Blob(body.to_vec()));
                match &self.kms_key_id {
                    Some(kms) => {
                        m.insert("ServerSideEncryption".into(), string("aws:kms"));
                        m.insert("SSEKMSKeyId".into(), string(kms));
                    }
                    None => {
                        m.insert("ServerSideEncryption".into(), string("AES256"));
                    }
                }
                if let Some(metadata) = self.metadata.as_ref().filter(|m| !m.is_empty()) {
                    m.insert(
                        "Metadata".into(),
                        Value::Map(
                            metadata
                                .iter()
                                .map(|(k, v)| (k.clone(), string(v)))
                                .collect(),
                        ),
                    );
                }
            }
            let put = self.api.call(&self.s3, "PutObject", &put);
            // The reference reports transfer progress on stderr as the body
            // is sent, so also before a service error.
            if matches!(put, Ok(_) | Err(CliError::Service { .. })) {
                let size = body.len();
                let _ = write!(
                    std::io::stderr(),
                    "\rUploading to {key}  {size} / {size}.0  (100.00%)"
                );
            }
            put.map_err(|e| {
                if e.to_string().contains("(NoSuchBucket)") {
                    CliError::General(format!(
                        "S3 Bucket does not exist. Execute the command to create a new bucket\naws s3 mb s3://{}",
                        self.bucket
                    ))
                } else {
                    e
                }
            })?;
        }
        Ok(format!("s3://{}/{key}", self.bucket))
    }

    /// `to_path_style_s3_url`: `<S3 endpoint>/<bucket>/<key>`.
    fn path_style_url(&mut self, key: &str, version: Option<&str>) -> Result<String, CliError> {
        let list_buckets = self
            .s3
            .operation("ListBuckets")
            .map_err(|e| CliError::General(e.to_string()))?;
        let base = self
            .api
            .session
            .resolve_endpoint(&self.s3, list_buckets, &Value::empty_map())?
            .url;
        let mut url = format!("{}/{}/{key}", base.trim_end_matches('/'), self.bucket);
        if let Some(v) = version {
            url.push_str(&format!("?versionId={v}"));
        }
        Ok(url)
    }

    /// Uploads a local file or directory (zipped); `None` when it is neither.
    fn upload_path(&mut self, path: &Path) -> Result<Option<String>, CliError> {
        let io = |e: std::io::Error| CliError::General(format!("{e}: '{}'", path.display()));
        if path.is_dir() {
            let entries = zip::walk(path).map_err(|e| CliError::General(e.to_string()))?;
            let archive = zip::archive(&entries).map_err(|e| CliError::General(e.to_string()))?;
            return self.upload_with_dedup(&archive, None).map(Some);
        }
        if path.is_file() {
            let body = std::fs::read(path).map_err(io)?;
            return self.upload_with_dedup(&body, None).map(Some);
        }
        Ok(None)
    }
}

/// Looks up a dotted property (`Command.ScriptLocation`), as
/// `jmespath.search` does for these names.
fn lookup<'a>(node: &'a Node, property: &str) -> Option<&'a Node> {
    property
        .split('.')
        .try_fold(node, |current, part| current.get(part))
}

/// `set_value_from_jmespath`: sets a dotted property, making the
/// intermediate mappings.
fn set_property(node: &mut Node, property: &str, value: Node) {
    let mut parts: Vec<&str> = property.split('.').collect();
    let Some(last) = parts.pop() else {
        return;
    };
    let mut current = node;
    for part in parts {
        if !matches!(current.get(part), Some(Node::Map(_))) {
            current.insert(part, Node::Map(Vec::new()));
        }
        let Some(next) = current.get_mut(part) else {
            return;
        };
        current = next;
    }
    current.insert(last, value);
}

/// A directory holding a copy of one file, removed when dropped
/// (`copy_to_temp_dir`).
struct TempDir(PathBuf);

impl TempDir {
    fn with_copy_of(file: &Path) -> std::io::Result<TempDir> {
        use md5::Digest;
        let seed = format!(
            "{}-{:?}-{}",
            std::process::id(),
            std::time::SystemTime::now(),
            file.display()
        );
        let unique: String = md5::Md5::digest(seed.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let dir = std::env::temp_dir().join(format!("tmp{}", &unique[..8]));
        std::fs::create_dir(&dir)?;
        let temp = TempDir(dir);
        if let Some(name) = file.file_name() {
            std::fs::copy(file, temp.0.join(name))?;
        }
        Ok(temp)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `Template(template_path, parent_dir, uploader).export()`.
fn export_template(
    template_path: &Path,
    parent_dir: &Path,
    uploader: &mut Uploader,
) -> Result<Node, CliError> {
    let abs_path = make_abs_path(parent_dir, &template_path.to_string_lossy());
    let template_dir = abs_path.parent().unwrap_or(parent_dir).to_owned();
    let text = std::fs::read_to_string(&abs_path)
        .map_err(|e| CliError::General(format!("{e}: '{}'", abs_path.display())))?;
    let mut doc = template::parse(&text).map_err(|e| CliError::General(e.to_string()))?;
    export_metadata(&mut doc, &template_dir, uploader)?;
    if doc.get("Resources").is_none() {
        return Ok(doc);
    }
    export_global_artifacts(&mut doc, &template_dir, uploader)?;
    let Some(Node::Map(resources)) = doc.get_mut("Resources") else {
        return Ok(doc);
    };
    for (id, resource) in resources.iter_mut() {
        let id = id.python_str();
        let resource_type = resource
            .get("Type")
            .and_then(Node::as_str)
            .map(str::to_owned);
        let Some(resource_type) = resource_type else {
            continue;
        };
        for exporter in EXPORTERS
            .iter()
            .filter(|e| e.resource_type == resource_type)
        {
            if let Some(properties) = resource.get_mut("Properties") {
                export_resource(exporter, &id, properties, &template_dir, uploader)?;
            }
        }
    }
    Ok(doc)
}

fn export_metadata(
    doc: &mut Node,
    template_dir: &Path,
    uploader: &mut Uploader,
) -> Result<(), CliError> {
    let Some(Node::Map(entries)) = doc.get_mut("Metadata") else {
        return Ok(());
    };
    for (metadata_type, value) in entries.iter_mut() {
        let metadata_type = metadata_type.python_str();
        for exporter in METADATA_EXPORTERS
            .iter()
            .filter(|e| e.resource_type == metadata_type)
        {
            export_resource(exporter, &metadata_type, value, template_dir, uploader)?;
        }
    }
    Ok(())
}

/// `export_global_artifacts`: every `Fn::Transform` (`AWS::Include`).
fn export_global_artifacts(
    node: &mut Node,
    template_dir: &Path,
    uploader: &mut Uploader,
) -> Result<(), CliError> {
    let Node::Map(entries) = node else {
        return Ok(());
    };
    for (key, value) in entries.iter_mut() {
        if key.as_str() == Some("Fn::Transform") {
            include_transform(value, template_dir, uploader)?;
        } else if let Node::Map(_) = value {
            export_global_artifacts(value, template_dir, uploader)?;
        } else if let Node::Seq(items) = value {
            for item in items.iter_mut().filter(|i| matches!(i, Node::Map(_))) {
                export_global_artifacts(item, template_dir, uploader)?;
            }
        }
    }
    Ok(())
}

/// `include_transform_export_handler`.
fn include_transform(
    transform: &mut Node,
    template_dir: &Path,
    uploader: &mut Uploader,
) -> Result<(), CliError> {
    if transform.get("Name").and_then(Node::as_str) != Some("AWS::Include") {
        return Ok(());
    }
    let Some(location) = transform
        .get("Parameters")
        .and_then(|p| p.get("Location"))
        .and_then(Node::as_str)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
    else {
        return Ok(());
    };
    if parse_s3_url(&location).is_some() {
        return Ok(());
    }
    // os.path.join, without normalisation.
    let path = template_dir.join(&location);
    if !path.is_file() {
        return Err(invalid_local_path(
            "AWS::Include",
            "Location",
            &path.to_string_lossy(),
        ));
    }
    let body = std::fs::read(&path)
        .map_err(|e| CliError::General(format!("{e}: '{}'", path.display())))?;
    let url = uploader.upload_with_dedup(&body, None)?;
    if let Some(params) = transform.get_mut("Parameters") {
        params.insert("Location", Node::Str(url));
    }
    Ok(())
}

/// `Resource.export`: skips what is not a local path, zips a single file
/// for `FORCE_ZIP` properties, and reports any failure as
/// `ExportFailedError`.
fn export_resource(
    exporter: &Exporter,
    resource_id: &str,
    properties: &mut Node,
    template_dir: &Path,
    uploader: &mut Uploader,
) -> Result<(), CliError> {
    if matches!(properties, Node::Null) {
        return Ok(());
    }
    let value = lookup(properties, exporter.property).cloned();
    let truthy = value.as_ref().is_some_and(Node::is_truthy);
    if !truthy && !exporter.package_null_property {
        return Ok(());
    }
    if matches!(value, Some(Node::Map(_))) {
        return Ok(());
    }
    // As the reference, this looks at the value relative to the current
    // directory, not the template's.
    let mut temp_dir = None;
    if exporter.force_zip {
        if let Some(file) = value.as_ref().and_then(Node::as_str).map(Path::new) {
            if file.is_file() && !zip::is_zip_file(file) {
                let temp =
                    TempDir::with_copy_of(file).map_err(|e| CliError::General(e.to_string()))?;
                set_property(
                    properties,
                    exporter.property,
                    Node::Str(temp.0.to_string_lossy().into_owned()),
                );
                temp_dir = Some(temp);
            }
        }
    }
    let exported = do_export(exporter, resource_id, properties, template_dir, uploader);
    drop(temp_dir);
    exported.map_err(|e| {
        let shown = value.as_ref().map_or_else(|| "None".to_owned(), Node::python_str);
        CliError::General(format!(
            "Unable to upload artifact {shown} referenced by {} parameter of {resource_id} resource.\n{e}",
            exporter.property
        ))
    })
}

fn do_export(
    exporter: &Exporter,
    resource_id: &str,
    properties: &mut Node,
    template_dir: &Path,
    uploader: &mut Uploader,
) -> Result<(), CliError> {
    match exporter.target {
        Target::Url => {
            let url =
                upload_local_artifacts(exporter, resource_id, properties, template_dir, uploader)?;
            set_property(properties, exporter.property, url);
        }
        Target::Dict {
            bucket,
            key,
            version,
        } => {
            let url =
                upload_local_artifacts(exporter, resource_id, properties, template_dir, uploader)?;
            let parsed = url.as_str().and_then(parse_s3_url).ok_or_else(|| {
                CliError::General(format!(
                    "URL given to the parse method is not a valid S3 url {}",
                    url.python_str()
                ))
            })?;
            let mut location = vec![
                (Node::Str(bucket.into()), Node::Str(parsed.0)),
                (Node::Str(key.into()), Node::Str(parsed.1)),
            ];
            if let (Some(name), Some(v)) = (version, parsed.2) {
                location.push((Node::Str(name.into()), Node::Str(v)));
            }
            set_property(properties, exporter.property, Node::Map(location));
        }
        Target::Stack => {
            let Some(path) = properties
                .get(exporter.property)
                .and_then(Node::as_str)
                .map(str::to_owned)
            else {
                return Ok(());
            };
            if parse_s3_url(&path).is_some()
                || path.starts_with("http://")
                || path.starts_with("https://")
            {
                return Ok(());
            }
            let abs = make_abs_path(template_dir, &path);
            if !abs.is_file() {
                return Err(CliError::General(format!(
                    "{} parameter of {resource_id} resource is invalid. It must be a S3 URL or path to CloudFormation template file. Actual: {}",
                    exporter.property,
                    abs.display()
                )));
            }
            let nested = export_template(Path::new(&path), template_dir, uploader)?;
            let text = template::yaml_dump(&nested);
            let url = uploader.upload_with_dedup(text.as_bytes(), Some("template"))?;
            let (_, key, version) = parse_s3_url(&url).ok_or_else(|| {
                CliError::General(format!(
                    "URL given to the parse method is not a valid S3 url {url}"
                ))
            })?;
            let https = uploader.path_style_url(&key, version.as_deref())?;
            set_property(properties, exporter.property, Node::Str(https));
        }
    }
    Ok(())
}

/// `upload_local_artifacts`: the property's S3 URL as it is, or the local
/// file or directory (the template's directory when the property is
/// absent) uploaded.
fn upload_local_artifacts(
    exporter: &Exporter,
    resource_id: &str,
    properties: &Node,
    template_dir: &Path,
    uploader: &mut Uploader,
) -> Result<Node, CliError> {
    let local = match lookup(properties, exporter.property) {
        None | Some(Node::Null) => Node::Str(template_dir.to_string_lossy().into_owned()),
        Some(v) => v.clone(),
    };
    if is_s3_url(&local) {
        return Ok(local);
    }
    let Some(path) = local.as_str() else {
        return Err(invalid_local_path(
            resource_id,
            exporter.property,
            &local.python_str(),
        ));
    };
    let abs = make_abs_path(template_dir, path);
    match uploader.upload_path(&abs)? {
        Some(url) => Ok(Node::Str(url)),
        None => Err(invalid_local_path(
            resource_id,
            exporter.property,
            &abs.to_string_lossy(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_urls_parse_like_the_reference() {
        assert_eq!(
            parse_s3_url("s3://b/k/x.zip?versionId=1"),
            Some(("b".into(), "k/x.zip".into(), Some("1".into())))
        );
        assert_eq!(parse_s3_url("s3://b/"), Some(("b".into(), "".into(), None)));
        assert_eq!(parse_s3_url("s3://b"), None);
        assert_eq!(parse_s3_url("https://b/k"), None);
    }

    #[test]
    fn dotted_properties_are_set_with_intermediate_maps() {
        let mut node = Node::Map(Vec::new());
        set_property(
            &mut node,
            "Command.ScriptLocation",
            Node::Str("s3://b/k".into()),
        );
        assert_eq!(
            lookup(&node, "Command.ScriptLocation"),
            Some(&Node::Str("s3://b/k".into()))
        );
    }

    #[test]
    fn relative_paths_resolve_against_the_directory() {
        assert_eq!(
            make_abs_path(Path::new("/a/b"), "../c/./d"),
            PathBuf::from("/a/c/d")
        );
        assert_eq!(make_abs_path(Path::new("/a"), "/x"), PathBuf::from("/x"));
    }
}
