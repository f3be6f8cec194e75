//! cloudsearch `define-expression --name --expression` and
//! `define-index-field --name --type --default-value ...` (`cloudsearch.py`
//! over `flatten.py`).

use awscli_test_support::CannedResponse;

use crate::util::{assert_same_call, assert_same_refusal};

const NS: &str = "http://cloudsearch.amazonaws.com/doc/2013-01-01/";

fn response(operation: &str) -> CannedResponse {
    CannedResponse::xml(format!(
        r#"<{operation}Response xmlns="{NS}"><{operation}Result></{operation}Result><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></{operation}Response>"#
    ))
}

#[test]
fn define_expression() {
    assert_same_call(
        |_| {},
        &[
            "cloudsearch",
            "define-expression",
            "--domain-name",
            "docs",
            "--name",
            "score",
            "--expression",
            "_score*2",
        ],
        &[response("DefineExpression")],
    );
}

#[test]
fn define_index_field_options_follow_the_type() {
    for extra in [
        &[
            "--type",
            "int",
            "--default-value",
            "10",
            "--facet-enabled",
            "true",
            "--sort-enabled",
            "False",
        ][..],
        &[
            "--type",
            "double",
            "--default-value",
            "1.5",
            "--source-field",
            "other",
        ][..],
        &[
            "--type",
            "text",
            "--highlight-enabled",
            "yes",
            "--analysis-scheme",
            "_en_default_",
        ][..],
        &["--type", "latlon", "--return-enabled", "true"][..],
    ] {
        let mut args = vec![
            "cloudsearch",
            "define-index-field",
            "--domain-name",
            "docs",
            "--name",
            "f",
        ];
        args.extend_from_slice(extra);
        assert_same_call(|_| {}, &args, &[response("DefineIndexField")]);
    }
}

#[test]
fn define_index_field_errors_match_the_reference() {
    for extra in [
        &["--name", "f"][..],
        &["--name", "f", "--type", "int", "--default-value", "x"][..],
        &[
            "--name",
            "f",
            "--index-field",
            "IndexFieldName=f,IndexFieldType=int",
        ][..],
        // Array options have SourceFields, not SourceField.
        &[
            "--name",
            "f",
            "--type",
            "double-array",
            "--source-field",
            "o",
        ][..],
    ] {
        let mut args = vec!["cloudsearch", "define-index-field", "--domain-name", "docs"];
        args.extend_from_slice(extra);
        assert_same_refusal(|_| {}, &args);
    }
}
