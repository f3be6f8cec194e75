//! Table-driven resolution cases read in place from `tests/config/cases/<name>/`, one
//! directory per case:
//!
//! - `env`: `NAME=VALUE` lines added to the harness's environment (`-NAME` removes one;
//!   `$HOME` is the sandbox); the harness's `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` are
//!   removed unless the case sets them;
//! - `config`, `credentials`: the two files (`$HOME` expanded);
//! - `args`: global options put before the command (`--profile dev`);
//! - `cache/`: entries of `~/.aws/cli/cache`; `home/`: other files under HOME.
//!
//! The expected resolution is the reference's, obtained by running `/usr/bin/aws` on the
//! same directory: the credential source and keys (`configure list` rows and
//! `configure export-credentials --format env`) and each setting of [`SETTINGS`]
//! (`configure get`). Nothing that needs the network: assume-role and web identity read the
//! shared cache.
//!
//! The library crates hold the finer-grained tables (awscli-config `resolver_tests.rs`,
//! awscli-credentials `tests/it/chain_cases.rs`); these check the same precedence end to end.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use awscli_test_support::{Cli, Sandbox};

/// Settings every case resolves with `configure get`.
const SETTINGS: &[&str] = &[
    "region",
    "output",
    "max_attempts",
    "retry_mode",
    "cli_pager",
    "s3.max_concurrent_requests",
    "aws_access_key_id",
];

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/config/cases")
}

struct Case {
    dir: PathBuf,
    env: Vec<(String, Option<String>)>,
    args: Vec<String>,
}

fn read(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

fn copy_tree(from: &Path, to: &Path, home: &str) {
    let Ok(entries) = std::fs::read_dir(from) else {
        return;
    };
    std::fs::create_dir_all(to).expect("creating a sandbox directory");
    for entry in entries.flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target, home);
        } else {
            let text = read(&entry.path()).expect("case files are text");
            std::fs::write(&target, text.replace("$HOME", home)).expect("writing a case file");
        }
    }
}

impl Case {
    fn load(dir: PathBuf) -> Case {
        let env = read(&dir.join("env"))
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|line| match line.strip_prefix('-') {
                Some(name) => (name.to_string(), None),
                None => {
                    let (name, value) = line.split_once('=').expect("env lines are NAME=VALUE");
                    (name.to_string(), Some(value.to_string()))
                }
            })
            .collect();
        let args = read(&dir.join("args"))
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        Case { dir, env, args }
    }

    /// A fresh sandbox holding this case's files.
    fn sandbox(&self) -> Arc<Sandbox> {
        let sandbox = Arc::new(Sandbox::new().expect("creating a sandbox"));
        let home = sandbox.path().display().to_string();
        for (name, target) in [
            ("config", sandbox.config_file()),
            ("credentials", sandbox.credentials_file()),
        ] {
            if let Some(text) = read(&self.dir.join(name)) {
                std::fs::write(target, text.replace("$HOME", &home)).expect("writing");
            }
        }
        copy_tree(
            &self.dir.join("cache"),
            &sandbox.path().join(".aws/cli/cache"),
            &home,
        );
        copy_tree(&self.dir.join("home"), sandbox.path(), &home);
        sandbox
    }

    fn run(&self, cli: &Cli, command: &[&str]) -> Output {
        let home = cli.sandbox().path().display().to_string();
        let mut args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        args.extend_from_slice(command);
        let mut process: Command = cli.command(&args);
        process
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY");
        for (name, value) in &self.env {
            match value {
                Some(value) => process.env(name, value.replace("$HOME", &home)),
                None => process.env_remove(name),
            };
        }
        process.output().expect("running a CLI")
    }

    /// Everything the case resolves, as one comparable text.
    fn resolve(&self, cli: &Cli) -> String {
        let mut out = String::new();
        let mut record = |label: &str, output: Output| {
            let stdout = String::from_utf8_lossy(&output.stdout);
            let stderr = String::from_utf8_lossy(&output.stderr);
            // The error's text only: the 2.9.19 and 2.36 layouts differ around it.
            let error = stderr
                .trim()
                .trim_start_matches("aws: [ERROR]: ")
                .trim_start_matches("An error occurred (Configuration): ");
            out.push_str(&format!(
                "{label}: rc={:?} stdout={stdout:?} error={error:?}\n",
                output.status.code()
            ));
        };
        let list = self.run(cli, &["configure", "list"]);
        record("list", credential_rows(list));
        record(
            "export",
            self.run(cli, &["configure", "export-credentials", "--format", "env"]),
        );
        for setting in SETTINGS {
            record(setting, self.run(cli, &["configure", "get", setting]));
        }
        out
    }
}

/// Keeps the credential rows (value and type) of `configure list`, in either layout.
fn credential_rows(mut output: Output) -> Output {
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let rows: Vec<String> = text
        .lines()
        .filter(|l| {
            let l = l.trim_start();
            l.starts_with("access_key") || l.starts_with("secret_key")
        })
        .map(|l| {
            let words: Vec<&str> = l.split([' ', ':']).filter(|w| !w.is_empty()).collect();
            words.join(" ")
        })
        .collect();
    output.stdout = rows.join("\n").into_bytes();
    output
}

#[test]
fn resolution_cases() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("the cases directory")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 20, "cases missing: {dirs:?}");
    let mut failures = Vec::new();
    for dir in dirs {
        let case = Case::load(dir.clone());
        let reference = Cli::reference(case.sandbox());
        let ours = Cli::ours(env!("CARGO_BIN_EXE_aws"), case.sandbox());
        let expected = case.resolve(&reference);
        let actual = case.resolve(&ours);
        if expected != actual {
            let name = dir.file_name().map(|n| n.to_string_lossy().into_owned());
            let diff: Vec<String> = expected
                .lines()
                .zip(actual.lines())
                .filter(|(e, a)| e != a)
                .map(|(e, a)| format!("  reference {e}\n  ours      {a}"))
                .collect();
            failures.push(format!(
                "{}:\n{}",
                name.unwrap_or_default(),
                diff.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
