//! Members moved to arguments of their own, and commands split from one
//! operation: rds `add-option-to-option-group` /
//! `remove-option-from-option-group` (`rds.py`, both `ModifyOptionGroup`),
//! translate `import-terminology --data-file` (`translate.py`) and
//! configservice `put-configuration-recorder --recording-group`
//! (`configservice/putconfigurationrecorder.py`).

use awscli_test_support::{CannedResponse, Cli};

use crate::util::{assert_same_call, assert_same_refusal};

const MODIFY_OPTION_GROUP: &str = r#"<ModifyOptionGroupResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><ModifyOptionGroupResult><OptionGroup><OptionGroupName>og</OptionGroupName></OptionGroup></ModifyOptionGroupResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></ModifyOptionGroupResponse>"#;

#[test]
fn rds_add_option_to_option_group() {
    assert_same_call(
        |_| {},
        &[
            "rds",
            "add-option-to-option-group",
            "--option-group-name",
            "og",
            "--options",
            "OptionName=MEMCACHED,Port=11211",
            "--apply-immediately",
            "--query",
            "OptionGroup.OptionGroupName",
        ],
        &[CannedResponse::xml(MODIFY_OPTION_GROUP)],
    );
}

#[test]
fn rds_remove_option_from_option_group() {
    assert_same_call(
        |_| {},
        &[
            "rds",
            "remove-option-from-option-group",
            "--option-group-name",
            "og",
            "--options",
            "MEMCACHED",
            "TDE",
            "--query",
            "OptionGroup.OptionGroupName",
        ],
        &[CannedResponse::xml(MODIFY_OPTION_GROUP)],
    );
}

#[test]
fn rds_modify_option_group_and_the_other_side_are_gone() {
    for args in [
        &["rds", "modify-option-group", "--option-group-name", "og"][..],
        &[
            "rds",
            "add-option-to-option-group",
            "--option-group-name",
            "og",
            "--options-to-remove",
            "TDE",
        ][..],
    ] {
        assert_same_refusal(|_| {}, args);
    }
}

fn write_terminology(cli: &Cli) {
    cli.sandbox()
        .write("terms.csv", "en,fr\nhello,bonjour\n")
        .expect("writing terms.csv");
}

const JSON_11: &str = "application/x-amz-json-1.1";

#[test]
fn translate_import_terminology_data_file() {
    assert_same_call(
        write_terminology,
        &[
            "translate",
            "import-terminology",
            "--name",
            "t",
            "--merge-strategy",
            "OVERWRITE",
            "--data-file",
            "fileb://terms.csv",
            "--terminology-data",
            "Format=CSV",
            "--query",
            "TerminologyProperties.Name",
        ],
        &[CannedResponse::json(
            JSON_11,
            r#"{"TerminologyProperties": {"Name": "t"}}"#,
        )],
    );
}

#[test]
fn translate_import_terminology_errors_match_the_reference() {
    let base = [
        "translate",
        "import-terminology",
        "--name",
        "t",
        "--merge-strategy",
        "OVERWRITE",
    ];
    for extra in [
        &["--terminology-data", "Format=CSV"][..],
        &[
            "--data-file",
            "fileb://terms.csv",
            "--terminology-data",
            "Format=CSV,File=abc",
        ][..],
    ] {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        assert_same_refusal(write_terminology, &args);
    }
}

#[test]
fn configservice_put_configuration_recorder_recording_group() {
    assert_same_call(
        |_| {},
        &[
            "configservice",
            "put-configuration-recorder",
            "--configuration-recorder",
            "name=default,roleARN=arn:aws:iam::123456789012:role/config",
            "--recording-group",
            "allSupported=true,includeGlobalResourceTypes=true",
        ],
        &[CannedResponse::json(JSON_11, "{}")],
    );
}

#[test]
fn configservice_recording_group_as_json() {
    assert_same_call(
        |_| {},
        &[
            "configservice",
            "put-configuration-recorder",
            "--configuration-recorder",
            r#"{"name": "default", "roleARN": "arn:aws:iam::123456789012:role/config"}"#,
            "--recording-group",
            r#"{"allSupported": false, "resourceTypes": ["AWS::EC2::Instance"]}"#,
        ],
        &[CannedResponse::json(JSON_11, "{}")],
    );
}
