//! Keys that would escape the destination, and symlinks out of it. The
//! reference 2.9.19 misses `/../x` (fixed in 2.34.57) and `a/../..` / `..`
//! (aws/aws-cli#10579) and writes through directory symlinks; we follow
//! 2.36 plus those fixes, so these tests assert our behaviour directly.
use std::time::{Duration, Instant};

use awscli_test_support::{Fault, FaultProxy, Rule};

use crate::harness::World;

fn put(world: &World, key: &str) {
    world.setup(&[
        "s3api",
        "put-object",
        "--bucket",
        "bkt",
        "--key",
        key,
        "--body",
        "w/payload",
    ]);
}

#[test]
fn traversal_keys_are_skipped_with_a_warning() {
    let world = World::new();
    world.write_tree(&[("payload", b"evil"), ("dest/keep", b"k")]);
    world.setup(&["s3", "mb", "s3://bkt"]);
    for key in ["../x", "/../y", "a/../..", "..", "ok/fine.txt"] {
        put(&world, key);
    }
    let out = world.run(
        &world.ours,
        &[
            "s3",
            "cp",
            "s3://bkt/",
            "w/dest/",
            "--recursive",
            "--no-progress",
        ],
    );
    assert_eq!(out.exit_code, 2, "stderr: {}", out.stderr);
    for key in ["../x", "/../y", "a/../..", ".."] {
        let line = format!("warning: Skipping file {key}. File references a parent directory.");
        assert!(
            out.stderr.contains(&line),
            "missing {line:?} in {}",
            out.stderr
        );
    }
    let tree = world.tree();
    assert!(
        !tree.contains_key("x") && !tree.contains_key("y"),
        "{tree:?}"
    );
    assert_eq!(
        tree.get("dest/ok/fine.txt").map(Vec::as_slice),
        Some(&b"evil"[..])
    );
    assert!(!world.root().join("x").exists() && !world.root().join("y").exists());
    // sync applies the same rule.
    let out = world.run(
        &world.ours,
        &["s3", "sync", "s3://bkt/", "w/dest2/", "--no-progress"],
    );
    assert_eq!(out.exit_code, 2, "stderr: {}", out.stderr);
}

#[test]
fn no_write_through_a_symlink_out_of_the_destination() {
    let world = World::new();
    world.write_tree(&[
        ("payload", b"evil"),
        ("outside/keep", b"k"),
        ("dest/placeholder", b""),
    ]);
    std::os::unix::fs::symlink("../outside", world.root().join("w/dest/sub")).expect("symlink");
    std::os::unix::fs::symlink("../outside/target", world.root().join("w/dest/file.txt"))
        .expect("symlink");
    world.setup(&["s3", "mb", "s3://bkt"]);
    put(&world, "sub/x.txt");
    put(&world, "file.txt");
    let out = world.run(
        &world.ours,
        &[
            "s3",
            "cp",
            "s3://bkt/",
            "w/dest/",
            "--recursive",
            "--no-progress",
        ],
    );
    assert_eq!(out.exit_code, 2, "stderr: {}", out.stderr);
    assert!(
        out.stderr.contains("warning: Skipping file sub/x.txt."),
        "{}",
        out.stderr
    );
    let tree = world.tree();
    assert!(
        !tree.contains_key("outside/x.txt"),
        "wrote through the directory link: {tree:?}"
    );
    assert!(
        !tree.contains_key("outside/target"),
        "wrote through the file link: {tree:?}"
    );
    // The file link itself was replaced by the download (rename semantics).
    assert_eq!(
        tree.get("dest/file.txt").map(Vec::as_slice),
        Some(&b"evil"[..])
    );
}

#[test]
fn symlinks_on_upload_match_the_reference() {
    let world = World::new();
    let prepare = |w: &World| {
        w.write_tree(&[("src/real.txt", b"real"), ("outside/o.txt", b"outside")]);
        let link = |target: &str, name: &str| {
            let _ = std::os::unix::fs::symlink(target, w.root().join("w/src").join(name));
        };
        link("real.txt", "alias.txt");
        link("missing.txt", "broken.txt");
        link("../outside", "dirlink");
        w.setup(&["s3", "mb", "s3://bkt"]);
    };
    for args in [
        vec![
            "s3",
            "cp",
            "w/src",
            "s3://bkt/",
            "--recursive",
            "--no-progress",
        ],
        vec![
            "s3",
            "cp",
            "w/src",
            "s3://bkt/",
            "--recursive",
            "--no-progress",
            "--no-follow-symlinks",
        ],
        vec!["s3", "sync", "w/src", "s3://bkt/", "--no-progress"],
        vec![
            "s3",
            "sync",
            "w/src",
            "s3://bkt/",
            "--no-progress",
            "--follow-symlinks",
        ],
        vec![
            "s3",
            "sync",
            "w/src",
            "s3://bkt/",
            "--no-progress",
            "--no-follow-symlinks",
        ],
        vec!["s3", "cp", "w/src/alias.txt", "s3://bkt/one.txt"],
        vec!["s3", "cp", "w/src/broken.txt", "s3://bkt/one.txt"],
        vec![
            "s3",
            "cp",
            "w/src/alias.txt",
            "s3://bkt/one.txt",
            "--no-follow-symlinks",
        ],
    ] {
        world.compare(&prepare, &args, &["bkt"]);
    }
}

/// Ctrl-C in the middle of a multipart upload and of a ranged download:
/// exit code 130, `cancelled: ctrl-c received`, the multipart upload
/// aborted and no partial or temporary file left (not compared with the
/// reference, whose timing differs). The transfers go through a fault
/// proxy that holds the object's responses back, and the signal is sent
/// once such a request is in flight, so the interruption always lands in
/// the middle of the transfer however fast the machine is.
#[test]
fn ctrl_c_cleans_up() {
    let world = World::new();
    let big = vec![5u8; 200 << 20];
    world.write_tree(&[("big.bin", &big), ("down/.keep", b"")]);
    world.setup(&["s3", "mb", "s3://bkt"]);
    let proxy = FaultProxy::start(world.moto.addr()).expect("starting the fault proxy");
    let endpoint = proxy.endpoint();
    let interrupt = |method: &str, args: &[&str]| {
        proxy.set_rules([Rule::new(Fault::DelayBody {
            after_bytes: 1000,
            delay: Duration::from_secs(60),
        })
        .method(method)
        .path("/bkt/big.bin")]);
        let mut full: Vec<&str> = args.to_vec();
        full.extend(["--endpoint-url", endpoint.as_str()]);
        let child = world
            .ours
            .command(&full)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("starting our CLI");
        let deadline = Instant::now() + Duration::from_secs(60);
        while !proxy.requests().iter().any(|r| r.rule.is_some()) {
            assert!(
                Instant::now() < deadline,
                "no {method} of the object reached the proxy"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let status = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        let output = child.wait_with_output().expect("waiting");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (code, stderr) = interrupt("PUT", &["s3", "cp", "w/big.bin", "s3://bkt/big.bin"]);
    assert_eq!(code, Some(130), "{stderr}");
    assert!(stderr.contains("cancelled: ctrl-c received"), "{stderr}");
    let uploads = world.run(
        &world.reference,
        &[
            "s3api",
            "list-multipart-uploads",
            "--bucket",
            "bkt",
            "--query",
            "Uploads[].Key",
            "--output",
            "text",
        ],
    );
    assert_eq!(
        uploads.stdout_text().trim(),
        "None",
        "multipart uploads left behind"
    );
    assert_eq!(world.objects("bkt").trim(), "None");
    world.setup(&["s3", "cp", "w/big.bin", "s3://bkt/big.bin", "--quiet"]);
    let (code, stderr) = interrupt("GET", &["s3", "cp", "s3://bkt/big.bin", "w/down/"]);
    assert_eq!(code, Some(130), "{stderr}");
    let left: Vec<String> = world
        .tree()
        .into_keys()
        .filter(|k| k.starts_with("down/big"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// Keys with empty segments or dots inside a name stay inside the
/// destination and are downloaded where the reference puts them.
#[test]
fn odd_keys_inside_the_destination_match_the_reference() {
    odd_keys(&["d//e.txt", "h/i..txt", "j/.hidden"]);
}

/// Keys with `.` or `..` segments that stay inside the destination: the
/// request path must carry them as they are (a URL parser would remove
/// them and ask for another key), as botocore sends it.
#[test]
fn dot_segment_keys_match_the_reference() {
    odd_keys(&["a/../b.txt", "./c.txt", "f/./g.txt"]);
}

fn odd_keys(keys: &[&str]) {
    let world = World::new();
    let prepare = |w: &World| {
        w.write_tree(&[("payload", b"data"), ("dest/keep", b"k")]);
        w.setup(&["s3", "mb", "s3://bkt"]);
        for key in keys {
            put(w, key);
        }
    };
    for args in [
        vec![
            "s3",
            "cp",
            "s3://bkt/",
            "w/dest/",
            "--recursive",
            "--no-progress",
        ],
        vec!["s3", "sync", "s3://bkt/", "w/dest/", "--no-progress"],
    ] {
        world.compare(&prepare, &args, &["bkt"]);
    }
}

/// A traversal key given as the single source of `cp` (not recursive) goes
/// where the destination says, as in the reference: only the recursive
/// forms join the key to the destination.
#[test]
fn traversal_key_as_a_single_source_matches_the_reference() {
    let world = World::new();
    let prepare = |w: &World| {
        w.write_tree(&[("payload", b"evil"), ("dest/keep", b"k")]);
        w.setup(&["s3", "mb", "s3://bkt"]);
        put(w, "../x");
    };
    world.compare(
        &prepare,
        &["s3", "cp", "s3://bkt/../x", "w/dest/x", "--no-progress"],
        &["bkt"],
    );
}
