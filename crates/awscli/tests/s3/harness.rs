//! A moto server, the two CLIs in one sandbox, and the comparison of one
//! command line's effects.
use std::collections::BTreeMap;
use std::path::Path;

use awscli_test_support::compare::masked_json;
use awscli_test_support::{Cli, CliOutput, MotoServer};

pub struct World {
    pub moto: MotoServer,
    pub ours: Cli,
    pub reference: Cli,
}

impl World {
    pub fn new() -> World {
        let moto = MotoServer::start().expect("starting moto_server");
        let (ours, reference) =
            Cli::pair(env!("CARGO_BIN_EXE_aws")).expect("creating the test sandbox");
        World {
            moto,
            ours,
            reference,
        }
    }

    pub fn root(&self) -> &Path {
        self.reference.sandbox().path()
    }

    /// Runs `args` (plus `--endpoint-url`) through `cli`.
    pub fn run(&self, cli: &Cli, args: &[&str]) -> CliOutput {
        self.run_input(cli, args, None)
    }

    /// [`World::run`] with `stdin` fed to the command.
    pub fn run_input(&self, cli: &Cli, args: &[&str], stdin: Option<&[u8]>) -> CliOutput {
        let endpoint = self.moto.endpoint();
        let mut full: Vec<&str> = args.to_vec();
        full.extend(["--endpoint-url", &endpoint]);
        cli.run_with_stdin(&full, stdin)
    }

    /// `head-object` of `bucket/key` through the reference's s3api (plus
    /// `extra` options), with the per-run `LastModified` masked.
    pub fn head(&self, bucket: &str, key: &str, extra: &[&str]) -> String {
        let mut args = vec!["s3api", "head-object", "--bucket", bucket, "--key", key];
        args.extend(extra);
        let out = self.run(&self.reference, &args);
        masked_json(&out.stdout, &["LastModified"])
            .unwrap_or_else(|| format!("rc {}: {}", out.exit_code, out.stderr))
    }

    /// `get-object-acl` of `bucket/key` through the reference's s3api.
    pub fn acl(&self, bucket: &str, key: &str) -> String {
        let out = self.run(
            &self.reference,
            &["s3api", "get-object-acl", "--bucket", bucket, "--key", key],
        );
        format!("rc {}: {}{}", out.exit_code, out.stdout_text(), out.stderr)
    }

    /// Runs `args` through the reference CLI, asserting success (set-up).
    #[track_caller]
    pub fn setup(&self, args: &[&str]) {
        let out = self.run(&self.reference, args);
        assert_eq!(out.exit_code, 0, "set-up {args:?} failed: {}", out.stderr);
    }

    /// Writes `files` (relative path, contents) under the sandbox, after
    /// removing `w/`.
    pub fn write_tree(&self, files: &[(&str, &[u8])]) {
        let _ = std::fs::remove_dir_all(self.root().join("w"));
        std::fs::create_dir_all(self.root().join("w")).expect("creating w/");
        for (path, body) in files {
            self.reference
                .sandbox()
                .write(Path::new("w").join(path), body)
                .expect("writing a test file");
        }
    }

    /// The files under `w/` (relative path -> contents; symlinks as `-> target`).
    pub fn tree(&self) -> BTreeMap<String, Vec<u8>> {
        let mut out = BTreeMap::new();
        walk(&self.root().join("w"), "", &mut out);
        out
    }

    /// `bucket`'s keys and sizes, through the reference's s3api.
    pub fn objects(&self, bucket: &str) -> String {
        let out = self.run(
            &self.reference,
            &[
                "s3api",
                "list-objects-v2",
                "--bucket",
                bucket,
                "--query",
                "Contents[].[Key,Size]",
                "--output",
                "text",
            ],
        );
        out.stdout_text()
    }

    /// Runs `args` through both CLIs from the same state (`prepare` builds it
    /// on a reset server) and compares output, exit code, local tree and the
    /// listing of `buckets`. Returns the reference's output.
    #[track_caller]
    pub fn compare(&self, prepare: &dyn Fn(&World), args: &[&str], buckets: &[&str]) -> CliOutput {
        self.compare_with(prepare, args, buckets, None, &|_| String::new())
    }

    /// [`World::compare`] with `stdin` fed to both CLIs, and `inspect`
    /// (object headers, ACLs) run after each CLI: its results must match.
    #[track_caller]
    pub fn compare_with(
        &self,
        prepare: &dyn Fn(&World),
        args: &[&str],
        buckets: &[&str],
        stdin: Option<&[u8]>,
        inspect: &dyn Fn(&World) -> String,
    ) -> CliOutput {
        self.moto.reset().expect("resetting moto");
        prepare(self);
        let expected = self.run_input(&self.reference, args, stdin);
        let expected_tree = self.tree();
        let expected_objects: Vec<String> = buckets.iter().map(|b| self.objects(b)).collect();
        let expected_state = inspect(self);
        self.moto.reset().expect("resetting moto");
        prepare(self);
        let actual = self.run_input(&self.ours, args, stdin);
        let actual_tree = self.tree();
        let actual_objects: Vec<String> = buckets.iter().map(|b| self.objects(b)).collect();
        let actual_state = inspect(self);
        assert_same_output(&expected, &actual);
        assert_eq!(
            expected_state, actual_state,
            "object state differs after {args:?}"
        );
        assert_eq!(
            printable(&expected_tree),
            printable(&actual_tree),
            "local trees differ after {args:?}"
        );
        assert_eq!(
            expected_objects, actual_objects,
            "buckets differ after {args:?}"
        );
        expected
    }
}

fn printable(tree: &BTreeMap<String, Vec<u8>>) -> Vec<(String, String)> {
    tree.iter()
        .map(|(k, v)| (k.clone(), String::from_utf8_lossy(v).into_owned()))
        .collect()
}

fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        let path = entry.path();
        let meta = std::fs::symlink_metadata(&path).expect("stat");
        if meta.file_type().is_symlink() {
            let target = std::fs::read_link(&path).expect("readlink");
            out.insert(name, format!("-> {}", target.display()).into_bytes());
        } else if meta.is_dir() {
            out.insert(format!("{name}/"), Vec::new());
            walk(&path, &format!("{name}/"), out);
        } else {
            out.insert(name, std::fs::read(&path).expect("reading a file"));
        }
    }
}

/// stdout without progress lines (everything before a `\r`, and the blank
/// line that clears them), trailing padding removed, lines sorted.
pub fn normalize_stdout(stdout: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(stdout);
    let mut lines: Vec<String> = text
        .split('\n')
        .map(|l| l.rsplit('\r').next().unwrap_or("").trim_end().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    lines.sort();
    lines
}

fn normalize_stderr(stderr: &str) -> Vec<String> {
    let mut lines: Vec<String> = stderr.lines().map(|l| l.trim_end().to_owned()).collect();
    lines.sort();
    lines
}

/// Same exit code, same stdout lines, same stderr (the reference's
/// converted to the 2.36 layout), ignoring line order and progress.
#[track_caller]
pub fn assert_same_output(expected: &CliOutput, actual: &CliOutput) {
    let expected_stderr = expected.stderr_as_v2_36();
    let ok = expected.exit_code == actual.exit_code
        && normalize_stdout(&expected.stdout) == normalize_stdout(&actual.stdout)
        && normalize_stderr(&expected_stderr) == normalize_stderr(&actual.stderr);
    if !ok {
        panic!(
            "outcomes differ for `aws {}`\nexit code: reference {}, ours {}\n--- reference stdout:\n{}\n+++ ours stdout:\n{}\n--- reference stderr (2.36):\n{}\n+++ ours stderr:\n{}",
            expected.args.join(" "),
            expected.exit_code,
            actual.exit_code,
            expected.stdout_text().replace('\r', "<CR>\n"),
            actual.stdout_text().replace('\r', "<CR>\n"),
            expected_stderr,
            actual.stderr
        );
    }
}

/// Sets every file under `w/` to an old modification time, so sync's time
/// rule does not depend on how fast a run was.
pub fn age_tree(world: &World) {
    fn age(dir: &Path) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                age(&path);
            } else if let Ok(file) = std::fs::OpenOptions::new().write(true).open(&path) {
                let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000);
                let _ = file.set_times(std::fs::FileTimes::new().set_modified(t).set_accessed(t));
            }
        }
    }
    age(&world.root().join("w"));
}
