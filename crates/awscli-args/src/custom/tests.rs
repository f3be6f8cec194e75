use super::*;

#[test]
fn split_on_commas_plain_and_escaped() {
    assert_eq!(split_on_commas("a=1,b=2"), ["a=1", "b=2"]);
    assert_eq!(split_on_commas(r"a=1\,2,b=3"), ["a=1,2", "b=3"]);
    assert_eq!(split_on_commas(r#""a=1,2",b=3"#), ["a=1,2", "b=3"]);
}

use crate::paramfile::MemoryFileSystem;
use crate::{parse_operation_args, ArgTable, ParseOptions, ParsedArgs};

fn run_with(
    service: &str,
    operation: &str,
    line: &[&str],
    fs: &MemoryFileSystem,
) -> Result<ParsedArgs, ArgsError> {
    let svc = awscli_model::store::load(service).unwrap();
    let op = svc.operation(operation).unwrap();
    let table = ArgTable::for_operation(&svc, op, false).unwrap();
    let tokens: Vec<String> = line.iter().map(|s| (*s).to_owned()).collect();
    let options = ParseOptions {
        fs,
        ..ParseOptions::default()
    };
    parse_operation_args(&svc, op, &table, &tokens, &options)
}

fn run(service: &str, operation: &str, line: &[&str]) -> Result<ParsedArgs, ArgsError> {
    run_with(service, operation, line, &MemoryFileSystem::default())
}

fn json(text: &str) -> Value {
    crate::pyjson::loads(text).unwrap()
}

fn names(service: &str, operation: &str) -> Vec<String> {
    let svc = awscli_model::store::load(service).unwrap();
    let op = svc.operation(operation).unwrap();
    let table = ArgTable::for_operation(&svc, op, false).unwrap();
    table.arguments.iter().map(|a| a.name.clone()).collect()
}

#[test]
fn run_instances_table_replaces_min_and_max_count() {
    let n = names("ec2", "RunInstances");
    assert!(!n.iter().any(|a| a == "min-count" || a == "max-count"));
    let at = n.iter().position(|a| a == "count").unwrap();
    assert_eq!(
        &n[at..at + 5],
        [
            "count",
            "secondary-private-ip-addresses",
            "secondary-private-ip-address-count",
            "associate-public-ip-address",
            "no-associate-public-ip-address"
        ]
    );
}

#[test]
fn run_instances_count_defaults_and_ranges() {
    let parsed = run("ec2", "RunInstances", &["--image-id", "ami-1"]).unwrap();
    assert_eq!(
        parsed.input,
        json(r#"{"ImageId": "ami-1", "MaxCount": 1, "MinCount": 1}"#)
    );
    let parsed = run(
        "ec2",
        "RunInstances",
        &["--image-id", "a", "--count", "2:5"],
    )
    .unwrap();
    assert_eq!(parsed.input.get("MinCount"), Some(&Value::Integer(2)));
    assert_eq!(parsed.input.get("MaxCount"), Some(&Value::Integer(5)));
    let parsed = run("ec2", "RunInstances", &["--image-id", "a", "--count", "3"]).unwrap();
    assert_eq!(parsed.input.get("MinCount"), Some(&Value::Integer(3)));
    assert_eq!(parsed.input.get("MaxCount"), Some(&Value::Integer(3)));
    for bad in ["x", "1:2:3", "1:", ""] {
        let err = run("ec2", "RunInstances", &["--image-id", "a", "--count", bad]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "name 'ParamValidationError' is not defined"
        );
        assert_eq!(err.exit_code(), 255);
    }
}

#[test]
fn run_instances_scalar_network_options_build_an_interface() {
    let parsed = run(
        "ec2",
        "RunInstances",
        &[
            "--image-id",
            "a",
            "--subnet-id",
            "subnet-1",
            "--security-group-ids",
            "sg-1",
            "sg-2",
            "--private-ip-address",
            "10.0.0.5",
            "--secondary-private-ip-addresses",
            "10.0.0.6",
            "10.0.0.7",
            "--associate-public-ip-address",
        ],
    )
    .unwrap();
    assert_eq!(
        parsed.input.get("NetworkInterfaces"),
        Some(&json(
            r#"[{"DeviceIndex": 0,
                 "PrivateIpAddresses": [
                    {"PrivateIpAddress": "10.0.0.5", "Primary": true}],
                 "AssociatePublicIpAddress": true,
                 "SubnetId": "subnet-1",
                 "Groups": ["sg-1", "sg-2"]}]"#
        ))
    );
    let interface = &parsed.input.get("NetworkInterfaces").unwrap();
    let Value::List(items) = interface else {
        panic!("a list")
    };
    let Value::Map(first) = &items[0] else {
        panic!("a map")
    };
    // The secondary addresses came first; `_fix_args` replaces them with
    // the primary one (the reference's behaviour).
    assert_eq!(
        first.get("PrivateIpAddresses"),
        Some(&json(
            r#"[{"PrivateIpAddress": "10.0.0.5", "Primary": true}]"#
        ))
    );
    assert!(parsed.input.get("SubnetId").is_none());
    assert!(parsed.input.get("SecurityGroupIds").is_none());
    let parsed = run(
        "ec2",
        "RunInstances",
        &[
            "--image-id",
            "a",
            "--secondary-private-ip-address-count",
            "2",
            "--no-associate-public-ip-address",
        ],
    )
    .unwrap();
    assert_eq!(
        parsed.input.get("NetworkInterfaces"),
        Some(&json(
            r#"[{"DeviceIndex": 0, "SecondaryPrivateIpAddressCount": 2, "AssociatePublicIpAddress": false}]"#
        ))
    );
    let err = run(
        "ec2",
        "RunInstances",
        &[
            "--image-id",
            "a",
            "--secondary-private-ip-address-count",
            "x",
        ],
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "argument --secondary-private-ip-address-count: invalid int value: 'x'"
    );
    let err = run(
        "ec2",
        "RunInstances",
        &[
            "--image-id",
            "a",
            "--network-interfaces",
            "DeviceIndex=0",
            "--associate-public-ip-address",
        ],
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Mixing the --network-interfaces option with the simple, scalar options is not supported."
    );
    assert_eq!(err.exit_code(), 252);
}

#[test]
fn security_group_scalar_options_build_one_permission() {
    let parsed = run(
        "ec2",
        "AuthorizeSecurityGroupIngress",
        &[
            "--group-id",
            "sg-1",
            "--protocol",
            "all",
            "--port",
            "22-25",
            "--cidr",
            "10.0.0.0/8",
            "--source-group",
            "web",
            "--group-owner",
            "123",
        ],
    )
    .unwrap();
    assert_eq!(
        parsed.input,
        json(
            r#"{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "-1", "FromPort": 22, "ToPort": 25,
                "IpRanges": [{"CidrIp": "10.0.0.0/8"}],
                "UserIdGroupPairs": [{"GroupName": "web", "UserId": "123"}]}]}"#
        )
    );
    let parsed = run(
        "ec2",
        "RevokeSecurityGroupEgress",
        &[
            "--group-id",
            "sg-1",
            "--port",
            "-1",
            "--source-group",
            "sg-9",
        ],
    )
    .unwrap();
    assert_eq!(
        parsed.input.get("IpPermissions"),
        Some(&json(
            r#"[{"FromPort": -1, "ToPort": -1, "UserIdGroupPairs": [{"GroupId": "sg-9"}]}]"#
        ))
    );
    let err = |line: &[&str]| {
        let mut full = vec!["--group-id", "sg-1"];
        full.extend_from_slice(line);
        run("ec2", "AuthorizeSecurityGroupIngress", &full)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        err(&["--port", "1-x"]),
        "port parameter should be of the form <from[-to]> (e.g. 22 or 22-25)"
    );
    assert_eq!(
        err(&["--protocol", "foo"]),
        "protocol parameter should be one of: tcp|udp|icmp|all or any valid protocol number."
    );
    assert_eq!(
        err(&["--protocol", "300"]),
        "protocol numbers must be in the range 0-255 or -1 to specify all protocols"
    );
    assert_eq!(
        err(&["--source-group", "g", "--ip-permissions", "[]"]),
        "The --source_group option is not compatible with the --ip-permissions option "
    );
}

#[test]
fn network_acl_protocol_names_become_numbers() {
    let parsed = run(
        "ec2",
        "CreateNetworkAclEntry",
        &[
            "--network-acl-id",
            "acl-1",
            "--rule-number",
            "100",
            "--protocol",
            "udp",
            "--rule-action",
            "allow",
            "--egress",
        ],
    )
    .unwrap();
    assert_eq!(
        parsed.input.get("Protocol"),
        Some(&Value::String("17".into()))
    );
}

#[test]
fn put_metric_data_scalar_options_fill_the_first_datum() {
    let parsed = run(
        "cloudwatch",
        "PutMetricData",
        &[
            "--namespace",
            "ns",
            "--metric-name",
            "m",
            "--value",
            "1.5",
            "--unit",
            "Count",
            "--dimensions",
            "A=1,B=2",
            "--statistic-values",
            "Sum=3,Minimum=1,Maximum=2,SampleCount=2",
            "--storage-resolution",
            "1",
        ],
    )
    .unwrap();
    assert_eq!(
        parsed.input,
        json(
            r#"{"Namespace": "ns", "MetricData": [{"MetricName": "m", "Unit": "Count", "Value": 1.5,
                "Dimensions": [{"Name": "A", "Value": "1"}, {"Name": "B", "Value": "2"}],
                "StatisticValues": {"Sum": 3.0, "Minimum": 1.0, "Maximum": 2.0, "SampleCount": 2.0},
                "StorageResolution": 1}]}"#
        )
    );
    let err = run(
        "cloudwatch",
        "PutMetricData",
        &[
            "--namespace",
            "ns",
            "--metric-data",
            "MetricName=a",
            "--metric-name",
            "m",
        ],
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "The key \"metric_name\" cannot be specified when one of the following keys are also specified: metric_data"
    );
    let err = run(
        "cloudwatch",
        "PutMetricData",
        &["--namespace", "ns", "--dimensions", "A"],
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "not enough values to unpack (expected 2, got 1)"
    );
    assert_eq!(err.exit_code(), 255);
}

/// The smallest valid zip archive: one end-of-central-directory record.
const EMPTY_ZIP: &[u8] = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";

#[test]
fn is_zip_needs_an_end_record_and_central_directory() {
    assert!(is_zip(EMPTY_ZIP));
    assert!(!is_zip(b"hello"));
    let mut prefixed = b"junk".to_vec();
    prefixed.extend_from_slice(EMPTY_ZIP);
    assert!(is_zip(&prefixed));
}

#[test]
fn lambda_zip_file_goes_into_code() {
    let fs = MemoryFileSystem::default()
        .with_file("/f.zip", EMPTY_ZIP)
        .with_file("/bad.zip", b"not a zip");
    let line = [
        "--function-name",
        "f",
        "--role",
        "r",
        "--runtime",
        "python3.12",
        "--handler",
        "h",
        "--zip-file",
        "fileb:///f.zip",
    ];
    let parsed = run_with("lambda", "CreateFunction", &line, &fs).unwrap();
    let mut code = IndexMap::new();
    code.insert("ZipFile".to_owned(), Value::Blob(EMPTY_ZIP.to_vec()));
    assert_eq!(parsed.input.get("Code"), Some(&Value::Map(code)));
    let mut bad = line;
    bad[9] = "fileb:///bad.zip";
    let err = run_with("lambda", "CreateFunction", &bad, &fs).unwrap_err();
    assert_eq!(
        err.to_string(),
        "--zip-file must be a zip file with the fileb:// prefix.\nExample usage:  --zip-file fileb://path/to/file.zip"
    );
    assert_eq!(err.exit_code(), 252);
    let err = run_with(
        "lambda",
        "CreateFunction",
        &[
            "--function-name",
            "f",
            "--role",
            "r",
            "--code",
            "ZipFile=abc",
        ],
        &fs,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "ZipFile cannot be provided as part of the --code argument.  Please use the '--zip-file' option instead to specify a zip file."
    );
    let err = run_with(
        "lambda",
        "UpdateFunctionCode",
        &["--function-name", "f", "--zip-file", "fileb:///bad.zip"],
        &fs,
    )
    .unwrap_err();
    assert_eq!(err.exit_code(), 252);
}

#[test]
fn ses_send_email_simple_form() {
    let parsed = run(
        "ses",
        "SendEmail",
        &[
            "--from",
            "a@x",
            "--to",
            "b@x",
            "c@x",
            "--subject",
            "hi",
            "--text",
            "body",
        ],
    )
    .unwrap();
    assert_eq!(
        parsed.input,
        json(
            r#"{"Source": "a@x", "Destination": {"ToAddresses": ["b@x", "c@x"]},
                "Message": {"Subject": {"Data": "hi"}, "Body": {"Text": {"Data": "body"}}}}"#
        )
    );
    let err = run("ses", "SendEmail", &["--to", "b@x"]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the following arguments are required: --from"
    );
    let err = run("ses", "SendEmail", &["--from", "a", "--to"]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "argument --to: expected at least one argument"
    );
}

#[test]
fn cloudfront_paths_build_an_invalidation_batch() {
    let parsed = run(
        "cloudfront",
        "CreateInvalidation",
        &["--distribution-id", "D1", "--paths", "/a", "/b"],
    )
    .unwrap();
    let Some(Value::Map(batch)) = parsed.input.get("InvalidationBatch") else {
        panic!("no batch");
    };
    assert_eq!(
        batch.get("Paths"),
        Some(&json(r#"{"Quantity": 2, "Items": ["/a", "/b"]}"#))
    );
    let Some(Value::String(reference)) = batch.get("CallerReference") else {
        panic!("no caller reference");
    };
    let parts: Vec<&str> = reference.split('-').collect();
    assert_eq!(parts.len(), 3);
    assert_eq!(parts[0], "cli");
    let random: u64 = parts[2].parse().unwrap();
    assert!((1..=1_000_000).contains(&random));
}

#[test]
fn ec2_describe_volumes_gets_pages_of_1000_unless_filtered() {
    let svc = awscli_model::store::load("ec2").unwrap();
    let op = svc.operation("DescribeVolumes").unwrap();
    let table = ArgTable::for_operation(&svc, op, true).unwrap();
    let parse = |line: &[&str]| {
        let tokens: Vec<String> = line.iter().map(|s| (*s).to_owned()).collect();
        parse_operation_args(&svc, op, &table, &tokens, &ParseOptions::default()).unwrap()
    };
    assert_eq!(parse(&[]).page_size, Some(Value::Integer(1000)));
    assert_eq!(parse(&["--dry-run"]).page_size, Some(Value::Integer(1000)));
    assert_eq!(
        parse(&["--page-size", "7"]).page_size,
        Some(Value::Integer(7))
    );
    assert_eq!(parse(&["--volume-ids", "v-1"]).page_size, None);
}

#[test]
fn kinesis_exclusive_start_stream_name_is_hidden_and_stops_paging() {
    let svc = awscli_model::store::load("kinesis").unwrap();
    let op = svc.operation("ListStreams").unwrap();
    let table = ArgTable::for_operation(&svc, op, true).unwrap();
    assert!(table.get("exclusive-start-stream-name").unwrap().hidden);
    let tokens: Vec<String> = ["--exclusive-start-stream-name", "a"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let parsed = parse_operation_args(&svc, op, &table, &tokens, &ParseOptions::default()).unwrap();
    assert!(!parsed.paginate);
}

#[test]
fn rds_option_group_commands_rename_their_side() {
    let svc = awscli_model::store::load("rds").unwrap();
    let op = svc.operation("ModifyOptionGroup").unwrap();
    let table = ArgTable::for_command(&svc, op, "remove-option-from-option-group", false).unwrap();
    assert!(table.get("options-to-include").is_none());
    assert!(table.get("options-to-remove").is_none());
    let tokens: Vec<String> = ["--option-group-name", "og", "--options", "A", "B"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let parsed = parse_operation_args(&svc, op, &table, &tokens, &ParseOptions::default()).unwrap();
    assert_eq!(
        parsed.input,
        json(r#"{"OptionGroupName": "og", "OptionsToRemove": ["A", "B"]}"#)
    );
}

#[test]
fn translate_data_file_and_configservice_recording_group() {
    let fs = MemoryFileSystem::default().with_file("/t.csv", b"en,fr\n");
    let parsed = run_with(
        "translate",
        "ImportTerminology",
        &[
            "--name",
            "t",
            "--merge-strategy",
            "OVERWRITE",
            "--terminology-data",
            "Format=CSV",
            "--data-file",
            "fileb:///t.csv",
        ],
        &fs,
    )
    .unwrap();
    let mut data = IndexMap::new();
    data.insert("Format".to_owned(), Value::String("CSV".into()));
    data.insert("File".to_owned(), Value::Blob(b"en,fr\n".to_vec()));
    assert_eq!(parsed.input.get("TerminologyData"), Some(&Value::Map(data)));
    let parsed = run(
        "config",
        "PutConfigurationRecorder",
        &[
            "--configuration-recorder",
            "name=default",
            "--recording-group",
            "allSupported=true",
        ],
    )
    .unwrap();
    assert_eq!(
        parsed.input,
        json(
            r#"{"ConfigurationRecorder": {"name": "default", "recordingGroup": {"allSupported": true}}}"#
        )
    );
}

#[test]
fn deploy_locations_become_revisions() {
    let parsed = run(
        "codedeploy",
        "RegisterApplicationRevision",
        &[
            "--application-name",
            "app",
            "--s3-location",
            "bucket=b,key=k,bundleType=zip,version=3",
        ],
    )
    .unwrap();
    assert_eq!(
        parsed.input.get("revision"),
        Some(&json(
            r#"{"revisionType": "S3", "s3Location": {"bucket": "b", "key": "k", "bundleType": "zip", "version": "3"}}"#
        ))
    );
    let err = run(
        "codedeploy",
        "RegisterApplicationRevision",
        &[
            "--application-name",
            "app",
            "--github-location",
            "commitId=1",
        ],
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "--github-location must specify repository and commitId."
    );
}

#[test]
fn virtual_mfa_outfile_takes_the_seed_from_the_output() {
    let fs = MemoryFileSystem::default().with_file("/out/existing", b"");
    let parsed = run_with(
        "iam",
        "CreateVirtualMFADevice",
        &[
            "--virtual-mfa-device-name",
            "d",
            "--outfile",
            "/out/seed",
            "--bootstrap-method",
            "QRCodePNG",
        ],
        &fs,
    )
    .unwrap();
    assert_eq!(parsed.response_files.len(), 1);
    let mut output = Value::Map(IndexMap::new());
    let mut device = IndexMap::new();
    device.insert("SerialNumber".to_owned(), Value::String("s".into()));
    device.insert("QRCodePNG".to_owned(), Value::Blob(b"png".to_vec()));
    device.insert("Base32StringSeed".to_owned(), Value::Blob(b"b32".to_vec()));
    if let Value::Map(map) = &mut output {
        map.insert("VirtualMFADevice".to_owned(), Value::Map(device));
    }
    let saved = parsed.response_files[0].take_from(&mut output).unwrap();
    assert_eq!(saved.path, "/out/seed");
    assert_eq!(saved.contents, b"png");
    assert_eq!(
        output,
        json(r#"{"VirtualMFADevice": {"SerialNumber": "s"}}"#)
    );
    let err = run_with(
        "iam",
        "CreateVirtualMFADevice",
        &[
            "--virtual-mfa-device-name",
            "d",
            "--outfile",
            "/nowhere/seed",
            "--bootstrap-method",
            "QRCodePNG",
        ],
        &fs,
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "Unable to write to file: /nowhere/seed");
    let err = run_with(
        "iam",
        "CreateVirtualMFADevice",
        &[
            "--virtual-mfa-device-name",
            "d",
            "--outfile",
            "/out/seed",
            "--bootstrap-method",
            "x",
        ],
        &fs,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "argument --bootstrap-method: Found invalid choice 'x'\n"
    );
}

#[test]
fn rekognition_image_bytes_only_for_image_structures() {
    let names = names("rekognition", "CompareFaces");
    assert!(names.iter().any(|n| n == "source-image-bytes"));
    assert!(names.iter().any(|n| n == "target-image-bytes"));
    let fs = MemoryFileSystem::default().with_file("/i.png", b"\x89PNG");
    let parsed = run_with(
        "rekognition",
        "DetectLabels",
        &["--image-bytes", "fileb:///i.png"],
        &fs,
    )
    .unwrap();
    let mut image = IndexMap::new();
    image.insert("Bytes".to_owned(), Value::Blob(b"\x89PNG".to_vec()));
    assert_eq!(parsed.input.get("Image"), Some(&Value::Map(image)));
}
