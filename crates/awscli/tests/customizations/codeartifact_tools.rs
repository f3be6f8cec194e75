//! `aws codeartifact login --tool nuget|dotnet|swift` with fake tools on
//! PATH that record their arguments and print a canned source listing
//! (CodeArtifact answers are canned, as in `codeartifact.rs`: moto does not
//! serve it).
//!
//! nuget and dotnet are compared with the reference run on the same
//! listing: the commands run, stdout, stderr and exit code. 2.9.19 has no
//! `swift` tool (it came in a later 2.x, which we follow): the reference's
//! rejection is checked, and our commands and `.netrc` are checked against
//! what that version's `SwiftLogin` runs and writes on Linux.

use std::path::{Path, PathBuf};

use awscli_test_support::compare::assert_same_outcome;
use awscli_test_support::{CannedResponse, Cli, CliOutput, RecordingServer};

use crate::util::clis;

const HOST: &str = "dom-123456789012.d.codeartifact.us-east-1.amazonaws.com";

fn responses(format: &str) -> Vec<CannedResponse> {
    static EXPIRATION: std::sync::OnceLock<i64> = std::sync::OnceLock::new();
    let expiration = *EXPIRATION.get_or_init(|| jiff::Timestamp::now().as_second() + 12 * 3600);
    vec![
        CannedResponse::json(
            "application/json",
            format!(r#"{{"authorizationToken": "tok3n", "expiration": {expiration}}}"#),
        ),
        CannedResponse::json(
            "application/json",
            format!(r#"{{"repositoryEndpoint": "https://{HOST}/{format}/repo/"}}"#),
        ),
    ]
}

/// A fake `tool` in its own directory: records `tool args...` lines, prints
/// `listing` for a `list` command, and fails `add`/`update` when `fail`.
fn fake_tool(dir: &Path, tool: &str, listing: &str, fail: bool) -> PathBuf {
    std::fs::create_dir_all(dir).expect("creating the fake bin");
    let record = dir.join("calls");
    let listing_file = dir.join("listing");
    std::fs::write(&listing_file, listing).expect("writing the listing");
    let fail_line = if fail {
        "case \" $* \" in *\" add \"*|*\" update \"*) echo 'boom' >&2; exit 1;; esac\n"
    } else {
        ""
    };
    let script = format!(
        "#!/bin/sh\nprintf '%s\\n' \"{tool} $*\" >> '{}'\ncase \" $* \" in *\" list \"*) cat '{}';; esac\n{fail_line}",
        record.display(),
        listing_file.display()
    );
    let path = dir.join(tool);
    std::fs::write(&path, script).expect("writing the fake tool");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
        .expect("making the fake tool executable");
    record
}

/// Runs `login --tool tool` (plus `extra`) with the fake tool first on PATH;
/// returns the output and the recorded calls.
fn login(
    cli: &Cli,
    name: &str,
    tool: &str,
    listing: &str,
    fail: bool,
    extra: &[&str],
) -> (CliOutput, String) {
    let dir = cli
        .sandbox()
        .path()
        .join(format!("bin-{name}-{tool}-{}", extra.len()));
    let _ = std::fs::remove_dir_all(&dir);
    let record = fake_tool(&dir, tool, listing, fail);
    let cli = cli.clone().env("PATH", format!("{}:/bin", dir.display()));
    let server = RecordingServer::start().expect("starting the recording server");
    let format = if tool == "swift" { "swift" } else { "nuget" };
    server.respond_with(responses(format));
    let endpoint = server.endpoint();
    let mut args = vec![
        "codeartifact",
        "login",
        "--tool",
        tool,
        "--domain",
        "dom",
        "--repository",
        "repo",
        "--endpoint-url",
        &endpoint,
    ];
    args.extend(extra);
    let out = cli.run(&args);
    let calls = std::fs::read_to_string(&record).unwrap_or_default();
    (out, calls)
}

const INDEX: &str =
    "https://dom-123456789012.d.codeartifact.us-east-1.amazonaws.com/nuget/repo/v3/index.json";

#[test]
fn nuget_and_dotnet_run_the_reference_commands() {
    let (ours, reference) = clis("http://127.0.0.1:9");
    let listings = [
        // Nothing configured: the source is added as domain/repository.
        String::from("Registered Sources:\n\n  1.  nuget.org [Enabled]\n      https://api.nuget.org/v3/index.json\n"),
        // The URL is there under another name: that source is updated.
        format!("Registered Sources:\n  1.  nuget.org [Enabled]\n      https://api.nuget.org/v3/index.json\n  2.  Mine [Disabled]\n      {INDEX}\n"),
        // The default name is there with another URL: updated by name.
        String::from("Registered Sources:\n  10.  dom/repo [Enabled]\n       https://old.example/v3/index.json\n"),
    ];
    for tool in ["nuget", "dotnet"] {
        for listing in &listings {
            for extra in [&[][..], &["--dry-run"][..]] {
                let (expected, expected_calls) =
                    login(&reference, "ref", tool, listing, false, extra);
                assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
                let (actual, actual_calls) = login(&ours, "ours", tool, listing, false, extra);
                assert_eq!(actual_calls, expected_calls, "{tool} {listing:?} {extra:?}");
                assert_same_outcome(&expected, &actual);
            }
        }
    }
}

#[test]
fn nuget_failures_match_the_reference() {
    let (ours, reference) = clis("http://127.0.0.1:9");
    for tool in ["nuget", "dotnet"] {
        // The configure command fails.
        let (expected, expected_calls) = login(&reference, "ref", tool, "", true, &[]);
        assert_eq!(expected.exit_code, 255);
        let (actual, actual_calls) = login(&ours, "ours", tool, "", true, &[]);
        assert_eq!(actual_calls, expected_calls);
        assert_same_outcome(&expected, &actual);
    }
    // The tool is not installed.
    let empty = ours.sandbox().path().join("empty-bin");
    std::fs::create_dir_all(&empty).expect("creating an empty bin");
    for tool in ["nuget", "dotnet"] {
        let run = |cli: &Cli| {
            let server = RecordingServer::start().expect("starting the recording server");
            server.respond_with(responses("nuget"));
            let endpoint = server.endpoint();
            cli.clone()
                .env("PATH", format!("{}:/bin", empty.display()))
                .run([
                    "codeartifact",
                    "login",
                    "--tool",
                    tool,
                    "--domain",
                    "dom",
                    "--repository",
                    "repo",
                    "--endpoint-url",
                    &endpoint,
                ])
        };
        let expected = run(&reference);
        assert_eq!(expected.exit_code, 255);
        assert_same_outcome(&expected, &run(&ours));
    }
}

#[test]
fn swift_sets_the_registry_and_writes_netrc() {
    let (ours, reference) = clis("http://127.0.0.1:9");
    // 2.9.19 does not know the tool.
    let (rejected, _) = login(&reference, "ref", "swift", "", false, &[]);
    assert_eq!(rejected.exit_code, 252);
    assert!(
        rejected.stderr.contains("argument --tool: Invalid choice"),
        "{}",
        rejected.stderr
    );

    let endpoint = format!("https://{HOST}/swift/repo/");
    let netrc = ours.sandbox().path().join(".netrc");
    // Dry run: the netrc line and the commands, nothing run or written.
    let (dry, calls) = login(
        &ours,
        "ours",
        "swift",
        "",
        false,
        &["--dry-run", "--namespace", "my-scope"],
    );
    assert_eq!(dry.exit_code, 0, "{}", dry.stderr);
    assert_eq!(calls, "");
    assert!(!netrc.exists());
    assert_eq!(
        dry.stdout_text(),
        format!(
            "Dryrun mode is enabled, not writing to netrc.\nThe following line would have been written to {}:\n\nmachine {HOST} login token password tok3n\n\nAnd would have run the following commands:\n\nswift package-registry set {endpoint} --scope my-scope\n\nswift package-registry login {endpoint}login\n\n",
            netrc.display()
        )
    );
    // A real run writes .netrc (0600) and runs both commands.
    let (out, calls) = login(&ours, "ours", "swift", "", false, &[]);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert_eq!(
        calls,
        format!(
            "swift package-registry set {endpoint}\nswift package-registry login {endpoint}login\n"
        )
    );
    assert!(out
        .stdout_text()
        .starts_with(&format!("Successfully configured swift to use AWS CodeArtifact repository {endpoint} \nLogin expires in ")));
    assert_eq!(
        std::fs::read_to_string(&netrc).expect("reading .netrc"),
        format!("machine {HOST} login token password tok3n\n")
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&netrc)
            .expect("stat .netrc")
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
    // An existing entry gets the new token; other machines are kept.
    std::fs::write(
        &netrc,
        format!("machine other login me password p\nmachine {HOST}\n  login token\n  password old"),
    )
    .expect("writing .netrc");
    let (out, _) = login(&ours, "ours", "swift", "", false, &[]);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(&netrc).expect("reading .netrc"),
        format!(
            "machine other login me password p\nmachine {HOST}\n  login token\n  password tok3n"
        )
    );
    // A bad scope is refused before anything is written or run.
    let (bad, calls) = login(&ours, "ours", "swift", "", false, &["--namespace", "_x"]);
    assert_eq!(bad.exit_code, 255);
    assert_eq!(calls, "");
    assert_eq!(
        bad.stderr,
        "\naws: [ERROR]: Invalid scope name, scope must contain URL-safe characters, no leading dots or underscores and no more than 39 characters\n"
    );
}
