//! `aws dlm create-default-role`: creates the IAM role Data Lifecycle
//! Manager runs as (`AWSDataLifecycleManagerDefaultRole`, or the
//! `...ForAMIManagement` one with `--resource-type image`), trusting
//! `dlm.amazonaws.com` and with the AWS managed policy attached, then prints
//! the `CreateRole` result with the policy document as `RolePolicy`. An
//! existing role, or a managed policy that does not exist, prints nothing.
//!
//! Spec: `awscli/customizations/dlm/createdefaultrole.py`, `iam.py` and
//! `constants.py`. IAM is called at `--iam-endpoint` when given (the global
//! `--endpoint-url` is not used for IAM).
use std::io::Write;

use awscli_model::Value;

use super::api::{self, map, string, Api};
use super::args::{self, Spec};
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::Session;

const SPECS: &[Spec] = &[
    Spec::value("--iam-endpoint"),
    Spec::value("--resource-type"),
];

const RESOURCE_TYPES: [&str; 2] = ["snapshot", "image"];

/// `LIFECYCLE_DEFAULT_ROLE_ASSUME_POLICY` as Python's `json.dumps` writes it.
const ASSUME_ROLE_POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "", "Effect": "Allow", "Principal": {"Service": "dlm.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#;

/// The role and managed policy names of a resource type.
fn names_of(resource_type: &str) -> (&'static str, &'static str) {
    if resource_type == "image" {
        (
            "AWSDataLifecycleManagerDefaultRoleForAMIManagement",
            "AWSDataLifecycleManagerServiceRoleForAMIManagement",
        )
    } else {
        (
            "AWSDataLifecycleManagerDefaultRole",
            "AWSDataLifecycleManagerServiceRole",
        )
    }
}

/// `get_policy_arn_suffix`: the partition of a region, as the reference guesses it.
pub fn partition_of(region: &str) -> &'static str {
    let region = region.to_lowercase();
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// Whether `e` is IAM's `NoSuchEntity` (the reference catches
/// `NoSuchEntityException` to learn that a role or policy is missing).
pub fn is_no_such_entity(e: &CliError) -> bool {
    matches!(e, CliError::Service { message, .. } if message.contains("(NoSuchEntity)"))
}

/// Calls `operation`; `Ok(false)` when IAM answers `NoSuchEntity`.
pub fn exists(
    api: &mut Api,
    iam: &awscli_model::Service,
    operation: &str,
    input: &Value,
) -> Result<bool, CliError> {
    match api.call(iam, operation, input) {
        Ok(_) => Ok(true),
        Err(e) if is_no_such_entity(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

/// `IAM.get_policy`: the default version's document of a managed policy.
pub fn policy_document(
    api: &mut Api,
    iam: &awscli_model::Service,
    arn: &str,
) -> Result<Value, CliError> {
    let policy = api.call(iam, "GetPolicy", &map([("PolicyArn", string(arn))]))?;
    let version = policy
        .get("Policy")
        .and_then(|p| p.get("DefaultVersionId"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let details = api.call(
        iam,
        "GetPolicyVersion",
        &map([("PolicyArn", string(arn)), ("VersionId", string(version))]),
    )?;
    Ok(details
        .get("PolicyVersion")
        .and_then(|v| v.get("Document"))
        .cloned()
        .unwrap_or_else(Value::empty_map))
}

/// `_construct_result`: `{"RolePolicy": document}` then the `CreateRole` answer.
pub fn construct_result(create_role: Value, document: Value) -> Value {
    let mut result = indexmap::IndexMap::new();
    result.insert("RolePolicy".to_owned(), document);
    if let Value::Map(fields) = create_role {
        for (k, v) in fields {
            if k != "ResponseMetadata" {
                result.insert(k, v);
            }
        }
    }
    Value::Map(result)
}

/// `aws dlm create-default-role`.
pub fn create_default_role(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let parsed = args::parse(SPECS, rest)?;
    let resource_type = parsed.value("--resource-type").unwrap_or("snapshot");
    if !RESOURCE_TYPES.contains(&resource_type) {
        return Err(
            CliError::invalid_choice("--resource-type", resource_type, RESOURCE_TYPES).into(),
        );
    }
    let mut iam_globals = globals.clone();
    iam_globals.endpoint_url = parsed.value("--iam-endpoint").map(str::to_owned);
    let session = Session::new(&iam_globals, env)?;
    let region = session.region()?;
    let iam = api::model("iam")?;
    let mut api = Api::new(session);
    let (role_name, policy_name) = names_of(resource_type);
    if exists(
        &mut api,
        &iam,
        "GetRole",
        &map([("RoleName", string(role_name))]),
    )? {
        return Ok(0);
    }
    let region = region.ok_or_else(|| CliError::Configuration {
        code: "Configuration",
        message: "You must specify a region. You can also configure your region by running \"aws configure\".".to_owned(),
    })?;
    let policy_arn = format!(
        "arn:{}:iam::aws:policy/service-role/{policy_name}",
        partition_of(&region)
    );
    if !exists(
        &mut api,
        &iam,
        "GetPolicy",
        &map([("PolicyArn", string(policy_arn.as_str()))]),
    )? {
        return Ok(0);
    }
    let created = api.call(
        &iam,
        "CreateRole",
        &map([
            ("RoleName", string(role_name)),
            ("AssumeRolePolicyDocument", string(ASSUME_ROLE_POLICY)),
        ]),
    )?;
    api.call(
        &iam,
        "AttachRolePolicy",
        &map([
            ("PolicyArn", string(policy_arn.as_str())),
            ("RoleName", string(role_name)),
        ]),
    )?;
    let document = policy_document(&mut api, &iam, &policy_arn)?;
    let result = construct_result(created, document);
    super::display::display_response(&api.session, globals, "create_role", result, stdout)?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_follow_the_region_prefix() {
        assert_eq!(partition_of("cn-north-1"), "aws-cn");
        assert_eq!(partition_of("US-GOV-west-1"), "aws-us-gov");
        assert_eq!(partition_of("eu-west-1"), "aws");
    }

    #[test]
    fn assume_role_policy_is_valid_json() {
        let parsed: serde_json::Value = serde_json::from_str(ASSUME_ROLE_POLICY).unwrap();
        assert_eq!(
            parsed["Statement"][0]["Principal"]["Service"],
            "dlm.amazonaws.com"
        );
    }
}
