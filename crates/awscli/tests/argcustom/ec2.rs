//! ec2: `run-instances --count` and its scalar network options
//! (`ec2/addcount.py`, `ec2/runinstances.py`), the security-group rule
//! options (`ec2/secgroupsimplify.py`) and protocol names of network ACL
//! entries (`ec2/protocolarg.py`).

use awscli_test_support::CannedResponse;

use crate::util::{assert_same_call, assert_same_refusal, clis, help_option_names};

const RUN_INSTANCES: &str = r#"<RunInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId><reservationId>r-1</reservationId><ownerId>123456789012</ownerId><groupSet/><instancesSet/></RunInstancesResponse>"#;

fn run_instances(extra: &[&str]) {
    let mut args = vec![
        "ec2",
        "run-instances",
        "--image-id",
        "ami-12345678",
        "--query",
        "ReservationId",
        // Otherwise each CLI makes up its own idempotency token.
        "--client-token",
        "token-1",
    ];
    args.extend_from_slice(extra);
    assert_same_call(|_| {}, &args, &[CannedResponse::xml(RUN_INSTANCES)]);
}

fn no_files(_: &awscli_test_support::Cli) {}

#[test]
fn run_instances_without_count_launches_one() {
    run_instances(&[]);
}

#[test]
fn run_instances_count_single_number() {
    run_instances(&["--count", "3"]);
}

#[test]
fn run_instances_count_range() {
    run_instances(&["--count", "2:5"]);
}

#[test]
fn run_instances_cli_input_json_counts_win_over_defaults() {
    run_instances(&["--cli-input-json", r#"{"MinCount": 2, "MaxCount": 4}"#]);
}

#[test]
fn run_instances_secondary_addresses_move_subnet_and_groups_into_the_interface() {
    run_instances(&[
        "--subnet-id",
        "subnet-1",
        "--security-group-ids",
        "sg-1",
        "sg-2",
        "--secondary-private-ip-addresses",
        "10.0.0.6",
        "10.0.0.7",
        "--associate-public-ip-address",
    ]);
}

#[test]
fn run_instances_private_address_replaces_secondary_ones() {
    run_instances(&[
        "--private-ip-address",
        "10.0.0.5",
        "--secondary-private-ip-addresses",
        "10.0.0.6",
    ]);
}

#[test]
fn run_instances_secondary_count_and_no_public_address() {
    run_instances(&[
        "--secondary-private-ip-address-count",
        "2",
        "--no-associate-public-ip-address",
        "--ipv6-address-count",
        "1",
    ]);
}

#[test]
fn run_instances_no_public_address_with_network_interfaces() {
    run_instances(&[
        "--network-interfaces",
        "DeviceIndex=0,SubnetId=subnet-9",
        "--no-associate-public-ip-address",
    ]);
}

#[test]
fn run_instances_bad_count_is_the_reference_name_error() {
    for count in ["x", "1:2:3", "1:"] {
        assert_same_refusal(
            no_files,
            &[
                "ec2",
                "run-instances",
                "--image-id",
                "ami-1",
                "--count",
                count,
            ],
        );
    }
}

#[test]
fn run_instances_min_count_is_gone() {
    assert_same_refusal(
        no_files,
        &[
            "ec2",
            "run-instances",
            "--image-id",
            "ami-1",
            "--min-count",
            "1",
        ],
    );
}

#[test]
fn run_instances_mixing_network_interfaces_and_scalars_is_refused() {
    assert_same_refusal(
        no_files,
        &[
            "ec2",
            "run-instances",
            "--image-id",
            "ami-1",
            "--network-interfaces",
            "DeviceIndex=0",
            "--secondary-private-ip-address-count",
            "2",
        ],
    );
}

#[test]
fn run_instances_secondary_count_must_be_an_integer() {
    assert_same_refusal(
        no_files,
        &[
            "ec2",
            "run-instances",
            "--image-id",
            "ami-1",
            "--secondary-private-ip-address-count",
            "two",
        ],
    );
}

#[test]
fn run_instances_help_lists_the_added_options() {
    let (ours, reference) = clis();
    let expected = help_option_names(&reference, &["ec2", "run-instances"]);
    let actual = help_option_names(&ours, &["ec2", "run-instances"]);
    for name in [
        "--count",
        "--secondary-private-ip-addresses",
        "--secondary-private-ip-address-count",
        "--associate-public-ip-address",
    ] {
        assert!(expected.iter().any(|n| n == name), "reference lacks {name}");
        assert!(actual.iter().any(|n| n == name), "ours lacks {name}");
    }
    for name in ["--min-count", "--max-count"] {
        assert!(!expected.iter().any(|n| n == name));
        assert!(!actual.iter().any(|n| n == name));
    }
    // The added options come in the reference's order, after the members.
    let tail = |names: &[String]| -> Vec<String> {
        let at = names.iter().position(|n| n == "--count").expect("--count");
        names[at..at + 4].to_vec()
    };
    assert_eq!(tail(&expected), tail(&actual));
}

const AUTHORIZE_INGRESS: &str = r#"<AuthorizeSecurityGroupIngressResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId><return>true</return></AuthorizeSecurityGroupIngressResponse>"#;

fn security_group_call(operation: &str, extra: &[&str]) {
    let mut args = vec![
        "ec2",
        operation,
        "--group-id",
        "sg-12345678",
        "--query",
        "Return",
    ];
    args.extend_from_slice(extra);
    let body = AUTHORIZE_INGRESS.replace(
        "AuthorizeSecurityGroupIngressResponse",
        &format!(
            "{}Response",
            operation
                .split('-')
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                        .unwrap_or_default()
                })
                .collect::<String>()
        ),
    );
    assert_same_call(no_files, &args, &[CannedResponse::xml(body)]);
}

#[test]
fn authorize_ingress_tcp_port_and_cidr() {
    security_group_call(
        "authorize-security-group-ingress",
        &[
            "--protocol",
            "tcp",
            "--port",
            "22",
            "--cidr",
            "203.0.113.0/24",
        ],
    );
}

#[test]
fn authorize_ingress_port_range_and_source_group_name_with_owner() {
    security_group_call(
        "authorize-security-group-ingress",
        &[
            "--protocol",
            "udp",
            "--port",
            "1000-2000",
            "--source-group",
            "web",
            "--group-owner",
            "123456789012",
        ],
    );
}

#[test]
fn authorize_egress_all_protocols_and_ports() {
    security_group_call(
        "authorize-security-group-egress",
        &[
            "--protocol",
            "all",
            "--port",
            "all",
            "--source-group",
            "sg-87654321",
        ],
    );
}

#[test]
fn revoke_ingress_icmp_type_and_protocol_number() {
    security_group_call(
        "revoke-security-group-ingress",
        &["--protocol", "1", "--port", "-1", "--cidr", "0.0.0.0/0"],
    );
}

#[test]
fn revoke_egress_protocol_only() {
    security_group_call("revoke-security-group-egress", &["--protocol", "-1"]);
}

#[test]
fn security_group_option_errors_match_the_reference() {
    let base = [
        "ec2",
        "authorize-security-group-ingress",
        "--group-id",
        "sg-1",
    ];
    for extra in [
        &["--port", "1-x"][..],
        &["--port", "x"][..],
        &["--protocol", "foo"][..],
        &["--protocol", "300"][..],
        &["--protocol", "-2"][..],
        &["--cidr", "10.0.0.0/8", "--ip-permissions", "IpProtocol=tcp"][..],
        &["--group-owner", "1", "--ip-permissions", "IpProtocol=tcp"][..],
    ] {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        assert_same_refusal(no_files, &args);
    }
}

#[test]
fn authorize_ingress_help_lists_the_added_options_and_hides_the_replaced() {
    let (ours, reference) = clis();
    let args = ["ec2", "authorize-security-group-ingress"];
    let expected = help_option_names(&reference, &args);
    let actual = help_option_names(&ours, &args);
    // The members themselves moved between the two models (DryRun and
    // TagSpecifications swapped), so only the customization's part is
    // compared: the added options in order, the replaced ones hidden.
    let added = |names: &[String]| -> Vec<String> {
        let at = names
            .iter()
            .position(|n| n == "--protocol")
            .expect("--protocol");
        names[at..at + 5].to_vec()
    };
    assert_eq!(added(&expected), added(&actual));
    for hidden in [
        "--ip-protocol",
        "--from-port",
        "--to-port",
        "--cidr-ip",
        "--source-security-group-name",
        "--source-security-group-owner-id",
    ] {
        assert!(
            !expected.iter().any(|n| n == hidden),
            "reference shows {hidden}"
        );
        assert!(!actual.iter().any(|n| n == hidden), "ours shows {hidden}");
    }
}

#[test]
fn network_acl_entry_protocol_names_become_numbers() {
    for protocol in ["tcp", "udp", "icmp", "all", "47"] {
        assert_same_call(
            no_files,
            &[
                "ec2",
                "create-network-acl-entry",
                "--network-acl-id",
                "acl-1",
                "--rule-number",
                "100",
                "--protocol",
                protocol,
                "--rule-action",
                "allow",
                "--ingress",
                "--cidr-block",
                "10.0.0.0/8",
            ],
            &[CannedResponse::xml(
                r#"<CreateNetworkAclEntryResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId><return>true</return></CreateNetworkAclEntryResponse>"#,
            )],
        );
    }
}

const DESCRIBE_VOLUMES: &str = r#"<DescribeVolumesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId><volumeSet/></DescribeVolumesResponse>"#;

#[test]
fn describe_volumes_asks_for_pages_of_1000() {
    assert_same_call(
        no_files,
        &["ec2", "describe-volumes"],
        &[CannedResponse::xml(DESCRIBE_VOLUMES)],
    );
}

#[test]
fn describe_volumes_with_a_filter_keeps_the_service_page_size() {
    assert_same_call(
        no_files,
        &["ec2", "describe-volumes", "--filters", "Name=size,Values=8"],
        &[CannedResponse::xml(DESCRIBE_VOLUMES)],
    );
}

#[test]
fn describe_volumes_page_size_and_no_paginate_win() {
    for extra in [&["--page-size", "5"][..], &["--no-paginate"][..]] {
        let mut args = vec!["ec2", "describe-volumes"];
        args.extend_from_slice(extra);
        assert_same_call(no_files, &args, &[CannedResponse::xml(DESCRIBE_VOLUMES)]);
    }
}

#[test]
fn describe_snapshots_owned_by_self_asks_for_pages_of_1000() {
    assert_same_call(
        no_files,
        &["ec2", "describe-snapshots", "--owner-ids", "self"],
        &[CannedResponse::xml(
            r#"<DescribeSnapshotsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId><snapshotSet/></DescribeSnapshotsResponse>"#,
        )],
    );
}
