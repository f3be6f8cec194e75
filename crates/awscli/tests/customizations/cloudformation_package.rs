//! `aws cloudformation package` against moto's S3, compared with the
//! reference on the same template tree: the output template (byte for
//! byte), the uploaded object keys (MD5 of the zip or file, so the zip
//! archives must be identical), stdout, stderr and exit codes.
//!
//! The reference's S3 client ignores `--endpoint-url` and 2.9.19 knows no
//! `AWS_ENDPOINT_URL`, so the reference is pointed at moto by an S3
//! endpoint rule set in the sandbox's `~/.aws/models` (botocore's loader
//! looks there first); ours uses `AWS_ENDPOINT_URL` as 2.36 allows. The
//! one visible consequence: a nested stack's `TemplateURL` is built on the
//! client's endpoint, which for the reference stays
//! `https://s3.us-east-1.amazonaws.com` and for ours is moto's, so that
//! prefix is normalised before comparing.

use awscli_test_support::compare::assert_same_outcome;
use awscli_test_support::{Cli, CliOutput, MotoServer};

use crate::util::clis;

const REGIONAL: &str = "https://s3.us-east-1.amazonaws.com";

/// Points the reference's S3 client at `endpoint` (buckets path-style).
fn route_reference_s3(cli: &Cli, endpoint: &str) {
    let rules = serde_json::json!({
        "version": "1.0",
        "parameters": {
            "Bucket": {"type": "String", "required": false},
            "Region": {"type": "String", "builtIn": "AWS::Region", "required": false}
        },
        "rules": [
            {"type": "endpoint", "conditions": [{"fn": "isSet", "argv": [{"ref": "Bucket"}]}],
             "endpoint": {"url": format!("{endpoint}/{{Bucket}}"), "properties": {}, "headers": {}}},
            {"type": "endpoint", "conditions": [],
             "endpoint": {"url": endpoint, "properties": {}, "headers": {}}}
        ]
    });
    cli.sandbox()
        .write(
            ".aws/models/s3/2006-03-01/endpoint-rule-set-1.json",
            rules.to_string(),
        )
        .expect("writing the S3 rule set");
}

/// The sorted keys of `bucket`, through the reference (routed to moto).
fn keys(reference: &Cli, bucket: &str) -> Vec<String> {
    let listed = reference.run([
        "s3api",
        "list-objects-v2",
        "--bucket",
        bucket,
        "--query",
        "Contents[].Key",
        "--output",
        "text",
    ]);
    assert_eq!(listed.exit_code, 0, "{}", listed.stderr);
    let mut keys: Vec<String> = listed
        .stdout_text()
        .split_whitespace()
        .filter(|k| *k != "None")
        .map(str::to_owned)
        .collect();
    keys.sort();
    keys
}

fn make_bucket(reference: &Cli, bucket: &str) {
    let made = reference.run(["s3api", "create-bucket", "--bucket", bucket]);
    assert_eq!(made.exit_code, 0, "{}", made.stderr);
}

/// Our output with moto's endpoint in nested `TemplateURL`s read as the
/// reference's regional S3 endpoint.
fn normalised(mut ours: CliOutput, endpoint: &str) -> CliOutput {
    let text = String::from_utf8_lossy(&ours.stdout).replace(endpoint, REGIONAL);
    ours.stdout = text.into_bytes();
    ours
}

const TEMPLATE: &str = r##"AWSTemplateFormatVersion: 2010-09-09
Transform: AWS::Serverless-2016-10-31
Description: "A template with every kind of local artifact the exporter knows, and a long description that the YAML emitter has to fold over more than one line"
Metadata:
  AWS::ServerlessRepo::Application:
    Name: app
    ReadmeUrl: README.md
    LicenseUrl: s3://elsewhere/LICENSE
Parameters:
  Stage:
    Type: String
    AllowedValues: [dev, "prod", 'yes', "on"]
    Default: dev
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src
      Handler: index.handler
      Runtime: python3.12
      Environment:
        Variables:
          TABLE: !Ref Table
          ARN: !GetAtt Table.Arn
          ENABLED: yes
          QUOTED: "true"
          NUM: "123"
          EMPTY: ""
  Layer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: ./layer/
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: !Ref Stage
      DefinitionUri: api/openapi.yaml
  InlineApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: dev
      DefinitionBody: {openapi: "3.0.1"}
  Rest:
    Type: AWS::ApiGateway::RestApi
    Properties:
      BodyS3Location: api/openapi.yaml
  Zipped:
    Type: AWS::Lambda::Function
    Properties:
      Code: bundle.zip
      Handler: index.handler
      Role: !Sub "arn:aws:iam::${AWS::AccountId}:role/x"
  Remote:
    Type: AWS::Lambda::Function
    Properties:
      Code:
        S3Bucket: already
        S3Key: there.zip
  Bean:
    Type: AWS::ElasticBeanstalk::ApplicationVersion
    Properties:
      ApplicationName: app
      SourceBundle: src
  Job:
    Type: AWS::Glue::Job
    Properties:
      Command:
        Name: glueetl
        ScriptLocation: scripts/job.py
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionS3Location: machine.json
  Schema:
    Type: AWS::AppSync::GraphQLSchema
    Properties:
      ApiId: x
      DefinitionS3Location: schema.graphql
  Resolver:
    Type: AWS::AppSync::Resolver
    Properties:
      ApiId: x
      RequestMappingTemplateS3Location: request.vtl
      ResponseMappingTemplate: "$util.toJson($ctx.result)"
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: nested/child.yaml
  Table:
    Type: AWS::DynamoDB::Table
    Condition: IsProd
    Properties:
      Fn::Transform:
        Name: AWS::Include
        Parameters:
          Location: include.yaml
      Script: "#!/bin/sh\necho 'hello'\nexit 0\n"
      Dates: ["2010-09-09", 2010-09-09]
      Floats: [1.5, 1e3, .inf]
"##;

const CHILD: &str = "Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Code: ../src
      Handler: !Join ['.', [index, handler]]
";

const GRANDCHILD: &str = r#"{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": {"Fn::Sub": "${AWS::StackName}-q"}, "Tags": []}}}}"#;

/// The tree the template refers to, under `project/` in the sandbox.
fn write_tree(cli: &Cli) -> String {
    let files: &[(&str, &[u8])] = &[
        ("project/template.yaml", TEMPLATE.as_bytes()),
        (
            "project/src/index.py",
            b"def handler(event, context):\n    return 1\n",
        ),
        ("project/src/lib/util.py", b"X = 1\n"),
        ("project/src/data.json", b"{}\n"),
        ("project/layer/python/mod.py", b"Y = 2\n"),
        ("project/api/openapi.yaml", b"openapi: 3.0.1\n"),
        ("project/scripts/job.py", b"print('job')\n"),
        ("project/machine.json", b"{\"StartAt\": \"A\"}\n"),
        ("project/schema.graphql", b"type Query { a: String }\n"),
        ("project/request.vtl", b"{}\n"),
        ("project/include.yaml", b"TableName: t\n"),
        ("project/README.md", b"# App\n"),
        ("project/nested/child.yaml", CHILD.as_bytes()),
        // A ready-made archive is uploaded as it is.
        ("project/bundle.zip", &EMPTY_ZIP),
    ];
    for (path, content) in files {
        cli.sandbox()
            .write(path, content)
            .expect("writing the tree");
    }
    "project/template.yaml".to_owned()
}

/// An empty zip archive (only the end-of-central-directory record).
const EMPTY_ZIP: [u8; 22] = [
    0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
];

#[test]
fn package_matches_the_reference_on_a_full_tree() {
    let moto = MotoServer::shared();
    let endpoint = moto.endpoint();
    let (ours, reference) = clis(&endpoint);
    route_reference_s3(&reference, &endpoint);
    let template = write_tree(&reference);
    let args = [
        "cloudformation",
        "package",
        "--template-file",
        &template,
        "--s3-bucket",
        "artifacts",
        "--s3-prefix",
        "app/v1",
    ];
    make_bucket(&reference, "artifacts");
    let expected = reference.run(args);
    assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
    let expected_keys = keys(&reference, "artifacts");
    assert!(expected_keys.len() > 10, "{expected_keys:?}");

    moto.reset().expect("resetting moto");
    make_bucket(&reference, "artifacts");
    let actual = normalised(ours.run(args), &endpoint);
    assert_same_outcome(&expected, &actual);
    assert_eq!(keys(&reference, "artifacts"), expected_keys);

    // Everything is there now: a second run uploads nothing (no progress
    // on stderr) and prints the same template.
    let again = normalised(ours.run(args), &endpoint);
    assert_eq!(again.exit_code, 0);
    assert_eq!(again.stderr, "");
    assert_eq!(again.stdout, expected.stdout);
}

#[test]
fn json_output_file_metadata_and_force_upload() {
    let moto = MotoServer::shared();
    let endpoint = moto.endpoint();
    let (ours, reference) = clis(&endpoint);
    route_reference_s3(&reference, &endpoint);
    write_tree(&reference);
    // JSON cannot hold the dates a YAML template loads (see the bad input).
    let without_dates = TEMPLATE
        .replace(": 2010-09-09", ": '2010-09-09'")
        .replace(", 2010-09-09]", "]");
    let template = reference
        .sandbox()
        .write("project/nodates.yaml", without_dates)
        .expect("writing")
        .display()
        .to_string();
    let run = |cli: &Cli, out: &str, extra: &[&str]| {
        let mut args = vec![
            "cloudformation",
            "package",
            "--template-file",
            &template,
            "--s3-bucket",
            "meta",
            "--use-json",
            "--output-template-file",
            out,
            "--metadata",
            "team=a,env=b",
        ];
        args.extend(extra);
        cli.run(args)
    };
    make_bucket(&reference, "meta");
    let expected = run(&reference, "ref.json", &[]);
    assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
    let head = |cli: &Cli| {
        let key = keys(&reference, "meta")
            .into_iter()
            .find(|k| !k.ends_with(".template"))
            .expect("an uploaded artifact");
        cli.run([
            "s3api",
            "head-object",
            "--bucket",
            "meta",
            "--key",
            &key,
            "--query",
            "[Metadata, ServerSideEncryption]",
            "--output",
            "json",
        ])
        .stdout_text()
    };
    let expected_head = head(&reference);
    let expected_keys = keys(&reference, "meta");

    moto.reset().expect("resetting moto");
    make_bucket(&reference, "meta");
    let actual = run(&ours, "ours.json", &[]);
    assert_eq!(actual.exit_code, expected.exit_code, "{}", actual.stderr);
    assert_eq!(
        actual.stdout_text().replace("ours.json", "ref.json"),
        expected.stdout_text()
    );
    assert_eq!(actual.stderr, expected.stderr);
    let read = |name: &str| {
        std::fs::read_to_string(reference.sandbox().path().join(name)).expect("the output file")
    };
    assert_eq!(
        read("ours.json").replace(&endpoint, REGIONAL),
        read("ref.json")
    );
    assert_eq!(head(&reference), expected_head);
    assert_eq!(keys(&reference, "meta"), expected_keys);

    // --force-upload sends every artifact again, in the same order.
    let forced_ref = run(&reference, "ref.json", &["--force-upload"]);
    let forced_ours = run(&ours, "ours.json", &["--force-upload"]);
    assert_eq!(forced_ours.exit_code, 0, "{}", forced_ours.stderr);
    assert_eq!(forced_ours.stderr, forced_ref.stderr);
    assert!(forced_ours.stderr.contains("Uploading to "));
}

/// Splits the upload progress (`\rUploading to ...`) off the front of
/// stderr, so the error after it can be compared in the 2.36 layout.
fn split_progress(mut out: CliOutput) -> (String, CliOutput) {
    if !out.stderr.starts_with('\r') {
        return (String::new(), out);
    }
    let at = out.stderr.find('\n').unwrap_or(out.stderr.len());
    let progress = out.stderr[..at].to_owned();
    out.stderr = out.stderr[at..].to_owned();
    (progress, out)
}

#[test]
fn bad_input_matches_the_reference_and_writes_no_template() {
    let moto = MotoServer::shared();
    let endpoint = moto.endpoint();
    let (ours, reference) = clis(&endpoint);
    route_reference_s3(&reference, &endpoint);
    let sandbox = reference.sandbox();
    sandbox
        .write(
            "bad/missing-code.yaml",
            "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: nowhere\n",
        )
        .expect("writing");
    sandbox
        .write(
            "bad/missing-include.yaml",
            "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Fn::Transform:\n      Name: AWS::Include\n      Parameters:\n        Location: nope.yaml\n",
        )
        .expect("writing");
    sandbox
        .write(
            "bad/missing-child.yaml",
            "Resources:\n  S:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: child/none.yaml\n",
        )
        .expect("writing");
    sandbox
        .write(
            "bad/list-code.yaml",
            "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code: [a, b]\n",
        )
        .expect("writing");
    let template = write_tree(&reference);
    let cases: Vec<Vec<&str>> = vec![
        vec!["--template-file", "missing.yaml", "--s3-bucket", "bad"],
        vec![
            "--template-file",
            "bad/missing-code.yaml",
            "--s3-bucket",
            "bad",
        ],
        vec![
            "--template-file",
            "bad/missing-include.yaml",
            "--s3-bucket",
            "bad",
        ],
        vec![
            "--template-file",
            "bad/missing-child.yaml",
            "--s3-bucket",
            "bad",
        ],
        vec![
            "--template-file",
            "bad/list-code.yaml",
            "--s3-bucket",
            "bad",
        ],
        vec![
            "--template-file",
            &template,
            "--s3-bucket",
            "no-such-bucket",
        ],
        vec![
            "--template-file",
            &template,
            "--s3-bucket",
            "bad",
            "--use-json",
        ],
        vec!["--template-file", &template],
        vec!["--s3-bucket", "bad"],
    ];
    for case in cases {
        let mut args = vec!["cloudformation", "package"];
        args.extend(&case);
        args.extend(["--output-template-file", "out/packaged.yaml"]);
        sandbox.write("out/.keep", "").expect("writing");
        // Each CLI starts from the same state (an empty bucket).
        moto.reset().expect("resetting moto");
        make_bucket(&reference, "bad");
        let expected = reference.run(&args);
        assert_ne!(expected.exit_code, 0, "{args:?}");
        moto.reset().expect("resetting moto");
        make_bucket(&reference, "bad");
        let actual = ours.run(&args);
        let (expected_progress, expected) = split_progress(expected);
        let (progress, actual) = split_progress(actual);
        assert_eq!(progress, expected_progress, "{args:?}");
        assert_same_outcome(&expected, &actual);
        assert!(
            !sandbox.path().join("out/packaged.yaml").exists(),
            "{args:?} left an output template"
        );
        let leftovers: Vec<_> = std::fs::read_dir(sandbox.path().join("out"))
            .expect("listing out/")
            .flatten()
            .map(|e| e.file_name())
            .filter(|n| n != ".keep")
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

/// A nested stack inside a nested stack: each level is packaged and
/// uploaded as YAML. The middle template holds the path-style URL of the
/// innermost one, whose endpoint differs (see the module doc), so the middle
/// template is compared after download and normalisation, and its key is
/// masked in the top-level output.
#[test]
fn nested_templates_are_packaged_recursively() {
    let moto = MotoServer::shared();
    let endpoint = moto.endpoint();
    let (ours, reference) = clis(&endpoint);
    route_reference_s3(&reference, &endpoint);
    let sandbox = reference.sandbox();
    sandbox
        .write(
            "tree/top.yaml",
            "Resources:\n  Child:\n    Type: AWS::Serverless::Application\n    Properties:\n      Location: nested/child.yaml\n",
        )
        .expect("writing");
    sandbox
        .write(
            "tree/nested/child.yaml",
            "Resources:\n  Grandchild:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ../deeper/grandchild.json\n",
        )
        .expect("writing");
    sandbox
        .write("tree/deeper/grandchild.json", GRANDCHILD)
        .expect("writing");
    let args = [
        "cloudformation",
        "package",
        "--template-file",
        "tree/top.yaml",
        "--s3-bucket",
        "nest",
    ];
    let templates = |cli_out: &str| {
        let mut texts = Vec::new();
        for key in keys(&reference, "nest") {
            let path = format!("{cli_out}-{key}");
            let got = reference.run([
                "s3api",
                "get-object",
                "--bucket",
                "nest",
                "--key",
                &key,
                &path,
            ]);
            assert_eq!(got.exit_code, 0, "{}", got.stderr);
            let text = std::fs::read_to_string(sandbox.path().join(&path)).expect("downloaded");
            texts.push(text.replace(&endpoint, REGIONAL));
        }
        texts.sort();
        texts
    };
    let mask = |out: &CliOutput| {
        let text = out.stdout_text();
        match text.find(".template") {
            Some(end) if end >= 32 => format!("{}<md5>{}", &text[..end - 32], &text[end..]),
            _ => text,
        }
    };
    make_bucket(&reference, "nest");
    let expected = reference.run(args);
    assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
    let expected_templates = templates("ref");
    assert_eq!(expected_templates.len(), 2);

    moto.reset().expect("resetting moto");
    make_bucket(&reference, "nest");
    let actual = normalised(ours.run(args), &endpoint);
    assert_eq!(actual.exit_code, 0, "{}", actual.stderr);
    assert_eq!(mask(&actual), mask(&expected));
    assert_eq!(templates("ours"), expected_templates);
}
