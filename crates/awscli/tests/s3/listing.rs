//! `ls`, `mb`, `rb`, `presign`, `website`, and argument errors.
use crate::harness::{assert_same_output, World};

fn seed(world: &World) {
    world.write_tree(&[
        ("a.txt", b"hello\n"),
        ("dir/b.txt", b"world\n"),
        ("dir/sub/c.bin", &[7u8; 3000]),
        ("big.bin", &[1u8; 1536]),
    ]);
    world.setup(&["s3", "mb", "s3://bkt"]);
    world.setup(&["s3", "cp", "w", "s3://bkt/", "--recursive", "--quiet"]);
}

#[test]
fn ls_variants_match_the_reference() {
    let world = World::new();
    seed(&world);
    for args in [
        vec!["s3", "ls"],
        vec!["s3", "ls", "s3://bkt"],
        vec!["s3", "ls", "s3://bkt/"],
        vec!["s3", "ls", "s3://bkt/dir/"],
        vec!["s3", "ls", "s3://bkt/dir"],
        vec!["s3", "ls", "s3://bkt", "--recursive"],
        vec![
            "s3",
            "ls",
            "s3://bkt",
            "--recursive",
            "--human-readable",
            "--summarize",
        ],
        vec!["s3", "ls", "s3://bkt/dir/", "--summarize"],
        vec!["s3", "ls", "s3://bkt/nothing-here"],
        vec!["s3", "ls", "s3://bkt", "--recursive", "--page-size", "1"],
        vec!["s3", "ls", "bkt"],
    ] {
        let expected = world.run(&world.reference, &args);
        let actual = world.run(&world.ours, &args);
        assert_same_output(&expected, &actual);
        // ls prints in listing order: compare it exactly.
        assert_eq!(expected.stdout_text(), actual.stdout_text(), "{args:?}");
    }
}

#[test]
fn ls_of_a_missing_bucket_fails_like_a_service_error() {
    let world = World::new();
    let expected = world.run(&world.reference, &["s3", "ls", "s3://missing"]);
    let actual = world.run(&world.ours, &["s3", "ls", "s3://missing"]);
    assert_eq!(expected.exit_code, 254);
    assert_eq!(actual.exit_code, 254);
    // 2.36 adds moto's BucketName under "Additional error details:".
    assert!(actual.stderr.starts_with(
        "\naws: [ERROR]: An error occurred (NoSuchBucket) when calling the ListObjectsV2 operation: The specified bucket does not exist\n"
    ), "{}", actual.stderr);
}

#[test]
fn mb_and_rb() {
    let world = World::new();
    let empty = |_: &World| {};
    world.compare(&empty, &["s3", "mb", "s3://new-bucket"], &["new-bucket"]);
    let with_objects = |w: &World| seed(w);
    world.compare(&with_objects, &["s3", "rb", "s3://bkt"], &["bkt"]);
    world.compare(&with_objects, &["s3", "rb", "s3://bkt", "--force"], &[]);
    world.compare(&with_objects, &["s3", "mb", "s3://bkt"], &["bkt"]);
    world.compare(&empty, &["s3", "rb", "s3://bkt/key"], &[]);
    world.compare(&empty, &["s3", "mb", "bkt"], &[]);
}

#[test]
fn argument_errors() {
    let world = World::new();
    for args in [
        vec!["s3", "lss"],
        vec!["s3", "cp"],
        vec!["s3", "cp", "a"],
        vec!["s3", "cp", "a", "b", "--foo"],
        vec!["s3", "cp", "a", "b", "c"],
        vec!["s3", "cp", "a", "b"],
        vec!["s3", "rm", "w"],
        vec!["s3", "cp", "a", "s3://b", "--acl", "bad"],
        vec!["s3", "ls", "--page-size", "x"],
        vec!["s3", "rm", "s3://b/k", "--include"],
        vec!["s3", "sync", "w", "-"],
        vec!["s3", "cp", "-", "s3://b/k", "--recursive"],
    ] {
        let expected = world.run(&world.reference, &args);
        let actual = world.run(&world.ours, &args);
        assert_same_output(&expected, &actual);
    }
}

#[test]
fn presign_urls_have_the_reference_shape() {
    let world = World::new();
    let mask = |url: &str| -> String {
        url.trim()
            .split('&')
            .map(|part| match part.split_once('=') {
                Some((k, _))
                    if k == "X-Amz-Date" || k == "X-Amz-Signature" || k == "X-Amz-Credential" =>
                {
                    format!("{k}=*")
                }
                _ => part.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("&")
    };
    for args in [
        vec!["s3", "presign", "s3://bkt/some key+x.txt"],
        vec!["s3", "presign", "s3://bkt/k", "--expires-in", "60"],
    ] {
        let expected = world.run(&world.reference, &args);
        let actual = world.run(&world.ours, &args);
        assert_eq!(expected.exit_code, actual.exit_code, "{}", actual.stderr);
        assert_eq!(mask(&expected.stdout_text()), mask(&actual.stdout_text()));
    }
}

#[test]
fn website_sets_the_configuration() {
    let world = World::new();
    let prepare = |w: &World| w.setup(&["s3", "mb", "s3://site"]);
    world.compare(
        &prepare,
        &[
            "s3",
            "website",
            "s3://site/",
            "--index-document",
            "index.html",
            "--error-document",
            "err.html",
        ],
        &[],
    );
    let out = world.run(
        &world.reference,
        &["s3api", "get-bucket-website", "--bucket", "site"],
    );
    assert!(
        out.stdout_text().contains("index.html"),
        "{}",
        out.stdout_text()
    );
}
