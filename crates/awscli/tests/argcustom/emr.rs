//! emr `add-tags --tags k=v` (`emr/addtags.py`) and `list-clusters
//! --cluster-states|--active|--terminated|--failed` (`emr/listclusters.py`).

use awscli_test_support::CannedResponse;

use crate::util::{assert_same_call, assert_same_refusal};

const JSON_11: &str = "application/x-amz-json-1.1";

#[test]
fn add_tags_key_value_words() {
    assert_same_call(
        |_| {},
        &[
            "emr",
            "add-tags",
            "--resource-id",
            "j-123",
            "--tags",
            "team=data",
            "empty",
            "a=b=c",
        ],
        &[CannedResponse::json(JSON_11, "{}")],
    );
}

fn list_clusters(extra: &[&str]) {
    let mut args = vec!["emr", "list-clusters"];
    args.extend_from_slice(extra);
    assert_same_call(
        |_| {},
        &args,
        &[CannedResponse::json(JSON_11, r#"{"Clusters": []}"#)],
    );
}

#[test]
fn list_clusters_state_filters() {
    list_clusters(&["--active"]);
    list_clusters(&["--terminated"]);
    list_clusters(&["--failed"]);
    list_clusters(&["--cluster-states", "RUNNING", "WAITING"]);
}

#[test]
fn list_clusters_two_state_filters_are_refused() {
    for extra in [
        &["--cluster-states", "RUNNING", "--failed"][..],
        &["--active", "--terminated"][..],
    ] {
        let mut args = vec!["emr", "list-clusters"];
        args.extend_from_slice(extra);
        assert_same_refusal(|_| {}, &args);
    }
}

#[test]
fn add_tags_needs_tags() {
    assert_same_refusal(|_| {}, &["emr", "add-tags", "--resource-id", "j-1"]);
}
