//! End-to-end across many services against moto, both CLIs on the same
//! server state: for each service the state is set up with the reference CLI
//! (so a bug of ours cannot shape the state), then every read command runs
//! through both CLIs and stdout, exit code and converted stderr must match.
//! Covers every protocol moto speaks (query: sts, iam, sns, cloudformation;
//! ec2; json: dynamodb, kms, secretsmanager, ssm, logs, ecr, kinesis, events,
//! stepfunctions, sqs; rest-json: lambda; rest-xml: s3api, route53),
//! paginated listings with `--max-items` and `--starting-token`, waiters,
//! shorthand, `file://` input, `--query`, the output formats, and service
//! errors. One test shows that moto, with signature checks switched on,
//! accepts our SigV4 signatures.
//!
//! Outputs whose members differ between the reference's 2.9.19 models and
//! our botocore 1.43 models go through `--query` to the members both know.

use awscli_test_support::compare::assert_same_outcome;
use awscli_test_support::{Cli, CliOutput, MotoServer};

use crate::util::clis;

/// The number of command lines compared, for the test output.
#[expect(clippy::print_stdout, reason = "the count is part of the test output")]
fn count(compared: usize, service: &str) {
    println!("{service}: {compared} command lines compared");
}

struct Scenario<'a> {
    ours: &'a Cli,
    reference: &'a Cli,
    endpoint: String,
    compared: usize,
}

impl Scenario<'_> {
    fn args<'b>(&'b self, args: &[&'b str]) -> Vec<&'b str> {
        let mut full = args.to_vec();
        full.extend(["--endpoint-url", self.endpoint.as_str()]);
        full
    }

    /// Sets up state with the reference CLI; it must succeed.
    #[track_caller]
    fn setup(&self, args: &[&str]) -> CliOutput {
        let out = self.reference.run(self.args(args));
        assert_eq!(out.exit_code, 0, "setup {args:?} failed: {}", out.stderr);
        out
    }

    /// Runs a read command through both CLIs; the reference must exit with `rc`.
    #[track_caller]
    fn same(&mut self, args: &[&str], rc: i32) {
        let full = self.args(args);
        let expected = self.reference.run(&full);
        assert_eq!(
            expected.exit_code, rc,
            "the reference's exit code for {args:?}: {}",
            expected.stderr
        );
        let actual = self.ours.run(&full);
        assert_same_outcome(&expected, &actual);
        self.compared += 1;
    }
}

fn scenario<'a>(moto: &MotoServer, ours: &'a Cli, reference: &'a Cli) -> Scenario<'a> {
    Scenario {
        ours,
        reference,
        endpoint: moto.endpoint(),
        compared: 0,
    }
}

#[test]
fn iam_users_with_pagination_and_errors() {
    let moto = MotoServer::shared();
    let (ours, reference) = clis();
    let mut s = scenario(&moto, &ours, &reference);
    for user in ["alice", "bob", "carol"] {
        s.setup(&[
            "iam",
            "create-user",
            "--user-name",
            user,
            "--path",
            "/team/",
        ]);
    }
    s.same(
        &["iam", "list-users", "--query", "Users[].[UserName,Path]"],
        0,
    );
    s.same(
        &[
            "iam",
            "list-users",
            "--max-items",
            "1",
            "--query",
            "{u: Users[].UserName, t: NextToken}",
        ],
        0,
    );
    let first = s.setup(&[
        "iam",
        "list-users",
        "--max-items",
        "1",
        "--query",
        "NextToken",
        "--output",
        "text",
    ]);
    let token = first.stdout_text().trim().to_owned();
    s.same(
        &[
            "iam",
            "list-users",
            "--starting-token",
            &token,
            "--query",
            "Users[].UserName",
        ],
        0,
    );
    s.same(
        &[
            "iam",
            "list-users",
            "--max-items",
            "2",
            "--output",
            "text",
            "--query",
            "Users[].UserName",
        ],
        0,
    );
    s.same(&["iam", "get-user", "--user-name", "nobody"], 254);
    s.same(
        &[
            "iam",
            "list-users",
            "--page-size",
            "1",
            "--query",
            "length(Users)",
        ],
        0,
    );
    s.same(
        &[
            "iam",
            "list-users",
            "--output",
            "table",
            "--query",
            "Users[].{Name:UserName,Path:Path}",
        ],
        0,
    );
    count(s.compared, "iam");
}

#[test]
fn ec2_vpcs_filters_tags_and_waiter() {
    let moto = MotoServer::shared();
    let (ours, reference) = clis();
    let mut s = scenario(&moto, &ours, &reference);
    let vpc = s.setup(&[
        "ec2",
        "create-vpc",
        "--cidr-block",
        "10.7.0.0/16",
        "--query",
        "Vpc.VpcId",
        "--output",
        "text",
    ]);
    let vpc = vpc.stdout_text().trim().to_owned();
    s.setup(&[
        "ec2",
        "create-tags",
        "--resources",
        &vpc,
        "--tags",
        "Key=Name,Value=e2e",
        "Key=team,Value=cli",
    ]);
    s.same(
        &[
            "ec2",
            "describe-vpcs",
            "--vpc-ids",
            &vpc,
            "--query",
            "Vpcs[].{id:VpcId,cidr:CidrBlock,state:State}",
        ],
        0,
    );
    s.same(
        &[
            "ec2",
            "describe-vpcs",
            "--filters",
            "Name=tag:Name,Values=e2e",
            "--query",
            "Vpcs[].VpcId",
        ],
        0,
    );
    s.same(
        &[
            "ec2",
            "describe-tags",
            "--filters",
            &format!("Name=resource-id,Values={vpc}"),
            "--output",
            "text",
        ],
        0,
    );
    s.same(
        &[
            "ec2",
            "describe-vpcs",
            "--vpc-ids",
            "vpc-00000000",
            "--query",
            "Vpcs",
        ],
        254,
    );
    s.same(&["ec2", "wait", "vpc-available", "--vpc-ids", &vpc], 0);
    s.same(
        &[
            "ec2",
            "describe-availability-zones",
            "--query",
            "AvailabilityZones[].ZoneName",
            "--output",
            "text",
        ],
        0,
    );
    count(s.compared, "ec2");
}

#[test]
fn dynamodb_tables_items_and_file_input() {
    let moto = MotoServer::shared();
    let (ours, reference) = clis();
    let mut s = scenario(&moto, &ours, &reference);
    s.setup(&[
        "dynamodb",
        "create-table",
        "--table-name",
        "music",
        "--attribute-definitions",
        "AttributeName=artist,AttributeType=S",
        "--key-schema",
        "AttributeName=artist,KeyType=HASH",
        "--billing-mode",
        "PAY_PER_REQUEST",
    ]);
    reference
        .sandbox()
        .write(
            "item.json",
            r#"{"artist": {"S": "Björk"}, "year": {"N": "1993"}, "tags": {"SS": ["a", "b"]}}"#,
        )
        .expect("item.json");
    let path = reference.sandbox().path().join("item.json");
    let file_arg = format!("file://{}", path.display());
    s.same(
        &["dynamodb", "wait", "table-exists", "--table-name", "music"],
        0,
    );
    s.same(
        &[
            "dynamodb",
            "put-item",
            "--table-name",
            "music",
            "--item",
            &file_arg,
        ],
        0,
    );
    s.same(
        &[
            "dynamodb",
            "get-item",
            "--table-name",
            "music",
            "--key",
            r#"{"artist": {"S": "Björk"}}"#,
        ],
        0,
    );
    s.same(
        &[
            "dynamodb",
            "scan",
            "--table-name",
            "music",
            "--query",
            "Items[].artist.S",
        ],
        0,
    );
    s.same(&["dynamodb", "list-tables"], 0);
    s.same(&["dynamodb", "list-tables", "--output", "yaml"], 0);
    s.same(&["dynamodb", "describe-table", "--table-name", "nope"], 254);
    count(s.compared, "dynamodb");
}

#[test]
fn s3api_objects_and_errors() {
    let moto = MotoServer::shared();
    let (ours, reference) = clis();
    let mut s = scenario(&moto, &ours, &reference);
    s.setup(&["s3api", "create-bucket", "--bucket", "e2e-objects"]);
    reference
        .sandbox()
        .write("body.txt", "hello, world\n")
        .expect("body.txt");
    let body = reference.sandbox().path().join("body.txt");
    let body = body.to_string_lossy().into_owned();
    for key in ["a.txt", "dir/b.txt", "dir/c d.txt"] {
        s.setup(&[
            "s3api",
            "put-object",
            "--bucket",
            "e2e-objects",
            "--key",
            key,
            "--body",
            &body,
        ]);
    }
    s.same(
        &[
            "s3api",
            "list-objects-v2",
            "--bucket",
            "e2e-objects",
            "--query",
            "Contents[].[Key,Size]",
        ],
        0,
    );
    s.same(
        &[
            "s3api",
            "list-objects-v2",
            "--bucket",
            "e2e-objects",
            "--prefix",
            "dir/",
            "--query",
            "Contents[].Key",
            "--output",
            "text",
        ],
        0,
    );
    s.same(
        &[
            "s3api",
            "head-object",
            "--bucket",
            "e2e-objects",
            "--key",
            "a.txt",
            "--query",
            "[ContentLength,ETag]",
        ],
        0,
    );
    s.same(
        &[
            "s3api",
            "get-object",
            "--bucket",
            "e2e-objects",
            "--key",
            "nope.txt",
            "out.txt",
        ],
        254,
    );
    s.same(
        &["s3api", "head-bucket", "--bucket", "no-such-bucket-e2e"],
        254,
    );
    s.same(
        &[
            "s3api",
            "wait",
            "object-exists",
            "--bucket",
            "e2e-objects",
            "--key",
            "a.txt",
        ],
        0,
    );
    count(s.compared, "s3api");
}

#[test]
fn json_services_kms_secrets_ssm_logs_ecr() {
    let moto = MotoServer::shared();
    let (ours, reference) = clis();
    let mut s = scenario(&moto, &ours, &reference);
    s.setup(&[
        "secretsmanager",
        "create-secret",
        "--name",
        "e2e/secret",
        "--secret-string",
        "s3cr3t",
    ]);
    s.same(
        &[
            "secretsmanager",
            "get-secret-value",
            "--secret-id",
            "e2e/secret",
            "--query",
            "[Name,SecretString]",
        ],
        0,
    );
    s.same(
        &[
            "secretsmanager",
            "get-secret-value",
            "--secret-id",
            "missing",
        ],
        254,
    );
    s.setup(&[
        "ssm",
        "put-parameter",
        "--name",
        "/app/db",
        "--value",
        "postgres",
        "--type",
        "String",
    ]);
    s.setup(&[
        "ssm",
        "put-parameter",
        "--name",
        "/app/key",
        "--value",
        "k",
        "--type",
        "SecureString",
    ]);
    s.same(
        &[
            "ssm",
            "get-parameter",
            "--name",
            "/app/db",
            "--query",
            "Parameter.[Name,Value,Type]",
        ],
        0,
    );
    s.same(
        &[
            "ssm",
            "get-parameters-by-path",
            "--path",
            "/app",
            "--query",
            "Parameters[].Name",
        ],
        0,
    );
    s.setup(&["logs", "create-log-group", "--log-group-name", "e2e-group"]);
    s.setup(&[
        "logs",
        "create-log-stream",
        "--log-group-name",
        "e2e-group",
        "--log-stream-name",
        "s1",
    ]);
    s.same(
        &[
            "logs",
            "describe-log-groups",
            "--query",
            "logGroups[].logGroupName",
        ],
        0,
    );
    s.same(
        &[
            "logs",
            "describe-log-streams",
            "--log-group-name",
            "e2e-group",
            "--query",
            "logStreams[].logStreamName",
        ],
        0,
    );
    s.setup(&["ecr", "create-repository", "--repository-name", "e2e/repo"]);
    s.same(
        &[
            "ecr",
            "describe-repositories",
            "--query",
            "repositories[].repositoryName",
        ],
        0,
    );
    s.same(
        &["ecr", "describe-repositories", "--repository-names", "nope"],
        254,
    );
    s.setup(&["kms", "create-key", "--description", "e2e"]);
    s.same(&["kms", "list-keys", "--query", "length(Keys)"], 0);
    count(s.compared, "kms/secretsmanager/ssm/logs/ecr");
}

#[test]
fn queues_topics_streams_events_stacks_functions() {
    let moto = MotoServer::shared();
    let (ours, reference) = clis();
    let mut s = scenario(&moto, &ours, &reference);
    s.setup(&["sns", "create-topic", "--name", "e2e-topic"]);
    s.same(&["sns", "list-topics"], 0);
    s.same(&["sns", "list-topics", "--output", "text"], 0);
    s.setup(&["sqs", "create-queue", "--queue-name", "e2e-queue"]);
    s.same(&["sqs", "list-queues", "--query", "length(QueueUrls)"], 0);
    s.setup(&[
        "kinesis",
        "create-stream",
        "--stream-name",
        "e2e-stream",
        "--shard-count",
        "1",
    ]);
    s.same(&["kinesis", "list-streams", "--query", "StreamNames"], 0);
    s.same(&["events", "list-rules"], 0);
    s.same(&["stepfunctions", "list-state-machines"], 0);
    s.same(&["cloudformation", "list-stacks"], 0);
    s.same(
        &["cloudformation", "describe-stacks", "--stack-name", "nope"],
        254,
    );
    s.same(&["lambda", "list-functions"], 0);
    s.same(&["lambda", "get-function", "--function-name", "nope"], 254);
    s.setup(&[
        "route53",
        "create-hosted-zone",
        "--name",
        "e2e.example.com",
        "--caller-reference",
        "e2e-1",
    ]);
    s.same(
        &[
            "route53",
            "list-hosted-zones",
            "--query",
            "HostedZones[].Name",
        ],
        0,
    );
    s.same(&["sts", "get-caller-identity", "--output", "table"], 0);
    s.same(&["sts", "get-caller-identity", "--output", "yaml"], 0);
    count(
        s.compared,
        "sns/sqs/kinesis/events/stepfunctions/cloudformation/lambda/route53/sts",
    );
}

/// moto checks SigV4 signatures once `INITIAL_NO_AUTH_ACTION_COUNT`
/// requests have been served: a user and an access key are created in the
/// free requests, then our signed call with that key succeeds and one with
/// a wrong secret is refused.
#[test]
fn moto_accepts_our_signatures() {
    let moto = MotoServer::start_with_env(&[("INITIAL_NO_AUTH_ACTION_COUNT", "3")])
        .expect("starting moto");
    let (ours, reference) = clis();
    let endpoint = moto.endpoint();
    let run = |cli: &Cli, args: &[&str]| {
        let mut full = args.to_vec();
        full.extend(["--endpoint-url", endpoint.as_str()]);
        cli.run(full)
    };
    assert_eq!(
        run(&reference, &["iam", "create-user", "--user-name", "signer"]).exit_code,
        0
    );
    // moto loads no AWS managed policies by default: allow everything inline.
    let policy =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
    let put = run(
        &reference,
        &[
            "iam",
            "put-user-policy",
            "--user-name",
            "signer",
            "--policy-name",
            "all",
            "--policy-document",
            policy,
        ],
    );
    assert_eq!(put.exit_code, 0, "{}", put.stderr);
    let key = run(
        &reference,
        &[
            "iam",
            "create-access-key",
            "--user-name",
            "signer",
            "--query",
            "AccessKey.[AccessKeyId,SecretAccessKey]",
            "--output",
            "text",
        ],
    );
    assert_eq!(key.exit_code, 0, "{}", key.stderr);
    let text = key.stdout_text();
    let mut parts = text.split_whitespace();
    let (id, secret) = (
        parts.next().expect("key id").to_owned(),
        parts.next().expect("secret").to_owned(),
    );
    let signed = ours
        .clone()
        .env("AWS_ACCESS_KEY_ID", &id)
        .env("AWS_SECRET_ACCESS_KEY", &secret);
    let ok = run(
        &signed,
        &["iam", "list-users", "--query", "Users[].UserName"],
    );
    assert_eq!(ok.exit_code, 0, "moto refused our signature: {}", ok.stderr);
    assert!(ok.stdout_text().contains("signer"));
    let forged = ours
        .clone()
        .env("AWS_ACCESS_KEY_ID", &id)
        .env("AWS_SECRET_ACCESS_KEY", "not-the-secret");
    let refused = run(&forged, &["iam", "list-users"]);
    assert_eq!(
        refused.exit_code,
        254,
        "a wrong secret must be refused: {}",
        refused.stdout_text()
    );
    assert!(
        refused.stderr.contains("SignatureDoesNotMatch"),
        "{}",
        refused.stderr
    );
}
