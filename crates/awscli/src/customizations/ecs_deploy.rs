//! `aws ecs deploy`: a blue/green deployment of an ECS service through
//! CodeDeploy: registers the task definition of a local file, writes its
//! ARN into a local AppSpec, creates the deployment and waits for it.
//!
//! Spec: `awscli/customizations/ecs/deploy.py`, `filehelpers.py` and
//! `exceptions.py`. Everything local is read and parsed before the first
//! call; the service, the CodeDeploy application (default
//! `AppECS-<cluster>-<service>`) and deployment group (default
//! `DgpECS-<cluster>-<service>`, each name part cut to 46 characters) are
//! checked before the task definition is registered; the wait lasts the
//! group's blue/green wait times plus 10 minutes, between 30 minutes and 6
//! hours, polling every 15 seconds. As in the reference, the ECS client
//! takes `--endpoint-url` and the CodeDeploy client does not.
use std::io::Write;
use std::time::Duration;

use awscli_client::{WaiterConfig, WaiterError};
use awscli_model::Value;

use crate::customizations::api::{self, map, string, Api};
use crate::customizations::args::{self, Spec};
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::Session;

const SPECS: &[Spec] = &[
    Spec::required("--service"),
    Spec::required("--task-definition"),
    Spec::required("--codedeploy-appspec"),
    Spec::value("--cluster"),
    Spec::value("--codedeploy-application"),
    Spec::value("--codedeploy-deployment-group"),
];

const TIMEOUT_BUFFER_MIN: i64 = 10;
const DEFAULT_DELAY_SEC: u64 = 15;
const MIN_WAIT_MIN: i64 = 30;
const MAX_WAIT_MIN: i64 = 360;
const MAX_CHAR_LENGTH: usize = 46;

/// `ServiceClientError`: `Failed to <action>:` and the service's error.
fn service_client_error(action: &str) -> impl FnOnce(CliError) -> CliError + '_ {
    move |e| match e {
        CliError::Service { .. } => CliError::General(format!("Failed to {action}:\n{e}")),
        other => other,
    }
}

/// `d[a][b]...` with Python's `KeyError` text (`'b'`) when a key is missing.
fn lookup<'a>(value: &'a Value, path: &[&str]) -> Result<&'a Value, CliError> {
    let mut current = value;
    for name in path {
        current = current
            .get(name)
            .ok_or_else(|| CliError::General(format!("'{name}'")))?;
    }
    Ok(current)
}

fn text<'a>(value: &'a Value, path: &[&str]) -> Result<&'a str, CliError> {
    Ok(lookup(value, path)?.as_str().unwrap_or_default())
}

/// `_get_file_contents`: the text of `~`- and `$VAR`-expanded `path`.
fn file_contents(path: &str, env: &Env) -> Result<String, CliError> {
    let full_path = expand_vars(&expand_user(path, env), env);
    std::fs::read(&full_path)
        .map_err(|e| crate::customizations::codedeploy::os_error_text(&e, &full_path))
        .and_then(|bytes| {
            String::from_utf8(bytes)
                .map_err(|_| format!("'utf-8' codec can't decode the contents of '{full_path}'"))
        })
        .map_err(|error| {
            CliError::General(format!("Error: Unable to load file at {path}: {error}"))
        })
}

/// `os.path.expanduser` for `~` and `~/...`.
fn expand_user(path: &str, env: &Env) -> String {
    match (path.strip_prefix('~'), env.get("HOME")) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            format!("{}{rest}", home.trim_end_matches('/'))
        }
        _ => path.to_owned(),
    }
}

/// `os.path.expandvars`: `$NAME` and `${NAME}` of set variables; unset
/// ones are left as written.
fn expand_vars(path: &str, env: &Env) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, len) = if let Some(braced) = after.strip_prefix('{') {
            match braced.find('}') {
                Some(end) => (&braced[..end], end + 2),
                None => ("", 0),
            }
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], end)
        };
        match env.get(name).filter(|_| !name.is_empty()) {
            Some(value) => out.push_str(value),
            None => out.push_str(&rest[at..at + 1 + len]),
        }
        rest = &rest[at + 1 + len..];
    }
    out.push_str(rest);
    out
}

/// `filehelpers.parse_appspec`: JSON, else YAML.
fn parse_appspec(text: &str) -> Result<Value, CliError> {
    if let Ok(value) = awscli_args::pyjson::loads(text) {
        return Ok(value);
    }
    crate::customizations::eks::kubeconfig::parse_yaml(text)
        .map_err(|e| CliError::General(e.to_string()))
}

/// `_get_ecs_suffix`: `<cluster>-<service>`, each cut to 46 characters.
fn ecs_suffix(service: &str, cluster: &str) -> String {
    let cut = |s: &str| s.chars().take(MAX_CHAR_LENGTH).collect::<String>();
    format!("{}-{}", cut(cluster), cut(service))
}

/// `find_required_key`: the key of `obj` equal to `key` ignoring case.
fn find_required_key(resource: &str, obj: &Value, key: &str) -> Result<String, CliError> {
    obj.as_map()
        .and_then(|m| m.keys().find(|k| k.eq_ignore_ascii_case(key)).cloned())
        .ok_or_else(|| {
            CliError::General(format!(
                "Error: Resource '{resource}' must include property '{key}'"
            ))
        })
}

/// `CodeDeployer.update_task_def_arn`: every resource's
/// `properties.taskDefinition` set to `arn`.
fn update_task_def_arn(appspec: &mut Value, arn: &str) -> Result<(), CliError> {
    let resources_key = find_required_key("codedeploy-appspec", appspec, "resources")?;
    let Some(Value::List(resources)) = appspec.as_map_mut().and_then(|m| m.get_mut(&resources_key))
    else {
        return Ok(());
    };
    for resource in resources.iter_mut() {
        let Some(resource) = resource.as_map_mut() else {
            continue;
        };
        for (name, content) in resource.iter_mut() {
            let properties_key = find_required_key(name, content, "properties")?;
            let Some(properties) = content
                .as_map_mut()
                .and_then(|m| m.get_mut(&properties_key))
            else {
                continue;
            };
            let task_def_key = find_required_key(&properties_key, properties, "taskDefinition")?;
            if let Some(m) = properties.as_map_mut() {
                m.insert(task_def_key, string(arn));
            }
        }
    }
    Ok(())
}

/// Hex SHA-256 of `data`, through the transfer engine's checksum (which
/// gives base64), since the binary has no direct SHA-256 dependency.
fn sha256_hex(data: &[u8]) -> String {
    use base64::Engine;
    let mut checksum = awscli_s3transfer::checksum::Checksum::for_algorithm("SHA256")
        .expect("SHA256 is a checksum algorithm of the transfer engine");
    checksum.update(data);
    base64::engine::general_purpose::STANDARD
        .decode(checksum.base64())
        .unwrap_or_default()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What `_get_resource_names` resolves.
struct Resources {
    service: String,
    service_arn: String,
    cluster: String,
    cluster_arn: String,
    app_name: String,
    deployment_group_name: String,
}

/// Runs `aws ecs deploy` with the words after it.
pub fn run(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let parsed = args::parse(SPECS, rest)?;
    let task_def_text = file_contents(parsed.value("--task-definition").unwrap_or_default(), env)?;
    let task_def =
        awscli_args::pyjson::loads(&task_def_text).map_err(|e| CliError::General(e.to_string()))?;
    let appspec_text = file_contents(
        parsed.value("--codedeploy-appspec").unwrap_or_default(),
        env,
    )?;
    let mut appspec = parse_appspec(&appspec_text)?;

    let mut ecs = Api::new(Session::new(globals, env)?);
    let ecs_model = api::model("ecs")?;
    let cluster = parsed.value("--cluster").unwrap_or("default");
    let service_arg = parsed.value("--service").unwrap_or_default();
    let described = ecs
        .call(
            &ecs_model,
            "DescribeServices",
            &map([
                ("cluster", string(cluster)),
                ("services", Value::List(vec![string(service_arg)])),
            ]),
        )
        .map_err(service_client_error("describe ECS service"))?;
    let first = lookup(&described, &["services"])?
        .as_list()
        .and_then(|l| l.first())
        .ok_or_else(|| {
            CliError::General(format!(
                "Error: Service '{service_arg}' not found in cluster '{cluster}'"
            ))
        })?;
    let cluster_arn = text(first, &["clusterArn"])?.to_owned();
    let cluster_name = cluster_arn
        .split('/')
        .nth(1)
        .ok_or_else(|| CliError::General("list index out of range".into()))?
        .to_owned();
    let service_name = text(first, &["serviceName"])?.to_owned();
    let suffix = ecs_suffix(&service_name, &cluster_name);
    let resources = Resources {
        service_arn: text(first, &["serviceArn"])?.to_owned(),
        app_name: parsed
            .value("--codedeploy-application")
            .map_or_else(|| format!("AppECS-{suffix}"), str::to_owned),
        deployment_group_name: parsed
            .value("--codedeploy-deployment-group")
            .map_or_else(|| format!("DgpECS-{suffix}"), str::to_owned),
        service: service_name,
        cluster: cluster_name,
        cluster_arn,
    };

    let codedeploy_globals = GlobalArgs {
        endpoint_url: None,
        ..globals.clone()
    };
    let mut codedeploy = Api::new(Session::new(&codedeploy_globals, env)?);
    let codedeploy_model = api::model("codedeploy")?;
    let wait_time = validate_code_deploy_resources(&mut codedeploy, &codedeploy_model, &resources)?;

    let registered = ecs
        .call(&ecs_model, "RegisterTaskDefinition", &task_def)
        .map_err(service_client_error("register ECS task definition"))?;
    let task_def_arn = text(&registered, &["taskDefinition", "taskDefinitionArn"])?.to_owned();
    writeln!(
        stdout,
        "Successfully registered new ECS task definition {task_def_arn}"
    )?;
    stdout.flush()?;

    update_task_def_arn(&mut appspec, &task_def_arn)?;
    let content = awscli_client::python::json_dumps(&appspec);
    let sha256 = sha256_hex(content.as_bytes());
    let created = codedeploy
        .call(
            &codedeploy_model,
            "CreateDeployment",
            &map([
                ("applicationName", string(&resources.app_name)),
                (
                    "deploymentGroupName",
                    string(&resources.deployment_group_name),
                ),
                (
                    "revision",
                    map([
                        ("revisionType", string("AppSpecContent")),
                        (
                            "appSpecContent",
                            map([("content", string(content)), ("sha256", string(sha256))]),
                        ),
                    ]),
                ),
            ]),
        )
        .map_err(service_client_error("create deployment"))?;
    let deployment_id = text(&created, &["deploymentId"])?.to_owned();
    writeln!(stdout, "Successfully created deployment {deployment_id}")?;

    let wait_min = wait_time.clamp(MIN_WAIT_MIN, MAX_WAIT_MIN);
    writeln!(
        stdout,
        "Waiting for {deployment_id} to succeed (will wait up to {wait_min} minutes)..."
    )?;
    stdout.flush()?;
    let config = WaiterConfig {
        delay: Some(Duration::from_secs(DEFAULT_DELAY_SEC)),
        max_attempts: Some((wait_min as u64 * 60) / DEFAULT_DELAY_SEC),
    };
    let waited = codedeploy.wait(
        &codedeploy_model,
        "DeploymentSuccessful",
        &map([("deploymentId", string(&deployment_id))]),
        config,
    )?;
    match waited {
        Ok(()) => {}
        Err(WaiterError::Call(c)) => return Err(crate::call::call_error(c).into()),
        Err(other) => return Err(CliError::General(other.to_string()).into()),
    }
    writeln!(
        stdout,
        "Successfully deployed {task_def_arn} to service '{}'",
        resources.service
    )?;
    stdout.flush()?;
    Ok(0)
}

/// `CodeDeployValidator`: the application and deployment group exist, use
/// the ECS platform and target this service and cluster; returns the
/// deployment wait time in minutes (`get_deployment_wait_time`).
fn validate_code_deploy_resources(
    api: &mut Api,
    model: &awscli_model::Service,
    resources: &Resources,
) -> Result<i64, CliError> {
    let app_details = api
        .call(
            model,
            "GetApplication",
            &map([("applicationName", string(&resources.app_name))]),
        )
        .map_err(service_client_error("describe Code Deploy application"))?;
    let group_details = api
        .call(
            model,
            "GetDeploymentGroup",
            &map([
                ("applicationName", string(&resources.app_name)),
                (
                    "deploymentGroupName",
                    string(&resources.deployment_group_name),
                ),
            ]),
        )
        .map_err(service_client_error(
            "describe Code Deploy deployment group",
        ))?;

    let platform_error = |resource: &str, name: &str| {
        CliError::General(format!(
            "Error: {resource} '{name}' must support 'ECS' compute platform"
        ))
    };
    if text(&app_details, &["application", "computePlatform"])? != "ECS" {
        return Err(platform_error("Application", &resources.app_name));
    }
    let group = lookup(&group_details, &["deploymentGroupInfo"])?;
    if text(group, &["computePlatform"])? != "ECS" {
        return Err(platform_error(
            "Deployment Group",
            &resources.deployment_group_name,
        ));
    }
    let property_error = |resource: &str, name: &str| {
        CliError::General(format!(
            "Error: deployment group '{}' does not target ECS {resource} '{name}'",
            resources.deployment_group_name
        ))
    };
    for target in lookup(group, &["ecsServices"])?.as_list().unwrap_or(&[]) {
        let target_service = text(target, &["serviceName"])?;
        if target_service != resources.service && target_service != resources.service_arn {
            return Err(property_error("service", &resources.service));
        }
        let target_cluster = text(target, &["clusterName"])?;
        if target_cluster != resources.cluster && target_cluster != resources.cluster_arn {
            return Err(property_error("cluster", &resources.cluster));
        }
    }

    let blue_green = lookup(group, &["blueGreenDeploymentConfiguration"])?;
    let minutes = |path: &[&str]| -> Result<i64, CliError> {
        match lookup(blue_green, path)? {
            Value::Integer(i) => Ok(*i),
            Value::Float(f) => Ok(*f as i64),
            _ => Ok(0),
        }
    };
    let ready = minutes(&["deploymentReadyOption", "waitTimeInMinutes"])?;
    let termination = minutes(&[
        "terminateBlueInstancesOnDeploymentSuccess",
        "terminationWaitTimeInMinutes",
    ])?;
    Ok(ready + termination + TIMEOUT_BUFFER_MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names_cut_each_part_to_46_characters() {
        let long = "s".repeat(50);
        assert_eq!(ecs_suffix("svc", "default"), "default-svc");
        assert_eq!(ecs_suffix(&long, "c"), format!("c-{}", "s".repeat(46)));
    }

    #[test]
    fn task_definition_arn_replaces_every_resource_placeholder() {
        let mut appspec = parse_appspec(
            "version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: placeholder\n",
        )
        .unwrap();
        update_task_def_arn(&mut appspec, "arn:x").unwrap();
        assert_eq!(
            awscli_client::python::json_dumps(&appspec),
            r#"{"version": 0.0, "Resources": [{"TargetService": {"Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": "arn:x"}}}]}"#
        );
    }

    #[test]
    fn missing_properties_are_named() {
        let mut appspec = parse_appspec(r#"{"resources": [{"svc": {"type": "x"}}]}"#).unwrap();
        assert_eq!(
            update_task_def_arn(&mut appspec, "arn")
                .unwrap_err()
                .to_string(),
            "Error: Resource 'svc' must include property 'properties'"
        );
        let mut appspec = parse_appspec(r#"{"version": 1}"#).unwrap();
        assert_eq!(
            update_task_def_arn(&mut appspec, "arn")
                .unwrap_err()
                .to_string(),
            "Error: Resource 'codedeploy-appspec' must include property 'resources'"
        );
    }

    #[test]
    fn sha256_is_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn paths_expand_home_and_variables() {
        let env: Env = [("HOME", "/h"), ("X", "v")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        assert_eq!(
            expand_vars(&expand_user("~/a/$X/${X}/$NOPE", &env), &env),
            "/h/a/v/v/$NOPE"
        );
    }
}
