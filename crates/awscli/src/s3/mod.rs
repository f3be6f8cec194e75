//! `aws s3`: the high-level S3 commands (ls, cp, mv, rm, sync, mb, rb,
//! presign, website) on the transfer engine of `awscli-s3transfer`.
//!
//! Spec: `awscli/customizations/s3/` of the AWS CLI v2 (2.36 behaviour;
//! `/work/shared/docs/reference-cli.md` section 8). They report in their
//! own words on stdout/stderr and exit with 0 (ok), 1 (a transfer failed
//! or a fatal error) or 2 (files skipped or warned); argument and
//! configuration errors go through [`CliError`] like every command.
use std::io::Write;
use std::sync::Arc;

use awscli_model::Value;
use awscli_s3transfer::client::s;
use indexmap::IndexMap;

use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::Session;

mod args;
mod case_conflict;
mod command;
mod context;
mod filters;
mod generate;
mod mime;
mod paths;
mod results;

use context::SessionContexts;

/// Runs `aws s3 <command> ...` with the words after `s3`.
pub fn run(
    rest: &[String],
    globals: &GlobalArgs,
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let Some(position) = rest.iter().position(|w| !w.starts_with("--")) else {
        return Err(
            CliError::usage("the following arguments are required: subcommand".into()).into(),
        );
    };
    let name = rest[position].as_str();
    if !args::command_names().any(|c| c == name) {
        return Err(CliError::invalid_choice("subcommand", name, args::command_names()).into());
    }
    let mut words = rest.to_vec();
    words.remove(position);
    let params = args::parse(name, &words)?;
    let session = Session::new(globals, env)?;
    match name {
        "ls" => ls(params, session, stdout),
        "mb" => mb(params, session, stdout),
        "rb" => rb(params, session, globals, env, stdout),
        "presign" => presign(params, session, stdout),
        "website" => website(params, session),
        _ => command::run(name, params, session, stdout),
    }
}

fn s3_model() -> Result<Arc<awscli_model::Service>, CliError> {
    awscli_model::store::load("s3")
        .map(Arc::new)
        .map_err(|e| CliError::General(e.to_string()))
}

/// Calls one operation the way a plain API call does (errors exit 254/255).
async fn call(
    contexts: &SessionContexts,
    service: &awscli_model::Service,
    operation: &str,
    input: IndexMap<String, Value>,
) -> Result<Value, CliError> {
    let op = service
        .operation(operation)
        .map_err(|e| CliError::General(e.to_string()))?;
    let input = Value::Map(input);
    let ctx = contexts.get(op, &input)?;
    awscli_client::invoke(&ctx, service, op, &input)
        .await
        .map_err(crate::call::call_error)
}

fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    crate::operations::runtime()
}

fn local_time(value: Option<&Value>) -> String {
    let Some(Value::Timestamp(t)) = value else {
        return " ".repeat(19);
    };
    let Ok(ts) = jiff::Timestamp::new(t.seconds, 0) else {
        return " ".repeat(19);
    };
    let zoned = ts.to_zoned(jiff::tz::TimeZone::system());
    format!("{:<19}", zoned.strftime("%Y-%m-%d %H:%M:%S"))
}

/// `aws s3 ls`.
fn ls(params: args::Params, session: Session, stdout: &mut dyn Write) -> Result<u8, RunError> {
    let page_size = params.int("page-size")?;
    let human = params.flag("human-readable");
    let size_text = |n: u64| {
        let t = if human {
            results::human_size(n)
        } else {
            n.to_string()
        };
        format!("{t:>10}")
    };
    let path = params
        .paths
        .first()
        .cloned()
        .unwrap_or_else(|| "s3://".into());
    let path = path.strip_prefix("s3://").unwrap_or(&path).to_owned();
    let (bucket, key) = paths::find_bucket_key(&path);
    let service = s3_model()?;
    let contexts = SessionContexts::new(session, Arc::clone(&service))?;
    let rt = runtime()?;
    let mut total_objects = 0u64;
    let mut total_size = 0u64;
    if bucket.is_empty() {
        let mut input = IndexMap::new();
        if let Some(p) = params.value("bucket-name-prefix") {
            input.insert("Prefix".into(), s(p));
        }
        if let Some(r) = params.value("bucket-region") {
            input.insert("BucketRegion".into(), s(r));
        }
        let out = rt.block_on(call(&contexts, &service, "ListBuckets", input))?;
        for b in out.get("Buckets").and_then(Value::as_list).unwrap_or(&[]) {
            let name = b.get("Name").and_then(Value::as_str).unwrap_or_default();
            writeln!(stdout, "{} {name}", local_time(b.get("CreationDate")))?;
        }
    } else {
        let client = awscli_s3transfer::S3Client::new(Arc::clone(&service), Arc::new(contexts), 1);
        let mut extra = IndexMap::new();
        if let Some(p) = params.value("request-payer") {
            extra.insert("RequestPayer".into(), s(p));
        }
        let recursive = params.flag("recursive");
        let delimiter = (!recursive).then_some("/");
        let mut token: Option<String> = None;
        let mut first = true;
        let mut empty_first = false;
        loop {
            let page = rt
                .block_on(generate::list_page(
                    &client,
                    &bucket,
                    &key,
                    delimiter,
                    page_size,
                    token.as_deref(),
                    &extra,
                ))
                .map_err(|e| match e {
                    awscli_s3transfer::TransferError::Call(c) => crate::call::call_error(c),
                    other => CliError::General(other.to_string()),
                })?;
            if page.objects.is_empty() && page.prefixes.is_empty() {
                if first {
                    empty_first = true;
                }
            } else {
                for prefix in &page.prefixes {
                    let parts: Vec<&str> = prefix.split('/').collect();
                    let name = parts
                        .get(parts.len().wrapping_sub(2))
                        .copied()
                        .unwrap_or("");
                    writeln!(stdout, "{:>30} {name}/", "PRE")?;
                }
                for object in &page.objects {
                    let k = object
                        .get("Key")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    let size = match object.get("Size") {
                        Some(Value::Integer(i)) => *i as u64,
                        _ => 0,
                    };
                    total_objects += 1;
                    total_size += size;
                    let name = if recursive {
                        k
                    } else {
                        k.rsplit('/').next().unwrap_or(k)
                    };
                    writeln!(
                        stdout,
                        "{} {} {name}",
                        local_time(object.get("LastModified")),
                        size_text(size)
                    )?;
                }
                first = false;
            }
            match page.next {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        if params.flag("summarize") {
            writeln!(stdout, "\n{:>15}{total_objects}", "Total Objects: ")?;
            let size = if human {
                results::human_size(total_size)
            } else {
                total_size.to_string()
            };
            writeln!(stdout, "{:>15}{size}", "Total Size: ")?;
        }
        if !key.is_empty() && empty_first && first {
            return Ok(1);
        }
        return Ok(0);
    }
    if params.flag("summarize") {
        writeln!(stdout, "\n{:>15}{total_objects}", "Total Objects: ")?;
        let size = if human {
            results::human_size(total_size)
        } else {
            total_size.to_string()
        };
        writeln!(stdout, "{:>15}{size}", "Total Size: ")?;
    }
    Ok(0)
}

fn bucket_arg(params: &args::Params) -> Result<(String, String), CliError> {
    let path = params.paths.first().cloned().unwrap_or_default();
    let Some(rest) = path.strip_prefix("s3://") else {
        return Err(CliError::param("<S3Uri>\nError: Invalid argument type"));
    };
    Ok(paths::find_bucket_key(rest))
}

/// `aws s3 mb`.
fn mb(params: args::Params, session: Session, stdout: &mut dyn Write) -> Result<u8, RunError> {
    let (bucket, _) = bucket_arg(&params)?;
    let region = session.region()?.unwrap_or_else(|| "us-east-1".into());
    let service = s3_model()?;
    let contexts = SessionContexts::new(session, Arc::clone(&service))?;
    let mut input = IndexMap::new();
    input.insert("Bucket".into(), s(&bucket));
    if region != "us-east-1" {
        let mut config = IndexMap::new();
        config.insert("LocationConstraint".to_owned(), s(&region));
        input.insert("CreateBucketConfiguration".into(), Value::Map(config));
    }
    match runtime()?.block_on(call(&contexts, &service, "CreateBucket", input)) {
        Ok(_) => {
            writeln!(stdout, "make_bucket: {bucket}")?;
            Ok(0)
        }
        Err(e) => {
            let _ = stdout.flush();
            let _ = writeln!(
                std::io::stderr(),
                "make_bucket failed: {} {e}",
                params.paths[0]
            );
            Ok(1)
        }
    }
}

/// `aws s3 rb [--force]`.
fn rb(
    params: args::Params,
    session: Session,
    globals: &GlobalArgs,
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let (bucket, key) = bucket_arg(&params)?;
    if !key.is_empty() {
        return Err(CliError::param(format!(
            "Please specify a valid bucket name only. E.g. s3://{bucket}"
        ))
        .into());
    }
    if params.flag("force") {
        let words = vec![params.paths[0].clone(), "--recursive".to_owned()];
        let rm = args::parse("rm", &words)?;
        let rc = command::run("rm", rm, Session::new(globals, env)?, stdout)?;
        if rc != 0 {
            return Err(CliError::General(
                "remove_bucket failed: Unable to delete all objects in the bucket, bucket will not be deleted."
                    .into(),
            )
            .into());
        }
    }
    let service = s3_model()?;
    let contexts = SessionContexts::new(session, Arc::clone(&service))?;
    let mut input = IndexMap::new();
    input.insert("Bucket".into(), s(&bucket));
    match runtime()?.block_on(call(&contexts, &service, "DeleteBucket", input)) {
        Ok(_) => {
            writeln!(stdout, "remove_bucket: {bucket}")?;
            Ok(0)
        }
        Err(e) => {
            let _ = stdout.flush();
            let _ = writeln!(
                std::io::stderr(),
                "remove_bucket failed: {} {e}",
                params.paths[0]
            );
            Ok(1)
        }
    }
}

/// `aws s3 presign`.
fn presign(params: args::Params, session: Session, stdout: &mut dyn Write) -> Result<u8, RunError> {
    let expires = params.int("expires-in")?.unwrap_or(3600);
    let path = params.paths[0].clone();
    let path = path.strip_prefix("s3://").unwrap_or(&path).to_owned();
    let (bucket, key) = paths::find_bucket_key(&path);
    let service = s3_model()?;
    let op = service
        .operation("GetObject")
        .map_err(|e| CliError::General(e.to_string()))?;
    let mut input = IndexMap::new();
    input.insert("Bucket".to_owned(), s(&bucket));
    input.insert("Key".to_owned(), s(&key));
    let input = Value::Map(input);
    let contexts = SessionContexts::new(session, Arc::clone(&service))?;
    let ctx = contexts.get(op, &input)?;
    let request = ctx
        .codec
        .serialize_request(&service, op, &input)
        .map_err(|e| CliError::General(e.to_string()))?;
    let url = awscli_client::join_endpoint_url(&ctx.endpoint_url, &request.url_path, None);
    let credentials = ctx
        .credentials
        .clone()
        .ok_or_else(crate::call::no_credentials)?;
    let signed = awscli_client::presign_url(
        "GET",
        &url,
        &[],
        &ctx.signing,
        &credentials,
        std::time::SystemTime::now(),
        std::time::Duration::from_secs(expires.max(0) as u64),
    )
    .map_err(|e| CliError::General(e.to_string()))?;
    writeln!(stdout, "{signed}")?;
    Ok(0)
}

/// `aws s3 website`.
fn website(params: args::Params, session: Session) -> Result<u8, RunError> {
    let path = params.paths[0].clone();
    let mut bucket = path.strip_prefix("s3://").unwrap_or(&path).to_owned();
    if bucket.ends_with('/') {
        bucket.pop();
    }
    let mut config = IndexMap::new();
    if let Some(index) = params.value("index-document") {
        let mut m = IndexMap::new();
        m.insert("Suffix".to_owned(), s(index));
        config.insert("IndexDocument".to_owned(), Value::Map(m));
    }
    if let Some(error) = params.value("error-document") {
        let mut m = IndexMap::new();
        m.insert("Key".to_owned(), s(error));
        config.insert("ErrorDocument".to_owned(), Value::Map(m));
    }
    let service = s3_model()?;
    let contexts = SessionContexts::new(session, Arc::clone(&service))?;
    let mut input = IndexMap::new();
    input.insert("Bucket".into(), s(&bucket));
    input.insert("WebsiteConfiguration".into(), Value::Map(config));
    runtime()?.block_on(call(&contexts, &service, "PutBucketWebsite", input))?;
    Ok(0)
}
