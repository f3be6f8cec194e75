//! `aws codeartifact login` (moto does not serve CodeArtifact: canned
//! answers): the tool commands, `.pypirc`, dry runs and errors.

use std::path::Path;

use awscli_test_support::compare::{assert_same_outcome, assert_same_requests};
use awscli_test_support::{CannedResponse, Cli, CliOutput, RecordedRequest, RecordingServer};

use crate::util::clis;

const ENDPOINT: &str = "https://dom-123456789012.d.codeartifact.us-east-1.amazonaws.com/pypi/repo/";

fn responses() -> Vec<CannedResponse> {
    // One expiration for every run, so both CLIs print the same time.
    static EXPIRATION: std::sync::OnceLock<i64> = std::sync::OnceLock::new();
    let expiration = *EXPIRATION.get_or_init(|| jiff::Timestamp::now().as_second() + 12 * 3600);
    vec![
        CannedResponse::json(
            "application/json",
            format!(r#"{{"authorizationToken": "tok3n", "expiration": {expiration}}}"#),
        ),
        CannedResponse::json(
            "application/json",
            format!(r#"{{"repositoryEndpoint": "{ENDPOINT}"}}"#),
        ),
    ]
}

fn run(cli: &Cli, args: &[&str]) -> (CliOutput, Vec<RecordedRequest>) {
    let server = RecordingServer::start().expect("starting the recording server");
    server.respond_with(responses());
    let endpoint = server.endpoint();
    let mut full = args.to_vec();
    full.extend(["--endpoint-url", &endpoint]);
    (cli.run(&full), server.take_requests())
}

#[track_caller]
fn assert_same(ours: &Cli, reference: &Cli, args: &[&str]) -> CliOutput {
    let (expected, expected_requests) = run(reference, args);
    let (actual, actual_requests) = run(ours, args);
    assert_same_requests(&expected_requests, &actual_requests);
    assert_same_outcome(&expected, &actual);
    actual
}

#[test]
fn dry_runs_match_the_reference() {
    let (ours, reference) = clis("http://127.0.0.1:9");
    for args in [
        vec![
            "codeartifact",
            "login",
            "--tool",
            "pip",
            "--domain",
            "dom",
            "--repository",
            "repo",
            "--dry-run",
        ],
        vec![
            "codeartifact",
            "login",
            "--tool",
            "npm",
            "--domain",
            "dom",
            "--repository",
            "repo",
            "--dry-run",
            "--namespace",
            "scope",
        ],
        vec![
            "codeartifact",
            "login",
            "--tool",
            "npm",
            "--domain",
            "dom",
            "--domain-owner",
            "123456789012",
            "--repository",
            "repo",
            "--dry-run",
            "--duration-seconds",
            "900",
        ],
        vec![
            "codeartifact",
            "login",
            "--tool",
            "twine",
            "--domain",
            "dom",
            "--repository",
            "repo",
            "--dry-run",
        ],
    ] {
        let out = assert_same(&ours, &reference, &args);
        assert_eq!(out.exit_code, 0, "{}", out.stderr);
    }
    ours.sandbox()
        .write(
            ".pypirc",
            "[distutils]\nindex-servers =\n    pypi\n\n[pypi]\nusername: me\n",
        )
        .unwrap();
    assert_same(
        &ours,
        &reference,
        &[
            "codeartifact",
            "login",
            "--tool",
            "twine",
            "--domain",
            "dom",
            "--repository",
            "repo",
            "--dry-run",
        ],
    );
}

#[test]
fn twine_writes_pypirc_like_the_reference() {
    let (ours, reference) = clis("http://127.0.0.1:9");
    let pypirc = ours.sandbox().path().join(".pypirc");
    let args = [
        "codeartifact",
        "login",
        "--tool",
        "twine",
        "--domain",
        "dom",
        "--repository",
        "repo",
    ];
    let (expected, _) = run(&reference, &args);
    assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
    let expected_file = std::fs::read_to_string(&pypirc).unwrap();
    std::fs::remove_file(&pypirc).unwrap();
    let (actual, _) = run(&ours, &args);
    assert_same_outcome(&expected, &actual);
    assert_eq!(std::fs::read_to_string(&pypirc).unwrap(), expected_file);
}

/// Fake `npm` and `pip` that append their arguments to a file.
fn fake_tools(dir: &Path, record: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for tool in ["npm", "pip"] {
        let script = format!(
            "#!/bin/sh\nprintf '%s\\n' \"{tool} $*\" >> '{}'\n",
            record.display()
        );
        let path = dir.join(tool);
        std::fs::write(&path, script).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn tools_are_run_with_the_reference_arguments() {
    let (ours, reference) = clis("http://127.0.0.1:9");
    for tool in ["npm", "pip"] {
        let mut records = Vec::new();
        for (cli, name) in [(&reference, "ref"), (&ours, "ours")] {
            let dir = cli.sandbox().path().join(format!("bin-{name}-{tool}"));
            let record = dir.join("calls");
            fake_tools(&dir, &record);
            let cli = cli.clone().env("PATH", format!("{}:/bin", dir.display()));
            let (out, _) = run(
                &cli,
                &[
                    "codeartifact",
                    "login",
                    "--tool",
                    tool,
                    "--domain",
                    "dom",
                    "--repository",
                    "repo",
                ],
            );
            records.push((out, std::fs::read_to_string(&record).unwrap()));
        }
        let (ours_out, ours_calls) = records.pop().unwrap();
        let (ref_out, ref_calls) = records.pop().unwrap();
        assert_eq!(ours_calls, ref_calls);
        assert_same_outcome(&ref_out, &ours_out);
    }
}

#[test]
fn errors_match_the_reference() {
    let (ours, reference) = clis("http://127.0.0.1:9");
    let empty = ours.sandbox().path().join("empty-bin");
    std::fs::create_dir_all(&empty).unwrap();
    let path = format!("{}:/bin", empty.display());
    let (bare_ours, bare_reference) = (
        ours.clone().env("PATH", &path),
        reference.clone().env("PATH", &path),
    );
    assert_same(
        &bare_ours,
        &bare_reference,
        &[
            "codeartifact",
            "login",
            "--tool",
            "pip",
            "--domain",
            "dom",
            "--repository",
            "repo",
        ],
    );
    for args in [
        vec![
            "codeartifact",
            "login",
            "--tool",
            "pip",
            "--domain",
            "dom",
            "--repository",
            "repo",
            "--namespace",
            "x",
        ],
        vec![
            "codeartifact",
            "login",
            "--tool",
            "npm",
            "--domain",
            "dom",
            "--repository",
            "repo",
            "--namespace",
            "_bad",
            "--dry-run",
        ],
    ] {
        let out = assert_same(&ours, &reference, &args);
        assert_eq!(out.exit_code, 255);
    }
    for args in [
        vec![
            "codeartifact",
            "login",
            "--tool",
            "maven",
            "--domain",
            "dom",
            "--repository",
            "repo",
        ],
        vec!["codeartifact", "login", "--tool", "pip", "--domain", "dom"],
    ] {
        let expected = reference.run(&args);
        assert_eq!(expected.exit_code, 252);
        assert_same_outcome(&expected, &ours.run(&args));
    }
}
