//! `aws eks update-kubeconfig` against moto: the kubeconfig each CLI
//! writes for the same cluster must be equal, new or merged, and bad input
//! must leave existing files untouched.
//!
//! One difference is intended: 2.36 adds `--output json` to the generated
//! `get-token` arguments (so a user's `output = text` cannot break kubectl),
//! which 2.9.19 does not; [`as_2_9_19`] removes exactly those two lines
//! from our output before comparing.

use std::path::{Path, PathBuf};

use awscli_test_support::compare::assert_same_outcome;
use awscli_test_support::{Cli, CliOutput, MotoServer};

use crate::util::{clis, with_endpoint};

const CLUSTER_ARN: &str = "arn:aws:eks:us-east-1:123456789012:cluster/demo";

/// Our output with the 2.36-only `- --output` / `- json` argument pair removed.
fn as_2_9_19(text: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() == "- --output" && lines.get(i + 1).map(|l| l.trim()) == Some("- json") {
            i += 2;
            continue;
        }
        out.push_str(lines[i]);
        i += 1;
    }
    out
}

fn create_cluster(cli: &Cli, endpoint: &str, name: &str) {
    let out = cli.run(with_endpoint(
        &[
            "eks",
            "create-cluster",
            "--name",
            name,
            "--role-arn",
            "arn:aws:iam::123456789012:role/eks",
            "--resources-vpc-config",
            "subnetIds=subnet-1",
        ],
        endpoint,
    ));
    assert_eq!(out.exit_code, 0, "create-cluster: {}", out.stderr);
}

/// A kubeconfig as kubectl leaves it, with an unrelated cluster.
const EXISTING: &str = "apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: QUJD
    server: https://other.example
  name: other
contexts:
- context:
    cluster: other
    namespace: dev
    user: other-user
  name: other
current-context: other
kind: Config
preferences: {}
users:
- name: other-user
  user:
    token: abc
";

struct Setup {
    moto: awscli_test_support::MotoGuard,
    ours: Cli,
    reference: Cli,
}

fn setup() -> Setup {
    let moto = MotoServer::shared();
    let (ours, reference) = clis(&moto.endpoint());
    create_cluster(&reference, &moto.endpoint(), "demo");
    Setup {
        moto,
        ours,
        reference,
    }
}

fn dir_of(cli: &Cli, name: &str) -> PathBuf {
    let dir = cli.sandbox().path().join(name);
    std::fs::create_dir_all(&dir).expect("creating a kubeconfig directory");
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Runs update-kubeconfig through both CLIs, each on its own kubeconfig
/// file (`<sandbox>/ref/config`, `<sandbox>/ours/config`, pre-filled with
/// `existing`), and compares stdout (paths aside), exit code, stderr and
/// the files. Returns the two outputs.
#[track_caller]
fn assert_same_kubeconfig(
    s: &Setup,
    existing: Option<&str>,
    extra: &[&str],
) -> (CliOutput, CliOutput) {
    let endpoint = s.moto.endpoint();
    let mut results = Vec::new();
    for (cli, name) in [(&s.reference, "ref"), (&s.ours, "ours")] {
        let path = dir_of(cli, name).join("config");
        if let Some(text) = existing {
            std::fs::write(&path, text).expect("writing the existing kubeconfig");
        }
        let path_text = path.display().to_string();
        let mut args = vec![
            "eks",
            "update-kubeconfig",
            "--name",
            "demo",
            "--kubeconfig",
            &path_text,
        ];
        args.extend_from_slice(extra);
        let output = cli.run(with_endpoint(&args, &endpoint));
        let file = std::fs::read_to_string(&path).ok();
        results.push((output, file, path_text));
    }
    let (ours, ours_file, ours_path) = results.pop().expect("two runs");
    let (reference, ref_file, ref_path) = results.pop().expect("two runs");
    assert_eq!(
        ours.exit_code, reference.exit_code,
        "stderr: {}",
        ours.stderr
    );
    assert_eq!(ours.stderr, reference.stderr_as_v2_36());
    assert_eq!(
        as_2_9_19(&ours.stdout_text()).replace(&ours_path, "<path>"),
        reference.stdout_text().replace(&ref_path, "<path>")
    );
    assert_eq!(ours_file.as_deref().map(as_2_9_19), ref_file);
    (ours, reference)
}

#[test]
fn new_kubeconfig_equals_the_reference() {
    let s = setup();
    let (ours, _) = assert_same_kubeconfig(&s, None, &[]);
    assert!(ours
        .stdout_text()
        .starts_with(&format!("Added new context {CLUSTER_ARN} to ")));
    let written = read(&s.ours.sandbox().path().join("ours/config"));
    assert!(
        written.contains("      - --output\n      - json\n"),
        "{written}"
    );
}

#[test]
fn merges_into_an_existing_kubeconfig() {
    let s = setup();
    assert_same_kubeconfig(&s, Some(EXISTING), &[]);
    // Again with an alias: the cluster and user are replaced, a context added.
    let ours_path = s.ours.sandbox().path().join("ours/config");
    let merged = read(&ours_path);
    let (ours, _) = assert_same_kubeconfig(
        &s,
        Some(&as_2_9_19(&merged)),
        &["--alias", "dev", "--verbose"],
    );
    assert!(ours.stdout_text().starts_with("Updated context dev in "));
}

#[test]
fn dry_run_prints_and_writes_nothing() {
    let s = setup();
    assert_same_kubeconfig(&s, None, &["--dry-run"]);
    assert!(!s.ours.sandbox().path().join("ours/config").exists());
    assert!(!s.reference.sandbox().path().join("ref/config").exists());
    let (ours, _) = assert_same_kubeconfig(&s, Some(EXISTING), &["--dry-run"]);
    assert!(ours.stdout_text().contains("name: other-user"));
    assert_eq!(read(&s.ours.sandbox().path().join("ours/config")), EXISTING);
}

#[test]
fn role_arn_and_profile_go_into_the_user_entry() {
    let s = setup();
    std::fs::write(
        s.ours.sandbox().config_file(),
        "[profile dev]\nregion = us-east-1\n",
    )
    .expect("writing the config file");
    std::fs::write(
        s.ours.sandbox().credentials_file(),
        "[dev]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
    )
    .expect("writing the credentials file");
    assert_same_kubeconfig(
        &s,
        None,
        &[
            "--role-arn",
            "arn:aws:iam::123456789012:role/admin",
            "--profile",
            "dev",
        ],
    );
}

#[test]
fn kubeconfig_env_picks_the_file_that_has_the_cluster() {
    let s = setup();
    let endpoint = s.moto.endpoint();
    let mut files = Vec::new();
    for (cli, name) in [(&s.reference, "ref"), (&s.ours, "ours")] {
        let dir = dir_of(cli, name);
        let (a, b) = (dir.join("a"), dir.join("b"));
        std::fs::write(&a, EXISTING).unwrap();
        // `b` already has the cluster: it is the one updated.
        let cli_with_b = cli.clone().env("KUBECONFIG", b.display().to_string());
        let out = cli_with_b.run(with_endpoint(
            &["eks", "update-kubeconfig", "--name", "demo"],
            &endpoint,
        ));
        assert_eq!(out.exit_code, 0, "{}", out.stderr);
        let both = cli
            .clone()
            .env("KUBECONFIG", format!("{}:{}", a.display(), b.display()));
        let out = both.run(with_endpoint(
            &["eks", "update-kubeconfig", "--name", "demo", "--alias", "x"],
            &endpoint,
        ));
        assert_eq!(out.exit_code, 0, "{}", out.stderr);
        assert!(
            out.stdout_text().contains(&b.display().to_string()),
            "{}",
            out.stdout_text()
        );
        files.push((read(&a), read(&b)));
    }
    let ours = files.pop().unwrap();
    let reference = files.pop().unwrap();
    assert_eq!(ours.0, reference.0);
    assert_eq!(as_2_9_19(&ours.1), reference.1);
}

#[test]
fn default_path_is_home_kube_config_with_owner_only_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let s = setup();
    let out = s.ours.run(with_endpoint(
        &["eks", "update-kubeconfig", "--name", "demo"],
        &s.moto.endpoint(),
    ));
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let path = s.ours.sandbox().path().join(".kube/config");
    let mode = std::fs::metadata(&path)
        .expect("written")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let entries: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
    assert_eq!(entries.len(), 1, "no temporary file is left behind");
}

/// `--user-alias` is 2.36-only (2.9.19 rejects it): checked on ours alone.
#[test]
fn user_alias_names_the_user() {
    let s = setup();
    let out = s.ours.run(with_endpoint(
        &[
            "eks",
            "update-kubeconfig",
            "--name",
            "demo",
            "--user-alias",
            "me",
            "--dry-run",
        ],
        &s.moto.endpoint(),
    ));
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let text = out.stdout_text();
    assert!(text.contains("    user: me\n"), "{text}");
    assert!(text.contains("- name: me\n"), "{text}");
}

#[test]
fn missing_cluster_fails_like_the_reference_and_writes_nothing() {
    let s = setup();
    let endpoint = s.moto.endpoint();
    for existing in [None, Some(EXISTING)] {
        let mut outputs = Vec::new();
        for (cli, name) in [(&s.reference, "ref"), (&s.ours, "ours")] {
            let path = dir_of(cli, name).join("config");
            let _ = std::fs::remove_file(&path);
            if let Some(text) = existing {
                std::fs::write(&path, text).unwrap();
            }
            let p = path.display().to_string();
            let out = cli.run(with_endpoint(
                &[
                    "eks",
                    "update-kubeconfig",
                    "--name",
                    "nope",
                    "--kubeconfig",
                    &p,
                ],
                &endpoint,
            ));
            assert_eq!(std::fs::read_to_string(&path).ok().as_deref(), existing);
            outputs.push(out);
        }
        let ours = outputs.pop().unwrap();
        let reference = outputs.pop().unwrap();
        assert_eq!(reference.exit_code, 254);
        // 2.36 adds the modeled error fields under "Additional error details".
        let expected = reference.stderr_as_v2_36();
        assert!(
            ours.stderr.starts_with(&expected),
            "{:?} vs {expected:?}",
            ours.stderr
        );
        assert_eq!(ours.exit_code, reference.exit_code);
    }
}

#[test]
fn missing_name_and_unknown_options() {
    let s = setup();
    for args in [
        vec!["eks", "update-kubeconfig"],
        vec!["eks", "update-kubeconfig", "--name", "demo", "--bogus", "1"],
    ] {
        let expected = s.reference.run(&args);
        let actual = s.ours.run(&args);
        assert_eq!(expected.exit_code, 252);
        assert_same_outcome(&expected, &actual);
    }
}

#[test]
fn corrupted_kubeconfig_is_left_untouched() {
    let s = setup();
    for (text, message) in [
        ("- just\n- a list\n", "Content not a dictionary."),
        (
            "clusters: 3\n",
            "clusters is wrong type:<class 'int'> (Should be <class 'list'>)",
        ),
        ("users:\n- 1\n", "Entry in users not a dictionary."),
    ] {
        let mut outputs = Vec::new();
        for (cli, name) in [(&s.reference, "ref"), (&s.ours, "ours")] {
            let path = dir_of(cli, name).join("config");
            std::fs::write(&path, text).unwrap();
            let p = path.display().to_string();
            let out = cli.run(with_endpoint(
                &[
                    "eks",
                    "update-kubeconfig",
                    "--name",
                    "demo",
                    "--kubeconfig",
                    &p,
                ],
                &s.moto.endpoint(),
            ));
            assert_eq!(read(&path), text, "the file is untouched");
            outputs.push(out);
        }
        let ours = outputs.pop().unwrap();
        let reference = outputs.pop().unwrap();
        assert_eq!(reference.exit_code, 255, "{}", reference.stderr);
        assert_eq!(reference.stderr.trim(), message);
        assert_same_outcome(&reference, &ours);
    }
}
