//! `aws configure export-credentials --format F` for every credential source: our stdout must
//! be byte-identical to the reference's for the same files and environment.
//!
//! 2.9.19 has no `fish` format (a 2.36 addition); it is checked only for the reference's
//! lines in fish syntax. Assume-role and web identity need STS, which 2.9.19 cannot be pointed
//! at (it predates `AWS_ENDPOINT_URL_STS`): both CLIs read the same `~/.aws/cli/cache` entry,
//! written by hand or by our binary's own call to moto's STS.

use awscli_test_support::{CannedResponse, Cli, MotoServer, RecordingServer};

use crate::support::{clis, write};

/// The formats 2.9.19 knows.
const FORMATS: [&str; 5] = [
    "process",
    "env",
    "env-no-export",
    "powershell",
    "windows-cmd",
];

/// Runs every format through both CLIs (`before_each` prepares per-run state such as a stub
/// server's answers) and compares stdout and exit code.
#[track_caller]
fn assert_same_exports(ours: &Cli, reference: &Cli, extra: &[&str], before_each: &dyn Fn()) {
    for format in FORMATS {
        let mut args = vec!["configure", "export-credentials", "--format", format];
        args.extend_from_slice(extra);
        before_each();
        let expected = reference.run(&args);
        assert_eq!(
            expected.exit_code, 0,
            "the reference failed for {args:?}: {}",
            expected.stderr
        );
        before_each();
        let actual = ours.run(&args);
        assert_eq!(
            (actual.exit_code, actual.stdout_text()),
            (0, expected.stdout_text()),
            "{format}; our stderr: {}",
            actual.stderr
        );
        if format == "env" {
            assert_fish_matches(ours, extra, &expected.stdout_text(), before_each);
        }
    }
}

/// `--format fish` holds the same variables as the reference's `env` output, as `set -gx`.
fn assert_fish_matches(ours: &Cli, extra: &[&str], env_output: &str, before_each: &dyn Fn()) {
    let mut args = vec!["configure", "export-credentials", "--format", "fish"];
    args.extend_from_slice(extra);
    before_each();
    let actual = ours.run(&args);
    let expected: String = env_output
        .lines()
        .map(|line| {
            let (name, value) = line
                .trim_start_matches("export ")
                .split_once('=')
                .expect("env lines are NAME=VALUE");
            format!("set -gx {name} {value}\n")
        })
        .collect();
    assert_eq!((actual.exit_code, actual.stdout_text()), (0, expected));
}

fn nothing() {}

#[test]
fn shared_credentials_file() {
    let (ours, reference) = clis();
    write(
        &ours,
        ".aws/credentials",
        "[default]\naws_access_key_id = AKIDFILE0001\naws_secret_access_key = se/cr+et=\n\
         aws_session_token = tok\"en\n[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s2\n",
    );
    assert_same_exports(&ours, &reference, &[], &nothing);
    assert_same_exports(&ours, &reference, &["--profile", "dev"], &nothing);
}

#[test]
fn config_file_keys() {
    let (ours, reference) = clis();
    write(
        &ours,
        ".aws/config",
        "[profile cfg]\naws_access_key_id = AKIDCFG\naws_secret_access_key = s\n",
    );
    assert_same_exports(&ours, &reference, &["--profile", "cfg"], &nothing);
}

#[test]
fn environment_with_token_and_expiration() {
    let (ours, reference) = clis();
    let with_env = |cli: Cli| {
        cli.env("AWS_ACCESS_KEY_ID", "AKIDENV")
            .env("AWS_SECRET_ACCESS_KEY", "envsecret")
            .env("AWS_SESSION_TOKEN", "envtoken")
            .env("AWS_CREDENTIAL_EXPIRATION", "2099-06-01T12:30:00.25Z")
    };
    assert_same_exports(&with_env(ours), &with_env(reference), &[], &nothing);
}

#[test]
fn credential_process() {
    let (ours, reference) = clis();
    let script = format!("{}/creds.sh", ours.sandbox().path().display());
    write(
        &ours,
        "creds.sh",
        "printf '%s' '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", \"SecretAccessKey\": \"procsecret\", \
         \"SessionToken\": \"proctoken\", \"Expiration\": \"2099-01-02T03:04:05Z\"}'\n",
    );
    write(
        &ours,
        ".aws/config",
        &format!("[default]\ncredential_process = sh {script}\n[profile nokey]\ncredential_process = sh -c 'echo {{\\\"Version\\\": 1, \\\"AccessKeyId\\\": \\\"AKIDP2\\\", \\\"SecretAccessKey\\\": \\\"s\\\"}}'\n"),
    );
    assert_same_exports(&ours, &reference, &[], &nothing);
    assert_same_exports(&ours, &reference, &["--profile", "nokey"], &nothing);
}

const CONTAINER_JSON: &str = r#"{"AccessKeyId": "AKIDCONTAINER", "SecretAccessKey": "containersecret", "Token": "containertoken", "Expiration": "2099-01-01T00:00:00.5Z"}"#;

#[test]
fn container_full_uri() {
    let server = RecordingServer::start().expect("starting the stub");
    server.set_default(CannedResponse::json("application/json", CONTAINER_JSON));
    let uri = format!("{}/v2/credentials", server.endpoint());
    let (ours, reference) = clis();
    let with_env = |cli: Cli| {
        cli.env("AWS_CONTAINER_CREDENTIALS_FULL_URI", &uri)
            .env("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer abc")
    };
    assert_same_exports(&with_env(ours), &with_env(reference), &[], &nothing);
    let requests = server.take_requests();
    assert!(requests
        .iter()
        .all(|r| r.path() == "/v2/credentials" && r.header("Authorization") == Some("Bearer abc")));
}

#[test]
fn instance_metadata() {
    let server = RecordingServer::start().expect("starting the stub");
    let answers = || {
        server.take_requests();
        server.respond_with([
            CannedResponse::new(200).body("imds-token"),
            CannedResponse::new(200).body("the-role"),
            CannedResponse::json(
                "text/plain",
                r#"{"Code": "Success", "LastUpdated": "2026-01-01T00:00:00Z", "Type": "AWS-HMAC", "AccessKeyId": "AKIDIMDS", "SecretAccessKey": "imdssecret", "Token": "imdstoken", "Expiration": "2099-01-01T00:00:00Z"}"#,
            ),
        ]);
    };
    let (ours, reference) = clis();
    let with_env = |cli: Cli| {
        cli.env("AWS_EC2_METADATA_DISABLED", "false")
            // botocore appends the path to the endpoint as given: it needs its slash.
            .env(
                "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                format!("{}/", server.endpoint()),
            )
    };
    assert_same_exports(&with_env(ours), &with_env(reference), &[], &answers);
    let paths: Vec<String> = server
        .take_requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path()))
        .collect();
    assert_eq!(
        paths,
        [
            "PUT /latest/api/token",
            "GET /latest/meta-data/iam/security-credentials/",
            "GET /latest/meta-data/iam/security-credentials/the-role",
        ]
    );
}

const ROLE: &str = "arn:aws:iam::123456789012:role/r";

/// `sha1(json.dumps({"RoleArn": ROLE}, sort_keys=True))`: the cache key of an assume-role
/// profile with no session name, external id or MFA.
const ROLE_CACHE_KEY: &str = "6dc9e6e1e186b9f293814df3266de783142c48a2";

#[test]
fn assume_role_from_the_shared_cache() {
    let (ours, reference) = clis();
    write(
        &ours,
        ".aws/config",
        &format!(
            "[default]\nrole_arn = {ROLE}\nsource_profile = base\n\
             [profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n"
        ),
    );
    write(
        &ours,
        &format!(".aws/cli/cache/{ROLE_CACHE_KEY}.json"),
        r#"{"Credentials": {"AccessKeyId": "ASIACACHED", "SecretAccessKey": "cachedsecret", "SessionToken": "cachedtoken", "Expiration": "2099-01-01T00:00:00UTC"}, "AssumedRoleUser": {"AssumedRoleId": "AROA:x", "Arn": "arn:aws:sts::123456789012:assumed-role/r/x"}, "ResponseMetadata": {"RequestId": "r", "HTTPStatusCode": 200, "HTTPHeaders": {}, "RetryAttempts": 0}}"#,
    );
    assert_same_exports(&ours, &reference, &[], &nothing);
}

/// Our binary calls moto's STS and caches the answer; the reference must then export exactly
/// the same credentials from that cache entry (same key, same format).
#[track_caller]
#[expect(clippy::print_stderr, reason = "a skipped test says why")]
fn assert_moto_role_round_trip(config: &str, files: &[(&str, &str)]) {
    let moto = match MotoServer::start() {
        Ok(moto) => moto,
        Err(error) => {
            eprintln!("skipped: moto_server is not available: {error}");
            return;
        }
    };
    let (ours, reference) = clis();
    write(&ours, ".aws/config", config);
    for (path, contents) in files {
        write(&ours, path, contents);
    }
    let first = ours
        .clone()
        .env("AWS_ENDPOINT_URL_STS", moto.endpoint())
        .run(["configure", "export-credentials"]);
    assert_eq!(first.exit_code, 0, "{}", first.stderr);
    assert!(
        first.stdout_text().contains("\"AccessKeyId\": \"ASIA"),
        "{}",
        first.stdout_text()
    );
    let expected = reference.run(["configure", "export-credentials"]);
    assert_eq!(
        (expected.exit_code, expected.stdout_text()),
        (0, first.stdout_text()),
        "the reference read our cache entry differently: {}",
        expected.stderr
    );
    assert_same_exports(&ours, &reference, &[], &nothing);
}

#[test]
fn assume_role_against_moto() {
    assert_moto_role_round_trip(
        "[default]\nregion = us-east-1\nrole_arn = arn:aws:iam::123456789012:role/moto\n\
         source_profile = base\n[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n",
        &[],
    );
}

#[test]
fn web_identity_against_moto() {
    assert_web_identity(
        "[default]\nregion = us-east-1\nrole_arn = arn:aws:iam::123456789012:role/web\n\
         web_identity_token_file = TOKEN\n",
        "web-token",
    );
}

/// [`assert_moto_role_round_trip`] for web identity: `TOKEN` in `config` becomes the
/// absolute path of the token file.
#[expect(clippy::print_stderr, reason = "a skipped test says why")]
fn assert_web_identity(config: &str, token_file: &str) {
    let moto = match MotoServer::start() {
        Ok(moto) => moto,
        Err(error) => {
            eprintln!("skipped: moto_server is not available: {error}");
            return;
        }
    };
    let (ours, reference) = clis();
    let token_path = format!("{}/{token_file}", ours.sandbox().path().display());
    write(&ours, token_file, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
    write(&ours, ".aws/config", &config.replace("TOKEN", &token_path));
    let first = ours
        .clone()
        .env("AWS_ENDPOINT_URL_STS", moto.endpoint())
        .run(["configure", "export-credentials"]);
    assert_eq!(first.exit_code, 0, "{}", first.stderr);
    let expected = reference.run(["configure", "export-credentials"]);
    assert_eq!(
        (expected.exit_code, expected.stdout_text()),
        (0, first.stdout_text()),
        "the reference read our cache entry differently: {}",
        expected.stderr
    );
    assert_same_exports(&ours, &reference, &[], &nothing);
}
