//! `aws emr-containers update-role-trust-policy`: lets EMR on EKS job pods
//! of a namespace assume an IAM role, by adding to the role's trust policy
//! a statement trusting the cluster's OIDC provider for the service
//! accounts `emr-containers-sa-*-*-<account>-<base36(role name)>`. A
//! statement already there changes nothing; `--dry-run` prints the merged
//! policy instead of updating the role.
//!
//! Spec: `awscli/customizations/emrcontainers/update_role_trust_policy.py`,
//! `eks.py`, `iam.py`, `base36.py` and `constants.py`. EKS is called at its
//! usual endpoint (the global `--endpoint-url` is not used for it), IAM at
//! `--iam-endpoint` when given.
use std::io::Write;

use awscli_model::Value;

use super::api::{self, map, string, Api};
use super::args::{self, Spec};
use super::dlm::partition_of;
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::Session;

const SPECS: &[Spec] = &[
    Spec::required("--cluster-name"),
    Spec::required("--namespace"),
    Spec::required("--role-name"),
    Spec::value("--iam-endpoint"),
    Spec::flag("--dry-run"),
];

/// `Base36.encode`: the role name as a big-endian base-256 number (one
/// digit per code point, as the reference's `ord`), written in base 36.
fn base36(text: &str) -> String {
    const ALPHABET: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    // Little-endian base 2^32 limbs.
    let mut limbs: Vec<u64> = Vec::new();
    for c in text.chars() {
        let mut carry = u64::from(u32::from(c));
        for limb in limbs.iter_mut() {
            let v = *limb * 256 + carry;
            *limb = v & 0xffff_ffff;
            carry = v >> 32;
        }
        while carry > 0 {
            limbs.push(carry & 0xffff_ffff);
            carry >>= 32;
        }
    }
    let mut digits = Vec::new();
    while limbs.iter().any(|&l| l != 0) {
        let mut remainder = 0u64;
        for limb in limbs.iter_mut().rev() {
            let v = (remainder << 32) | *limb;
            *limb = v / 36;
            remainder = v % 36;
        }
        digits.push(ALPHABET[remainder as usize]);
        while limbs.last() == Some(&0) {
            limbs.pop();
        }
    }
    if digits.is_empty() {
        return "0".into();
    }
    digits.iter().rev().map(|&d| char::from(d)).collect()
}

/// The statement `TRUST_POLICY_STATEMENT_FORMAT` describes.
fn trust_statement(
    partition: &str,
    account_id: &str,
    oidc_provider: &str,
    namespace: &str,
    role_name: &str,
) -> Value {
    map([
        ("Effect", string("Allow")),
        (
            "Principal",
            map([(
                "Federated",
                string(format!(
                    "arn:{partition}:iam::{account_id}:oidc-provider/{oidc_provider}"
                )),
            )]),
        ),
        ("Action", string("sts:AssumeRoleWithWebIdentity")),
        (
            "Condition",
            map([(
                "StringLike",
                map([(
                    format!("{oidc_provider}:sub").as_str(),
                    string(format!(
                        "system:serviceaccount:{namespace}:emr-containers-sa-*-*-{account_id}-{}",
                        base36(role_name)
                    )),
                )]),
            )]),
        ),
    ])
}

/// `check_if_dict_matches`: same number of keys; nested maps match
/// recursively, other values by equality with the expected string.
fn dict_matches(expected: &Value, actual: &Value) -> bool {
    let (Some(expected), Some(actual)) = (expected.as_map(), actual.as_map()) else {
        return false;
    };
    if expected.len() != actual.len() {
        return false;
    }
    expected.iter().all(|(key, value)| match value {
        Value::Map(_) => dict_matches(value, actual.get(key).unwrap_or(&Value::empty_map())),
        _ => actual.get(key) == Some(value),
    })
}

/// `check_if_statement_exists`.
fn statement_exists(expected: &Value, document: Option<&Value>) -> bool {
    document
        .and_then(|d| d.get("Statement"))
        .and_then(Value::as_list)
        .is_some_and(|statements| statements.iter().any(|s| dict_matches(expected, s)))
}

/// The part of `text` after the first `separator`, or the reference's
/// `IndexError` when there is none.
fn nth_part<'a>(text: &'a str, separator: &str, n: usize) -> Result<&'a str, CliError> {
    text.split(separator)
        .nth(n)
        .ok_or_else(|| CliError::General("list index out of range".into()))
}

/// `aws emr-containers update-role-trust-policy`.
pub fn update_role_trust_policy(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let parsed = args::parse(SPECS, rest)?;
    let cluster_name = parsed.value("--cluster-name").unwrap_or_default();
    let namespace = parsed.value("--namespace").unwrap_or_default();
    let role_name = parsed.value("--role-name").unwrap_or_default();
    let mut eks_globals = globals.clone();
    eks_globals.endpoint_url = None;
    let mut eks_api = Api::new(Session::new(&eks_globals, env)?);
    let region = eks_api.session.region()?;
    let eks = api::model("eks")?;
    let cluster = eks_api.call(
        &eks,
        "DescribeCluster",
        &map([("name", string(cluster_name))]),
    )?;
    let cluster = cluster.get("cluster");
    let arn = cluster
        .and_then(|c| c.get("arn"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let account_id = nth_part(arn, ":", 4)?;
    let issuer = cluster
        .and_then(|c| c.get("identity"))
        .and_then(|i| i.get("oidc"))
        .and_then(|o| o.get("issuer"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let oidc_provider = nth_part(issuer, "https://", 1)?;
    let region = region
        .ok_or_else(|| CliError::General("'NoneType' object has no attribute 'lower'".into()))?;
    let statement = trust_statement(
        partition_of(&region),
        account_id,
        oidc_provider,
        namespace,
        role_name,
    );
    let mut iam_globals = globals.clone();
    iam_globals.endpoint_url = parsed.value("--iam-endpoint").map(str::to_owned);
    let mut iam_api = Api::new(Session::new(&iam_globals, env)?);
    let iam = api::model("iam")?;
    let role = iam_api.call(&iam, "GetRole", &map([("RoleName", string(role_name))]))?;
    let document = role
        .get("Role")
        .and_then(|r| r.get("AssumeRolePolicyDocument"))
        .cloned();
    let message = if statement_exists(&statement, document.as_ref()) {
        format!("Trust policy statement already exists for role {role_name}. No changes were made!")
    } else {
        let mut document = match document {
            Some(Value::Map(m)) => Value::Map(m),
            _ => {
                return Err(
                    CliError::General("'NoneType' object has no attribute 'get'".into()).into(),
                )
            }
        };
        if let Some(m) = document.as_map_mut() {
            match m.get_mut("Statement") {
                Some(Value::List(statements)) => statements.push(statement),
                Some(_) => {
                    return Err(CliError::General("object has no attribute 'append'".into()).into())
                }
                None => {
                    m.insert("Statement".into(), Value::List(vec![statement]));
                }
            }
        }
        if parsed.flag("--dry-run") {
            super::pyjson::dumps(&document, Some(2))
        } else {
            iam_api.call(
                &iam,
                "UpdateAssumeRolePolicy",
                &map([
                    ("RoleName", string(role_name)),
                    (
                        "PolicyDocument",
                        string(super::pyjson::dumps(&document, None)),
                    ),
                ]),
            )?;
            format!("Successfully updated trust policy of role {role_name}")
        }
    };
    writeln!(stdout, "{message}")?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values from the reference's `Base36().encode(...)`.
    #[test]
    fn base36_matches_the_reference() {
        assert_eq!(base36("my-role"), "8fenk3zlrad");
        assert_eq!(
            base36("EMRContainers-JobExecutionRole"),
            "189nnyj7mn9w2lqiewgg1u0l3jhmo0z69yjkj9u6qhosj8l"
        );
        assert_eq!(base36("a"), "2p");
        assert_eq!(base36(""), "0");
        assert_eq!(
            base36(&"x".repeat(64)),
            "j5oz265gvxo29gbj3f4lwr1f4s59462ul9vmr0u2u24sgyl9vbnlsye2myeimsn31mhk8l8mpxljxbcuk82994vk3i3fc31zpfc"
        );
    }

    #[test]
    fn an_equal_statement_is_found_and_a_list_action_is_not() {
        let statement = trust_statement("aws", "123", "oidc.eks/id/X", "ns", "r");
        let document = map([("Statement", Value::List(vec![statement.clone()]))]);
        assert!(statement_exists(&statement, Some(&document)));
        let mut other = statement.clone();
        if let Some(m) = other.as_map_mut() {
            m.insert(
                "Action".into(),
                Value::List(vec![string("sts:AssumeRoleWithWebIdentity")]),
            );
        }
        let document = map([("Statement", Value::List(vec![other]))]);
        assert!(!statement_exists(&statement, Some(&document)));
        assert!(!statement_exists(&statement, None));
    }
}
