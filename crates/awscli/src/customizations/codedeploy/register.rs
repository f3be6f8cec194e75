//! `aws deploy register` and `aws deploy deregister`: an on-premises
//! instance registered with CodeDeploy, with (unless one is given) an IAM
//! user, access key and policy made for it and the agent's configuration
//! file written; and all of that undone.
//!
//! Spec: `awscli/customizations/codedeploy/register.py` and
//! `deregister.py`. Each step prints its progress (`Creating the IAM
//! user... DONE`) on stdout as it goes; a failing step leaves that line
//! unfinished and the failure goes to stderr with the reference's advice
//! (exit 255). The IAM client takes the region but not `--endpoint-url`;
//! the CodeDeploy client takes both.
use std::io::Write;

use awscli_args::shorthand::{self, ShorthandValue};
use awscli_model::Value;

use super::{Tag, DEFAULT_CONFIG_FILE, GUIDE};
use crate::customizations::api::{self, map, string, Api};
use crate::customizations::args::{self, Spec};
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::Session;

const REGISTER_SPECS: &[Spec] = &[
    Spec::required("--instance-name"),
    Spec::list("--tags"),
    Spec::value("--iam-user-arn"),
];

const DEREGISTER_SPECS: &[Spec] = &[
    Spec::required("--instance-name"),
    Spec::flag("--no-delete-iam-user"),
];

const POLICY_NAME: &str = "codedeploy-agent";
const POLICY_DOCUMENT: &str = "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [ {\n        \"Action\": [ \"s3:Get*\", \"s3:List*\" ],\n        \"Effect\": \"Allow\",\n        \"Resource\": \"*\"\n    } ]\n}";

/// The two clients of these commands, and the models they call.
struct Clients {
    codedeploy: Api,
    codedeploy_model: awscli_model::Service,
    iam: Api,
    iam_model: awscli_model::Service,
}

impl Clients {
    fn new(globals: &GlobalArgs, env: &Env, region: &str) -> Result<Clients, CliError> {
        let with_region = GlobalArgs {
            region: Some(region.to_owned()),
            ..globals.clone()
        };
        let iam_globals = GlobalArgs {
            endpoint_url: None,
            ..with_region.clone()
        };
        Ok(Clients {
            codedeploy: Api::new(Session::new(&with_region, env)?),
            codedeploy_model: api::model("codedeploy")?,
            iam: Api::new(Session::new(&iam_globals, env)?),
            iam_model: api::model("iam")?,
        })
    }

    fn codedeploy(&mut self, operation: &str, input: &Value) -> Result<Value, CliError> {
        self.codedeploy
            .call(&self.codedeploy_model, operation, input)
    }

    fn iam(&mut self, operation: &str, input: &Value) -> Result<Value, CliError> {
        self.iam.call(&self.iam_model, operation, input)
    }
}

/// `--tags` words: one JSON list (`[{"Key": ..., "Value": ...}]`), or
/// each word a shorthand `Key=k,Value=v` (`unpack_cli_arg` of a list of
/// structures), checked as botocore checks the `TAGS_SCHEMA` list.
fn parse_tags(words: &[String]) -> Result<Vec<Tag>, CliError> {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => awscli_args::pyfmt::str_of(other),
    };
    let mut maps: Vec<Vec<(String, String)>> = Vec::new();
    match words {
        [only] if only.trim_start().starts_with('[') => {
            let value = awscli_args::pyjson::loads(only).map_err(|e| {
                CliError::param(format!(
                    "Error parsing parameter '--tags': Invalid JSON: {e}\nJSON received: {only}"
                ))
            })?;
            for item in value.as_list().unwrap_or(&[]) {
                maps.push(
                    item.as_map()
                        .map(|m| m.iter().map(|(k, v)| (k.clone(), text(v))).collect())
                        .unwrap_or_default(),
                );
            }
        }
        _ => {
            for word in words {
                let parsed = shorthand::parse(word).map_err(|e| {
                    CliError::param(format!("Error parsing parameter '--tags': {e}"))
                })?;
                maps.push(
                    parsed
                        .into_iter()
                        .map(|(k, v)| {
                            let value = match v {
                                ShorthandValue::String(s) => s,
                                other => format!("{other:?}"),
                            };
                            (k, value)
                        })
                        .collect(),
                );
            }
        }
    }
    let mut problems = Vec::new();
    let mut tags = Vec::new();
    for (index, fields) in maps.iter().enumerate() {
        let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v);
        for required in ["Key", "Value"] {
            if get(required).is_none() {
                problems.push(format!(
                    "Missing required parameter in [{index}]: \"{required}\""
                ));
            }
        }
        for (name, _) in fields {
            if name != "Key" && name != "Value" {
                problems.push(format!(
                    "Unknown parameter in [{index}]: \"{name}\", must be one of: Key, Value"
                ));
            }
        }
        tags.push(Tag {
            key: get("Key").cloned().unwrap_or_default(),
            value: get("Value").cloned().unwrap_or_default(),
        });
    }
    if !problems.is_empty() {
        return Err(CliError::param(format!(
            "Parameter validation failed:\n{}",
            problems.join("\n")
        )));
    }
    Ok(tags)
}

fn tags_value(tags: &[Tag]) -> Value {
    Value::List(
        tags.iter()
            .map(|t| map([("Key", string(&t.key)), ("Value", string(&t.value))]))
            .collect(),
    )
}

fn field(value: &Value, path: &[&str]) -> Result<String, CliError> {
    let mut current = value;
    for name in path {
        current = current
            .get(name)
            .ok_or_else(|| CliError::General(format!("'{name}'")))?;
    }
    Ok(current.as_str().unwrap_or_default().to_owned())
}

/// Runs `aws deploy register` with the words after it.
pub fn register(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let parsed = args::parse(REGISTER_SPECS, rest)?;
    let session = Session::new(globals, env)?;
    let region = super::resolve_region(&session)?;
    let instance_name = parsed.value("--instance-name").unwrap_or_default();
    super::validate_instance_name(instance_name)?;
    let tags = match parsed.list("--tags") {
        Some(words) => parse_tags(words)?,
        None => Vec::new(),
    };
    super::validate_tags(&tags)?;
    let given_arn = parsed.value("--iam-user-arn").filter(|a| !a.is_empty());
    if let Some(arn) = given_arn {
        super::validate_iam_user_arn(arn)?;
    }
    let mut clients = Clients::new(globals, env, &region)?;
    let steps = register_steps(
        &mut clients,
        stdout,
        &region,
        instance_name,
        &tags,
        given_arn,
    );
    match steps {
        Ok(()) => Ok(0),
        Err(RunError::Cli(e)) => Err(super::report_failure(
            stdout,
            &e,
            &format!("Register the on-premises instance {GUIDE}"),
        )
        .into()),
        Err(e) => Err(e),
    }
}

fn register_steps(
    clients: &mut Clients,
    stdout: &mut dyn Write,
    region: &str,
    instance_name: &str,
    tags: &[Tag],
    given_arn: Option<&str>,
) -> Result<(), RunError> {
    let iam_user_arn = match given_arn {
        Some(arn) => arn.to_owned(),
        None => {
            let user_name = instance_name;
            write!(stdout, "Creating the IAM user... ")?;
            stdout.flush()?;
            let created = clients.iam(
                "CreateUser",
                &map([
                    ("Path", string("/AWS/CodeDeploy/")),
                    ("UserName", string(user_name)),
                ]),
            )?;
            let arn = field(&created, &["User", "Arn"])?;
            writeln!(stdout, "DONE\nIamUserArn: {arn}")?;

            write!(stdout, "Creating the IAM user access key... ")?;
            stdout.flush()?;
            let key = clients.iam("CreateAccessKey", &map([("UserName", string(user_name))]))?;
            let access_key_id = field(&key, &["AccessKey", "AccessKeyId"])?;
            let secret_access_key = field(&key, &["AccessKey", "SecretAccessKey"])?;
            writeln!(
                stdout,
                "DONE\nAccessKeyId: {access_key_id}\nSecretAccessKey: {secret_access_key}"
            )?;

            write!(stdout, "Creating the IAM user policy... ")?;
            stdout.flush()?;
            clients.iam(
                "PutUserPolicy",
                &map([
                    ("UserName", string(user_name)),
                    ("PolicyName", string(POLICY_NAME)),
                    ("PolicyDocument", string(POLICY_DOCUMENT)),
                ]),
            )?;
            writeln!(
                stdout,
                "DONE\nPolicyName: {POLICY_NAME}\nPolicyDocument: {POLICY_DOCUMENT}"
            )?;

            write!(
                stdout,
                "Creating the on-premises instance configuration file named {DEFAULT_CONFIG_FILE}..."
            )?;
            stdout.flush()?;
            let config = format!(
                "---\nregion: {region}\niam_user_arn: {arn}\naws_access_key_id: {access_key_id}\naws_secret_access_key: {secret_access_key}\n"
            );
            std::fs::write(DEFAULT_CONFIG_FILE, config)
                .map_err(|e| CliError::General(super::os_error_text(&e, DEFAULT_CONFIG_FILE)))?;
            writeln!(stdout, "DONE")?;
            arn
        }
    };

    write!(stdout, "Registering the on-premises instance... ")?;
    stdout.flush()?;
    clients.codedeploy(
        "RegisterOnPremisesInstance",
        &map([
            ("instanceName", string(instance_name)),
            ("iamUserArn", string(&iam_user_arn)),
        ]),
    )?;
    writeln!(stdout, "DONE")?;
    if !tags.is_empty() {
        write!(stdout, "Adding tags to the on-premises instance... ")?;
        stdout.flush()?;
        clients.codedeploy(
            "AddTagsToOnPremisesInstances",
            &map([
                ("tags", tags_value(tags)),
                ("instanceNames", Value::List(vec![string(instance_name)])),
            ]),
        )?;
        writeln!(stdout, "DONE")?;
    }
    writeln!(
        stdout,
        "Copy the on-premises configuration file named {DEFAULT_CONFIG_FILE} to the on-premises instance, and run the following command on the on-premises instance to install and configure the AWS CodeDeploy Agent:\naws deploy install --config-file {DEFAULT_CONFIG_FILE}"
    )?;
    Ok(())
}

/// Runs `aws deploy deregister` with the words after it.
pub fn deregister(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let parsed = args::parse(DEREGISTER_SPECS, rest)?;
    let session = Session::new(globals, env)?;
    let region = super::resolve_region(&session)?;
    let instance_name = parsed.value("--instance-name").unwrap_or_default();
    super::validate_instance_name(instance_name)?;
    let mut clients = Clients::new(globals, env, &region)?;
    let steps = deregister_steps(
        &mut clients,
        stdout,
        instance_name,
        !parsed.flag("--no-delete-iam-user"),
    );
    match steps {
        Ok(()) => Ok(0),
        Err(RunError::Cli(e)) => Err(super::report_failure(
            stdout,
            &e,
            &format!("Deregister the on-premises instance {GUIDE}"),
        )
        .into()),
        Err(e) => Err(e),
    }
}

/// Whether `e` is IAM's `NoSuchEntity`, which deleting tolerates.
fn is_no_such_entity(e: &CliError) -> bool {
    matches!(e, CliError::Service { message, .. } if message.contains("(NoSuchEntity)"))
}

/// Calls a paginated IAM list operation page by page (`Marker` /
/// `IsTruncated`), handing each page to `each`.
fn for_each_page(
    clients: &mut Clients,
    operation: &str,
    user_name: &str,
    mut each: impl FnMut(&mut Clients, &Value) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let mut marker: Option<String> = None;
    loop {
        let mut input = map([("UserName", string(user_name))]);
        if let (Some(m), Some(marker)) = (input.as_map_mut(), &marker) {
            m.insert("Marker".into(), string(marker));
        }
        let page = clients.iam(operation, &input)?;
        each(clients, &page)?;
        let truncated = matches!(page.get("IsTruncated"), Some(Value::Bool(true)));
        marker = page
            .get("Marker")
            .and_then(Value::as_str)
            .map(str::to_owned);
        if !truncated || marker.is_none() {
            return Ok(());
        }
    }
}

fn deregister_steps(
    clients: &mut Clients,
    stdout: &mut dyn Write,
    instance_name: &str,
    delete_iam_user: bool,
) -> Result<(), RunError> {
    write!(stdout, "Retrieving on-premises instance information... ")?;
    stdout.flush()?;
    let info = clients.codedeploy(
        "GetOnPremisesInstance",
        &map([("instanceName", string(instance_name))]),
    )?;
    let iam_user_arn = field(&info, &["instanceInfo", "iamUserArn"])?;
    let user_name = iam_user_arn
        .rsplit_once('/')
        .map_or(iam_user_arn.as_str(), |(_, name)| name)
        .to_owned();
    let tags: Vec<Tag> = info
        .get("instanceInfo")
        .and_then(|i| i.get("tags"))
        .and_then(Value::as_list)
        .unwrap_or(&[])
        .iter()
        .map(|t| Tag {
            key: t
                .get("Key")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            value: t
                .get("Value")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        })
        .collect();
    writeln!(stdout, "DONE\nIamUserArn: {iam_user_arn}")?;
    if !tags.is_empty() {
        write!(stdout, "Tags:")?;
        for tag in &tags {
            write!(stdout, " Key={},Value={}", tag.key, tag.value)?;
        }
        writeln!(stdout)?;
        write!(stdout, "Removing tags from the on-premises instance... ")?;
        stdout.flush()?;
        clients.codedeploy(
            "RemoveTagsFromOnPremisesInstances",
            &map([
                ("tags", tags_value(&tags)),
                ("instanceNames", Value::List(vec![string(instance_name)])),
            ]),
        )?;
        writeln!(stdout, "DONE")?;
    }

    write!(stdout, "Deregistering the on-premises instance... ")?;
    stdout.flush()?;
    clients.codedeploy(
        "DeregisterOnPremisesInstance",
        &map([("instanceName", string(instance_name))]),
    )?;
    writeln!(stdout, "DONE")?;

    if delete_iam_user {
        write!(stdout, "Deleting the IAM user policies... ")?;
        stdout.flush()?;
        let deleted = for_each_page(clients, "ListUserPolicies", &user_name, |c, page| {
            for policy in page
                .get("PolicyNames")
                .and_then(Value::as_list)
                .unwrap_or(&[])
            {
                c.iam(
                    "DeleteUserPolicy",
                    &map([
                        ("UserName", string(&user_name)),
                        ("PolicyName", policy.clone()),
                    ]),
                )?;
            }
            Ok(())
        });
        tolerate_no_such_entity(deleted)?;
        writeln!(stdout, "DONE")?;

        write!(stdout, "Deleting the IAM user access keys... ")?;
        stdout.flush()?;
        let deleted = for_each_page(clients, "ListAccessKeys", &user_name, |c, page| {
            for key in page
                .get("AccessKeyMetadata")
                .and_then(Value::as_list)
                .unwrap_or(&[])
            {
                c.iam(
                    "DeleteAccessKey",
                    &map([
                        ("UserName", string(&user_name)),
                        (
                            "AccessKeyId",
                            key.get("AccessKeyId").cloned().unwrap_or(Value::Null),
                        ),
                    ]),
                )?;
            }
            Ok(())
        });
        tolerate_no_such_entity(deleted)?;
        writeln!(stdout, "DONE")?;

        write!(stdout, "Deleting the IAM user ({user_name})... ")?;
        stdout.flush()?;
        let deleted = clients
            .iam("DeleteUser", &map([("UserName", string(&user_name))]))
            .map(|_| ());
        tolerate_no_such_entity(deleted)?;
        writeln!(stdout, "DONE")?;
    }
    writeln!(
        stdout,
        "Run the following command on the on-premises instance to uninstall the codedeploy-agent:\naws deploy uninstall"
    )?;
    Ok(())
}

fn tolerate_no_such_entity(result: Result<(), CliError>) -> Result<(), CliError> {
    match result {
        Err(e) if !is_no_such_entity(&e) => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &[&str]) -> Vec<String> {
        s.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn tags_take_shorthand_and_json() {
        let tags = parse_tags(&words(&[
            r#"[{"Key": "a", "Value": "b"}, {"Key": "c", "Value": "d"}]"#,
        ]))
        .unwrap();
        assert_eq!(
            tags,
            [
                Tag {
                    key: "a".into(),
                    value: "b".into()
                },
                Tag {
                    key: "c".into(),
                    value: "d".into()
                }
            ]
        );
    }

    #[test]
    fn tags_missing_a_value_fail_as_botocore_validation() {
        let e = parse_tags(&words(&["Key=a,Value=b", "Key=c"])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Parameter validation failed:\nMissing required parameter in [1]: \"Value\""
        );
    }
}
