//! `aws cloudformation deploy` against moto: a create through a change
//! set, `--no-execute-changeset`, and the reference's errors for bad input
//! (missing template, malformed parameter overrides). moto fails the
//! UPDATE path (an internal error in `GetTemplateSummary`), so updates and
//! empty change sets are not compared here.

use awscli_test_support::compare::assert_same_outcome;
use awscli_test_support::{Cli, MotoServer};

use crate::util::{clis, with_endpoint};

const TEMPLATE: &str = "Parameters:
  Name:
    Type: String
    Default: q1
  Other:
    Type: String
    Default: x
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Ref Name
";

fn write_template(cli: &Cli) -> String {
    cli.sandbox()
        .write("template.yaml", TEMPLATE)
        .expect("writing the template")
        .display()
        .to_string()
}

#[test]
fn deploy_creates_the_stack_like_the_reference() {
    let moto = MotoServer::shared();
    let endpoint = moto.endpoint();
    let (ours, reference) = clis(&endpoint);
    let template = write_template(&reference);
    let args = with_endpoint(
        &[
            "cloudformation",
            "deploy",
            "--template-file",
            &template,
            "--stack-name",
            "demo",
            "--parameter-overrides",
            "Name=demo-queue",
            "--tags",
            "team=a",
            "owner=b",
            "--capabilities",
            "CAPABILITY_IAM",
        ],
        &endpoint,
    );
    let expected = reference.run(&args);
    assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
    moto.reset().expect("resetting moto");
    let actual = ours.run(&args);
    assert_same_outcome(&expected, &actual);
    // The stack really exists with the overridden parameter and the tags.
    let check = with_endpoint(
        &[
            "cloudformation", "describe-stacks", "--stack-name", "demo", "--query",
            "Stacks[0].[StackStatus, Parameters[?ParameterKey=='Name'].ParameterValue | [0], length(Tags)]",
            "--output", "text",
        ],
        &endpoint,
    );
    assert_eq!(
        reference.run(&check).stdout_text(),
        "CREATE_COMPLETE\tdemo-queue\t2\n"
    );
}

#[test]
fn no_execute_changeset_prints_the_review_command() {
    let moto = MotoServer::shared();
    let endpoint = moto.endpoint();
    let (ours, reference) = clis(&endpoint);
    let template = write_template(&reference);
    let args = with_endpoint(
        &[
            "cloudformation",
            "deploy",
            "--template-file",
            &template,
            "--stack-name",
            "demo",
            "--no-execute-changeset",
        ],
        &endpoint,
    );
    let expected = reference.run(&args);
    assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
    moto.reset().expect("resetting moto");
    let actual = ours.run(&args);
    assert_eq!(actual.exit_code, 0, "{}", actual.stderr);
    // The change set ARN ends in a generated id.
    let mask = |text: String| -> String {
        text.lines()
            .map(|l| match l.find("arn:aws:cloudformation:") {
                Some(at) => format!("{}<arn>", &l[..at]),
                None => l.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(mask(actual.stdout_text()), mask(expected.stdout_text()));
    assert!(actual
        .stdout_text()
        .contains("changeSet/awscli-cloudformation-package-deploy-"));
}

#[test]
fn bad_input_matches_the_reference() {
    let moto = MotoServer::shared();
    let endpoint = moto.endpoint();
    let (ours, reference) = clis(&endpoint);
    let template = write_template(&reference);
    let cases: Vec<Vec<&str>> = vec![
        vec![
            "cloudformation",
            "deploy",
            "--template-file",
            "missing.yaml",
            "--stack-name",
            "s",
        ],
        vec![
            "cloudformation",
            "deploy",
            "--template-file",
            &template,
            "--stack-name",
            "s",
            "--parameter-overrides",
            "Name",
        ],
        vec![
            "cloudformation",
            "deploy",
            "--template-file",
            &template,
            "--stack-name",
            "s",
            "--parameter-overrides",
            r#"[{"x": 1}]"#,
        ],
        vec![
            "cloudformation",
            "deploy",
            "--template-file",
            &template,
            "--stack-name",
            "s",
            "--tags",
            "novalue",
        ],
        vec!["cloudformation", "deploy", "--template-file", &template],
        vec![
            "cloudformation",
            "deploy",
            "--template-file",
            &template,
            "--stack-name",
            "s",
            "--parameter-overrides",
            "file://nope.json",
        ],
    ];
    for args in cases {
        let args = with_endpoint(&args, &endpoint);
        let expected = reference.run(&args);
        assert_ne!(expected.exit_code, 0, "{args:?}");
        assert_same_outcome(&expected, &ours.run(&args));
    }
    // Nothing was created by the failed runs.
    let stacks = reference.run(with_endpoint(
        &[
            "cloudformation",
            "list-stacks",
            "--query",
            "length(StackSummaries)",
        ],
        &endpoint,
    ));
    assert_eq!(stacks.stdout_text().trim(), "0");
}

/// `--s3-bucket`: the template goes to S3 first, under its MD5. The
/// reference's S3 client ignores `--endpoint-url` (and 2.9.19 ignores
/// `AWS_ENDPOINT_URL`), so only ours can be pointed at moto, through
/// `AWS_ENDPOINT_URL` as 2.36 allows. moto's CloudFormation then cannot
/// read a `TemplateURL` on 127.0.0.1, so the check stops at the upload.
#[test]
fn s3_bucket_uploads_the_template_first() {
    let moto = MotoServer::shared();
    let endpoint = moto.endpoint();
    let (ours, _) = clis(&endpoint);
    let template = write_template(&ours);
    let created = ours.run(["s3api", "create-bucket", "--bucket", "templates"]);
    assert_eq!(created.exit_code, 0, "{}", created.stderr);
    let deploy = |bucket: &str| {
        ours.run([
            "cloudformation",
            "deploy",
            "--template-file",
            &template,
            "--stack-name",
            "demo",
            "--s3-bucket",
            bucket,
            "--s3-prefix",
            "pre",
        ])
    };
    let _ = deploy("templates");
    let digest = {
        use md5::Digest;
        md5::Md5::digest(TEMPLATE.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let listed = ours.run([
        "s3api",
        "list-objects-v2",
        "--bucket",
        "templates",
        "--query",
        "Contents[].Key",
        "--output",
        "text",
    ]);
    assert_eq!(
        listed.stdout_text().trim(),
        format!("pre/{digest}.template")
    );
    let missing = deploy("no-such-bucket");
    assert_eq!(missing.exit_code, 255);
    assert_eq!(
        missing.stderr,
        "\naws: [ERROR]: S3 Bucket does not exist. Execute the command to create a new bucket\naws s3 mb s3://no-such-bucket\n"
    );
}
