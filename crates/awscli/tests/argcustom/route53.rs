//! route53: resource ids given with their `/hostedzone/` or `/change/`
//! prefix are sent without it (botocore `fix_route53_ids`, which the CLI
//! relies on; `route53.py` itself only adds a note to help).

use awscli_test_support::CannedResponse;

use crate::util::assert_same_call;

#[test]
fn get_hosted_zone_strips_the_prefix() {
    assert_same_call(
        |_| {},
        &[
            "route53",
            "get-hosted-zone",
            "--id",
            "/hostedzone/Z123",
            "--query",
            "HostedZone.Id",
        ],
        &[CannedResponse::xml(
            r#"<GetHostedZoneResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><HostedZone><Id>/hostedzone/Z123</Id><Name>example.com.</Name><CallerReference>c</CallerReference></HostedZone></GetHostedZoneResponse>"#,
        )],
    );
}

#[test]
fn get_change_strips_the_prefix() {
    assert_same_call(
        |_| {},
        &[
            "route53",
            "get-change",
            "--id",
            "/change/C42",
            "--query",
            "ChangeInfo.Status",
        ],
        &[CannedResponse::xml(
            r#"<GetChangeResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeInfo><Id>/change/C42</Id><Status>INSYNC</Status><SubmittedAt>2024-01-01T00:00:00Z</SubmittedAt></ChangeInfo></GetChangeResponse>"#,
        )],
    );
}
