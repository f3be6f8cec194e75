//! `aws deploy install` and `uninstall` where they stop before touching
//! the machine: this test host is Debian, which the reference rejects as
//! an unsupported system, and a missing region or argument fails earlier.
//! Nothing here may reach the real `/etc`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use awscli_test_support::compare::{assert_same_outcome, assert_same_requests};
use awscli_test_support::{CannedResponse, Cli, RecordingServer, Sandbox};

use crate::util::{assert_same, clis, routed, with_endpoint};

#[test]
fn install_and_uninstall_refuse_an_unsupported_system() {
    if std::fs::read_to_string("/etc/lsb-release").is_ok_and(|t| t.contains("Ubuntu"))
        || std::path::Path::new("/etc/redhat-release").exists()
    {
        // On a supported system (as root) these commands would install
        // for real: this case only runs where they stop at the system check.
        return;
    }
    let server = RecordingServer::start().unwrap();
    let endpoint = server.endpoint();
    let (ours, reference) = clis(&endpoint);
    ours.sandbox()
        .write("conf.yml", "---\nregion: us-east-1\n")
        .unwrap();
    let cases: &[&[&str]] = &[
        &["deploy", "install", "--config-file", "conf.yml"],
        &[
            "deploy",
            "install",
            "--config-file",
            "conf.yml",
            "--agent-installer",
            "bad",
        ],
        &["deploy", "uninstall"],
    ];
    for case in cases {
        let args = with_endpoint(case, &endpoint);
        let (expected, _) = assert_same(&server, &ours, &reference, &args, &[]);
        assert_eq!(expected.output.exit_code, 255);
        assert!(expected.requests.is_empty());
    }
}

#[test]
fn install_argument_and_region_errors() {
    let server = RecordingServer::start().unwrap();
    let endpoint = server.endpoint();
    let (ours, reference) = clis(&endpoint);
    let args = with_endpoint(&["deploy", "install"], &endpoint);
    assert_same(&server, &ours, &reference, &args, &[]);
    let args = with_endpoint(&["deploy", "uninstall", "--bogus"], &endpoint);
    assert_same(&server, &ours, &reference, &args, &[]);

    let (ours, reference) = (
        ours.env("AWS_DEFAULT_REGION", ""),
        reference.env("AWS_DEFAULT_REGION", ""),
    );
    for case in [
        &["deploy", "install", "--config-file", "x.yml"][..],
        &["deploy", "uninstall"][..],
    ] {
        let args = with_endpoint(case, &endpoint);
        let (expected, _) = assert_same(&server, &ours, &reference, &args, &[]);
        assert_eq!(expected.output.exit_code, 253);
    }
}

/// A machine that looks like Ubuntu to both CLIs without touching the
/// host: each run is wrapped in a mount namespace where `/etc` is an
/// overlay (writes land in the sandbox) with an Ubuntu `lsb-release`, and
/// `apt-get`, `service` and `dpkg` are stubs that log their arguments.
struct Ubuntu {
    root: PathBuf,
}

impl Ubuntu {
    /// Sets up the stubs under `root`; `None` when this host cannot make
    /// an overlay mount namespace (not root, or no overlayfs).
    fn new(root: PathBuf) -> Option<Ubuntu> {
        let stub = "#!/bin/sh\necho \"$(basename \"$0\") $*\" >> \"$MACHINE/log\"\n";
        std::fs::create_dir_all(root.join("bin")).ok()?;
        for name in ["apt-get", "service", "dpkg"] {
            write_executable(&root.join("bin").join(name), stub);
        }
        let machine = Ubuntu { root };
        machine.reset();
        let probe = Command::new("unshare")
            .args(["-m", "sh", "-c", &mount_script("true")])
            .env("MACHINE", &machine.root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .ok()?;
        probe.success().then_some(machine)
    }

    /// A fresh `/etc` overlay and an empty log.
    fn reset(&self) {
        for dir in ["upper", "work"] {
            let _ = std::fs::remove_dir_all(self.root.join(dir));
            std::fs::create_dir_all(self.root.join(dir)).unwrap();
        }
        std::fs::write(self.root.join("log"), "").unwrap();
    }

    /// A script that runs `program` inside the machine.
    fn wrapper(&self, program: &Path, name: &str) -> PathBuf {
        let wrapper = self.root.join(format!("run-{name}"));
        let script = format!(
            "#!/bin/sh\nexec unshare -m sh -c '{}' {} \"$@\"\n",
            mount_script("exec \"$0\" \"$@\""),
            program.display()
        );
        write_executable(&wrapper, &script);
        wrapper
    }

    /// What the machine holds after a run: the stub log and the agent
    /// configuration (the overlay's upper layer).
    fn state(&self) -> (String, Option<String>) {
        (
            std::fs::read_to_string(self.root.join("log")).unwrap_or_default(),
            std::fs::read_to_string(
                self.root
                    .join("upper/codedeploy-agent/conf/codedeploy.onpremises.yml"),
            )
            .ok(),
        )
    }
}

/// Mounts the `/etc` overlay of `$MACHINE` and writes Ubuntu's
/// `lsb-release` into it, then runs `then`.
fn mount_script(then: &str) -> String {
    format!(
        "mount -t overlay overlay -o lowerdir=/etc,upperdir=\"$MACHINE/upper\",workdir=\"$MACHINE/work\" /etc \
         && printf \"DISTRIB_ID=Ubuntu\\nDISTRIB_RELEASE=22.04\\nDISTRIB_CODENAME=jammy\\n\" > /etc/lsb-release && {then}"
    )
}

fn write_executable(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// The installer the canned `GetObject` returns: it logs how it was run.
const INSTALLER: &str = "#!/bin/sh\necho \"installer $* region=$AWS_REGION key=$AWS_ACCESS_KEY_ID secret=$AWS_SECRET_ACCESS_KEY\" >> \"$MACHINE/log\"\n";

#[test]
fn install_and_uninstall_on_a_sandboxed_ubuntu() {
    let server = RecordingServer::start().unwrap();
    let endpoint = server.endpoint();
    let sandbox = Arc::new(Sandbox::new().unwrap());
    let Some(machine) = Ubuntu::new(sandbox.path().join("machine")) else {
        // Needs root and overlayfs for the mount namespace.
        return;
    };
    let ours_program = Cli::ours(env!("CARGO_BIN_EXE_aws"), Arc::clone(&sandbox))
        .program()
        .to_owned();
    let reference_program = Cli::reference(Arc::clone(&sandbox)).program().to_owned();
    let path = format!(
        "{}:/usr/local/bin:/usr/bin:/bin",
        machine.root.join("bin").display()
    );
    let wrap = |program: &Path, name: &str| {
        Cli::new(machine.wrapper(program, name), Arc::clone(&sandbox))
            .env("PATH", &path)
            .env("MACHINE", &machine.root)
    };
    let (ours, reference) = routed(
        wrap(&ours_program, "ours"),
        wrap(&reference_program, "reference"),
        &endpoint,
    );
    sandbox
        .write("conf.yml", "---\nregion: us-east-1\niam_user_arn: arn\n")
        .unwrap();
    let installer = || {
        CannedResponse::new(200)
            .header("Content-Type", "binary/octet-stream")
            .header("ETag", "\"e\"")
            .body(INSTALLER)
    };
    let steps: Vec<(Vec<String>, Vec<CannedResponse>)> = vec![
        (
            with_endpoint(
                &["deploy", "install", "--config-file", "conf.yml"],
                &endpoint,
            ),
            vec![installer()],
        ),
        // The configuration is there now.
        (
            with_endpoint(
                &["deploy", "install", "--config-file", "conf.yml"],
                &endpoint,
            ),
            vec![],
        ),
        (
            with_endpoint(
                &[
                    "deploy",
                    "install",
                    "--config-file",
                    "conf.yml",
                    "--override-config",
                    "--agent-installer",
                    "s3://my-bucket/agents/custom-install",
                ],
                &endpoint,
            ),
            vec![installer()],
        ),
        (with_endpoint(&["deploy", "uninstall"], &endpoint), vec![]),
    ];
    let run = |cli: &Cli| {
        machine.reset();
        let mut results = Vec::new();
        for (args, responses) in &steps {
            server.take_requests();
            server.respond_with(responses.iter().cloned());
            let output = cli.run(args);
            let installed = std::fs::read(sandbox.path().join("install")).ok();
            let custom = std::fs::read(sandbox.path().join("custom-install")).ok();
            results.push((
                output,
                server.take_requests(),
                machine.state(),
                installed,
                custom,
            ));
            let _ = std::fs::remove_file(sandbox.path().join("install"));
            let _ = std::fs::remove_file(sandbox.path().join("custom-install"));
        }
        results
    };
    let expected = run(&reference);
    let actual = run(&ours);
    // The wrappers hide which binary runs from the harness, so its
    // self-check mode (ours = the reference) is applied here.
    let ours_is_reference =
        ours_program.canonicalize().ok() == reference_program.canonicalize().ok();
    for (e, a) in expected.iter().zip(&actual) {
        let mut ours_output = a.0.clone();
        if ours_is_reference {
            ours_output.stderr = ours_output.stderr_as_v2_36();
        }
        assert_same_outcome(&e.0, &ours_output);
        assert_same_requests(&e.1, &a.1);
        assert_eq!(e.2, a.2, "machine state after `{}`", e.0.args.join(" "));
        assert_eq!(e.3, a.3, "downloaded installer");
        assert_eq!(e.4, a.4, "downloaded custom installer");
    }
    assert_eq!(expected[0].0.exit_code, 0, "{}", expected[0].0.stderr);
}
