//! Request comparison: the same command line through the reference CLI and
//! ours, each against a recording server answering the same canned
//! response; both must send the same requests (compared as
//! `awscli_test_support::compare` describes) and print the same stdout.
//!
//! Choosing commands: the reference 2.9.19 bundles older models than ours
//! (botocore 1.43.67), so only operations whose protocol, HTTP binding and
//! input members did not change between the two are used, checked against
//! `/usr/lib/python3/dist-packages/awscli/botocore/data` and
//! `.cache/botocore-1.43.67/botocore/data`:
//! - left out: anything SQS (query -> json) or CloudWatch (query -> cbor);
//!   `lambda list-functions` (its URI lost the trailing `/`).
//! - `ec2 describe-instances`: the input members were reordered (query
//!   bodies are compared as sorted pairs, so that is fine) and so were the
//!   output members of `Instance`/`Reservation`, so the canned responses
//!   either print nothing order-dependent or go through `--query`.
//! - `s3api list-buckets` gained a paginator and query members in the new
//!   model; with none of them given the request is the same `GET /`.
//! - `s3api put-object`: 2.36 adds default CRC32 checksums (headers or an
//!   `aws-chunked` body with trailers) and no longer sends `Content-MD5`;
//!   those headers are not compared and `aws-chunked` bodies are decoded
//!   before comparison.
//!
//! Canned responses only contain members both models have, in the same
//! relative order.

use awscli_test_support::CannedResponse;

use crate::util::{assert_same_behaviour, assert_same_behaviour_with_model_drift};

const JSON_10: &str = "application/x-amz-json-1.0";
const JSON_11: &str = "application/x-amz-json-1.1";

fn no_files(_: &awscli_test_support::Cli) {}

// json protocol -------------------------------------------------------------

#[test]
fn dynamodb_list_tables() {
    assert_same_behaviour(
        no_files,
        &["dynamodb", "list-tables"],
        &[CannedResponse::json(
            JSON_10,
            r#"{"TableNames": ["alpha", "beta"]}"#,
        )],
    );
}

#[test]
fn dynamodb_list_tables_query_and_text_output() {
    assert_same_behaviour(
        no_files,
        &[
            "dynamodb",
            "list-tables",
            "--query",
            "TableNames[0]",
            "--output",
            "text",
        ],
        &[CannedResponse::json(
            JSON_10,
            r#"{"TableNames": ["alpha", "beta"]}"#,
        )],
    );
}

#[test]
fn dynamodb_get_item_json_parameter() {
    assert_same_behaviour(
        no_files,
        &[
            "dynamodb",
            "get-item",
            "--table-name",
            "tbl",
            "--key",
            r#"{"id": {"S": "1"}}"#,
            "--consistent-read",
        ],
        &[CannedResponse::json(
            JSON_10,
            r#"{"Item": {"id": {"S": "1"}, "n": {"N": "2"}, "tags": {"SS": ["a", "b"]}}}"#,
        )],
    );
}

#[test]
fn dynamodb_put_item_file_parameter() {
    assert_same_behaviour(
        |cli| {
            cli.sandbox()
                .write(
                    "item.json",
                    r#"{"id": {"S": "1"}, "name": {"S": "caf\u00e9"}, "n": {"N": "1.50"}}"#,
                )
                .expect("writing item.json");
        },
        &[
            "dynamodb",
            "put-item",
            "--table-name",
            "tbl",
            "--item",
            "file://item.json",
        ],
        &[CannedResponse::json(JSON_10, "{}")],
    );
}

#[test]
fn kms_list_keys() {
    assert_same_behaviour(
        no_files,
        &["kms", "list-keys"],
        &[CannedResponse::json(
            JSON_11,
            r#"{"Keys": [{"KeyId": "k1", "KeyArn": "arn:aws:kms:us-east-1:123456789012:key/k1"}], "Truncated": false}"#,
        )],
    );
}

// rest-json protocol --------------------------------------------------------

#[test]
fn lambda_get_function() {
    assert_same_behaviour(
        no_files,
        &["lambda", "get-function", "--function-name", "f1"],
        &[CannedResponse::json(
            "application/json",
            r#"{"Configuration": {"FunctionName": "f1", "Runtime": "python3.12", "MemorySize": 128, "Timeout": 3}, "Tags": {"team": "x"}}"#,
        )],
    );
}

// rest-xml protocol ---------------------------------------------------------

const S3_NS: &str = "http://s3.amazonaws.com/doc/2006-03-01/";

#[test]
fn s3api_list_buckets() {
    // botocore 1.43 paginates ListBuckets and its sdk-extras name Owner and
    // Prefix as non-aggregate keys, so a missing Prefix prints as null.
    assert_same_behaviour_with_model_drift(
        no_files,
        &["s3api", "list-buckets"],
        &[CannedResponse::xml(format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ListAllMyBucketsResult xmlns="{S3_NS}"><Owner><ID>abc123</ID><DisplayName>me</DisplayName></Owner><Buckets><Bucket><Name>b1</Name><CreationDate>2024-01-02T03:04:05.000Z</CreationDate></Bucket><Bucket><Name>b2</Name><CreationDate>2024-02-03T04:05:06.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>"#
        ))],
        &[("Prefix", serde_json::Value::Null)],
    );
}

#[test]
fn s3api_put_object_with_body_file() {
    assert_same_behaviour(
        |cli| {
            cli.sandbox()
                .write("body.txt", "hello\n")
                .expect("writing body.txt");
        },
        &[
            "s3api",
            "put-object",
            "--bucket",
            "b",
            "--key",
            "dir/x y.txt",
            "--body",
            "body.txt",
            "--content-type",
            "text/plain",
            "--metadata",
            "k1=v1,k2=v2",
        ],
        &[CannedResponse::new(200).header("ETag", "\"b1946ac92492d2347c6235b4d2611184\"")],
    );
}

#[test]
fn s3api_list_objects_v2_with_prefix() {
    // botocore 1.43's sdk-extras make RequestCharged and Prefix
    // non-aggregate keys of the ListObjectsV2 paginator.
    assert_same_behaviour_with_model_drift(
        no_files,
        &[
            "s3api",
            "list-objects-v2",
            "--bucket",
            "b",
            "--prefix",
            "p/",
        ],
        &[CannedResponse::xml(format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="{S3_NS}"><Name>b</Name><Prefix>p/</Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><EncodingType>url</EncodingType><IsTruncated>false</IsTruncated><Contents><Key>p/a%20b.txt</Key><LastModified>2024-01-02T03:04:05.000Z</LastModified><ETag>&quot;abc&quot;</ETag><Size>5</Size><StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>"#
        ))],
        &[
            ("RequestCharged", serde_json::Value::Null),
            ("Prefix", serde_json::Value::String("p/".into())),
        ],
    );
}

#[test]
fn s3api_put_bucket_tagging_shorthand_xml_body() {
    assert_same_behaviour(
        no_files,
        &[
            "s3api",
            "put-bucket-tagging",
            "--bucket",
            "b",
            "--tagging",
            "TagSet=[{Key=env,Value=prod},{Key=team,Value=a&b}]",
        ],
        &[CannedResponse::new(204)],
    );
}

const ROUTE53_NS: &str = "https://route53.amazonaws.com/doc/2013-04-01/";

#[test]
fn route53_list_hosted_zones() {
    assert_same_behaviour(
        no_files,
        &["route53", "list-hosted-zones"],
        &[CannedResponse::xml(format!(
            r#"<?xml version="1.0"?>
<ListHostedZonesResponse xmlns="{ROUTE53_NS}"><HostedZones><HostedZone><Id>/hostedzone/Z1</Id><Name>example.com.</Name><CallerReference>ref-1</CallerReference><Config><Comment>c</Comment><PrivateZone>false</PrivateZone></Config><ResourceRecordSetCount>2</ResourceRecordSetCount></HostedZone></HostedZones><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems></ListHostedZonesResponse>"#
        ))],
    );
}

#[test]
fn route53_get_hosted_zone_uri_member() {
    assert_same_behaviour(
        no_files,
        &["route53", "get-hosted-zone", "--id", "Z1"],
        &[CannedResponse::xml(format!(
            r#"<?xml version="1.0"?>
<GetHostedZoneResponse xmlns="{ROUTE53_NS}"><HostedZone><Id>/hostedzone/Z1</Id><Name>example.com.</Name><CallerReference>ref-1</CallerReference><ResourceRecordSetCount>2</ResourceRecordSetCount></HostedZone><DelegationSet><NameServers><NameServer>ns1.example.com</NameServer><NameServer>ns2.example.com</NameServer></NameServers></DelegationSet></GetHostedZoneResponse>"#
        ))],
    );
}

// query protocol ------------------------------------------------------------

#[test]
fn sts_get_caller_identity() {
    assert_same_behaviour(
        no_files,
        &["sts", "get-caller-identity"],
        &[CannedResponse::xml(
            r#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/alice</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>"#,
        )],
    );
}

const IAM_USER: &str = "<Path>/</Path><UserName>alice</UserName><UserId>AIDA1</UserId><Arn>arn:aws:iam::123456789012:user/alice</Arn><CreateDate>2024-01-02T03:04:05Z</CreateDate>";

#[test]
fn iam_list_users() {
    assert_same_behaviour(
        no_files,
        &["iam", "list-users"],
        &[CannedResponse::xml(format!(
            r#"<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListUsersResult><IsTruncated>false</IsTruncated><Users><member>{IAM_USER}</member></Users></ListUsersResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></ListUsersResponse>"#
        ))],
    );
}

#[test]
fn iam_list_users_text_output() {
    assert_same_behaviour(
        no_files,
        &["iam", "list-users", "--output", "text"],
        &[CannedResponse::xml(format!(
            r#"<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListUsersResult><IsTruncated>false</IsTruncated><Users><member>{IAM_USER}</member></Users></ListUsersResult></ListUsersResponse>"#
        ))],
    );
}

#[test]
fn iam_create_user_shorthand_list_of_structures() {
    assert_same_behaviour(
        no_files,
        &[
            "iam",
            "create-user",
            "--user-name",
            "alice",
            "--tags",
            "Key=team,Value=x",
            "Key=env,Value=a b",
        ],
        &[CannedResponse::xml(format!(
            r#"<CreateUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><CreateUserResult><User>{IAM_USER}<Tags><member><Key>team</Key><Value>x</Value></member></Tags></User></CreateUserResult></CreateUserResponse>"#
        ))],
    );
}

#[test]
fn iam_create_user_json_list_parameter() {
    assert_same_behaviour(
        no_files,
        &[
            "iam",
            "create-user",
            "--user-name",
            "alice",
            "--tags",
            r#"[{"Key": "team", "Value": "x"}]"#,
        ],
        &[CannedResponse::xml(format!(
            r#"<CreateUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><CreateUserResult><User>{IAM_USER}</User></CreateUserResult></CreateUserResponse>"#
        ))],
    );
}

// ec2 protocol --------------------------------------------------------------

const EC2_NS: &str = "http://ec2.amazonaws.com/doc/2016-11-15/";

#[test]
fn ec2_describe_instances_list_parameter() {
    // Empty result: the output members of Reservation/Instance were
    // reordered between the two models (see the module docs).
    assert_same_behaviour(
        no_files,
        &["ec2", "describe-instances", "--instance-ids", "i-1", "i-2"],
        &[CannedResponse::xml(format!(
            r#"<DescribeInstancesResponse xmlns="{EC2_NS}"><requestId>r-1</requestId><reservationSet/></DescribeInstancesResponse>"#
        ))],
    );
}

#[test]
fn ec2_describe_instances_shorthand_filters_and_query() {
    assert_same_behaviour(
        no_files,
        &[
            "ec2",
            "describe-instances",
            "--filters",
            "Name=instance-state-name,Values=running,stopped",
            "Name=tag:Env,Values=prod",
            "--query",
            "Reservations[].Instances[].[InstanceId,State.Name,Tags[0].Value]",
        ],
        &[CannedResponse::xml(format!(
            r#"<DescribeInstancesResponse xmlns="{EC2_NS}"><requestId>r-1</requestId><reservationSet><item><reservationId>r-1</reservationId><ownerId>123456789012</ownerId><groupSet/><instancesSet><item><instanceId>i-1</instanceId><imageId>ami-1</imageId><instanceState><code>16</code><name>running</name></instanceState><instanceType>t2.micro</instanceType><launchTime>2024-01-02T03:04:05.000Z</launchTime><tagSet><item><key>Name</key><value>web</value></item></tagSet></item></instancesSet></item></reservationSet></DescribeInstancesResponse>"#
        ))],
    );
}

#[test]
fn ec2_create_tags_shorthand() {
    assert_same_behaviour(
        no_files,
        &[
            "ec2",
            "create-tags",
            "--resources",
            "i-1",
            "vol-2",
            "--tags",
            "Key=Name,Value=web",
            "Key=empty,Value=",
        ],
        &[CannedResponse::xml(format!(
            r#"<CreateTagsResponse xmlns="{EC2_NS}"><requestId>r-1</requestId><return>true</return></CreateTagsResponse>"#
        ))],
    );
}
