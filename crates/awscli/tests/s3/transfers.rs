//! `cp`, `mv`, `rm` and `sync` compared with the reference.
use crate::harness::{age_tree, World};

const BUCKET: &str = "bkt";

fn local(world: &World) {
    world.write_tree(&[
        ("a.txt", b"hello\n"),
        ("d/b.txt", b"world\n"),
        ("d/sub/c.bin", &[7u8; 3000]),
        ("d/sub/page.html", b"<p>x</p>"),
        ("d/e.json", b"{}"),
    ]);
    age_tree(world);
}

fn bucket(world: &World) {
    local(world);
    world.setup(&["s3", "mb", "s3://bkt"]);
}

fn seeded(world: &World) {
    bucket(world);
    world.setup(&["s3", "cp", "w/d", "s3://bkt/pre/", "--recursive", "--quiet"]);
    world.setup(&["s3", "cp", "w/a.txt", "s3://bkt/a.txt", "--quiet"]);
}

#[test]
fn uploads() {
    let world = World::new();
    for args in [
        vec!["s3", "cp", "w/a.txt", "s3://bkt/"],
        vec![
            "s3",
            "cp",
            "w/a.txt",
            "s3://bkt/renamed.txt",
            "--no-progress",
        ],
        vec!["s3", "cp", "w/a.txt", "s3://bkt"],
        vec![
            "s3",
            "cp",
            "w/d",
            "s3://bkt/x",
            "--recursive",
            "--no-progress",
        ],
        vec!["s3", "cp", "w/d/", "s3://bkt/", "--recursive"],
        vec![
            "s3",
            "cp",
            "w",
            "s3://bkt/",
            "--recursive",
            "--exclude",
            "*",
            "--include",
            "*.txt",
        ],
        vec![
            "s3",
            "cp",
            "w",
            "s3://bkt/",
            "--recursive",
            "--include",
            "*.txt",
            "--exclude",
            "*",
        ],
        vec![
            "s3",
            "cp",
            "w",
            "s3://bkt/",
            "--recursive",
            "--exclude",
            "d/sub/*",
        ],
        vec!["s3", "cp", "w", "s3://bkt/", "--recursive", "--dryrun"],
        vec!["s3", "cp", "w", "s3://bkt/", "--recursive", "--quiet"],
        vec![
            "s3",
            "cp",
            "w",
            "s3://bkt/",
            "--recursive",
            "--only-show-errors",
        ],
        vec!["s3", "cp", "w/missing", "s3://bkt/"],
        vec!["s3", "cp", "w/d", "s3://bkt/"],
        vec!["s3", "cp", "w/a.txt", "s3://nobucket/"],
        vec!["s3", "mv", "w/a.txt", "s3://bkt/moved/"],
        vec!["s3", "mv", "w/d", "s3://bkt/m", "--recursive"],
    ] {
        world.compare(&bucket, &args, &[BUCKET]);
    }
}

#[test]
fn downloads() {
    let world = World::new();
    for args in [
        vec!["s3", "cp", "s3://bkt/a.txt", "w/"],
        vec!["s3", "cp", "s3://bkt/a.txt", "w/new.txt"],
        vec!["s3", "cp", "s3://bkt/a.txt", "w/newdir/"],
        vec!["s3", "cp", "s3://bkt/pre", "w/out", "--recursive"],
        vec![
            "s3",
            "cp",
            "s3://bkt/",
            "w/all",
            "--recursive",
            "--exclude",
            "*.bin",
        ],
        vec![
            "s3",
            "cp",
            "s3://bkt/pre/",
            "w/o2/",
            "--recursive",
            "--dryrun",
        ],
        vec!["s3", "cp", "s3://bkt/nokey", "w/"],
        vec!["s3", "cp", "s3://nobucket/k", "w/"],
        vec!["s3", "mv", "s3://bkt/pre", "w/moved", "--recursive"],
        vec!["s3", "mv", "s3://bkt/a.txt", "w/"],
    ] {
        world.compare(&seeded, &args, &[BUCKET]);
    }
}

#[test]
fn copies_and_deletes() {
    let world = World::new();
    for args in [
        vec!["s3", "cp", "s3://bkt/a.txt", "s3://bkt/b.txt"],
        vec!["s3", "cp", "s3://bkt/pre/", "s3://bkt/copy/", "--recursive"],
        vec![
            "s3",
            "mv",
            "s3://bkt/pre/",
            "s3://bkt/moved/",
            "--recursive",
        ],
        vec!["s3", "mv", "s3://bkt/a.txt", "s3://bkt/a.txt"],
        vec!["s3", "rm", "s3://bkt/a.txt"],
        vec!["s3", "rm", "s3://bkt/not-there"],
        vec!["s3", "rm", "s3://bkt/pre", "--recursive"],
        vec!["s3", "rm", "s3://bkt/", "--recursive", "--exclude", "*.txt"],
        vec!["s3", "rm", "s3://bkt/", "--recursive", "--dryrun"],
        vec!["s3", "rm", "s3://bkt/", "--recursive", "--quiet"],
    ] {
        world.compare(&seeded, &args, &[BUCKET]);
    }
}

#[test]
fn streams() {
    let world = World::new();
    let expected_out = world.compare(&seeded, &["s3", "cp", "s3://bkt/a.txt", "-"], &[BUCKET]);
    assert_eq!(expected_out.stdout_text(), "hello\n");
    world.moto.reset().expect("reset");
    seeded(&world);
    let endpoint = world.moto.endpoint();
    let args = [
        "s3",
        "cp",
        "-",
        "s3://bkt/streamed.txt",
        "--endpoint-url",
        endpoint.as_str(),
    ];
    let ours = world.ours.run_with_stdin(args, Some(b"from stdin\n"));
    assert_eq!(ours.exit_code, 0, "{}", ours.stderr);
    assert_eq!(ours.stdout_text(), "");
    let back = world.run(
        &world.reference,
        &["s3", "cp", "s3://bkt/streamed.txt", "-"],
    );
    assert_eq!(back.stdout_text(), "from stdin\n");
}

#[test]
fn sync_rules() {
    let world = World::new();
    let synced = |w: &World| {
        seeded(w);
        // The local files are older than the objects: nothing to upload.
        w.write_tree(&[
            ("d/b.txt", b"world\n"),
            ("d/sub/c.bin", &[7u8; 3000]),
            ("d/sub/page.html", b"<p>x</p>"),
            ("d/e.json", b"{}"),
            ("d/new.txt", b"new"),
        ]);
        age_tree(w);
    };
    for args in [
        vec!["s3", "sync", "w/d", "s3://bkt/pre"],
        vec!["s3", "sync", "w/d", "s3://bkt/pre", "--delete"],
        vec!["s3", "sync", "w/d", "s3://bkt/other", "--exclude", "*.bin"],
        vec!["s3", "sync", "w/d", "s3://bkt/pre", "--size-only"],
        vec!["s3", "sync", "s3://bkt/pre", "w/down"],
        vec!["s3", "sync", "s3://bkt/pre", "w/d"],
        vec!["s3", "sync", "s3://bkt/pre", "w/d", "--delete"],
        vec!["s3", "sync", "s3://bkt/pre", "w/d", "--exact-timestamps"],
        vec!["s3", "sync", "s3://bkt/pre", "s3://bkt/copy"],
        vec!["s3", "sync", "s3://bkt/pre", "s3://bkt/copy", "--dryrun"],
    ] {
        world.compare(&synced, &args, &[BUCKET]);
    }
}

#[test]
fn multipart_round_trip() {
    let world = World::new();
    // 5 MiB parts (the minimum) so a 23 MiB file has five parts, through
    // the `s3` section of the profile, which both CLIs read.
    std::fs::write(
        world.reference.sandbox().config_file(),
        "[default]\ns3 =\n  multipart_threshold = 5MB\n  multipart_chunksize = 5MB\n",
    )
    .expect("writing the config file");
    let data: Vec<u8> = (0..23 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let prepare = |w: &World| {
        w.write_tree(&[("big.bin", &data)]);
        w.setup(&["s3", "mb", "s3://bkt"]);
    };
    world.compare(
        &prepare,
        &["s3", "cp", "w/big.bin", "s3://bkt/big.bin", "--no-progress"],
        &[BUCKET],
    );
    // Ours uploaded last, in five parts.
    let head = world.run(
        &world.reference,
        &[
            "s3api",
            "head-object",
            "--bucket",
            "bkt",
            "--key",
            "big.bin",
            "--query",
            "ETag",
        ],
    );
    assert!(
        head.stdout_text().contains("-5\\\""),
        "ETag: {}",
        head.stdout_text()
    );
    // Download it with the reference, and ours.
    world.setup(&["s3", "cp", "s3://bkt/big.bin", "w/ref.bin", "--quiet"]);
    let out = world.run(
        &world.ours,
        &[
            "s3",
            "cp",
            "s3://bkt/big.bin",
            "w/ours.bin",
            "--no-progress",
        ],
    );
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let tree = world.tree();
    assert_eq!(tree.get("ref.bin").map(Vec::len), Some(data.len()));
    assert!(
        tree.get("ref.bin") == Some(&data),
        "our multipart upload is not byte-identical"
    );
    assert!(
        tree.get("ours.bin") == Some(&data),
        "our ranged download is not byte-identical"
    );
    let leftovers: Vec<&String> = tree.keys().filter(|k| k.starts_with("ours.bin.")).collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    // An S3 -> S3 multipart copy.
    let out = world.run(
        &world.ours,
        &["s3", "cp", "s3://bkt/big.bin", "s3://bkt/copy.bin"],
    );
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    world.setup(&["s3", "cp", "s3://bkt/copy.bin", "w/copy.bin", "--quiet"]);
    assert!(
        world.tree().get("copy.bin") == Some(&data),
        "multipart copy differs"
    );
}
