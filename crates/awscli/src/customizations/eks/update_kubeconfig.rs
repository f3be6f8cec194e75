//! `aws eks update-kubeconfig`: describes the cluster, then merges a
//! cluster entry, a user entry (an exec plugin running `aws eks
//! get-token`) and a context into the kubeconfig.
//!
//! Spec: `awscli/customizations/eks/update_kubeconfig.py` (2.36: with
//! `--user-alias`, `--proxy-url`, `--assume-role-arn`, and `--output json`
//! in the generated `get-token` arguments). Which file: `--kubeconfig`,
//! else the first `KUBECONFIG` entry that already has the cluster, else
//! the first `KUBECONFIG` entry, else `~/.kube/config`.
use std::io::Write;
use std::path::{Path, PathBuf};

use awscli_model::Value;
use indexmap::IndexMap;

use super::kubeconfig::{dump_yaml, expand_path, Kubeconfig, KubeconfigError};
use crate::customizations::api::{self, map, string, Api};
use crate::customizations::args::{self, Spec};
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::Session;

const API_VERSION: &str = "client.authentication.k8s.io/v1beta1";

const SPECS: &[Spec] = &[
    Spec::required("--name"),
    Spec::value("--kubeconfig"),
    Spec::value("--role-arn"),
    Spec::value("--proxy-url"),
    Spec::flag("--dry-run"),
    Spec::flag("--verbose"),
    Spec::value("--alias"),
    Spec::value("--user-alias"),
    Spec::value("--assume-role-arn"),
];

fn kubeconfig_error(e: KubeconfigError) -> CliError {
    CliError::General(e.to_string())
}

pub fn run(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let parsed = args::parse(SPECS, rest)?;
    let cluster_name = parsed.value("--name").unwrap_or_default();
    let cluster = describe_cluster(
        globals,
        env,
        cluster_name,
        parsed.value("--assume-role-arn"),
    )?;
    let cluster_entry = cluster_entry(&cluster, parsed.value("--proxy-url"));
    let profile = globals
        .profile
        .clone()
        .or_else(|| env.get("AWS_DEFAULT_PROFILE").cloned())
        .or_else(|| env.get("AWS_PROFILE").cloned())
        .filter(|p| !p.is_empty());
    let user_entry = user_entry(
        &cluster,
        cluster_name,
        parsed.value("--user-alias"),
        parsed.value("--role-arn"),
        profile.as_deref(),
    )?;
    let cluster_arn = cluster_entry
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let paths = candidate_paths(
        parsed.value("--kubeconfig"),
        env.get("KUBECONFIG").map(String::as_str).unwrap_or(""),
        env.get("HOME").map(String::as_str),
        &cwd,
    );
    let mut config = choose_kubeconfig(&paths, &cluster_arn).map_err(kubeconfig_error)?;
    let updating = config.has_cluster(&cluster_arn);
    let context = config
        .insert_cluster_user_pair(&cluster_entry, &user_entry, parsed.value("--alias"))
        .map_err(kubeconfig_error)?;
    if parsed.flag("--dry-run") {
        stdout.write_all(config.dump().as_bytes())?;
        return Ok(0);
    }
    config.write().map_err(kubeconfig_error)?;
    let context_name = context
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let path = config.path.display();
    if updating {
        writeln!(stdout, "Updated context {context_name} in {path}")?;
    } else {
        writeln!(stdout, "Added new context {context_name} to {path}")?;
    }
    if parsed.flag("--verbose") {
        write!(stdout, "Entries:\n\n")?;
        for entry in [&context, &user_entry, &cluster_entry] {
            stdout.write_all(dump_yaml(entry).as_bytes())?;
            writeln!(stdout)?;
        }
    }
    Ok(0)
}

/// `DescribeCluster`, checked to be usable (ACTIVE or UPDATING).
fn describe_cluster(
    globals: &GlobalArgs,
    env: &Env,
    name: &str,
    assume_role_arn: Option<&str>,
) -> Result<Value, CliError> {
    let credentials = match assume_role_arn {
        Some(role) => {
            // The reference's nested STS client ignores --region and --endpoint-url.
            let sts_globals = GlobalArgs {
                endpoint_url: None,
                region: None,
                ..globals.clone()
            };
            let mut sts = Api::new(Session::new(&sts_globals, env)?);
            Some(api::assume_role(
                &mut sts,
                role,
                "EKSDescribeClusterSession",
            )?)
        }
        None => None,
    };
    let mut api = Api::new(Session::new(globals, env)?);
    let eks = api::model("eks")?;
    let output = api.call_as(
        &eks,
        "DescribeCluster",
        &map([("name", string(name))]),
        credentials.as_ref(),
    )?;
    let cluster = output.get("cluster").cloned().unwrap_or(Value::Null);
    let status = cluster.get("status").and_then(Value::as_str);
    match status {
        None => Err(CliError::General("Cluster not found".into())),
        Some("ACTIVE" | "UPDATING") => Ok(cluster),
        Some(other) => Err(CliError::General(format!("Cluster status is {other}"))),
    }
}

fn text(cluster: &Value, key: &str) -> Value {
    cluster.get(key).cloned().unwrap_or(Value::Null)
}

/// The `clusters` entry: CA data, server and optional proxy URL, named by ARN.
fn cluster_entry(cluster: &Value, proxy_url: Option<&str>) -> Value {
    let cert_data = cluster
        .get("certificateAuthority")
        .and_then(|c| c.get("data"))
        .cloned()
        .unwrap_or_else(|| string(""));
    let mut inner = IndexMap::new();
    inner.insert("certificate-authority-data".to_owned(), cert_data);
    inner.insert("server".to_owned(), text(cluster, "endpoint"));
    if let Some(proxy) = proxy_url {
        inner.insert("proxy-url".to_owned(), string(proxy));
    }
    map([
        ("cluster", Value::Map(inner)),
        ("name", text(cluster, "arn")),
    ])
}

/// The `users` entry: an exec plugin running `aws --region R eks get-token`.
fn user_entry(
    cluster: &Value,
    cluster_name: &str,
    user_alias: Option<&str>,
    role_arn: Option<&str>,
    profile: Option<&str>,
) -> Result<Value, CliError> {
    let arn = cluster.get("arn").and_then(Value::as_str).unwrap_or("");
    let region = arn
        .split(':')
        .nth(3)
        .ok_or_else(|| CliError::General("list index out of range".into()))?;
    let (id_flag, id_value) = match cluster.get("outpostConfig") {
        Some(v) if !v.is_null() => ("--cluster-id", text(cluster, "id")),
        _ => ("--cluster-name", string(cluster_name)),
    };
    let mut exec_args = vec![
        string("--region"),
        string(region),
        string("eks"),
        string("get-token"),
        string(id_flag),
        id_value,
        string("--output"),
        string("json"),
    ];
    if let Some(role) = role_arn {
        exec_args.extend([string("--role"), string(role)]);
    }
    let mut exec = IndexMap::new();
    exec.insert("apiVersion".to_owned(), string(API_VERSION));
    exec.insert("args".to_owned(), Value::List(exec_args));
    exec.insert("command".to_owned(), string("aws"));
    if let Some(profile) = profile {
        exec.insert(
            "env".to_owned(),
            Value::List(vec![map([
                ("name", string("AWS_PROFILE")),
                ("value", string(profile)),
            ])]),
        );
    }
    let name = match user_alias {
        Some(alias) if !alias.is_empty() => string(alias),
        _ => string(arn),
    };
    Ok(map([
        ("name", name),
        ("user", map([("exec", Value::Map(exec))])),
    ]))
}

/// The files to consider, in order (`KubeconfigSelector`).
fn candidate_paths(
    explicit: Option<&str>,
    kubeconfig_env: &str,
    home: Option<&str>,
    cwd: &Path,
) -> Vec<PathBuf> {
    let default = "~/.kube/config";
    if let Some(p) = explicit {
        return vec![expand_path(p, home, cwd)];
    }
    let env = if kubeconfig_env.is_empty() {
        default
    } else {
        kubeconfig_env
    };
    let paths: Vec<PathBuf> = env
        .split(':')
        .filter(|p| !p.trim().is_empty())
        .map(|p| expand_path(p, home, cwd))
        .collect();
    if paths.is_empty() {
        vec![expand_path(default, home, cwd)]
    } else {
        paths
    }
}

/// The first file that already has the cluster, else the first file.
fn choose_kubeconfig(paths: &[PathBuf], cluster_arn: &str) -> Result<Kubeconfig, KubeconfigError> {
    for path in paths {
        // The reference logs and skips unreadable candidates here.
        if let Ok(config) = Kubeconfig::load(path) {
            if config.has_cluster(cluster_arn) {
                return Ok(config);
            }
        }
    }
    Kubeconfig::load(&paths[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cluster() -> Value {
        map([
            ("name", string("demo")),
            (
                "arn",
                string("arn:aws:eks:us-west-2:123456789012:cluster/demo"),
            ),
            ("endpoint", string("https://demo.example")),
            ("certificateAuthority", map([("data", string("Q0E="))])),
            ("status", string("ACTIVE")),
        ])
    }

    #[test]
    fn user_entry_runs_get_token_in_the_cluster_region() {
        let user = user_entry(&cluster(), "demo", None, Some("arn:role"), Some("dev")).unwrap();
        assert_eq!(
            dump_yaml(&user),
            "name: arn:aws:eks:us-west-2:123456789012:cluster/demo\nuser:\n  exec:\n    apiVersion: client.authentication.k8s.io/v1beta1\n    args:\n    - --region\n    - us-west-2\n    - eks\n    - get-token\n    - --cluster-name\n    - demo\n    - --output\n    - json\n    - --role\n    - arn:role\n    command: aws\n    env:\n    - name: AWS_PROFILE\n      value: dev\n"
        );
    }

    #[test]
    fn kubeconfig_env_entries_are_split_and_expanded() {
        let cwd = Path::new("/w");
        assert_eq!(
            candidate_paths(None, "a: :~/b", Some("/h"), cwd),
            vec![PathBuf::from("/w/a"), PathBuf::from("/h/b")]
        );
        assert_eq!(
            candidate_paths(None, "", Some("/h"), cwd),
            vec![PathBuf::from("/h/.kube/config")]
        );
        assert_eq!(
            candidate_paths(Some("k"), "a", Some("/h"), cwd),
            vec![PathBuf::from("/w/k")]
        );
    }
}
