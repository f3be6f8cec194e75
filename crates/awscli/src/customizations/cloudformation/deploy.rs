//! `aws cloudformation deploy`: creates a change set for a local template,
//! waits for it, and executes it (or not), with the reference's messages.
//!
//! Spec: `awscli/customizations/cloudformation/deploy.py`, `deployer.py`
//! and `exceptions.py`. The change set is a CREATE when the stack does not
//! exist (or is only `REVIEW_IN_PROGRESS`), else an UPDATE; parameters the
//! user does not override keep their previous value. An empty change set
//! is a success (message on stdout) unless `--fail-on-empty-changeset`.
//! With `--s3-bucket` the template is uploaded first (`s3uploader.py`:
//! key `[prefix/]<md5>.template`, skipped when already there unless
//! `--force-upload`, server-side encrypted) and passed as `TemplateURL`;
//! templates over 51,200 bytes require it.
use std::io::Write;
use std::time::Duration;

use awscli_args::paramfile::{get_paramfile, ParamFile};
use awscli_args::StdFileSystem;
use awscli_client::{WaiterConfig, WaiterError};
use awscli_model::Value;
use indexmap::IndexMap;

use crate::customizations::api::{self, map, string, Api};
use crate::customizations::args::{self, Spec};
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::Session;

const SPECS: &[Spec] = &[
    Spec::required("--template-file"),
    Spec::required("--stack-name"),
    Spec::value("--s3-bucket"),
    Spec::flag("--force-upload"),
    Spec::value("--s3-prefix"),
    Spec::value("--kms-key-id"),
    Spec::list("--parameter-overrides"),
    Spec::list("--capabilities"),
    Spec::flag("--no-execute-changeset"),
    Spec::flag("--disable-rollback"),
    Spec::flag("--no-disable-rollback"),
    Spec::value("--role-arn"),
    Spec::list("--notification-arns"),
    Spec::flag("--fail-on-empty-changeset"),
    Spec::flag("--no-fail-on-empty-changeset"),
    Spec::list("--tags"),
];

const CHANGESET_PREFIX: &str = "awscli-cloudformation-package-deploy-";
/// Templates larger than this must go through S3.
const MAX_INLINE_TEMPLATE: u64 = 51_200;

/// The last of two opposite flags wins, as with argparse's shared dest.
fn last_flag(rest: &[String], yes: &str, no: &str, default: bool) -> bool {
    let mut value = default;
    for word in rest {
        let name = word.split('=').next().unwrap_or(word);
        if name == yes {
            value = true;
        } else if name == no {
            value = false;
        }
    }
    value
}

/// A list argument, with the reference's `file://` loading of a single value.
fn list_arg(parsed: &args::Parsed, name: &str) -> Result<Vec<String>, CliError> {
    let values = parsed
        .list(name)
        .map(<[String]>::to_vec)
        .unwrap_or_default();
    if let [only] = values.as_slice() {
        let loaded = get_paramfile(only, &StdFileSystem)
            .map_err(|e| CliError::param(format!("Error parsing parameter '{name}': {e}")))?;
        match loaded {
            Some(ParamFile::Text(text)) => return Ok(vec![text]),
            Some(ParamFile::Bytes(bytes)) => {
                return Ok(vec![String::from_utf8_lossy(&bytes).into_owned()])
            }
            None => {}
        }
    }
    Ok(values)
}

/// Python's `repr()` of a list of strings.
fn repr_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|s| {
            if s.contains('\'') && !s.contains('"') {
                format!("\"{s}\"")
            } else {
                format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
            }
        })
        .collect();
    format!("[{}]", quoted.join(", "))
}

/// `parse_key_value_arg`: `K=V` words into an ordered map.
fn parse_key_values(
    values: &[String],
    argname: &str,
) -> Result<IndexMap<String, String>, CliError> {
    let mut out = IndexMap::new();
    for data in values {
        match data.split_once('=') {
            Some((k, v)) => {
                out.insert(k.to_owned(), v.to_owned());
            }
            None => {
                return Err(CliError::General(format!(
                    "{} value passed to --{argname} must be of format Key=Value",
                    repr_list(&[data])
                )))
            }
        }
    }
    Ok(out)
}

const OVERRIDE_FORMATS: &str = "JSON passed to --parameter-overrides must be one of the formats: [\"Key1=Value1\",\"Key2=Value2\", ...] , [{\"ParameterKey\": \"Key1\", \"ParameterValue\": \"Value1\"}, ...] , [\"Parameters\": {\"Key1\": \"Value1\", \"Key2\": \"Value2\", ...}]";

fn json_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `parse_parameter_overrides`: `K=V` words, or one JSON document in the
/// CloudFormation, CodePipeline or `["K=V", ...]` format.
fn parse_parameter_overrides(values: &[String]) -> Result<IndexMap<String, String>, CliError> {
    let data = values
        .first()
        .and_then(|first| serde_json::from_str::<serde_json::Value>(first).ok());
    let Some(data) = data else {
        return parse_key_values(values, "parameter-overrides");
    };
    let mut out = IndexMap::new();
    match &data {
        serde_json::Value::Array(items)
            if items.iter().all(|p| {
                p.as_object().is_some_and(|o| {
                    o.contains_key("ParameterKey")
                        && o.contains_key("ParameterValue")
                        && o.len() <= 2
                })
            }) =>
        {
            for p in items {
                out.insert(
                    json_text(&p["ParameterKey"]),
                    json_text(&p["ParameterValue"]),
                );
            }
        }
        serde_json::Value::Object(o) if o.contains_key("Parameters") => {
            if let Some(params) = o["Parameters"].as_object() {
                for (k, v) in params {
                    out.insert(k.clone(), json_text(v));
                }
            }
        }
        serde_json::Value::Array(items)
            if items
                .iter()
                .all(|p| p.as_str().is_some_and(|s| s.contains('='))) =>
        {
            for p in items {
                if let Some((k, v)) = p.as_str().and_then(|s| s.split_once('=')) {
                    out.insert(k.to_owned(), v.to_owned());
                }
            }
        }
        _ => return Err(CliError::param(OVERRIDE_FORMATS)),
    }
    Ok(out)
}

/// `merge_parameters`: every template parameter, overridden or kept.
fn merge_parameters(template: &Value, overrides: &IndexMap<String, String>) -> Vec<Value> {
    let Some(Value::Map(params)) = template.get("Parameters") else {
        return Vec::new();
    };
    params
        .keys()
        .map(|key| match overrides.get(key) {
            Some(v) => map([("ParameterKey", string(key)), ("ParameterValue", string(v))]),
            None => map([
                ("ParameterKey", string(key)),
                ("UsePreviousValue", Value::Bool(true)),
            ]),
        })
        .collect()
}

pub fn deploy(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let parsed = args::parse(SPECS, rest)?;
    let mut api = Api::new(Session::new(globals, env)?);
    let template_file = parsed.value("--template-file").unwrap_or_default();
    let template_path = awscli_args::paramfile::expand_path(template_file, &StdFileSystem);
    let path = std::path::Path::new(&template_path);
    if !path.is_file() {
        return Err(CliError::General(format!("Invalid template path {template_path}")).into());
    }
    let template_str = std::fs::read_to_string(path)
        .map_err(|e| CliError::General(format!("{e}: '{template_path}'")))?;
    let template = crate::customizations::eks::kubeconfig::parse_yaml(&template_str)
        .map_err(|e| CliError::General(e.to_string()))?;
    let template_size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let stack_name = parsed.value("--stack-name").unwrap_or_default().to_owned();
    let overrides = parse_parameter_overrides(&list_arg(&parsed, "--parameter-overrides")?)?;
    let tags = parse_key_values(&list_arg(&parsed, "--tags")?, "tags")?;
    let tags: Vec<Value> = tags
        .iter()
        .map(|(k, v)| map([("Key", string(k)), ("Value", string(v))]))
        .collect();
    let parameters = merge_parameters(&template, &overrides);
    if template_size > MAX_INLINE_TEMPLATE && parsed.value("--s3-bucket").is_none() {
        return Err(CliError::General("Templates with a size greater than 51,200 bytes must be deployed via an S3 Bucket. Please add the --s3-bucket parameter to your command. The local template will be copied to that S3 bucket and then deployed.".into()).into());
    }
    let execute = !parsed.flag("--no-execute-changeset");
    let disable_rollback = last_flag(rest, "--disable-rollback", "--no-disable-rollback", false);
    let fail_on_empty = last_flag(
        rest,
        "--fail-on-empty-changeset",
        "--no-fail-on-empty-changeset",
        false,
    );
    let cfn = api::model("cloudformation")?;
    let changeset_type = if has_stack(&mut api, &cfn, &stack_name)? {
        "UPDATE"
    } else {
        "CREATE"
    };
    let parameters: Vec<Value> = if changeset_type == "CREATE" {
        parameters
            .into_iter()
            .filter(|p| p.get("UsePreviousValue").is_none())
            .collect()
    } else {
        let summary = api.call(
            &cfn,
            "GetTemplateSummary",
            &map([("StackName", string(&stack_name))]),
        )?;
        let existing: Vec<&str> = summary
            .get("Parameters")
            .and_then(Value::as_list)
            .unwrap_or(&[])
            .iter()
            .filter_map(|p| p.get("ParameterKey").and_then(Value::as_str))
            .collect();
        parameters
            .into_iter()
            .filter(|p| {
                p.get("UsePreviousValue").is_none()
                    || p.get("ParameterKey")
                        .and_then(Value::as_str)
                        .is_some_and(|k| existing.contains(&k))
            })
            .collect()
    };
    let now = jiff::Timestamp::now();
    let utc = now.to_zoned(jiff::tz::TimeZone::UTC);
    let micros = utc.subsec_nanosecond() / 1000;
    let mut isoformat = utc.strftime("%Y-%m-%dT%H:%M:%S").to_string();
    if micros != 0 {
        isoformat.push_str(&format!(".{micros:06}"));
    }
    let mut input = map([
        (
            "ChangeSetName",
            string(format!("{CHANGESET_PREFIX}{}", now.as_second())),
        ),
        ("StackName", string(&stack_name)),
        ("TemplateBody", string(&template_str)),
        ("ChangeSetType", string(changeset_type)),
        ("Parameters", Value::List(parameters)),
        (
            "Capabilities",
            Value::List(
                list_arg(&parsed, "--capabilities")?
                    .iter()
                    .map(string)
                    .collect(),
            ),
        ),
        (
            "Description",
            string(format!("Created by AWS CLI at {isoformat} UTC")),
        ),
        ("Tags", Value::List(tags)),
    ]);
    if let Some(m) = input.as_map_mut() {
        if let Some(role) = parsed.value("--role-arn") {
            m.insert("RoleARN".into(), string(role));
        }
        if let Some(arns) = parsed.list("--notification-arns") {
            m.insert(
                "NotificationARNs".into(),
                Value::List(arns.iter().map(string).collect()),
            );
        }
    }
    if let Some(bucket) = parsed.value("--s3-bucket") {
        let uploader = S3Uploader {
            bucket,
            prefix: parsed.value("--s3-prefix").filter(|p| !p.is_empty()),
            kms_key_id: parsed.value("--kms-key-id").filter(|k| !k.is_empty()),
            force_upload: parsed.flag("--force-upload"),
        };
        let url = uploader.upload_template(globals, env, template_str.as_bytes())?;
        if let Some(m) = input.as_map_mut() {
            m.shift_remove("TemplateBody");
            m.insert("TemplateURL".into(), string(url));
        }
    }
    let created = api.call(&cfn, "CreateChangeSet", &input)?;
    let changeset_id = created
        .get("Id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    write!(stdout, "\nWaiting for changeset to be created..\n")?;
    stdout.flush()?;
    let waited = api.wait(
        &cfn,
        "ChangeSetCreateComplete",
        &map([
            ("ChangeSetName", string(&changeset_id)),
            ("StackName", string(&stack_name)),
        ]),
        WaiterConfig {
            delay: Some(Duration::from_secs(5)),
            max_attempts: None,
        },
    )?;
    if let Err(e) = waited {
        let WaiterError::Failed { last_response, .. } = &e else {
            return Err(waiter_error(e).into());
        };
        let field = |k: &str| {
            last_response
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or("None")
                .to_owned()
        };
        let (status, reason) = (field("Status"), field("StatusReason"));
        let empty = (status == "FAILED"
            && reason.contains("The submitted information didn't contain changes."))
            || reason.contains("No updates are to be performed");
        if empty {
            let message = format!("No changes to deploy. Stack {stack_name} is up to date");
            if fail_on_empty {
                return Err(CliError::General(message).into());
            }
            write!(stdout, "\n{message}\n")?;
            return Ok(0);
        }
        return Err(CliError::General(format!(
            "Failed to create the changeset: {e} Status: {status}. Reason: {reason}"
        ))
        .into());
    }
    if !execute {
        write!(
            stdout,
            "Changeset created successfully. Run the following command to review changes:\naws cloudformation describe-change-set --change-set-name {changeset_id}\n"
        )?;
        stdout.flush()?;
        return Ok(0);
    }
    api.call(
        &cfn,
        "ExecuteChangeSet",
        &map([
            ("ChangeSetName", string(&changeset_id)),
            ("StackName", string(&stack_name)),
            ("DisableRollback", Value::Bool(disable_rollback)),
        ]),
    )?;
    writeln!(stdout, "Waiting for stack create/update to complete")?;
    stdout.flush()?;
    let waiter = if changeset_type == "CREATE" {
        "StackCreateComplete"
    } else {
        "StackUpdateComplete"
    };
    let waited = api.wait(
        &cfn,
        waiter,
        &map([("StackName", string(&stack_name))]),
        WaiterConfig {
            delay: Some(Duration::from_secs(30)),
            max_attempts: Some(120),
        },
    )?;
    match waited {
        Ok(()) => {}
        Err(WaiterError::Call(c)) => return Err(crate::call::call_error(c).into()),
        Err(_) => {
            return Err(CliError::General(format!(
                "Failed to create/update the stack. Run the following command\nto fetch the list of events leading up to the failure\naws cloudformation describe-stack-events --stack-name {stack_name}"
            ))
            .into())
        }
    }
    writeln!(stdout, "Successfully created/updated stack - {stack_name}")?;
    stdout.flush()?;
    Ok(0)
}

/// `S3Uploader` for the template: content-addressed, deduplicated uploads.
struct S3Uploader<'a> {
    bucket: &'a str,
    prefix: Option<&'a str>,
    kms_key_id: Option<&'a str>,
    force_upload: bool,
}

impl S3Uploader<'_> {
    /// Uploads `body` as `[prefix/]<md5>.template`; returns the path-style
    /// URL of the object (`<s3 endpoint>/<bucket>/<key>`).
    fn upload_template(
        &self,
        globals: &GlobalArgs,
        env: &Env,
        body: &[u8],
    ) -> Result<String, CliError> {
        use md5::Digest;
        // The reference's S3 client takes the region but not --endpoint-url.
        let s3_globals = GlobalArgs {
            endpoint_url: None,
            ..globals.clone()
        };
        let mut s3_api = Api::new(Session::new(&s3_globals, env)?);
        let s3 = api::model("s3")?;
        let digest: String = md5::Md5::digest(body)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let mut key = format!("{digest}.template");
        if let Some(prefix) = self.prefix {
            key = format!("{prefix}/{key}");
        }
        let object = map([("Bucket", string(self.bucket)), ("Key", string(&key))]);
        let exists = !self.force_upload && s3_api.call(&s3, "HeadObject", &object).is_ok();
        if !exists {
            let mut put = object.clone();
            if let Some(m) = put.as_map_mut() {
                m.insert("Body".into(), Value::Blob(body.to_vec()));
                match self.kms_key_id {
                    Some(kms) => {
                        m.insert("ServerSideEncryption".into(), string("aws:kms"));
                        m.insert("SSEKMSKeyId".into(), string(kms));
                    }
                    None => {
                        m.insert("ServerSideEncryption".into(), string("AES256"));
                    }
                }
            }
            s3_api.call(&s3, "PutObject", &put).map_err(|e| {
                if e.to_string().contains("(NoSuchBucket)") {
                    CliError::General(format!(
                        "S3 Bucket does not exist. Execute the command to create a new bucket\naws s3 mb s3://{}",
                        self.bucket
                    ))
                } else {
                    e
                }
            })?;
            // The reference reports transfer progress on stderr.
            let size = body.len();
            let _ = write!(
                std::io::stderr(),
                "\rUploading to {key}  {size} / {size}.0  (100.00%)"
            );
        }
        let list_buckets = s3
            .operation("ListBuckets")
            .map_err(|e| CliError::General(e.to_string()))?;
        let base = s3_api
            .session
            .resolve_endpoint(&s3, list_buckets, &Value::empty_map())?
            .url;
        Ok(format!(
            "{}/{}/{key}",
            base.trim_end_matches('/'),
            self.bucket
        ))
    }
}

fn waiter_error(e: WaiterError) -> CliError {
    match e {
        WaiterError::Call(c) => crate::call::call_error(c),
        other => CliError::General(other.to_string()),
    }
}

/// `Deployer.has_stack`: the stack exists and is not only under review.
fn has_stack(api: &mut Api, cfn: &awscli_model::Service, stack: &str) -> Result<bool, CliError> {
    match api.call(cfn, "DescribeStacks", &map([("StackName", string(stack))])) {
        Ok(out) => {
            let stacks = out.get("Stacks").and_then(Value::as_list).unwrap_or(&[]);
            Ok(match stacks {
                [one] => {
                    one.get("StackStatus").and_then(Value::as_str) != Some("REVIEW_IN_PROGRESS")
                }
                _ => false,
            })
        }
        Err(e)
            if e.to_string()
                .contains(&format!("Stack with id {stack} does not exist")) =>
        {
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn overrides_in_every_format() {
        let kv = parse_parameter_overrides(&words(&["A=1", "B=x=y"])).unwrap();
        assert_eq!(kv.get("B").map(String::as_str), Some("x=y"));
        let cfn = parse_parameter_overrides(&words(&[
            r#"[{"ParameterKey": "A", "ParameterValue": "1"}]"#,
        ]))
        .unwrap();
        assert_eq!(cfn.get("A").map(String::as_str), Some("1"));
        let pipeline =
            parse_parameter_overrides(&words(&[r#"{"Parameters": {"A": "2"}}"#])).unwrap();
        assert_eq!(pipeline.get("A").map(String::as_str), Some("2"));
        let list = parse_parameter_overrides(&words(&[r#"["A=3"]"#])).unwrap();
        assert_eq!(list.get("A").map(String::as_str), Some("3"));
        let bad = parse_parameter_overrides(&words(&["A"])).unwrap_err();
        assert_eq!(
            bad.to_string(),
            "['A'] value passed to --parameter-overrides must be of format Key=Value"
        );
        let bad = parse_parameter_overrides(&words(&[r#"[{"x": 1}]"#])).unwrap_err();
        assert_eq!(bad.exit_code(), 252);
    }

    #[test]
    fn merge_keeps_template_order() {
        let template = crate::customizations::eks::kubeconfig::parse_yaml(
            "Parameters:\n  B: {Type: String}\n  A: {Type: String}\n",
        )
        .unwrap();
        let mut overrides = IndexMap::new();
        overrides.insert("A".to_owned(), "1".to_owned());
        let merged = merge_parameters(&template, &overrides);
        assert_eq!(merged[0].get("ParameterKey"), Some(&string("B")));
        assert_eq!(merged[0].get("UsePreviousValue"), Some(&Value::Bool(true)));
        assert_eq!(merged[1].get("ParameterValue"), Some(&string("1")));
    }
}
