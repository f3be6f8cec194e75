//! ses `send-email --from --to --cc --bcc --subject --text --html`
//! (`sessendemail.py`).

use awscli_test_support::CannedResponse;

use crate::util::{assert_same_call, assert_same_refusal};

const SEND_EMAIL: &str = r#"<SendEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendEmailResult><MessageId>m-1</MessageId></SendEmailResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></SendEmailResponse>"#;

#[test]
fn send_email_simple_form() {
    assert_same_call(
        |_| {},
        &[
            "ses",
            "send-email",
            "--from",
            "a@example.com",
            "--to",
            "b@example.com",
            "c@example.com",
            "--cc",
            "d@example.com",
            "--bcc",
            "e@example.com",
            "--subject",
            "Hello",
            "--text",
            "Plain body",
            "--html",
            "<p>Body</p>",
        ],
        &[CannedResponse::xml(SEND_EMAIL)],
    );
}

#[test]
fn send_email_subject_with_message_structure() {
    assert_same_call(
        |_| {},
        &[
            "ses",
            "send-email",
            "--from",
            "a@example.com",
            "--destination",
            "ToAddresses=b@example.com",
            "--message",
            "Subject={Data=s},Body={Text={Data=t}}",
            "--subject",
            "Override",
        ],
        &[CannedResponse::xml(SEND_EMAIL)],
    );
}

#[test]
fn send_email_errors_match_the_reference() {
    for args in [
        &["ses", "send-email", "--to", "b@example.com"][..],
        &["ses", "send-email", "--from", "a@example.com", "--to"][..],
        &[
            "ses",
            "send-email",
            "--from",
            "a",
            "--destination",
            "ToAddresses=b",
            "--cc",
            "c",
        ][..],
        &[
            "ses",
            "send-email",
            "--from",
            "a",
            "--message",
            "Subject={Data=s},Body={Text={Data=t}}",
            "--html",
            "h",
        ][..],
    ] {
        assert_same_refusal(|_| {}, args);
    }
}
