//! `configure set` and `configure import` write what the reference writes, starting from the
//! same files (comments, odd spacing, nested sections, files that do not exist yet), and our
//! writes replace the file through a temporary file and a rename: a hard link taken before the
//! write still holds the complete old contents afterwards, and no temporary file is left.
//!
//! The reference (2.9.19) rewrites files in place, so the rename check applies to ours only.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use awscli_test_support::Cli;

use crate::support::{separate_clis, write};

const CONFIG: &str = "# top comment\n[default]\nregion=us-east-1\n  # indented comment\noutput = json\n\n\
                      [profile dev]\n; semicolon comment\nregion = eu-west-1\ns3 =\n    max_concurrent_requests = 10\n\
                      \n[profile last]\nregion = ap-south-1";
const CREDENTIALS: &str = "[default]\naws_access_key_id = AKIDOLD\naws_secret_access_key = old\n\n[dev]\n# keep me\naws_access_key_id = AKIDDEV\n";

/// Writes an owner-only file: 2.36 warns about a credentials file others can read, which
/// 2.9.19 does not, so the starting files must not trigger it.
fn write_private(cli: &Cli, relative: &str, text: &str) {
    write(cli, relative, text);
    let path = cli.sandbox().path().join(relative);
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
}

fn read(cli: &Cli, relative: &str) -> Option<String> {
    std::fs::read_to_string(cli.sandbox().path().join(relative)).ok()
}

fn mode(cli: &Cli, relative: &str) -> Option<u32> {
    std::fs::metadata(cli.sandbox().path().join(relative))
        .ok()
        .map(|m| m.permissions().mode() & 0o777)
}

/// Takes a hard link of `relative` (when it exists) so the old inode can be checked later.
fn link(cli: &Cli, relative: &str) -> Option<(String, u64)> {
    let path = cli.sandbox().path().join(relative);
    let before = std::fs::read_to_string(&path).ok()?;
    let linked = cli.sandbox().path().join(format!("{relative}.before"));
    let _ = std::fs::remove_file(&linked);
    std::fs::hard_link(&path, &linked).expect("hard link in the sandbox");
    let inode = std::fs::metadata(&path).expect("metadata").ino();
    Some((before, inode))
}

/// The old inode still holds all its old contents and the path now names a new inode.
fn assert_replaced_by_rename(cli: &Cli, relative: &str, before: Option<(String, u64)>) {
    let Some((old_text, old_inode)) = before else {
        return;
    };
    let path = cli.sandbox().path().join(relative);
    let new_inode = std::fs::metadata(&path).expect("metadata").ino();
    if read(cli, relative).as_deref() == Some(old_text.as_str()) {
        return; // nothing was written
    }
    assert_ne!(new_inode, old_inode, "{relative} was rewritten in place");
    let linked = cli.sandbox().path().join(format!("{relative}.before"));
    assert_eq!(
        std::fs::read_to_string(linked).expect("the linked file"),
        old_text,
        "the old {relative} was modified"
    );
}

fn no_temporary_files(dir: &Path) {
    let leftovers: Vec<String> = std::fs::read_dir(dir)
        .expect("the .aws directory")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

/// Runs each command line through both CLIs (separate sandboxes with the same starting
/// files) and compares outcomes and the files after each step.
fn assert_same_writes(config: Option<&str>, credentials: Option<&str>, steps: &[&[&str]]) {
    let (ours, reference) = separate_clis();
    for cli in [&ours, &reference] {
        if let Some(text) = config {
            write(cli, ".aws/config", text);
        }
        if let Some(text) = credentials {
            write_private(cli, ".aws/credentials", text);
        }
    }
    for &args in steps {
        let expected = reference.run(args);
        let before = (link(&ours, ".aws/config"), link(&ours, ".aws/credentials"));
        let actual = ours.run(args);
        assert_eq!(
            (
                actual.exit_code,
                actual.stdout_text(),
                actual.stderr.as_str()
            ),
            (
                expected.exit_code,
                expected.stdout_text(),
                expected.stderr_as_v2_36().as_str()
            ),
            "for {args:?}"
        );
        for file in [".aws/config", ".aws/credentials"] {
            assert_eq!(
                read(&ours, file),
                read(&reference, file),
                "{file} after {args:?}"
            );
            assert_eq!(mode(&ours, file), mode(&reference, file), "mode of {file}");
        }
        assert_replaced_by_rename(&ours, ".aws/config", before.0);
        assert_replaced_by_rename(&ours, ".aws/credentials", before.1);
        no_temporary_files(&ours.sandbox().path().join(".aws"));
    }
}

#[test]
fn set_keeps_layout_and_routes_keys() {
    assert_same_writes(
        Some(CONFIG),
        Some(CREDENTIALS),
        &[
            &["configure", "set", "region", "us-west-2"],
            &["configure", "set", "output", "text", "--profile", "dev"],
            &[
                "configure",
                "set",
                "aws_access_key_id",
                "AKIDNEWDEV",
                "--profile",
                "dev",
            ],
            &["configure", "set", "aws_secret_access_key", "newsecret"],
            &[
                "configure",
                "set",
                "aws_session_token",
                "tok",
                "--profile",
                "brandnew",
            ],
            &["configure", "set", "dev.s3.max_concurrent_requests", "20"],
            &[
                "configure",
                "set",
                "profile.dev.s3.addressing_style",
                "path",
            ],
            &[
                "configure",
                "set",
                "default.s3.use_accelerate_endpoint",
                "true",
            ],
            &[
                "configure",
                "set",
                "region",
                "eu-north-1",
                "--profile",
                "last",
            ],
            &[
                "configure",
                "set",
                "region",
                "sa-east-1",
                "--profile",
                "with space",
            ],
            &["configure", "set", "cli_pager", ""],
        ],
    );
}

#[test]
fn set_creates_missing_files() {
    assert_same_writes(
        None,
        None,
        &[
            &["configure", "set", "region", "us-west-2", "--profile", "p"],
            &[
                "configure",
                "set",
                "aws_access_key_id",
                "AKIDP",
                "--profile",
                "p",
            ],
        ],
    );
}

#[test]
fn import_csv() {
    let csv = "User Name,Access key ID,Secret access key\nalice,AKIDALICE,secretalice\nbob,AKIDBOB,secretbob\n";
    let (ours, reference) = separate_clis();
    for cli in [&ours, &reference] {
        write_private(cli, ".aws/credentials", CREDENTIALS);
        write(cli, "keys.csv", csv);
    }
    for args in [
        &["configure", "import", "--csv", "file://keys.csv"][..],
        &[
            "configure",
            "import",
            "--csv",
            "file://keys.csv",
            "--profile-prefix",
            "team-",
        ],
    ] {
        let expected = reference.run(args);
        let before = link(&ours, ".aws/credentials");
        let actual = ours.run(args);
        assert_eq!(
            (actual.exit_code, actual.stdout_text()),
            (expected.exit_code, expected.stdout_text()),
            "{}",
            actual.stderr
        );
        assert_eq!(
            read(&ours, ".aws/credentials"),
            read(&reference, ".aws/credentials")
        );
        assert_replaced_by_rename(&ours, ".aws/credentials", before);
        no_temporary_files(&ours.sandbox().path().join(".aws"));
    }
}
