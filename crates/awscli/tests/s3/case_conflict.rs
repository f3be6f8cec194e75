//! `--case-conflict` on recursive downloads (`cp`/`mv --recursive`,
//! `sync`). The reference 2.9.19 has no such option: it came with
//! aws/aws-cli#9968 (2.32.x, default `ignore`). The expected texts are the
//! newer CLI's, quoted literally from its source
//! `awscli/customizations/s3/syncstrategy/caseconflict.py` (`CaseConflictSync`
//! `_handle_skip`, `_handle_warn`, `_handle_error`), and the behaviour from
//! its topic page `awscli/topics/s3-case-insensitivity.rst`. Only the
//! default (`ignore`, no check) can be compared with the reference.
//!
//! The filesystem here is case-sensitive, so the two ways a conflict shows
//! are made deterministic: keys of one listing that differ only by case
//! conflict while the first is in flight, and a `--dryrun` never finishes a
//! download, so there they always conflict; a destination path that exists
//! without the listing of the destination having that file (a directory
//! where the key's file would go) stands for a local file whose name
//! differs only by case.
use crate::harness::{assert_same_output, World};

/// `CaseConflictSync._handle_skip`.
fn skip_notice(src: &str, dest: &str) -> String {
    format!("warning: Skipping {src} -> {dest} because a file whose name differs only by case either exists or is being downloaded.\n")
}

/// `CaseConflictSync._handle_warn` (its `DOC_URI`).
fn warn_notice(src: &str, dest: &str) -> String {
    format!("warning: Downloading {src} -> {dest} despite a file whose name differs only by case either existing or being downloaded. This behavior is not defined on case-insensitive filesystems and may result in overwriting existing files or race conditions between concurrent downloads. For more information, see https://docs.aws.amazon.com/cli/latest/topic/s3-case-insensitivity.html.\n")
}

/// `CaseConflictSync._handle_error`, printed as a fatal error.
fn error_line(src: &str, dest: &str) -> String {
    format!("fatal error: Failed to download {src} -> {dest} because a file whose name differs only by case either exists or is being downloaded.\n")
}

/// A bucket with keys that differ only by case, and one that does not.
fn case_keys(world: &World) {
    world.write_tree(&[("upper", b"UPPER"), ("lower", b"lower"), ("other", b"b")]);
    world.setup(&["s3", "mb", "s3://bkt"]);
    for (key, file) in [("A.txt", "upper"), ("a.txt", "lower"), ("b.txt", "other")] {
        world.setup(&["s3", "cp", &format!("w/{file}"), &format!("s3://bkt/{key}")]);
    }
}

/// A bucket with the object `sub` and a directory `w/out/sub/`: the object's
/// destination exists but is no file of the destination's listing.
fn existing_destination(world: &World) {
    world.write_tree(&[("sub-body", b"s"), ("other", b"b"), ("out/sub/keep", b"k")]);
    world.setup(&["s3", "mb", "s3://bkt"]);
    world.setup(&["s3", "cp", "w/sub-body", "s3://bkt/sub"]);
    world.setup(&["s3", "cp", "w/other", "s3://bkt/b.txt"]);
}

fn abs(world: &World, path: &str) -> String {
    world.root().join(path).to_string_lossy().into_owned()
}

#[test]
fn ignore_is_the_default_and_checks_nothing() {
    let world = World::new();
    // Without the option both CLIs download both case variants.
    let args = [
        "s3",
        "cp",
        "s3://bkt/",
        "w/out/",
        "--recursive",
        "--no-progress",
    ];
    let reference = world.compare(&case_keys, &args, &["bkt"]);
    assert_eq!(reference.exit_code, 0);
    // An explicit `ignore` (2.32+) is the same as the reference's default.
    let expected_tree = world.tree();
    world.moto.reset().expect("resetting moto");
    case_keys(&world);
    let mut ours_args = args.to_vec();
    ours_args.extend(["--case-conflict", "ignore"]);
    let ours = world.run(&world.ours, &ours_args);
    assert_same_output(&reference, &ours);
    assert_eq!(world.tree(), expected_tree);
    assert_eq!(
        world.tree().get("out/a.txt").map(Vec::as_slice),
        Some(&b"lower"[..])
    );
}

#[test]
fn skip_leaves_out_a_case_variant_of_a_download() {
    let world = World::new();
    case_keys(&world);
    let args = [
        "s3",
        "cp",
        "s3://bkt/",
        "w/out/",
        "--recursive",
        "--dryrun",
        "--case-conflict",
        "skip",
    ];
    let out = world.run(&world.ours, &args);
    assert_eq!(out.exit_code, 0, "a skip is no warning: {}", out.stderr);
    assert_eq!(
        out.stdout_text(),
        "(dryrun) download: s3://bkt/A.txt to w/out/A.txt\n(dryrun) download: s3://bkt/b.txt to w/out/b.txt\n"
    );
    assert_eq!(
        out.stderr,
        skip_notice("bkt/a.txt", &abs(&world, "w/out/a.txt"))
    );
    // The message bypasses the result printer: `--quiet` keeps it.
    let mut quiet = args.to_vec();
    quiet.push("--quiet");
    let out = world.run(&world.ours, &quiet);
    assert_eq!((out.exit_code, out.stdout_text()), (0, String::new()));
    assert_eq!(
        out.stderr,
        skip_notice("bkt/a.txt", &abs(&world, "w/out/a.txt"))
    );
}

#[test]
fn warn_downloads_the_case_variant_too() {
    let world = World::new();
    case_keys(&world);
    let out = world.run(
        &world.ours,
        &[
            "s3",
            "sync",
            "s3://bkt/",
            "w/out/",
            "--dryrun",
            "--case-conflict",
            "warn",
        ],
    );
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout_text(),
        "(dryrun) download: s3://bkt/A.txt to w/out/A.txt\n(dryrun) download: s3://bkt/a.txt to w/out/a.txt\n(dryrun) download: s3://bkt/b.txt to w/out/b.txt\n"
    );
    assert_eq!(
        out.stderr,
        warn_notice("bkt/a.txt", &abs(&world, "w/out/a.txt"))
    );
}

#[test]
fn error_stops_the_command() {
    let world = World::new();
    case_keys(&world);
    let out = world.run(
        &world.ours,
        &[
            "s3",
            "mv",
            "s3://bkt/",
            "w/out/",
            "--recursive",
            "--dryrun",
            "--case-conflict",
            "error",
        ],
    );
    assert_eq!(out.exit_code, 1, "{}", out.stderr);
    assert_eq!(
        out.stdout_text(),
        "(dryrun) move: s3://bkt/A.txt to w/out/A.txt\n"
    );
    assert_eq!(
        out.stderr,
        error_line("bkt/a.txt", &abs(&world, "w/out/a.txt"))
    );
}

#[test]
fn an_existing_destination_is_a_conflict() {
    let world = World::new();
    let dest = abs(&world, "w/out/sub");
    // skip: the object is not downloaded, the rest is.
    existing_destination(&world);
    let out = world.run(
        &world.ours,
        &[
            "s3",
            "cp",
            "s3://bkt/",
            "w/out/",
            "--recursive",
            "--case-conflict",
            "skip",
            "--no-progress",
        ],
    );
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout_text(),
        "download: s3://bkt/b.txt to w/out/b.txt\n"
    );
    assert_eq!(out.stderr, skip_notice("bkt/sub", &dest));
    assert_eq!(
        world.tree().get("out/b.txt").map(Vec::as_slice),
        Some(&b"b"[..])
    );
    // mv skips the same way and so leaves the object in the bucket.
    world.moto.reset().expect("resetting moto");
    existing_destination(&world);
    let out = world.run(
        &world.ours,
        &[
            "s3",
            "mv",
            "s3://bkt/",
            "w/out/",
            "--recursive",
            "--case-conflict",
            "skip",
            "--no-progress",
        ],
    );
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, skip_notice("bkt/sub", &dest));
    assert_eq!(world.objects("bkt").trim(), "sub\t1");
    // error: the command fails before the object is requested.
    world.moto.reset().expect("resetting moto");
    existing_destination(&world);
    let out = world.run(
        &world.ours,
        &[
            "s3",
            "sync",
            "s3://bkt/",
            "w/out/",
            "--exclude",
            "b.txt",
            "--case-conflict",
            "error",
        ],
    );
    assert_eq!(out.exit_code, 1, "{}", out.stderr);
    assert_eq!(out.stderr, error_line("bkt/sub", &dest));
    // ignore (the default): the download is tried, and fails on the
    // directory (the reference's message names its random temporary file,
    // so only the outcome is compared).
    let args = ["s3", "sync", "s3://bkt/", "w/out/", "--exclude", "b.txt"];
    for cli in [&world.reference, &world.ours] {
        world.moto.reset().expect("resetting moto");
        existing_destination(&world);
        let out = world.run(cli, &args);
        assert_eq!(out.exit_code, 1, "{}", out.stderr);
        assert!(
            out.stderr
                .starts_with("download failed: s3://bkt/sub to w/out/sub "),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn only_recursive_downloads_are_checked() {
    let world = World::new();
    case_keys(&world);
    // A single download onto an existing file.
    std::fs::create_dir_all(world.root().join("w/out")).expect("mkdir");
    std::fs::write(world.root().join("w/out/a.txt"), b"old").expect("write");
    let out = world.run(
        &world.ours,
        &[
            "s3",
            "cp",
            "s3://bkt/a.txt",
            "w/out/",
            "--case-conflict",
            "error",
        ],
    );
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert_eq!(
        world.tree().get("out/a.txt").map(Vec::as_slice),
        Some(&b"lower"[..])
    );
    // Uploads and copies accept the option and ignore it.
    world.setup(&["s3", "mb", "s3://bkt2"]);
    for args in [
        [
            "s3",
            "cp",
            "w/out/",
            "s3://bkt2/up/",
            "--recursive",
            "--case-conflict",
            "error",
        ],
        [
            "s3",
            "cp",
            "s3://bkt/",
            "s3://bkt2/copy/",
            "--recursive",
            "--case-conflict",
            "error",
        ],
    ] {
        let out = world.run(&world.ours, &args);
        assert_eq!(out.exit_code, 0, "{args:?}: {}", out.stderr);
    }
}

#[test]
fn s3_express_sources_allow_only_warn_and_ignore() {
    // The topic page's "S3 Express directory buckets" section: `error` and
    // `skip` make the command fail before anything is requested.
    let world = World::new();
    for mode in ["skip", "error"] {
        let out = world.run(
            &world.ours,
            &[
                "s3",
                "cp",
                "s3://mydirbucket--usw2-az1--x-s3",
                "w/out",
                "--recursive",
                "--case-conflict",
                mode,
            ],
        );
        assert_eq!(out.exit_code, 252, "{mode}: {}", out.stderr);
        assert!(
            out.stderr.contains(&format!(
                "`{mode}` is not a valid value for `--case-conflict`"
            )),
            "{}",
            out.stderr
        );
    }
}
