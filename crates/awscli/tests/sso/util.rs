//! Shared set-up: sandboxes with an SSO config, the stub's endpoints, the
//! cache files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use awscli_test_support::cli::reference_path;
use awscli_test_support::sso_stub::{SsoStub, StubRequest};
use awscli_test_support::{Cli, Sandbox};
use sha1::{Digest, Sha1};

pub const START_URL: &str = "https://d-123.awsapps.com/start";

/// Profiles for every case: `sess` (an `sso-session` with scopes), `legacy`
/// (in-profile keys), and broken ones.
pub const CONFIG: &str = "\
[profile legacy]
sso_start_url = https://d-123.awsapps.com/start
sso_region = us-east-1
sso_account_id = 123456789012
sso_role_name = Admin

[profile sess]
sso_session = my-sso
sso_account_id = 123456789012
sso_role_name = Admin

[profile nosess]
sso_session = nope

[profile partial]
sso_start_url = https://x

[profile plain]
region = us-east-1

[profile badsess]
sso_session = nope
sso_account_id = 123456789012
sso_role_name = Admin

[profile norole]
sso_session = my-sso
sso_account_id = 123456789012

[profile mismatch]
sso_session = my-sso
sso_region = eu-west-1
sso_account_id = 123456789012
sso_role_name = Admin

[profile legacynoregion]
sso_start_url = https://d-123.awsapps.com/start
sso_account_id = 123456789012
sso_role_name = Admin

[sso-session my-sso]
sso_start_url = https://d-123.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[sso-session bad]
sso_region = us-east-1
";

/// `hashlib.sha1(text.encode()).hexdigest()`.
pub fn sha1_hex(text: &str) -> String {
    Sha1::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Our binary and the reference in one sandbox holding [`CONFIG`].
pub fn pair() -> (Cli, Cli) {
    let (ours, reference) =
        Cli::pair(env!("CARGO_BIN_EXE_aws")).expect("creating the test sandbox");
    ours.sandbox()
        .write(".aws/config", CONFIG)
        .expect("writing the config file");
    (ours, reference)
}

/// `~/.aws/sso/cache/<key>.json` in the CLI's sandbox.
pub fn sso_cache_file(cli: &Cli, key: &str) -> PathBuf {
    cli.sandbox()
        .path()
        .join(".aws/sso/cache")
        .join(format!("{key}.json"))
}

/// The file names in a folder of the sandbox, sorted (empty if missing).
pub fn files_in(cli: &Cli, relative: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(cli.sandbox().path().join(relative)) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A JSON file's keys in file order, and the parsed value.
pub fn read_json(path: &Path) -> (Vec<String>, serde_json::Value) {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let value: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}\n{text}", path.display()));
    let keys = value
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    (keys, value)
}

/// Whether `text` looks like `strftime('%Y-%m-%dT%H:%M:%SZ')`.
pub fn is_utc_stamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 20
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            10 => *b == b'T',
            13 | 16 => *b == b':',
            19 => *b == b'Z',
            _ => b.is_ascii_digit(),
        })
}

/// The permission bits of a file.
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Writes the same file into both sandboxes (they share one).
pub fn write(cli: &Cli, relative: &str, contents: &str) {
    cli.sandbox()
        .write(relative, contents)
        .expect("writing a sandbox file");
}

/// Which CLI a [`fresh`] run uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Reference,
    Ours,
}

/// One CLI in its own sandbox (holding [`CONFIG`]) with its own fresh stub,
/// set up by `configure`, the CLI's SSO clients pointed at the stub.
pub fn fresh(which: Which, configure: &dyn Fn(&SsoStub)) -> (Cli, SsoStub) {
    let stub = SsoStub::start().expect("starting the SSO stub");
    configure(&stub);
    let sandbox = Arc::new(Sandbox::new().expect("creating the test sandbox"));
    sandbox
        .write(".aws/config", CONFIG)
        .expect("writing the config file");
    let cli = match which {
        Which::Ours => {
            let cli = Cli::ours(env!("CARGO_BIN_EXE_aws"), Arc::clone(&sandbox))
                .env("AWS_ENDPOINT_URL_SSO_OIDC", stub.endpoint())
                .env("AWS_ENDPOINT_URL_SSO", stub.endpoint());
            if cli.program() == reference_path() {
                // Harness self-check (AWSCLI_TEST_OURS=/usr/bin/aws): the
                // reference needs the rule sets to find the stub.
                let data_path = sandbox.path().join("data-path");
                stub.write_rule_sets(&data_path)
                    .expect("writing the stub's rule sets");
                cli.env("AWS_DATA_PATH", data_path)
            } else {
                cli
            }
        }
        Which::Reference => {
            let data_path = sandbox.path().join("data-path");
            stub.write_rule_sets(&data_path)
                .expect("writing the stub's rule sets");
            Cli::reference(sandbox).env("AWS_DATA_PATH", data_path)
        }
    };
    (cli, stub)
}

/// The reference and ours, each from [`fresh`], in that order.
pub fn both(configure: &dyn Fn(&SsoStub)) -> [(Cli, SsoStub); 2] {
    [
        fresh(Which::Reference, configure),
        fresh(Which::Ours, configure),
    ]
}

/// What a request to the stub is compared on: operation, target, bearer
/// token and JSON body, with `clientName`'s time stamp (legacy
/// registrations are named after the clock) masked.
fn request_shape(request: &StubRequest) -> String {
    let mut body = request.json();
    if let Some(name) = body.get("clientName").and_then(|n| n.as_str()) {
        if let Some(stamp) = name.strip_prefix("botocore-client-") {
            if !stamp.is_empty() && stamp.bytes().all(|b| b.is_ascii_digit()) {
                body["clientName"] = "botocore-client-<epoch>".into();
            }
        }
    }
    format!(
        "{} {} bearer={:?} {}",
        request.operation,
        request.request.target,
        request.request.header("x-amz-sso_bearer_token"),
        body
    )
}

/// Panics unless both stubs received the same requests.
#[track_caller]
pub fn assert_same_stub_requests(reference: &SsoStub, ours: &SsoStub) {
    let expected: Vec<String> = reference.requests().iter().map(request_shape).collect();
    let actual: Vec<String> = ours.requests().iter().map(request_shape).collect();
    assert_eq!(actual, expected, "requests to the SSO stub differ");
}

/// A cache folder as compared: each file's name, mode, and JSON text with
/// the digits of `masked` keys' values (at any depth) replaced by `0`, so
/// that clock-dependent times are compared by format only; key order kept.
/// Keys in `dropped` are removed first (members newer botocore adds).
pub fn cache_shape(cli: &Cli, relative: &str, masked: &[&str], dropped: &[&str]) -> Vec<String> {
    fn mask(value: &mut serde_json::Value, masked: &[&str], dropped: &[&str]) {
        match value {
            serde_json::Value::Object(map) => {
                map.retain(|key, _| !dropped.contains(&key.as_str()));
                for (key, item) in map.iter_mut() {
                    match item {
                        serde_json::Value::String(text) if masked.contains(&key.as_str()) => {
                            *text = text
                                .chars()
                                .map(|c| if c.is_ascii_digit() { '0' } else { c })
                                .collect();
                        }
                        _ => mask(item, masked, dropped),
                    }
                }
            }
            serde_json::Value::Array(items) => {
                items.iter_mut().for_each(|i| mask(i, masked, dropped))
            }
            _ => {}
        }
    }
    let dir = cli.sandbox().path().join(relative);
    files_in(cli, relative)
        .into_iter()
        .map(|name| {
            let path = dir.join(&name);
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let shown = match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(mut value) => {
                    mask(&mut value, masked, dropped);
                    value.to_string()
                }
                Err(_) => text,
            };
            format!("{name} {:o} {shown}", mode(&path))
        })
        .collect()
}

/// Panics unless both CLIs left the same files in `relative`.
#[track_caller]
pub fn assert_same_cache(reference: &Cli, ours: &Cli, relative: &str, masked: &[&str]) {
    assert_eq!(
        cache_shape(ours, relative, masked, &[]),
        cache_shape(reference, relative, masked, &[]),
        "{relative} differs"
    );
}

/// `~/.aws/cli/cache` compared as [`assert_same_cache`] does, except that
/// ours also records the role's `AccountId` in the cached credentials, as
/// botocore 1.43.67 `SSOCredentialFetcher._get_credentials` does (2.9.19
/// does not).
#[track_caller]
pub fn assert_same_credential_cache(reference: &Cli, ours: &Cli) {
    let relative = ".aws/cli/cache";
    let masked = ["Expiration"];
    assert_eq!(
        cache_shape(ours, relative, &masked, &["AccountId"]),
        cache_shape(reference, relative, &masked, &[]),
        "{relative} differs"
    );
    for entry in cache_shape(ours, relative, &[], &[]) {
        assert!(entry.contains(r#""AccountId":"123456789012""#), "{entry}");
    }
}

/// [`assert_same_stub_requests`] ignoring order (the `logout` sweeper visits
/// files in directory order, which differs between filesystems and runs).
#[track_caller]
pub fn assert_same_stub_requests_unordered(reference: &SsoStub, ours: &SsoStub) {
    let mut expected: Vec<String> = reference.requests().iter().map(request_shape).collect();
    let mut actual: Vec<String> = ours.requests().iter().map(request_shape).collect();
    expected.sort();
    actual.sort();
    assert_eq!(actual, expected, "requests to the SSO stub differ");
}
