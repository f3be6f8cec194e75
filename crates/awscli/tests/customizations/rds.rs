//! `aws rds generate-db-auth-token`: a presigned `connect` URL made
//! locally, compared structurally with the reference's and verified.

use awscli_test_support::compare::assert_same_outcome;
use awscli_test_support::Cli;

use crate::sigv4::expected_signature;
use crate::util::PresignedUrl;

fn pair() -> (Cli, Cli) {
    Cli::pair(env!("CARGO_BIN_EXE_aws")).expect("creating the test sandbox")
}

#[test]
fn token_has_the_reference_structure_and_verifies() {
    let (ours, reference) = pair();
    for (host, port, user) in [
        ("db.cluster-x.us-east-1.rds.amazonaws.com", "5432", "me@x y"),
        ("db.example", "443", "admin"),
    ] {
        let args = [
            "rds",
            "generate-db-auth-token",
            "--hostname",
            host,
            "--port",
            port,
            "--username",
            user,
        ];
        let expected = reference.run(args);
        let actual = ours.run(args);
        assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
        assert_eq!(actual.exit_code, 0, "{}", actual.stderr);
        let e = format!("https://{}", expected.stdout_text().trim_end());
        let a = format!("https://{}", actual.stdout_text().trim_end());
        let (pe, pa) = (PresignedUrl::parse(&e), PresignedUrl::parse(&a));
        assert_eq!(pa.scheme_host_path, pe.scheme_host_path);
        assert_eq!(pa.shape(), pe.shape());
        assert_eq!(pa.query[0], pe.query[0], "Action first");
        assert_eq!(pa.query[1], pe.query[1], "DBUser second");
        assert_eq!(pa.get("X-Amz-Expires"), Some("900"));
        assert_eq!(
            expected_signature(&a, &[], "testing"),
            pa.get("X-Amz-Signature").unwrap()
        );
        assert_eq!(
            expected_signature(&e, &[], "testing"),
            pe.get("X-Amz-Signature").unwrap(),
            "the checker agrees with the reference's signature"
        );
    }
}

#[test]
fn bad_input_matches_the_reference() {
    let (ours, reference) = pair();
    for args in [
        vec![
            "rds",
            "generate-db-auth-token",
            "--hostname",
            "db",
            "--username",
            "u",
        ],
        vec![
            "rds",
            "generate-db-auth-token",
            "--hostname",
            "db",
            "--port",
            "x",
            "--username",
            "u",
        ],
    ] {
        let expected = reference.run(&args);
        assert_ne!(expected.exit_code, 0);
        assert_same_outcome(&expected, &ours.run(&args));
    }
}
